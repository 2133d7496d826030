//! Explicit normalization for form handlers. Validation never applies it.

use std::borrow::Cow;

use crate::field::Field;
use crate::request::{CustomerInput, FieldValue};

/// Characters removed from anywhere in a mobile number: every Unicode white
/// space character (a no-break space pasted from a web page included) and
/// `-`, `(`, `)`, `.`.
fn is_mobile_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '(' | ')' | '.')
}

/// Trims surrounding whitespace of every text field; removes every Unicode
/// white space character and `-`, `(`, `)` and `.` from anywhere in
/// `mobile_number`; strips one leading `+` from `mobile_country_code` when a
/// digit follows it; writes `options.get_client_auth_token` text that reads
/// `true` or `false` in any case (spreadsheets write `TRUE`) in lower case.
///
/// It never turns a letter into a digit or drops any other character, so
/// `9988-77x6` stays invalid, and `++65` or `+ 65` stay as they are (invalid)
/// rather than being guessed at. It is idempotent, and borrows whenever it
/// only trims.
///
/// ```
/// use juspay_customer::{normalize, CustomerInput, Field};
/// let input = CustomerInput::new()
///     .with(Field::ObjectReferenceId, " cust_123489 ")
///     .with(Field::MobileNumber, "(998) 877-66.55")
///     .with(Field::MobileCountryCode, "+65");
/// let req = normalize(input).validate().unwrap();
/// assert_eq!(req.object_reference_id.as_str(), "cust_123489");
/// assert_eq!(req.mobile_number.as_str(), "9988776655");
/// assert_eq!(req.mobile_country_code.as_str(), "65");
/// ```
pub fn normalize(mut input: CustomerInput<'_>) -> CustomerInput<'_> {
    for field in Field::ALL {
        if let FieldValue::Text(text) = input.get_mut(field) {
            let new = match field {
                Field::MobileNumber => mobile(text),
                Field::MobileCountryCode => country_code(text),
                Field::GetClientAuthToken => boolean(text),
                _ => trimmed(text),
            };
            if let Some(new) = new {
                *text = new;
            }
        }
    }
    input
}

/// `true` or `false`, trimmed, for text that reads so in any case.
fn boolean<'a>(text: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    let t = text.trim();
    ["true", "false"]
        .into_iter()
        .find(|b| t.eq_ignore_ascii_case(b) && (t != *b || t.len() != text.len()))
        .map(Cow::Borrowed)
}

/// `text[a..b]`, borrowing from the same place as `text`.
fn slice<'a>(text: &Cow<'a, str>, a: usize, b: usize) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[a..b]),
        Cow::Owned(s) => Cow::Owned(s[a..b].to_owned()),
    }
}

/// Byte range of `s` without its surrounding whitespace.
fn trim_range(s: &str) -> (usize, usize) {
    let start = s.len() - s.trim_start().len();
    (start, start + s.trim().len())
}

/// `text` trimmed, or `None` when it has nothing to trim.
fn trimmed<'a>(text: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    let (a, b) = trim_range(text);
    (b - a != text.len()).then(|| slice(text, a, b))
}

fn mobile<'a>(text: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    // White space is among the separators, so nothing is left to trim.
    text.contains(is_mobile_separator)
        .then(|| Cow::Owned(text.chars().filter(|&c| !is_mobile_separator(c)).collect()))
}

fn country_code<'a>(text: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    let (a, b) = trim_range(text);
    let t = &text[a..b];
    match t.strip_prefix('+') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => Some(slice(text, a + 1, b)),
        _ => trimmed(text),
    }
}
