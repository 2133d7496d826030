//! A verdict as JSON: the one shape that `juspay-customer check` writes a
//! line of for each record and that the npm package returns, beside
//! [`crate::summarize`] for responses.

use serde::Serialize;

use crate::codec::encode_form_into;
use crate::error::FieldError;
use crate::field::Field;
use crate::policy::Notes;
use crate::request::CustomerRequest;

/// A verdict as JSON, keys in this order: `line` when given; then
/// `"valid":true` with `body` (the form body the request sends) and
/// `fields` when given,
/// or `"valid":false` with `errors`; then `warnings`, `dropped` (lists of
/// [`FieldError`]s), `split` (the calling code split off the number, as
/// text), `extension_removed` (`true`) and `repaired` (the names
/// [`crate::Policy::repair_names`] repaired, as field names), each only when
/// there is one.
///
/// `E` is how one refusal is written: [`FieldError`] (`{field, code,
/// reason, message}`), or a caller's type with more refusals than the
/// library's (the CLI's whole-record ones) or more keys (the npm package's
/// `userMessage`); `N` the same for the notes' errors
/// ([`VerdictJson::with_notes`]); `F` what `fields` holds, when a caller
/// adds it ([`VerdictJson::with_fields`]).
///
/// ```
/// use juspay_customer::{CustomerInput, Field, Policy, VerdictJson};
/// let input = CustomerInput::new()
///     .with(Field::ObjectReferenceId, "cust_123489")
///     .with(Field::MobileNumber, "+65 9123 4567");
/// let verdict = Policy::new().normalize().check(input);
/// let mut out = Vec::new();
/// VerdictJson::valid(verdict.request.as_ref().unwrap(), &verdict.notes).at_line(2).write_into(&mut out);
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     r#"{"line":2,"valid":true,"body":"object_reference_id=cust_123489&mobile_number=91234567&mobile_country_code=65","split":"65"}"#
/// );
///
/// let verdict = Policy::new().check(CustomerInput::new().with(Field::MobileNumber, "99887766"));
/// let errors = verdict.request.unwrap_err();
/// let mut out = Vec::new();
/// VerdictJson::refused(errors.errors(), &verdict.notes).write_into(&mut out);
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     r#"{"valid":false,"errors":[{"field":"object_reference_id","code":"MISSING_MANDATORY_PARAMETER","reason":"missing","message":"object_reference_id is missing"}]}"#
/// );
/// ```
#[derive(Clone, Copy)]
pub struct VerdictJson<'a, E = FieldError, N = FieldError, F = ()> {
    line: Option<u64>,
    outcome: Result<(&'a CustomerRequest<'a>, Option<&'a F>), &'a [E]>,
    warnings: &'a [N],
    dropped: &'a [N],
    split: Option<u16>,
    extension_removed: bool,
    repaired: &'a [Field],
}

/// The line and whether the verdict is valid: never the request, which
/// holds personal data.
impl<E, N, F> std::fmt::Debug for VerdictJson<'_, E, N, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerdictJson")
            .field("line", &self.line)
            .field("valid", &self.outcome.is_ok())
            .finish_non_exhaustive()
    }
}

impl<'a> VerdictJson<'a> {
    /// A valid verdict: the request (written as the form body it sends,
    /// [`encode_form_into`]), and the policy's notes.
    pub fn valid(request: &'a CustomerRequest<'a>, notes: &'a Notes) -> Self {
        Self::new(Ok((request, None)), notes)
    }
}

impl<'a, E> VerdictJson<'a, E> {
    /// A refusal: every error, in order, and the policy's notes.
    pub fn refused(errors: &'a [E], notes: &'a Notes) -> Self {
        Self::new(Err(errors), notes)
    }

    fn new(outcome: Result<(&'a CustomerRequest<'a>, Option<&'a ()>), &'a [E]>, notes: &'a Notes) -> Self {
        VerdictJson {
            line: None,
            outcome,
            warnings: &notes.warnings,
            dropped: &notes.dropped,
            split: notes.split,
            extension_removed: notes.extension_removed,
            repaired: &notes.repaired,
        }
    }
}

impl<'a, E, N, F> VerdictJson<'a, E, N, F> {
    /// The same verdict with `line` first: where its record starts in its
    /// input (1 for the first line).
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// The same verdict with `fields` after `body` when it is valid: what a
    /// form shows of the request (nothing is added to a refusal).
    pub fn with_fields<G>(self, fields: &'a G) -> VerdictJson<'a, E, N, G> {
        VerdictJson {
            line: self.line,
            outcome: self.outcome.map(|(request, _)| (request, Some(fields))),
            warnings: self.warnings,
            dropped: self.dropped,
            split: self.split,
            extension_removed: self.extension_removed,
            repaired: self.repaired,
        }
    }

    /// The same verdict with its notes' errors written as `M`s: the
    /// [`Notes`]' `warnings` and `dropped`, one `M` for each, in order.
    pub fn with_notes<M>(self, warnings: &'a [M], dropped: &'a [M]) -> VerdictJson<'a, E, M, F> {
        VerdictJson {
            line: self.line,
            outcome: self.outcome,
            warnings,
            dropped,
            split: self.split,
            extension_removed: self.extension_removed,
            repaired: self.repaired,
        }
    }
}

impl<E: Serialize, N: Serialize, F: Serialize> VerdictJson<'_, E, N, F> {
    /// Appends the verdict to `out` as one object of JSON text (no line
    /// end).
    ///
    /// Written here rather than through `Serialize`: serde_json looks at
    /// every byte of a string for what to escape, which made `juspay-customer
    /// check` 24% slower per record (callgrind). A form body has nothing to
    /// escape, so the encoder writes it straight into `out`. The lists go
    /// through serde_json.
    pub fn write_into(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        if let Some(line) = self.line {
            out.extend_from_slice(b"\"line\":");
            push_number(out, line);
            out.push(b',');
        }
        match self.outcome {
            Ok((request, fields)) => {
                out.extend_from_slice(b"\"valid\":true,\"body\":\"");
                // The form encoder writes only unreserved ASCII, `%`, `+`,
                // `=` and `&`: nothing JSON escapes.
                encode_form_into(request, out);
                out.push(b'"');
                if let Some(fields) = fields {
                    entry(out, "fields", fields);
                }
            }
            Err(errors) => {
                out.extend_from_slice(b"\"valid\":false");
                entry(out, "errors", errors);
            }
        }
        if !self.warnings.is_empty() {
            entry(out, "warnings", self.warnings);
        }
        if !self.dropped.is_empty() {
            entry(out, "dropped", self.dropped);
        }
        if let Some(code) = self.split {
            out.extend_from_slice(b",\"split\":\"");
            push_number(out, u64::from(code));
            out.push(b'"');
        }
        if self.extension_removed {
            out.extend_from_slice(b",\"extension_removed\":true");
        }
        if !self.repaired.is_empty() {
            out.extend_from_slice(b",\"repaired\":[");
            for (i, field) in self.repaired.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.push(b'"');
                out.extend_from_slice(field.as_str().as_bytes());
                out.push(b'"');
            }
            out.push(b']');
        }
        out.push(b'}');
    }
}

/// `,"key":` and the value as JSON.
fn entry<T: Serialize + ?Sized>(out: &mut Vec<u8>, key: &str, value: &T) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    // Into a Vec, of maps, lists, strings, numbers and booleans: serde_json
    // cannot fail. (A caller's `Serialize` that fails writes a short value;
    // `VerdictJson` never hands one out.)
    let _ = serde_json::to_writer(&mut *out, value);
}

/// A number in decimal.
fn push_number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}
