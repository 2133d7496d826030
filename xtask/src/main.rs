//! `cargo run -p juspay-customer-xtask -- openapi [--check]`: writes the
//! committed OpenAPI files from the rules, or checks them.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["openapi"] => false,
        ["openapi", "--check"] => true,
        _ => {
            eprintln!("usage: cargo run -p juspay-customer-xtask -- openapi [--check]");
            return ExitCode::from(2);
        }
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi");
    let mut stale = false;
    for (name, text) in juspay_customer_xtask::openapi_files() {
        let path = dir.join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed == text {
            continue;
        }
        if check {
            eprintln!("openapi/{name} is stale: run cargo run -p juspay-customer-xtask -- openapi");
            stale = true;
        } else if let Err(e) = std::fs::write(&path, text) {
            eprintln!("openapi/{name}: {e}");
            return ExitCode::FAILURE;
        } else {
            eprintln!("wrote openapi/{name}");
        }
    }
    if stale {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
