//! Generators of realistic requests for downstream fuzzers and property
//! tests (feature `arbitrary`; the `proptest` feature adds
//! [`crate::strategy`] on top).
//!
//! - `CustomerRequest<'static>: Arbitrary` is always valid: every rule
//!   holds, lengths spread over each field's whole allowed range, and every
//!   allowed special character can appear (multi-byte characters too, in
//!   `object_reference_id`).
//! - `CustomerInput<'static>: Arbitrary` is near-valid: a valid request with
//!   one to three fields broken in a documented way. [`NearValid`] carries the
//!   same input with the list of what was broken, so a test can check that
//!   a handler refuses exactly those fields.
//!
//! The generators build values from the character sets and limits in
//! [`crate::rules`], never from a second copy of them, and go through the
//! crate's own validation before they hand anything out.
//!
//! ```
//! use arbitrary::{Arbitrary, Unstructured};
//! use juspay_customer::generate::NearValid;
//! use juspay_customer::{CustomerInput, CustomerRequest};
//!
//! let bytes = [7u8; 512];
//! let request = CustomerRequest::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
//! assert!(CustomerInput::from(&request).validate().is_ok());
//! let near = NearValid::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
//! let refused = near.input.validate().unwrap_err();
//! assert_eq!(refused.errors().len(), near.broken.len());
//! ```

use std::borrow::Cow;

use arbitrary::{Arbitrary, Error, Result, Unstructured};

use crate::error::JsonType;
use crate::field::Field;
use crate::request::{CustomerInput, CustomerRequest, FieldValue};
use crate::rules::{
    ASCII_ALPHANUMERIC, DIGITS, EMAIL_ADDRESS_MAX, EMAIL_ADDRESS_MIN, EMAIL_EDGE_FORBIDDEN, EMAIL_SPECIALS,
    MOBILE_COUNTRY_CODE_MAX, MOBILE_COUNTRY_CODE_MIN, MOBILE_NUMBER_MAX, MOBILE_NUMBER_MIN, NAME_MAX,
    NAME_MIN, NAME_SPECIALS, OBJECT_REFERENCE_ID_MAX, OBJECT_REFERENCE_ID_MIN,
};

/// ASCII letters and digits.
fn alphanumeric() -> impl Iterator<Item = char> {
    ASCII_ALPHANUMERIC.chars()
}

/// Characters of a valid `first_name` / `last_name`.
fn name_chars() -> Vec<char> {
    alphanumeric().chain(NAME_SPECIALS.chars()).collect()
}

/// Characters of a valid email part (`@` aside).
fn email_chars() -> Vec<char> {
    alphanumeric().chain(EMAIL_SPECIALS.chars()).collect()
}

/// Characters a valid email part may start or end with.
fn email_edge_chars() -> Vec<char> {
    email_chars()
        .into_iter()
        .filter(|c| !EMAIL_EDGE_FORBIDDEN.contains(*c))
        .collect()
}

/// Characters of an `object_reference_id`: any; printable ASCII mostly, with
/// multi-byte characters (2, 3 and 4 bytes) and white space in the mix.
fn reference_chars() -> Vec<char> {
    (' '..='~')
        .chain(['é', 'ß', 'ñ', '€', '日', '本', '\u{a0}', '\u{202f}', '😀', '🙂'])
        .collect()
}

/// `len` characters drawn from `pool`.
fn text(u: &mut Unstructured<'_>, pool: &[char], len: usize) -> Result<String> {
    (0..len).map(|_| u.choose(pool).copied()).collect()
}

/// `len` ASCII digits.
fn digits(u: &mut Unstructured<'_>, len: usize) -> Result<String> {
    let digits: Vec<char> = DIGITS.chars().collect();
    text(u, &digits, len)
}

/// A valid email address of exactly `len` characters (at least 3).
fn email_of_len(u: &mut Unstructured<'_>, len: usize) -> Result<String> {
    let (all, edge) = (email_chars(), email_edge_chars());
    let local = u.int_in_range(1..=len - 2)?;
    let part = |u: &mut Unstructured<'_>, n: usize| -> Result<String> {
        let mut s = text(u, &all, n)?;
        // Neither end may be '.' or '_'.
        let first = *u.choose(&edge)?;
        s.replace_range(
            ..s.chars().next().map_or(0, char::len_utf8),
            first.encode_utf8(&mut [0; 4]),
        );
        if n > 1 {
            let last = *u.choose(&edge)?;
            let at = s.char_indices().last().map_or(0, |(i, _)| i);
            s.replace_range(at.., last.encode_utf8(&mut [0; 4]));
        }
        Ok(s)
    };
    let mut email = part(u, local)?;
    email.push('@');
    email.push_str(&part(u, len - 1 - local)?);
    Ok(email)
}

/// The text fields of a valid request, each `None` when absent.
fn valid_fields(u: &mut Unstructured<'_>) -> Result<[Option<String>; 6]> {
    let len = u.int_in_range(OBJECT_REFERENCE_ID_MIN..=OBJECT_REFERENCE_ID_MAX)?;
    let reference = text(u, &reference_chars(), len)?;
    let len = u.int_in_range(MOBILE_NUMBER_MIN..=MOBILE_NUMBER_MAX)?;
    let mobile = digits(u, len)?;
    let email = if u.arbitrary()? {
        let len = u.int_in_range(EMAIL_ADDRESS_MIN..=EMAIL_ADDRESS_MAX)?;
        Some(email_of_len(u, len)?)
    } else {
        None
    };
    let name = |u: &mut Unstructured<'_>| -> Result<Option<String>> {
        if u.arbitrary()? {
            let len = u.int_in_range(NAME_MIN..=NAME_MAX)?;
            Ok(Some(text(u, &name_chars(), len)?))
        } else {
            Ok(None)
        }
    };
    let first = name(u)?;
    let last = name(u)?;
    let country = if u.arbitrary()? {
        let len = u.int_in_range(MOBILE_COUNTRY_CODE_MIN..=MOBILE_COUNTRY_CODE_MAX)?;
        Some(digits(u, len)?)
    } else {
        None
    };
    Ok([Some(reference), Some(mobile), email, first, last, country])
}

/// A valid request, as an input.
fn valid_input(u: &mut Unstructured<'_>) -> Result<CustomerInput<'static>> {
    let fields = valid_fields(u)?;
    let mut input = CustomerInput::new();
    for (field, value) in Field::ALL.into_iter().zip(fields) {
        input.set(field, value);
    }
    input.set(Field::GetClientAuthToken, u.arbitrary::<Option<bool>>()?);
    Ok(input)
}

impl<'a> Arbitrary<'a> for CustomerRequest<'static> {
    /// Always valid; see the [module](crate::generate) documentation.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        valid_input(u)?.validate().map_err(|_| Error::IncorrectFormat)
    }
}

/// A near-valid input and what was broken in it: each entry names a field
/// and the [`crate::Reason::as_str`] name validation must give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearValid {
    /// The input: a valid request with the fields in `broken` broken.
    pub input: CustomerInput<'static>,
    /// Each broken field once, in the order it was broken, with the reason
    /// validation reports for it.
    pub broken: Vec<(Field, &'static str)>,
}

/// Characters no digits-only field takes (a non-ASCII digit among them).
const NOT_DIGITS: &[char] = &[' ', '-', '+', '(', '.', 'a', 'O', '\u{a0}', '\u{663}'];
/// Characters no name takes.
const NOT_NAME: &[char] = &[' ', '\'', ',', '@', '!', 'é', '\u{a0}', '\t'];
/// Characters no email address takes (`@` aside, which has its own reason).
const NOT_EMAIL: &[char] = &[' ', '(', ')', ',', ':', ';', '<', '>', '[', ']', '\\', '"', 'é'];

/// `s` with one character of `pool` put at a random character position.
fn insert_one_of(u: &mut Unstructured<'_>, s: &str, pool: &[char]) -> Result<String> {
    let c = *u.choose(pool)?;
    let n = s.chars().count();
    let at = u.int_in_range(0..=n)?;
    let byte = s.char_indices().nth(at).map_or(s.len(), |(i, _)| i);
    let mut out = s.to_owned();
    out.insert(byte, c);
    Ok(out)
}

/// A value of the wrong JSON type for `field`.
fn wrong_type(u: &mut Unstructured<'_>, field: Field) -> Result<FieldValue<'static>> {
    Ok(if field == Field::GetClientAuthToken {
        FieldValue::WrongType(*u.choose(&[
            JsonType::String,
            JsonType::Number,
            JsonType::Array,
            JsonType::Object,
        ])?)
    } else if u.arbitrary()? {
        FieldValue::Bool(u.arbitrary()?)
    } else {
        FieldValue::WrongType(*u.choose(&[JsonType::Number, JsonType::Array, JsonType::Object])?)
    })
}

/// Breaks `field` (whose valid text is `valid`, if present) one documented way.
fn break_field(
    u: &mut Unstructured<'_>,
    field: Field,
    valid: Option<&str>,
) -> Result<(FieldValue<'static>, &'static str)> {
    let owned = |s: String| FieldValue::Text(Cow::Owned(s));
    // The ways every field can break; each field adds its own below.
    let way = u.int_in_range(0..=7u8)?;
    match way {
        0 => return Ok((wrong_type(u, field)?, "wrong_type")),
        1 => return Ok((FieldValue::Duplicate, "duplicate_key")),
        _ => {}
    }
    Ok(match field {
        Field::ObjectReferenceId => match way {
            2 => (FieldValue::Absent, "missing"),
            3 => (owned(String::new()), "empty"),
            4 | 5 => (
                owned(text(u, &reference_chars(), OBJECT_REFERENCE_ID_MIN - 1)?),
                "too_short",
            ),
            _ => (
                owned(text(u, &reference_chars(), OBJECT_REFERENCE_ID_MAX + 1)?),
                "too_long",
            ),
        },
        Field::MobileNumber | Field::MobileCountryCode => {
            let max = if field == Field::MobileNumber {
                MOBILE_NUMBER_MAX
            } else {
                MOBILE_COUNTRY_CODE_MAX
            };
            match way {
                2 if field.is_required() => (FieldValue::Absent, "missing"),
                3 if field.is_required() => (owned(String::new()), "empty"),
                2..=4 => (owned(digits(u, max + 1)?), "too_long"),
                _ => {
                    let base = valid.map_or_else(|| "91".to_owned(), str::to_owned);
                    (owned(insert_one_of(u, &base, NOT_DIGITS)?), "not_a_digit")
                }
            }
        }
        Field::FirstName | Field::LastName => match way {
            2..=4 => (owned(text(u, &name_chars(), NAME_MAX + 1)?), "too_long"),
            _ => {
                let base = valid.map_or_else(|| "John".to_owned(), str::to_owned);
                (owned(insert_one_of(u, &base, NOT_NAME)?), "forbidden_character")
            }
        },
        Field::EmailAddress => {
            let base = match valid {
                Some(v) => v.to_owned(),
                None => email_of_len(u, 18)?,
            };
            let at = base.find('@').unwrap_or(0);
            match way {
                2 => (owned(email_of_len(u, EMAIL_ADDRESS_MAX + 1)?), "too_long"),
                3 => (owned(insert_one_of(u, &base, NOT_EMAIL)?), "forbidden_character"),
                4 => {
                    // A second '@' anywhere in the domain part, or before the first.
                    let mut s = base.clone();
                    let pos = if u.arbitrary()? { 0 } else { s.len() };
                    s.insert(pos, '@');
                    (owned(s), "multiple_at")
                }
                _ => {
                    let edge = *u.choose(&EMAIL_EDGE_FORBIDDEN.chars().collect::<Vec<_>>())?;
                    let mut s = base.clone();
                    match u.int_in_range(0..=3u8)? {
                        0 => s.insert(0, edge),
                        1 => s.insert(at, edge),
                        2 => s.insert(at + 1, edge),
                        _ => s.push(edge),
                    }
                    (owned(s), "edge_character")
                }
            }
        }
        Field::GetClientAuthToken => {
            let word = *u.choose(&["yes", "TRUE", "False", "1", "0", "on", " true"])?;
            (owned(word.to_owned()), "not_a_boolean")
        }
    })
}

impl<'a> Arbitrary<'a> for NearValid {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut input = valid_input(u)?;
        let mut broken: Vec<(Field, &'static str)> = Vec::new();
        let count = u.int_in_range(1..=3usize)?;
        for _ in 0..count {
            let field = *u.choose(&Field::ALL)?;
            if broken.iter().any(|(f, _)| *f == field) {
                continue;
            }
            let valid = match input.get(field) {
                FieldValue::Text(t) => Some(t.clone().into_owned()),
                _ => None,
            };
            let (value, reason) = break_field(u, field, valid.as_deref())?;
            input.set(field, value);
            broken.push((field, reason));
        }
        Ok(NearValid { input, broken })
    }
}

impl<'a> Arbitrary<'a> for CustomerInput<'static> {
    /// Near-valid; see [`NearValid`], which also says what was broken.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        NearValid::arbitrary(u).map(|n| n.input)
    }
}
