//! Response timestamps: `2020-03-17T14:13:37Z` and `2016-08-02T08:07:52+0000`,
//! both seen in Juspay's published samples. The text is always kept.

use std::fmt;

/// A date and time with its UTC offset, read from a timestamp.
///
/// Exhaustive: these are all the parts a timestamp has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Year, e.g. 2020.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// Second, 0 to 59.
    pub second: u8,
    /// Fraction of the second in nanoseconds.
    pub nanosecond: u32,
    /// Offset from UTC in minutes (`Z` and `+0000` are 0).
    pub offset_minutes: i16,
}

/// The number the ASCII digits `b[r]` spell; `None` if any is not a digit
/// or the range is out of bounds. At most 9 digits are asked for (a
/// fraction of a second), which a `u32` holds.
fn ascii_number(b: &[u8], r: std::ops::Range<usize>) -> Option<u32> {
    b.get(r)?.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl DateTime {
    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), i64::from(self.month), i64::from(self.day));
        days * 86_400 + i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }

    /// The UTC date and time of a Unix time, with no fraction.
    pub fn from_unix_seconds(secs: i64) -> DateTime {
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        DateTime {
            year: year as i32,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
            nanosecond: 0,
            offset_minutes: 0,
        }
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HHMM|+HH:MM|-HHMM|-HH:MM)`.
    pub fn parse(s: &str) -> Option<DateTime> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| ascii_number(b, r);
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let dt = DateTime {
            year: num(0..4)? as i32,
            month: num(5..7)? as u8,
            day: num(8..10)? as u8,
            hour: num(11..13)? as u8,
            minute: num(14..16)? as u8,
            second: num(17..19)? as u8,
            nanosecond: 0,
            offset_minutes: 0,
        };
        let mut i = 19;
        let mut nanosecond = 0;
        if b[i] == b'.' {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 || digits > 9 {
                return None;
            }
            nanosecond = num(i + 1..i + 1 + digits)? * 10u32.pow((9 - digits) as u32);
            i += 1 + digits;
        }
        let offset_minutes = match &b[i..] {
            b"Z" => 0,
            [sign @ (b'+' | b'-'), rest @ ..] => {
                let (h, m) = match rest {
                    [_, _, _, _] => (num(i + 1..i + 3)?, num(i + 3..i + 5)?),
                    [_, _, b':', _, _] => (num(i + 1..i + 3)?, num(i + 4..i + 6)?),
                    _ => return None,
                };
                if h > 23 || m > 59 {
                    return None;
                }
                let off = (h * 60 + m) as i16;
                if *sign == b'-' {
                    -off
                } else {
                    off
                }
            }
            _ => return None,
        };
        let valid = (1..=12).contains(&dt.month)
            && dt.day >= 1
            && dt.day <= days_in_month(dt.year, dt.month)
            && dt.hour < 24
            && dt.minute < 60
            && dt.second < 60;
        valid.then_some(DateTime {
            nanosecond,
            offset_minutes,
            ..dt
        })
    }
}

impl fmt::Display for DateTime {
    /// `YYYY-MM-DDTHH:MM:SS`, a fraction if any, then `Z` or `+HH:MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.nanosecond != 0 {
            let frac = format!("{:09}", self.nanosecond);
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        if self.offset_minutes == 0 {
            f.write_str("Z")
        } else {
            let sign = if self.offset_minutes < 0 { '-' } else { '+' };
            let m = self.offset_minutes.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
        }
    }
}

/// A timestamp as the server wrote it, read into a [`DateTime`] on request.
/// A text that cannot be read is kept as it is, so nothing is lost.
///
/// ```
/// use juspay_customer::Timestamp;
/// let a = Timestamp::new("2020-03-17T14:13:37Z");
/// let b = Timestamp::new("2020-03-17T14:13:37+0000");
/// assert_eq!(a.parsed().map(|d| d.unix_seconds()), b.parsed().map(|d| d.unix_seconds()));
/// assert_eq!(a.parsed().map(|d| d.unix_seconds()), Some(1_584_454_417));
/// let odd = Timestamp::new("yesterday");
/// assert_eq!((odd.as_str(), odd.parsed()), ("yesterday", None));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
}

impl Timestamp {
    /// Keeps `text`; it is read when asked for ([`Timestamp::parsed`]).
    pub fn new(text: impl Into<String>) -> Self {
        Timestamp { text: text.into() }
    }

    /// The text as the server wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date and time, when the text can be read.
    pub fn parsed(&self) -> Option<DateTime> {
        DateTime::parse(&self.text)
    }
}

impl From<DateTime> for Timestamp {
    /// The time written as `YYYY-MM-DDTHH:MM:SSZ`, the server's usual form.
    fn from(time: DateTime) -> Self {
        Timestamp::new(time.to_string())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The Unix time of an HTTP date in the IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 section 5.6.7), the form every
/// current server sends; the two obsolete forms are not read (a caller falls
/// back to its own delay).
pub(crate) fn http_date_unix_seconds(s: &str) -> Option<i64> {
    const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
    ];
    let b = s.as_bytes();
    if b.len() != 29
        || &b[3..5] != b", "
        || b[7] != b' '
        || b[11] != b' '
        || b[16] != b' '
        || &b[25..] != b" GMT"
    {
        return None;
    }
    if b[19] != b':' || b[22] != b':' || !DAYS.contains(&&b[0..3]) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| ascii_number(b, r).map(i64::from);
    let month = MONTHS.iter().position(|m| *m == &b[8..11])? as u8 + 1;
    let (day, year) = (num(5..7)?, num(12..16)?);
    let (hour, minute, second) = (num(17..19)?, num(20..22)?, num(23..25)?);
    if day < 1
        || day > i64::from(days_in_month(year as i32, month))
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_from_civil(year, i64::from(month), day) * 86_400 + hour * 3600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! ts_cases {
        ($($text:expr => $secs:expr,)*) => {
            #[test]
            fn timestamps() {
                $(assert_eq!(Timestamp::new($text).parsed().map(|d| d.unix_seconds()), $secs, "{}", $text);)*
            }
        };
    }

    ts_cases! {
        "2020-03-17T14:13:37Z" => Some(1_584_454_417),
        "2020-03-17T14:28:37Z" => Some(1_584_455_317),
        "2016-08-02T08:07:52+0000" => Some(1_470_125_272),
        "2016-08-02T13:37:52+05:30" => Some(1_470_125_272),
        "2016-08-02T08:07:52.250Z" => Some(1_470_125_272),
        "1970-01-01T00:00:00Z" => Some(0),
        "2024-02-29T00:00:00Z" => Some(1_709_164_800),
        "2023-02-29T00:00:00Z" => None,
        "2020-13-01T00:00:00Z" => None,
        "2020-03-17 14:13:37Z" => None,
        "2020-03-17T14:13:37" => None,
        "2020-03-17T14:13:37+000" => None,
        "2020-03-17T24:00:00Z" => None,
        "2020-03-17T14:13:37.Z" => None,
        "" => None,
        "2020-03-17T14:13:3é" => None,
    }

    /// One line a case; the figures are Python's `email.utils.parsedate_to_datetime`.
    #[test]
    fn http_dates() {
        for (text, secs) in [
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(784_111_777)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("Tue, 29 Feb 2000 12:00:00 GMT", Some(951_825_600)),
            ("Wed, 02 Dec 2026 03:00:00 GMT", Some(1_796_180_400)),
            ("Sun, 29 Feb 1994 08:49:37 GMT", None),
            ("Sunday, 06-Nov-94 08:49:37 GMT", None),
            ("Sun Nov  6 08:49:37 1994", None),
            ("Sun, 06 Nov 1994 08:49:37 UTC", None),
            ("Sun, 06 Foo 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 24:49:37 GMT", None),
            ("Sun, 06 Nov 1994 08:49:3x GMT", None),
            ("Xyz, 06 Nov 1994 08:49:37 GMT", None),
            ("", None),
        ] {
            assert_eq!(http_date_unix_seconds(text), secs, "{text}");
        }
    }

    #[test]
    fn unix_round_trip() {
        for secs in [0, 1_584_454_417, 951_782_400, -86_400, 4_102_444_800] {
            let t = Timestamp::from(DateTime::from_unix_seconds(secs));
            assert_eq!(t.parsed().map(|d| d.unix_seconds()), Some(secs));
            assert_eq!(Timestamp::new(t.as_str()), t);
        }
        assert_eq!(
            Timestamp::from(DateTime::from_unix_seconds(1_584_455_317)).as_str(),
            "2020-03-17T14:28:37Z"
        );
    }
}
