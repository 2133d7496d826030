//! Create a Juspay customer in one call, with the retries built in.
//!
//! [`Client::create`] sends *Create Customer* (`POST /customers`) and
//! [`Client::get_or_create`] *Get or Create Customer* (`POST /v2/customers`),
//! each driving the `juspay-customer` retry plan
//! ([`juspay_customer::retry`]) over reqwest (rustls) and tokio: transport
//! failures, 429 and 5xx are retried with backoff and `Retry-After`; a
//! Create retried after a lost answer that meets `ALREADY_EXISTS` is
//! resolved with Get or Create, so a customer is never made twice.
//!
//! ```no_run
//! use juspay_customer::{decode_form, ApiKey, Config, Environment, MerchantId};
//! use juspay_customer_client::Client;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let key = ApiKey::new(std::env::var("JUSPAY_API_KEY")?)?;
//! let config = Config::new(Environment::Sandbox, key, MerchantId::new("your_merchant_id")?);
//! let client = Client::new(config)?;
//! let request = decode_form(b"object_reference_id=cust_123489&mobile_number=99887766")?;
//! match client.create(&request).await {
//!     Ok(done) => println!("customer {} ({} attempts)", done.customer.id, done.attempts),
//!     // Never "failed" for a customer that exists: fetch it instead.
//!     Err(e) if e.customer_may_exist() => {
//!         let existing = client.get_or_create(&request).await?;
//!         println!("customer {}", existing.customer.id);
//!     }
//!     Err(e) => eprintln!("not created: {e}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What a failure says
//! Every [`Error`] answers [`Error::customer_may_exist`]: `true` whenever an
//! attempt may have reached the server and been carried out (no answer in
//! time, a connection that closed before the answer, a 5xx other than 503,
//! a redirect, an answer for another customer), and when the server said
//! `ALREADY_EXISTS`. Then call [`Client::get_or_create`] with the same
//! request: it returns the customer if it exists and creates nothing twice.
//! `false` means no attempt of this call was carried out: it never
//! connected, TLS failed, or the server refused every attempt before acting
//! on it (400, 401, 403, 404, 429, 503, as RFC 9110 defines 429 and 503).
//!
//! # What is refused
//! - A redirect is never followed (a 3xx is [`ErrorKind::Redirect`]): a
//!   `302` would send the request's headers, `x-merchantid` among them, to
//!   another origin, and record that origin's answer as the customer.
//! - A 200 whose `object_reference_id` is not the request's (or is absent;
//!   every documented 200 carries it) is [`ErrorKind::OtherCustomer`], never a
//!   success: the answer is not this request's customer.
//!
//! # Limits and defaults
//! See [`Settings`]: connect 10 s and 30 s per attempt (reqwest has no
//! default of either), a deadline of 60 s per call, the retry plan's six
//! attempts, and no concurrency or rate limit unless set. Many requests at
//! once: share one [`Client`] (it is cheap to clone) and set
//! [`Settings::concurrency`] and [`Settings::rate`]; both hold across every
//! call of the client, and the rate counts every attempt, retries included.
//!
//! # What is never shown
//! `Debug` and `Display` of [`Client`], [`Success`], [`Error`] and
//! [`Settings`] never show the API key, the `Authorization` header, a mobile
//! number, an email address or a full `object_reference_id`: the
//! library's types mask them, and this crate adds no text of its own that
//! holds them.

mod attempt;
mod error;
mod settings;

use std::fmt;
use std::hash::BuildHasher as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use juspay_customer::retry::{Next, Outcome, RetryPlan};
use juspay_customer::{Config, Customer, CustomerRequest, Operation};

pub use error::{BoxError, Error, ErrorKind};
pub use settings::{BuildError, Rate, Settings};

use attempt::Answer;
use error::Exposure;

/// A Juspay customer client: a [`Config`], the [`Settings`], one reqwest
/// connection pool, and the limits shared by every call. Clones share all
/// of them.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    settings: Settings,
    http: reqwest::Client,
    /// Whether `http` is ours (redirects off, our timeouts) or the caller's.
    own_http: bool,
    limits: settings::Limits,
    random: std::hash::RandomState,
    calls: AtomicU64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("settings", &self.inner.settings)
            .field("own_http", &self.inner.own_http)
            .finish_non_exhaustive()
    }
}

/// A call that ended with the customer.
///
/// `Debug` masks the customer's personal data (the library's `Customer`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Success {
    /// The customer the server returned, whose `object_reference_id` is the
    /// request's.
    pub customer: Customer,
    /// The operation that returned it: [`Operation::Create`] made it;
    /// [`Operation::GetOrCreate`] made it or found it (the API does not say
    /// which), including a Create resolved after a lost answer.
    pub operation: Operation,
    /// Attempts made, the first included.
    pub attempts: u32,
}

impl Client {
    /// A client with the default [`Settings`] and a reqwest client of its
    /// own (rustls, redirects off, the settings' timeouts).
    ///
    /// # Errors
    /// [`BuildError::Http`] when reqwest cannot start (its TLS set-up).
    pub fn new(config: Config) -> Result<Client, BuildError> {
        Client::with_settings(config, Settings::default())
    }

    /// A client with these settings and a reqwest client of its own.
    ///
    /// # Errors
    /// [`BuildError::Http`] when reqwest cannot start (its TLS set-up).
    pub fn with_settings(config: Config, settings: Settings) -> Result<Client, BuildError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.connect_timeout)
            .user_agent(concat!("juspay-customer-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| BuildError::Http(e.to_string()))?;
        Ok(Client::assemble(config, settings, http, true))
    }

    /// A client that sends with the caller's own reqwest client, to share
    /// its connection pool. Build that client with
    /// `redirect(reqwest::redirect::Policy::none())`: if it follows a
    /// redirect anyway, the call fails with [`ErrorKind::Redirect`] once the
    /// answer shows it (the other origin has had the request by then).
    /// [`Settings::connect_timeout`] is that client's business; the attempt
    /// timeout and everything else apply.
    pub fn with_http_client(config: Config, settings: Settings, http: reqwest::Client) -> Client {
        Client::assemble(config, settings, http, false)
    }

    fn assemble(config: Config, settings: Settings, http: reqwest::Client, own_http: bool) -> Client {
        Client {
            inner: Arc::new(Inner {
                limits: settings::Limits::new(&settings),
                config,
                settings,
                http,
                own_http,
                random: std::hash::RandomState::new(),
                calls: AtomicU64::new(0),
            }),
        }
    }

    /// The config requests are made with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// *Create Customer*, retried per the plan; an `ALREADY_EXISTS` after a
    /// lost answer is resolved with *Get or Create*.
    ///
    /// # Errors
    /// An [`Error`] saying what ended the call and whether the customer may
    /// exist ([`Error::customer_may_exist`]).
    pub async fn create(&self, request: &CustomerRequest<'_>) -> Result<Success, Error> {
        self.call(Operation::Create, request, |_, _| Ok(())).await
    }

    /// *Get or Create Customer*: the customer for the request's
    /// `object_reference_id`, created if there is none. Safe to retry, and
    /// the way to resolve an [`Error`] whose customer may exist.
    ///
    /// # Errors
    /// As [`Client::create`].
    pub async fn get_or_create(&self, request: &CustomerRequest<'_>) -> Result<Success, Error> {
        self.call(Operation::GetOrCreate, request, |_, _| Ok(())).await
    }

    /// The call [`Client::create`] and [`Client::get_or_create`] make,
    /// starting with `operation`, with `before_attempt(operation, n)` run
    /// before attempt `n` (from 1) leaves, after the waits. A journal makes
    /// "this may have been sent" durable there, as `juspay-customer send`
    /// does; an error from it ends the call with [`ErrorKind::Stopped`]
    /// before that attempt is sent.
    ///
    /// # Errors
    /// As [`Client::create`].
    pub async fn call<F>(
        &self,
        operation: Operation,
        request: &CustomerRequest<'_>,
        mut before_attempt: F,
    ) -> Result<Success, Error>
    where
        F: FnMut(Operation, u32) -> Result<(), BoxError>,
    {
        let inner = &*self.inner;
        // The deadline counts the wait for a turn and for the rate too.
        let deadline = inner.settings.deadline.map(|d| tokio::time::Instant::now() + d);
        let _permit = inner.limits.enter().await;
        let call_number = inner.calls.fetch_add(1, Ordering::Relaxed);
        let mut plan = RetryPlan::new(inner.settings.retry, operation);
        let mut exposure = Exposure::default();
        let mut attempts = 0u32;
        loop {
            let operation = plan.operation();
            inner.limits.pace().await;
            let Some(timeout) = remaining(deadline, inner.settings.attempt_timeout) else {
                let last = exposure.last();
                return Err(exposure.error(ErrorKind::Deadline { last }, attempts, operation));
            };
            if let Err(e) = before_attempt(operation, attempts + 1) {
                return Err(exposure.error(ErrorKind::Stopped(e), attempts, operation));
            }
            attempts += 1;
            let parts = inner.config.request_parts(operation, request);
            let answer = attempt::send(&inner.http, &parts, timeout).await;
            let outcome = match answer {
                Answer::Redirect { status } => {
                    exposure.redirected();
                    return Err(exposure.error(ErrorKind::Redirect { status }, attempts, operation));
                }
                Answer::Transport(t) => {
                    exposure.transport(t);
                    Outcome::Transport(t)
                }
                Answer::Response {
                    result,
                    ref retry_after,
                } => {
                    exposure.response(&result);
                    Outcome::response(result, retry_after.as_deref())
                }
            };
            let random = inner.random.hash_one((call_number, attempts));
            match plan.next(outcome, unix_now(), random) {
                Next::Done { customer, operation } => {
                    if customer.object_reference_id.as_deref() != Some(request.object_reference_id()) {
                        exposure.redirected();
                        return Err(exposure.error(ErrorKind::OtherCustomer, attempts, operation));
                    }
                    return Ok(Success {
                        customer: *customer,
                        operation,
                        attempts,
                    });
                }
                Next::GiveUp(failure) => {
                    return Err(exposure.error(ErrorKind::from(failure), attempts, operation))
                }
                Next::Retry { after, .. } => {
                    if deadline.is_some_and(|d| tokio::time::Instant::now() + after >= d) {
                        // Waiting would outlast the deadline: end now, with
                        // what the last attempt met.
                        let last = exposure.last();
                        return Err(exposure.error(ErrorKind::Deadline { last }, attempts, operation));
                    }
                    tokio::time::sleep(after).await;
                }
            }
        }
    }
}

/// The time an attempt may take: the attempt timeout, cut to what is left
/// of the deadline; `None` when nothing is left.
fn remaining(deadline: Option<tokio::time::Instant>, attempt: Duration) -> Option<Duration> {
    match deadline {
        None => Some(attempt),
        Some(d) => {
            let left = d.saturating_duration_since(tokio::time::Instant::now());
            (!left.is_zero()).then(|| left.min(attempt))
        }
    }
}

/// Seconds since the Unix epoch, for a `Retry-After` date.
fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
