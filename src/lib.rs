//! Sans-IO core for the Juspay **Create Customer** (`POST /customers`) and
//! **Get or Create Customer** (`POST /v2/customers`) APIs.
//!
//! Pure functions that validate a request with exactly the server's rules,
//! encode and decode it (form-urlencoded and JSON), assemble the HTTP request
//! parts, and parse every documented response into types. Nothing here opens
//! a socket, reads a file or a clock.
//!
//! | module | holds |
//! | --- | --- |
//! | [`field`] | [`Field`], the request keys as the API spells them |
//! | [`rules`] | the documented limits and character sets as constants; the checks behind the newtypes and [`FieldValue::check`] |
//! | [`request`] | [`CustomerInput`] (unvalidated), the field newtypes, [`CustomerRequest`] (validated) |
//! | [`normalize()`] | explicit clean-up for form handlers; international numbers split |
//! | [`calling_code`] | the assigned country calling codes and each region's, generated from libphonenumber's metadata |
//! | [`Policy`] | a verdict beyond the rules: normalized, refused optional fields dropped, warnings where Juspay's server code is stricter |
//! | [`VerdictJson`] | a verdict as JSON, the one shape the CLI's verdict lines and the npm package's verdicts share |
//! | [`Messages`] | plain-language messages for end users, a catalog a page can override |
//! | [`codec`] | [`encode_form_into`], [`decode_form`], [`encode_json_into`], [`decode_json`] |
//! | [`http_parts`] | [`Config`], [`Operation`], [`Environment`], [`RequestParts`] |
//! | [`error`] | [`FieldError`], [`Reason`], [`ValidationErrors`], [`ConfigError`] |
//! | [`response`] | [`parse_response`], [`ApiError`], [`Customer`], [`RawJson`], [`Summary`], [`Timestamp`], [`encode_response`] |
//! | `fake` (feature `fake`) | `FakeJuspay`: a sans-IO in-memory Juspay for users' tests |
//! | `http` interop (feature `http`) | `TryFrom<RequestParts> for http::Request`, `parse_http_response` |
//! | [`retry`] | [`RetryPlan`](retry::RetryPlan): after each attempt, done, retry (when, with which operation) or give up; `ALREADY_EXISTS` after a retry resolved by Get or Create |
//! | [`secret`] | [`ApiKey`], [`ClientAuthToken`], [`MerchantId`] |
//! | [`openapi`] | the rules as a JSON Schema and an OpenAPI 3.0.3 document |
//! | `generate` (feature `arbitrary`) | `Arbitrary` for valid requests and near-valid inputs |
//! | `strategy` (feature `proptest`) | the same generators as proptest strategies |
//!
//! ```
//! use juspay_customer::{decode_form, ApiKey, Config, Environment, MerchantId, Operation};
//!
//! let body = b"object_reference_id=customer%40gmail.com&mobile_number=99887766\
//!              &email_address=customer%40gmail.com&first_name=John&last_name=Smith&mobile_country_code=65";
//! let request = decode_form(body).expect("the Create Customer API sample is valid");
//! let config = Config::new(Environment::Production, ApiKey::new("your_api_key")?, MerchantId::new("merchant_id")?);
//! let parts = config.request_parts(Operation::Create, &request);
//! assert_eq!(parts.url, "https://api.juspay.in/customers");
//! assert_eq!(parts.body, body.to_vec());
//! # Ok::<(), juspay_customer::ConfigError>(())
//! ```

#![doc = include_str!("../docs/library.md")]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

pub mod calling_code;
pub mod codec;
pub mod error;
#[cfg(feature = "fake")]
pub mod fake;
pub mod field;
#[cfg(feature = "arbitrary")]
pub mod generate;
#[cfg(feature = "http")]
mod http_interop;
pub mod http_parts;
pub mod messages;
mod normalize;
pub mod openapi;
mod policy;
#[cfg(feature = "repair")]
mod repair;
pub mod request;
pub mod response;
pub mod retry;
pub mod rules;
pub mod secret;
#[cfg(feature = "proptest")]
pub mod strategy;
mod verdict_json;

pub use codec::{decode_form, decode_json, encode_form_into, encode_json_into, Encoding};
pub use error::{ConfigError, Edge, EmailPart, ErrorCode, FieldError, JsonType, Reason, ValidationErrors};
pub use field::{Field, UnknownField};
#[cfg(feature = "http")]
pub use http_interop::parse_http_response;
pub use http_parts::{BaseUrl, Config, Environment, HeaderText, Operation, RequestParts};
pub use messages::Messages;
pub use normalize::normalize;
pub use policy::{Notes, Policy, Verdict};
pub use request::{
    CustomerInput, CustomerRequest, EmailAddress, FieldValue, FirstName, LastName, MobileCountryCode,
    MobileNumber, ObjectReferenceId,
};
pub use response::{
    encode_response, parse_response, ApiError, Customer, DateTime, ErrorBody, ErrorInfo, Extra, FieldReason,
    JuspayAuth, RawBody, RawJson, ResponseParts, Summary, Timestamp,
};
pub use secret::{ApiKey, ClientAuthToken, MerchantId};
pub use verdict_json::VerdictJson;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
