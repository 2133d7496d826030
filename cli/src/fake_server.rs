//! `juspay-customer fake-server`: the library's `FakeJuspay` over HTTP/1.1
//! on 127.0.0.1, with its fault script. hyper parses and writes HTTP (and
//! answers conflicting `Content-Length` headers with 400 itself, as RFC
//! 9112 section 6.3 asks); a lost response is a connection closed without
//! one, which hyper does when the service fails.

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use juspay_customer::MerchantId;
use juspay_customer_fake::{FakeJuspay, FakeRequest, Faults, Reply};

use crate::args::FakeServerArgs;
use crate::env::{read_api_key, unix_now};
use crate::error::{Fatal, Stop};

/// The largest request body the fake reads: 1 MiB (every valid request is
/// under 2 KiB).
const BODY_LIMIT: usize = 1 << 20;

/// The longest the accept loop waits after a failed accept (the open-files
/// limit, say) before trying again: it backs off from 10 ms, doubling, so
/// it neither spins nor stalls long once a connection closes.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

pub(crate) fn run(args: &FakeServerArgs) -> Result<ExitCode, Stop> {
    let mut faults = Faults::new(args.seed)
        .retry_after_seconds(args.retry_after)
        .max_latency(Duration::from_millis(args.latency_ms));
    for (fault, share) in &args.faults {
        faults = faults
            .with(*fault, *share)
            .map_err(|e| Fatal(format!("--faults: {e}")))?;
    }
    let key = read_api_key(args.api_key_file.as_deref(), || Ok("test_key".to_owned()))?;
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
        Ok(mut fake) => fake.exchange(&request, unix_now()),
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
