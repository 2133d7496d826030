//! A call's failure: what ended it, and whether the customer may exist.

use std::fmt;

use juspay_customer::retry::{Failure, Transport};
use juspay_customer::{ApiError, Customer, Operation};

/// What a [`crate::Client::call`] hook returns to stop a call.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What ended a call without a customer.
///
/// Non-exhaustive: a later version may tell more cases apart.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The server's last answer, an error: one the plan does not retry
    /// (400, 401, 403, 404, `ALREADY_EXISTS` on a first Create), or a
    /// retryable one (429, 5xx) after the last attempt.
    Api(ApiError),
    /// The last attempt got no answer.
    Transport(Transport),
    /// The server answered with a redirect (`status`), which is never
    /// followed; `None` when the caller's own reqwest client followed it.
    Redirect {
        /// The 3xx status.
        status: Option<u16>,
    },
    /// A 200 whose customer has another `object_reference_id` than the
    /// request's, or none: not this request's customer.
    OtherCustomer,
    /// [`crate::Settings::deadline`] passed before the call ended; `last`
    /// is what the last attempt met, if one was made.
    Deadline {
        /// The last attempt's failure.
        last: Option<Failure>,
    },
    /// The `before_attempt` hook of [`crate::Client::call`] returned this
    /// error; the attempt it came before was not sent.
    Stopped(BoxError),
}

impl From<Failure> for ErrorKind {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Api(e) => ErrorKind::Api(e),
            Failure::Transport(t) => ErrorKind::Transport(t),
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Api(e) => write!(f, "the API answered {e}"),
            ErrorKind::Transport(t) => write!(f, "{t}"),
            ErrorKind::Redirect { status: Some(s) } => write!(f, "the server redirected ({s}), not followed"),
            ErrorKind::Redirect { status: None } => {
                f.write_str("the HTTP client followed a redirect (build it with redirects off)")
            }
            ErrorKind::OtherCustomer => {
                f.write_str("the answer is another customer's (its object_reference_id is not the request's)")
            }
            ErrorKind::Deadline { last: None } => f.write_str("the deadline passed before an attempt"),
            ErrorKind::Deadline { last: Some(l) } => write!(f, "the deadline passed; the last attempt: {l}"),
            ErrorKind::Stopped(e) => write!(f, "stopped before an attempt: {e}"),
        }
    }
}

/// A call that ended without a customer.
///
/// `Display` and `Debug` hold the server's codes and messages, never the
/// request's personal data nor the key.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    customer_may_exist: bool,
    attempts: u32,
    operation: Operation,
}

impl Error {
    /// What ended the call.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The kind, taken out.
    pub fn into_kind(self) -> ErrorKind {
        self.kind
    }

    /// Whether the customer may exist although the call failed: an attempt
    /// of this call may have been carried out (no answer in time, a
    /// connection closed before the answer, a 5xx other than 503, a
    /// redirect, another customer's answer), or the server said
    /// `ALREADY_EXISTS`. Then [`crate::Client::get_or_create`] with the same
    /// request returns it.
    ///
    /// `false` only when no attempt of this call can have been carried out
    /// and none said the customer exists: this call made nothing. A customer
    /// made earlier by another call, whose attempts here all met 503 or a
    /// refused connection, is one this call cannot know of.
    pub fn customer_may_exist(&self) -> bool {
        self.customer_may_exist
    }

    /// Attempts sent, the first included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The operation of the last attempt (a Create resolved after a lost
    /// answer ends with Get or Create).
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The [`ApiError::kind`], `transport_` and the [`Transport::kind`],
    /// `redirect`, `other_customer`, `deadline` or `stopped`: a stable name
    /// for logs and result files.
    pub fn kind_name(&self) -> String {
        match &self.kind {
            ErrorKind::Api(e) => e.kind().to_owned(),
            ErrorKind::Transport(t) => format!("transport_{}", t.kind()),
            ErrorKind::Redirect { .. } => "redirect".to_owned(),
            ErrorKind::OtherCustomer => "other_customer".to_owned(),
            ErrorKind::Deadline { .. } => "deadline".to_owned(),
            ErrorKind::Stopped(_) => "stopped".to_owned(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = match self.operation {
            Operation::GetOrCreate => "Get or Create Customer",
            _ => "Create Customer",
        };
        write!(f, "{op} failed after {} attempt", self.attempts)?;
        if self.attempts != 1 {
            f.write_str("s")?;
        }
        write!(f, ": {}", self.kind)?;
        if self.customer_may_exist {
            f.write_str("; the customer may exist: Get or Create with the same request returns it")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Api(e) => Some(e),
            ErrorKind::Stopped(e) => Some(&**e),
            _ => None,
        }
    }
}

/// What a call's attempts may have done at the server, and the last failure.
#[derive(Default)]
pub(crate) struct Exposure {
    may_exist: bool,
    last: Option<Failure>,
}

impl Exposure {
    /// An answer that is not the API's (a redirect, another customer): the
    /// request reached a server that may have acted on it.
    pub(crate) fn redirected(&mut self) {
        self.may_exist = true;
    }

    /// No answer: carried out unless the connection or TLS never came up.
    pub(crate) fn transport(&mut self, t: Transport) {
        if !matches!(t, Transport::Connect | Transport::Tls) {
            self.may_exist = true;
        }
        self.last = Some(Failure::Transport(t));
    }

    /// An answer: an error refused before acting on the request leaves
    /// nothing behind; any other (a 5xx but 503, an unreadable 200) may
    /// have, and `ALREADY_EXISTS` says the customer is there.
    pub(crate) fn response(&mut self, result: &Result<Customer, ApiError>) {
        if let Err(e) = result {
            if !refused_unacted(e) {
                self.may_exist = true;
            }
            self.last = Some(Failure::Api(e.clone()));
        }
    }

    /// The last attempt's failure.
    pub(crate) fn last(&self) -> Option<Failure> {
        self.last.clone()
    }

    pub(crate) fn error(&self, kind: ErrorKind, attempts: u32, operation: Operation) -> Error {
        Error {
            kind,
            customer_may_exist: self.may_exist,
            attempts,
            operation,
        }
    }
}

/// Whether the server refused the request without carrying it out: 400
/// (the body; but `ALREADY_EXISTS` says the customer exists), 401, 403 and
/// 404 (the key, the origin, the path), 429 and 503 (RFC 9110: too many
/// requests, and "currently unable to handle the request"). Every other
/// status, 500, 502 and 504 among them, may come after the server acted:
/// a gateway times out on a request that went through.
fn refused_unacted(e: &ApiError) -> bool {
    !matches!(e, ApiError::AlreadyExists(_)) && matches!(e.status(), 400 | 401 | 403 | 404 | 429 | 503)
}

#[cfg(test)]
mod tests {
    use super::*;
    use juspay_customer::parse_response;

    /// One line a case: an attempt's outcome, and whether the customer may
    /// exist after it.
    #[test]
    fn what_may_have_been_carried_out() {
        let already = br#"{"status":"invalid_request_error","error_code":"unique","error_info":{"code":"ALREADY_EXISTS"}}"#;
        for (status, body, may) in [
            (400, &already[..], true),
            (400, br#"{"error_info":{"code":"INVALID_INPUT"}}"#, false),
            (401, b"{}", false),
            (403, b"{}", false),
            (404, b"", false),
            (429, b"{}", false),
            (503, b"{}", false),
            (500, b"{}", true),
            (502, b"", true),
            (504, b"", true),
            (408, b"", true),
            (200, b"not json", true),
        ] {
            let mut exposure = Exposure::default();
            exposure.response(&parse_response(status, body));
            assert_eq!(exposure.may_exist, may, "{status}");
        }
        for (t, may) in [
            (Transport::Connect, false),
            (Transport::Tls, false),
            (Transport::Timeout, true),
            (Transport::Reset, true),
        ] {
            let mut exposure = Exposure::default();
            exposure.transport(t);
            assert_eq!(exposure.may_exist, may, "{t:?}");
        }
        // Once true, it stays true.
        let mut exposure = Exposure::default();
        exposure.transport(Transport::Reset);
        exposure.response(&parse_response(503, b"{}"));
        exposure.transport(Transport::Connect);
        assert!(exposure.may_exist);
    }
}
