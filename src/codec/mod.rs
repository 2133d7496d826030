//! Request body codecs: form-urlencoded and JSON, both ways.

mod form;
mod json;

pub use form::{decode_form, encode_form_into};
pub(crate) use json::json_string;
pub use json::{decode_json, encode_json_into};

use crate::request::CustomerRequest;

/// `body` without a leading UTF-8 byte order mark, which RFC 8259 lets a
/// parser ignore and spreadsheet exports often write.
pub(crate) fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// How a request body is encoded.
///
/// Exhaustive: the docs define these two content types for the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// `application/x-www-form-urlencoded`, what every doc's sample sends.
    /// The default.
    #[default]
    Form,
    /// `application/json`, with the same flat key names.
    Json,
}

impl Encoding {
    /// The `Content-Type` header value.
    pub const fn content_type(self) -> &'static str {
        match self {
            Encoding::Form => "application/x-www-form-urlencoded",
            Encoding::Json => "application/json",
        }
    }

    /// Appends `request` encoded this way to `out`.
    pub(crate) fn encode_into(self, request: &CustomerRequest<'_>, out: &mut Vec<u8>) {
        match self {
            Encoding::Form => encode_form_into(request, out),
            Encoding::Json => encode_json_into(request, out),
        }
    }
}
