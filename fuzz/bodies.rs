//! The fuzz targets' bodies. `tests/fuzz_regressions.rs` includes this file
//! too, so every seed and every input a fuzzer ever found is replayed by
//! `cargo test` on stable.

#![allow(dead_code)]

use arbitrary::{Arbitrary, Unstructured};
use juspay_customer::{
    decode_form, decode_json, encode_response, normalize, rules, ApiError, CustomerInput, CustomerRequest,
    Encoding, Field, FieldValue, JsonType,
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
            e.request_id(),
            e.fields(),
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
    if let Ok(c) = &outcome {
        if let Some(t) = c.client_auth_token() {
            assert_token_hidden(c, t.expose());
        }
    }
}

/// `Debug` of a customer never shows its token, unless the same text stands
/// in a field `Debug` shows on purpose (a token equal to the id, say), or is
/// too short to tell from the output's own words.
fn assert_token_hidden(c: &juspay_customer::Customer, token: &str) {
    let dbg = format!("{c:?}");
    let shown = [
        Some(c.id.as_str()),
        c.customer_id.as_deref(),
        c.object.as_deref(),
        c.object_reference_id.as_deref(),
        c.mobile_country_code.as_deref(),
        c.first_name.as_deref(),
        c.last_name.as_deref(),
        c.date_created.as_ref().map(|t| t.as_str()),
        c.last_updated.as_ref().map(|t| t.as_str()),
        c.client_auth_token_expiry().map(|t| t.as_str()),
    ];
    // Extra keys' names are shown on purpose (their values are not).
    let keys = c.extra.keys().chain(c.juspay.iter().flat_map(|j| j.extra.keys()));
    let elsewhere = shown
        .iter()
        .flatten()
        .map(|s| format!("{s:?}"))
        .chain(keys.map(|k| format!("{k:?}")))
        .any(|s| s.contains(token));
    let structural =
        "Customer { id: customer_id: object: object_reference_id: mobile_country_code: mobile_number: \
        email_address: first_name: last_name: date_created: last_updated: juspay: extra: Some(None) \
        JuspayAuth { client_auth_token: ClientAuthToken(<redacted>) client_auth_token_expiry: Timestamp { \
        text: parsed: DateTime { year: month: day: hour: minute: second: nanosecond: offset_minutes: } \
        [] 0123456789 \"*-";
    assert!(
        token.chars().count() < 4 || structural.contains(token) || elsewhere || !dbg.contains(token),
        "token in Debug"
    );
}

/// What every decoded request must satisfy.
fn check_decoded(outcome: Result<CustomerRequest<'_>, juspay_customer::ValidationErrors>) {
    match outcome {
        Ok(req) => {
            for enc in [Encoding::Form, Encoding::Json] {
                let mut out = Vec::new();
                enc.encode_into(&req, &mut out);
                assert_eq!(enc.decode(&out).as_ref(), Ok(&req), "{enc:?}");
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
    let outcome = input.validate();
    let refused: Vec<Field> = match &outcome {
        Ok(_) => vec![],
        Err(e) => e.errors().iter().filter_map(|e| e.field).collect(),
    };
    for field in Field::ALL {
        if let FieldValue::Text(t) = input.get(field) {
            let empty_optional = t.is_empty() && !field.is_required();
            let want_refused = !empty_optional && rules::check_field(field, t).is_err();
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
        for enc in [Encoding::Form, Encoding::Json] {
            let mut out = Vec::new();
            enc.encode_into(&req, &mut out);
            let back = enc.decode(&out).expect("an encoded valid request decodes");
            assert_eq!(back, req, "{enc:?}");
            assert_eq!(back.into_owned(), req.clone().into_owned());
        }
    }
}
