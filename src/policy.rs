//! How a record is decided beyond the rules: normalized first, with refused
//! optional fields left out, and with warnings where Juspay's published
//! server code is stricter than its docs. The CLI's `check` and the
//! WebAssembly verdicts are this, so they agree.

use crate::calling_code::Country;
use crate::error::{FieldError, Reason, ValidationErrors};
use crate::field::Field;
use crate::normalize::{normalize_in_place, strip_national_prefix};
use crate::request::{CustomerInput, CustomerRequest, FieldValue};
use crate::rules;

/// What [`Policy::check`] does besides validating. [`Policy::new`] does
/// nothing else: its verdict is [`CustomerInput::validate`]'s, with
/// warnings beside it.
///
/// ```
/// use juspay_customer::{CustomerInput, Field, Policy};
/// let input = CustomerInput::new()
///     .with(Field::ObjectReferenceId, "cust_123489")
///     .with(Field::MobileNumber, "+65 9123 4567")
///     .with(Field::LastName, "O'Brien");
/// let verdict = Policy::new().normalize().drop_invalid_optional().check(input);
/// let request = verdict.request.unwrap();
/// assert_eq!(request.mobile_country_code(), "65");
/// assert_eq!(request.last_name(), None);
/// assert_eq!(verdict.notes.dropped[0].to_string(), "last_name has forbidden character \"'\" at position 2");
/// assert_eq!(verdict.notes.split, Some(65));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Policy {
    normalize: bool,
    drop_invalid_optional: bool,
    strict: bool,
    repair_names: bool,
}

impl Policy {
    /// Validation alone (the default): no normalization, nothing dropped,
    /// warnings only warn.
    pub const fn new() -> Self {
        Policy {
            normalize: false,
            drop_invalid_optional: false,
            strict: false,
            repair_names: false,
        }
    }

    /// [`crate::normalize`] the input first (international numbers split,
    /// Excel's mark and extensions removed), and then remove a national
    /// prefix by the rules of the country [`Policy::check_with_country`] is
    /// given, when it is a region of the code sent.
    #[must_use]
    pub const fn normalize(mut self) -> Self {
        self.normalize = true;
        self
    }

    /// Keep a record whose other fields are valid by leaving out each
    /// refused `first_name`, `last_name` or `email_address`, reported in
    /// [`Notes::dropped`]. Never `mobile_country_code`: dropping it would
    /// send `91` for someone else's country. A record refused for any other
    /// field keeps every error and drops nothing.
    #[must_use]
    pub const fn drop_invalid_optional(mut self) -> Self {
        self.drop_invalid_optional = true;
        self
    }

    /// Refuse, rather than warn about, a value longer than Juspay's server
    /// code accepts ([`rules::server_limit`]), with
    /// [`Reason::OverServerLimit`]. Without it the docs' limits decide.
    #[must_use]
    pub const fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// Repair a refused `first_name` or `last_name` where it can be,
    /// listed in [`Notes::repaired`]:
    /// - a letter outside ASCII (`é`, `ß`, `Ø`, `Ł`, `И`) becomes the ASCII
    ///   letters deunicode's table gives it (`e`, `ss`, `O`, `L`, `I`), when
    ///   it gives letters alone, as names are written where only ASCII fits
    ///   (passports' machine-readable lines, bank transfers); a character
    ///   the table spells otherwise (CJK syllables, with spaces) is left, and
    ///   the name stays refused rather than transliterated;
    /// - white space between two name characters becomes one `-` (`Mary
    ///   Ann` → `Mary-Ann`): of the characters the API allows, the one
    ///   compound names already use;
    /// - an apostrophe there (`'`, `’`, `ʼ`, `‘`, `` ` ``) is removed
    ///   (`O'Brien` → `OBrien`), as passports' machine-readable lines do; a
    ///   hyphen would read as two names;
    /// - anything else is kept.
    ///
    /// "Between two name characters": after an ASCII letter, digit or `.`
    /// (`J. Smith` → `J.-Smith`) and before a letter or digit. A name still
    /// refused after repair keeps its value, and is refused (or left out
    /// under [`Policy::drop_invalid_optional`]) for what was written.
    ///
    /// ```
    /// use juspay_customer::{CustomerInput, Field, Policy};
    /// let input = CustomerInput::new()
    ///     .with(Field::ObjectReferenceId, "cust_123489")
    ///     .with(Field::MobileNumber, "9876543210")
    ///     .with(Field::FirstName, "José María")
    ///     .with(Field::LastName, "O'Brien");
    /// let verdict = Policy::new().repair_names().check(input);
    /// let request = verdict.request.unwrap();
    /// assert_eq!(request.first_name(), Some("Jose-Maria"));
    /// assert_eq!(request.last_name(), Some("OBrien"));
    /// assert_eq!(verdict.notes.repaired, [Field::FirstName, Field::LastName]);
    /// ```
    #[cfg(feature = "repair")]
    #[must_use]
    pub const fn repair_names(mut self) -> Self {
        self.repair_names = true;
        self
    }

    /// Decides one input.
    #[inline]
    pub fn check<'a>(&self, input: CustomerInput<'a>) -> Verdict<'a> {
        self.check_with_country(input, None)
    }

    /// Decides one input whose country is known from elsewhere (a country
    /// column of an export, a form's country list): its calling code becomes
    /// `mobile_country_code` when the input has none after normalization. A
    /// `+CC` the number starts with wins over it, as it is the number's own
    /// (an address's country is often another). Under
    /// [`Policy::normalize`], a region's own rules read the national prefix
    /// when the number is sent with its code.
    ///
    /// ```
    /// use juspay_customer::calling_code::Country;
    /// use juspay_customer::{CustomerInput, Field, Policy};
    /// let input = CustomerInput::new()
    ///     .with(Field::ObjectReferenceId, "cust_123489")
    ///     .with(Field::MobileNumber, "06 12 34 56 29");
    /// let verdict = Policy::new().normalize().check_with_country(input, Country::parse("FR"));
    /// let request = verdict.request.unwrap();
    /// assert_eq!(request.mobile_country_code(), "33");
    /// assert_eq!(request.mobile_number(), "612345629");
    /// ```
    #[inline]
    pub fn check_with_country<'a>(
        &self,
        mut input: CustomerInput<'a>,
        country: Option<Country>,
    ) -> Verdict<'a> {
        let normalized = if self.normalize {
            normalize_in_place(&mut input)
        } else {
            Default::default()
        };
        if let Some(country) = country {
            let absent = match input.get(Field::MobileCountryCode) {
                FieldValue::Text(t) => t.is_empty(),
                FieldValue::Absent | FieldValue::Null => true,
                _ => false,
            };
            if absent {
                input.set(Field::MobileCountryCode, country.calling_code().to_string());
            }
        }
        if self.normalize {
            strip_national_prefix(&mut input, country);
        }
        let mut notes = Notes {
            split: normalized.split,
            extension_removed: normalized.extension_removed,
            ..Notes::default()
        };
        #[cfg(feature = "repair")]
        if self.repair_names {
            for field in [Field::FirstName, Field::LastName] {
                let FieldValue::Text(name) = input.get(field) else {
                    continue;
                };
                if rules::check_field(field, name).is_ok() {
                    continue;
                }
                if let Some(repaired) = crate::repair::repair_name(name) {
                    if rules::check_field(field, &repaired).is_ok() {
                        input.set(field, repaired);
                        notes.repaired.push(field);
                    }
                }
            }
        }
        for field in Field::ALL {
            let (Some(max), FieldValue::Text(text)) = (rules::server_limit(field), input.get(field)) else {
                continue;
            };
            // Fewer bytes than the limit are fewer characters too.
            if text.len() <= max {
                continue;
            }
            let actual = rules::char_count(text);
            if actual <= max || rules::check_field(field, text).is_err() {
                continue;
            }
            let reason = Reason::OverServerLimit { max, actual };
            if self.strict {
                input.set(field, FieldValue::Invalid(reason));
            } else {
                notes.warnings.push(FieldError::new(field, reason));
            }
        }
        if self.drop_invalid_optional {
            let others_valid = Field::ALL
                .into_iter()
                .filter(|f| !is_droppable(*f))
                .all(|f| input.get(f).check(f).is_ok());
            if others_valid {
                for field in Field::ALL.into_iter().filter(|f| is_droppable(*f)) {
                    if let Err(reason) = input.get(field).check(field) {
                        input.set(field, FieldValue::Absent);
                        notes.dropped.push(FieldError::new(field, reason));
                    }
                }
            }
        }
        Verdict {
            request: input.validate(),
            notes,
        }
    }
}

/// The fields [`Policy::drop_invalid_optional`] may leave out.
const fn is_droppable(field: Field) -> bool {
    matches!(field, Field::FirstName | Field::LastName | Field::EmailAddress)
}

/// What [`Policy::check`] decided for one input.
///
/// Non-exhaustive: it may gain fields.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verdict<'a> {
    /// The request to send, or every refused field.
    pub request: Result<CustomerRequest<'a>, ValidationErrors>,
    /// What the policy did and saw besides deciding.
    pub notes: Notes,
}

/// What [`Policy::check`] did and saw besides deciding; each part is empty
/// when there is nothing to say.
///
/// Non-exhaustive: it may gain fields; [`Notes::default`] has none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Notes {
    /// Values within the docs' limits that Juspay's server code would refuse
    /// ([`Reason::OverServerLimit`]); they never change validity. Empty
    /// under [`Policy::strict`], which refuses them instead.
    pub warnings: Vec<FieldError>,
    /// The optional fields left out, each with why it was refused; empty
    /// unless [`Policy::drop_invalid_optional`].
    pub dropped: Vec<FieldError>,
    /// The country calling code [`crate::normalize`] moved from
    /// `mobile_number` to `mobile_country_code` (`91` for `+91 98765-43210`).
    pub split: Option<u16>,
    /// Whether [`crate::normalize`] removed an extension (`ext. 12`) from
    /// `mobile_number`: the API has no place for one.
    pub extension_removed: bool,
    /// The names [`Policy::repair_names`] repaired, in field order; empty
    /// without it.
    pub repaired: Vec<Field>,
}
