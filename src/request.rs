//! The request: the unvalidated [`CustomerInput`], and the validated
//! [`CustomerRequest`] that only validation produces.

use std::borrow::Cow;
use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::error::{FieldError, JsonType, Reason, ValidationErrors};
use crate::field::Field;
use crate::rules;
use crate::secret::{mask_email, mask_mobile, mask_reference, Masked};

/// One field's value as given, before validation.
///
/// Non-exhaustive: new ways a decoder can find a value broken add variants.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldValue<'a> {
    /// The key was not given.
    #[default]
    Absent,
    /// JSON `null`: treated as absent.
    Null,
    /// Text: a form value, or a JSON string for a text field.
    Text(Cow<'a, str>),
    /// A boolean: a JSON boolean for `options.get_client_auth_token`.
    Bool(bool),
    /// A JSON value of a type the field does not take.
    WrongType(JsonType),
    /// The key was given more than once.
    Duplicate,
    /// A form value whose decoded bytes are not UTF-8.
    InvalidUtf8,
    /// A value [`crate::normalize`] found wrong for a reason no rule on
    /// the text alone can see ([`Reason::UnassignedCountryCode`],
    /// [`Reason::CountryCodeConflict`]); validation refuses it with that reason.
    Invalid(Reason),
}

impl fmt::Debug for FieldValue<'_> {
    /// Text is never shown, only its length in bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Absent => f.write_str("Absent"),
            FieldValue::Null => f.write_str("Null"),
            FieldValue::Text(t) => write!(f, "Text(<{} bytes>)", t.len()),
            FieldValue::Bool(b) => write!(f, "Bool({b})"),
            FieldValue::WrongType(t) => write!(f, "WrongType({t:?})"),
            FieldValue::Duplicate => f.write_str("Duplicate"),
            FieldValue::InvalidUtf8 => f.write_str("InvalidUtf8"),
            FieldValue::Invalid(r) => write!(f, "Invalid({})", r.as_str()),
        }
    }
}

impl FieldValue<'_> {
    /// Whether `field` accepts this value on its own: the decision
    /// [`CustomerInput::validate`] makes for that field (an empty optional
    /// field and `null` are absent, so accepted; an absent required one is
    /// [`Reason::Missing`]). For checking one input as it changes.
    ///
    /// # Errors
    /// The [`Reason`] validation would report for the field.
    ///
    /// ```
    /// use juspay_customer::{Field, FieldValue, Reason};
    /// assert_eq!(FieldValue::from("").check(Field::EmailAddress), Ok(()));
    /// assert_eq!(FieldValue::from("").check(Field::MobileNumber), Err(Reason::Empty));
    /// assert_eq!(FieldValue::from(true).check(Field::FirstName).unwrap_err().as_str(), "wrong_type");
    /// ```
    pub fn check(&self, field: Field) -> Result<(), Reason> {
        refusal(field, self, |t| rules::check_field(field, t)).map_or(Ok(()), Err)
    }
}

impl<'a> From<&'a str> for FieldValue<'a> {
    fn from(s: &'a str) -> Self {
        FieldValue::Text(Cow::Borrowed(s))
    }
}

impl From<String> for FieldValue<'_> {
    fn from(s: String) -> Self {
        FieldValue::Text(Cow::Owned(s))
    }
}

impl<'a> From<Cow<'a, str>> for FieldValue<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        FieldValue::Text(s)
    }
}

impl From<bool> for FieldValue<'_> {
    fn from(b: bool) -> Self {
        FieldValue::Bool(b)
    }
}

impl<'a, T: Into<FieldValue<'a>>> From<Option<T>> for FieldValue<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(FieldValue::Absent, Into::into)
    }
}

/// An unvalidated request: one [`FieldValue`] per [`Field`], as a form handler or
/// a decoder collected them.
///
/// ```
/// use juspay_customer::{CustomerInput, Field, Reason};
/// let input = CustomerInput::new()
///     .with(Field::ObjectReferenceId, "customer@gmail.com")
///     .with(Field::MobileNumber, "9988 7766");
/// let errors = input.validate().unwrap_err();
/// assert_eq!(errors.errors()[0].reason, Reason::NotADigit { ch: ' ', position: 5 });
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CustomerInput<'a> {
    values: [FieldValue<'a>; 7],
}

impl fmt::Debug for CustomerInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_struct("CustomerInput");
        for field in Field::ALL {
            m.field(field.as_str(), self.get(field));
        }
        m.finish()
    }
}

impl<'a> CustomerInput<'a> {
    /// An input with every field absent.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `field`.
    pub fn get(&self, field: Field) -> &FieldValue<'a> {
        &self.values[field.index()]
    }

    /// Mutable access to the value of `field`, for normalization.
    pub(crate) fn get_mut(&mut self, field: Field) -> &mut FieldValue<'a> {
        &mut self.values[field.index()]
    }

    /// Replaces the value of `field`.
    pub fn set(&mut self, field: Field, value: impl Into<FieldValue<'a>>) {
        self.values[field.index()] = value.into();
    }

    /// Builder form of [`CustomerInput::set`].
    #[must_use]
    pub fn with(mut self, field: Field, value: impl Into<FieldValue<'a>>) -> Self {
        self.set(field, value);
        self
    }

    /// Sets a field seen in a body, turning a second sighting into a duplicate.
    pub(crate) fn put(&mut self, field: Field, value: FieldValue<'a>) {
        let slot = &mut self.values[field.index()];
        *slot = match slot {
            FieldValue::Absent => value,
            _ => FieldValue::Duplicate,
        };
    }

    /// The same input, owning its text: for keeping it past the body it
    /// was decoded from (a spawned task, a `'static` extractor).
    pub fn into_owned(self) -> CustomerInput<'static> {
        CustomerInput {
            values: self.values.map(|v| match v {
                FieldValue::Text(t) => FieldValue::Text(Cow::Owned(t.into_owned())),
                FieldValue::Absent => FieldValue::Absent,
                FieldValue::Null => FieldValue::Null,
                FieldValue::Bool(b) => FieldValue::Bool(b),
                FieldValue::WrongType(t) => FieldValue::WrongType(t),
                FieldValue::Duplicate => FieldValue::Duplicate,
                FieldValue::InvalidUtf8 => FieldValue::InvalidUtf8,
                FieldValue::Invalid(r) => FieldValue::Invalid(r),
            }),
        }
    }

    /// Checks every field without building anything; allocation-free when
    /// every field is accepted.
    fn check(&self) -> Result<(), ValidationErrors> {
        // Each field's rule is called directly, so the valid path is a
        // straight line with no allocation; reasons are built only on failure.
        let v = &self.values;
        let accepted = refusal(Field::ObjectReferenceId, &v[0], rules::check_object_reference_id).is_none()
            & refusal(Field::MobileNumber, &v[1], rules::check_mobile_number).is_none()
            & refusal(Field::EmailAddress, &v[2], rules::check_email_address).is_none()
            & refusal(Field::FirstName, &v[3], rules::check_name).is_none()
            & refusal(Field::LastName, &v[4], rules::check_name).is_none()
            & refusal(Field::MobileCountryCode, &v[5], rules::check_mobile_country_code).is_none()
            & refusal(Field::GetClientAuthToken, &v[6], |t| {
                rules::check_field(Field::GetClientAuthToken, t)
            })
            .is_none();
        if accepted {
            return Ok(());
        }
        self.refusals()
    }

    /// Every refusal, in canonical order: the failure path of [`CustomerInput::check`].
    #[cold]
    fn refusals(&self) -> Result<(), ValidationErrors> {
        let errors = Field::ALL
            .into_iter()
            .filter_map(|field| {
                let value = &self.values[field.index()];
                let reason = refusal(field, value, |t| rules::check_field(field, t))?;
                Some(FieldError::new(field, reason))
            })
            .collect();
        ValidationErrors::new(errors).map_or(Ok(()), Err)
    }

    /// Validates every field: the request, keeping the text as it is held
    /// (borrowed text stays borrowed), or every refusal. Allocation-free when
    /// the input is valid. To keep the input, validate a clone.
    ///
    /// # Errors
    /// [`ValidationErrors`] listing every refused field in canonical order.
    pub fn validate(self) -> Result<CustomerRequest<'a>, ValidationErrors> {
        self.check()?;
        let [ori, mobile, email, first, last, mcc, token] = self.values;
        // Checked: a required field is non-empty text, an optional one is
        // non-empty text or absent.
        let required = |v: FieldValue<'a>| match v {
            FieldValue::Text(t) => t,
            _ => Cow::Borrowed(""),
        };
        let text = |v: FieldValue<'a>| match v {
            FieldValue::Text(t) if !t.is_empty() => Some(t),
            _ => None,
        };
        Ok(CustomerRequest {
            object_reference_id: required(ori),
            mobile_number: required(mobile),
            email_address: text(email),
            first_name: text(first),
            last_name: text(last),
            mobile_country_code: text(mcc).unwrap_or(Cow::Borrowed(rules::DEFAULT_MOBILE_COUNTRY_CODE)),
            get_client_auth_token: match token {
                FieldValue::Bool(b) => Some(b),
                FieldValue::Text(t) => rules::parse_form_bool(&t).ok(),
                _ => None,
            },
        })
    }
}

impl<'a, V: Into<FieldValue<'a>>> FromIterator<(Field, V)> for CustomerInput<'a> {
    /// Collects fields as a body would give them: a field given twice is
    /// [`FieldValue::Duplicate`], refused as `duplicate_key`.
    ///
    /// ```
    /// use juspay_customer::{CustomerInput, Field};
    /// let input: CustomerInput = [(Field::ObjectReferenceId, "cust_123489"), (Field::MobileNumber, "99887766")]
    ///     .into_iter()
    ///     .collect();
    /// assert!(input.validate().is_ok());
    /// ```
    fn from_iter<I: IntoIterator<Item = (Field, V)>>(pairs: I) -> Self {
        let mut input = CustomerInput::new();
        for (field, value) in pairs {
            input.put(field, value.into());
        }
        input
    }
}

/// Why `field` refuses `value`, or `None` when it accepts it (absent optional
/// fields, empty optional text and JSON `null` included). `rule` is the
/// field's text rule.
#[inline(always)]
fn refusal(
    field: Field,
    value: &FieldValue<'_>,
    rule: impl Fn(&str) -> Result<(), Reason>,
) -> Option<Reason> {
    let expected = if field == Field::GetClientAuthToken {
        JsonType::Boolean
    } else {
        JsonType::String
    };
    match value {
        FieldValue::Text(t) if t.is_empty() && !field.is_required() => None,
        FieldValue::Text(t) => rule(t).err(),
        FieldValue::Absent | FieldValue::Null => field.is_required().then_some(Reason::Missing),
        FieldValue::Bool(_) if expected == JsonType::Boolean => None,
        FieldValue::Bool(_) => Some(Reason::WrongType {
            expected,
            found: JsonType::Boolean,
        }),
        FieldValue::WrongType(found) => Some(Reason::WrongType {
            expected,
            found: *found,
        }),
        FieldValue::Duplicate => Some(Reason::DuplicateKey),
        FieldValue::InvalidUtf8 => Some(Reason::InvalidUtf8),
        FieldValue::Invalid(reason) => Some(*reason),
    }
}

/// A validated Create Customer request: built only by validation
/// ([`CustomerInput::validate`], [`crate::decode_form`],
/// [`crate::decode_json`], [`crate::Policy::check`]), so no invalid request
/// can exist; encoders take only this type. Read its values with the
/// accessors; to change one, turn it back into a [`CustomerInput`] and
/// validate again.
///
/// `Debug` masks the mobile number, the email address and the
/// object_reference_id.
///
/// It borrows from the body it was decoded from; call
/// [`CustomerRequest::into_owned`] to keep it longer (see [`crate::decode_form`]).
///
/// ```
/// use juspay_customer::{encode_form_into, CustomerInput, Field};
/// let req = CustomerInput::new()
///     .with(Field::ObjectReferenceId, "customer@gmail.com")
///     .with(Field::MobileNumber, "99887766")
///     .validate()?;
/// assert_eq!(req.mobile_country_code(), "91");
/// assert_eq!(format!("{req:?}").contains("99887766"), false);
/// let mut body = Vec::new();
/// encode_form_into(&req, &mut body);
/// assert_eq!(
///     body,
///     b"object_reference_id=customer%40gmail.com&mobile_number=99887766&mobile_country_code=91"
/// );
/// # Ok::<(), juspay_customer::ValidationErrors>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CustomerRequest<'a> {
    object_reference_id: Cow<'a, str>,
    mobile_number: Cow<'a, str>,
    email_address: Option<Cow<'a, str>>,
    first_name: Option<Cow<'a, str>>,
    last_name: Option<Cow<'a, str>>,
    mobile_country_code: Cow<'a, str>,
    get_client_auth_token: Option<bool>,
}

impl fmt::Debug for CustomerRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomerRequest")
            .field(
                "object_reference_id",
                &Masked(&self.object_reference_id, mask_reference),
            )
            .field("mobile_number", &Masked(&self.mobile_number, mask_mobile))
            .field(
                "email_address",
                &self.email_address.as_deref().map(|e| Masked(e, mask_email)),
            )
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("mobile_country_code", &self.mobile_country_code)
            .field("get_client_auth_token", &self.get_client_auth_token)
            .finish()
    }
}

impl<'a> CustomerRequest<'a> {
    /// `object_reference_id`: 8 to 255 characters.
    pub fn object_reference_id(&self) -> &str {
        &self.object_reference_id
    }

    /// `mobile_number`: 1 to 300 ASCII digits.
    pub fn mobile_number(&self) -> &str {
        &self.mobile_number
    }

    /// `email_address`; `None` is not sent.
    pub fn email_address(&self) -> Option<&str> {
        self.email_address.as_deref()
    }

    /// `first_name`; `None` is not sent.
    pub fn first_name(&self) -> Option<&str> {
        self.first_name.as_deref()
    }

    /// `last_name`; `None` is not sent.
    pub fn last_name(&self) -> Option<&str> {
        self.last_name.as_deref()
    }

    /// `mobile_country_code`, always sent: `91` when the input had none.
    pub fn mobile_country_code(&self) -> &str {
        &self.mobile_country_code
    }

    /// `options.get_client_auth_token`; `None` is not sent.
    pub fn get_client_auth_token(&self) -> Option<bool> {
        self.get_client_auth_token
    }

    /// The same request, owning all its text.
    pub fn into_owned(self) -> CustomerRequest<'static> {
        let own = |t: Cow<'a, str>| Cow::Owned(t.into_owned());
        CustomerRequest {
            object_reference_id: own(self.object_reference_id),
            mobile_number: own(self.mobile_number),
            email_address: self.email_address.map(own),
            first_name: self.first_name.map(own),
            last_name: self.last_name.map(own),
            mobile_country_code: own(self.mobile_country_code),
            get_client_auth_token: self.get_client_auth_token,
        }
    }

    /// The text fields that are sent, in canonical order, with their values
    /// (`options.get_client_auth_token`, a boolean, is not one): what a
    /// form shows as "will be sent".
    ///
    /// ```
    /// use juspay_customer::{decode_form, Field};
    /// let request = decode_form(b"object_reference_id=cust_123489&mobile_number=99887766").unwrap();
    /// let fields: Vec<(Field, &str)> = request.text_fields().collect();
    /// assert_eq!(fields[2], (Field::MobileCountryCode, "91"));
    /// ```
    pub fn text_fields(&self) -> impl Iterator<Item = (Field, &str)> {
        [
            (Field::ObjectReferenceId, Some(self.object_reference_id())),
            (Field::MobileNumber, Some(self.mobile_number())),
            (Field::EmailAddress, self.email_address()),
            (Field::FirstName, self.first_name()),
            (Field::LastName, self.last_name()),
            (Field::MobileCountryCode, Some(self.mobile_country_code())),
        ]
        .into_iter()
        .filter_map(|(f, v)| v.map(|v| (f, v)))
    }
}

impl Serialize for CustomerRequest<'_> {
    /// A flat map with the API's key names, in canonical order.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (field, value) in self.text_fields() {
            map.serialize_entry(field.as_str(), value)?;
        }
        if let Some(b) = self.get_client_auth_token {
            map.serialize_entry(Field::GetClientAuthToken.as_str(), &b)?;
        }
        map.end()
    }
}

impl<'a> From<CustomerRequest<'a>> for CustomerInput<'a> {
    /// The request's values as an input, owning them when the request does:
    /// `CustomerInput::from(request.into_owned())` is a `CustomerInput<'static>`.
    fn from(request: CustomerRequest<'a>) -> Self {
        let mut input = CustomerInput::new();
        input.set(Field::ObjectReferenceId, request.object_reference_id);
        input.set(Field::MobileNumber, request.mobile_number);
        input.set(Field::EmailAddress, request.email_address);
        input.set(Field::FirstName, request.first_name);
        input.set(Field::LastName, request.last_name);
        input.set(Field::MobileCountryCode, request.mobile_country_code);
        input.set(Field::GetClientAuthToken, request.get_client_auth_token);
        input
    }
}

impl<'a> From<&'a CustomerRequest<'_>> for CustomerInput<'a> {
    /// The request's values as an input borrowing them, for re-validation
    /// or normalization.
    fn from(request: &'a CustomerRequest<'_>) -> Self {
        let mut input = CustomerInput::new();
        for (field, value) in request.text_fields() {
            input.set(field, value);
        }
        input.set(Field::GetClientAuthToken, request.get_client_auth_token);
        input
    }
}
