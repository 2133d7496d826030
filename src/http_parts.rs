//! The HTTP request as plain data: method, URL, headers, body. Nothing here
//! sends it.

use std::fmt;

use base64::Engine as _;

use crate::codec::Encoding;
use crate::error::ConfigError;
use crate::request::CustomerRequest;
use crate::secret::{ApiKey, MerchantId};

/// Sandbox base URL.
pub const SANDBOX_BASE_URL: &str = "https://sandbox.juspay.in";
/// Production base URL.
pub const PRODUCTION_BASE_URL: &str = "https://api.juspay.in";

/// Which endpoint to call.
///
/// Non-exhaustive: the crate may cover more Juspay customer endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// Create Customer, `POST /customers` (the *Create Customer API* and *Create Customer* pages).
    Create,
    /// Get or Create Customer, `POST /v2/customers` (the *Get or Create Customer* page).
    GetOrCreate,
}

impl Operation {
    /// The path, `/customers` or `/v2/customers`.
    pub const fn path(self) -> &'static str {
        match self {
            Operation::Create => "/customers",
            Operation::GetOrCreate => "/v2/customers",
        }
    }
}

/// A checked custom base URL, for tenants on other hosts and for fakes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks a base URL: `http://` or `https://`, a host, an optional path
    /// prefix, no query or fragment. One trailing `/` is dropped so that the
    /// operation's path joins cleanly.
    ///
    /// # Errors
    /// [`ConfigError::BaseUrlScheme`] for `ftp://x` or `sandbox.juspay.in`;
    /// [`ConfigError::BaseUrlHost`] for `https://`;
    /// [`ConfigError::BaseUrlCharacter`] for `?`, `#`, whitespace, control or
    /// non-ASCII characters; [`ConfigError::BaseUrlUserinfo`] for
    /// `https://user:password@proxy.example` (the password would travel in
    /// every URL and show wherever the URL does).
    ///
    /// ```
    /// use juspay_customer::BaseUrl;
    /// assert_eq!(BaseUrl::new("http://127.0.0.1:8080/").unwrap().as_str(), "http://127.0.0.1:8080");
    /// assert!(BaseUrl::new("https://x.example?a=b").is_err());
    /// ```
    pub fn new(url: &str) -> Result<Self, ConfigError> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or(ConfigError::BaseUrlScheme)?;
        if let Some(i) = url
            .bytes()
            .position(|b| !b.is_ascii_graphic() || b == b'?' || b == b'#')
        {
            return Err(ConfigError::BaseUrlCharacter {
                position: crate::rules::char_count(&url[..i]) + 1,
            });
        }
        if rest.is_empty() || rest.starts_with('/') {
            return Err(ConfigError::BaseUrlHost);
        }
        let authority = rest.split('/').next().unwrap_or(rest);
        if authority.contains('@') {
            return Err(ConfigError::BaseUrlUserinfo);
        }
        Ok(BaseUrl(url.strip_suffix('/').unwrap_or(url).to_owned()))
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where requests go.
///
/// Non-exhaustive: Juspay may publish more environments (regions).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Environment {
    /// `https://sandbox.juspay.in`. The default.
    #[default]
    Sandbox,
    /// `https://api.juspay.in`.
    Production,
    /// Any other base URL.
    Custom(BaseUrl),
}

impl Environment {
    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Sandbox => SANDBOX_BASE_URL,
            Environment::Production => PRODUCTION_BASE_URL,
            Environment::Custom(url) => url.as_str(),
        }
    }
}

/// One header value of [`RequestParts`]; a sensitive one (`Authorization`)
/// never shows in `Debug`. (Named so as not to clash with
/// `http::HeaderValue` when both are imported.)
#[derive(Clone, PartialEq, Eq)]
pub struct HeaderText {
    value: String,
    sensitive: bool,
}

impl HeaderText {
    /// The value, to put on the wire.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// Whether the value is a secret.
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

impl fmt::Debug for HeaderText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sensitive {
            f.write_str("<redacted>")
        } else {
            fmt::Debug::fmt(&self.value, f)
        }
    }
}

/// A request ready to send, as plain data. `Debug` hides the `Authorization`
/// value and the body (which holds personal data), showing only its length.
///
/// Non-exhaustive: it may gain fields; [`Config::request_parts`] makes it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestParts {
    /// Always `POST`.
    pub method: &'static str,
    /// Base URL joined with the operation's path.
    pub url: String,
    /// `Authorization`, `x-merchantid`, `Content-Type`, `Accept`, in that order.
    pub headers: Vec<(&'static str, HeaderText)>,
    /// The encoded body.
    pub body: Vec<u8>,
}

impl RequestParts {
    /// The value of the header `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&HeaderText> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

impl fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestParts")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// What every request needs besides its body: where, who, and how encoded.
///
/// ```
/// use juspay_customer::{ApiKey, Config, Environment, MerchantId, Operation, decode_form};
/// let config = Config::new(Environment::Sandbox, ApiKey::new("my_api_key")?, MerchantId::new("testaccount")?);
/// let req = decode_form(b"object_reference_id=cust_123489&mobile_number=99887766").unwrap();
/// let parts = config.request_parts(Operation::Create, &req);
/// assert_eq!(parts.url, "https://sandbox.juspay.in/customers");
/// assert_eq!(parts.header("authorization").unwrap().expose(), "Basic bXlfYXBpX2tleTo=");
/// assert!(!format!("{parts:?}").contains("bXlfYXBpX2tleTo"));
/// # Ok::<(), juspay_customer::ConfigError>(())
/// ```
///
/// Non-exhaustive: it may gain settings; make one with [`Config::new`] and
/// set the public fields.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Where requests go. The default is Sandbox.
    pub environment: Environment,
    /// The API key, sent as the Basic auth user name with an empty password.
    pub api_key: ApiKey,
    /// Sent as `x-merchantid` on every request: the *Create Customer* and *Get or
    /// Create Customer* pages require it, the *Create Customer API* page
    /// recommends it.
    pub merchant_id: MerchantId,
    /// The body encoding. The default is form-urlencoded, as every doc's
    /// sample sends.
    pub encoding: Encoding,
}

impl Config {
    /// A config with form-urlencoded bodies.
    pub fn new(environment: Environment, api_key: ApiKey, merchant_id: MerchantId) -> Self {
        Config {
            environment,
            api_key,
            merchant_id,
            encoding: Encoding::Form,
        }
    }

    /// The same config with bodies encoded as `encoding`.
    #[must_use]
    pub fn with_encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The `Authorization` header value: `Basic base64(api_key + ":")`.
    pub(crate) fn authorization(&self) -> HeaderText {
        let mut raw = String::with_capacity(self.api_key.expose().len() + 1);
        raw.push_str(self.api_key.expose());
        raw.push(':');
        let mut value = String::from("Basic ");
        base64::engine::general_purpose::STANDARD.encode_string(raw.as_bytes(), &mut value);
        HeaderText {
            value,
            sensitive: true,
        }
    }

    /// Builds the request for `operation` with `request` as its body.
    pub fn request_parts(&self, operation: Operation, request: &CustomerRequest<'_>) -> RequestParts {
        let plain = |v: &str| HeaderText {
            value: v.to_owned(),
            sensitive: false,
        };
        let mut body = Vec::with_capacity(192);
        self.encoding.encode_into(request, &mut body);
        let base = self.environment.base_url();
        let mut url = String::with_capacity(base.len() + 13);
        url.push_str(base);
        url.push_str(operation.path());
        RequestParts {
            method: "POST",
            url,
            headers: vec![
                ("Authorization", self.authorization()),
                ("x-merchantid", plain(self.merchant_id.as_str())),
                ("Content-Type", plain(self.encoding.content_type())),
                ("Accept", plain("application/json")),
            ],
            body,
        }
    }
}
