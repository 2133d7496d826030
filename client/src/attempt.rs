//! One attempt over reqwest: the request sent, its answer read and parsed,
//! or the transport failure named as the retry plan names it.

use std::time::Duration;

use juspay_customer::retry::Transport;
use juspay_customer::BODY_LIMIT;
use juspay_customer::{parse_response, ApiError, Customer, RequestParts};

/// How one attempt ended.
// Made once per attempt and taken apart at once, as the library's
// `Outcome` is: boxing the response would cost an allocation for nothing.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Answer {
    /// A response that is not a redirect: the library's reading of it, and
    /// its `Retry-After`.
    Response {
        result: Result<Customer, ApiError>,
        retry_after: Option<String>,
    },
    /// A 3xx (`Some`), or an answer from another URL than the request's
    /// (`None`: a caller's client followed a redirect).
    Redirect { status: Option<u16> },
    /// No response.
    Transport(Transport),
}

/// Sends `parts` once, the whole exchange within `timeout`: reqwest's
/// per-request timeout runs from connecting to the body's last byte. The
/// body read stops just past the library's `BODY_LIMIT`, which makes a
/// longer one unexpected.
pub(crate) async fn send(http: &reqwest::Client, parts: &RequestParts, timeout: Duration) -> Answer {
    let mut request = http.post(&parts.url).timeout(timeout).body(parts.body.clone());
    for (name, value) in &parts.headers {
        request = request.header(*name, value.expose());
    }
    let mut response = match request.send().await {
        Ok(r) => r,
        Err(e) => return Answer::Transport(transport(&e)),
    };
    let status = response.status();
    if status.is_redirection() {
        return Answer::Redirect {
            status: Some(status.as_u16()),
        };
    }
    if reqwest::Url::parse(&parts.url).is_ok_and(|sent| *response.url() != sent) {
        return Answer::Redirect { status: None };
    }
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = (BODY_LIMIT + 1).saturating_sub(body.len());
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if body.len() > BODY_LIMIT {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => return Answer::Transport(transport(&e)),
        }
    }
    Answer::Response {
        result: parse_response(status.as_u16(), &body),
        retry_after,
    }
}

/// A reqwest error as the plan's transport failure. TLS first (reqwest
/// reports a failed handshake as a connect error, and so a certificate
/// that is not trusted, or `https://` to a plain HTTP port); then a
/// connection that never came up (nothing was sent); then no answer in
/// time; anything else is a connection that ended before a whole answer.
fn transport(e: &reqwest::Error) -> Transport {
    if is_tls(e) {
        Transport::Tls
    } else if e.is_connect() {
        Transport::Connect
    } else if e.is_timeout() {
        Transport::Timeout
    } else {
        Transport::Reset
    }
}

/// Whether a `rustls::Error` is in the error's chain (an I/O error's inner
/// error included, which `source` skips).
fn is_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(e) = next {
        if e.is::<rustls::Error>() {
            return true;
        }
        if let Some(inner) = e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            if is_tls(inner) {
                return true;
            }
        }
        next = e.source();
    }
    false
}
