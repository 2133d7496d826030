//! `juspay-customer`: check request records, parse a response body.
//!
//! ```text
//! juspay-customer check [--json] [--normalize] [FILE]
//! juspay-customer parse --status CODE [FILE]
//! ```

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;
use std::time::Instant;

use juspay_customer::{encode_form_into, normalize, parse_response, ApiError, CustomerInput, FieldError};
use serde_json::json;

const USAGE: &str = "usage:
  juspay-customer check [--json] [--normalize] [FILE]
      reads one request per line (a form body, or a JSON object with --json) from FILE or stdin
      and writes one JSON verdict per non-blank line; exit 0 all valid, 1 any invalid, 2 error
  juspay-customer parse --status CODE [FILE]
      reads one response body from FILE or stdin and writes its kind as JSON;
      exit 0 for a customer, 1 for any error kind, 2 on a usage or I/O error";

/// A usage or I/O failure: exit status 2.
struct Fatal(String);

impl From<io::Error> for Fatal {
    fn from(e: io::Error) -> Self {
        Fatal(format!("i/o error: {e}"))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("parse") => parse(&args[1..]),
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
fn open(path: Option<&str>) -> Result<Box<dyn Read>, Fatal> {
    match path {
        None | Some("-") => Ok(Box::new(io::stdin().lock())),
        Some(p) => File::open(p)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| Fatal(format!("cannot open {p}: {e}"))),
    }
}

/// Takes the one optional positional FILE argument.
fn set_file<'a>(file: &mut Option<&'a str>, arg: &'a str) -> Result<(), Fatal> {
    if arg.starts_with("--") || file.is_some() {
        return Err(Fatal(format!("unexpected argument {arg}")));
    }
    *file = Some(arg);
    Ok(())
}

fn check(args: &[String]) -> Result<ExitCode, Fatal> {
    let (mut json, mut norm, mut file) = (false, false, None);
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            "--normalize" => norm = true,
            other => set_file(&mut file, other)?,
        }
    }
    let start = Instant::now();
    let mut reader = BufReader::with_capacity(1 << 18, open(file)?);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 18, stdout.lock());
    let mut line = Vec::with_capacity(1024);
    let mut body = Vec::with_capacity(1024);
    let (mut number, mut records, mut valid) = (0u64, 0u64, 0u64);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let mut record = line.as_slice();
        if let Some(r) = record.strip_suffix(b"\n") {
            record = r.strip_suffix(b"\r").unwrap_or(r);
        }
        if record.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        let input = if json {
            CustomerInput::from_json(record)
        } else {
            Ok(CustomerInput::from_form(record))
        };
        let outcome = input.map_err(|e| vec![e]).and_then(|i| {
            let i = if norm { normalize(i) } else { i };
            i.into_request().map_err(|e| e.errors().to_vec())
        });
        match outcome {
            Ok(request) => {
                valid += 1;
                body.clear();
                encode_form_into(&request, &mut body);
                // The form encoder writes only unreserved ASCII, '%', '+', '=' and '&':
                // nothing JSON needs to escape.
                write!(out, "{{\"line\":{number},\"valid\":true,\"body\":\"")?;
                out.write_all(&body)?;
                out.write_all(b"\"}\n")?;
            }
            Err(errors) => write_invalid(&mut out, number, &errors)?,
        }
    }
    out.flush()?;
    let secs = start.elapsed().as_secs_f64();
    let rate = if secs > 0.0 { records as f64 / secs } else { 0.0 };
    eprintln!(
        "records: {records}, valid: {valid}, invalid: {}, records per second: {rate:.0}",
        records - valid
    );
    Ok(if valid == records {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_invalid(out: &mut impl Write, number: u64, errors: &[FieldError]) -> io::Result<()> {
    write!(out, "{{\"line\":{number},\"valid\":false,\"errors\":[")?;
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        match e.field {
            Some(f) => write!(out, "{{\"field\":\"{}\"", f.as_str())?,
            None => out.write_all(b"{\"field\":null")?,
        }
        write!(
            out,
            ",\"code\":\"{}\",\"reason\":\"{}\",\"message\":",
            e.code().as_str(),
            e.reason.as_str()
        )?;
        serde_json::to_writer(&mut *out, &e.to_string())?;
        out.write_all(b"}")?;
    }
    out.write_all(b"]}\n")
}

fn parse(args: &[String]) -> Result<ExitCode, Fatal> {
    let (mut status, mut file) = (None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--status" => {
                let v = it.next().ok_or_else(|| Fatal("--status needs a value".into()))?;
                let code: u16 = v
                    .parse()
                    .map_err(|_| Fatal(format!("--status {v} is not a status code")))?;
                if !(100..=999).contains(&code) {
                    return Err(Fatal(format!("--status {v} is not a status code")));
                }
                status = Some(code);
            }
            other => set_file(&mut file, other)?,
        }
    }
    let status = status.ok_or_else(|| Fatal("parse needs --status CODE".into()))?;
    let mut body = Vec::new();
    open(file)?.read_to_end(&mut body)?;
    let (value, code) = match parse_response(status, &body) {
        Ok(c) => (
            json!({
                "kind": "customer",
                "status": status,
                "request_id": null,
                "fields": [],
                "id": c.id,
                "object_reference_id": c.object_reference_id,
                "client_auth_token_expiry": c.client_auth_token_expiry().map(|t| t.as_str()),
            }),
            ExitCode::SUCCESS,
        ),
        Err(e) => (error_json(&e), ExitCode::from(1)),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer(&mut out, &value).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(code)
}

fn error_json(e: &ApiError) -> serde_json::Value {
    let body = e.body();
    let fields: Vec<&str> = e
        .fields()
        .iter()
        .filter_map(|f| f.field_name.as_deref())
        .collect();
    json!({
        "kind": e.kind(),
        "status": e.status(),
        "request_id": e.request_id(),
        "fields": fields,
        "code": body.and_then(|b| b.code()),
        "error_code": body.and_then(|b| b.error_code.as_deref()),
        "error_message": body.and_then(|b| b.error_message.as_deref()),
        "developer_message": body.and_then(|b| b.developer_message()),
    })
}
