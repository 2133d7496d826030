#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use juspay_customer::{ApiError, ApiKey, Customer, MerchantId, Operation, Timestamp};
use serde_json::{json, Value};

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
/// use juspay_customer_fake::{FakeJuspay, FakeRequest};
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
    creations: BTreeMap<String, u32>,
    counter: u64,
    faults: Faults,
    requests: u64,
}

impl fmt::Debug for FakeJuspay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeJuspay")
            .field("api_key", &self.api_key)
            .field("merchant_id", &self.merchant_id)
            .field("customers", &format_args!("<{} customers>", self.customers.len()))
            .field("faults", &self.faults)
            .field("requests", &self.requests)
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

/// The operation whose path this is, if any.
fn operation(path: &str) -> Option<Operation> {
    [Operation::Create, Operation::GetOrCreate]
        .into_iter()
        .find(|op| op.path() == path)
}

impl FakeJuspay {
    /// A fake that accepts `api_key` and does not require `x-merchantid`.
    pub fn new(api_key: ApiKey) -> Self {
        FakeJuspay {
            api_key,
            merchant_id: None,
            customers: BTreeMap::new(),
            creations: BTreeMap::new(),
            counter: 0,
            faults: Faults::default(),
            requests: 0,
        }
    }

    /// Fails on purpose in [`FakeJuspay::exchange`], as `faults` says.
    #[must_use]
    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// How many customers requests for `object_reference_id` created: 0 or
    /// 1, as the server's unique `object_reference_id` allows no more. A
    /// test states with it that retries never made a second one.
    pub fn creations(&self, object_reference_id: &str) -> u32 {
        self.creations.get(object_reference_id).copied().unwrap_or(0)
    }

    /// How many requests [`FakeJuspay::exchange`] has taken.
    pub fn requests(&self) -> u64 {
        self.requests
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

    /// An error response with a fresh request id in `error_info`.
    fn error(&mut self, status: u16, mut body: Value) -> FakeResponse {
        if let Some(info) = body.get_mut("error_info").and_then(Value::as_object_mut) {
            info.insert("request_id".into(), Value::String(self.request_id()));
        }
        json_response(status, serde_json::to_vec(&body).unwrap_or_default())
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
    /// (see [`juspay_customer::decode_form`]); each new customer is kept, so the fake
    /// grows with the number of distinct object_reference_ids it accepts.
    ///
    /// - an unknown path, or a method other than `POST` (case-sensitive, so
    ///   `post` too): 404, empty body;
    /// - `Content-Length` given twice (or as a list) with different values:
    ///   400, as RFC 9112 section 6.3 asks, since the body's end is unknown;
    /// - a missing or wrong API key: 401 with the documented `UNAUTHORIZED`
    ///   body; an `x-merchantid` other than the required one: 401
    ///   `UNAUTHORIZED` saying so (the docs show no body for this case);
    /// - a missing `x-merchantid` where required: 400
    ///   `MISSING_MANDATORY_PARAMETER` naming `x-merchantid`;
    /// - a body that fails validation: exactly the 400 body the server sends;
    /// - `POST /customers` with a known object_reference_id: 400 `ALREADY_EXISTS`;
    /// - `POST /v2/customers` with a known one: 200 with the existing customer;
    /// - otherwise a new customer, 200. `options.get_client_auth_token=true`
    ///   adds `juspay.client_auth_token` and its expiry.
    pub fn handle(&mut self, req: &FakeRequest<'_>, now_unix_seconds: i64) -> FakeResponse {
        let path = req.path.split('?').next().unwrap_or_default();
        // Methods are case-sensitive (RFC 9110 section 9.1): `post` is not POST.
        let operation = match operation(path) {
            Some(op) if req.method == "POST" => op,
            _ => {
                return FakeResponse {
                    status: 404,
                    headers: vec![],
                    body: vec![],
                }
            }
        };
        if conflicting_content_length(req.headers) {
            return json_response(
                400,
                br#"{"status":"error","error_message":"Conflicting Content-Length headers."}"#.to_vec(),
            );
        }
        if !self.authorized(req) {
            return self.error(401, unauthorized(WRONG_KEY));
        }
        if let Some(required) = &self.merchant_id {
            match req.header("x-merchantid") {
                None | Some("") => return self.error(400, missing_merchant_id()),
                Some(m) if m != required.as_str() => return self.error(401, unauthorized(WRONG_MERCHANT)),
                Some(_) => {}
            }
        }
        let json = req.header("content-type").is_some_and(|c| {
            c.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
        let decoded = if json {
            juspay_customer::decode_json(req.body)
        } else {
            juspay_customer::decode_form(req.body)
        };
        let request = match decoded {
            Ok(r) => r,
            Err(errors) => {
                // The server's own 400 body for these errors, as the library writes it.
                let (status, body) = ApiError::from(&errors).to_http();
                return self.error(status, serde_json::from_slice(&body).unwrap_or_default());
            }
        };
        let key = request.object_reference_id().to_owned();
        let existing = self.customers.get(&key).cloned();
        let customer = match (existing, operation) {
            (Some(_), Operation::Create) => return self.error(400, already_exists()),
            (Some(c), _) => c,
            (None, _) => {
                let id = format!("cst_{}{}", base36(self.next(), 8), base36(self.next(), 8));
                let created = timestamp(now_unix_seconds);
                let mut c = Customer::new(id);
                c.object = s("customer");
                c.object_reference_id = Some(key.clone());
                c.mobile_country_code = s(request.mobile_country_code());
                c.mobile_number = s(request.mobile_number());
                c.email_address = request.email_address().map(str::to_owned);
                c.first_name = request.first_name().map(str::to_owned);
                c.last_name = request.last_name().map(str::to_owned);
                c.date_created = Some(created.clone());
                c.last_updated = Some(created);
                *self.creations.entry(key.clone()).or_insert(0) += 1;
                self.customers.insert(key, c.clone());
                c
            }
        };
        let mut body = serde_json::to_value(&customer).unwrap_or_default();
        if request.get_client_auth_token() == Some(true) {
            let token = format!("tkn_{:016x}{:016x}", self.next(), self.next());
            let expiry = timestamp(now_unix_seconds.saturating_add(TOKEN_LIFETIME_SECONDS));
            if let Some(object) = body.as_object_mut() {
                object.insert(
                    "juspay".into(),
                    json!({"client_auth_token": token, "client_auth_token_expiry": expiry.as_str()}),
                );
            }
        }
        json_response(200, serde_json::to_vec(&body).unwrap_or_default())
    }
}

/// One way [`FakeJuspay::exchange`] fails on purpose.
///
/// Non-exhaustive: more faults may come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// Answers this 5xx status (500 to 599) without reading the request.
    ServerError(u16),
    /// Answers 429 with `Retry-After` ([`Faults::retry_after_seconds`])
    /// without reading the request.
    TooManyRequests,
    /// Drops the connection without reading the request.
    Reset,
    /// Carries the request out (a customer may be created), then drops the
    /// connection: the response is lost.
    CommitThenReset,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::ServerError(status) => write!(f, "{status}"),
            Fault::TooManyRequests => f.write_str("429"),
            Fault::Reset => f.write_str("reset"),
            Fault::CommitThenReset => f.write_str("commit-then-reset"),
        }
    }
}

/// A fault script refused by [`Faults::with`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultsError {
    /// A server error outside 500..=599.
    #[error("fault status {0} is not a 5xx")]
    NotAServerError(u16),
    /// The shares add up to more than every request.
    #[error("the fault shares add up to {0} per million requests, over 1,000,000")]
    OverOne(u64),
}

/// Which share of requests fails how, drawn per request from a seed, so a
/// run repeats when its requests arrive in the same order. The default
/// (`Faults::new(0)`) fails nothing and waits nothing.
///
/// ```
/// use juspay_customer_fake::{Fault, Faults};
/// use std::time::Duration;
/// let faults = Faults::new(7)
///     .with(Fault::ServerError(503), 100_000)? // 10%
///     .with(Fault::TooManyRequests, 20_000)?   // 2%
///     .with(Fault::CommitThenReset, 10_000)?   // 1%
///     .max_latency(Duration::from_millis(5));
/// # Ok::<(), juspay_customer_fake::FaultsError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Faults {
    seed: u64,
    shares: Vec<(Fault, u32)>,
    retry_after_seconds: u32,
    max_latency: Duration,
}

impl Faults {
    /// No faults yet, drawn from `seed`; `Retry-After: 1`.
    pub fn new(seed: u64) -> Self {
        Faults {
            seed,
            shares: Vec::new(),
            retry_after_seconds: 1,
            max_latency: Duration::ZERO,
        }
    }

    /// Adds `fault` for `per_million` of every million requests.
    ///
    /// # Errors
    /// A [`Fault::ServerError`] outside 500..=599, or shares adding up to
    /// more than a million.
    pub fn with(mut self, fault: Fault, per_million: u32) -> Result<Self, FaultsError> {
        if let Fault::ServerError(status) = fault {
            if !(500..=599).contains(&status) {
                return Err(FaultsError::NotAServerError(status));
            }
        }
        let total = self.shares.iter().map(|(_, n)| u64::from(*n)).sum::<u64>() + u64::from(per_million);
        if total > 1_000_000 {
            return Err(FaultsError::OverOne(total));
        }
        self.shares.push((fault, per_million));
        Ok(self)
    }

    /// The `Retry-After` seconds a [`Fault::TooManyRequests`] sends. Default 1.
    #[must_use]
    pub fn retry_after_seconds(mut self, seconds: u32) -> Self {
        self.retry_after_seconds = seconds;
        self
    }

    /// Every exchange waits a uniform delay in `0..=max` before its reply.
    /// Default zero.
    #[must_use]
    pub fn max_latency(mut self, max: Duration) -> Self {
        self.max_latency = max;
        self
    }

    /// The fault for request number `n`, and its delay.
    fn draw(&self, n: u64) -> (Option<Fault>, Duration) {
        let r = mix(self.seed ^ mix(n));
        let max = self.max_latency.as_micros().min(u128::from(u64::MAX - 1)) as u64;
        let delay = Duration::from_micros(mix(r) % (max + 1));
        let mut pick = r % 1_000_000;
        for (fault, share) in &self.shares {
            if pick < u64::from(*share) {
                return (Some(*fault), delay);
            }
            pick -= u64::from(*share);
        }
        (None, delay)
    }
}

impl Default for Faults {
    fn default() -> Self {
        Faults::new(0)
    }
}

/// What the transport does with a request: wait, then reply or drop the
/// connection.
///
/// Exhaustive: a delay and a reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// How long to wait before [`Exchange::reply`].
    pub delay: Duration,
    /// The reply.
    pub reply: Reply,
}

/// A response, or none.
///
/// Exhaustive: a transport either answers or drops the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Send this response.
    Respond(FakeResponse),
    /// Close the connection without a response.
    Reset,
}

impl FakeJuspay {
    /// [`FakeJuspay::handle`] with the fault script of
    /// [`FakeJuspay::with_faults`]: request number `n` (counted from 1)
    /// draws its fault and delay from the seed and `n`.
    ///
    /// ```
    /// use juspay_customer_fake::{Fault, Faults, FakeJuspay, FakeRequest, Reply};
    /// use juspay_customer::ApiKey;
    /// let faults = Faults::new(1).with(Fault::CommitThenReset, 1_000_000)?;
    /// let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap()).with_faults(faults);
    /// let headers = [("Authorization", "Basic dGVzdF9rZXk6")];
    /// let req = FakeRequest { method: "POST", path: "/customers", headers: &headers,
    ///     body: b"object_reference_id=cust_123489&mobile_number=99887766" };
    /// assert_eq!(fake.exchange(&req, 0).reply, Reply::Reset); // the response is lost...
    /// assert_eq!(fake.creations("cust_123489"), 1); // ...but the customer was made
    /// # Ok::<(), juspay_customer_fake::FaultsError>(())
    /// ```
    pub fn exchange(&mut self, req: &FakeRequest<'_>, now_unix_seconds: i64) -> Exchange {
        self.requests += 1;
        let (fault, delay) = self.faults.draw(self.requests);
        let reply = match fault {
            None => Reply::Respond(self.handle(req, now_unix_seconds)),
            Some(Fault::CommitThenReset) => {
                self.handle(req, now_unix_seconds);
                Reply::Reset
            }
            Some(Fault::Reset) => Reply::Reset,
            Some(Fault::ServerError(status)) => Reply::Respond(json_response(
                status,
                br#"{"status":"error","error_message":"Service unavailable (fault injected by the fake)."}"#
                    .to_vec(),
            )),
            Some(Fault::TooManyRequests) => {
                let mut response = json_response(
                    429,
                    br#"{"status":"error","error_message":"Too many requests (fault injected by the fake)."}"#
                        .to_vec(),
                );
                response
                    .headers
                    .push(("Retry-After".into(), self.faults.retry_after_seconds.to_string()));
                Reply::Respond(response)
            }
        };
        Exchange { delay, reply }
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
    /// use juspay_customer_fake::FakeJuspay;
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

/// The *Create Customer API* page's 401 message for a wrong key.
const WRONG_KEY: &str = "Invalid API Key. Please pass a valid and active api key.";

/// The 401 message for an `x-merchantid` other than the key's merchant: the
/// docs show no body for it, so this is `UNAUTHORIZED` with a message of its
/// own, not the wrong-key one, so a test tells the two apart.
const WRONG_MERCHANT: &str = "The x-merchantid does not match the merchant of the API key.";

/// The *Create Customer API* page's 401 body, with `developer_message`.
fn unauthorized(developer_message: &str) -> Value {
    json!({
        "status": "error",
        "error_code": "access_denied",
        "error_info": {
            "user_message": "Unauthorized.",
            "href": "NA",
            "developer_message": developer_message,
            "code": "UNAUTHORIZED",
            "category": "USER_ERROR"
        }
    })
}

/// Whether `Content-Length` values (headers given more than once, or comma
/// lists) disagree.
fn conflicting_content_length(headers: &[(&str, &str)]) -> bool {
    let mut values = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim);
    match values.next() {
        Some(first) => values.any(|v| v != first),
        None => false,
    }
}

/// The *Create Customer API* page's `ALREADY_EXISTS` body.
fn already_exists() -> Value {
    json!({
        "error_message": "Customer with given object reference id already exist for your account.",
        "status": "invalid_request_error",
        "error_code": "unique",
        "error_info": {
            "user_message": "Already exists.",
            "developer_message": "Customer account with given object reference already exists.",
            "code": "ALREADY_EXISTS",
            "category": "USER_ERROR"
        }
    })
}

/// The `MISSING_MANDATORY_PARAMETER` shape, naming the header (the docs show
/// no body for this case; this follows their missing-field body).
fn missing_merchant_id() -> Value {
    json!({
        "error_message": "[x-merchantid] cannot be null",
        "status": "invalid_request_error",
        "error_code": "nullable",
        "error_info": {
            "user_message": "Mandatory fields are missing.",
            "fields": [{"field_name": "x-merchantid", "reason": "Missing value."}],
            "href": "NA",
            "developer_message": "Missing x-merchantid. Please pass valid x-merchantid.",
            "code": "MISSING_MANDATORY_PARAMETER",
            "category": "USER_ERROR"
        }
    })
}

/// The fake's timestamps: `YYYY-MM-DDTHH:MM:SSZ`, the server's usual form
/// (a time past the year 9999 is written as the Unix seconds).
fn timestamp(secs: i64) -> Timestamp {
    Timestamp::from_unix_seconds(secs).unwrap_or_else(|| Timestamp::new(secs.to_string()))
}
