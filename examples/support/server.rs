//! A loopback HTTP server (tiny_http) that stops when dropped, shared by
//! `serve.rs` and `signup.rs`.

use std::sync::Arc;
use std::thread::JoinHandle;

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

/// Serves `127.0.0.1:port` (0 for any free port), handing each request to
/// `handle` on one background thread.
pub fn serve(
    port: u16,
    mut handle: impl FnMut(tiny_http::Request) + Send + 'static,
) -> Result<Running, Box<dyn std::error::Error + Send + Sync>> {
    let server = Arc::new(tiny_http::Server::http(("127.0.0.1", port))?);
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("no ip address")?;
    let srv = Arc::clone(&server);
    let thread = std::thread::spawn(move || {
        for request in srv.incoming_requests() {
            handle(request);
        }
    });
    Ok(Running {
        base_url: format!("http://127.0.0.1:{port}"),
        server,
        thread: Some(thread),
    })
}
