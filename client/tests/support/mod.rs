//! Servers on 127.0.0.1 for the client's tests: any handler over hyper, and
//! the library's `FakeJuspay` with its fault script. Each stops when its
//! test's runtime ends.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use juspay_customer::{ApiKey, BaseUrl, Config, Environment, MerchantId};
use juspay_customer_fake::{FakeJuspay, FakeRequest, Faults, Reply};

pub const KEY: &str = "test_key_never_shown";

/// What a handler does with one request: wait, then answer or drop the
/// connection (`None`).
pub struct Handled {
    pub delay: Duration,
    pub response: Option<Response<Full<Bytes>>>,
}

impl Handled {
    pub fn now(response: Response<Full<Bytes>>) -> Handled {
        Handled {
            delay: Duration::ZERO,
            response: Some(response),
        }
    }
}

type Handler = dyn Fn(&http::request::Parts, &[u8]) -> Handled + Send + Sync;

/// A running server: its base URL, and what it saw.
pub struct Server {
    pub url: String,
    seen: Arc<Seen>,
}

/// What a server saw, shared by its connections.
#[derive(Default)]
struct Seen {
    hits: AtomicU64,
    arrivals: Mutex<Vec<Instant>>,
    most_at_once: AtomicUsize,
    now_in: AtomicUsize,
}

impl Server {
    /// Requests received.
    pub fn hits(&self) -> u64 {
        self.seen.hits.load(Ordering::SeqCst)
    }

    /// When each request arrived.
    pub fn arrivals(&self) -> Vec<Instant> {
        self.seen.arrivals.lock().unwrap().clone()
    }

    /// The most requests being handled at once.
    pub fn most_at_once(&self) -> usize {
        self.seen.most_at_once.load(Ordering::SeqCst)
    }
}

#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

/// Serves `handler` on a free port of 127.0.0.1.
pub async fn serve(
    handler: impl Fn(&http::request::Parts, &[u8]) -> Handled + Send + Sync + 'static,
) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handler: Arc<Handler> = Arc::new(handler);
    let seen = Arc::new(Seen::default());
    let server = Server {
        url,
        seen: Arc::clone(&seen),
    };
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let (handler, seen) = (Arc::clone(&handler), Arc::clone(&seen));
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    let (handler, seen) = (Arc::clone(&handler), Arc::clone(&seen));
                    async move {
                        seen.hits.fetch_add(1, Ordering::SeqCst);
                        seen.arrivals.lock().unwrap().push(Instant::now());
                        let inside = seen.now_in.fetch_add(1, Ordering::SeqCst) + 1;
                        seen.most_at_once.fetch_max(inside, Ordering::SeqCst);
                        let (parts, body) = req.into_parts();
                        let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                        let handled = handler(&parts, &body);
                        tokio::time::sleep(handled.delay).await;
                        seen.now_in.fetch_sub(1, Ordering::SeqCst);
                        handled.response.ok_or(Dropped)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    server
}

/// A response with a JSON body.
pub fn json(status: u16, body: &str) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap()
}

/// Serves `fake` with its fault script: each request goes through
/// `FakeJuspay::exchange`.
pub async fn serve_fake(fake: FakeJuspay) -> (Server, Arc<Mutex<FakeJuspay>>) {
    let fake = Arc::new(Mutex::new(fake));
    let held = Arc::clone(&fake);
    let server = serve(move |parts, body| {
        let exchange = as_fake(parts, body, |request| {
            held.lock().unwrap().exchange(request, 1_700_000_000)
        });
        let response = match exchange.reply {
            Reply::Reset => None,
            Reply::Respond(r) => {
                let mut out = Response::builder().status(r.status);
                for (n, v) in &r.headers {
                    out = out.header(n, v);
                }
                Some(out.body(Full::new(Bytes::from(r.body))).unwrap())
            }
        };
        Handled {
            delay: exchange.delay,
            response,
        }
    })
    .await;
    (server, fake)
}

/// `f` of the request as the fake takes it.
pub fn as_fake<R>(parts: &http::request::Parts, body: &[u8], f: impl FnOnce(&FakeRequest<'_>) -> R) -> R {
    let headers: Vec<(&str, &str)> = parts
        .headers
        .iter()
        .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)))
        .collect();
    f(&FakeRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        headers: &headers,
        body,
    })
}

/// A fake that accepts [`KEY`], with `faults`.
pub fn fake(faults: Faults) -> FakeJuspay {
    FakeJuspay::new(ApiKey::new(KEY).unwrap()).with_faults(faults)
}

/// A config for `url` with [`KEY`].
pub fn config(url: &str) -> Config {
    Config::new(
        Environment::Custom(BaseUrl::new(url).unwrap()),
        ApiKey::new(KEY).unwrap(),
        MerchantId::new("merchant_id").unwrap(),
    )
}
