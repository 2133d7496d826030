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
        // Only a regular file is read or replaced: a FIFO would block the
        // read, and a device must not be overwritten.
        if std::fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_file()) {
            eprintln!("openapi/{name}: not a regular file; left as it is");
            return ExitCode::FAILURE;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed == text {
            continue;
        }
        if check {
            eprintln!("openapi/{name} is stale: run cargo run -p juspay-customer-xtask -- openapi");
            stale = true;
        } else if let Err(e) = replace(&path, &text) {
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

/// Writes `text` beside `path`, then renames it over `path`, so that an
/// interrupted run leaves the old file whole rather than a short one.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let fresh = path.with_extension("json.tmp");
    std::fs::write(&fresh, text)?;
    std::fs::rename(&fresh, path)
}
