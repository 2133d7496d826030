//! The 200 body: the customer object (docs 000, 001, 004).

use std::fmt;

use serde::de::MapAccess;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::loose::{entry, extras, Key, Obj, Object, Str};
use super::timestamp::Timestamp;
use crate::secret::{mask_email, mask_mobile, ClientAuthToken, Masked};

/// The `juspay` object of a customer response, present when
/// `options.get_client_auth_token=true` was sent (docs 001, 004).
///
/// `Debug` shows no token and only the names of `extra` keys: this object
/// carries secrets, and a key the docs do not list may be one too.
#[derive(Clone, PartialEq, Default)]
pub struct JuspayAuth {
    /// `client_auth_token`, a secret: `Debug` shows no token.
    pub client_auth_token: Option<ClientAuthToken>,
    /// `client_auth_token_expiry`, 15 minutes after creation in the samples.
    pub client_auth_token_expiry: Option<Timestamp>,
    /// Every other key, and known keys whose value was not a string, as sent.
    pub extra: Map<String, Value>,
}

/// A customer, as the 200 body gives it. Only `id` is required; every other
/// key is kept: known ones in their fields, the rest in `extra`.
///
/// `Debug` masks the mobile number and email and never shows the token.
///
/// ```
/// use juspay_customer::parse_response;
/// let body = br#"{"id":"cst_afdeuvmfhs3j1acm","mobile_number":"99887766","mobile_country_code":"+65","tier":"gold"}"#;
/// let c = parse_response(200, body).unwrap();
/// assert_eq!(c.country_code_digits(), Some("65"));
/// assert_eq!(c.extra["tier"], "gold");
/// assert!(format!("{c:?}").contains("\"******66\""));
/// assert_eq!(serde_json::from_slice::<serde_json::Value>(&c.to_json()).unwrap()["tier"], "gold");
/// ```
#[derive(Clone, PartialEq)]
pub struct Customer {
    /// `id`, e.g. `cst_afdeuvmfhs3j1acm`.
    pub id: String,
    /// `customer_id`, listed in docs 001 and 004.
    pub customer_id: Option<String>,
    /// `object`, `"customer"`.
    pub object: Option<String>,
    /// `object_reference_id`, the merchant's id for the customer.
    pub object_reference_id: Option<String>,
    /// `mobile_country_code` as sent, with or without a leading `+`; see
    /// [`Customer::country_code_digits`].
    pub mobile_country_code: Option<String>,
    /// `mobile_number`.
    pub mobile_number: Option<String>,
    /// `email_address`.
    pub email_address: Option<String>,
    /// `first_name`.
    pub first_name: Option<String>,
    /// `last_name`.
    pub last_name: Option<String>,
    /// `date_created`.
    pub date_created: Option<Timestamp>,
    /// `last_updated`.
    pub last_updated: Option<Timestamp>,
    /// `juspay`, with the client auth token when it was asked for.
    pub juspay: Option<JuspayAuth>,
    /// Every other key, and known keys whose value had another type (`null`
    /// included), exactly as sent.
    pub extra: Map<String, Value>,
}

impl fmt::Debug for JuspayAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JuspayAuth")
            .field("client_auth_token", &self.client_auth_token)
            .field("client_auth_token_expiry", &self.client_auth_token_expiry)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Customer {
    /// A customer with only an id.
    pub fn new(id: impl Into<String>) -> Self {
        Customer {
            id: id.into(),
            customer_id: None,
            object: None,
            object_reference_id: None,
            mobile_country_code: None,
            mobile_number: None,
            email_address: None,
            first_name: None,
            last_name: None,
            date_created: None,
            last_updated: None,
            juspay: None,
            extra: Map::new(),
        }
    }

    /// The country code without a leading `+`.
    pub fn country_code_digits(&self) -> Option<&str> {
        self.mobile_country_code
            .as_deref()
            .map(|c| c.strip_prefix('+').unwrap_or(c))
    }

    /// The client auth token, when the response carries one.
    pub fn client_auth_token(&self) -> Option<&ClientAuthToken> {
        self.juspay.as_ref()?.client_auth_token.as_ref()
    }

    /// The token's expiry, when the response carries one.
    pub fn client_auth_token_expiry(&self) -> Option<&Timestamp> {
        self.juspay.as_ref()?.client_auth_token_expiry.as_ref()
    }

    /// The 200 body as JSON bytes, known keys first in the docs' order.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl fmt::Debug for Customer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customer")
            .field("id", &self.id)
            .field("customer_id", &self.customer_id)
            .field("object", &self.object)
            .field("object_reference_id", &self.object_reference_id)
            .field("mobile_country_code", &self.mobile_country_code)
            .field(
                "mobile_number",
                &self.mobile_number.as_deref().map(|m| Masked(m, mask_mobile)),
            )
            .field(
                "email_address",
                &self.email_address.as_deref().map(|e| Masked(e, mask_email)),
            )
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("date_created", &self.date_created)
            .field("last_updated", &self.last_updated)
            .field("juspay", &self.juspay)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Serialize for JuspayAuth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        entry(
            &mut map,
            "client_auth_token",
            self.client_auth_token.as_ref().map(ClientAuthToken::expose),
        )?;
        entry(
            &mut map,
            "client_auth_token_expiry",
            self.client_auth_token_expiry.as_ref().map(Timestamp::as_str),
        )?;
        extras(&mut map, &self.extra)?;
        map.end()
    }
}

impl Object for JuspayAuth {
    fn read_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut out = JuspayAuth::default();
        let (mut token, mut expiry) = (None, None);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match &*key.0 {
                "client_auth_token" => map.next_value_seed(Str)?.place(&mut token, key, &mut out.extra),
                "client_auth_token_expiry" => {
                    map.next_value_seed(Str)?.place(&mut expiry, key, &mut out.extra)
                }
                _ => {
                    out.extra.insert(key.0.into_owned(), map.next_value()?);
                }
            }
        }
        out.client_auth_token = token.map(ClientAuthToken::new);
        out.client_auth_token_expiry = expiry.map(Timestamp::new);
        Ok(out)
    }
}

impl Serialize for Customer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        entry(&mut map, "customer_id", self.customer_id.as_ref())?;
        entry(&mut map, "object", self.object.as_ref())?;
        entry(&mut map, "object_reference_id", self.object_reference_id.as_ref())?;
        entry(&mut map, "mobile_country_code", self.mobile_country_code.as_ref())?;
        entry(&mut map, "mobile_number", self.mobile_number.as_ref())?;
        entry(&mut map, "email_address", self.email_address.as_ref())?;
        entry(&mut map, "first_name", self.first_name.as_ref())?;
        entry(&mut map, "last_name", self.last_name.as_ref())?;
        entry(
            &mut map,
            "date_created",
            self.date_created.as_ref().map(Timestamp::as_str),
        )?;
        entry(
            &mut map,
            "last_updated",
            self.last_updated.as_ref().map(Timestamp::as_str),
        )?;
        entry(&mut map, "juspay", self.juspay.as_ref())?;
        extras(&mut map, &self.extra)?;
        map.end()
    }
}

/// A customer body being read; `id` may still be missing.
pub(crate) struct CustomerDraft(pub Option<Customer>);

impl Serialize for CustomerDraft {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(c) => c.serialize(s),
            None => s.serialize_map(Some(0))?.end(),
        }
    }
}

impl Object for CustomerDraft {
    fn read_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut c = Customer::new(String::new());
        let mut id = None;
        let (mut created, mut updated) = (None, None);
        let extra = &mut c.extra;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let slot = match &*key.0 {
                "id" => &mut id,
                "customer_id" => &mut c.customer_id,
                "object" => &mut c.object,
                "object_reference_id" => &mut c.object_reference_id,
                "mobile_country_code" => &mut c.mobile_country_code,
                "mobile_number" => &mut c.mobile_number,
                "email_address" => &mut c.email_address,
                "first_name" => &mut c.first_name,
                "last_name" => &mut c.last_name,
                "date_created" => &mut created,
                "last_updated" => &mut updated,
                "juspay" => {
                    map.next_value_seed(Obj::<JuspayAuth>::new())?
                        .place(&mut c.juspay, key, extra);
                    continue;
                }
                _ => {
                    extra.insert(key.0.into_owned(), map.next_value()?);
                    continue;
                }
            };
            map.next_value_seed(Str)?.place(slot, key, extra);
        }
        c.date_created = created.map(Timestamp::new);
        c.last_updated = updated.map(Timestamp::new);
        Ok(CustomerDraft(id.map(|id| Customer { id, ..c })))
    }
}
