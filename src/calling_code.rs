//! Country calling codes (ITU-T E.164), as libphonenumber's metadata lists
//! them: which codes are assigned, and each region's code.
//!
//! The table is data, generated from Python's `phonenumbers` package (a port
//! of Google's libphonenumber) by `oracle/calling_codes.py` and checked
//! against it in CI (the file's head names the version it came from).
//!
//! ```
//! use juspay_customer::calling_code::{self, Country};
//! assert_eq!(Country::parse("in").unwrap().calling_code(), 91);
//! assert_eq!(Country::parse("CA").unwrap().calling_code(), 1);
//! assert!(Country::parse("XX").is_none());
//! assert!(calling_code::is_assigned("65"));
//! assert!(!calling_code::is_assigned("999"));
//! ```

mod national;
mod national_prefix;
mod table;

pub(crate) use national_prefix::National;

/// A country as an export's column or a form gives it: a region (ISO 3166-1
/// alpha-2, `IN`), or only a calling code (`91`, `+91`). With a region,
/// [`crate::Policy::normalize`] reads a national number's prefix by that
/// region's rules; with a code, by the code's main region's (`1`: the
/// United States'; `44`: the United Kingdom's), as libphonenumber does.
///
/// ```
/// use juspay_customer::calling_code::Country;
/// assert_eq!(Country::parse("fr").unwrap().calling_code(), 33);
/// assert_eq!(Country::parse("US").unwrap().calling_code(), 1);
/// assert_eq!(Country::parse(" +33 ").unwrap(), Country::parse("33").unwrap());
/// assert!(Country::parse("XX").is_none());
/// assert!(Country::parse("999").is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Country {
    code: u16,
    /// An index of `table::REGIONS`.
    region: Option<u16>,
}

impl Country {
    /// A region libphonenumber knows, in any case, or an assigned calling
    /// code with or without `+`; surrounding whitespace is trimmed.
    pub fn parse(text: &str) -> Option<Country> {
        let text = text.trim();
        if let Some(index) = region_index(text) {
            return Some(Country {
                code: table::REGION_CODES[index],
                region: u16::try_from(index).ok(),
            });
        }
        let digits = text.strip_prefix('+').unwrap_or(text);
        is_assigned(digits).then(|| Country {
            code: digits.parse().unwrap_or_default(),
            region: None,
        })
    }

    /// Its calling code (`IN` and `91`: 91; `US` and `CA`: 1).
    pub fn calling_code(&self) -> u16 {
        self.code
    }
}

/// The national prefixes by which a number sent with calling code `code`
/// is read: `country`'s region's when it is a region of that code, else the
/// code's main region's; `None` for a region without (or a non-geographic
/// code).
pub(crate) fn national(code: &str, country: Option<Country>) -> Option<National> {
    let code: u16 = code.parse().ok()?;
    let region = match country {
        Some(Country {
            code: c,
            region: Some(r),
        }) if c == code => usize::from(r),
        _ => {
            let at = table::ASSIGNED.binary_search(&code).ok()?;
            usize::from(national::MAIN_REGION[at])
        }
    };
    let start = usize::from(*national::NATIONAL_AT.get(region)?);
    let end = usize::from(*national::NATIONAL_AT.get(region + 1)?) - 1;
    let line = national::NATIONAL.get(start..end)?;
    (!line.is_empty()).then_some(National(line))
}

fn region_index(region: &str) -> Option<usize> {
    let key: [u8; 2] = region.as_bytes().try_into().ok()?;
    let key = key.map(|b| b.to_ascii_uppercase());
    table::REGIONS.chunks_exact(2).position(|r| r == key)
}

/// Whether `code` (ASCII digits, no `+`, no leading zero) is an assigned
/// country calling code.
pub fn is_assigned(code: &str) -> bool {
    if code.is_empty() || code.len() > 3 || code.starts_with('0') || !code.bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    code.parse::<u16>()
        .is_ok_and(|n| table::ASSIGNED.binary_search(&n).is_ok())
}

/// The assigned calling code `digits` starts with, as its length in digits
/// (codes are prefix-free, so at most one fits), or `None`.
pub(crate) fn prefix_of(digits: &str) -> Option<usize> {
    let run = digits.bytes().take_while(u8::is_ascii_digit).count();
    (1..=run.min(3)).find(|&n| digits.get(..n).is_some_and(is_assigned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_prefix_free() {
        assert!(table::ASSIGNED.windows(2).all(|w| w[0] < w[1]));
        let regions: Vec<&[u8]> = table::REGIONS.chunks_exact(2).collect();
        assert!(regions.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(regions.len(), table::REGION_CODES.len());
        for a in table::ASSIGNED {
            for b in table::ASSIGNED {
                let (a, b) = (a.to_string(), b.to_string());
                assert!(a == b || !b.starts_with(&a), "{a} is a prefix of {b}");
            }
        }
        // Every region's code is an assigned one.
        for code in table::REGION_CODES {
            assert!(is_assigned(&code.to_string()), "{code}");
        }
    }

    /// Cases worked by hand from libphonenumber's metadata (the oracle test
    /// checks every region against phonenumbers itself).
    #[test]
    fn national_prefixes() {
        let strip = |region: &str, digits: &str| {
            let country = Country::parse(region).unwrap();
            national(&country.calling_code().to_string(), Some(country)).and_then(|n| n.strip(digits))
        };
        // France: `0`, nine digits after it.
        assert_eq!(strip("FR", "0612345629").as_deref(), Some("612345629"));
        assert_eq!(strip("FR", "612345629"), None);
        // Belarus: `0|80?`, so `80` before `0`.
        assert_eq!(strip("BY", "80294911911").as_deref(), Some("294911911"));
        // Argentina: `0 11 15` then the number becomes `9 11` then it.
        assert_eq!(strip("AR", "0111523456789").as_deref(), Some("91123456789"));
        // Antigua: a seven-digit local number gets its area code, 268.
        assert_eq!(strip("AG", "4641234").as_deref(), Some("2684641234"));
        assert_eq!(strip("AG", "12684641234").as_deref(), Some("2684641234"));
        // Italy keeps its leading 0: it has no national prefix.
        assert_eq!(strip("IT", "0212345678"), None);
        // Too short after the prefix: left as it is.
        assert_eq!(strip("FR", "0612"), None);
        // Eleven digits after the `8` in Russia, between its possible
        // lengths (10 and 14): left as libphonenumber leaves it.
        assert_eq!(strip("RU", "889123456789"), None);
        assert_eq!(strip("RU", "89123456789").as_deref(), Some("9123456789"));
        // What is left would read as international dialling: left as typed.
        assert_eq!(strip("US", "10010100000"), None);
        // The code's main region: 44 is GB, 1 is US.
        assert_eq!(
            national("44", None)
                .and_then(|n| n.strip("07400123456"))
                .as_deref(),
            Some("7400123456")
        );
        assert!(national("800", None).is_none());
        // A region of another code is not used for this one.
        let fr = Country::parse("FR");
        assert_eq!(
            national("44", fr).and_then(|n| n.strip("07400123456")).as_deref(),
            Some("7400123456")
        );
    }

    #[test]
    fn regions_and_prefixes() {
        let cases = [
            ("IN", Some("91")),
            ("sg", Some("65")),
            ("Us", Some("1")),
            ("GB", Some("44")),
            ("XX", None),
            ("IND", None),
            ("", None),
            ("I", None),
        ];
        for (region, code) in cases {
            assert_eq!(
                region_index(region)
                    .map(|i| table::REGION_CODES[i].to_string())
                    .as_deref(),
                code,
                "{region}"
            );
        }
        let prefixes = [
            ("919876543210", Some(2)),
            ("14155550100", Some(1)),
            ("8001234", Some(3)),
            ("999", None),
            ("0", None),
            ("", None),
            ("2", None),
            ("2\u{e9}", None),
            ("1\u{e9}", Some(1)),
        ];
        for (digits, n) in prefixes {
            assert_eq!(prefix_of(digits), n, "{digits}");
        }
    }
}
