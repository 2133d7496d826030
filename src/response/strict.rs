//! The fast path of [`super::parse_response`]: the documented shapes, read
//! by serde's derive in one pass, refusing anything else (an unknown key, a
//! `null` or another type for a documented key, a key given twice, an
//! escaped key name, a string no Rust string can hold). Every documented
//! response is read here; any
//! other body is read again by the tolerant reader (`loose`), which keeps
//! what this path refuses. Only bodies up to [`STRICT_LIMIT`] take it, which
//! bounds what a refused attempt can cost.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::customer::{Customer, JuspayAuth};
use super::error_body::{ErrorBody, ErrorInfo, FieldReason};
use super::loose::Extra;
use super::timestamp::Timestamp;
use crate::secret::ClientAuthToken;

/// The largest body the fast path reads: 16 KiB, eight times the largest
/// documented response.
pub(crate) const STRICT_LIMIT: usize = 16 * 1024;

/// A documented object: each key optional, of one type (`null` refused),
/// read as a JSON object only (not serde's array form of a struct), with no
/// other key, no key twice and no escaped key name.
macro_rules! strict_object {
    ($name:ident { $($field:ident: $ty:ty,)* }) => {
        #[derive(Default)]
        struct $name {
            $($field: Option<$ty>,)*
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a documented object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<&'de str>()? {
                            match key {
                                $(stringify!($field) => {
                                    if out.$field.is_some() {
                                        return Err(de::Error::custom("a key given twice"));
                                    }
                                    out.$field = Some(map.next_value()?);
                                })*
                                _ => return Err(de::Error::custom("an undocumented key")),
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

strict_object!(Juspay {
    client_auth_token: String,
    client_auth_token_expiry: String,
});

strict_object!(StrictCustomer {
    id: String,
    customer_id: String,
    object: String,
    object_reference_id: String,
    mobile_country_code: String,
    mobile_number: String,
    email_address: String,
    first_name: String,
    last_name: String,
    date_created: String,
    last_updated: String,
    juspay: Juspay,
});

strict_object!(StrictFieldReason {
    field_name: String,
    reason: String,
});

strict_object!(StrictErrorInfo {
    code: String,
    user_message: String,
    developer_message: String,
    request_id: String,
    href: String,
    category: String,
    fields: Vec<StrictFieldReason>,
});

strict_object!(StrictErrorBody {
    status: String,
    error_code: String,
    error_message: String,
    error: bool,
    user_message: String,
    error_info: StrictErrorInfo,
});

/// A documented 200 body as a customer; `None` for anything else.
pub(crate) fn customer(text: &str) -> Option<Customer> {
    let c: StrictCustomer = serde_json::from_str(text).ok()?;
    Some(Customer {
        customer_id: c.customer_id,
        object: c.object,
        object_reference_id: c.object_reference_id,
        mobile_country_code: c.mobile_country_code,
        mobile_number: c.mobile_number,
        email_address: c.email_address,
        first_name: c.first_name,
        last_name: c.last_name,
        date_created: c.date_created.map(Timestamp::new),
        last_updated: c.last_updated.map(Timestamp::new),
        juspay: c.juspay.map(|j| JuspayAuth {
            client_auth_token: j.client_auth_token.map(ClientAuthToken::new),
            client_auth_token_expiry: j.client_auth_token_expiry.map(Timestamp::new),
            extra: Extra::new(),
        }),
        ..Customer::new(c.id.filter(|id| !id.is_empty())?)
    })
}

/// A documented error body; `None` for anything else.
pub(crate) fn error_body(text: &str) -> Option<ErrorBody> {
    let b: StrictErrorBody = serde_json::from_str(text).ok()?;
    let reason = |f: StrictFieldReason| FieldReason {
        field_name: f.field_name,
        reason: f.reason,
        extra: Extra::new(),
    };
    Some(ErrorBody {
        status: b.status,
        error_code: b.error_code,
        error_message: b.error_message,
        error: b.error,
        user_message: b.user_message,
        error_info: b.error_info.map(|i| ErrorInfo {
            code: i.code,
            user_message: i.user_message,
            developer_message: i.developer_message,
            request_id: i.request_id,
            href: i.href,
            category: i.category,
            fields: i.fields.map(|fields| fields.into_iter().map(reason).collect()),
            extra: Extra::new(),
        }),
        extra: Extra::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::customer::CustomerDraft;
    use super::super::loose::read_object;
    use super::*;

    /// The fast path reads exactly what the tolerant reader reads, wherever
    /// it reads anything: every fixture (the docs' samples), and bodies
    /// built to sit at its edges. Where it refuses, the tolerant reader
    /// decides alone.
    #[test]
    fn the_fast_path_agrees_with_the_tolerant_reader() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut bodies: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        bodies.extend(
            [
                r#"{"id":"cst_1"}"#,
                r#"{"id":""}"#,
                r#"{"id":"cst_1","id":"cst_2"}"#,
                r#"{"id":"cst_1","first_name":null}"#,
                r#"{"id":"cst_1","first_name":"J\u00f6hn","x":1}"#,
                r#"{"id":"cst_1","last_name":"\ud800"}"#,
                r#"{"id":"cst_1","juspay":{"client_auth_token":"tkn_1","scope":"sdk"}}"#,
                r#"{"id":"cst_1","juspay":null}"#,
                r#"{"error_info":{"code":"INVALID_INPUT","fields":[{"field_name":"a"},{"reason":"b"}]}}"#,
                r#"{"error_info":{"code":"INVALID_INPUT","fields":[{"field_name":"a"},"b"]}}"#,
                r#"{"error_info":{"code":"X","code":"Y"}}"#,
                r#"{"error":true,"error_message":"m","user_message":"u"}"#,
                r#"{"error":"yes"}"#,
                r#"{"status":1e400}"#,
                r#"[]"#,
                r#"["cst_1"]"#,
                r#"{"id":"cst_1","juspay":["tkn_1","2020-03-17T14:28:37Z"]}"#,
                r#"{"error_info":["INVALID_INPUT"]}"#,
                r#"{"i\u0064":"cst_1"}"#,
                r#"{}"#,
            ]
            .map(str::to_owned),
        );
        let mut fast = (0, 0);
        for body in &bodies {
            if let Some(c) = customer(body) {
                fast.0 += 1;
                let loose = read_object::<CustomerDraft>(body).and_then(CustomerDraft::finish);
                assert_eq!(Some(c), loose, "{body}");
            }
            if let Some(b) = error_body(body) {
                fast.1 += 1;
                assert_eq!(Some(b), read_object::<ErrorBody>(body), "{body}");
            }
        }
        // Both shapes took the fast path, every documented sample among them.
        assert!(fast.0 >= 6 && fast.1 >= 15, "{fast:?}");
    }
}
