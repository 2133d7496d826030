//! `juspay-customer parse --status CODE [FILE]`: one response body, its kind as JSON.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use juspay_customer::parse_response;
use serde_json::json;

use crate::{input_name, ClosedPipe, Fatal, ParseArgs, Stop};

pub(crate) fn run(args: &ParseArgs) -> Result<ExitCode, Stop> {
    let name = input_name(args.file.as_ref());
    let mut body = Vec::new();
    crate::input::open(args.file.as_ref())?
        .read_to_end(&mut body)
        .map_err(|e| Fatal::io(format!("reading {name}"), &e))?;
    let (value, code) = match parse_response(args.status, &body) {
        Ok(c) => (
            json!({
                "kind": "customer",
                "status": args.status,
                "request_id": null,
                "fields": [],
                "id": c.id,
                "object_reference_id": c.object_reference_id,
                "client_auth_token_expiry": c.client_auth_token_expiry().map(|t| t.as_str()),
            }),
            ExitCode::SUCCESS,
        ),
        // The library's summary of an error: codes and messages, no values.
        Err(e) => (json!(e), ExitCode::from(1)),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = serde_json::to_writer(&mut out, &value)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(e) => Err(Fatal::io("writing standard output", &e).into()),
    }
}
