//! The fuzz targets' bodies. `tests/fuzz_regressions.rs` includes this file
//! too, so every seed and every input a fuzzer ever found is replayed by
//! `cargo test` on stable.

#![allow(dead_code)]

use arbitrary::{Arbitrary, Unstructured};
use juspay_customer::{
    decode_form, decode_json, encode_form_into, encode_json_into, encode_response, normalize, ApiError,
    CustomerInput, CustomerRequest, Field, FieldValue, JsonType,
};

/// Status (2 bytes, little-endian) then the body.
pub fn parse_response(data: &[u8]) {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]), rest),
        _ => return,
    };
    let outcome = juspay_customer::parse_response(status, body);
    if let Err(e) = &outcome {
        let _ = (
            e.to_string(),
            format!("{e:?}"),
            e.kind(),
            e.body().map(|b| (b.request_id(), b.fields())),
        );
    }
    let (s, b) = encode_response(&outcome);
    assert_eq!(s, status);
    let truncated = matches!(
        &outcome,
        Err(ApiError::NotFound(raw) | ApiError::Unexpected { body: raw, .. }) if raw.is_truncated()
    );
    if !truncated {
        assert_eq!(juspay_customer::parse_response(s, &b), outcome);
    }
    assert_no_hidden_value_shows(body, &outcome);
}

/// Keys whose string values `Debug` or `Display` show on purpose: a
/// customer's (not its mobile number, email or reference id, which are
/// masked) and an error body's codes, messages and request id.
const SHOWN_KEYS: &[&str] = &[
    "id",
    "customer_id",
    "object",
    "mobile_country_code",
    "first_name",
    "last_name",
    "date_created",
    "last_updated",
    "client_auth_token_expiry",
    "status",
    "error_code",
    "error_message",
    "user_message",
    "code",
    "developer_message",
    "request_id",
    "href",
    "category",
    "field_name",
    "reason",
];

/// Collects every string of `value` into `all`, and into `shown` the strings
/// under [`SHOWN_KEYS`], the key names, and what the masks keep of an
/// email (its domain).
fn strings(value: &serde_json::Value, key: &str, all: &mut Vec<String>, shown: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => {
            if SHOWN_KEYS.contains(&key) {
                shown.push(s.clone());
            }
            if let Some(at) = s.rfind('@') {
                shown.push(s[at..].to_owned());
            }
            all.push(s.clone());
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, "", all, shown)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                shown.push(k.clone());
                strings(v, k, all, shown);
            }
        }
        _ => {}
    }
}

/// No value of the body that looks like a token, a mobile number or an email
/// (8 or more of `A-Za-z0-9@._+-`, with a digit or an `@`) shows in `Debug`
/// or `Display` of the outcome or of its encoding, unless the same text
/// stands where output shows it on purpose (a shown key's value, a key
/// name, an email's domain). The character set keeps the check exact: such
/// a value can only show inside one shown piece of text, never across the
/// punctuation that `Debug` puts between pieces.
fn assert_no_hidden_value_shows(body: &[u8], outcome: &Result<juspay_customer::Customer, ApiError>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return;
    };
    let (mut all, mut shown) = (Vec::new(), Vec::new());
    strings(&value, "", &mut all, &mut shown);
    let mut outputs = vec![format!("{outcome:?}"), format!("{:?}", encode_response(outcome))];
    if let Err(e) = outcome {
        outputs.push(e.to_string());
    }
    let looks_secret = |v: &str| {
        v.len() >= 8
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"@._+-".contains(&b))
            && v.bytes().any(|b| b.is_ascii_digit() || b == b'@')
    };
    for v in all.iter().filter(|v| looks_secret(v)) {
        if shown.iter().any(|s| s.contains(v.as_str())) {
            continue;
        }
        for out in &outputs {
            assert!(!out.contains(v.as_str()), "a hidden value of the body shows");
        }
    }
}

/// A decoder of request bodies.
type Decode = fn(&[u8]) -> Result<CustomerRequest<'_>, juspay_customer::ValidationErrors>;

/// The request's form and JSON bodies, each with its decoder.
fn encodings(req: &CustomerRequest<'_>) -> [(Vec<u8>, Decode); 2] {
    let (mut form, mut json) = (Vec::new(), Vec::new());
    encode_form_into(req, &mut form);
    encode_json_into(req, &mut json);
    [(form, decode_form as Decode), (json, decode_json as Decode)]
}

/// What every decoded request must satisfy.
fn check_decoded(outcome: Result<CustomerRequest<'_>, juspay_customer::ValidationErrors>) {
    match outcome {
        Ok(req) => {
            for (out, back) in encodings(&req) {
                assert_eq!(back(&out).as_ref(), Ok(&req));
            }
        }
        Err(errors) => {
            let list = errors.errors();
            assert!(!list.is_empty());
            assert!(
                list.windows(2).all(|w| w[0].field < w[1].field),
                "fields in canonical order, once each"
            );
            let _ = errors.to_string();
            let (status, body) = ApiError::from(&errors).to_http();
            let back = juspay_customer::parse_response(status, &body).unwrap_err();
            assert_eq!(back, ApiError::from(&errors));
        }
    }
}

pub fn decode_form_request(data: &[u8]) {
    check_decoded(decode_form(data));
    let n = normalize(CustomerInput::from_form(data));
    assert_eq!(normalize(n.clone()), n);
}

pub fn decode_json_request(data: &[u8]) {
    check_decoded(decode_json(data));
}

#[derive(Arbitrary, Debug, Clone)]
pub enum FuzzValue {
    Absent,
    Null,
    Text(String),
    Bool(bool),
    Number,
    Array,
    Duplicate,
}

#[derive(Arbitrary, Debug)]
pub struct FuzzInput {
    pub values: [FuzzValue; 7],
    pub normalize: bool,
}

fn to_value(v: &FuzzValue) -> FieldValue<'_> {
    match v {
        FuzzValue::Absent => FieldValue::Absent,
        FuzzValue::Null => FieldValue::Null,
        FuzzValue::Text(s) => FieldValue::from(s.as_str()),
        FuzzValue::Bool(b) => FieldValue::Bool(*b),
        FuzzValue::Number => FieldValue::WrongType(JsonType::Number),
        FuzzValue::Array => FieldValue::WrongType(JsonType::Array),
        FuzzValue::Duplicate => FieldValue::Duplicate,
    }
}

/// A structured input: whole-request validation agrees with each field's rule.
pub fn validate(data: &[u8]) {
    let Ok(fuzz) = FuzzInput::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let mut input = CustomerInput::new();
    for (field, v) in Field::ALL.into_iter().zip(&fuzz.values) {
        input.set(field, to_value(v));
    }
    let input = if fuzz.normalize { normalize(input) } else { input };
    let outcome = input.clone().validate();
    let refused: Vec<Field> = match &outcome {
        Ok(_) => vec![],
        Err(e) => e.errors().iter().filter_map(|e| e.field).collect(),
    };
    for field in Field::ALL {
        if let FieldValue::Text(t) = input.get(field) {
            let empty_optional = t.is_empty() && !field.is_required();
            let want_refused = !empty_optional && FieldValue::from(&**t).check(field).is_err();
            assert_eq!(refused.contains(&field), want_refused, "{field}");
        }
    }
    let again = normalize(input.clone());
    assert_eq!(normalize(again.clone()), again);
    check_decoded(outcome);
}

#[derive(Arbitrary, Debug)]
pub struct FuzzRequest {
    pub object_reference_id: String,
    pub mobile: Vec<u8>,
    pub email: Option<(String, String)>,
    pub first_name: Option<String>,
    pub country: Option<Vec<u8>>,
    pub token: Option<bool>,
}

/// A request biased towards valid: mobile digits come from bytes modulo 10.
pub fn roundtrip(data: &[u8]) {
    let Ok(f) = FuzzRequest::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let digits = |b: &[u8]| b.iter().map(|x| char::from(b'0' + x % 10)).collect::<String>();
    let mobile = digits(&f.mobile);
    let email = f.email.as_ref().map(|(l, d)| format!("{l}@{d}"));
    let country = f.country.as_deref().map(digits);
    let input = CustomerInput::new()
        .with(Field::ObjectReferenceId, f.object_reference_id.as_str())
        .with(Field::MobileNumber, mobile.as_str())
        .with(Field::EmailAddress, email.as_deref())
        .with(Field::FirstName, f.first_name.as_deref())
        .with(Field::MobileCountryCode, country.as_deref())
        .with(Field::GetClientAuthToken, f.token);
    if let Ok(req) = input.validate() {
        for (out, decode) in encodings(&req) {
            let back = decode(&out).expect("an encoded valid request decodes");
            assert_eq!(back, req);
            assert_eq!(back.into_owned(), req.clone().into_owned());
        }
    }
}
