//! Serves a `FakeJuspay` over real HTTP on a loopback port (tiny_http).
//! For `tests/loopback.rs`; `juspay-customer fake-server` is the one to run by hand.

#[path = "server.rs"]
mod server;

use juspay_customer_fake::{FakeJuspay, FakeRequest};
pub use server::Running;

/// Seconds since the Unix epoch: the clock the fake is given (it reads none).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Starts serving `fake` on `127.0.0.1:port` (0 for any free port).
pub fn start(mut fake: FakeJuspay, port: u16) -> Result<Running, Box<dyn std::error::Error + Send + Sync>> {
    server::serve(port, move |mut request| {
        let mut body = Vec::new();
        if request.as_reader().read_to_end(&mut body).is_err() {
            return;
        }
        let method = request.method().as_str().to_owned();
        let path = request.url().to_owned();
        let owned: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|h| (h.field.as_str().as_str().to_owned(), h.value.as_str().to_owned()))
            .collect();
        let headers: Vec<(&str, &str)> = owned.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let req = FakeRequest {
            method: &method,
            path: &path,
            headers: &headers,
            body: &body,
        };
        // The document that describes the fake, for schemathesis and friends.
        if method == "GET" && path == "/openapi.json" {
            let body = include_str!("../../openapi/openapi.json").to_owned();
            let mut response = tiny_http::Response::from_data(body.into_bytes());
            if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..]) {
                response.add_header(h);
            }
            let _ = request.respond(response);
            return;
        }
        let resp = fake.handle(&req, now());
        let mut response = tiny_http::Response::from_data(resp.body).with_status_code(resp.status);
        for (name, value) in &resp.headers {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        let _ = request.respond(response);
    })
}
