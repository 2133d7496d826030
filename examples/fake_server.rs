//! The sans-IO fake Juspay served over real HTTP on a loopback port.
//!
//! ```text
//! cargo run --example fake_server --features fake,http -- [--port 8080] [--api-key test_key] [--merchant-id M]
//! ```
//! Then point a client (say `examples/create_customer.rs`) at the printed URL.
//! `GET /openapi.json` serves the OpenAPI document that describes it. `--port 0`
//! takes any free port (the printed URL says which).

#[path = "support/serve.rs"]
mod serve;

use juspay_customer::fake::FakeJuspay;
use juspay_customer::{ApiKey, MerchantId};

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args = std::env::args().skip(1);
    let (mut port, mut key, mut merchant) = (8080u16, "test_key".to_owned(), None);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--port" => port = value.parse()?,
            "--api-key" => key = value,
            "--merchant-id" => merchant = Some(MerchantId::new(value)?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let mut fake = FakeJuspay::new(ApiKey::new(key)?);
    if let Some(m) = merchant {
        fake = fake.require_merchant_id(m);
    }
    let running = serve::start(fake, port)?;
    println!(
        "fake Juspay listening on {} (POST /customers, POST /v2/customers); Ctrl-C stops it",
        running.base_url
    );
    loop {
        std::thread::park();
    }
}
