//! `send`'s HTTP: one request as the library's `RequestParts`, sent with
//! ureq (rustls, so no system OpenSSL), its answer as the retry plan's
//! `Outcome`; and the pacing that keeps a run under `--rate`.

use std::io::Read as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use juspay_customer::response::BODY_LIMIT;
use juspay_customer::retry::Transport;
use juspay_customer::{parse_response, ApiError, Customer, RequestParts};

/// A response's parsed result and its `Retry-After`, or no response.
pub(crate) type Answer = Result<(Result<Customer, ApiError>, Option<String>), Transport>;

/// A shared HTTP client: connections are pooled, up to `concurrency` kept.
pub(crate) struct Client {
    agent: ureq::Agent,
}

impl Client {
    /// Each stage of a request (connect, send the request, send the body,
    /// wait for the answer, read the body) ends after `timeout`. Not one
    /// overall limit: ureq then looks up every host name on a thread of its
    /// own, one per request even on a pooled connection (a third of the
    /// CPU at 4,000 requests a second); the lookup is the system
    /// resolver's, with its own timeouts.
    pub(crate) fn new(timeout: Duration, concurrency: usize) -> Client {
        let stage = Some(timeout);
        let agent = ureq::Agent::config_builder()
            // 4xx and 5xx are answers for the library to read, not errors.
            .http_status_as_error(false)
            .timeout_connect(stage)
            .timeout_send_request(stage)
            .timeout_send_body(stage)
            .timeout_recv_response(stage)
            .timeout_recv_body(stage)
            .max_idle_connections(concurrency)
            .max_idle_connections_per_host(concurrency)
            .user_agent(concat!("juspay-customer/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent }
    }

    /// Sends `parts` once. The body read is capped just past the library's
    /// `BODY_LIMIT`, which makes a longer one `Unexpected`.
    pub(crate) fn send(&self, parts: &RequestParts) -> Answer {
        let mut request = self.agent.post(&parts.url);
        for (name, value) in &parts.headers {
            request = request.header(*name, value.expose());
        }
        let mut response = request.send(&parts.body[..]).map_err(transport)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut body = Vec::new();
        response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .reader()
            .take(BODY_LIMIT as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| io_transport(&e))?;
        Ok((parse_response(status, &body), retry_after))
    }
}

/// A ureq error as the plan's transport failure: nothing reached the server
/// (connect), no answer in time (timeout), TLS, or a connection that ended
/// before a whole response (reset; also a garbled one).
fn transport(e: ureq::Error) -> Transport {
    match e {
        ureq::Error::Io(e) => io_transport(&e),
        ureq::Error::Timeout(_) => Transport::Timeout,
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => Transport::Connect,
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) | ureq::Error::TlsRequired => {
            Transport::Tls
        }
        _ => Transport::Reset,
    }
}

fn io_transport(e: &std::io::Error) -> Transport {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionRefused | AddrNotAvailable | NotFound => Transport::Connect,
        TimedOut | WouldBlock => Transport::Timeout,
        _ => match e.get_ref().and_then(|inner| inner.downcast_ref::<ureq::Error>()) {
            Some(ureq::Error::Timeout(_)) => Transport::Timeout,
            _ => Transport::Reset,
        },
    }
}

/// Spaces requests at least `1 / rate` seconds apart across every worker:
/// each takes the next free slot and sleeps until it. (A token bucket crate
/// such as governor brings a dozen crates for these lines.)
pub(crate) struct Pacer {
    interval: Duration,
    next: Mutex<Instant>,
}

impl Pacer {
    /// At most `rate` requests a second; `None`: no limit.
    pub(crate) fn new(rate: Option<f64>) -> Pacer {
        Pacer {
            interval: rate.map_or(Duration::ZERO, |r| Duration::from_secs_f64(1.0 / r)),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Waits for this request's slot.
    pub(crate) fn wait(&self) {
        if self.interval.is_zero() {
            return;
        }
        let slot = {
            let Ok(mut next) = self.next.lock() else { return };
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval;
            slot
        };
        std::thread::sleep(slot.saturating_duration_since(Instant::now()));
    }
}
