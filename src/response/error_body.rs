//! Error bodies (docs 000, 001, 002, 004): every key kept, known or not.

use serde::de::MapAccess;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::customer::{entry, extras};
use super::loose::{Arr, Bool, Key, Obj, Object, Str};

/// One entry of `error_info.fields`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FieldReason {
    /// `field_name`, e.g. `mobile_number`.
    pub field_name: Option<String>,
    /// `reason`, e.g. `Invalid value.` or `Missing value.`.
    pub reason: Option<String>,
    /// Every other key, as sent.
    pub extra: Map<String, Value>,
}

/// `error_info`: the detailed part of an error body.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ErrorInfo {
    /// `code`, e.g. `INVALID_INPUT`, `ALREADY_EXISTS`, `UNAUTHORIZED`, `BAD_ORIGIN`.
    pub code: Option<String>,
    /// `user_message`, fit to show to the user.
    pub user_message: Option<String>,
    /// `developer_message`.
    pub developer_message: Option<String>,
    /// `request_id`, to quote to Juspay support.
    pub request_id: Option<String>,
    /// `href`, `"NA"` in the samples.
    pub href: Option<String>,
    /// `category`, e.g. `USER_ERROR`.
    pub category: Option<String>,
    /// `fields`: which fields were refused and why.
    pub fields: Option<Vec<FieldReason>>,
    /// Every other key, and known keys of another type, as sent.
    pub extra: Map<String, Value>,
}

/// A JSON error body.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ErrorBody {
    /// `status`, e.g. `invalid_request_error`, `Invalid Request`, `error`.
    pub status: Option<String>,
    /// `error_code`, e.g. `nullable`, `unique`, `access_denied`.
    pub error_code: Option<String>,
    /// `error_message`.
    pub error_message: Option<String>,
    /// `error`: `true` in the 403 `BAD_ORIGIN` body.
    pub error: Option<bool>,
    /// Top-level `user_message`: only the 403 `BAD_ORIGIN` body has one.
    pub user_message: Option<String>,
    /// `error_info`.
    pub error_info: Option<ErrorInfo>,
    /// Every other key, and known keys of another type, as sent.
    pub extra: Map<String, Value>,
}

impl ErrorBody {
    /// `error_info.code`.
    pub fn code(&self) -> Option<&str> {
        self.error_info.as_ref()?.code.as_deref()
    }

    /// `error_info.request_id`.
    pub fn request_id(&self) -> Option<&str> {
        self.error_info.as_ref()?.request_id.as_deref()
    }

    /// `error_info.fields`, empty when absent.
    pub fn fields(&self) -> &[FieldReason] {
        self.error_info
            .as_ref()
            .and_then(|i| i.fields.as_deref())
            .unwrap_or(&[])
    }

    /// `error_info.developer_message`.
    pub fn developer_message(&self) -> Option<&str> {
        self.error_info.as_ref()?.developer_message.as_deref()
    }

    /// `error_info.user_message`, or the top-level one.
    pub fn user_message(&self) -> Option<&str> {
        self.error_info
            .as_ref()
            .and_then(|i| i.user_message.as_deref())
            .or(self.user_message.as_deref())
    }
}

/// Reads a string-valued key into `slot`, or keeps it in `extra`.
fn string<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<String>,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    map.next_value_seed(Str).map(|v| v.place(slot, key, extra))
}

/// Keeps an unknown key's value in `extra`.
fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    extra.insert(key.0.into_owned(), map.next_value()?);
    Ok(())
}

impl Object for FieldReason {
    fn read_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut out = FieldReason::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match &*key.0 {
                "field_name" => string(&mut map, &mut out.field_name, key, &mut out.extra)?,
                "reason" => string(&mut map, &mut out.reason, key, &mut out.extra)?,
                _ => unknown(&mut map, key, &mut out.extra)?,
            }
        }
        Ok(out)
    }
}

impl Serialize for FieldReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        entry(&mut map, "field_name", self.field_name.as_ref())?;
        entry(&mut map, "reason", self.reason.as_ref())?;
        extras(&mut map, &self.extra)?;
        map.end()
    }
}

impl Object for ErrorInfo {
    fn read_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut out = ErrorInfo::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let slot = match &*key.0 {
                "code" => &mut out.code,
                "user_message" => &mut out.user_message,
                "developer_message" => &mut out.developer_message,
                "request_id" => &mut out.request_id,
                "href" => &mut out.href,
                "category" => &mut out.category,
                "fields" => {
                    map.next_value_seed(Arr::<FieldReason>::new())?.place(
                        &mut out.fields,
                        key,
                        &mut out.extra,
                    );
                    continue;
                }
                _ => {
                    unknown(&mut map, key, &mut out.extra)?;
                    continue;
                }
            };
            string(&mut map, slot, key, &mut out.extra)?;
        }
        Ok(out)
    }
}

impl Serialize for ErrorInfo {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        entry(&mut map, "user_message", self.user_message.as_ref())?;
        entry(&mut map, "fields", self.fields.as_ref())?;
        entry(&mut map, "request_id", self.request_id.as_ref())?;
        entry(&mut map, "href", self.href.as_ref())?;
        entry(&mut map, "developer_message", self.developer_message.as_ref())?;
        entry(&mut map, "code", self.code.as_ref())?;
        entry(&mut map, "category", self.category.as_ref())?;
        extras(&mut map, &self.extra)?;
        map.end()
    }
}

impl Object for ErrorBody {
    fn read_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut out = ErrorBody::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let slot = match &*key.0 {
                "status" => &mut out.status,
                "error_code" => &mut out.error_code,
                "error_message" => &mut out.error_message,
                "user_message" => &mut out.user_message,
                "error" => {
                    map.next_value_seed(Bool)?
                        .place(&mut out.error, key, &mut out.extra);
                    continue;
                }
                "error_info" => {
                    map.next_value_seed(Obj::<ErrorInfo>::new())?.place(
                        &mut out.error_info,
                        key,
                        &mut out.extra,
                    );
                    continue;
                }
                _ => {
                    unknown(&mut map, key, &mut out.extra)?;
                    continue;
                }
            };
            string(&mut map, slot, key, &mut out.extra)?;
        }
        Ok(out)
    }
}

impl Serialize for ErrorBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        entry(&mut map, "error", self.error.as_ref())?;
        entry(&mut map, "error_message", self.error_message.as_ref())?;
        entry(&mut map, "status", self.status.as_ref())?;
        entry(&mut map, "error_code", self.error_code.as_ref())?;
        entry(&mut map, "user_message", self.user_message.as_ref())?;
        entry(&mut map, "error_info", self.error_info.as_ref())?;
        extras(&mut map, &self.extra)?;
        map.end()
    }
}
