//! Response timestamps: `2020-03-17T14:13:37Z` and `2016-08-02T08:07:52+0000`,
//! both seen in Juspay's published samples. The text is always kept; it is
//! read with the `time` crate, HTTP dates with `httpdate`.

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// A timestamp as the server wrote it, read as a Unix time on request.
/// A text that cannot be read is kept as it is, so nothing is lost.
///
/// Read: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of up to 9 digits,
/// then `Z`, `+HH:MM` or `+HHMM` (RFC 3339, and the colon-less offset of the
/// samples); anything else is `None`.
///
/// ```
/// use juspay_customer::Timestamp;
/// let a = Timestamp::new("2020-03-17T14:13:37Z");
/// let b = Timestamp::new("2020-03-17T14:13:37+0000");
/// assert_eq!(a.unix_seconds(), b.unix_seconds());
/// assert_eq!(a.unix_seconds(), Some(1_584_454_417));
/// let odd = Timestamp::new("yesterday");
/// assert_eq!((odd.as_str(), odd.unix_seconds()), ("yesterday", None));
/// assert_eq!(Timestamp::from_unix_seconds(1_584_455_317).unwrap().as_str(), "2020-03-17T14:28:37Z");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
}

impl Timestamp {
    /// Keeps `text`; it is read when asked for ([`Timestamp::unix_seconds`]).
    pub fn new(text: impl Into<String>) -> Self {
        Timestamp { text: text.into() }
    }

    /// A Unix time written as `YYYY-MM-DDTHH:MM:SSZ`, the server's usual
    /// form; `None` outside the years 1 to 9999.
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        let time = OffsetDateTime::from_unix_timestamp(seconds).ok()?;
        (time.year() >= 1).then_some(())?;
        time.format(&Rfc3339).ok().map(Timestamp::new)
    }

    /// The text as the server wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since the Unix epoch (the fraction dropped), when the text
    /// can be read.
    pub fn unix_seconds(&self) -> Option<i64> {
        parse(&self.text).map(OffsetDateTime::unix_timestamp)
    }
}

/// The text read as RFC 3339, or with the samples' `+HHMM` offset.
fn parse(text: &str) -> Option<OffsetDateTime> {
    if let Ok(time) = OffsetDateTime::parse(text, &Rfc3339) {
        // RFC 3339 also allows a lowercase `t`/`z` and a space; the server
        // writes the uppercase letters, and a space is not its form.
        return text
            .as_bytes()
            .get(10)
            .is_some_and(|&b| b == b'T')
            .then_some(time);
    }
    let (local, offset) = text.split_at(text.len().checked_sub(5)?);
    let local = PrimitiveDateTime::parse(
        local,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"),
    )
    .ok()?;
    let offset = UtcOffset::parse(
        offset,
        format_description!("[offset_hour sign:mandatory][offset_minute]"),
    )
    .ok()?;
    Some(local.assume_offset(offset))
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The Unix time of an HTTP date (RFC 9110 section 5.6.7: the IMF-fixdate
/// form every current server sends, and the two obsolete forms a recipient
/// must also read), with `httpdate`.
pub(crate) fn http_date_unix_seconds(s: &str) -> Option<i64> {
    let time = httpdate::parse_http_date(s).ok()?;
    match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).ok(),
        Err(before) => i64::try_from(before.duration().as_secs()).ok().map(|s| -s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures are Python's `datetime.fromisoformat(text).timestamp()`.
    #[test]
    fn timestamps() {
        for (text, secs) in [
            ("2020-03-17T14:13:37Z", Some(1_584_454_417)),
            ("2020-03-17T14:28:37Z", Some(1_584_455_317)),
            ("2016-08-02T08:07:52+0000", Some(1_470_125_272)),
            ("2016-08-02T13:37:52+05:30", Some(1_470_125_272)),
            ("2016-08-02T13:37:52+0530", Some(1_470_125_272)),
            ("2016-08-02T03:07:52-0500", Some(1_470_125_272)),
            ("2016-08-02T08:07:52.250Z", Some(1_470_125_272)),
            ("2016-08-02T08:07:52.250+0000", Some(1_470_125_272)),
            ("1970-01-01T00:00:00Z", Some(0)),
            ("2024-02-29T00:00:00Z", Some(1_709_164_800)),
            ("2023-02-29T00:00:00Z", None),
            ("2020-13-01T00:00:00Z", None),
            ("2020-03-17 14:13:37Z", None),
            ("2020-03-17t14:13:37Z", None),
            ("2020-03-17T14:13:37", None),
            ("2020-03-17T14:13:37+000", None),
            ("2020-03-17T24:00:00Z", None),
            ("2020-03-17T14:13:37.Z", None),
            ("2020-03-17T14:13:37+2400", None),
            ("", None),
            ("2020-03-17T14:13:3é", None),
            ("é2020-03-17T14:13:37Z", None),
        ] {
            assert_eq!(Timestamp::new(text).unix_seconds(), secs, "{text}");
        }
    }

    /// One line a case; the figures are Python's `email.utils.parsedate_to_datetime`.
    #[test]
    fn http_dates() {
        for (text, secs) in [
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(784_111_777)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("Tue, 29 Feb 2000 12:00:00 GMT", Some(951_825_600)),
            ("Wed, 02 Dec 2026 03:00:00 GMT", Some(1_796_180_400)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", Some(784_111_777)),
            ("Sun Nov  6 08:49:37 1994", Some(784_111_777)),
            ("Sun, 29 Feb 1994 08:49:37 GMT", None),
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
            let t = Timestamp::from_unix_seconds(secs).unwrap();
            assert_eq!(t.unix_seconds(), Some(secs));
        }
        assert_eq!(Timestamp::from_unix_seconds(i64::MAX), None);
    }
}
