//! Serves a `FakeJuspay` over real HTTP on a loopback port (tiny_http).
//! Shared by `examples/fake_server.rs` and `tests/loopback.rs`.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use juspay_customer::fake::{FakeJuspay, FakeRequest};

/// A running server; dropping it stops the server and joins its thread.
pub struct Running {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Seconds since the Unix epoch: the clock the fake is given (it reads none).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Starts serving `fake` on `127.0.0.1:port` (0 for any free port).
pub fn start(fake: FakeJuspay, port: u16) -> Result<Running, Box<dyn std::error::Error + Send + Sync>> {
    let server = Arc::new(tiny_http::Server::http(("127.0.0.1", port))?);
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("no ip address")?;
    let fake = Mutex::new(fake);
    let srv = Arc::clone(&server);
    let thread = std::thread::spawn(move || {
        for mut request in srv.incoming_requests() {
            let mut body = Vec::new();
            if request.as_reader().read_to_end(&mut body).is_err() {
                continue;
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
            let resp = match fake.lock() {
                Ok(mut f) => f.handle(&req, now()),
                Err(_) => return,
            };
            let mut response = tiny_http::Response::from_data(resp.body).with_status_code(resp.status);
            for (name, value) in &resp.headers {
                if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                    response.add_header(h);
                }
            }
            let _ = request.respond(response);
        }
    });
    Ok(Running {
        base_url: format!("http://127.0.0.1:{port}"),
        server,
        thread: Some(thread),
    })
}
