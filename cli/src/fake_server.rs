//! `juspay-customer fake-server`: the library's `FakeJuspay` over HTTP/1.1
//! on 127.0.0.1, with its fault script. hyper parses and writes HTTP (and
//! answers conflicting `Content-Length` headers with 400 itself, as RFC
//! 9112 section 6.3 asks); a lost response is a connection closed without
//! one, which hyper does when the service fails.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use juspay_customer::fake::{FakeJuspay, FakeRequest, Fault, Faults, Reply};
use juspay_customer::MerchantId;

use crate::{Fatal, Stop};

/// The largest request body the fake reads: 1 MiB (every valid request is
/// under 2 KiB).
const BODY_LIMIT: usize = 1 << 20;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  # Any free port; the first line on standard output is its address:
  juspay-customer fake-server --port 0

  # A bad day: 10% 503, 2% 429 (Retry-After: 1), 1% of customers created and
  # the answer lost, up to 20 ms latency, the same script for the same seed:
  juspay-customer fake-server --port 0 --faults 503=10%,429=2%,commit-then-reset=1% --latency-ms 20 --seed 7

  # Then, in another shell:
  JUSPAY_API_KEY=test_key juspay-customer send --base-url http://127.0.0.1:PORT --merchant-id test clean.csv")]
pub(crate) struct FakeServerArgs {
    /// The port on 127.0.0.1; 0 takes a free one.
    #[arg(long, default_value_t = 8080)]
    port: u16,

    /// A file whose first line is the API key the fake accepts. Default:
    /// `JUSPAY_API_KEY`, else `test_key`.
    #[arg(long, value_name = "FILE")]
    api_key_file: Option<PathBuf>,

    /// Require this `x-merchantid` on every request (a wrong one is 401
    /// with a message of its own, a missing one 400). Default: any.
    #[arg(long, value_name = "ID")]
    merchant_id: Option<String>,

    /// Fail on purpose: a comma list of KIND=PERCENT, KIND one of a 5xx
    /// status (`503`), `429` (with Retry-After), `reset` (the connection
    /// closed unread) or `commit-then-reset` (the request carried out, the
    /// response lost); PERCENT up to four decimals (`0.5%`).
    #[arg(long, value_name = "LIST", value_parser = parse_fault, value_delimiter = ',')]
    faults: Vec<(Fault, u32)>,

    /// The seed the faults and latency are drawn from.
    #[arg(long, default_value_t = 0)]
    seed: u64,

    /// Each answer waits a random 0 to N milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    latency_ms: u64,

    /// The `Retry-After` seconds a 429 says.
    #[arg(long, value_name = "SECONDS", default_value_t = 1)]
    retry_after: u32,

    /// A connection that sends no request (a new one, or a kept-alive one
    /// between requests) for this long is closed, so idle clients cannot
    /// hold the server's connections forever.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    idle_timeout: u64,
}

/// The longest the accept loop waits after a failed accept (the open-files
/// limit, say) before trying again: it backs off from 10 ms, doubling, so
/// it neither spins nor stalls long once a connection closes.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// `503=10%`: a fault and its share per million requests.
fn parse_fault(s: &str) -> Result<(Fault, u32), String> {
    let (kind, share) = s
        .split_once('=')
        .ok_or_else(|| format!("{s}: expected KIND=PERCENT, e.g. 503=10%"))?;
    let fault = match kind.trim() {
        "429" => Fault::TooManyRequests,
        "reset" => Fault::Reset,
        "commit-then-reset" => Fault::CommitThenReset,
        status => match status.parse::<u16>() {
            Ok(n @ 500..=599) => Fault::ServerError(n),
            _ => {
                return Err(format!(
                    "{kind}: expected a 5xx status, 429, reset or commit-then-reset"
                ))
            }
        },
    };
    let percent = share
        .trim()
        .strip_suffix('%')
        .ok_or_else(|| format!("{s}: the share ends in %, e.g. {kind}=10%"))?;
    let (whole, fraction) = percent.split_once('.').unwrap_or((percent, ""));
    let digits_ok = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_ok(whole) || !digits_ok(fraction) || fraction.len() > 4 {
        return Err(format!(
            "{s}: the share is a percentage with at most four decimals"
        ));
    }
    let whole: u32 = whole.parse().map_err(|_| format!("{s}: over 100%"))?;
    let fraction: u32 = format!("{fraction:0<4}").parse().unwrap_or(0);
    let per_million = whole
        .checked_mul(10_000)
        .and_then(|w| w.checked_add(fraction))
        .filter(|&n| n <= 1_000_000)
        .ok_or_else(|| format!("{s}: over 100%"))?;
    Ok((fault, per_million))
}

pub(crate) fn run(args: &FakeServerArgs) -> Result<ExitCode, Stop> {
    let mut faults = Faults::new(args.seed)
        .retry_after_seconds(args.retry_after)
        .max_latency(Duration::from_millis(args.latency_ms));
    for (fault, share) in &args.faults {
        faults = faults
            .with(*fault, *share)
            .map_err(|e| Fatal(format!("--faults: {e}")))?;
    }
    let key = crate::read_api_key(args.api_key_file.as_deref(), || Ok("test_key".to_owned()))?;
    let mut fake = FakeJuspay::new(key).with_faults(faults);
    if let Some(m) = &args.merchant_id {
        let m = MerchantId::new(m.as_str()).map_err(|e| Fatal(format!("--merchant-id: {e}")))?;
        fake = fake.require_merchant_id(m);
    }
    let fake = Arc::new(Mutex::new(fake));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal::io("starting the server", &e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .map_err(|e| Fatal::io(format!("listening on 127.0.0.1:{}", args.port), &e))?;
        let address = listener
            .local_addr()
            .map_err(|e| Fatal::io("listening", &e))?;
        {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "http://{address}");
            let _ = out.flush();
        }
        eprintln!(
            "fake Juspay on http://{address}: POST /customers, POST /v2/customers; GET /_fake/customers lists what it holds; Ctrl-C stops it"
        );
        let idle = Duration::from_secs(args.idle_timeout);
        let mut backoff = Duration::ZERO;
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => {
                    backoff = Duration::ZERO;
                    stream
                }
                // Out of file descriptors, or a connection reset before it
                // was taken: wait for one to close rather than spin.
                Err(_) => {
                    backoff = (backoff * 2).clamp(Duration::from_millis(10), ACCEPT_BACKOFF_MAX);
                    tokio::time::sleep(backoff).await;
                    continue;
                }
            };
            let fake = Arc::clone(&fake);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| serve(Arc::clone(&fake), req));
                // A dropped connection is the fault working, not an error.
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(idle)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

/// The reason a connection is closed with no response.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

async fn serve(
    fake: Arc<Mutex<FakeJuspay>>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let body = match Limited::new(req.into_body(), BODY_LIMIT).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Ok(respond(413, vec![], Bytes::new())),
    };
    if method == "GET" {
        return Ok(introspect(&fake, &path));
    }
    let pairs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let request = FakeRequest {
        method: &method,
        path: &path,
        headers: &pairs,
        body: &body,
    };
    let exchange = match fake.lock() {
        Ok(mut fake) => fake.exchange(&request, crate::unix_now()),
        Err(_) => return Err(Dropped),
    };
    if !exchange.delay.is_zero() {
        tokio::time::sleep(exchange.delay).await;
    }
    match exchange.reply {
        Reply::Reset => Err(Dropped),
        Reply::Respond(r) => Ok(respond(r.status, r.headers, Bytes::from(r.body))),
    }
}

/// `GET /_fake/customers`: one JSON line per customer held
/// (`object_reference_id`, `id`, `creations`, `first_name`); `GET /openapi.json`: the
/// document that describes the fake.
fn introspect(fake: &Mutex<FakeJuspay>, path: &str) -> Response<Full<Bytes>> {
    let json = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    match path {
        "/_fake/customers" => {
            let Ok(fake) = fake.lock() else {
                return respond(500, vec![], Bytes::new());
            };
            let mut out = Vec::new();
            for c in fake.customers() {
                let ori = c.object_reference_id.as_deref().unwrap_or_default();
                let line = serde_json::json!({"object_reference_id": ori, "id": c.id, "creations": fake.creations(ori), "first_name": c.first_name});
                out.extend_from_slice(line.to_string().as_bytes());
                out.push(b'\n');
            }
            respond(200, json, Bytes::from(out))
        }
        "/openapi.json" => respond(
            200,
            json,
            Bytes::from_static(include_bytes!("../../openapi/openapi.json")),
        ),
        _ => respond(404, vec![], Bytes::new()),
    }
}

fn respond(status: u16, headers: Vec<(String, String)>, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(n, v);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line a case: the flag's item, its fault and share per million.
    #[test]
    fn fault_items() {
        for (item, want) in [
            ("503=10%", Ok((Fault::ServerError(503), 100_000))),
            ("429=2%", Ok((Fault::TooManyRequests, 20_000))),
            ("commit-then-reset=1%", Ok((Fault::CommitThenReset, 10_000))),
            ("reset=0.5%", Ok((Fault::Reset, 5_000))),
            ("500=0.0001%", Ok((Fault::ServerError(500), 1))),
            ("502=100%", Ok((Fault::ServerError(502), 1_000_000))),
            ("504=100.0001%", Err("504=100.0001%: over 100%")),
            (
                "404=1%",
                Err("404: expected a 5xx status, 429, reset or commit-then-reset"),
            ),
            ("503=10", Err("503=10: the share ends in %, e.g. 503=10%")),
            (
                "503=0.00001%",
                Err("503=0.00001%: the share is a percentage with at most four decimals"),
            ),
            (
                "503=-1%",
                Err("503=-1%: the share is a percentage with at most four decimals"),
            ),
            ("503", Err("503: expected KIND=PERCENT, e.g. 503=10%")),
        ] {
            assert_eq!(parse_fault(item), want.map_err(str::to_owned), "{item}");
        }
    }
}
