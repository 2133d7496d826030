//! Responses: [`parse_response`] turns a status code and body bytes into a
//! [`Customer`] or a typed [`ApiError`]; each type encodes back into the
//! documented shape for fakes and proxies.

mod customer;
mod error_body;
mod loose;
mod timestamp;

use std::fmt;

pub use customer::Customer;
pub use error_body::ErrorBody;
use error_body::{ErrorInfo, FieldReason};
pub(crate) use timestamp::http_date_unix_seconds;
pub use timestamp::Timestamp;

use crate::error::{ErrorCode, ValidationErrors};
use customer::CustomerDraft;
use error_body::ErrorDraft;
use loose::read_object;
pub use loose::RawJson;
use serde::Serialize;

/// The most bytes of an unrecognised body that [`RawBody`] stores: 64 KiB.
pub const RAW_BODY_LIMIT: usize = 64 * 1024;

/// The largest body [`parse_response`] reads: 1 MiB. A larger one is
/// [`ApiError::Unexpected`] with its first [`RAW_BODY_LIMIT`] bytes and its
/// length, unparsed. Every documented response is under 2 KiB, so a body
/// this large is not one of them; the cap is what bounds memory.
pub const BODY_LIMIT: usize = 1 << 20;

/// A body kept as bytes, capped at [`RAW_BODY_LIMIT`]. `Debug` shows only
/// its length, since a body may echo personal data.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawBody {
    bytes: Vec<u8>,
    len: usize,
}

impl RawBody {
    /// Keeps the first [`RAW_BODY_LIMIT`] bytes of `body` and its full length.
    pub fn new(body: &[u8]) -> Self {
        RawBody {
            bytes: body[..body.len().min(RAW_BODY_LIMIT)].to_vec(),
            len: body.len(),
        }
    }

    /// The stored bytes: the whole body unless [`RawBody::is_truncated`].
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The length of the body as received.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the body was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether only the first [`RAW_BODY_LIMIT`] bytes were kept.
    pub fn is_truncated(&self) -> bool {
        self.len > self.bytes.len()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawBody(<{} bytes>)", self.len)
    }
}

/// Every documented way a Create Customer call can fail.
///
/// ```
/// use juspay_customer::{decode_form, parse_response, ApiError};
/// // A pre-validation failure and a server rejection are the same type.
/// let local = ApiError::from(decode_form(b"object_reference_id=cust_123489&mobile_number=-1").unwrap_err());
/// let (status, body) = local.to_http();
/// assert_eq!(status, 400);
/// match parse_response(status, &body) {
///     Err(ApiError::InvalidInput(e)) => assert_eq!(e.field_names().collect::<Vec<_>>(), ["mobile_number"]),
///     other => panic!("{other:?}"),
/// }
/// ```
///
/// Non-exhaustive: new documented failures add variants.
///
/// For logs, [`summarize`] gives the codes and messages and never a value of
/// the body's other keys. To keep or cache the whole response, use
/// [`ApiError::to_http`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ApiError {
    /// 400 with `error_info.code` `MISSING_MANDATORY_PARAMETER`, or with no
    /// code and `error_code` `nullable` (*Create Customer API* page): a required field is absent.
    MissingMandatoryParameter(Box<ErrorBody>),
    /// 400 with `error_info.code` `INVALID_INPUT` (*Create Customer API* page and its error-code table): a value
    /// is wrong; `error_info.fields` says which.
    InvalidInput(Box<ErrorBody>),
    /// 400 with `error_info.code` `ALREADY_EXISTS`, or with no code and
    /// `error_code` `unique` (*Create Customer API* page and its error-code table): the object_reference_id is taken.
    AlreadyExists(Box<ErrorBody>),
    /// 401 with `error_info.code` `UNAUTHORIZED`, or with no code and
    /// `error_code` `access_denied` (*Create Customer API* page): wrong or inactive API key.
    Unauthorized(Box<ErrorBody>),
    /// 403 with `error_info.code` `BAD_ORIGIN` (*Create Customer API* page): the caller's IP is
    /// not whitelisted. Its `error_message` says "Internal Server error.",
    /// which is misleading: read `error_info.developer_message`.
    BadOrigin(Box<ErrorBody>),
    /// 404, whatever the body (the *Create Customer API* page: often empty or HTML): wrong endpoint.
    NotFound(RawBody),
    /// Everything else: other statuses, non-JSON bodies, a 200 without a
    /// string `id`, the short 400 shape of the *Create Customer* and *Get or Create Customer* pages with no known code,
    /// unknown codes, a known code under the wrong status.
    Unexpected {
        /// The HTTP status.
        status: u16,
        /// The body as received, capped.
        body: RawBody,
        /// The body read as an error body, when it was a JSON object.
        parsed: Option<Box<ErrorBody>>,
    },
}

/// The kind names, as the `parse` CLI prints them.
impl ApiError {
    /// `missing_mandatory_parameter`, `invalid_input`, `already_exists`,
    /// `unauthorized`, `bad_origin`, `not_found` or `unexpected`.
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::MissingMandatoryParameter(_) => "missing_mandatory_parameter",
            ApiError::InvalidInput(_) => "invalid_input",
            ApiError::AlreadyExists(_) => "already_exists",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::BadOrigin(_) => "bad_origin",
            ApiError::NotFound(_) => "not_found",
            ApiError::Unexpected { .. } => "unexpected",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::MissingMandatoryParameter(_)
            | ApiError::InvalidInput(_)
            | ApiError::AlreadyExists(_) => 400,
            ApiError::Unauthorized(_) => 401,
            ApiError::BadOrigin(_) => 403,
            ApiError::NotFound(_) => 404,
            ApiError::Unexpected { status, .. } => *status,
        }
    }

    /// Whether sending the same request again may succeed: status 429 (rate
    /// limited), 500, 502, 503 or 504 (the server or a gateway failed; the
    /// request may or may not have been carried out). The one place
    /// [`crate::retry::RetryPlan`] asks.
    ///
    /// ```
    /// use juspay_customer::parse_response;
    /// assert!(parse_response(503, b"<html>busy</html>").unwrap_err().is_retryable());
    /// assert!(!parse_response(404, b"").unwrap_err().is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        matches!(self.status(), 429 | 500 | 502 | 503 | 504)
    }

    /// Whether the caller must change something before trying again: any
    /// 4xx but 408 and 429, which say nothing about the request. 400 is the
    /// request's body (every documented 400); 401, 403 and 404 are the
    /// caller's key, address or base URL, so every request of the same
    /// config will fail alike. Never true when [`ApiError::is_retryable`] is.
    pub fn is_caller_fault(&self) -> bool {
        let status = self.status();
        (400..500).contains(&status) && status != 408 && status != 429
    }

    /// The JSON error body, when there was one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            ApiError::MissingMandatoryParameter(b)
            | ApiError::InvalidInput(b)
            | ApiError::AlreadyExists(b)
            | ApiError::Unauthorized(b)
            | ApiError::BadOrigin(b) => Some(b),
            ApiError::NotFound(_) => None,
            ApiError::Unexpected { parsed, .. } => parsed.as_deref(),
        }
    }

    /// The response this error stands for: status and body bytes, in the
    /// documented shape. `parse_response(status, &body)` gives `self` back,
    /// unless a raw body was truncated ([`RawBody::is_truncated`]).
    pub fn to_http(&self) -> (u16, Vec<u8>) {
        let body = match self {
            ApiError::NotFound(raw) | ApiError::Unexpected { body: raw, .. } => raw.bytes().to_vec(),
            _ => self
                .body()
                .map(|b| serde_json::to_vec(b).unwrap_or_default())
                .unwrap_or_default(),
        };
        (self.status(), body)
    }
}

impl fmt::Display for ApiError {
    /// `"{status} {code}: {error_message}"`, then the refused fields and the
    /// request id when there are any. Raw bodies are never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "juspay {} ({})", self.kind().replace('_', " "), self.status())?;
        match self.body() {
            Some(b) => {
                if let Some(code) = b.code().or(b.error_code()) {
                    write!(f, " {code}")?;
                }
                if let Some(m) = b.developer_message().or(b.error_message()) {
                    write!(f, ": {m}")?;
                }
                let mut fields = b.fields().peekable();
                if fields.peek().is_some() {
                    f.write_str(" [fields:")?;
                    for (name, _) in fields {
                        write!(f, " {}", name.unwrap_or("?"))?;
                    }
                    f.write_str("]")?;
                }
                if let Some(id) = b.request_id() {
                    write!(f, " [request id {id}]")?;
                }
                Ok(())
            }
            None => match self {
                ApiError::NotFound(raw) | ApiError::Unexpected { body: raw, .. } => {
                    write!(f, ": {} byte body", raw.len())
                }
                _ => Ok(()),
            },
        }
    }
}

impl std::error::Error for ApiError {}

/// Reads a response: the customer for a 200 with a non-empty string `id`
/// (and no top-level key given twice), otherwise the [`ApiError`] variant its
/// status and codes select. A body with a top-level key given twice (two
/// `error_info`s, two `id`s) is [`ApiError::Unexpected`] with nothing
/// parsed, whatever its status: which of the two holds the answer is
/// anybody's guess. A leading UTF-8 BOM is skipped (RFC 8259 allows
/// it). JSON is read by serde_json; every documented key is read wherever it
/// stands, and every other value is kept in `extra` as its JSON text, numbers
/// byte for byte. Never panics; linear in the body's length.
///
/// # Memory
/// A body over [`BODY_LIMIT`] (1 MiB) is not read: it is
/// [`ApiError::Unexpected`] holding its first [`RAW_BODY_LIMIT`] bytes. Under
/// it, the result holds the body's values once (strings unescaped, other
/// values as their text) plus a map entry per key; while reading and in the
/// result together, at most 25 times the body's length, so at most 25 MiB
/// for any body, and at most 800 KiB for a body of up to 16 KiB (every
/// documented response is under 2 KiB). The worst shape is an array of
/// empty `error_info.fields` objects (`{},{},...`: 3 bytes of body, a
/// 72-byte entry each); tiny unknown keys cost 8 times their
/// bytes, everything else less (`tests/zero_alloc.rs` measures each shape,
/// deep nesting after other keys included).
///
/// ```
/// use juspay_customer::{parse_response, ApiError};
/// let body = br#"{"status":"error","error_code":"access_denied","error_info":{"user_message":"Unauthorized.","request_id":"e40e052a-f3c0-4242-9f25-c7ba47b97c31","developer_message":"Invalid API Key. Please pass a valid and active api key.","code":"UNAUTHORIZED","category":"USER_ERROR"}}"#;
/// match parse_response(401, body) {
///     Ok(customer) => println!("created {}", customer.id),
///     Err(ApiError::Unauthorized(e)) => assert_eq!(e.request_id(), Some("e40e052a-f3c0-4242-9f25-c7ba47b97c31")),
///     Err(other) => panic!("{other}"),
/// }
/// ```
pub fn parse_response(status: u16, body: &[u8]) -> Result<Customer, ApiError> {
    let unexpected = |parsed| ApiError::Unexpected {
        status,
        body: RawBody::new(body),
        parsed,
    };
    if status == 404 {
        return Err(ApiError::NotFound(RawBody::new(body)));
    }
    let text = match crate::codec::strip_bom(body) {
        b if b.len() > BODY_LIMIT => None,
        b => std::str::from_utf8(b).ok(),
    };
    let Some(text) = text else {
        return Err(unexpected(None));
    };
    if status == 200 {
        return read_object::<CustomerDraft>(text)
            .and_then(CustomerDraft::finish)
            .ok_or_else(|| unexpected(None));
    }
    let parsed = read_object::<ErrorDraft>(text)
        .and_then(|d| (!d.repeated).then_some(d.body))
        .map(Box::new);
    let Some(parsed) = parsed else {
        return Err(unexpected(None));
    };
    let code = parsed.code();
    let legacy = |c: &str| code.is_none() && parsed.error_code() == Some(c);
    Err(match status {
        400 if code == Some("MISSING_MANDATORY_PARAMETER") || legacy("nullable") => {
            ApiError::MissingMandatoryParameter(parsed)
        }
        400 if code == Some("INVALID_INPUT") => ApiError::InvalidInput(parsed),
        400 if code == Some("ALREADY_EXISTS") || legacy("unique") => ApiError::AlreadyExists(parsed),
        401 if code == Some("UNAUTHORIZED") || legacy("access_denied") => ApiError::Unauthorized(parsed),
        403 if code == Some("BAD_ORIGIN") => ApiError::BadOrigin(parsed),
        _ => unexpected(Some(parsed)),
    })
}

/// A parse outcome in log-safe words, as one JSON object: what the
/// `juspay-customer parse` command prints and the Node WebAssembly build's
/// `parseResponse` returns. Keys in alphabetical order: `kind`, `status`,
/// `request_id` and `fields` (names) always; `id`, `object_reference_id`
/// (the caller's own data) and `client_auth_token_expiry` for a customer,
/// never the token; `code`, `error_code`, `error_message` and
/// `developer_message` for an error, never a value of the body's other keys.
///
/// ```
/// use juspay_customer::{parse_response, summarize};
/// let outcome = parse_response(200, br#"{"id":"cst_1","juspay":{"client_auth_token":"tkn_secret"}}"#);
/// assert_eq!(
///     summarize(&outcome),
///     r#"{"client_auth_token_expiry":null,"fields":[],"id":"cst_1","kind":"customer","object_reference_id":null,"request_id":null,"status":200}"#
/// );
/// ```
pub fn summarize(outcome: &Result<Customer, ApiError>) -> String {
    serde_json::to_string(&SummaryOf::of(outcome)).unwrap_or_default()
}

/// The two shapes of a summary, fields in alphabetical order.
#[derive(Serialize)]
#[serde(untagged)]
enum SummaryOf<'a> {
    Customer {
        client_auth_token_expiry: Option<&'a str>,
        fields: [&'a str; 0],
        id: &'a str,
        kind: &'static str,
        object_reference_id: Option<&'a str>,
        request_id: Option<&'a str>,
        status: u16,
    },
    Error {
        code: Option<&'a str>,
        developer_message: Option<&'a str>,
        error_code: Option<&'a str>,
        error_message: Option<&'a str>,
        fields: Vec<&'a str>,
        kind: &'static str,
        request_id: Option<&'a str>,
        status: u16,
    },
}

impl<'a> SummaryOf<'a> {
    fn of(outcome: &'a Result<Customer, ApiError>) -> Self {
        match outcome {
            Ok(c) => SummaryOf::Customer {
                client_auth_token_expiry: c.client_auth_token_expiry().map(Timestamp::as_str),
                fields: [],
                id: &c.id,
                kind: "customer",
                object_reference_id: c.object_reference_id.as_deref(),
                request_id: None,
                status: 200,
            },
            Err(e) => {
                let body = e.body();
                SummaryOf::Error {
                    code: body.and_then(ErrorBody::code),
                    developer_message: body.and_then(ErrorBody::developer_message),
                    error_code: body.and_then(ErrorBody::error_code),
                    error_message: body.and_then(ErrorBody::error_message),
                    fields: body.map(|b| b.field_names().collect()).unwrap_or_default(),
                    kind: e.kind(),
                    request_id: body.and_then(ErrorBody::request_id),
                    status: e.status(),
                }
            }
        }
    }
}

/// Writes a parse outcome back as status and body; the inverse of
/// [`parse_response`] (see [`ApiError::to_http`] for when it is not exact).
pub fn encode_response(outcome: &Result<Customer, ApiError>) -> (u16, Vec<u8>) {
    match outcome {
        Ok(c) => (200, serde_json::to_vec(c).unwrap_or_default()),
        Err(e) => e.to_http(),
    }
}

/// `object_reference_id` → `objectReferenceId`, as the server's
/// `[objectReferenceId] cannot be null` message spells fields.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' | '.' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

impl From<&ValidationErrors> for ApiError {
    /// The exact 400 body the server sends for these errors. When any
    /// required field is missing, the server answers with the
    /// `MISSING_MANDATORY_PARAMETER` body listing the missing fields only;
    /// otherwise with the `INVALID_INPUT` body listing every refused field.
    /// Messages name the first listed field, as the samples do.
    fn from(errors: &ValidationErrors) -> Self {
        let code = errors.error_code();
        let names: Vec<&'static str> = errors
            .errors()
            .iter()
            .filter(|e| e.code() == code)
            .filter_map(|e| e.field.map(|f| f.as_str()))
            .collect();
        let first = names.first().copied().unwrap_or("request body");
        let fields = names
            .iter()
            .map(|n| FieldReason {
                field_name: Some((*n).to_owned()),
                reason: Some(code.server_reason().to_owned()),
                extra: Default::default(),
            })
            .collect();
        let s = |v: &str| Some(v.to_owned());
        let body = match code {
            ErrorCode::MissingMandatoryParameter => {
                let words = first.replace('_', " ");
                ErrorBody {
                    error_message: Some(format!("[{}] cannot be null", camel(first))),
                    status: s("invalid_request_error"),
                    error_code: s("nullable"),
                    error_info: Some(ErrorInfo {
                        user_message: s("Mandatory fields are missing."),
                        fields: Some(fields),
                        href: s("NA"),
                        developer_message: Some(format!("Missing {words}. Please pass valid {words}.")),
                        code: s(code.as_str()),
                        category: s("USER_ERROR"),
                        ..Default::default()
                    }),
                    ..Default::default()
                }
            }
            ErrorCode::InvalidInput => ErrorBody {
                error_message: Some(format!("Wrong value in {first}")),
                status: s("Invalid Request"),
                error_code: s("Invalid Request"),
                error_info: Some(ErrorInfo {
                    user_message: s("Invalid request params. Please verify your input."),
                    fields: Some(fields),
                    href: s("NA"),
                    developer_message: s("Invalid request params"),
                    code: s(code.as_str()),
                    category: s("USER_ERROR"),
                    ..Default::default()
                }),
                ..Default::default()
            },
        };
        match code {
            ErrorCode::MissingMandatoryParameter => ApiError::MissingMandatoryParameter(Box::new(body)),
            ErrorCode::InvalidInput => ApiError::InvalidInput(Box::new(body)),
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::from(&errors)
    }
}

/// The direct pass is a shortcut of the capture pass, never a second
/// reading: wherever it gives an answer, the capture pass gives the same.
#[cfg(test)]
mod one_reader {
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};

    use super::customer::CustomerDraft;
    use super::error_body::ErrorDraft;
    use super::loose::{read_captured, read_direct};

    /// Any JSON value, small, strings with escapes and numbers of any text.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            "[a-z\u{e9}\"\\\\]{0,4}".prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 16, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::btree_map(key(), inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Documented keys of every level, and a few others.
    fn key() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "id",
            "juspay",
            "client_auth_token",
            "client_auth_token_expiry",
            "mobile_number",
            "error_info",
            "fields",
            "field_name",
            "reason",
            "code",
            "request_id",
            "error",
            "status",
            "x",
        ])
        .prop_map(str::to_owned)
    }

    /// An object shaped like a documented body, every key of any value,
    /// the nested ones mostly of their documented shape; written with keys
    /// repeated at times (as text, since a map cannot hold them).
    fn body() -> impl Strategy<Value = String> {
        let fields = prop::collection::vec(
            prop::collection::btree_map(key(), value(), 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            0..3,
        )
        .prop_map(Value::Array);
        let nested = prop::collection::btree_map(key(), prop_oneof![value(), fields], 0..4)
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()));
        let entry = (key(), prop_oneof![3 => nested, 1 => value()]);
        prop::collection::vec(entry, 0..5).prop_map(|entries| {
            let items: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}:{}", json!(k), v))
                .collect();
            format!("{{{}}}", items.join(","))
        })
    }

    fn same(text: &str) {
        if let Some(direct) = read_direct::<ErrorDraft>(text) {
            let captured =
                read_captured::<ErrorDraft>(text).expect("the capture pass reads what the direct one does");
            assert_eq!(
                (direct.body, direct.repeated),
                (captured.body, captured.repeated),
                "{text}"
            );
        }
        if let Some(direct) = read_direct::<CustomerDraft>(text) {
            let captured = read_captured::<CustomerDraft>(text)
                .expect("the capture pass reads what the direct one does");
            assert_eq!(direct.finish(), captured.finish(), "{text}");
        }
    }

    #[test]
    fn documented_bodies_take_the_direct_pass() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            same(&text);
            // Every documented body the capture pass reads, the direct one
            // reads too: that is the shortcut's whole point.
            if read_captured::<ErrorDraft>(&text).is_some() {
                read += 1;
                assert!(read_direct::<ErrorDraft>(&text).is_some(), "{}", path.display());
                assert!(
                    read_direct::<CustomerDraft>(&text).is_some(),
                    "{}",
                    path.display()
                );
            }
        }
        assert!(read >= 10, "{read}");
        same(r#"{"juspay":{"client_auth_token":"t"},"juspay":{}}"#);
        same(r#"{"error_info":{"fields":[{"field_name":"a"}]},"error_info":1}"#);
        same(r#"{"error_info":{"fields":[{}, 2]}}"#);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn the_direct_pass_agrees_with_the_capture_pass(text in body()) {
            same(&text);
        }
    }
}
