//! The documented field rules: their limits and character sets as
//! constants (which the generated documents and the WebAssembly `rules()`
//! read), and the checks as allocation-free byte loops behind
//! [`crate::CustomerInput::validate`] and [`crate::FieldValue::check`].
//!
//! Each check looks at one present value and returns the first [`Reason`] it
//! fails for. Order of checks within a field: emptiness, characters (first
//! bad one), email structure, then length. Lengths count Unicode scalar
//! values, not bytes.
//!
//! ```
//! use juspay_customer::{Field, FieldValue, Reason};
//! assert_eq!(FieldValue::from("99887766").check(Field::MobileNumber), Ok(()));
//! assert_eq!(
//!     FieldValue::from("9988-7766").check(Field::MobileNumber),
//!     Err(Reason::NotADigit { ch: '-', position: 5 })
//! );
//! ```

use crate::error::{Edge, EmailPart, Reason};
use crate::field::Field;

/// `object_reference_id`: the least number of characters.
pub const OBJECT_REFERENCE_ID_MIN: usize = 8;
/// `mobile_number`: the least number of digits (an empty value is [`Reason::Empty`]).
pub const MOBILE_NUMBER_MIN: usize = 1;
/// `email_address`: the least number of characters, one on each side of the `@`.
pub const EMAIL_ADDRESS_MIN: usize = 3;
/// `first_name` and `last_name`: the least number of characters of a present
/// value (an empty one is absent).
pub const NAME_MIN: usize = 1;
/// `mobile_country_code`: the least number of digits of a present value (an
/// empty one is absent).
pub const MOBILE_COUNTRY_CODE_MIN: usize = 1;
/// The characters of `mobile_number` and `mobile_country_code`.
pub const DIGITS: &str = "0123456789";
/// The ASCII letters and digits, which names and email addresses allow
/// besides their specials.
pub const ASCII_ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
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
/// `first_name` and `last_name`: the characters allowed besides ASCII
/// letters and digits.
pub const NAME_SPECIALS: &str = "().-_";
/// `email_address`: the characters allowed besides ASCII letters, digits
/// and the one `@`, as the *Create Customer API* field descriptions list
/// them (backtick included).
pub const EMAIL_SPECIALS: &str = "!#$%&'*+-/=?^_.{|}~`";
/// `email_address`: the characters neither part may start or end with.
pub const EMAIL_EDGE_FORBIDDEN: &str = "._";

/// `object_reference_id`: the greatest number of characters Juspay's
/// published server code accepts (the docs allow 255).
pub const SERVER_OBJECT_REFERENCE_ID_MAX: usize = 128;
/// `mobile_number`: the greatest number of digits Juspay's published server
/// code accepts (the docs allow 300).
pub const SERVER_MOBILE_NUMBER_MAX: usize = 16;
/// `email_address`: the greatest number of characters Juspay's published
/// server code accepts (the docs allow 300).
pub const SERVER_EMAIL_ADDRESS_MAX: usize = 128;
/// `first_name` and `last_name`: the greatest number of characters Juspay's
/// published server code accepts (the docs allow 255).
pub const SERVER_NAME_MAX: usize = 64;

/// The greatest length Juspay's published server code accepts for `field`,
/// where it is below the docs' limit; `None` where the docs' limit is the
/// only one.
///
/// Juspay's open-source backend (the Haskell module
/// `Euler.API.Validators.Customer`, which quotes the Grails constraints of
/// its `Customer` domain class) limits `object_reference_id` to 1..128
/// characters, `mobile_number` to 16 digits, `email_address` to 128 and
/// the names to 64. The docs are the contract and stay the rules: a longer
/// value gets a warning, or a refusal under [`crate::Policy::strict`].
///
/// ```
/// use juspay_customer::{rules, Field};
/// assert_eq!(rules::server_limit(Field::MobileNumber), Some(16));
/// assert_eq!(rules::server_limit(Field::MobileCountryCode), None);
/// ```
pub const fn server_limit(field: Field) -> Option<usize> {
    match field {
        Field::ObjectReferenceId => Some(SERVER_OBJECT_REFERENCE_ID_MAX),
        Field::MobileNumber => Some(SERVER_MOBILE_NUMBER_MAX),
        Field::EmailAddress => Some(SERVER_EMAIL_ADDRESS_MAX),
        Field::FirstName | Field::LastName => Some(SERVER_NAME_MAX),
        Field::MobileCountryCode | Field::GetClientAuthToken => None,
    }
}

/// Byte classes for the ASCII-only fields.
const NAME: u8 = 1;
const EMAIL: u8 = 2;
const AT: u8 = 4;
/// A byte of `EMAIL_EDGE_FORBIDDEN`: no part of an email may start or end with it.
const EDGE: u8 = 8;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let alphanumeric = ASCII_ALPHANUMERIC.as_bytes();
    let mut i = 0;
    while i < alphanumeric.len() {
        t[alphanumeric[i] as usize] = NAME | EMAIL;
        i += 1;
    }
    let name_specials = NAME_SPECIALS.as_bytes();
    let mut i = 0;
    while i < name_specials.len() {
        t[name_specials[i] as usize] |= NAME;
        i += 1;
    }
    let email_specials = EMAIL_SPECIALS.as_bytes();
    let mut i = 0;
    while i < email_specials.len() {
        t[email_specials[i] as usize] |= EMAIL;
        i += 1;
    }
    t[b'@' as usize] = AT;
    let edge = EMAIL_EDGE_FORBIDDEN.as_bytes();
    let mut i = 0;
    while i < edge.len() {
        t[edge[i] as usize] |= EDGE;
        i += 1;
    }
    t
};

/// `lo <= b <= hi`, written so that a fold over bytes vectorises.
#[inline(always)]
fn within(b: u8, lo: u8, hi: u8) -> bool {
    b.wrapping_sub(lo) <= hi - lo
}

/// A `first_name` / `last_name` byte: ASCII letter, digit or `( ) . - _`,
/// as ranges joined with `|` so that folds vectorise. Agrees with `CLASS`
/// (tested).
#[inline(always)]
fn name_byte(b: u8) -> bool {
    within(b, b'(', b')')
        | within(b, b'-', b'.')
        | within(b, b'0', b'9')
        | within(b, b'A', b'Z')
        | (b == b'_')
        | within(b, b'a', b'z')
}

/// An email byte or `@`. In ASCII order the allowed bytes are `!`, `#`-`'`,
/// `*`-`+`, `-`-`9`, `=`, `?`-`Z` (`@` among them) and `^`-`~`. Agrees with
/// `CLASS` (tested).
#[inline(always)]
fn email_or_at_byte(b: u8) -> bool {
    (b == b'!')
        | within(b, b'#', b'\'')
        | within(b, b'*', b'+')
        | within(b, b'-', b'9')
        | (b == b'=')
        | within(b, b'?', b'Z')
        | within(b, b'^', b'~')
}

/// Below this many bytes a table lookup per byte beats vector set-up.
const SHORT: usize = 32;

/// Whether every byte is in `class` (a `CLASS` bit), for long inputs in
/// 32-byte blocks that the compiler vectorises with `fast`.
#[inline(always)]
fn all_in(bytes: &[u8], class: u8, fast: impl Fn(u8) -> bool + Copy) -> bool {
    let mut blocks = bytes.chunks_exact(SHORT);
    blocks
        .by_ref()
        .all(|block| block.iter().fold(0u8, |bad, &b| bad | u8::from(!fast(b))) == 0)
        && blocks.remainder().iter().all(|&b| CLASS[b as usize] & class != 0)
}

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
#[inline]
pub(crate) fn check_object_reference_id(s: &str) -> Result<(), Reason> {
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
#[inline]
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
#[inline]
pub(crate) fn check_mobile_number(s: &str) -> Result<(), Reason> {
    check_digits(s, MOBILE_NUMBER_MAX)
}

/// `mobile_country_code`: ASCII digits only, 1 to 64 of them.
///
/// # Errors
/// [`Reason::Empty`] for `""`, [`Reason::NotADigit`] for `"+65"`,
/// [`Reason::TooLong`] above 64 digits.
#[inline]
pub(crate) fn check_mobile_country_code(s: &str) -> Result<(), Reason> {
    check_digits(s, MOBILE_COUNTRY_CODE_MAX)
}

/// `first_name` / `last_name`: at most 255 characters, each an ASCII letter,
/// digit or one of `( ) . - _`.
///
/// # Errors
/// [`Reason::Empty`] for `""`, [`Reason::ForbiddenCharacter`] for `"Mary Ann"`,
/// `"O'Brien"`, `"José"`, [`Reason::TooLong`] above 255 characters.
#[inline]
pub(crate) fn check_name(s: &str) -> Result<(), Reason> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(Reason::Empty);
    }
    if !all_in(bytes, NAME, name_byte) {
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
#[inline]
pub(crate) fn check_email_address(s: &str) -> Result<(), Reason> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(Reason::Empty);
    }
    let at = if bytes.len() < SHORT {
        // Letters, digits and specials fall through; the first other byte
        // must be the '@', and nothing after it may be another other byte.
        // Anything else leaves for the (cold) error path.
        let plain = |b: &u8| CLASS[*b as usize] & EMAIL != 0;
        match bytes.iter().position(|b| !plain(b)) {
            None => None,
            Some(i) if bytes[i] == b'@' && bytes[i + 1..].iter().all(plain) => Some(i),
            Some(_) => return Err(email_char_error(s)),
        }
    } else {
        // Long addresses: a vectorised pass for the character set, then
        // memchr-based searches for the '@' and a second one.
        if !all_in(bytes, EMAIL | AT, email_or_at_byte) {
            return Err(email_char_error(s));
        }
        let at = bytes.iter().position(|&b| b == b'@');
        if let Some(at) = at {
            if bytes[at + 1..].contains(&b'@') {
                return Err(email_char_error(s));
            }
        }
        at
    };
    let Some(at) = at else {
        return Err(Reason::MissingAt);
    };
    let last = bytes.len() - 1;
    if at == 0 {
        return Err(Reason::EmptyLocalPart);
    }
    if at == last {
        return Err(Reason::EmptyDomainPart);
    }
    // One table lookup each (a `contains` on the two-byte set was a call
    // each, some 50 instructions of a typical address's 180).
    let edge = |i: usize| CLASS[bytes[i] as usize] & EDGE != 0;
    if edge(0) | edge(at - 1) | edge(at + 1) | edge(last) {
        return Err(email_edge_error(bytes, at));
    }
    if bytes.len() > EMAIL_ADDRESS_MAX {
        return Err(Reason::TooLong {
            max: EMAIL_ADDRESS_MAX,
            actual: bytes.len(),
        });
    }
    Ok(())
}

/// Checks one field's present text against its rule, as a form handler does
/// when a single input changes. `options.get_client_auth_token` takes
/// `true` or `false`.
///
/// # Errors
/// As the field's own `check_*` function.
#[inline]
pub(crate) fn check_field(field: Field, value: &str) -> Result<(), Reason> {
    match field {
        Field::ObjectReferenceId => check_object_reference_id(value),
        Field::MobileNumber => check_mobile_number(value),
        Field::EmailAddress => check_email_address(value),
        Field::FirstName | Field::LastName => check_name(value),
        Field::MobileCountryCode => check_mobile_country_code(value),
        Field::GetClientAuthToken => parse_form_bool(value).map(|_| ()),
    }
}

/// The rule of `field` in words, built from the constants above: for form
/// hints, generated documents and help texts.
///
/// ```
/// use juspay_customer::{rules, Field};
/// assert_eq!(
///     rules::description(Field::MobileNumber),
///     "Required. ASCII digits 0-9 only, 1 to 300 of them (no spaces, dashes or +)."
/// );
/// ```
pub fn description(field: Field) -> String {
    match field {
        Field::ObjectReferenceId => format!(
            "Required. Your own id for the customer (often an email address or a mobile number): \
             {OBJECT_REFERENCE_ID_MIN} to {OBJECT_REFERENCE_ID_MAX} characters, any characters."
        ),
        Field::MobileNumber => {
            format!(
                "Required. ASCII digits 0-9 only, {MOBILE_NUMBER_MIN} to {MOBILE_NUMBER_MAX} of them (no spaces, dashes or +)."
            )
        }
        Field::EmailAddress => format!(
            "Optional. At most {EMAIL_ADDRESS_MAX} characters: one @ with something on each side; \
             otherwise ASCII letters, digits and {EMAIL_SPECIALS} only; neither side may start or \
             end with {}.",
            separated(EMAIL_EDGE_FORBIDDEN, " or ")
        ),
        Field::FirstName | Field::LastName => format!(
            "Optional. At most {NAME_MAX} characters: ASCII letters, digits and {} only \
             (no spaces or apostrophes).",
            separated(NAME_SPECIALS, " ")
        ),
        Field::MobileCountryCode => format!(
            "Optional. ASCII digits only, {MOBILE_COUNTRY_CODE_MIN} to {MOBILE_COUNTRY_CODE_MAX} of them, without +; \
             {DEFAULT_MOBILE_COUNTRY_CODE} when absent."
        ),
        Field::GetClientAuthToken => {
            "Optional. true or false: whether the response carries a client auth token.".to_owned()
        }
    }
}

/// The characters of `chars` with `separator` between them.
pub(crate) fn separated(chars: &str, separator: &str) -> String {
    let mut out = String::new();
    for c in chars.chars() {
        if !out.is_empty() {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// The error for an email part starting or ending with `.` or `_`: the
/// first of local start, local end, domain start, domain end.
#[cold]
fn email_edge_error(bytes: &[u8], at: usize) -> Reason {
    let last = bytes.len() - 1;
    let edges = [
        (0, EmailPart::Local, Edge::Start),
        (at - 1, EmailPart::Local, Edge::End),
        (at + 1, EmailPart::Domain, Edge::Start),
        (last, EmailPart::Domain, Edge::End),
    ];
    for (i, part, edge) in edges {
        let b = bytes[i];
        if EMAIL_EDGE_FORBIDDEN.as_bytes().contains(&b) {
            return Reason::EdgeCharacter {
                ch: b as char,
                part,
                edge,
            };
        }
    }
    Reason::MissingAt
}

/// The error for an email address holding a forbidden character or a
/// second `@`, whichever comes first.
#[cold]
fn email_char_error(s: &str) -> Reason {
    let mut seen_at = false;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        match CLASS[b as usize] {
            c if c & EMAIL != 0 => {}
            AT if !seen_at => seen_at = true,
            // Every byte before is ASCII, so byte index + 1 is the position.
            AT => return Reason::MultipleAt { position: i + 1 },
            _ => {
                let (ch, position) = char_at(s, i);
                return Reason::ForbiddenCharacter { ch, position };
            }
        }
    }
    Reason::MissingAt
}

/// `options.get_client_auth_token` in a form body: exactly `true` or `false`.
///
/// # Errors
/// [`Reason::NotABoolean`] for anything else (`"TRUE"`, `"1"`, `"yes"`).
#[inline]
pub(crate) fn parse_form_bool(s: &str) -> Result<bool, Reason> {
    match s {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Reason::NotABoolean),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_classes() {
        let name: Vec<u8> = (0..=255u8).filter(|&b| CLASS[b as usize] & NAME != 0).collect();
        assert_eq!(
            name,
            b"()-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
        );
        let email: Vec<u8> = (0..=255u8).filter(|&b| CLASS[b as usize] & EMAIL != 0).collect();
        assert_eq!(
            email,
            b"!#$%&'*+-./0123456789=?ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~"
        );
        let at: Vec<u8> = (0..=255u8).filter(|&b| CLASS[b as usize] == AT).collect();
        assert_eq!(at, b"@");
        for b in 0..=255u8 {
            assert_eq!(name_byte(b), CLASS[b as usize] & NAME != 0, "{b:#x}");
            assert_eq!(
                email_or_at_byte(b),
                CLASS[b as usize] & (EMAIL | AT) != 0,
                "{b:#x}"
            );
        }
    }
}
