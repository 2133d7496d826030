//! JSON request bodies: one flat object with the form body's key names,
//! `options.get_client_auth_token` included.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

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
        Ok(Field::from_key(v))
    }
}

/// Reads one value for `field`, recording its JSON type where it is wrong.
struct ValueSeed(Field);

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = FieldValue<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl ValueSeed {
    fn text<'de>(&self, s: Cow<'de, str>) -> FieldValue<'de> {
        if self.0 == Field::GetClientAuthToken {
            FieldValue::WrongType(JsonType::String)
        } else {
            FieldValue::Text(s)
        }
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
        Ok(if self.0 == Field::GetClientAuthToken {
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
struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Result<CustomerInput<'de>, JsonType>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut input = CustomerInput::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Some(field) => {
                    let value = map.next_value_seed(ValueSeed(field))?;
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
fn read_top<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<Result<CustomerInput<'de>, JsonType>, serde_json::Error> {
    let top = de.deserialize_any(TopVisitor)?;
    de.end()?;
    Ok(top)
}

impl<'a> CustomerInput<'a> {
    /// Collects the fields of a JSON body without validating them.
    ///
    /// # Errors
    /// A [`FieldError`] with no field: [`Reason::NotJson`] when the body is not
    /// JSON (truncated, invalid UTF-8, trailing data, nested deeper than 128),
    /// [`Reason::NotAnObject`] when it is JSON but not an object.
    pub fn from_json(body: &'a [u8]) -> Result<Self, FieldError> {
        let not_json = |e: serde_json::Error| {
            FieldError::body(Reason::NotJson {
                line: e.line(),
                column: e.column(),
            })
        };
        // One UTF-8 check of the whole body is cheaper than serde_json's check
        // of every string; invalid UTF-8 goes the slice way for its position.
        let top = match std::str::from_utf8(body) {
            Ok(text) => read_top(serde_json::Deserializer::from_str(text)),
            Err(_) => read_top(serde_json::Deserializer::from_slice(body)),
        }
        .map_err(not_json)?;
        top.map_err(|found| FieldError::body(Reason::NotAnObject { found }))
    }
}

/// Decodes and validates a JSON body, borrowing text from `body` where no
/// unescaping was needed. Unknown keys are ignored; `null` is absent; a value
/// of the wrong type is `INVALID_INPUT` for its field.
///
/// # Errors
/// [`ValidationErrors`] listing every refused field, or one entry with no
/// field when the body is not a JSON object.
///
/// ```
/// use juspay_customer::{decode_json, Field, Reason, JsonType};
/// let req = decode_json(br#"{"object_reference_id":"cust_123489","mobile_number":"99887766"}"#).unwrap();
/// assert_eq!(req.mobile_country_code.as_str(), "91");
/// let err = decode_json(br#"{"object_reference_id":"cust_123489","mobile_number":99887766}"#).unwrap_err();
/// assert_eq!(
///     err.get(Field::MobileNumber).unwrap().reason,
///     Reason::WrongType { expected: JsonType::String, found: JsonType::Number }
/// );
/// ```
pub fn decode_json(body: &[u8]) -> Result<CustomerRequest<'_>, ValidationErrors> {
    CustomerInput::from_json(body)?.into_request()
}
