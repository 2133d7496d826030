//! Interop with the `http` crate (feature `http`): turn [`RequestParts`] into
//! an `http::Request<Vec<u8>>` and parse an `http::Response` whose body is
//! already bytes. Clients that stream bodies (reqwest, hyper) read the body
//! first and call [`parse_response`] with the status and the bytes.

use crate::http_parts::RequestParts;
use crate::response::{parse_response, ApiError, Customer};

impl TryFrom<RequestParts> for http::Request<Vec<u8>> {
    type Error = http::Error;

    /// The request as an `http::Request`. The `Authorization` value is marked
    /// sensitive, so `http`'s own `Debug` hides it too.
    ///
    /// # Errors
    /// An `http::Error` when `http` refuses the URL (the crate's checks make
    /// this rare: a custom base URL `http` cannot parse).
    ///
    /// ```
    /// use juspay_customer::{decode_form, ApiKey, Config, Environment, MerchantId, Operation};
    /// let config = Config::new(Environment::Sandbox, ApiKey::new("key").unwrap(), MerchantId::new("m").unwrap());
    /// let req = decode_form(b"object_reference_id=cust_123489&mobile_number=99887766").unwrap();
    /// let http_req = http::Request::try_from(config.request_parts(Operation::Create, &req)).unwrap();
    /// assert_eq!(http_req.uri(), "https://sandbox.juspay.in/customers");
    /// assert!(http_req.headers()["authorization"].is_sensitive());
    /// ```
    fn try_from(parts: RequestParts) -> Result<Self, http::Error> {
        let mut builder = http::Request::builder()
            .method(parts.method)
            .uri(parts.url.as_str());
        for (name, value) in &parts.headers {
            let mut v = http::HeaderValue::from_str(value.expose())?;
            v.set_sensitive(value.is_sensitive());
            builder = builder.header(*name, v);
        }
        builder.body(parts.body)
    }
}

/// [`parse_response`] for an `http::Response` whose body is already bytes
/// (`Vec<u8>`, `Bytes`, `&[u8]`): ureq's `Response<Body>` read to a `Vec`,
/// a tower test's response collected first. reqwest and hyper hand out
/// streaming bodies: read them to bytes and call
/// `parse_response(status.as_u16(), &bytes)` instead (README shows it).
///
/// ```
/// let resp = http::Response::builder().status(404).body(Vec::new()).unwrap();
/// assert_eq!(juspay_customer::parse_http_response(&resp).unwrap_err().kind(), "not_found");
/// ```
pub fn parse_http_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<Customer, ApiError> {
    parse_response(response.status().as_u16(), response.body().as_ref())
}
