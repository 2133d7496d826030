//! `juspay-customer parse --status CODE [FILE]`: one response body, its kind as JSON.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use juspay_customer::{parse_response, summarize};

use crate::args::ParseArgs;
use crate::error::{ClosedPipe, Fatal, Stop};
use crate::input;
use crate::input::input_name;

pub(crate) fn run(args: &ParseArgs) -> Result<ExitCode, Stop> {
    let name = input_name(args.file.as_ref());
    let mut body = Vec::new();
    input::open(args.file.as_ref())?
        .read_to_end(&mut body)
        .map_err(|e| Fatal::io(format!("reading {name}"), &e))?;
    let outcome = parse_response(args.status, &body);
    let code = if outcome.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    let summary = summarize(&outcome);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = out
        .write_all(summary.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(e) => Err(Fatal::io("writing standard output", &e).into()),
    }
}
