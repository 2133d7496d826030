//! A client's settings, and the limits every call of a client shares.

use std::fmt;
use std::num::NonZeroUsize;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use juspay_customer::retry::RetryPolicy;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How a [`crate::Client`] calls. Every default is a field's doc.
///
/// Non-exhaustive: set the public fields on [`Settings::default`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Settings {
    /// Attempts and backoff ([`RetryPolicy`]'s defaults: six attempts,
    /// 250 ms doubling to 8 s, `Retry-After` honoured up to 60 s).
    pub retry: RetryPolicy,
    /// The most a connection (TCP and TLS) may take. Default 10 s: reqwest
    /// has none, and a host that does not answer would hold a call until the
    /// attempt timeout.
    pub connect_timeout: Duration,
    /// The most one attempt may take, from connecting to the last byte of
    /// the answer. Default 30 s: every documented answer is under 2 KiB, so
    /// a slower one is a stuck connection, and the plan retries it.
    pub attempt_timeout: Duration,
    /// The most a whole call may take, its retries and waits included (the
    /// wait for a turn under `concurrency` and `rate` too);
    /// `None` for no limit. Default 60 s, for a person waiting on a sign-up
    /// form; a batch job (as `juspay-customer send`) may set `None` and
    /// rely on the plan's attempts. A wait that would end past it is not
    /// waited: the call ends at once with [`crate::ErrorKind::Deadline`].
    pub deadline: Option<Duration>,
    /// Calls of this client in progress at once (each with its retries);
    /// further calls wait their turn. Default `None`: no limit.
    pub concurrency: Option<NonZeroUsize>,
    /// Attempts per second across every call of this client, retries
    /// included, evenly spaced (no burst). Default `None`: no limit.
    pub rate: Option<Rate>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            retry: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(30),
            deadline: Some(Duration::from_secs(60)),
            concurrency: None,
            rate: None,
        }
    }
}

/// A rate of requests per second: at least one a day, at most a billion a
/// second.
#[derive(Clone, Copy, PartialEq)]
pub struct Rate {
    per_second: f64,
    period: Duration,
}

impl Rate {
    /// The fewest requests a second a rate may allow: one a day.
    pub const MIN_PER_SECOND: f64 = 1.0 / 86_400.0;
    /// The most: one a nanosecond.
    pub const MAX_PER_SECOND: f64 = 1e9;

    /// `per_second` requests a second.
    ///
    /// # Errors
    /// [`BuildError::Rate`] for a number that is not finite or is outside
    /// [`Rate::MIN_PER_SECOND`]`..=`[`Rate::MAX_PER_SECOND`] (a rate of
    /// `1e-19` would space requests 300 billion years apart).
    ///
    /// ```
    /// use juspay_customer_client::Rate;
    /// assert_eq!(Rate::per_second(4.0).unwrap().period(), std::time::Duration::from_millis(250));
    /// assert!(Rate::per_second(1e-19).is_err());
    /// assert!(Rate::per_second(f64::NAN).is_err());
    /// ```
    pub fn per_second(per_second: f64) -> Result<Rate, BuildError> {
        if !(Rate::MIN_PER_SECOND..=Rate::MAX_PER_SECOND).contains(&per_second) {
            return Err(BuildError::Rate(per_second));
        }
        let period = Duration::from_secs_f64(1.0 / per_second).max(Duration::from_nanos(1));
        Ok(Rate { per_second, period })
    }

    /// The time between two requests.
    pub fn period(&self) -> Duration {
        self.period
    }

    /// Requests a second.
    pub fn get(&self) -> f64 {
        self.per_second
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rate({}/s)", self.per_second)
    }
}

/// A client that could not be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// reqwest could not start.
    #[error("the HTTP client could not start: {0}")]
    Http(String),
    /// A rate outside what [`Rate::per_second`] takes.
    #[error("a rate is a number of requests a second from 1/86400 (one a day) to 1e9, not {0}")]
    Rate(f64),
}

/// The limits every call of one client shares.
pub(crate) struct Limits {
    calls: Option<Semaphore>,
    rate: Option<DefaultDirectRateLimiter>,
}

impl Limits {
    pub(crate) fn new(settings: &Settings) -> Limits {
        Limits {
            calls: settings.concurrency.map(|n| Semaphore::new(n.get())),
            // One cell a period and a burst of one: evenly spaced.
            rate: settings
                .rate
                .and_then(|r| Quota::with_period(r.period()))
                .map(RateLimiter::direct),
        }
    }

    /// Waits for a call's turn; the turn ends when the permit drops.
    pub(crate) async fn enter(&self) -> Option<SemaphorePermit<'_>> {
        match &self.calls {
            // The semaphore is never closed, so acquiring only waits.
            Some(s) => s.acquire().await.ok(),
            None => None,
        }
    }

    /// Waits for an attempt's slot under the rate.
    pub(crate) async fn pace(&self) {
        if let Some(rate) = &self.rate {
            rate.until_ready().await;
        }
    }
}
