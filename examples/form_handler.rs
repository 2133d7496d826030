//! A minimal sign-up form handler: pre-validates a posted HTML form with the
//! crate and answers per-field messages before any request leaves.
//!
//! ```text
//! cargo run --example form_handler -- [--port 8081]
//! curl -d 'object_reference_id=cust_123489&mobile_number=(998) 877-66' http://127.0.0.1:8081/signup
//! ```

#[path = "support/signup.rs"]
mod signup;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let port = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => 8081,
        [flag, p] if flag == "--port" => p.parse()?,
        _ => return Err("usage: form_handler [--port PORT]".into()),
    };
    let running = signup::start(port)?;
    println!(
        "sign-up form on {}/ (POST /signup); Ctrl-C stops it",
        running.base_url
    );
    loop {
        std::thread::park();
    }
}
