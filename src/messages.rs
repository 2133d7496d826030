//! Plain-language messages for the people who typed the values: the field's
//! label, what is allowed, and what to change, from a catalog that a page
//! can override (labels and entries, for its own locale).
//!
//! [`FieldError`]'s `Display` stays the developer's message
//! (`last_name has forbidden character "'" at position 2`); a [`Messages`]
//! renders the end user's (`Last name can use letters, digits and ( ) . - _
//! only; remove the ' (character 2)`).
//!
//! The catalog is data: [`Messages::ENGLISH`] holds one entry per reason,
//! keyed by its name (`forbidden_character`); an entry keyed
//! `field.reason` (`email_address.forbidden_character`) is used for that
//! field instead. Entries are templates whose `{name}` placeholders are
//! filled in (see [`Messages::PLACEHOLDERS`]); a character shows as itself,
//! and an invisible one by name (`no-break space (U+00A0)`).
//!
//! ```
//! use juspay_customer::{Field, FieldError, Messages, Reason};
//! let e = FieldError::new(Field::LastName, Reason::ForbiddenCharacter { ch: '\'', position: 2 });
//! let english = Messages::default();
//! assert_eq!(english.render(&e), "Last name can use letters, digits and ( ) . - _ only; remove the ' (character 2)");
//!
//! let mut german = Messages::default();
//! german.set_label(Field::LastName, "Nachname");
//! german.set("forbidden_character", "{label}: bitte {char} (Zeichen {position}) entfernen")?;
//! assert_eq!(german.render(&e), "Nachname: bitte ' (Zeichen 2) entfernen");
//! # Ok::<(), juspay_customer::MessageError>(())
//! ```

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use crate::error::{Edge, EmailPart, FieldError, JsonType, Reason, Shown};
use crate::field::Field;
use crate::rules;

/// Why [`Messages::set`] refused an entry. The message names the key or
/// placeholder.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The key is neither a reason name nor `field.reason`.
    #[error("message key '{0}' is not a reason name (forbidden_character) or field.reason (last_name.forbidden_character)")]
    UnknownKey(String),
    /// The template holds a `{name}` that is not a placeholder, or an
    /// unclosed `{`.
    #[error("message template for '{key}' has an unknown placeholder '{placeholder}'")]
    UnknownPlaceholder {
        /// The entry's key.
        key: String,
        /// The placeholder as written, braces included.
        placeholder: String,
    },
}

/// A message catalog: labels per field and entries per reason, English by
/// default ([`Messages::default`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Messages {
    labels: [Cow<'static, str>; 7],
    body_label: Cow<'static, str>,
    /// Overrides, each `(key, template)`; later ones win.
    entries: Vec<(String, String)>,
}

impl Default for Messages {
    fn default() -> Self {
        Messages {
            labels: Field::ALL.map(|f| Cow::Borrowed(english_label(f))),
            body_label: Cow::Borrowed("The request"),
            entries: Vec::new(),
        }
    }
}

/// The English label of a field.
const fn english_label(field: Field) -> &'static str {
    match field {
        Field::ObjectReferenceId => "Customer ID",
        Field::MobileNumber => "Mobile number",
        Field::EmailAddress => "Email address",
        Field::FirstName => "First name",
        Field::LastName => "Last name",
        Field::MobileCountryCode => "Country code",
        Field::GetClientAuthToken => "Client auth token option",
    }
}

impl Messages {
    /// The English catalog: `(key, template)` for every reason, and for the
    /// reasons whose wording depends on the field, `field.reason` entries.
    pub const ENGLISH: &'static [(&'static str, &'static str)] = &[
        ("missing", "{label} is required; please enter it"),
        ("empty", "{label} is required; please enter it"),
        (
            "too_short",
            "{label} needs at least {min} characters; add {short_by} more",
        ),
        (
            "too_long",
            "{label} can have at most {max} characters; remove {over_by}",
        ),
        (
            "mobile_number.too_long",
            "{label} can have at most {max} digits; remove {over_by}",
        ),
        (
            "mobile_country_code.too_long",
            "{label} can have at most {max} digits; remove {over_by}",
        ),
        (
            "not_a_digit",
            "{label} can use the digits 0-9 only; remove the {char} (character {position})",
        ),
        (
            "forbidden_character",
            "{label} can use {allowed} only; remove the {char} (character {position})",
        ),
        // An email allows twenty symbols: a shopper is told what to remove,
        // not the list ({allowed} still names it, for a catalog that wants it).
        (
            "email_address.forbidden_character",
            "{label} can't have the {char} (character {position}); remove it",
        ),
        ("missing_at", "{label} needs an @, as in name@example.com"),
        (
            "multiple_at",
            "{label} can have only one @; remove the @ at character {position}",
        ),
        (
            "empty_local_part",
            "{label} needs a name before the @, as in name@example.com",
        ),
        (
            "empty_domain_part",
            "{label} needs a domain after the @, as in name@example.com",
        ),
        (
            "edge_character",
            "{label} can't have {char} at the {edge} of the part {part} the @; remove it",
        ),
        ("not_a_boolean", "{label} must be true or false"),
        ("wrong_type", "{label} must be {expected}, not {found}"),
        ("duplicate_key", "{label} is given more than once; give it once"),
        (
            "invalid_utf8",
            "{label} holds characters that could not be read; please type it again",
        ),
        (
            "not_json",
            "{label} could not be read as JSON (line {line}, column {column})",
        ),
        ("not_an_object", "{label} must be a JSON object, not {found}"),
        (
            "unassigned_country_code",
            "{label} must start with a country code after the + or 00, as in +91; check the first digits",
        ),
        (
            "country_code_conflict",
            "{label} doesn't match the +{in_number} the mobile number starts with; change one of them",
        ),
        (
            "over_server_limit",
            "{label} can have at most {max} characters at Juspay; remove {over_by}",
        ),
    ];

    /// The placeholders a template may use: `label` (the field's label),
    /// `allowed` (its characters in words), `char` (the character, shown as
    /// a person reads it), `position`, `min`, `max`, `short_by`, `over_by`,
    /// `edge` (`start`/`end`), `part` (`before`/`after`), `expected`,
    /// `found` (a JSON type with its article: `a string`, `an array`, `null`),
    /// `in_number`, `line`, `column`. A placeholder a reason has no
    /// value for renders empty.
    pub const PLACEHOLDERS: &'static [&'static str] = &[
        "label",
        "allowed",
        "char",
        "position",
        "min",
        "max",
        "short_by",
        "over_by",
        "edge",
        "part",
        "expected",
        "found",
        "in_number",
        "line",
        "column",
    ];

    /// Replaces the label of `field` (English: "Last name").
    pub fn set_label(&mut self, field: Field, label: impl Into<Cow<'static, str>>) {
        self.labels[field.index()] = label.into();
    }

    /// Replaces the label used for errors about the whole body (English:
    /// "The request").
    pub fn set_body_label(&mut self, label: impl Into<Cow<'static, str>>) {
        self.body_label = label.into();
    }

    /// Replaces an entry: `key` is a reason name (`too_long`), for every
    /// field, or `field.reason` (`last_name.too_long`), for one field.
    ///
    /// # Errors
    /// [`MessageError`] for a key that names no reason or field, or a
    /// template with an unknown placeholder.
    pub fn set(&mut self, key: &str, template: impl Into<String>) -> Result<(), MessageError> {
        let reason =
            key.rsplit_once('.').map_or(
                key,
                |(field, reason)| {
                    if Field::parse(field).is_some() {
                        reason
                    } else {
                        ""
                    }
                },
            );
        if !Self::ENGLISH.iter().any(|(k, _)| *k == reason) {
            return Err(MessageError::UnknownKey(key.to_owned()));
        }
        let template = template.into();
        if let Some(placeholder) = unknown_placeholder(&template) {
            return Err(MessageError::UnknownPlaceholder {
                key: key.to_owned(),
                placeholder,
            });
        }
        self.entries.push((key.to_owned(), template));
        Ok(())
    }

    /// The end user's message for `error`.
    pub fn render(&self, error: &FieldError) -> String {
        let reason = error.reason.as_str();
        let field_key = error.field.map(|f| format!("{}.{reason}", f.as_str()));
        let overridden = |key: &str| {
            self.entries
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, t)| t.as_str())
        };
        let english = |key: &str| Self::ENGLISH.iter().find(|(k, _)| *k == key).map(|(_, t)| *t);
        let template = field_key
            .as_deref()
            .and_then(overridden)
            .or_else(|| overridden(reason))
            .or_else(|| field_key.as_deref().and_then(english))
            .or_else(|| english(reason))
            .unwrap_or("{label} is not valid");
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some((text, after)) = rest.split_once('{') {
            out.push_str(text);
            let Some((placeholder, after)) = after.split_once('}') else {
                rest = after;
                break;
            };
            self.fill(&mut out, error, placeholder);
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// Writes the value of `placeholder` for `error`.
    fn fill(&self, out: &mut String, error: &FieldError, placeholder: &str) {
        let r = error.reason;
        // Writing to a String cannot fail.
        let _ = match placeholder {
            "label" => match error.field {
                Some(f) => out.write_str(&self.labels[f.index()]),
                None => out.write_str(&self.body_label),
            },
            "allowed" => error.field.map_or(Ok(()), |f| allowed(out, f)),
            "char" => match r {
                Reason::NotADigit { ch, .. }
                | Reason::ForbiddenCharacter { ch, .. }
                | Reason::EdgeCharacter { ch, .. } => {
                    write!(out, "{}", Shown::plain(ch))
                }
                _ => Ok(()),
            },
            "position" => match r {
                Reason::NotADigit { position, .. }
                | Reason::ForbiddenCharacter { position, .. }
                | Reason::MultipleAt { position } => write!(out, "{position}"),
                _ => Ok(()),
            },
            "min" => match r {
                Reason::TooShort { min, .. } => write!(out, "{min}"),
                _ => Ok(()),
            },
            "max" => match r {
                Reason::TooLong { max, .. } | Reason::OverServerLimit { max, .. } => write!(out, "{max}"),
                _ => Ok(()),
            },
            "short_by" => match r {
                Reason::TooShort { min, actual } => write!(out, "{}", min.saturating_sub(actual)),
                _ => Ok(()),
            },
            "over_by" => match r {
                Reason::TooLong { max, actual } | Reason::OverServerLimit { max, actual } => {
                    write!(out, "{}", actual.saturating_sub(max))
                }
                _ => Ok(()),
            },
            "edge" => match r {
                Reason::EdgeCharacter {
                    edge: Edge::Start, ..
                } => out.write_str("start"),
                Reason::EdgeCharacter { edge: Edge::End, .. } => out.write_str("end"),
                _ => Ok(()),
            },
            "part" => match r {
                Reason::EdgeCharacter {
                    part: EmailPart::Local,
                    ..
                } => out.write_str("before"),
                Reason::EdgeCharacter {
                    part: EmailPart::Domain,
                    ..
                } => out.write_str("after"),
                _ => Ok(()),
            },
            "expected" => match r {
                Reason::WrongType { expected, .. } => out.write_str(with_article(expected)),
                _ => Ok(()),
            },
            "found" => match r {
                Reason::WrongType { found, .. } | Reason::NotAnObject { found } => {
                    out.write_str(with_article(found))
                }
                _ => Ok(()),
            },
            "in_number" => match r {
                Reason::CountryCodeConflict { in_number } => write!(out, "{in_number}"),
                _ => Ok(()),
            },
            "line" => match r {
                Reason::NotJson { line, .. } => write!(out, "{line}"),
                _ => Ok(()),
            },
            "column" => match r {
                Reason::NotJson { column, .. } => write!(out, "{column}"),
                _ => Ok(()),
            },
            _ => Ok(()),
        };
    }
}

/// The first `{...}` of `template` that is not a placeholder (or an
/// unclosed `{`), as written.
fn unknown_placeholder(template: &str) -> Option<String> {
    let mut rest = template;
    while let Some((_, after)) = rest.split_once('{') {
        let Some((name, after)) = after.split_once('}') else {
            return Some(format!("{{{after}"));
        };
        if !Messages::PLACEHOLDERS.contains(&name) {
            return Some(format!("{{{name}}}"));
        }
        rest = after;
    }
    None
}

/// What `field` allows, in words, for `{allowed}`, from the rules' constants.
fn allowed(out: &mut String, field: Field) -> fmt::Result {
    let (lead, specials) = match field {
        Field::FirstName | Field::LastName => ("letters, digits and ", rules::NAME_SPECIALS),
        Field::EmailAddress => ("letters, digits, one @ and ", rules::EMAIL_SPECIALS),
        Field::MobileNumber | Field::MobileCountryCode => return out.write_str("the digits 0-9"),
        Field::ObjectReferenceId => return out.write_str("any characters"),
        Field::GetClientAuthToken => return out.write_str("true or false"),
    };
    out.push_str(lead);
    out.push_str(&rules::separated(specials, " "));
    Ok(())
}

/// A JSON type as a sentence names it: `a string`, `an array`, `null`.
const fn with_article(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Boolean => "a boolean",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

impl FieldError {
    /// The end user's message, in English: the field's label, what is
    /// allowed and what to change. [`Messages`] renders it in other words.
    ///
    /// ```
    /// use juspay_customer::{Field, FieldError, Reason};
    /// let e = FieldError::new(Field::MobileNumber, Reason::NotADigit { ch: '\u{a0}', position: 6 });
    /// assert_eq!(
    ///     e.user_message(),
    ///     "Mobile number can use the digits 0-9 only; remove the no-break space (U+00A0) (character 6)"
    /// );
    /// ```
    pub fn user_message(&self) -> String {
        Messages::default().render(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_keys_name_a_field_and_every_template_its_placeholders() {
        for (key, template) in Messages::ENGLISH {
            if let Some((field, reason)) = key.rsplit_once('.') {
                assert!(Field::parse(field).is_some(), "{key}");
                // A field's entry refines a reason's, which must exist.
                assert!(Messages::ENGLISH.iter().any(|(k, _)| *k == reason), "{key}");
            }
            assert_eq!(unknown_placeholder(template), None, "{key}");
        }
    }
}
