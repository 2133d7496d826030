//! The retry plan: after each attempt of one call, what to do next. A pure
//! state machine the caller drives, bringing the clock and the randomness,
//! in the manner of quinn-proto and h11: it sends nothing and sleeps never.
//!
//! ```
//! use juspay_customer::retry::{Next, Outcome, RetryPlan, RetryPolicy, Transport};
//! use juspay_customer::{parse_response, Operation};
//!
//! let mut plan = RetryPlan::new(RetryPolicy::default(), Operation::Create);
//! // Attempt 1: Create; the connection reset after the server created the customer.
//! let next = plan.next(Outcome::Transport(Transport::Reset), 1_700_000_000, 42);
//! assert!(matches!(next, Next::Retry { operation: Operation::Create, .. }));
//! // Attempt 2: Create again, refused as ALREADY_EXISTS: the first attempt made it.
//! let body = br#"{"status":"invalid_request_error","error_code":"unique","error_info":{"code":"ALREADY_EXISTS"}}"#;
//! let next = plan.next(Outcome::response(parse_response(400, body), None), 1_700_000_001, 7);
//! assert!(matches!(next, Next::Retry { operation: Operation::GetOrCreate, after } if after.is_zero()));
//! // Attempt 3: Get or Create returns the customer the first attempt made.
//! let body = br#"{"id":"cst_1","object_reference_id":"cust_123489"}"#;
//! match plan.next(Outcome::response(parse_response(200, body), None), 1_700_000_001, 9) {
//!     Next::Done { customer, operation } => {
//!         assert_eq!(customer.id, "cst_1");
//!         assert_eq!(operation, Operation::GetOrCreate);
//!     }
//!     other => panic!("{other:?}"),
//! }
//! assert_eq!(plan.attempts(), 3);
//! ```
//!
//! The rules, and why:
//!
//! | outcome of the attempt | next | why |
//! | --- | --- | --- |
//! | 200 with a customer | [`Next::Done`] | |
//! | a transport failure ([`Transport`]), 429, 500, 502, 503, 504 ([`ApiError::is_retryable`]) | [`Next::Retry`] with the same operation, until [`RetryPolicy::max_attempts`]; then [`Next::GiveUp`] | all are passing conditions of the network, a gateway or the server's load (a certificate the client does not trust fails every attempt alike: `juspay-customer send` stops its run on a give-up of `Connect` or `Tls`) |
//! | the same with a `Retry-After` of seconds or an HTTP date | wait what it says, at most [`RetryPolicy::max_retry_after`] | RFC 9110 section 10.2.3: the server says when it can take the request; dates in all three of its forms are read (with `httpdate`), and a value that is neither is ignored: the backoff applies |
//! | otherwise a retry | capped exponential backoff with full jitter: a uniform delay in `0..=min(max_delay, base_delay × 2^(attempt−1))` | many clients failing at once would otherwise retry in step (AWS's "Exponential Backoff And Jitter") |
//! | `ALREADY_EXISTS` on a Create that is not the first attempt | [`Next::Retry`] at once with [`Operation::GetOrCreate`], which gets `max_attempts` of its own | an earlier attempt may have created the customer and lost the answer; Get or Create returns the existing customer for the same `object_reference_id` and creates nothing, so a lost response never becomes a duplicate or a false failure; giving up now would report a customer that exists as failed |
//! | `ALREADY_EXISTS` on the first attempt | [`Next::GiveUp`] | the customer existed before this call: a fact to report, not a failure to hide (a caller who wants existing customers as they are sends Get or Create from the start) |
//! | every other error: 400, 401, 403, 404, and statuses the docs do not name (408, 501, ...) | [`Next::GiveUp`] | the same request would fail the same way ([`ApiError::is_caller_fault`]), or the docs give no reason to expect otherwise |
//!
//! A call that starts with Get or Create (`Operation::GetOrCreate`) never
//! sees `ALREADY_EXISTS`, so every retry of it is safe: it is idempotent for
//! the same `object_reference_id`. A client resuming after a crash should
//! start with it for a request that may have been sent.

use std::fmt;
use std::time::Duration;

use crate::http_parts::Operation;
use crate::response::{ApiError, Customer};

/// A failure below HTTP, named by the caller from its client's error.
///
/// Non-exhaustive: a client may name more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transport {
    /// The connection could not be made (refused, unreachable, no such
    /// host): the request was not sent.
    Connect,
    /// No answer in the caller's time limit: the request may have been
    /// carried out.
    Timeout,
    /// The connection closed or reset before the whole response arrived:
    /// the request may have been carried out.
    Reset,
    /// TLS failed (handshake, certificate).
    Tls,
}

impl Transport {
    /// `connect`, `timeout`, `reset` or `tls`.
    pub const fn kind(self) -> &'static str {
        match self {
            Transport::Connect => "connect",
            Transport::Timeout => "timeout",
            Transport::Reset => "reset",
            Transport::Tls => "tls",
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Connect => "could not connect",
            Transport::Timeout => "timed out waiting for the response",
            Transport::Reset => "the connection closed before the response",
            Transport::Tls => "TLS failed",
        })
    }
}

/// How one attempt ended.
// Made once per attempt and consumed at once by `RetryPlan::next`: boxing
// the response would cost every caller an allocation for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Outcome<'a> {
    /// A response arrived: [`crate::parse_response`]'s reading of it, and its
    /// `Retry-After` header value, if any.
    Response {
        /// The parsed response.
        result: Result<Customer, ApiError>,
        /// The `Retry-After` header's value, as received.
        retry_after: Option<&'a str>,
    },
    /// No response arrived.
    Transport(Transport),
}

impl<'a> Outcome<'a> {
    /// `Outcome::Response` from a parsed response and its `Retry-After`.
    pub fn response(result: Result<Customer, ApiError>, retry_after: Option<&'a str>) -> Self {
        Outcome::Response { result, retry_after }
    }
}

/// Why a call ended without a customer.
///
/// Exhaustive: an attempt ends with a response or without one.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Failure {
    /// The last response, an error.
    #[error("{0}")]
    Api(ApiError),
    /// The last attempt got no response.
    #[error("{0}")]
    Transport(Transport),
}

impl Failure {
    /// The [`ApiError::kind`], or `transport_` and the [`Transport::kind`].
    pub fn kind(&self) -> String {
        match self {
            Failure::Api(e) => e.kind().to_owned(),
            Failure::Transport(t) => format!("transport_{}", t.kind()),
        }
    }
}

/// The limits of a [`RetryPlan`]. Every default is a field's doc.
///
/// Non-exhaustive: set the public fields on [`RetryPolicy::default`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts of the call's operation, the first included; the Get or
    /// Create that resolves `ALREADY_EXISTS` gets as many again. Default 6:
    /// five retries, waiting at most 0.25 + 0.5 + 1 + 2 + 4 = 7.75 seconds in
    /// all with the default delays (a `Retry-After` aside).
    pub max_attempts: u32,
    /// The backoff before the first retry, doubled for each further one.
    /// Default 250 ms.
    pub base_delay: Duration,
    /// The most a backoff waits. Default 8 s.
    pub max_delay: Duration,
    /// The most a `Retry-After` is honoured: a longer one waits this long.
    /// Default 60 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// What to do after an attempt.
///
/// Exhaustive: a call is done, goes on, or ends.
#[derive(Debug)]
pub enum Next {
    /// The call succeeded.
    Done {
        /// The customer the response carried.
        customer: Box<Customer>,
        /// The operation that returned it: [`Operation::GetOrCreate`] says the
        /// customer may have existed before (the API does not say which).
        operation: Operation,
    },
    /// Wait `after` (measured by the caller's clock), then send `operation`
    /// with the same body.
    Retry {
        /// How long to wait.
        after: Duration,
        /// What to send.
        operation: Operation,
    },
    /// Stop: the call failed.
    GiveUp(Failure),
}

/// One call's plan. See the [module](self) for the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPlan {
    policy: RetryPolicy,
    operation: Operation,
    attempts: u32,
    /// The attempt the current operation's budget counts from: the
    /// resolving Get or Create gets a fresh one.
    budget_from: u32,
}

impl RetryPlan {
    /// A plan whose first attempt sends `operation`.
    pub fn new(policy: RetryPolicy, operation: Operation) -> Self {
        RetryPlan {
            policy,
            operation,
            attempts: 0,
            budget_from: 0,
        }
    }

    /// The operation to send now.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// How many attempts [`RetryPlan::next`] has been told of.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Takes the outcome of the attempt just made with
    /// [`RetryPlan::operation`] and answers what to do next.
    /// `now_unix_seconds` reads a `Retry-After` date; `random` is any
    /// uniformly random number, for the jitter.
    pub fn next(&mut self, outcome: Outcome<'_>, now_unix_seconds: i64, random: u64) -> Next {
        self.attempts = self.attempts.saturating_add(1);
        let (error, retry_after) = match outcome {
            Outcome::Response {
                result: Ok(customer), ..
            } => {
                return Next::Done {
                    customer: Box::new(customer),
                    operation: self.operation,
                }
            }
            Outcome::Response {
                result: Err(ApiError::AlreadyExists(_)),
                ..
            } if self.operation == Operation::Create && self.attempts > 1 => {
                self.operation = Operation::GetOrCreate;
                self.budget_from = self.attempts;
                return Next::Retry {
                    after: Duration::ZERO,
                    operation: self.operation,
                };
            }
            Outcome::Response {
                result: Err(e),
                retry_after,
            } if e.is_retryable() => (Failure::Api(e), retry_after),
            Outcome::Response { result: Err(e), .. } => return Next::GiveUp(Failure::Api(e)),
            Outcome::Transport(t) => (Failure::Transport(t), None),
        };
        if self.attempts - self.budget_from >= self.policy.max_attempts {
            return Next::GiveUp(error);
        }
        let after = retry_after
            .and_then(|v| retry_after_delay(v, now_unix_seconds))
            .map(|d| d.min(self.policy.max_retry_after))
            .unwrap_or_else(|| self.backoff(random));
        Next::Retry {
            after,
            operation: self.operation,
        }
    }

    /// Full jitter: uniform in `0..=min(max_delay, base_delay × 2^(n−1))`,
    /// `n` the attempts of the current budget.
    fn backoff(&self, random: u64) -> Duration {
        let doublings = (self.attempts - self.budget_from).saturating_sub(1).min(63);
        let cap = self
            .policy
            .base_delay
            .as_nanos()
            .saturating_mul(1u128 << doublings)
            .min(self.policy.max_delay.as_nanos());
        Duration::from_nanos((u128::from(random) % (cap + 1)) as u64)
    }
}

/// A `Retry-After` value: delay-seconds or an HTTP date (RFC 9110 section
/// 10.2.3). A date in the past waits nothing; anything else unreadable is
/// `None`, and the plan's backoff applies.
fn retry_after_delay(value: &str, now_unix_seconds: i64) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is a very long wait: the cap applies.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = crate::response::http_date_unix_seconds(value)?;
    Some(Duration::from_secs(
        at.saturating_sub(now_unix_seconds).max(0) as u64
    ))
}

#[cfg(test)]
mod tests {
    use super::retry_after_delay;
    use std::time::Duration;

    #[test]
    fn retry_after_values() {
        let now = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
        for (value, delay) in [
            ("120", Some(120)),
            (" 5 ", Some(5)),
            ("0", Some(0)),
            ("99999999999999999999999", Some(u64::MAX)),
            ("Sun, 06 Nov 1994 08:50:07 GMT", Some(30)),
            ("Sun, 06 Nov 1994 08:49:00 GMT", Some(0)),
            ("-5", None),
            ("1.5", None),
            ("", None),
            ("soon", None),
        ] {
            assert_eq!(
                retry_after_delay(value, now),
                delay.map(Duration::from_secs),
                "{value:?}"
            );
        }
    }
}
