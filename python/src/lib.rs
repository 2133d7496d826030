//! The juspay-customer rules for Python: the module `juspay_customer._native`,
//! which `juspay_customer` re-exports (python/juspay_customer/__init__.py).
//! Each function is a thin wrapper over the Rust library, as the npm package
//! is: the same rules, messages, verdicts and response kinds.
//!
//! Nothing personal or secret is in any `repr`, `str` or exception text:
//! values show only through the attributes that hold them, and the client
//! auth token only through `Customer.client_auth_token()`.

mod kernel;

use juspay_customer::calling_code::Country;
use juspay_customer::{
    encode_form_into, parse_response as parse, ApiError, CustomerInput, ErrorBody, Field,
    FieldError as Refusal, FieldValue, JsonType, Messages, Policy,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

create_exception!(
    _native,
    JuspayError,
    PyException,
    "A response that is not a customer: `kind`, `status`, `fields` (the field names the error names), `error_code`, `error_message` and `request_id` as attributes; its text holds the kind, status and field names only."
);
create_exception!(
    _native,
    MissingMandatoryParameter,
    JuspayError,
    "400 MISSING_MANDATORY_PARAMETER."
);
create_exception!(_native, InvalidInput, JuspayError, "400 INVALID_INPUT.");
create_exception!(
    _native,
    AlreadyExists,
    JuspayError,
    "400 ALREADY_EXISTS (Create only)."
);
create_exception!(
    _native,
    Unauthorized,
    JuspayError,
    "401: a wrong or missing API key."
);
create_exception!(_native, BadOrigin, JuspayError, "403 BAD_ORIGIN.");
create_exception!(_native, NotFound, JuspayError, "404: a wrong URL or environment.");
create_exception!(
    _native,
    UnexpectedResponse,
    JuspayError,
    "Any other status or body."
);

/// `['a', 'b']`, as Python writes a list of plain names.
fn py_list<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    let quoted: Vec<String> = names.into_iter().map(|n| format!("'{}'", n.as_ref())).collect();
    format!("[{}]", quoted.join(", "))
}

/// One refused field (or warning, or dropped field).
#[pyclass(frozen, module = "juspay_customer")]
struct FieldError {
    /// The field as the API spells it; `None` for the whole body.
    #[pyo3(get)]
    field: Option<&'static str>,
    /// `MISSING_MANDATORY_PARAMETER` or `INVALID_INPUT`.
    #[pyo3(get)]
    code: &'static str,
    /// The reason's name (`not_a_digit`).
    #[pyo3(get)]
    reason: &'static str,
    /// For developers and logs: names the field, a character and its position, never the value.
    #[pyo3(get)]
    message: String,
    /// For the person who typed it.
    #[pyo3(get)]
    user_message: String,
}

#[pymethods]
impl FieldError {
    fn __repr__(&self) -> String {
        format!(
            "FieldError(field={}, reason='{}')",
            self.field.map_or("None".to_owned(), |f| format!("'{f}'")),
            self.reason
        )
    }

    fn __str__(&self) -> String {
        self.message.clone()
    }
}

impl FieldError {
    fn of(e: &Refusal, messages: &Messages) -> Self {
        FieldError {
            field: e.field.map(Field::as_str),
            code: e.reason.code(),
            reason: e.reason.as_str(),
            message: e.to_string(),
            user_message: messages.render(e),
        }
    }
}

/// What the policy did besides deciding.
#[pyclass(frozen, module = "juspay_customer")]
struct Notes {
    /// The calling code `normalize` split off the number (`"91"`).
    #[pyo3(get)]
    split: Option<String>,
    /// Values the docs allow and Juspay's server code refuses.
    #[pyo3(get)]
    warnings: Vec<Py<FieldError>>,
    /// Optional fields left out by `drop_invalid_optional`.
    #[pyo3(get)]
    dropped: Vec<Py<FieldError>>,
    /// Whether `normalize` removed an extension from the number.
    #[pyo3(get)]
    extension_removed: bool,
    /// The names `repair_names` repaired.
    #[pyo3(get)]
    repaired: Vec<&'static str>,
}

#[pymethods]
impl Notes {
    fn __repr__(&self) -> String {
        let names =
            |list: &[Py<FieldError>]| -> Vec<String> { list.iter().map(|e| e.get().__repr__()).collect() };
        format!(
            "Notes(split={}, warnings=[{}], dropped=[{}], extension_removed={}, repaired={})",
            self.split
                .as_ref()
                .map_or("None".to_owned(), |s| format!("'{s}'")),
            names(&self.warnings).join(", "),
            names(&self.dropped).join(", "),
            if self.extension_removed { "True" } else { "False" },
            py_list(&self.repaired)
        )
    }
}

/// A verdict: the fields and form body to send, or every refused field.
#[pyclass(frozen, module = "juspay_customer")]
struct Verdict {
    /// Whether the request may be sent.
    #[pyo3(get)]
    valid: bool,
    /// Every refused field, in order (empty when valid).
    #[pyo3(get)]
    errors: Vec<Py<FieldError>>,
    /// The form body to send (`None` when refused).
    #[pyo3(get)]
    body: Option<String>,
    /// What the policy did besides deciding.
    #[pyo3(get)]
    notes: Py<Notes>,
    sent: Vec<(&'static str, String)>,
    token_option: Option<bool>,
}

#[pymethods]
impl Verdict {
    /// Each field's value as it will be sent (normalized), keyed by the
    /// API's names; `{}` when refused. A new dict on each access.
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (field, value) in &self.sent {
            out.set_item(field, value)?;
        }
        if let Some(b) = self.token_option {
            out.set_item(Field::GetClientAuthToken.as_str(), b)?;
        }
        Ok(out)
    }

    /// The verdict's outcome and field names: never a value.
    fn __repr__(&self) -> String {
        if self.valid {
            let mut names: Vec<&str> = self.sent.iter().map(|(f, _)| *f).collect();
            if self.token_option.is_some() {
                names.push(Field::GetClientAuthToken.as_str());
            }
            format!("Verdict(valid=True, fields={})", py_list(names))
        } else {
            let errors: Vec<String> = self.errors.iter().map(|e| e.get().__repr__()).collect();
            format!("Verdict(valid=False, errors=[{}])", errors.join(", "))
        }
    }

    fn __bool__(&self) -> bool {
        self.valid
    }
}

/// What the keyword arguments ask for.
struct Asked {
    policy: Policy,
    country: Option<Country>,
    messages: Messages,
}

fn asked(
    normalize: bool,
    drop_invalid_optional: bool,
    strict: bool,
    repair_names: bool,
    country: Option<&str>,
    messages: Option<&Bound<'_, PyDict>>,
) -> PyResult<Asked> {
    let mut policy = Policy::new();
    if normalize {
        policy = policy.normalize();
    }
    if drop_invalid_optional {
        policy = policy.drop_invalid_optional();
    }
    if strict {
        policy = policy.strict();
    }
    if repair_names {
        policy = policy.repair_names();
    }
    let country = match country {
        None => None,
        Some(text) => Some(Country::parse(text).ok_or_else(|| {
            PyValueError::new_err("country: neither a region (IN, FR) nor an assigned calling code (91, +33)")
        })?),
    };
    Ok(Asked {
        policy,
        country,
        messages: messages_of(messages)?,
    })
}

/// `messages={"labels": {field: label}, "entries": {key: template}}`.
fn messages_of(given: Option<&Bound<'_, PyDict>>) -> PyResult<Messages> {
    let mut messages = Messages::default();
    let Some(given) = given else {
        return Ok(messages);
    };
    for (key, value) in given.iter() {
        let key: String = key.extract()?;
        let entries = value
            .cast::<PyDict>()
            .map_err(|_| PyValueError::new_err(format!("messages['{key}'] must be a dict")))?;
        for (name, text) in entries.iter() {
            let (name, text): (String, String) = (name.extract()?, text.extract()?);
            match key.as_str() {
                "labels" => {
                    let field = Field::parse(&name).ok_or_else(|| {
                        PyValueError::new_err(format!("messages['labels']: '{name}' is not a field name"))
                    })?;
                    messages.set_label(field, text);
                }
                "entries" => messages
                    .set(&name, text)
                    .map_err(|e| PyValueError::new_err(format!("messages['entries']: {e}")))?,
                _ => {
                    return Err(PyValueError::new_err(format!(
                        "messages: '{key}' is neither 'labels' nor 'entries'"
                    )))
                }
            }
        }
    }
    Ok(messages)
}

fn verdict(py: Python<'_>, input: Result<CustomerInput<'_>, Refusal>, asked: &Asked) -> PyResult<Verdict> {
    let errors_of = |list: &[Refusal]| -> PyResult<Vec<Py<FieldError>>> {
        list.iter()
            .map(|e| Py::new(py, FieldError::of(e, &asked.messages)))
            .collect()
    };
    let (outcome, notes) = match input {
        Err(e) => (Err(vec![e]), Default::default()),
        Ok(input) => {
            let v = asked.policy.check_with_country(input, asked.country);
            (v.request.map_err(|e| e.into_iter().collect::<Vec<_>>()), v.notes)
        }
    };
    let notes = Notes {
        split: notes.split.map(|c| c.to_string()),
        warnings: errors_of(&notes.warnings)?,
        dropped: errors_of(&notes.dropped)?,
        extension_removed: notes.extension_removed,
        repaired: notes.repaired.iter().map(|f| f.as_str()).collect(),
    };
    let notes = Py::new(py, notes)?;
    Ok(match outcome {
        Ok(request) => {
            let mut body = Vec::new();
            encode_form_into(&request, &mut body);
            Verdict {
                valid: true,
                errors: Vec::new(),
                // The form encoder writes ASCII only.
                body: Some(String::from_utf8_lossy(&body).into_owned()),
                notes,
                sent: request
                    .text_fields()
                    .map(|(f, v)| (f.as_str(), v.to_owned()))
                    .collect(),
                token_option: request.get_client_auth_token(),
            }
        }
        Err(errors) => Verdict {
            valid: false,
            errors: errors_of(&errors)?,
            body: None,
            notes,
            sent: Vec::new(),
            token_option: None,
        },
    })
}

/// A Python value as a field value: `str`, `bool`, `None` (absent);
/// anything else is the wrong type for its field.
fn field_value<'a>(value: &Bound<'_, PyAny>) -> FieldValue<'a> {
    if let Ok(text) = value.cast::<PyString>() {
        // A lone surrogate has no UTF-8 form: refused for its field, never replaced.
        match text.extract::<String>() {
            Ok(s) => FieldValue::from(s),
            Err(_) => FieldValue::InvalidUtf8,
        }
    } else if let Ok(b) = value.cast::<PyBool>() {
        FieldValue::Bool(b.is_true())
    } else if value.is_none() {
        FieldValue::Null
    } else if value.cast::<PyInt>().is_ok() || value.cast::<PyFloat>().is_ok() {
        FieldValue::WrongType(JsonType::Number)
    } else if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        FieldValue::WrongType(JsonType::Array)
    } else {
        FieldValue::WrongType(JsonType::Object)
    }
}

/// The three validate functions: one signature of keyword options, each
/// with its own way of reading its argument into an input.
macro_rules! validate_fn {
    ($(#[$doc:meta])* $name:ident($arg:ident: $ty:ty) => |$py:ident| $input:expr) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = ($arg, *, normalize=false, drop_invalid_optional=false, strict=false, repair_names=false, country=None, messages=None))]
        #[allow(clippy::too_many_arguments)]
        fn $name(
            $py: Python<'_>,
            $arg: $ty,
            normalize: bool,
            drop_invalid_optional: bool,
            strict: bool,
            repair_names: bool,
            country: Option<&str>,
            messages: Option<&Bound<'_, PyDict>>,
        ) -> PyResult<Verdict> {
            let asked = asked(normalize, drop_invalid_optional, strict, repair_names, country, messages)?;
            let input = $input;
            verdict($py, input, &asked)
        }
    };
}

validate_fn!(
    /// Validates a mapping of the API's field names to values (`str`,
    /// `bool`, `None` for absent), as a form or `request.json` gives them.
    /// Other keys are ignored.
    validate(fields: &Bound<'_, PyAny>) => |py| {
        let mut input = CustomerInput::new();
        for item in fields.call_method0("items")?.try_iter()? {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
            let Some(field) = key.extract::<String>().ok().and_then(|k| Field::parse(&k)) else {
                continue;
            };
            input.set(field, field_value(&value));
        }
        Ok(input)
    }
);

validate_fn!(
    /// Validates a form body (`object_reference_id=...&mobile_number=...`).
    validate_form(body: &[u8]) => |py| Ok(CustomerInput::from_form(body))
);

validate_fn!(
    /// Validates a JSON body (one object with the API's key names).
    validate_json(body: &[u8]) => |py| CustomerInput::from_json(body)
);

/// A customer, as a 200 response gives it.
#[pyclass(frozen, module = "juspay_customer")]
struct Customer {
    /// Juspay's id (`cst_...`).
    #[pyo3(get)]
    id: String,
    #[pyo3(get)]
    object_reference_id: Option<String>,
    #[pyo3(get)]
    mobile_number: Option<String>,
    #[pyo3(get)]
    mobile_country_code: Option<String>,
    #[pyo3(get)]
    email_address: Option<String>,
    #[pyo3(get)]
    first_name: Option<String>,
    #[pyo3(get)]
    last_name: Option<String>,
    /// `client_auth_token_expiry`, as sent.
    #[pyo3(get)]
    client_auth_token_expiry: Option<String>,
    token: Option<String>,
}

#[pymethods]
impl Customer {
    /// The client auth token, when it was asked for: the one way to get it.
    fn client_auth_token(&self) -> Option<String> {
        self.token.clone()
    }

    /// The id, and which personal fields are present: never their values.
    fn __repr__(&self) -> String {
        let present: Vec<&str> = [
            ("object_reference_id", &self.object_reference_id),
            ("mobile_number", &self.mobile_number),
            ("mobile_country_code", &self.mobile_country_code),
            ("email_address", &self.email_address),
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|_| name))
        .collect();
        format!(
            "Customer(id='{}', fields={}, client_auth_token={})",
            self.id,
            py_list(present),
            if self.token.is_some() {
                "'<redacted>'"
            } else {
                "None"
            }
        )
    }
}

/// Reads a response (its HTTP status and body) and returns the customer, or
/// raises the documented error as its own exception class.
#[pyfunction]
fn parse_response(py: Python<'_>, status: u16, body: &[u8]) -> PyResult<Customer> {
    match parse(status, body) {
        Ok(c) => {
            let token = c.client_auth_token().map(|t| t.expose().to_owned());
            let expiry = c.client_auth_token_expiry().map(|t| t.as_str().to_owned());
            Ok(Customer {
                id: c.id,
                object_reference_id: c.object_reference_id,
                mobile_number: c.mobile_number,
                mobile_country_code: c.mobile_country_code,
                email_address: c.email_address,
                first_name: c.first_name,
                last_name: c.last_name,
                client_auth_token_expiry: expiry,
                token,
            })
        }
        Err(e) => Err(error_of(py, &e)),
    }
}

fn error_of(py: Python<'_>, e: &ApiError) -> PyErr {
    let body = e.body();
    let fields: Vec<&str> = body.map(|b| b.field_names().collect()).unwrap_or_default();
    let text = format!("{} (HTTP {}), fields {}", e.kind(), e.status(), py_list(&fields));
    let err = match e {
        ApiError::MissingMandatoryParameter(_) => MissingMandatoryParameter::new_err(text),
        ApiError::InvalidInput(_) => InvalidInput::new_err(text),
        ApiError::AlreadyExists(_) => AlreadyExists::new_err(text),
        ApiError::Unauthorized(_) => Unauthorized::new_err(text),
        ApiError::BadOrigin(_) => BadOrigin::new_err(text),
        ApiError::NotFound(_) => NotFound::new_err(text),
        _ => UnexpectedResponse::new_err(text),
    };
    let value = err.value(py);
    let set = |name: &str, v: Bound<'_, PyAny>| {
        let _ = value.setattr(name, v);
    };
    set("kind", PyString::new(py, e.kind()).into_any());
    set(
        "status",
        e.status()
            .into_pyobject(py)
            .map(|v| v.into_any())
            .unwrap_or_else(|_| py.None().into_bound(py)),
    );
    set(
        "fields",
        PyList::new(py, &fields)
            .map(|l| l.into_any())
            .unwrap_or_else(|_| py.None().into_bound(py)),
    );
    let text_of = |v: Option<&str>| match v {
        Some(s) => PyString::new(py, s).into_any(),
        None => py.None().into_bound(py),
    };
    set("error_code", text_of(body.and_then(ErrorBody::error_code)));
    set("error_message", text_of(body.and_then(ErrorBody::error_message)));
    set("request_id", text_of(body.and_then(ErrorBody::request_id)));
    err
}

/// The module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(validate_form, m)?)?;
    m.add_function(wrap_pyfunction!(validate_json, m)?)?;
    m.add_function(wrap_pyfunction!(parse_response, m)?)?;
    m.add_function(wrap_pyfunction!(kernel::validate_batch, m)?)?;
    // The API's field names, in the library's order: the stubs' `FieldName`
    // is checked against it (tests/test_stubs.py).
    m.add("FIELDS", Field::ALL.map(Field::as_str).to_vec())?;
    m.add_class::<Verdict>()?;
    m.add_class::<FieldError>()?;
    m.add_class::<Notes>()?;
    m.add_class::<Customer>()?;
    for (name, class) in [
        ("JuspayError", py.get_type::<JuspayError>()),
        (
            "MissingMandatoryParameter",
            py.get_type::<MissingMandatoryParameter>(),
        ),
        ("InvalidInput", py.get_type::<InvalidInput>()),
        ("AlreadyExists", py.get_type::<AlreadyExists>()),
        ("Unauthorized", py.get_type::<Unauthorized>()),
        ("BadOrigin", py.get_type::<BadOrigin>()),
        ("NotFound", py.get_type::<NotFound>()),
        ("UnexpectedResponse", py.get_type::<UnexpectedResponse>()),
    ] {
        m.add(name, class)?;
    }
    Ok(())
}
