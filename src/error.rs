//! Errors: why a field was refused, every refused field of a request, and
//! configuration errors (API key, merchant id, base URL).
//!
//! Messages are lowercase with no trailing period and never contain a field's
//! value, only the offending character and where it stands.

use std::fmt;

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use crate::field::Field;

/// The server's error code for a refused request field; public as its
/// text ([`Reason::code`], [`ValidationErrors::code`]), as the response
/// side reads `error_info.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ErrorCode {
    /// `MISSING_MANDATORY_PARAMETER`: a required field is absent.
    MissingMandatoryParameter,
    /// `INVALID_INPUT`: a field is present but its value is wrong.
    InvalidInput,
}

impl ErrorCode {
    /// The code as the server spells it in `error_info.code`.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MissingMandatoryParameter => "MISSING_MANDATORY_PARAMETER",
            ErrorCode::InvalidInput => "INVALID_INPUT",
        }
    }

    /// The server's `error_info.fields[].reason` for this code:
    /// `"Missing value."` or `"Invalid value."`.
    pub(crate) const fn server_reason(self) -> &'static str {
        match self {
            ErrorCode::MissingMandatoryParameter => "Missing value.",
            ErrorCode::InvalidInput => "Invalid value.",
        }
    }
}

/// The JSON type of a value, named in [`Reason::WrongType`] and [`Reason::NotAnObject`].
///
/// Exhaustive: JSON has exactly these six types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// Any number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// `"null"`, `"boolean"`, `"number"`, `"string"`, `"array"` or `"object"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which side of the `@` of an email address.
///
/// Exhaustive: an address has two parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmailPart {
    /// The part before the `@`.
    Local,
    /// The part after the `@`.
    Domain,
}

/// Which end of an email part.
///
/// Exhaustive: a part has two ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edge {
    /// The first character.
    Start,
    /// The last character.
    End,
}

/// Exactly why a field was refused. Positions count Unicode characters and
/// start at 1.
///
/// Non-exhaustive: new checks add reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// A required field is absent (or JSON `null`).
    Missing,
    /// A required field is present with an empty value.
    Empty,
    /// Fewer characters than the minimum.
    TooShort {
        /// The least number of characters allowed.
        min: usize,
        /// The number of characters given.
        actual: usize,
    },
    /// More characters than the maximum.
    TooLong {
        /// The greatest number of characters allowed.
        max: usize,
        /// The number of characters given.
        actual: usize,
    },
    /// A digits-only field holds something other than `0`-`9`.
    NotADigit {
        /// The first character that is not an ASCII digit.
        ch: char,
        /// Its 1-based character position.
        position: usize,
    },
    /// A character outside the field's allowed set.
    ForbiddenCharacter {
        /// The first forbidden character.
        ch: char,
        /// Its 1-based character position.
        position: usize,
    },
    /// An email address has no `@`.
    MissingAt,
    /// An email address has more than one `@`.
    MultipleAt {
        /// 1-based position of the second `@`.
        position: usize,
    },
    /// An email address has nothing before its `@`.
    EmptyLocalPart,
    /// An email address has nothing after its `@`.
    EmptyDomainPart,
    /// An email part starts or ends with `.` or `_`.
    EdgeCharacter {
        /// The offending character, `.` or `_`.
        ch: char,
        /// The part it stands in.
        part: EmailPart,
        /// The end it stands at.
        edge: Edge,
    },
    /// `options.get_client_auth_token` in a form body is not `true` or `false`.
    NotABoolean,
    /// A JSON value of the wrong type.
    WrongType {
        /// The type the field takes.
        expected: JsonType,
        /// The type that was given.
        found: JsonType,
    },
    /// A form key given more than once (or a JSON key).
    DuplicateKey,
    /// A form value whose bytes, once percent-decoded, are not UTF-8.
    InvalidUtf8,
    /// The body is not JSON at all; `line` and `column` are serde_json's.
    NotJson {
        /// 1-based line of the first error.
        line: usize,
        /// 1-based column of the first error.
        column: usize,
    },
    /// The body is JSON but not an object.
    NotAnObject {
        /// What it is instead.
        found: JsonType,
    },
    /// `mobile_number` starts with `+` or `00` (international dialling), but
    /// no assigned country calling code follows; found by
    /// [`crate::normalize`], as the split is normalization, not a rule.
    UnassignedCountryCode,
    /// `mobile_country_code` differs from the country calling code that
    /// `mobile_number` starts with (`+65` with `91`); found by
    /// [`crate::normalize`], which never chooses between the two.
    CountryCodeConflict {
        /// The code `mobile_number` started with.
        in_number: u16,
    },
    /// Within the documented limit, but longer than Juspay's published
    /// server code accepts ([`crate::rules::server_limit`]): a warning, or a
    /// refusal under [`crate::Policy::strict`].
    OverServerLimit {
        /// The server code's greatest number of characters.
        max: usize,
        /// The number of characters given.
        actual: usize,
    },
}

impl Reason {
    /// The server's `error_info.code` for this reason:
    /// `MISSING_MANDATORY_PARAMETER` for [`Reason::Missing`], `INVALID_INPUT`
    /// for every other.
    pub const fn code(self) -> &'static str {
        self.error_code().as_str()
    }

    pub(crate) const fn error_code(self) -> ErrorCode {
        match self {
            Reason::Missing => ErrorCode::MissingMandatoryParameter,
            _ => ErrorCode::InvalidInput,
        }
    }

    /// A stable machine-readable name, e.g. `"not_a_digit"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::Missing => "missing",
            Reason::Empty => "empty",
            Reason::TooShort { .. } => "too_short",
            Reason::TooLong { .. } => "too_long",
            Reason::NotADigit { .. } => "not_a_digit",
            Reason::ForbiddenCharacter { .. } => "forbidden_character",
            Reason::MissingAt => "missing_at",
            Reason::MultipleAt { .. } => "multiple_at",
            Reason::EmptyLocalPart => "empty_local_part",
            Reason::EmptyDomainPart => "empty_domain_part",
            Reason::EdgeCharacter { .. } => "edge_character",
            Reason::NotABoolean => "not_a_boolean",
            Reason::WrongType { .. } => "wrong_type",
            Reason::DuplicateKey => "duplicate_key",
            Reason::InvalidUtf8 => "invalid_utf8",
            Reason::NotJson { .. } => "not_json",
            Reason::NotAnObject { .. } => "not_an_object",
            Reason::UnassignedCountryCode => "unassigned_country_code",
            Reason::CountryCodeConflict { .. } => "country_code_conflict",
            Reason::OverServerLimit { .. } => "over_server_limit",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::Missing => f.write_str("is missing"),
            Reason::Empty => f.write_str("is empty"),
            Reason::TooShort { min, actual } => {
                write!(f, "is too short: {actual} characters, at least {min}")
            }
            Reason::TooLong { max, actual } => {
                write!(f, "is too long: {actual} characters, at most {max}")
            }
            Reason::NotADigit { ch, position } => {
                write!(
                    f,
                    "has {} at position {position}, only digits 0-9 are allowed",
                    Shown::quoted(ch)
                )
            }
            Reason::ForbiddenCharacter { ch, position } => {
                write!(
                    f,
                    "has forbidden character {} at position {position}",
                    Shown::quoted(ch)
                )
            }
            Reason::MissingAt => f.write_str("has no '@'"),
            Reason::MultipleAt { position } => write!(f, "has a second '@' at position {position}"),
            Reason::EmptyLocalPart => f.write_str("has nothing before '@'"),
            Reason::EmptyDomainPart => f.write_str("has nothing after '@'"),
            Reason::EdgeCharacter { ch, part, edge } => {
                let part = match part {
                    EmailPart::Local => "the part before '@'",
                    EmailPart::Domain => "the part after '@'",
                };
                let edge = match edge {
                    Edge::Start => "start",
                    Edge::End => "end",
                };
                write!(f, "has {} at the {edge} of {part}", Shown::quoted(ch))
            }
            Reason::NotABoolean => f.write_str("must be true or false"),
            Reason::WrongType { expected, found } => {
                write!(f, "must be a {expected}, not {found}")
            }
            Reason::DuplicateKey => f.write_str("is given more than once"),
            Reason::InvalidUtf8 => f.write_str("is not valid UTF-8"),
            Reason::NotJson { line, column } => {
                write!(f, "is not JSON: error at line {line} column {column}")
            }
            Reason::NotAnObject { found } => write!(f, "is not a JSON object but {found}"),
            Reason::UnassignedCountryCode => {
                f.write_str("starts with + or 00 but not with an assigned country calling code")
            }
            Reason::CountryCodeConflict { in_number } => {
                write!(f, "differs from the +{in_number} that mobile_number starts with")
            }
            Reason::OverServerLimit { max, actual } => write!(
                f,
                "is longer than Juspay's server code accepts: {actual} characters, at most {max}"
            ),
        }
    }
}

/// A character as a person reads it, never a Rust escape: in developer
/// messages quoted (`'x'`, `"'"` for the apostrophe, `' '`), in end users'
/// plain (`x`, `'`, `space`); one that cannot be seen by its name and code
/// point (`no-break space (U+00A0)`), or its code point alone (`U+0007`).
pub(crate) struct Shown {
    ch: char,
    quoted: bool,
}

impl Shown {
    /// For developer messages.
    pub(crate) const fn quoted(ch: char) -> Self {
        Shown { ch, quoted: true }
    }

    /// For end users' messages.
    pub(crate) const fn plain(ch: char) -> Self {
        Shown { ch, quoted: false }
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.ch;
        // The invisible characters pasted text most often holds; any other
        // shows as its code point.
        let name = match c {
            '\t' => "tab",
            '\n' => "line feed",
            '\r' => "carriage return",
            '\u{a0}' => "no-break space",
            '\u{202f}' => "narrow no-break space",
            '\u{200b}' => "zero-width space",
            '\u{feff}' => "zero-width no-break space",
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                return write!(f, "U+{:04X}", u32::from(c));
            }
            ' ' if !self.quoted => return f.write_str("space"),
            '\'' if self.quoted => return f.write_str("\"'\""),
            c if self.quoted => return write!(f, "'{c}'"),
            c => return write!(f, "{c}"),
        };
        write!(f, "{name} (U+{:04X})", u32::from(c))
    }
}

/// One refused field: which field (as the API spells it) and why.
///
/// `field` is `None` only when the whole body is refused
/// ([`Reason::NotJson`], [`Reason::NotAnObject`]).
///
/// Non-exhaustive: it may gain fields; make one with [`FieldError::new`] or
/// [`FieldError::body`].
///
/// It serializes as `{"field","code","reason","message"}`, the shape the
/// CLI's verdicts use:
///
/// ```
/// use juspay_customer::{Field, FieldError, Reason};
/// let e = FieldError::new(Field::MobileNumber, Reason::NotADigit { ch: '-', position: 1 });
/// assert_eq!(
///     serde_json::to_string(&e).unwrap(),
///     r#"{"field":"mobile_number","code":"INVALID_INPUT","reason":"not_a_digit","message":"mobile_number has '-' at position 1, only digits 0-9 are allowed"}"#
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FieldError {
    /// The refused field; `None` when the whole body is malformed.
    pub field: Option<Field>,
    /// Why it was refused.
    pub reason: Reason,
}

impl FieldError {
    /// An error for `field`.
    pub const fn new(field: Field, reason: Reason) -> Self {
        FieldError {
            field: Some(field),
            reason,
        }
    }

    /// An error about the whole body.
    pub const fn body(reason: Reason) -> Self {
        FieldError { field: None, reason }
    }

    /// The server code: `MISSING_MANDATORY_PARAMETER` or `INVALID_INPUT`.
    pub(crate) const fn code(&self) -> ErrorCode {
        self.reason.error_code()
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "{field} {}", self.reason),
            None => write!(f, "request body {}", self.reason),
        }
    }
}

impl std::error::Error for FieldError {}

impl Serialize for FieldError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FieldError", 4)?;
        st.serialize_field("field", &self.field.map(Field::as_str))?;
        st.serialize_field("code", self.code().as_str())?;
        st.serialize_field("reason", self.reason.as_str())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

/// Every refused field of one request, in canonical field order; never empty.
///
/// Turn it into the exact 400 body the server sends with
/// [`crate::ApiError::from`] and [`crate::ApiError::to_http`]. It serializes
/// as a JSON array of [`FieldError`]s, so a 422 body for a form is one line;
/// `for e in &errors` walks the refused fields.
///
/// ```
/// use juspay_customer::{decode_form, Field, Reason};
/// let errors = decode_form(b"mobile_number=99+88").unwrap_err();
/// assert_eq!(errors.code(), "MISSING_MANDATORY_PARAMETER");
/// assert_eq!(errors.get(Field::MobileNumber).unwrap().reason, Reason::NotADigit { ch: ' ', position: 3 });
/// assert_eq!(
///     errors.to_string(),
///     "object_reference_id is missing; mobile_number has ' ' at position 3, only digits 0-9 are allowed"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationErrors {
    errors: Vec<FieldError>,
}

impl ValidationErrors {
    /// Wraps a list of errors; `None` when the list is empty.
    pub(crate) fn new(errors: Vec<FieldError>) -> Option<Self> {
        if errors.is_empty() {
            None
        } else {
            Some(ValidationErrors { errors })
        }
    }

    /// The refused fields, one entry per field.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// The error for `field`, if it was refused.
    pub fn get(&self, field: Field) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == Some(field))
    }

    /// `MISSING_MANDATORY_PARAMETER` when any required field is absent (the
    /// server checks presence first), otherwise `INVALID_INPUT`: the
    /// server's `error_info.code` for the request.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    pub(crate) fn error_code(&self) -> ErrorCode {
        if self.errors.iter().any(|e| e.reason == Reason::Missing) {
            ErrorCode::MissingMandatoryParameter
        } else {
            ErrorCode::InvalidInput
        }
    }
}

impl Serialize for ValidationErrors {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.errors.serialize(s)
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a FieldError;
    type IntoIter = std::slice::Iter<'a, FieldError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl IntoIterator for ValidationErrors {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(e: FieldError) -> Self {
        ValidationErrors { errors: vec![e] }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            fmt::Display::fmt(e, f)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A bad API key, merchant id or base URL. Messages never contain the value.
///
/// Non-exhaustive: new configuration checks add variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The API key is empty.
    #[error("api key is empty")]
    EmptyApiKey,
    /// The API key holds a character that cannot stand in a Basic auth user name.
    #[error("api key has a forbidden character at position {position} (only visible ASCII other than ':' is allowed)")]
    ApiKeyCharacter {
        /// 1-based character position.
        position: usize,
    },
    /// The merchant id is empty.
    #[error("x-merchantid is empty")]
    EmptyMerchantId,
    /// The merchant id holds a character that cannot stand in a header value.
    #[error("x-merchantid has a forbidden character at position {position} (only visible ASCII is allowed)")]
    MerchantIdCharacter {
        /// 1-based character position.
        position: usize,
    },
    /// A custom base URL that is not `http://` or `https://`.
    #[error("base url must start with https:// or http://")]
    BaseUrlScheme,
    /// A custom base URL with no host.
    #[error("base url has no host")]
    BaseUrlHost,
    /// A custom base URL with user information (`user:password@`) before its
    /// host. The message does not repeat it.
    #[error("base url must not hold a user name or password (user:password@host)")]
    BaseUrlUserinfo,
    /// A custom base URL with a query, fragment, whitespace or control character.
    #[error("base url has a forbidden character at position {position}")]
    BaseUrlCharacter {
        /// 1-based character position.
        position: usize,
    },
}
