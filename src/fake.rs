//! A sans-IO fake Juspay (feature `fake`): a state machine that takes one
//! request and returns one response, keeping customers in memory, for users'
//! own tests. Built on the crate's own decoders, validation and encoders, so
//! it refuses exactly what the crate refuses and answers in the documented
//! shapes. It reads no clock: the caller passes the time.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;

use crate::http_parts::Operation;
use crate::response::{
    ApiError, Customer, DateTime, ErrorBody, ErrorInfo, FieldReason, JuspayAuth, Timestamp,
};
use crate::secret::{ApiKey, ClientAuthToken, MerchantId};

/// How long a client auth token lives: 15 minutes, as the docs' samples show.
pub const TOKEN_LIFETIME_SECONDS: i64 = 15 * 60;

/// One request, as plain data. `Debug` shows the `Authorization` value as
/// `<redacted>` and the body's length only.
///
/// Exhaustive: these are the parts of a request the fake reads; build it
/// with a struct literal.
#[derive(Clone, Copy)]
pub struct FakeRequest<'a> {
    /// The method, e.g. `POST`.
    pub method: &'a str,
    /// The path, e.g. `/customers`; a query string is ignored.
    pub path: &'a str,
    /// Header names and values; names match ASCII case-insensitively.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub body: &'a [u8],
}

impl FakeRequest<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

impl fmt::Debug for FakeRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'h>(&'h [(&'h str, &'h str)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                struct Redacted;
                impl fmt::Debug for Redacted {
                    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("<redacted>")
                    }
                }
                let redacted: &dyn fmt::Debug = &Redacted;
                let shown = self.0.iter().map(|(name, value)| {
                    let value: &dyn fmt::Debug = if name.eq_ignore_ascii_case("authorization") {
                        redacted
                    } else {
                        value
                    };
                    (name, value)
                });
                f.debug_list().entries(shown).finish()
            }
        }
        f.debug_struct("FakeRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &Headers(self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// One response, as plain data. `Debug` shows the body's length only (it may
/// hold a client auth token and personal data).
///
/// Exhaustive: a status, headers and a body.
#[derive(Clone, PartialEq, Eq)]
pub struct FakeResponse {
    /// The HTTP status.
    pub status: u16,
    /// `Content-Type: application/json` for JSON bodies; none for an empty 404.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl fmt::Debug for FakeResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// An in-memory Juspay Customer API.
///
/// ```
/// use juspay_customer::fake::{FakeJuspay, FakeRequest};
/// use juspay_customer::{parse_response, ApiKey};
///
/// let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap());
/// let auth = "Basic dGVzdF9rZXk6"; // base64("test_key:")
/// let headers = [("Authorization", auth), ("Content-Type", "application/x-www-form-urlencoded")];
/// let req = FakeRequest {
///     method: "POST",
///     path: "/customers",
///     headers: &headers,
///     body: b"object_reference_id=cust_123489&mobile_number=99887766&options.get_client_auth_token=true",
/// };
/// let resp = fake.handle(&req, 1_584_454_417);
/// let customer = parse_response(resp.status, &resp.body).unwrap();
/// assert_eq!(customer.client_auth_token_expiry().unwrap().as_str(), "2020-03-17T14:28:37Z");
/// ```
///
/// `Debug` shows how many customers it holds, not their object_reference_ids.
#[derive(Clone)]
pub struct FakeJuspay {
    api_key: ApiKey,
    merchant_id: Option<MerchantId>,
    customers: BTreeMap<String, Customer>,
    counter: u64,
}

impl fmt::Debug for FakeJuspay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeJuspay")
            .field("api_key", &self.api_key)
            .field("merchant_id", &self.merchant_id)
            .field("customers", &format_args!("<{} customers>", self.customers.len()))
            .finish()
    }
}

/// A deterministic 64-bit mix (splitmix64), so ids and tokens look random
/// but repeat from run to run.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn base36(mut x: u64, len: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|_| {
            let d = DIGITS[(x % 36) as usize] as char;
            x /= 36;
            d
        })
        .collect()
}

fn json_response(status: u16, body: Vec<u8>) -> FakeResponse {
    FakeResponse {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body,
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

impl FakeJuspay {
    /// A fake that accepts `api_key` and does not require `x-merchantid`.
    pub fn new(api_key: ApiKey) -> Self {
        FakeJuspay {
            api_key,
            merchant_id: None,
            customers: BTreeMap::new(),
            counter: 0,
        }
    }

    /// Requires `x-merchantid` on every request, equal to `merchant_id`
    /// (the *Create Customer* and *Get or Create Customer* pages mark it
    /// required).
    #[must_use]
    pub fn require_merchant_id(mut self, merchant_id: MerchantId) -> Self {
        self.merchant_id = Some(merchant_id);
        self
    }

    /// The customers created so far, by object_reference_id.
    pub fn customers(&self) -> impl Iterator<Item = &Customer> {
        self.customers.values()
    }

    fn next(&mut self) -> u64 {
        self.counter = self.counter.wrapping_add(1);
        mix(self.counter)
    }

    fn request_id(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }

    /// An error response with a fresh request id.
    fn error(&mut self, error: ApiError) -> FakeResponse {
        let request_id = self.request_id();
        let mut error = error;
        if let Some(info) = error.body_mut().and_then(|b| b.error_info.as_mut()) {
            info.request_id = Some(request_id);
        }
        let parts = error.to_http();
        json_response(parts.status, parts.body)
    }

    /// `Authorization: Basic base64(key:)`; the scheme matches
    /// case-insensitively and may be followed by several spaces (RFC 7235).
    fn authorized(&self, req: &FakeRequest<'_>) -> bool {
        let Some(value) = req.header("authorization") else {
            return false;
        };
        let Some((scheme, encoded)) = value.trim_start().split_once(' ') else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case("basic") {
            return false;
        }
        let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
            return false;
        };
        // User name is the key; the password is empty.
        raw.strip_suffix(b":") == Some(self.api_key.expose().as_bytes())
    }

    /// Answers one request. `now_unix_seconds` dates new customers and sets
    /// token expiry 15 minutes later (saturating at `i64::MAX`).
    ///
    /// Memory: the decoded request takes at most about the body's length
    /// (see [`crate::decode_form`]); each new customer is kept, so the fake
    /// grows with the number of distinct object_reference_ids it accepts.
    ///
    /// - an unknown path, or a method other than `POST`: 404, empty body;
    /// - a missing or wrong API key, or an `x-merchantid` other than the
    ///   required one: 401 with the documented `UNAUTHORIZED` body;
    /// - a missing `x-merchantid` where required: 400
    ///   `MISSING_MANDATORY_PARAMETER` naming `x-merchantid`;
    /// - a body that fails validation: exactly the 400 body the server sends;
    /// - `POST /customers` with a known object_reference_id: 400 `ALREADY_EXISTS`;
    /// - `POST /v2/customers` with a known one: 200 with the existing customer;
    /// - otherwise a new customer, 200. `options.get_client_auth_token=true`
    ///   adds `juspay.client_auth_token` and its expiry.
    pub fn handle(&mut self, req: &FakeRequest<'_>, now_unix_seconds: i64) -> FakeResponse {
        let path = req.path.split('?').next().unwrap_or_default();
        let operation = match Operation::from_path(path) {
            Some(op) if req.method.eq_ignore_ascii_case("POST") => op,
            _ => {
                return FakeResponse {
                    status: 404,
                    headers: vec![],
                    body: vec![],
                }
            }
        };
        if !self.authorized(req) {
            return self.error(unauthorized());
        }
        if let Some(required) = &self.merchant_id {
            match req.header("x-merchantid") {
                None | Some("") => return self.error(missing_merchant_id()),
                Some(m) if m != required.as_str() => return self.error(unauthorized()),
                Some(_) => {}
            }
        }
        let json = req.header("content-type").is_some_and(|c| {
            c.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
        let decoded = if json {
            crate::decode_json(req.body)
        } else {
            crate::decode_form(req.body)
        };
        let request = match decoded {
            Ok(r) => r,
            Err(errors) => return self.error(ApiError::from(&errors)),
        };
        let key = request.object_reference_id.as_str().to_owned();
        let existing = self.customers.get(&key).cloned();
        let mut customer = match (existing, operation) {
            (Some(_), Operation::Create) => return self.error(already_exists()),
            (Some(c), Operation::GetOrCreate) => c,
            (None, _) => {
                let id = format!("cst_{}{}", base36(self.next(), 8), base36(self.next(), 8));
                let created = timestamp(now_unix_seconds);
                let mut c = Customer::new(id);
                c.object = s("customer");
                c.object_reference_id = Some(key.clone());
                c.mobile_country_code = s(request.mobile_country_code.as_str());
                c.mobile_number = s(request.mobile_number.as_str());
                c.email_address = request.email_address.as_ref().map(|e| e.as_str().to_owned());
                c.first_name = request.first_name.as_ref().map(|n| n.as_str().to_owned());
                c.last_name = request.last_name.as_ref().map(|n| n.as_str().to_owned());
                c.date_created = Some(created.clone());
                c.last_updated = Some(created);
                self.customers.insert(key, c.clone());
                c
            }
        };
        if request.get_client_auth_token == Some(true) {
            let token = format!("tkn_{:016x}{:016x}", self.next(), self.next());
            customer.juspay = Some(JuspayAuth {
                client_auth_token: Some(ClientAuthToken::new(token)),
                client_auth_token_expiry: Some(timestamp(
                    now_unix_seconds.saturating_add(TOKEN_LIFETIME_SECONDS),
                )),
                extra: Default::default(),
            });
        }
        json_response(200, serde_json::to_vec(&customer).unwrap_or_default())
    }
}

#[cfg(feature = "http")]
impl FakeJuspay {
    /// [`FakeJuspay::handle`] for an `http::Request` whose body is bytes (with
    /// feature `http`), so a tower or axum test can route requests to the
    /// fake as they are. Header values that are not visible ASCII are left
    /// out, as a server would not read them.
    ///
    /// ```
    /// use juspay_customer::fake::FakeJuspay;
    /// use juspay_customer::ApiKey;
    /// let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap());
    /// let req = http::Request::post("http://127.0.0.1/customers")
    ///     .header("authorization", "Basic dGVzdF9rZXk6")
    ///     .body(b"object_reference_id=cust_123489&mobile_number=99887766".to_vec())
    ///     .unwrap();
    /// let resp = fake.handle_http(&req, 0);
    /// assert_eq!(resp.status(), 200);
    /// assert_eq!(resp.headers()["content-type"], "application/json");
    /// ```
    pub fn handle_http<B: AsRef<[u8]>>(
        &mut self,
        request: &http::Request<B>,
        now_unix_seconds: i64,
    ) -> http::Response<Vec<u8>> {
        let headers: Vec<(&str, &str)> = request
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
            .collect();
        let fake_request = FakeRequest {
            method: request.method().as_str(),
            path: request.uri().path(),
            headers: &headers,
            body: request.body().as_ref(),
        };
        let response = self.handle(&fake_request, now_unix_seconds);
        let mut out = http::Response::new(response.body);
        *out.status_mut() = http::StatusCode::from_u16(response.status).unwrap_or(http::StatusCode::OK);
        for (name, value) in &response.headers {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                out.headers_mut().insert(name, value);
            }
        }
        out
    }
}

/// The *Create Customer API* page's 401 body.
fn unauthorized() -> ApiError {
    ApiError::Unauthorized(Box::new(ErrorBody {
        status: s("error"),
        error_code: s("access_denied"),
        error_info: Some(ErrorInfo {
            user_message: s("Unauthorized."),
            href: s("NA"),
            developer_message: s("Invalid API Key. Please pass a valid and active api key."),
            code: s("UNAUTHORIZED"),
            category: s("USER_ERROR"),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

/// The *Create Customer API* page's `ALREADY_EXISTS` body.
fn already_exists() -> ApiError {
    ApiError::AlreadyExists(Box::new(ErrorBody {
        error_message: s("Customer with given object reference id already exist for your account."),
        status: s("invalid_request_error"),
        error_code: s("unique"),
        error_info: Some(ErrorInfo {
            user_message: s("Already exists."),
            developer_message: s("Customer account with given object reference already exists."),
            code: s("ALREADY_EXISTS"),
            category: s("USER_ERROR"),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

/// The `MISSING_MANDATORY_PARAMETER` shape, naming the header (the docs show
/// no body for this case; this follows their missing-field body).
fn missing_merchant_id() -> ApiError {
    ApiError::MissingMandatoryParameter(Box::new(ErrorBody {
        error_message: s("[x-merchantid] cannot be null"),
        status: s("invalid_request_error"),
        error_code: s("nullable"),
        error_info: Some(ErrorInfo {
            user_message: s("Mandatory fields are missing."),
            fields: Some(vec![FieldReason {
                field_name: s("x-merchantid"),
                reason: s("Missing value."),
                extra: Default::default(),
            }]),
            href: s("NA"),
            developer_message: s("Missing x-merchantid. Please pass valid x-merchantid."),
            code: s("MISSING_MANDATORY_PARAMETER"),
            category: s("USER_ERROR"),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

/// The fake's timestamps: `YYYY-MM-DDTHH:MM:SSZ`, the server's usual form.
fn timestamp(secs: i64) -> Timestamp {
    Timestamp::from(DateTime::from_unix_seconds(secs))
}
