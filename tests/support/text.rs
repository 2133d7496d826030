//! Test shorthands over the public API: a request's bodies as text, a
//! customer's JSON, an error's request id and refused fields.

#![allow(dead_code)]

use juspay_customer::{encode_form_into, encode_json_into, ApiError, Customer, CustomerRequest, ErrorBody};

pub trait Bodies {
    /// The form body, as `encode_form_into` writes it.
    fn to_form(&self) -> String;
    /// The JSON body, as `encode_json_into` writes it.
    fn to_json(&self) -> String;
}

impl Bodies for CustomerRequest<'_> {
    fn to_form(&self) -> String {
        let mut out = Vec::new();
        encode_form_into(self, &mut out);
        String::from_utf8(out).unwrap()
    }
    fn to_json(&self) -> String {
        let mut out = Vec::new();
        encode_json_into(self, &mut out);
        String::from_utf8(out).unwrap()
    }
}

impl Bodies for Customer {
    fn to_form(&self) -> String {
        unreachable!("a customer has no form body")
    }
    fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap()
    }
}

pub trait ErrorParts {
    /// `error_info.request_id`.
    fn request_id(&self) -> Option<&str>;
    /// `error_info.fields` as (`field_name`, `reason`), empty when absent.
    fn fields(&self) -> Vec<(Option<&str>, Option<&str>)>;
}

impl ErrorParts for ApiError {
    fn request_id(&self) -> Option<&str> {
        self.body().and_then(ErrorBody::request_id)
    }
    fn fields(&self) -> Vec<(Option<&str>, Option<&str>)> {
        self.body().map(|b| b.fields().collect()).unwrap_or_default()
    }
}
