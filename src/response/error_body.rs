//! Error bodies (every documented shape): every key kept, known or not.

use std::borrow::Cow;
use std::fmt;

use serde::de::MapAccess;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::value::RawValue;

use super::loose::{direct, entry, extras, flag, keep, object, objects, text, Entries, Extra};
use crate::secret::KeysOnly;

/// One entry of `error_info.fields`.
///
/// `Debug` shows `extra` by key names only: a body that echoes the request
/// may hold personal data under keys the docs do not list.
///
#[derive(Clone, PartialEq, Default)]
pub(crate) struct FieldReason {
    /// `field_name`, e.g. `mobile_number`.
    pub(crate) field_name: Option<String>,
    /// `reason`, e.g. `Invalid value.` or `Missing value.`.
    pub(crate) reason: Option<String>,
    /// Every other key, as sent.
    pub(crate) extra: Extra,
}

/// `error_info`: the detailed part of an error body.
///
/// `Debug` shows the documented keys' values (the server's codes, messages
/// and request id) and `extra` by key names only.
///
#[derive(Clone, PartialEq, Default)]
pub(crate) struct ErrorInfo {
    /// `code`, e.g. `INVALID_INPUT`, `ALREADY_EXISTS`, `UNAUTHORIZED`, `BAD_ORIGIN`.
    pub(crate) code: Option<String>,
    /// `user_message`, fit to show to the user.
    pub(crate) user_message: Option<String>,
    /// `developer_message`.
    pub(crate) developer_message: Option<String>,
    /// `request_id`, to quote to Juspay support.
    pub(crate) request_id: Option<String>,
    /// `href`, `"NA"` in the samples.
    pub(crate) href: Option<String>,
    /// `category`, e.g. `USER_ERROR`.
    pub(crate) category: Option<String>,
    /// `fields`: which fields were refused and why.
    pub(crate) fields: Option<Vec<FieldReason>>,
    /// Every other key, and known keys of another type, as sent.
    pub(crate) extra: Extra,
}

/// A JSON error body, every key kept (known ones read, the rest as sent, so
/// [`crate::ApiError::to_http`] writes it back whole); read it with the
/// accessors, one per documented key.
///
/// `Debug` shows the documented keys' values (the server's codes and
/// messages) and the other keys by name only, never their values.
#[derive(Clone, PartialEq, Default)]
pub struct ErrorBody {
    /// `status`, e.g. `invalid_request_error`, `Invalid Request`, `error`.
    pub(crate) status: Option<String>,
    /// `error_code`, e.g. `nullable`, `unique`, `access_denied`.
    pub(crate) error_code: Option<String>,
    /// `error_message`.
    pub(crate) error_message: Option<String>,
    /// `error`: `true` in the 403 `BAD_ORIGIN` body.
    pub(crate) error: Option<bool>,
    /// Top-level `user_message`: only the 403 `BAD_ORIGIN` body has one.
    pub(crate) user_message: Option<String>,
    /// `error_info`.
    pub(crate) error_info: Option<ErrorInfo>,
    /// Every other key, and known keys of another type, as sent.
    pub(crate) extra: Extra,
}

impl fmt::Debug for FieldReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldReason")
            .field("field_name", &self.field_name)
            .field("reason", &self.reason)
            .field("extra", &KeysOnly(&self.extra))
            .finish()
    }
}

impl fmt::Debug for ErrorInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorInfo")
            .field("code", &self.code)
            .field("user_message", &self.user_message)
            .field("developer_message", &self.developer_message)
            .field("request_id", &self.request_id)
            .field("href", &self.href)
            .field("category", &self.category)
            .field("fields", &self.fields)
            .field("extra", &KeysOnly(&self.extra))
            .finish()
    }
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorBody")
            .field("status", &self.status)
            .field("error_code", &self.error_code)
            .field("error_message", &self.error_message)
            .field("error", &self.error)
            .field("user_message", &self.user_message)
            .field("error_info", &self.error_info)
            .field("extra", &KeysOnly(&self.extra))
            .finish()
    }
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

    /// `error_info.fields`: each entry's `field_name` and `reason` (e.g.
    /// `mobile_number`, `Invalid value.`), in order; none when absent.
    pub fn fields(&self) -> impl Iterator<Item = (Option<&str>, Option<&str>)> {
        self.field_reasons()
            .iter()
            .map(|f| (f.field_name.as_deref(), f.reason.as_deref()))
    }

    /// The `field_name`s of `error_info.fields`, in order (entries with none
    /// are skipped).
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields().filter_map(|(name, _)| name)
    }

    fn field_reasons(&self) -> &[FieldReason] {
        self.error_info
            .as_ref()
            .and_then(|i| i.fields.as_deref())
            .unwrap_or(&[])
    }

    /// Top-level `status`, e.g. `invalid_request_error`, `Invalid Request`, `error`.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// `error_code`, e.g. `nullable`, `unique`, `access_denied`.
    pub fn error_code(&self) -> Option<&str> {
        self.error_code.as_deref()
    }

    /// `error_message`.
    pub fn error_message(&self) -> Option<&str> {
        self.error_message.as_deref()
    }

    /// `error`: `true` in the 403 `BAD_ORIGIN` body.
    pub fn error(&self) -> Option<bool> {
        self.error
    }

    /// `error_info.category`, e.g. `USER_ERROR`.
    pub fn category(&self) -> Option<&str> {
        self.error_info.as_ref()?.category.as_deref()
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

/// Reads and writes an object whose fields are each `Option<T>` taken by a
/// function of `loose` (a wrong type, `null` included, goes to `extra`
/// under its key); unknown keys go to `extra`. Fields are written in the
/// order listed, then `extra`.
macro_rules! loose_object {
    ($ty:ty { $($field:ident: $key:literal => $take:ident,)* }) => {
        impl Entries for $ty {
            fn put(&mut self, key: Cow<'_, str>, value: &RawValue) {
                $(if key == $key {
                    return $take(&mut self.$field, key, value, &mut self.extra);
                })*
                keep(&mut self.extra, key, value);
            }

            fn put_direct<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
                $(if key == $key {
                    return direct::$take(&mut self.$field, map);
                })*
                Ok(false)
            }
        }

        impl $ty {
            /// Whether an entry for `key` was taken already, into its field
            /// or into `extra`.
            #[allow(dead_code)]
            pub(crate) fn has(&self, key: &str) -> bool {
                $(if key == $key {
                    return self.$field.is_some() || self.extra.contains_key(key);
                })*
                self.extra.contains_key(key)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                $(entry(&mut map, $key, self.$field.as_ref())?;)*
                extras(&mut map, &self.extra)?;
                map.end()
            }
        }
    };
}

loose_object!(FieldReason {
    field_name: "field_name" => text,
    reason: "reason" => text,
});

loose_object!(ErrorInfo {
    user_message: "user_message" => text,
    fields: "fields" => objects,
    request_id: "request_id" => text,
    href: "href" => text,
    developer_message: "developer_message" => text,
    code: "code" => text,
    category: "category" => text,
});

loose_object!(ErrorBody {
    error: "error" => flag,
    error_message: "error_message" => text,
    status: "status" => text,
    error_code: "error_code" => text,
    user_message: "user_message" => text,
    error_info: "error_info" => object,
});

/// An error body being read, and whether a top-level key was given twice:
/// ambiguous (which `error_info` holds the code?), so
/// [`crate::parse_response`] reads it as unexpected, as it does a 200 with a
/// key given twice.
#[derive(Default)]
pub(crate) struct ErrorDraft {
    pub(crate) body: ErrorBody,
    pub(crate) repeated: bool,
}

impl Entries for ErrorDraft {
    fn put(&mut self, key: Cow<'_, str>, value: &RawValue) {
        self.repeated |= self.body.has(&key);
        self.body.put(key, value);
    }

    fn put_direct<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        let repeated = self.body.has(key);
        let read = self.body.put_direct(key, map)?;
        self.repeated |= read && repeated;
        Ok(read)
    }
}
