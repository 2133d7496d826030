//! The 200 body: the customer object (the *Create Customer API*, *Create Customer* and *Get or Create Customer* pages).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::MapAccess;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::value::RawValue;

use super::loose::{direct, entry, extras, keep, object, string, text, Entries, Extra, ObjectOf, RawJson};
use super::timestamp::Timestamp;
use crate::secret::{mask_email, mask_mobile, mask_reference, ClientAuthToken, KeysOnly, Masked};

/// The `juspay` object of a customer response, present when
/// `options.get_client_auth_token=true` was sent (the *Create Customer* and *Get or Create Customer* pages).
///
/// `Debug` shows no token and only the names of `extra` keys: this object
/// carries secrets, and a key the docs do not list may be one too.
///
/// Read through [`Customer::client_auth_token`] and
/// [`Customer::client_auth_token_expiry`]; other keys are kept and written
/// back.
#[derive(Clone, PartialEq, Default)]
pub(crate) struct JuspayAuth {
    /// `client_auth_token`, a secret: `Debug` shows no token.
    pub(crate) client_auth_token: Option<ClientAuthToken>,
    /// `client_auth_token_expiry`, 15 minutes after creation in the samples.
    pub(crate) client_auth_token_expiry: Option<Timestamp>,
    /// Every other key, and known keys whose value was not a string, as sent.
    pub(crate) extra: Extra,
}

/// A customer, as the 200 body gives it. Only `id` is required; every other
/// key is kept: known ones in their fields, the rest in `extra`.
///
/// `Debug` masks the mobile number, the email address and the
/// object_reference_id, never shows the token, and shows `extra` by key
/// names only.
///
/// ```
/// use juspay_customer::parse_response;
/// let body = br#"{"id":"cst_afdeuvmfhs3j1acm","mobile_number":"99887766","mobile_country_code":"+65","tier":"gold"}"#;
/// let c = parse_response(200, body).unwrap();
/// assert_eq!(c.extra["tier"].get(), r#""gold""#);
/// assert!(format!("{c:?}").contains("\"******66\""));
/// assert_eq!(serde_json::to_value(&c).unwrap()["tier"], "gold");
/// ```
///
/// Non-exhaustive: Juspay may document more keys; build one with
/// [`Customer::new`] and set the public fields (the token comes only from a
/// response). It implements `Deserialize`
/// from the 200 body's JSON with serde_json (the same reading as
/// [`crate::parse_response`], so unknown keys land in `extra`), and
/// `Serialize` back to it, token included: cache it, do not log it.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Customer {
    /// `id`, e.g. `cst_afdeuvmfhs3j1acm`.
    pub id: String,
    /// `customer_id`, listed on the *Create Customer* and *Get or Create Customer* pages.
    pub customer_id: Option<String>,
    /// `object`, `"customer"`.
    pub object: Option<String>,
    /// `object_reference_id`, the merchant's id for the customer.
    pub object_reference_id: Option<String>,
    /// `mobile_country_code` as sent, with or without a leading `+`; see
    /// `mobile_country_code.trim_start_matches('+')` for the digits.
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
    /// `juspay`, with the client auth token when it was asked for: read it
    /// with [`Customer::client_auth_token`].
    pub(crate) juspay: Option<JuspayAuth>,
    /// Every other key, and known keys whose value had another type (`null`
    /// included), exactly as sent.
    pub extra: BTreeMap<String, RawJson>,
}

impl fmt::Debug for JuspayAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JuspayAuth")
            .field("client_auth_token", &self.client_auth_token)
            .field("client_auth_token_expiry", &self.client_auth_token_expiry)
            .field("extra", &KeysOnly(&self.extra))
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
            extra: Extra::new(),
        }
    }

    /// The client auth token, when the response carries one.
    pub fn client_auth_token(&self) -> Option<&ClientAuthToken> {
        self.juspay.as_ref()?.client_auth_token.as_ref()
    }

    /// The token's expiry, when the response carries one.
    pub fn client_auth_token_expiry(&self) -> Option<&Timestamp> {
        self.juspay.as_ref()?.client_auth_token_expiry.as_ref()
    }
}

impl fmt::Debug for Customer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customer")
            .field("id", &self.id)
            .field("customer_id", &self.customer_id)
            .field("object", &self.object)
            .field(
                "object_reference_id",
                &self
                    .object_reference_id
                    .as_deref()
                    .map(|r| Masked(r, mask_reference)),
            )
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
            .field("extra", &KeysOnly(&self.extra))
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

impl Entries for JuspayAuth {
    fn put(&mut self, key: Cow<'_, str>, value: &RawValue) {
        let known = match &*key {
            "client_auth_token" => 1,
            "client_auth_token_expiry" => 2,
            _ => 0,
        };
        match (known, string(value)) {
            (1, Some(t)) => self.client_auth_token = Some(ClientAuthToken::new(t)),
            (2, Some(t)) => self.client_auth_token_expiry = Some(Timestamp::new(t)),
            _ => {
                keep(&mut self.extra, key, value);
            }
        }
    }

    fn put_direct<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "client_auth_token" => {
                self.client_auth_token = Some(ClientAuthToken::new(map.next_value::<String>()?))
            }
            "client_auth_token_expiry" => {
                self.client_auth_token_expiry = Some(Timestamp::new(map.next_value::<String>()?))
            }
            _ => return Ok(false),
        }
        Ok(true)
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

/// A customer body being read: the customer so far, the documented keys
/// seen, and whether any top-level key was given twice.
#[derive(Default)]
pub(crate) struct CustomerDraft {
    customer: Option<Customer>,
    id: Option<String>,
    created: Option<String>,
    updated: Option<String>,
    seen: u16,
    duplicate: bool,
}

/// The documented keys of the customer object.
const KNOWN: [&str; 12] = [
    "id",
    "customer_id",
    "object",
    "object_reference_id",
    "mobile_country_code",
    "mobile_number",
    "email_address",
    "first_name",
    "last_name",
    "date_created",
    "last_updated",
    "juspay",
];

impl Entries for CustomerDraft {
    fn put(&mut self, key: Cow<'_, str>, value: &RawValue) {
        let Some(i) = self.known(&key) else {
            let c = self.customer.get_or_insert_with(|| Customer::new(String::new()));
            self.duplicate |= keep(&mut c.extra, key, value);
            return;
        };
        match self.parts(i) {
            (Some(slot), _, extra) => text(slot, key, value, extra),
            (None, juspay, extra) => object(juspay, key, value, extra),
        }
    }

    fn put_direct<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        let Some(i) = self.known(key) else {
            return Ok(false);
        };
        match self.parts(i) {
            (Some(slot), _, _) => direct::text(slot, map),
            (None, juspay, _) => direct::object(juspay, map),
        }
    }
}

impl CustomerDraft {
    /// The index in [`KNOWN`] of a documented key, marked seen (a second
    /// sighting makes the body ambiguous); `None` for other keys.
    fn known(&mut self, key: &str) -> Option<usize> {
        let i = KNOWN.iter().position(|k| *k == key)?;
        self.duplicate |= self.seen & (1 << i) != 0;
        self.seen |= 1 << i;
        Some(i)
    }

    /// Documented key `i`'s text slot (`None` for `juspay`), beside the
    /// customer's `juspay` and `extra`.
    fn parts(&mut self, i: usize) -> (Option<&mut Option<String>>, &mut Option<JuspayAuth>, &mut Extra) {
        let CustomerDraft {
            customer,
            id,
            created,
            updated,
            ..
        } = self;
        let c = customer.get_or_insert_with(|| Customer::new(String::new()));
        let slot = match i {
            0 => id,
            1 => &mut c.customer_id,
            2 => &mut c.object,
            3 => &mut c.object_reference_id,
            4 => &mut c.mobile_country_code,
            5 => &mut c.mobile_number,
            6 => &mut c.email_address,
            7 => &mut c.first_name,
            8 => &mut c.last_name,
            9 => created,
            10 => updated,
            _ => return (None, &mut c.juspay, &mut c.extra),
        };
        (Some(slot), &mut c.juspay, &mut c.extra)
    }

    /// The customer read: `None` when it is no customer (no string `id`, an
    /// empty one, or a top-level key given twice: ambiguous, as on the
    /// request side, whichever key it is).
    pub(crate) fn finish(self) -> Option<Customer> {
        let id = self.id.filter(|id| !id.is_empty() && !self.duplicate)?;
        let c = self.customer?;
        Some(Customer {
            id,
            date_created: self.created.map(Timestamp::new),
            last_updated: self.updated.map(Timestamp::new),
            ..c
        })
    }
}

impl<'de> serde::Deserialize<'de> for Customer {
    /// Reads the 200 body's object with serde_json, as
    /// [`crate::parse_response`] does; fails where it would not give a customer.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let draft = d.deserialize_any(ObjectOf::<CustomerDraft>(std::marker::PhantomData))?;
        draft
            .and_then(CustomerDraft::finish)
            .ok_or_else(|| D::Error::custom("not a customer: no non-empty string id, or a key given twice"))
    }
}
