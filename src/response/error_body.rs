//! Error bodies (docs 000, 001, 002, 004): every key kept, known or not.

use serde::de::MapAccess;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::loose::{entry, extras, Arr, Bool, Key, Obj, Object, Str};

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

/// Reads and writes an object whose fields are each `Option<T>` read by a
/// seed from `loose` (a wrong type, `null` included, goes to `extra` under
/// its key); unknown keys go to `extra`. Fields are written in the order
/// listed, then `extra`.
macro_rules! loose_object {
    ($ty:ty { $($field:ident: $key:literal => $seed:expr,)* }) => {
        impl Object for $ty {
            fn read_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                let mut out = <$ty>::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match &*key.0 {
                        $($key => map.next_value_seed($seed)?.place(&mut out.$field, key, &mut out.extra),)*
                        _ => {
                            out.extra.insert(key.0.into_owned(), map.next_value()?);
                        }
                    }
                }
                Ok(out)
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
    field_name: "field_name" => Str,
    reason: "reason" => Str,
});

loose_object!(ErrorInfo {
    user_message: "user_message" => Str,
    fields: "fields" => Arr::<FieldReason>::new(),
    request_id: "request_id" => Str,
    href: "href" => Str,
    developer_message: "developer_message" => Str,
    code: "code" => Str,
    category: "category" => Str,
});

loose_object!(ErrorBody {
    error: "error" => Bool,
    error_message: "error_message" => Str,
    status: "status" => Str,
    error_code: "error_code" => Str,
    user_message: "user_message" => Str,
    error_info: "error_info" => Obj::<ErrorInfo>::new(),
});
