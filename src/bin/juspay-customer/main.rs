//! `juspay-customer`: check request records, parse a response body.
//!
//! ```text
//! juspay-customer check [--json] [--normalize] [FILE]
//! juspay-customer parse --status CODE [FILE]
//! ```

mod check;
mod parse;

use std::fs::File;
use std::io::{self, Read};
use std::process::ExitCode;

const USAGE: &str = "usage:
  juspay-customer check [--json] [--normalize] [FILE]
      reads one request per line (a form body, or a JSON object with --json) from FILE or stdin
      and writes one JSON verdict per non-blank line; exit 0 all valid, 1 any invalid, 2 error
  juspay-customer parse --status CODE [FILE]
      reads one response body from FILE or stdin and writes its kind as JSON;
      exit 0 for a customer, 1 for any error kind, 2 on a usage or I/O error";

/// A usage or I/O failure: exit status 2.
pub(crate) struct Fatal(pub(crate) String);

impl From<io::Error> for Fatal {
    fn from(e: io::Error) -> Self {
        Fatal(format!("i/o error: {e}"))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check::run(&args[1..]),
        Some("parse") => parse::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(Fatal("expected a command: check or parse".into())),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("juspay-customer: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Opens FILE, or standard input for none or `-`.
pub(crate) fn open(path: Option<&str>) -> Result<Box<dyn Read>, Fatal> {
    match path {
        None | Some("-") => Ok(Box::new(io::stdin().lock())),
        Some(p) => File::open(p)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| Fatal(format!("cannot open {p}: {e}"))),
    }
}

/// Takes the one optional positional FILE argument.
pub(crate) fn set_file<'a>(file: &mut Option<&'a str>, arg: &'a str) -> Result<(), Fatal> {
    if arg.starts_with("--") || file.is_some() {
        return Err(Fatal(format!("unexpected argument {arg}")));
    }
    *file = Some(arg);
    Ok(())
}
