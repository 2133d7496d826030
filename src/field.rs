//! The request fields, named as the API spells them.

use std::fmt;

/// One field of the Create Customer request body.
///
/// [`Field::as_str`] gives the name exactly as the API spells it, which is
/// also the key used in form and JSON bodies; `"mobile_number".parse()`
/// goes the other way.
///
/// Exhaustive: it mirrors the request fields the docs define; a new field
/// would be a new major version, as it changes what a valid request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `object_reference_id`: required, 8 to 255 characters.
    ObjectReferenceId,
    /// `mobile_number`: required, 1 to 300 ASCII digits.
    MobileNumber,
    /// `email_address`: optional, at most 300 characters.
    EmailAddress,
    /// `first_name`: optional, at most 255 characters.
    FirstName,
    /// `last_name`: optional, at most 255 characters.
    LastName,
    /// `mobile_country_code`: optional, 1 to 64 ASCII digits; the default is `91`.
    MobileCountryCode,
    /// `options.get_client_auth_token`: optional boolean.
    GetClientAuthToken,
}

impl Field {
    /// Every field, in the canonical order used when encoding a body.
    pub const ALL: [Field; 7] = [
        Field::ObjectReferenceId,
        Field::MobileNumber,
        Field::EmailAddress,
        Field::FirstName,
        Field::LastName,
        Field::MobileCountryCode,
        Field::GetClientAuthToken,
    ];

    /// The field name as the API spells it, e.g. `"mobile_number"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::ObjectReferenceId => "object_reference_id",
            Field::MobileNumber => "mobile_number",
            Field::EmailAddress => "email_address",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::MobileCountryCode => "mobile_country_code",
            Field::GetClientAuthToken => "options.get_client_auth_token",
        }
    }

    /// The field a body key names, as the API spells it (the inverse of
    /// [`Field::as_str`]); `None` for keys the API does not define.
    ///
    /// ```
    /// use juspay_customer::Field;
    /// assert_eq!(Field::parse("options.get_client_auth_token"), Some(Field::GetClientAuthToken));
    /// assert_eq!(Field::parse("phone"), None);
    /// ```
    pub fn parse(key: &str) -> Option<Field> {
        Some(match key {
            "object_reference_id" => Field::ObjectReferenceId,
            "mobile_number" => Field::MobileNumber,
            "email_address" => Field::EmailAddress,
            "first_name" => Field::FirstName,
            "last_name" => Field::LastName,
            "mobile_country_code" => Field::MobileCountryCode,
            "options.get_client_auth_token" => Field::GetClientAuthToken,
            _ => return None,
        })
    }

    /// Whether the API requires the field (`object_reference_id` and `mobile_number`).
    pub const fn is_required(self) -> bool {
        matches!(self, Field::ObjectReferenceId | Field::MobileNumber)
    }

    /// Position in [`Field::ALL`].
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
