//! What each record is sent with, and what a failure means: the run's
//! operation, Get or Create for a record that may exist, the failures that
//! stop a run.

use juspay_customer::retry::Transport;
use juspay_customer::Operation;
use juspay_customer_client::ErrorKind;

use crate::args::OperationArg;
use crate::journal::{Row, State};

/// The `--operation` name of an operation, as the journal keeps it.
pub(super) fn operation_name(op: Operation) -> &'static str {
    match op {
        Operation::GetOrCreate => OperationArg::GetOrCreate,
        _ => OperationArg::Create,
    }
    .as_str()
}

/// Whether `row` is sent (again), and with what: a pending record with the
/// run's operation; one that was sent, or failed other than by the
/// server refusing it (400), with Get or Create, since it may have been
/// carried out and must never be created twice; in a Get or Create run,
/// one that failed as `already_exists` (adopted). Created, existing and
/// other refused records stay.
pub(super) fn resend(row: &Row, operation: Operation) -> Option<Operation> {
    match row.state {
        State::Pending => Some(operation),
        State::Sent => Some(Operation::GetOrCreate),
        State::Failed if row.resend => Some(Operation::GetOrCreate),
        // Resumed with Get or Create: adopt the customers that existed.
        State::Failed if operation == Operation::GetOrCreate && existed(row.failure.as_deref()) => {
            Some(Operation::GetOrCreate)
        }
        _ => None,
    }
}

/// Whether a record's failure says its customer existed before the run:
/// `already_exists`, as `failure_text` writes the library's kind (with the
/// fields the server named, if it named any).
pub(super) fn existed(failure: Option<&str>) -> bool {
    failure.is_some_and(|f| f == "already_exists" || f.starts_with("already_exists ("))
}

/// A failure of the run's settings or of the way there: every request
/// would fail alike, so the run stops. A 4xx other than 400 (the key, the
/// merchant, the address), a redirect (the base URL points elsewhere), or a
/// record that gave up unable to connect or to agree on TLS (the host is
/// down, its certificate is not trusted, or it speaks plain HTTP).
pub(super) fn is_run_fault(kind: &ErrorKind) -> bool {
    match kind {
        ErrorKind::Api(e) => e.is_caller_fault() && e.status() != 400,
        ErrorKind::Transport(t) => matches!(t, Transport::Connect | Transport::Tls),
        ErrorKind::Redirect { .. } => true,
        _ => false,
    }
}

/// The record's failure as the journal and results keep it: the kind, and
/// for a refusal the fields the server named (names, never values).
pub(super) fn failure_text(error: &juspay_customer_client::Error) -> String {
    match error.kind() {
        ErrorKind::Api(e) => {
            let fields: Vec<&str> = e.body().map(|b| b.field_names().collect()).unwrap_or_default();
            match (e.kind(), fields.is_empty()) {
                ("unexpected", _) => format!("unexpected (status {})", e.status()),
                (kind, true) => kind.to_owned(),
                (kind, false) => format!("{kind} ({})", fields.join(", ")),
            }
        }
        ErrorKind::Redirect { status: Some(s) } => format!("redirect (status {s})"),
        _ => error.kind_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: State, resend: bool) -> Row {
        Row {
            line: 2,
            object_reference_id: "cust_00000001".into(),
            digest: 0,
            state,
            attempts: 1,
            customer_id: None,
            failure: None,
            resend,
        }
    }

    /// One line a state: what resuming sends for it, in a Create run.
    #[test]
    fn what_resuming_sends() {
        for (state, resend, want) in [
            (State::Pending, true, Some(Operation::Create)),
            (State::Sent, true, Some(Operation::GetOrCreate)),
            (State::Failed, true, Some(Operation::GetOrCreate)),
            (State::Failed, false, None),
            (State::Created, true, None),
            (State::Existing, true, None),
        ] {
            assert_eq!(resend_of(&row(state, resend)), want, "{state:?} resend={resend}");
        }
    }

    fn resend_of(row: &Row) -> Option<Operation> {
        resend(row, Operation::Create)
    }

    /// Resumed with Get or Create, a record that failed as already_exists
    /// is adopted; other refusals stay; in a Create run it stays failed.
    #[test]
    fn get_or_create_adopts_what_existed() {
        let mut r = row(State::Failed, false);
        for (failure, create, get_or_create) in [
            (Some("already_exists"), None, Some(Operation::GetOrCreate)),
            (
                Some("already_exists (object_reference_id)"),
                None,
                Some(Operation::GetOrCreate),
            ),
            (Some("invalid_input (first_name)"), None, None),
            (Some("already_existsx"), None, None),
            (None, None, None),
        ] {
            r.failure = failure.map(str::to_owned);
            assert_eq!(resend(&r, Operation::Create), create, "{failure:?}");
            assert_eq!(resend(&r, Operation::GetOrCreate), get_or_create, "{failure:?}");
        }
    }
}
