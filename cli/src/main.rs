//! `juspay-customer`: check customer records against the Juspay Create
//! Customer rules, and parse a response body. A thin layer over the
//! `juspay-customer` library: every rule, message and shape comes from it.

mod args;
mod check;
mod columns;
mod csv_writer;
mod decode;
mod env;
mod error;
mod fake_server;
mod input;
mod journal;
mod outputs;
mod parse;
mod refusal;
mod report;
mod send;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command, SchemaArgs};
use crate::error::{ClosedPipe, Fatal, Stop};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Send(args) => send::run(&args),
        Command::Results(args) => send::results_only(&args),
        Command::FakeServer(args) => fake_server::run(&args),
        Command::Schema(args) => schema(&args),
    };
    match result {
        Ok(code) => code,
        // The reader of our output has gone: stop quietly, as ripgrep does.
        Err(Stop::ClosedPipe(_)) => ExitCode::SUCCESS,
        Err(Stop::Fatal(Fatal(message))) => {
            eprintln!("juspay-customer: {message}");
            ExitCode::from(2)
        }
    }
}

/// `schema [--openapi]`: prints a generated document.
fn schema(args: &SchemaArgs) -> Result<ExitCode, Stop> {
    use std::io::Write;
    // The committed files, which a library test holds equal to what the
    // library generates.
    let text = if args.openapi {
        include_str!("../../openapi/openapi.json")
    } else {
        include_str!("../../openapi/customer-request.schema.json")
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(e) => Err(Fatal::io("writing standard output", &e).into()),
    }
}
