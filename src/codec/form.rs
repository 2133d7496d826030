//! `application/x-www-form-urlencoded` bodies, as the WHATWG URL standard
//! defines them: `&`-separated pairs, `+` for space, `%XX` escapes.

use std::borrow::Cow;

use crate::error::ValidationErrors;
use crate::field::Field;
use crate::request::{CustomerInput, CustomerRequest, FieldValue};

/// Bytes that are written as they are; everything else is `%XX` (space is `+`).
static UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'*' || c == b'-' || c == b'.' || c == b'_';
        b += 1;
    }
    t
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether all eight bytes are written as they are: eight lookups and no
/// branch, where a byte-by-byte search took a branch a byte.
fn all_unreserved(word: &[u8; 8]) -> bool {
    word.iter().fold(true, |all, &b| all & UNRESERVED[b as usize])
}

/// Appends `value` form-encoded to `out`.
fn encode_value(value: &str, out: &mut Vec<u8>) {
    let bytes = value.as_bytes();
    let (mut start, mut i) = (0, 0);
    loop {
        // Runs of bytes written as they are: eight at a time, then one.
        while let Some(word) = bytes.get(i..i + 8).and_then(|w| <&[u8; 8]>::try_from(w).ok()) {
            if !all_unreserved(word) {
                break;
            }
            i += 8;
        }
        while i < bytes.len() && UNRESERVED[bytes[i] as usize] {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break };
        out.extend_from_slice(&bytes[start..i]);
        if b == b' ' {
            out.push(b'+');
        } else {
            out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Each text field's `key=`, with the `&` before every pair but the first
/// (always object_reference_id), by [`Field::index`], written in one piece
/// (keys are unreserved bytes): the names are [`Field::as_str`]'s, which a
/// test holds them to.
const OPENERS: [&[u8]; 6] = [
    b"object_reference_id=",
    b"&mobile_number=",
    b"&email_address=",
    b"&first_name=",
    b"&last_name=",
    b"&mobile_country_code=",
];

/// The `options.get_client_auth_token` pair, `false` then `true`, in one
/// piece each (the same test holds the name).
const TOKEN_OPTION: [&[u8]; 2] = [
    b"&options.get_client_auth_token=false",
    b"&options.get_client_auth_token=true",
];

/// Appends the form body of `request` to `out`: fields in canonical order,
/// `mobile_country_code` always, optional fields only when set. Allocates
/// nothing when `out` has room.
///
/// ```
/// use juspay_customer::{decode_form, encode_form_into};
/// let body = b"object_reference_id=customer%40gmail.com&mobile_number=99887766";
/// let req = decode_form(body).unwrap();
/// let mut out = Vec::new();
/// encode_form_into(&req, &mut out);
/// assert_eq!(out, b"object_reference_id=customer%40gmail.com&mobile_number=99887766&mobile_country_code=91");
/// ```
pub fn encode_form_into(request: &CustomerRequest<'_>, out: &mut Vec<u8>) {
    // Room for the longest the body can be (every value byte escaped), so
    // that the writes below never grow `out`.
    let values: usize = request.text_fields().map(|(_, v)| v.len()).sum();
    out.reserve(
        3 * values
            + OPENERS
                .iter()
                .chain(&TOKEN_OPTION)
                .map(|o| o.len())
                .sum::<usize>(),
    );
    for (field, value) in request.text_fields() {
        out.extend_from_slice(OPENERS[field.index()]);
        match field {
            // Validated digits need no encoding.
            Field::MobileNumber | Field::MobileCountryCode => out.extend_from_slice(value.as_bytes()),
            _ => encode_value(value, out),
        }
    }
    if let Some(b) = request.get_client_auth_token() {
        out.extend_from_slice(TOKEN_OPTION[usize::from(b)]);
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes one key or value; borrows when there is nothing to decode.
/// A `%` not followed by two hex digits stays as it is (WHATWG).
fn decode_component(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.iter().any(|&b| b == b'%' || b == b'+') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'+' {
            out.push(b' ');
        } else if b == b'%' {
            match (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b),
            }
        } else {
            out.push(b);
        }
        i += 1;
    }
    Cow::Owned(out)
}

fn to_text(bytes: Cow<'_, [u8]>) -> FieldValue<'_> {
    match bytes {
        Cow::Borrowed(b) => match std::str::from_utf8(b) {
            Ok(s) => FieldValue::Text(Cow::Borrowed(s)),
            Err(_) => FieldValue::InvalidUtf8,
        },
        Cow::Owned(v) => match String::from_utf8(v) {
            Ok(s) => FieldValue::Text(Cow::Owned(s)),
            Err(_) => FieldValue::InvalidUtf8,
        },
    }
}

impl<'a> CustomerInput<'a> {
    /// Collects the fields of a form body without validating them. Unknown
    /// keys are ignored; a known key given twice becomes [`FieldValue::Duplicate`];
    /// a value that is not UTF-8 once decoded becomes [`FieldValue::InvalidUtf8`].
    /// A leading UTF-8 BOM is skipped.
    ///
    /// # Memory
    /// At most the body's length besides the body: values without escapes
    /// are borrowed, others are decoded once into a copy no longer than
    /// their raw text.
    pub fn from_form(body: &'a [u8]) -> Self {
        let body = super::strip_bom(body);
        let mut input = CustomerInput::new();
        for pair in body.split(|&b| b == b'&') {
            if pair.is_empty() {
                continue;
            }
            let (key, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &pair[..0]),
            };
            let key = decode_component(key);
            let Some(field) = std::str::from_utf8(&key).ok().and_then(Field::parse) else {
                continue;
            };
            input.put(field, to_text(decode_component(value)));
        }
        input
    }
}

/// Decodes and validates a form body, borrowing text from `body` where no
/// decoding was needed. See [`CustomerInput::from_form`] for the BOM and the
/// memory bound.
///
/// The request borrows from `body`. To keep it longer (return it from a
/// function that owns the body, move it into a spawned task), make it own
/// its text with [`CustomerRequest::into_owned`]:
///
/// ```
/// use juspay_customer::{decode_form, CustomerRequest, ValidationErrors};
/// fn parse(body: Vec<u8>) -> Result<CustomerRequest<'static>, ValidationErrors> {
///     decode_form(&body).map(CustomerRequest::into_owned)
/// }
/// # assert!(parse(b"object_reference_id=cust_123489&mobile_number=99887766".to_vec()).is_ok());
/// ```
///
/// # Errors
/// [`ValidationErrors`] listing every refused field: missing or invalid
/// values, keys given twice, values that are not UTF-8.
///
/// ```
/// use juspay_customer::decode_form;
/// let req = decode_form(b"object_reference_id=cust_123489&mobile_number=99887766&first_name=John").unwrap();
/// assert_eq!(req.first_name(), Some("John"));
/// let err = decode_form(b"object_reference_id=cust_123489&mobile_number=-99887766").unwrap_err();
/// assert_eq!(err.to_string(), "mobile_number has '-' at position 1, only digits 0-9 are allowed");
/// ```
pub fn decode_form(body: &[u8]) -> Result<CustomerRequest<'_>, ValidationErrors> {
    CustomerInput::from_form(body).validate()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_spell_the_field_names() {
        for field in Field::ALL.into_iter().filter(|f| *f != Field::GetClientAuthToken) {
            let amp = if field == Field::ObjectReferenceId {
                ""
            } else {
                "&"
            };
            assert_eq!(
                OPENERS[field.index()],
                format!("{amp}{}=", field.as_str()).as_bytes()
            );
        }
    }

    /// The encoder's runs of eight agree with the definition, byte by byte
    /// (UNRESERVED as is, space as `+`, the rest `%XX`), on values of
    /// every length to 40 with bytes to escape at every place (a
    /// fixed-seed xorshift, so it repeats).
    #[test]
    fn encode_value_agrees_with_a_byte_by_byte_encoding() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let alphabet = [
            "a", "Z", "7", ".", "-", "_", "*", " ", "@", "+", "%", "&", "=", "é", "€",
        ];
        for _ in 0..5_000 {
            let len = {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % 40
            };
            let value: String = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    // Mostly unreserved bytes, so runs of eight occur.
                    alphabet[if x % 4 == 0 {
                        (x / 4 % 15) as usize
                    } else {
                        (x / 4 % 7) as usize
                    }]
                })
                .collect();
            let mut want = Vec::new();
            for b in value.bytes() {
                match b {
                    b' ' => want.push(b'+'),
                    b if b.is_ascii_alphanumeric() || b"*-._".contains(&b) => want.push(b),
                    b => want.extend_from_slice(format!("%{b:02X}").as_bytes()),
                }
            }
            let mut got = b"k=".to_vec();
            encode_value(&value, &mut got);
            assert_eq!(&got[2..], &want[..], "{value:?}");
        }
    }

    #[track_caller]
    fn dec(raw: &str, want: &[u8]) {
        assert_eq!(&*decode_component(raw.as_bytes()), want, "{raw:?}");
    }

    #[test]
    fn percent_decoding() {
        dec("abc", b"abc");
        dec("a+b", b"a b");
        dec("%40", b"@");
        dec("%4", b"%4");
        dec("%", b"%");
        dec("%zz", b"%zz");
        dec("%4g1", b"%4g1");
        dec("%e2%82%ac", "€".as_bytes());
        dec("%FF", b"\xFF");
        dec("a%2", b"a%2");
    }

    #[test]
    fn encoding_escapes() {
        let mut out = Vec::new();
        encode_value("a b@c.d-e_f*g~h+é", &mut out);
        assert_eq!(out, b"a+b%40c.d-e_f*g%7Eh%2B%C3%A9");
    }
}
