//! The juspay-customer rules for JavaScript, through WebAssembly: the same
//! validation, messages and shapes as the Rust library and the
//! `juspay-customer` CLI, for sign-up pages and Node form handlers.
//!
//! One crate, two builds (`bash wasm/build.sh`):
//! - **web** (no features): validation only, for sign-up pages:
//!   `validateForm`, `validateFields`, `checkField`, `callingCode`, `rules`.
//!   It links no JSON reader (a page never holds a Juspay response: the API
//!   key must not reach it), and `.ci/run` holds it to 42 KB gzipped.
//! - **node** (feature `node`): the full API, adding `validateJson`,
//!   `parseResponse` and `clientAuthToken`, for Node servers; built for
//!   speed, its size reported, not gated.
//!
//! Each exported function is a thin wrapper over the library; the verdict
//! functions below are plain Rust and tested natively.

#![deny(missing_docs)]

use juspay_customer::calling_code::{self, Country};
use juspay_customer::{
    encode_form_into, rules, CustomerInput, CustomerRequest, Field, FieldError, FieldValue, JsonType,
    Messages, Notes, Policy,
};
#[cfg(feature = "node")]
use juspay_customer::{parse_response, summarize};
use wasm_bindgen::prelude::*;

/// The TypeScript the web and Node builds declare besides their functions.
// wasm-bindgen's section below copies it at compile time, unseen by the
// dead-code lint; the tests read it.
#[allow(dead_code)]
const TS_TYPES: &str = r#"
/** The request's keys, as the API spells them. */
export type FieldName = "object_reference_id" | "mobile_number" | "email_address" | "first_name" | "last_name" | "mobile_country_code" | "options.get_client_auth_token";
/** Why a field was refused or warned about: one name per reason. */
export type Reason = "missing" | "empty" | "too_short" | "too_long" | "not_a_digit" | "forbidden_character" | "missing_at" | "multiple_at" | "empty_local_part" | "empty_domain_part" | "edge_character" | "not_a_boolean" | "wrong_type" | "duplicate_key" | "invalid_utf8" | "not_json" | "not_an_object" | "unassigned_country_code" | "country_code_conflict" | "over_server_limit";
/**
 * One refused field (or warning), as the CLI writes it, plus `userMessage`: the
 * plain-language message for the person who typed it (English, or from
 * `options.messages`). `field` is null when the whole record is refused.
 */
export interface FieldErrorObject {
  field: FieldName | null;
  code: "MISSING_MANDATORY_PARAMETER" | "INVALID_INPUT";
  reason: Reason;
  message: string;
  userMessage: string;
}
/** What every verdict may carry besides its outcome (keys left out when empty). */
export interface VerdictNotes {
  /** Values the docs allow but Juspay's server code refuses (reason `over_server_limit`). */
  warnings?: FieldErrorObject[];
  /** Optional fields left out by `dropInvalidOptional`, each with why. */
  dropped?: FieldErrorObject[];
  /** The country calling code `normalize` moved from mobile_number to mobile_country_code. */
  split?: string;
  /** `normalize` removed an extension (`ext. 12`) after the mobile number: the API has no place for one. */
  extension_removed?: true;
  /** The names `repairNames` repaired (Node build). */
  repaired?: ("first_name" | "last_name")[];
}
/**
 * A verdict: the form body to send and each field's value as it will be sent
 * (normalized, `mobile_country_code` filled in), or every refused field.
 */
export type Verdict = ({ valid: true; body: string; fields: Fields } | { valid: false; errors: FieldErrorObject[] }) & VerdictNotes;
/** Options of the validate functions; every one is off by default. */
export interface CheckOptions {
  /**
   * Clean values first: trim, drop spaces and dashes in mobile numbers, Excel's leading ' and an extension,
   * split +CC / 00CC off the number, and remove a national prefix where libphonenumber does (06 12 34 56 29
   * from France is sent as 33 and 612345629). `checkField` honours it too.
   */
  normalize?: boolean;
  /**
   * The form's country, as a region ("FR") or a calling code ("33"): mobile_country_code when none is given,
   * and the region whose rules read a national prefix under `normalize`. Throws for neither.
   */
  country?: string;
  /** Repair a refused first_name or last_name (José → Jose, Mary Ann → Mary-Ann, O'Brien → OBrien). Node build only: the web build throws. */
  repairNames?: boolean;
  /** Keep the record by leaving out a refused first_name, last_name or email_address (listed in `dropped`). */
  dropInvalidOptional?: boolean;
  /** Refuse, rather than warn about, values longer than Juspay's server code accepts. */
  strict?: boolean;
  /** Your own words for `userMessage`: labels per field, templates per reason or field.reason. */
  messages?: { labels?: { [K in FieldName]?: string }; entries?: { [key: string]: string } };
}
/** The fields keyed by the API's names, as a form or JSON body holds them: any other key is a type error. */
export type Fields = { [K in FieldName]?: string | boolean | null };
/** One field's rule as data. Lengths count characters (Unicode scalar values). */
export interface FieldRule {
  required: boolean;
  type: "string" | "boolean";
  minLength?: number;
  maxLength?: number;
  /** Every character allowed, when the field has a set ("any" otherwise). */
  characters?: string;
  /** Characters neither side of the @ may start or end with (email only). */
  edgeForbidden?: string;
  default?: string;
  /** The rule in words, for a hint under the input. */
  hint: string;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = TS_TYPES;

/// The TypeScript the Node build adds.
#[cfg(feature = "node")]
#[allow(dead_code)]
const TS_NODE_TYPES: &str = r#"
/** What a response was: a customer, or one of the documented failures (`unexpected` for the rest). */
export type ResponseKind = "customer" | "missing_mandatory_parameter" | "invalid_input" | "already_exists" | "unauthorized" | "bad_origin" | "not_found" | "unexpected";
/** What `parseResponse` gives: the CLI `parse` summary. It never holds the client auth token. */
export interface ResponseSummary {
  kind: ResponseKind;
  status: number;
  request_id: string | null;
  fields: string[];
  [key: string]: unknown;
}
"#;

#[cfg(feature = "node")]
#[wasm_bindgen(typescript_custom_section)]
const NODE_TYPES: &'static str = TS_NODE_TYPES;

/// A property of `options`, if `options` is an object.
fn option(options: &JsValue, key: &str) -> JsValue {
    if options.is_object() {
        js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// What `options` asks for: the policy and the form's country.
#[derive(Clone, Copy, Debug, Default)]
pub struct Asked {
    /// The policy (absent, `undefined` or not an object: all off).
    pub policy: Policy,
    /// `options.country`.
    pub country: Option<Country>,
}

impl From<Policy> for Asked {
    fn from(policy: Policy) -> Self {
        Asked {
            policy,
            country: None,
        }
    }
}

/// The policy and country `options` asks for.
///
/// # Errors
/// A `country` that is neither a region nor an assigned calling code;
/// `repairNames` in the web build, which has no letter table.
fn asked(options: &JsValue) -> Result<Asked, JsError> {
    let on = |key| option(options, key).as_bool().unwrap_or(false);
    let mut policy = Policy::new();
    if on("normalize") {
        policy = policy.normalize();
    }
    if on("dropInvalidOptional") {
        policy = policy.drop_invalid_optional();
    }
    if on("strict") {
        policy = policy.strict();
    }
    if on("repairNames") {
        #[cfg(feature = "node")]
        {
            policy = policy.repair_names();
        }
        #[cfg(not(feature = "node"))]
        return Err(JsError::new(
            "repairNames needs the Node build (the web build has no table to fold letters with)",
        ));
    }
    let country = match option(options, "country").as_string() {
        None => None,
        Some(text) => Some(Country::parse(&text).ok_or_else(|| {
            JsError::new("options.country: neither a region (IN, FR) nor an assigned calling code (91, +33)")
        })?),
    };
    Ok(Asked { policy, country })
}

/// The catalog `options.messages` asks for: English with its labels and
/// entries in place.
///
/// # Errors
/// A key or template the catalog refuses, or a label for no field.
fn messages_option(options: &JsValue) -> Result<Messages, JsError> {
    let mut messages = Messages::default();
    let given = option(options, "messages");
    if !given.is_object() {
        return Ok(messages);
    }
    for (key, value) in entries(&option(&given, "labels")) {
        let field = Field::parse(&key)
            .ok_or_else(|| JsError::new(&format!("messages.labels: '{key}' is not a field name")))?;
        messages.set_label(field, value);
    }
    for (key, value) in entries(&option(&given, "entries")) {
        messages
            .set(&key, value)
            .map_err(|e| JsError::new(&format!("messages.entries: {e}")))?;
    }
    Ok(messages)
}

/// The string-valued entries of an object.
fn entries(object: &JsValue) -> Vec<(String, String)> {
    if !object.is_object() {
        return Vec::new();
    }
    js_sys::Object::entries(&js_sys::Object::from(object.clone()))
        .iter()
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// Sets a property of a fresh plain object.
fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

/// A plain JavaScript object with these entries, in this order.
fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        set(&object, key, value);
    }
    object.into()
}

/// One refused field as JavaScript: the object `FieldError`'s `Serialize`
/// writes (`{field, code, reason, message}`), built directly so that the web
/// build links no JSON writer (the native tests compare the two).
fn error_to_js(e: &FieldError, messages: &Messages) -> JsValue {
    object(&[
        (
            "field",
            e.field.map_or(JsValue::NULL, |f| JsValue::from_str(f.as_str())),
        ),
        ("code", JsValue::from_str(e.reason.code())),
        ("reason", JsValue::from_str(e.reason.as_str())),
        ("message", JsValue::from_str(&e.to_string())),
        ("userMessage", JsValue::from_str(&messages.render(e))),
    ])
}

/// A list of errors as a JavaScript array.
fn errors_to_js(errors: &[FieldError], messages: &Messages) -> JsValue {
    errors
        .iter()
        .map(|e| error_to_js(e, messages))
        .collect::<js_sys::Array>()
        .into()
}

/// A verdict as JavaScript: `{valid: true, body}` or `{valid: false,
/// errors}`, then `warnings`, `dropped` and `split` when there are any.
#[cfg_attr(feature = "node", allow(dead_code))]
fn verdict_to_js((outcome, notes): &Decided, messages: &Messages) -> JsValue {
    let mut entries = match outcome {
        Ok(request) => {
            let fields = js_sys::Object::new();
            for (field, value) in request.text_fields() {
                set(&fields, field.as_str(), &JsValue::from_str(value));
            }
            if let Some(b) = request.get_client_auth_token() {
                set(
                    &fields,
                    Field::GetClientAuthToken.as_str(),
                    &JsValue::from_bool(b),
                );
            }
            vec![
                ("valid", JsValue::TRUE),
                ("body", JsValue::from_str(&form_body(request))),
                ("fields", fields.into()),
            ]
        }
        Err(errors) => vec![
            ("valid", JsValue::FALSE),
            ("errors", errors_to_js(errors, messages)),
        ],
    };
    if !notes.warnings.is_empty() {
        entries.push(("warnings", errors_to_js(&notes.warnings, messages)));
    }
    if !notes.dropped.is_empty() {
        entries.push(("dropped", errors_to_js(&notes.dropped, messages)));
    }
    if let Some(code) = notes.split {
        entries.push(("split", JsValue::from_str(&code.to_string())));
    }
    if notes.extension_removed {
        entries.push(("extension_removed", JsValue::TRUE));
    }
    if !notes.repaired.is_empty() {
        let repaired: js_sys::Array = notes
            .repaired
            .iter()
            .map(|f| JsValue::from_str(f.as_str()))
            .collect();
        entries.push(("repaired", repaired.into()));
    }
    object(&entries)
}

/// A verdict for JavaScript: in the Node build the library's
/// [`juspay_customer::VerdictJson`] text (the CLI's shape, with `fields` and
/// each error's `userMessage`), read by one `JSON.parse`; in the web build,
/// the same object built by [`verdict_to_js`].
///
/// Why: every string that crosses from Rust to JavaScript is decoded on its
/// own (wasm-bindgen's `TextDecoder` call), and a verdict built property by
/// property sends each key and value so, a dozen crossings for a valid one.
/// One string and `JSON.parse` cost a fraction of that (BENCHMARKS.md has
/// the figures). The web build keeps the direct build: it links no JSON
/// writer, for its size (the native tests hold the two shapes together).
fn verdict_out(decided: &Decided, messages: &Messages) -> JsValue {
    #[cfg(feature = "node")]
    {
        let text = json_out::verdict(decided, messages);
        js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
    }
    #[cfg(not(feature = "node"))]
    {
        verdict_to_js(decided, messages)
    }
}

/// The verdict as JSON text: the library's shape, each error with its
/// `userMessage`, a valid one with its `fields`.
#[cfg(feature = "node")]
mod json_out {
    use super::{Decided, Messages};
    use juspay_customer::{CustomerRequest, Field, FieldError, VerdictJson};
    use serde::ser::{Serialize, SerializeMap, Serializer};

    struct Fields<'a>(&'a CustomerRequest<'static>);
    struct Error<'a>(&'a FieldError, &'a Messages);

    /// The verdict's JSON text.
    pub(super) fn verdict((outcome, notes): &Decided, messages: &Messages) -> String {
        fn with<'a>(errors: &'a [FieldError], messages: &'a Messages) -> Vec<Error<'a>> {
            errors.iter().map(|e| Error(e, messages)).collect()
        }
        let (warnings, dropped) = (with(&notes.warnings, messages), with(&notes.dropped, messages));
        let mut out = Vec::new();
        match outcome {
            Ok(request) => VerdictJson::valid(request, notes)
                .with_fields(&Fields(request))
                .with_notes(&warnings, &dropped)
                .write_into(&mut out),
            Err(errors) => VerdictJson::refused(&with(errors, messages), notes)
                .with_notes(&warnings, &dropped)
                .write_into(&mut out),
        }
        // JSON text from strings that were UTF-8: the empty arm is never taken.
        String::from_utf8(out).unwrap_or_default()
    }

    impl Serialize for Fields<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(None)?;
            for (field, value) in self.0.text_fields() {
                map.serialize_entry(field.as_str(), value)?;
            }
            if let Some(b) = self.0.get_client_auth_token() {
                map.serialize_entry(Field::GetClientAuthToken.as_str(), &b)?;
            }
            map.end()
        }
    }

    impl Serialize for Error<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let Error(e, messages) = self;
            let mut map = s.serialize_map(Some(5))?;
            map.serialize_entry("field", &e.field.map(Field::as_str))?;
            map.serialize_entry("code", e.reason.code())?;
            map.serialize_entry("reason", e.reason.as_str())?;
            map.serialize_entry("message", &e.to_string())?;
            map.serialize_entry("userMessage", &messages.render(e))?;
            map.end()
        }
    }
}

/// The form body a request sends.
pub fn form_body(request: &CustomerRequest<'_>) -> String {
    let mut body = Vec::new();
    encode_form_into(request, &mut body);
    // The form encoder writes only ASCII.
    String::from_utf8(body).unwrap_or_default()
}

/// A verdict as plain Rust: the request to send or every refused field,
/// and the policy's notes.
pub type Decided = (Result<CustomerRequest<'static>, Vec<FieldError>>, Notes);

/// The verdict for an input under what the options ask (a [`Policy`]
/// alone, or with the form's country).
pub fn verdict(input: Result<CustomerInput<'_>, FieldError>, asked: impl Into<Asked>) -> Decided {
    let input = match input {
        Ok(input) => input,
        Err(e) => return (Err(vec![e]), Notes::default()),
    };
    let asked = asked.into();
    let decided = asked.policy.check_with_country(input, asked.country);
    let outcome = match decided.request {
        Ok(request) => Ok(request.into_owned()),
        Err(errors) => Err(errors.into_iter().collect()),
    };
    (outcome, decided.notes)
}

/// The verdict for a form body.
pub fn verdict_of_form(body: &[u8], asked: impl Into<Asked>) -> Decided {
    verdict(Ok(CustomerInput::from_form(body)), asked)
}

/// The verdict for a JSON body.
#[cfg(feature = "node")]
pub fn verdict_of_json(text: &[u8], asked: impl Into<Asked>) -> Decided {
    verdict(CustomerInput::from_json(text), asked)
}

/// Whether `text`, converted to `converted`, was well-formed UTF-16 (no lone
/// surrogate). The conversion writes U+FFFD for a lone surrogate, so a
/// result without U+FFFD was well-formed; only one with U+FFFD (real or
/// written) is checked unit by unit, as js-sys's `is_valid_utf16` does with
/// a `charCodeAt` call per unit (a few microseconds for a 200-character
/// record, a quarter of a call's cost before this check).
fn well_formed(text: &js_sys::JsString, converted: &str) -> bool {
    // A byte search: `str::contains` with a char links a string searcher
    // the web build's size cannot afford.
    !converted
        .as_bytes()
        .windows(3)
        .any(|w| w == "\u{FFFD}".as_bytes())
        || text.is_valid_utf16()
}

/// A JavaScript string as UTF-8 bytes, each lone surrogate (half an emoji,
/// left by a `maxlength` cut; it has no UTF-8 form) written by `lone`.
/// `what` names the argument in the error for a non-string.
fn utf16_to_bytes(value: &JsValue, what: &str, lone: impl Fn(u16, &mut Vec<u8>)) -> Result<Vec<u8>, JsError> {
    let text = value
        .dyn_ref::<js_sys::JsString>()
        .ok_or_else(|| JsError::new(&format!("{what} must be a string")))?;
    let converted = String::from(text);
    if well_formed(text, &converted) {
        return Ok(converted.into_bytes());
    }
    let mut out = Vec::with_capacity(text.length() as usize * 3);
    for unit in char::decode_utf16(text.iter()) {
        match unit {
            Ok(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(e) => lone(e.unpaired_surrogate(), &mut out),
        }
    }
    Ok(out)
}

/// A form body for the library's decoders: a lone surrogate becomes the
/// three bytes its code point would take (WTF-8), which are not UTF-8, so
/// the decoder refuses the field that holds it as `invalid_utf8`, as it
/// does such bytes in any form body. Never replaced with U+FFFD.
fn js_bytes(value: &JsValue, what: &str) -> Result<Vec<u8>, JsError> {
    utf16_to_bytes(value, what, |u, out| {
        out.extend_from_slice(&[
            0xE0 | (u >> 12) as u8,
            0x80 | ((u >> 6) & 0x3F) as u8,
            0x80 | (u & 0x3F) as u8,
        ]);
    })
}

/// A JSON text: a lone surrogate becomes its JSON escape (`\ud83d`), which
/// inside a string the library refuses as `invalid_utf8` for that field
/// (and outside one is a syntax error, as the surrogate itself would be).
#[cfg(feature = "node")]
fn js_json_bytes(value: &JsValue) -> Result<Vec<u8>, JsError> {
    utf16_to_bytes(value, "the JSON text", |u, out| {
        out.extend_from_slice(format!("\\u{u:04x}").as_bytes());
    })
}

/// An HTTP status from JavaScript: an integer from 100 to 999, as the CLI's
/// `parse --status` takes. A number is never wrapped (65736 is not 200).
#[cfg(feature = "node")]
fn status_of(status: f64) -> Result<u16, JsError> {
    if status.fract() == 0.0 && (100.0..=999.0).contains(&status) {
        Ok(status as u16)
    } else {
        Err(JsError::new(&format!(
            "status must be an integer from 100 to 999, not {status}"
        )))
    }
}

/// One entry of a field's rule, as [`rules()`] gives it.
#[derive(Debug, PartialEq)]
pub enum RuleValue {
    /// `required`.
    Bool(bool),
    /// A length.
    Length(usize),
    /// A type, a character set, the default or the hint.
    Text(String),
}

/// A field's rule as [`rules()`] gives it, entry by entry, from the
/// library's constants.
pub fn rule(field: Field) -> Vec<(&'static str, RuleValue)> {
    use RuleValue::{Bool, Length, Text};
    let (alnum, digits) = (rules::ASCII_ALPHANUMERIC, rules::DIGITS);
    let kind = if field == Field::GetClientAuthToken {
        "boolean"
    } else {
        "string"
    };
    let mut rule = vec![
        ("required", Bool(field.is_required())),
        ("type", Text(kind.to_owned())),
        ("hint", Text(rules::description(field))),
    ];
    let (lengths, characters) = match field {
        Field::ObjectReferenceId => (
            (rules::OBJECT_REFERENCE_ID_MIN, rules::OBJECT_REFERENCE_ID_MAX),
            "any".to_owned(),
        ),
        Field::MobileNumber => (
            (rules::MOBILE_NUMBER_MIN, rules::MOBILE_NUMBER_MAX),
            digits.to_owned(),
        ),
        Field::EmailAddress => (
            (rules::EMAIL_ADDRESS_MIN, rules::EMAIL_ADDRESS_MAX),
            alnum.to_owned() + rules::EMAIL_SPECIALS + "@",
        ),
        Field::FirstName | Field::LastName => (
            (rules::NAME_MIN, rules::NAME_MAX),
            alnum.to_owned() + rules::NAME_SPECIALS,
        ),
        Field::MobileCountryCode => (
            (rules::MOBILE_COUNTRY_CODE_MIN, rules::MOBILE_COUNTRY_CODE_MAX),
            digits.to_owned(),
        ),
        Field::GetClientAuthToken => return rule,
    };
    rule.push(("minLength", Length(lengths.0)));
    rule.push(("maxLength", Length(lengths.1)));
    rule.push(("characters", Text(characters)));
    if field == Field::EmailAddress {
        rule.push(("edgeForbidden", Text(rules::EMAIL_EDGE_FORBIDDEN.to_owned())));
    }
    if field == Field::MobileCountryCode {
        rule.push(("default", Text(rules::DEFAULT_MOBILE_COUNTRY_CODE.to_owned())));
    }
    rule
}

/// Validates a form body (`object_reference_id=...&mobile_number=...`) and
/// returns the verdict the `juspay-customer check` CLI writes for it, less
/// its `line`, plus `fields`: `{valid: true, body, fields}` with the form
/// body to send and each field's value as it will be sent (what a form shows
/// back after `normalize`), or
/// `{valid: false, errors: [{field, code, reason, message, userMessage}]}`
/// listing every refused field; `warnings`, `dropped` and `split` when there
/// are any. Throws for `options.messages` the catalog refuses.
#[wasm_bindgen(js_name = validateForm, unchecked_return_type = "Verdict")]
pub fn validate_form(
    #[wasm_bindgen(unchecked_param_type = "string")] body: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let messages = messages_option(&options)?;
    let body = js_bytes(&body, "the form body")?;
    Ok(verdict_out(&verdict_of_form(&body, asked(&options)?), &messages))
}

/// Validates a JSON body (one object with the API's key names) and returns
/// the same verdict as `validateForm`. A value of the wrong type is an error
/// for its field, never for the whole body. Node build only.
#[cfg(feature = "node")]
#[wasm_bindgen(js_name = validateJson, unchecked_return_type = "Verdict")]
pub fn validate_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let messages = messages_option(&options)?;
    let text = js_json_bytes(&text)?;
    Ok(verdict_out(&verdict_of_json(&text, asked(&options)?), &messages))
}

/// Validates fields given as an object keyed by the API's field names
/// (`{object_reference_id: "...", "options.get_client_auth_token": true}`):
/// strings, booleans, or null for absent. Other keys are ignored; a number,
/// array or object is a wrong type for its field.
#[wasm_bindgen(js_name = validateFields, unchecked_return_type = "Verdict")]
pub fn validate_fields(
    #[wasm_bindgen(unchecked_param_type = "Fields")] fields: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let messages = messages_option(&options)?;
    let mut input = CustomerInput::new();
    if fields.is_object() {
        for entry in js_sys::Object::entries(&js_sys::Object::from(fields)).iter() {
            let pair = js_sys::Array::from(&entry);
            // Keys that are not the API's field names are ignored; a JS
            // object cannot hold one twice.
            let Some(field) = pair.get(0).as_string().and_then(|k| Field::parse(&k)) else {
                continue;
            };
            input.set(field, field_value(&pair.get(1)));
        }
    }
    Ok(verdict_out(&verdict(Ok(input), asked(&options)?), &messages))
}

/// A JavaScript value as a field value: a string with a lone surrogate is
/// `invalid_utf8`, never replaced.
fn field_value(value: &JsValue) -> FieldValue<'static> {
    if let Some(text) = value.dyn_ref::<js_sys::JsString>() {
        let converted = String::from(text);
        if well_formed(text, &converted) {
            FieldValue::from(converted)
        } else {
            FieldValue::InvalidUtf8
        }
    } else if let Some(b) = value.as_bool() {
        FieldValue::Bool(b)
    } else if value.is_null() || value.is_undefined() {
        FieldValue::Null
    } else if js_sys::Array::is_array(value) {
        FieldValue::WrongType(JsonType::Array)
    } else if value.as_f64().is_some() {
        FieldValue::WrongType(JsonType::Number)
    } else {
        FieldValue::WrongType(JsonType::Object)
    }
}

/// Checks one field's value as the user types: `null` when the field accepts
/// it (an empty optional field is absent, so accepted), otherwise one error
/// `{field, code, reason, message, userMessage}` (`options.messages` words
/// `userMessage`). Throws for a name that is not one of the API's field
/// names. It checks the value as typed, or with `options.normalize` as
/// cleaning makes it (`+91 98765-43210` passes then, as `validateForm`
/// with `normalize` accepts it on submit); `options.country` and
/// `repairNames` are read as there.
#[wasm_bindgen(js_name = checkField, unchecked_return_type = "FieldErrorObject | null")]
pub fn check_field(
    #[wasm_bindgen(unchecked_param_type = "FieldName")] field: &str,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let field =
        Field::parse(field).ok_or_else(|| JsError::new("not a field name of the Create Customer request"))?;
    let value = field_value(&value);
    let asked = asked(&options)?;
    let outcome = if asked.policy == Policy::new() && asked.country.is_none() {
        // The common case returns at once, without building anything.
        value.check(field)
    } else {
        // The field alone through the verdict: its value as cleaned, and its
        // own refusal (a conflict with a field the form has not sent is no
        // refusal of this one).
        let mut input = CustomerInput::new();
        input.set(field, value);
        match asked.policy.check_with_country(input, asked.country).request {
            Ok(_) => Ok(()),
            Err(errors) => errors
                .into_iter()
                .find(|e| e.field == Some(field))
                .map_or(Ok(()), |e| Err(e.reason)),
        }
    };
    match outcome {
        Ok(()) => Ok(JsValue::NULL),
        Err(reason) => Ok(error_to_js(
            &FieldError::new(field, reason),
            &messages_option(&options)?,
        )),
    }
}

/// The country calling code of a region, ISO 3166-1 alpha-2 in any case
/// (`"IN"` → `"91"`, `"us"` → `"1"`), from libphonenumber's metadata;
/// `undefined` for a code it does not know.
#[wasm_bindgen(js_name = callingCode)]
pub fn calling_code_js(region: &str) -> Option<String> {
    // A region only: two ASCII letters (a calling code is not a region).
    let letters = region.len() == 2 && region.bytes().all(|b| b.is_ascii_alphabetic());
    letters
        .then(|| calling_code::Country::parse(region))
        .flatten()
        .map(|c| c.calling_code().to_string())
}

/// Reads a response (its HTTP status and body text) and returns the summary
/// the CLI's `parse` prints: `{kind, status, request_id, fields, ...}`, with
/// `id`, `object_reference_id` and `client_auth_token_expiry` for a
/// customer. It never holds the client auth token, so logging it is safe;
/// use `clientAuthToken` to get the token. Node build only.
#[cfg(feature = "node")]
#[wasm_bindgen(js_name = parseResponse, unchecked_return_type = "ResponseSummary")]
pub fn parse_response_js(status: f64, body: &str) -> Result<JsValue, JsError> {
    let outcome = parse_response(status_of(status)?, body.as_bytes());
    // The summary is a few strings: its JSON text parses in any engine.
    let text = summarize(&outcome);
    Ok(js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL))
}

/// The client auth token of a customer response, or `undefined`: the one
/// place the token comes out, to hand it to Juspay's client SDK. Node build
/// only.
#[cfg(feature = "node")]
#[wasm_bindgen(js_name = clientAuthToken)]
pub fn client_auth_token(status: f64, body: &str) -> Result<Option<String>, JsError> {
    let Ok(customer) = parse_response(status_of(status)?, body.as_bytes()) else {
        return Ok(None);
    };
    Ok(customer.client_auth_token().map(|t| t.expose().to_owned()))
}

/// The rules as data, keyed by the API's field names: `required`, `type`,
/// `minLength`/`maxLength`, the allowed `characters`, `edgeForbidden`,
/// `default` and a `hint` in words. Lengths count characters (Unicode
/// scalar values), while HTML's `maxlength` counts UTF-16 units: an emoji
/// is one character here and two for `maxlength`, so use `maxlength` only as
/// a soft hint and let `checkField` decide.
#[wasm_bindgen(unchecked_return_type = "{ [K in FieldName]: FieldRule }")]
pub fn rules() -> JsValue {
    let all = js_sys::Object::new();
    for field in Field::ALL {
        let entries: Vec<(&str, JsValue)> = rule(field)
            .into_iter()
            .map(|(key, value)| {
                let value = match value {
                    RuleValue::Bool(b) => JsValue::from_bool(b),
                    RuleValue::Length(n) => JsValue::from_f64(n as f64),
                    RuleValue::Text(s) => JsValue::from_str(&s),
                };
                (key, value)
            })
            .collect();
        set(&all, field.as_str(), &object(&entries));
    }
    all.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "node")]
    use serde_json::{json, Value};

    /// The literal union `export type NAME = ...;` of a TypeScript section.
    fn union(section: &str, name: &str) -> Vec<String> {
        let start = format!("export type {name} = ");
        let line = section
            .lines()
            .find_map(|l| l.strip_prefix(start.as_str()))
            .unwrap_or_else(|| panic!("no {name}"));
        line.trim_end_matches(';')
            .split(" | ")
            .map(|v| v.trim_matches('"').to_owned())
            .collect()
    }

    /// The TypeScript unions are the library's names, in its order: the
    /// fields, and every reason the catalog words (the library tests that
    /// the catalog has an entry for every reason).
    #[test]
    fn the_typescript_unions_are_the_librarys_names() {
        let fields: Vec<String> = Field::ALL.iter().map(|f| f.as_str().to_owned()).collect();
        assert_eq!(union(TS_TYPES, "FieldName"), fields);
        let reasons: Vec<String> = Messages::ENGLISH
            .iter()
            .filter(|(key, _)| !key.contains('.'))
            .map(|(key, _)| (*key).to_owned())
            .collect();
        assert_eq!(union(TS_TYPES, "Reason"), reasons);
    }

    #[test]
    #[cfg(feature = "node")]
    fn the_response_kinds_are_the_librarys() {
        use juspay_customer::{ApiError, ErrorBody, RawBody};
        let body = || Box::new(ErrorBody::default());
        let mut kinds = vec!["customer".to_owned()];
        for e in [
            ApiError::MissingMandatoryParameter(body()),
            ApiError::InvalidInput(body()),
            ApiError::AlreadyExists(body()),
            ApiError::Unauthorized(body()),
            ApiError::BadOrigin(body()),
            ApiError::NotFound(RawBody::new(b"")),
            ApiError::Unexpected {
                status: 500,
                body: RawBody::new(b""),
                parsed: None,
            },
        ] {
            kinds.push(e.kind().to_owned());
        }
        assert_eq!(union(TS_NODE_TYPES, "ResponseKind"), kinds);
    }

    /// The verdict as the CLI's JSON, less `line` (and less each error's
    /// `userMessage`, which only the binding adds): what `verdict_to_js` builds.
    #[cfg(feature = "node")]
    fn shape((outcome, notes): Decided) -> Value {
        let mut out = match outcome {
            Ok(request) => json!({ "valid": true, "body": form_body(&request) }),
            Err(errors) => json!({ "valid": false, "errors": errors }),
        };
        if !notes.warnings.is_empty() {
            out["warnings"] = json!(notes.warnings);
        }
        if !notes.dropped.is_empty() {
            out["dropped"] = json!(notes.dropped);
        }
        if let Some(code) = notes.split {
            out["split"] = json!(code.to_string());
        }
        if notes.extension_removed {
            out["extension_removed"] = json!(true);
        }
        if !notes.repaired.is_empty() {
            out["repaired"] = json!(notes.repaired.iter().map(|f| f.as_str()).collect::<Vec<_>>());
        }
        out
    }

    /// A valid verdict's fields are what its body sends, normalized.
    #[test]
    fn a_valid_verdict_gives_the_fields_sent() {
        let (outcome, _) = verdict_of_form(
            b"object_reference_id=+cust_123489+&mobile_number=%2B91+98765-43210&options.get_client_auth_token=true",
            Policy::new().normalize(),
        );
        let request = outcome.unwrap();
        assert_eq!(
            request.text_fields().collect::<Vec<_>>(),
            [
                (Field::ObjectReferenceId, "cust_123489"),
                (Field::MobileNumber, "9876543210"),
                (Field::MobileCountryCode, "91"),
            ]
        );
        assert_eq!(request.get_client_auth_token(), Some(true));
        assert_eq!(
            form_body(&request),
            "object_reference_id=cust_123489&mobile_number=9876543210&mobile_country_code=91&options.get_client_auth_token=true"
        );
    }

    #[test]
    #[cfg(feature = "node")]
    fn verdicts_have_the_cli_shape() {
        assert_eq!(
            shape(verdict_of_form(
                b"object_reference_id=cust_123489&mobile_number=99887766",
                Policy::new()
            )),
            json!({"valid": true, "body": "object_reference_id=cust_123489&mobile_number=99887766&mobile_country_code=91"})
        );
        assert_eq!(
            shape(verdict_of_json(
                br#"{"mobile_number":"9988 7766"}"#,
                Policy::new()
            )),
            json!({"valid": false, "errors": [
                {"field": "object_reference_id", "code": "MISSING_MANDATORY_PARAMETER", "reason": "missing", "message": "object_reference_id is missing"},
                {"field": "mobile_number", "code": "INVALID_INPUT", "reason": "not_a_digit", "message": "mobile_number has ' ' at position 5, only digits 0-9 are allowed"}
            ]})
        );
        assert_eq!(
            shape(verdict_of_json(
                br#"{"object_reference_id":"cust_123489","mobile_number":"+65 9123 4567","first_name":"Mary Ann"}"#,
                Policy::new().normalize().drop_invalid_optional()
            )),
            json!({"valid": true,
                "body": "object_reference_id=cust_123489&mobile_number=91234567&mobile_country_code=65",
                "dropped": [{"field": "first_name", "code": "INVALID_INPUT", "reason": "forbidden_character", "message": "first_name has forbidden character ' ' at position 5"}],
                "split": "65"})
        );
        // A national number read by the form's country, an extension, a
        // repaired name.
        let asked = Asked {
            policy: Policy::new().normalize().repair_names(),
            country: Country::parse("FR"),
        };
        assert_eq!(
            shape(verdict_of_json(
                br#"{"object_reference_id":"cust_123489","mobile_number":"'06 12 34 56 29 ext. 7","first_name":"Zo\u00eb"}"#,
                asked
            )),
            json!({"valid": true,
                "body": "object_reference_id=cust_123489&mobile_number=612345629&first_name=Zoe&mobile_country_code=33",
                "extension_removed": true,
                "repaired": ["first_name"]})
        );
    }

    #[test]
    fn rules_come_from_the_library() {
        let get = |field, key| rule(field).into_iter().find(|(k, _)| *k == key).map(|(_, v)| v);
        use RuleValue::{Length, Text};
        assert_eq!(
            get(Field::ObjectReferenceId, "minLength"),
            Some(Length(rules::OBJECT_REFERENCE_ID_MIN))
        );
        assert_eq!(
            get(Field::MobileNumber, "maxLength"),
            Some(Length(rules::MOBILE_NUMBER_MAX))
        );
        assert_eq!(
            get(Field::MobileCountryCode, "default"),
            Some(Text("91".to_owned()))
        );
        assert_eq!(
            get(Field::GetClientAuthToken, "type"),
            Some(Text("boolean".to_owned()))
        );
        assert_eq!(get(Field::GetClientAuthToken, "minLength"), None);
        assert!(matches!(get(Field::EmailAddress, "characters"), Some(Text(s)) if s.contains('`')));
        assert_eq!(
            get(Field::EmailAddress, "edgeForbidden"),
            Some(Text("._".to_owned()))
        );
    }
}
