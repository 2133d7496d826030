//! JSON request bodies: one flat object with the form body's key names,
//! `options.get_client_auth_token` included.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{FieldError, JsonType, Reason, ValidationErrors};
use crate::field::Field;
use crate::request::{CustomerInput, CustomerRequest, FieldValue};

/// Appends `request` as a JSON object to `out`, keys in canonical order.
/// Allocates nothing when `out` has room.
///
/// ```
/// use juspay_customer::{decode_form, encode_json_into};
/// let req = decode_form(b"object_reference_id=cust_123489&mobile_number=99887766&options.get_client_auth_token=true").unwrap();
/// let mut out = Vec::new();
/// encode_json_into(&req, &mut out);
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     r#"{"object_reference_id":"cust_123489","mobile_number":"99887766","mobile_country_code":"91","options.get_client_auth_token":true}"#
/// );
/// ```
pub fn encode_json_into(request: &CustomerRequest<'_>, out: &mut Vec<u8>) {
    // Writing to a Vec cannot fail, and every key and value is a string or bool.
    let _ = serde_json::to_writer(out, request);
}

/// Reads one key: the field it names, or `None` for an unknown key.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<Field>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Option<Field>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Field::parse(v))
    }
}

/// Reads one key as its raw JSON text, for the raw pass: a key holding a
/// lone surrogate escape (`"\ud800"`), which no Rust string can hold and
/// [`KeySeed`] fails on, names no field, so it is an unknown key and
/// ignored as every unknown key is.
struct RawKeySeed;

impl<'de> DeserializeSeed<'de> for RawKeySeed {
    type Value = Option<Field>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let raw = <&'de RawValue>::deserialize(d)?.get();
        Ok(json_string(raw).and_then(|key| Field::parse(&key)))
    }
}

/// Reads one value for `field` from any self-describing format, recording its
/// JSON type where it is wrong. A string for `options.get_client_auth_token`
/// is kept as text (checked as `true`/`false`) when the format may be a form
/// (`json` false: in a form every value is a string, and the generic
/// `Deserialize` cannot tell a form from JSON), and is a wrong type in JSON.
struct ValueSeed {
    field: Field,
    json: bool,
}

/// Reads one value for `field` from serde_json as raw JSON text, so that a
/// number out of `f64`'s range (`1e400`) is still a number and a string
/// with a lone surrogate escape (`"\ud800"`) is [`FieldValue::InvalidUtf8`],
/// each for its own field, as the form decoder reports bad bytes.
struct RawSeed(Field);

/// The string that the raw JSON text `raw` (checked by serde_json) holds,
/// borrowed when it has no escapes; `None` when it is not a string, or holds
/// a lone surrogate escape that no Rust string can.
pub(crate) fn json_string(raw: &str) -> Option<Cow<'_, str>> {
    if !raw.starts_with('"') {
        return None;
    }
    if raw.contains('\\') {
        serde_json::from_str(raw).ok().map(Cow::Owned)
    } else {
        // Valid JSON text without escapes is its own value.
        Some(Cow::Borrowed(&raw[1..raw.len() - 1]))
    }
}

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = FieldValue<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let raw = <&'de RawValue>::deserialize(d)?.get();
        let token = self.0 == Field::GetClientAuthToken;
        Ok(match raw.as_bytes().first() {
            Some(b'"') if token => FieldValue::WrongType(JsonType::String),
            Some(b'"') => match json_string(raw) {
                Some(text) => FieldValue::Text(text),
                // serde_json checked the text: only a lone surrogate fails here.
                None => FieldValue::InvalidUtf8,
            },
            Some(b't' | b'f') if token => FieldValue::Bool(raw.starts_with('t')),
            Some(b't' | b'f') => FieldValue::WrongType(JsonType::Boolean),
            Some(b'n') => FieldValue::Null,
            Some(b'[') => FieldValue::WrongType(JsonType::Array),
            Some(b'{') => FieldValue::WrongType(JsonType::Object),
            _ => FieldValue::WrongType(JsonType::Number),
        })
    }
}

impl ValueSeed {
    /// A string value: text, or in JSON a wrong type for the option.
    fn text(self, v: Cow<'_, str>) -> FieldValue<'_> {
        if self.json && self.field == Field::GetClientAuthToken {
            FieldValue::WrongType(JsonType::String)
        } else {
            FieldValue::Text(v)
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = FieldValue<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = FieldValue<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(self.text(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.text(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(self.text(Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(if self.field == Field::GetClientAuthToken {
            FieldValue::Bool(v)
        } else {
            FieldValue::WrongType(JsonType::Boolean)
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(FieldValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(FieldValue::Null)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(FieldValue::WrongType(JsonType::Number))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(FieldValue::WrongType(JsonType::Number))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(FieldValue::WrongType(JsonType::Number))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(FieldValue::WrongType(JsonType::Array))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(FieldValue::WrongType(JsonType::Object))
    }
}

/// Reads the top-level value: the input for an object, its type otherwise.
/// `S` makes the seed that reads a known field's value; keys are read with
/// [`RawKeySeed`] when `raw_keys` (serde_json only), else [`KeySeed`].
struct TopVisitor<S> {
    seed: fn(Field) -> S,
    raw_keys: bool,
}

impl<'de, S: DeserializeSeed<'de, Value = FieldValue<'de>>> Visitor<'de> for TopVisitor<S> {
    type Value = Result<CustomerInput<'de>, JsonType>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut input = CustomerInput::new();
        loop {
            let key = if self.raw_keys {
                map.next_key_seed(RawKeySeed)?
            } else {
                map.next_key_seed(KeySeed)?
            };
            let Some(key) = key else { break };
            match key {
                Some(field) => {
                    let value = map.next_value_seed((self.seed)(field))?;
                    input.put(field, value);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Ok(input))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err(JsonType::String))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err(JsonType::Boolean))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err(JsonType::Null))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err(JsonType::Number))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err(JsonType::Number))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err(JsonType::Number))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err(JsonType::Array))
    }
}

/// Reads one top-level value and checks that nothing but whitespace follows.
///
/// First each value as serde_json parses it (a string borrowed when it has
/// no escape); only if that fails, again with each value as raw JSON text
/// ([`RawSeed`]), which reads a lone surrogate escape or a number beyond
/// `f64` as its own field's problem and meets any syntax error the first
/// pass met. Where the first pass succeeds the two give the same input
/// (tested below): it scans each string once where the raw pass scanned it
/// twice before its rule did (for its end, then for a `\`), about a tenth
/// of a JSON record's instructions (BENCHMARKS.md).
fn read_top(text: &str) -> Result<Result<CustomerInput<'_>, JsonType>, serde_json::Error> {
    read_with(text, |field| ValueSeed { field, json: true }, false)
        .or_else(|_| read_with(text, RawSeed, true))
}

/// [`read_top`] with `seed` reading each known field's value, and each key
/// as raw text when `raw_keys`.
fn read_with<'de, S: DeserializeSeed<'de, Value = FieldValue<'de>>>(
    text: &'de str,
    seed: fn(Field) -> S,
    raw_keys: bool,
) -> Result<Result<CustomerInput<'de>, JsonType>, serde_json::Error> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let top = (&mut reader).deserialize_any(TopVisitor { seed, raw_keys })?;
    reader.end()?;
    Ok(top)
}

/// The JSON type of a top-level value that is JSON but that serde_json
/// could not read as a value (`1e400`, `"\ud800"`), from its first byte.
#[cold]
fn top_level_type(text: &str) -> Option<JsonType> {
    let raw = serde_json::from_str::<&RawValue>(text).ok()?;
    Some(match raw.get().as_bytes().first()? {
        b'"' => JsonType::String,
        b'[' => JsonType::Array,
        b'{' => JsonType::Object,
        b't' | b'f' => JsonType::Boolean,
        b'n' => JsonType::Null,
        _ => JsonType::Number,
    })
}

/// An owned input from any self-describing serde format, so that
/// `axum::Json<CustomerInput<'static>>` and `axum::Form<CustomerInput<'static>>`
/// extract it. Like [`decode_json`], it never fails for a field: wrong types,
/// duplicate keys and `null`s are recorded per field for
/// [`CustomerInput::validate`] to report; unknown keys are ignored. It fails
/// only when the body is not a map (or not readable by the format at all).
///
/// Two differences from [`CustomerInput::from_json`], because the format is
/// not known here: a string `"true"`/`"false"` for
/// `options.get_client_auth_token` is accepted as a form would send it, and
/// serde_json itself refuses a number beyond `f64` (`1e400`) or a lone
/// surrogate escape for the whole body. Use [`decode_json`] for JSON when
/// that matters.
///
/// ```
/// use juspay_customer::{CustomerInput, Field, Reason};
/// let input: CustomerInput<'static> =
///     serde_json::from_str(r#"{"object_reference_id":"cust_123489","mobile_number":99887766}"#).unwrap();
/// let errors = input.validate().unwrap_err();
/// assert_eq!(errors.get(Field::MobileNumber).unwrap().reason.as_str(), "wrong_type");
/// let form: CustomerInput<'static> =
///     serde_urlencoded::from_str("object_reference_id=cust_123489&mobile_number=99887766").unwrap();
/// assert!(form.validate().is_ok());
/// ```
impl<'de> Deserialize<'de> for CustomerInput<'static> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(TopVisitor {
            seed: |field| ValueSeed { field, json: false },
            raw_keys: false,
        })? {
            Ok(input) => Ok(input.into_owned()),
            Err(found) => Err(de::Error::custom(FieldError::body(Reason::NotAnObject { found }))),
        }
    }
}

/// Why a body that is not UTF-8 from byte `valid` on is not JSON: the
/// first syntax error before that byte, if there is one, otherwise the
/// position of that byte (1-based line, and column in bytes).
#[cold]
fn not_utf8(body: &[u8], valid: usize) -> Reason {
    let prefix = std::str::from_utf8(&body[..valid]).unwrap_or_default();
    if let Err(e) = read_top(prefix) {
        if !e.is_eof() {
            return Reason::NotJson {
                line: e.line(),
                column: e.column(),
            };
        }
    }
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    Reason::NotJson {
        line: 1 + prefix.matches('\n').count(),
        column: valid - line_start + 1,
    }
}

impl<'a> CustomerInput<'a> {
    /// Collects the fields of a JSON body without validating them. A leading
    /// UTF-8 BOM is skipped (RFC 8259 lets a parser ignore it). A number of
    /// any size is a number; a string holding a lone surrogate escape
    /// (`"\ud800"`) is [`FieldValue::InvalidUtf8`] for its field. Unknown
    /// keys are ignored, a key holding a lone surrogate escape included.
    ///
    /// # Errors
    /// A [`FieldError`] with no field: [`Reason::NotJson`] when the body is not
    /// JSON (truncated, invalid UTF-8, trailing data, nested deeper than 128),
    /// [`Reason::NotAnObject`] when it is JSON but not an object.
    ///
    /// # Memory
    /// At most about the body's length besides the body: text without
    /// escapes is borrowed, text with escapes is copied once.
    pub fn from_json(body: &'a [u8]) -> Result<Self, FieldError> {
        let body = super::strip_bom(body);
        // The reader reads text: one UTF-8 check of the whole body first.
        let text = match std::str::from_utf8(body) {
            Ok(text) => text,
            Err(e) => return Err(FieldError::body(not_utf8(body, e.valid_up_to()))),
        };
        let not_json = |e: serde_json::Error| {
            FieldError::body(Reason::NotJson {
                line: e.line(),
                column: e.column(),
            })
        };
        let top = read_top(text)
            .or_else(|e| {
                top_level_type(text)
                    .filter(|t| *t != JsonType::Object)
                    .map(Err)
                    .ok_or(e)
            })
            .map_err(not_json)?;
        top.map_err(|found| FieldError::body(Reason::NotAnObject { found }))
    }
}

/// Decodes and validates a JSON body, borrowing text from `body` where no
/// unescaping was needed. Unknown keys are ignored; `null` is absent; a value
/// of the wrong type is `INVALID_INPUT` for its field. See
/// [`CustomerInput::from_json`] for the BOM, huge numbers, lone surrogates
/// and the memory bound.
///
/// The request borrows from `body`. To keep it longer (return it from a
/// function that owns the body, move it into a spawned task), make it own
/// its text with [`CustomerRequest::into_owned`]:
///
/// ```
/// use juspay_customer::{decode_json, CustomerRequest, ValidationErrors};
/// fn parse(body: Vec<u8>) -> Result<CustomerRequest<'static>, ValidationErrors> {
///     decode_json(&body).map(CustomerRequest::into_owned)
/// }
/// # assert!(parse(br#"{"object_reference_id":"cust_123489","mobile_number":"99887766"}"#.to_vec()).is_ok());
/// ```
///
/// # Errors
/// [`ValidationErrors`] listing every refused field, or one entry with no
/// field when the body is not a JSON object.
///
/// ```
/// use juspay_customer::{decode_json, Field, Reason, JsonType};
/// let req = decode_json(br#"{"object_reference_id":"cust_123489","mobile_number":"99887766"}"#).unwrap();
/// assert_eq!(req.mobile_country_code(), "91");
/// let err = decode_json(br#"{"object_reference_id":"cust_123489","mobile_number":99887766}"#).unwrap_err();
/// assert_eq!(
///     err.get(Field::MobileNumber).unwrap().reason,
///     Reason::WrongType { expected: JsonType::String, found: JsonType::Number }
/// );
/// ```
pub fn decode_json(body: &[u8]) -> Result<CustomerRequest<'_>, ValidationErrors> {
    CustomerInput::from_json(body)?.validate()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One body per line: wherever the value-by-value pass reads a body, the
    /// raw pass reads the same input; where it fails, only the raw pass can.
    #[test]
    fn both_passes_read_the_same_input() {
        let value_pass = |text| read_with(text, |field| ValueSeed { field, json: true }, false);
        for (text, first_pass_reads) in [
            (
                r#"{"object_reference_id":"cust_123489","mobile_number":"99887766"}"#,
                true,
            ),
            (
                r#"{"object_reference_id":"cust\u00e9\n\"x","first_name":"Zo\u00eb"}"#,
                true,
            ),
            (r#"{"first_name":"\ud83d\ude00","last_name":"café"}"#, true),
            (
                r#"{"mobile_number":99887766,"first_name":true,"last_name":null,"email_address":[1,{"a":2}]}"#,
                true,
            ),
            (
                r#"{"options.get_client_auth_token":"true","mobile_country_code":{}}"#,
                true,
            ),
            (
                r#"{"options.get_client_auth_token":true,"unknown":[1,2,{"x":"\ud800"}]}"#,
                true,
            ),
            (
                r#"{"mobile_number":"1","mobile_number":"2","first_name":"","first_name":null}"#,
                true,
            ),
            (r#"{"mobile_number":-0.5e3,"last_name":1e308}"#, true),
            (r#"[1,2]"#, true),
            (r#""cust_123489""#, true),
            (r#"null"#, true),
            (r#"{"first_name":"\ud800"}"#, false),
            (r#"{"mobile_number":1e400}"#, false),
            (r#"{"mobile_number":"1",}"#, false),
            (
                r#"{"\ud800":1,"object_reference_id":"cust_123489","x\udc00y":{"\ud800":"\ud800"}}"#,
                false,
            ),
        ] {
            let raw = read_with(text, RawSeed, true);
            match value_pass(text) {
                Ok(input) => {
                    assert!(first_pass_reads, "{text}");
                    assert_eq!(Some(input), raw.as_ref().ok().cloned(), "{text}");
                }
                Err(_) => assert!(!first_pass_reads, "{text}"),
            }
            assert_eq!(read_top(text).ok(), raw.ok(), "{text}");
        }
    }
}
