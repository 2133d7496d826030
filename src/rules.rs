//! The documented field rules as allocation-free byte loops.
//!
//! Each `check_*` function looks at one present, non-empty-or-empty value and
//! returns the first [`Reason`] it fails for. Order of checks within a field:
//! emptiness, characters (first bad one), email structure, then length.
//! Lengths count Unicode scalar values, not bytes.
//!
//! ```
//! use juspay_customer::{rules, Reason};
//! assert_eq!(rules::check_mobile_number("99887766"), Ok(()));
//! assert_eq!(
//!     rules::check_mobile_number("9988-7766"),
//!     Err(Reason::NotADigit { ch: '-', position: 5 })
//! );
//! ```

use crate::error::{Edge, EmailPart, Reason};

/// `object_reference_id`: the least number of characters.
pub const OBJECT_REFERENCE_ID_MIN: usize = 8;
/// `object_reference_id`: the greatest number of characters.
pub const OBJECT_REFERENCE_ID_MAX: usize = 255;
/// `mobile_number`: the greatest number of digits.
pub const MOBILE_NUMBER_MAX: usize = 300;
/// `email_address`: the greatest number of characters.
pub const EMAIL_ADDRESS_MAX: usize = 300;
/// `first_name` and `last_name`: the greatest number of characters.
pub const NAME_MAX: usize = 255;
/// `mobile_country_code`: the greatest number of digits.
pub const MOBILE_COUNTRY_CODE_MAX: usize = 64;
/// The country code sent when none is given (India).
pub const DEFAULT_MOBILE_COUNTRY_CODE: &str = "91";

/// Byte classes for the ASCII-only fields.
const NAME: u8 = 1;
const EMAIL: u8 = 2;
const AT: u8 = 4;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = NAME | EMAIL;
        }
        b += 1;
    }
    let name_specials = b"().-_";
    let mut i = 0;
    while i < name_specials.len() {
        t[name_specials[i] as usize] |= NAME;
        i += 1;
    }
    let email_specials = b"!#$%&'*+-/=?^_.{|}~`";
    let mut i = 0;
    while i < email_specials.len() {
        t[email_specials[i] as usize] |= EMAIL;
        i += 1;
    }
    t[b'@' as usize] = AT;
    t
};

/// Number of Unicode scalar values in `s`, counted without decoding.
#[inline]
pub(crate) fn char_count(s: &str) -> usize {
    s.as_bytes().iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The character starting at byte `i` and its 1-based character position.
#[cold]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let ch = s[i..].chars().next().unwrap_or('\u{FFFD}');
    (ch, char_count(&s[..i]) + 1)
}

/// `object_reference_id`: 8 to 255 characters, any characters.
///
/// # Errors
/// [`Reason::Empty`] for `""`, [`Reason::TooShort`] below 8 characters,
/// [`Reason::TooLong`] above 255.
pub fn check_object_reference_id(s: &str) -> Result<(), Reason> {
    if s.is_empty() {
        return Err(Reason::Empty);
    }
    // Characters never outnumber bytes, and are at least a quarter of them.
    if s.len() >= OBJECT_REFERENCE_ID_MIN && s.len() <= OBJECT_REFERENCE_ID_MAX && s.is_ascii() {
        return Ok(());
    }
    let n = char_count(s);
    if n < OBJECT_REFERENCE_ID_MIN {
        Err(Reason::TooShort {
            min: OBJECT_REFERENCE_ID_MIN,
            actual: n,
        })
    } else if n > OBJECT_REFERENCE_ID_MAX {
        Err(Reason::TooLong {
            max: OBJECT_REFERENCE_ID_MAX,
            actual: n,
        })
    } else {
        Ok(())
    }
}

/// ASCII digits only, 1 to `max` of them.
fn check_digits(s: &str, max: usize) -> Result<(), Reason> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(Reason::Empty);
    }
    // Branch-free fold over the bytes; find the culprit only on failure.
    let bad = bytes
        .iter()
        .fold(0u8, |acc, &b| acc | (b.wrapping_sub(b'0') > 9) as u8);
    if bad != 0 {
        let i = bytes.iter().position(|b| !b.is_ascii_digit()).unwrap_or(0);
        let (ch, position) = char_at(s, i);
        return Err(Reason::NotADigit { ch, position });
    }
    if bytes.len() > max {
        return Err(Reason::TooLong {
            max,
            actual: bytes.len(),
        });
    }
    Ok(())
}

/// `mobile_number`: ASCII digits `0`-`9` only, 1 to 300 of them.
///
/// # Errors
/// [`Reason::Empty`] for `""`, [`Reason::NotADigit`] for `"+9199"`, `"99 88"`,
/// `"٩٩"` (Arabic-Indic digits), [`Reason::TooLong`] above 300 digits.
pub fn check_mobile_number(s: &str) -> Result<(), Reason> {
    check_digits(s, MOBILE_NUMBER_MAX)
}

/// `mobile_country_code`: ASCII digits only, 1 to 64 of them.
///
/// # Errors
/// [`Reason::Empty`] for `""`, [`Reason::NotADigit`] for `"+65"`,
/// [`Reason::TooLong`] above 64 digits.
pub fn check_mobile_country_code(s: &str) -> Result<(), Reason> {
    check_digits(s, MOBILE_COUNTRY_CODE_MAX)
}

/// `first_name` / `last_name`: at most 255 characters, each an ASCII letter,
/// digit or one of `( ) . - _`.
///
/// # Errors
/// [`Reason::Empty`] for `""`, [`Reason::ForbiddenCharacter`] for `"Mary Ann"`,
/// `"O'Brien"`, `"José"`, [`Reason::TooLong`] above 255 characters.
pub fn check_name(s: &str) -> Result<(), Reason> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(Reason::Empty);
    }
    let ok = bytes.iter().fold(NAME, |acc, &b| acc & CLASS[b as usize]);
    if ok == 0 {
        let i = bytes
            .iter()
            .position(|&b| CLASS[b as usize] & NAME == 0)
            .unwrap_or(0);
        let (ch, position) = char_at(s, i);
        return Err(Reason::ForbiddenCharacter { ch, position });
    }
    if bytes.len() > NAME_MAX {
        return Err(Reason::TooLong {
            max: NAME_MAX,
            actual: bytes.len(),
        });
    }
    Ok(())
}

/// `email_address`: at most 300 characters; exactly one `@` with a non-empty
/// part on each side; every other character an ASCII letter, digit or one of
/// ``!#$%&'*+-/=?^_.{|}~` ``; neither part starts or ends with `.` or `_`.
///
/// # Errors
/// [`Reason::Empty`] for `""`, [`Reason::ForbiddenCharacter`] for
/// `"a b@x.com"`, [`Reason::MissingAt`] for `"ax.com"`,
/// [`Reason::MultipleAt`] for `"a@b@c"`, [`Reason::EmptyLocalPart`] for
/// `"@x.com"`, [`Reason::EmptyDomainPart`] for `"a@"`,
/// [`Reason::EdgeCharacter`] for `".a@x.com"` or `"a@x.com_"`,
/// [`Reason::TooLong`] above 300 characters.
pub fn check_email_address(s: &str) -> Result<(), Reason> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(Reason::Empty);
    }
    let mut at: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        let class = CLASS[b as usize];
        if class & EMAIL != 0 {
            continue;
        }
        if class == AT {
            if at.is_some() {
                // Everything before is ASCII, so byte index + 1 is the position.
                return Err(Reason::MultipleAt { position: i + 1 });
            }
            at = Some(i);
            continue;
        }
        let (ch, position) = char_at(s, i);
        return Err(Reason::ForbiddenCharacter { ch, position });
    }
    let Some(at) = at else {
        return Err(Reason::MissingAt);
    };
    let (local, domain) = (&bytes[..at], &bytes[at + 1..]);
    if local.is_empty() {
        return Err(Reason::EmptyLocalPart);
    }
    if domain.is_empty() {
        return Err(Reason::EmptyDomainPart);
    }
    for (part, side) in [(local, EmailPart::Local), (domain, EmailPart::Domain)] {
        for (b, edge) in [(part[0], Edge::Start), (part[part.len() - 1], Edge::End)] {
            if b == b'.' || b == b'_' {
                return Err(Reason::EdgeCharacter {
                    ch: b as char,
                    part: side,
                    edge,
                });
            }
        }
    }
    if bytes.len() > EMAIL_ADDRESS_MAX {
        return Err(Reason::TooLong {
            max: EMAIL_ADDRESS_MAX,
            actual: bytes.len(),
        });
    }
    Ok(())
}

/// `options.get_client_auth_token` in a form body: exactly `true` or `false`.
///
/// # Errors
/// [`Reason::NotABoolean`] for anything else (`"TRUE"`, `"1"`, `"yes"`).
pub fn parse_form_bool(s: &str) -> Result<bool, Reason> {
    match s {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Reason::NotABoolean),
    }
}
