//! `juspay-customer send`: checks a file of records again, then creates
//! each customer, durably and resumably.
//!
//! 1. The first pass (`passes`) takes `check`'s typed stream of valid
//!    records (the same code, so the same verdicts) and
//!    writes every valid record's line and `object_reference_id` to a new
//!    journal in one transaction. Any refused record, or an id given twice,
//!    and nothing is sent: the journal is removed and the report says why.
//!    On `--resume` the pass instead proves the input is the one the
//!    journal was made from.
//! 2. The second pass (`senders`) reads the file again and hands each
//!    record still to send (`resend` says with what) to the client's calls,
//!    `--concurrency` at a time, through a bounded queue; the client drives
//!    the library's retry plan, paced by `--rate`, and the journal is
//!    written before and after every attempt.
//! 3. The results file (`results`) is written from the journal, whole,
//!    under a temporary name renamed at the end.
//!
//! `setup` finds the run's settings and files before anything is read.
//!
//! Memory does not grow with the file: records are streamed twice (the
//! queue holds at most four per worker), and the journal is on disk with
//! SQLite's own bounded page cache.

mod passes;
mod resend;
mod results;
mod senders;
mod setup;

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use juspay_customer::Config;

use self::passes::{first_pass, resume_pass, FirstPass};
use self::resend::{operation_name, resend};
pub(crate) use self::results::results_only;
use self::results::{report, write_results};
use self::senders::send_all;
use self::setup::{environment, merchant_id, Paths};
use crate::args::{OperationArg, SendArgs};
use crate::env::read_api_key;
use crate::error::{Fatal, Stop};
use crate::journal::RunInfo;
use crate::outputs;
use crate::outputs::Output;

pub(crate) fn run(args: &SendArgs) -> Result<ExitCode, Stop> {
    let start = Instant::now();
    let paths = Paths::of(args)?;
    if !args.dry_run && !outputs::in_place(&paths.results) {
        // The results file can be made where it goes: found now, not after
        // every record was sent. (A probe: its temporary file is removed.
        // A FIFO or a device is not probed: opening it would hand its
        // reader an end.)
        drop(Output::create(&paths.results)?);
    }
    let environment = environment(args)?;
    let credentials = if args.dry_run {
        None
    } else {
        Some((
            read_api_key(args.api_key_file.as_deref(), || {
                Err(Fatal("no API key: set JUSPAY_API_KEY or pass --api-key-file FILE (never an argument: it would show in ps and shell history)".into()))
            })?,
            merchant_id(args)?,
        ))
    };
    let info = RunInfo {
        operation: args.operation.unwrap_or(OperationArg::Create).as_str().to_owned(),
        base_url: environment.base_url().to_owned(),
        merchant: credentials.as_ref().map(|(_, merchant)| merchant.clone()),
    };
    let (journal, operation) = if args.resume {
        resume_pass(args, &paths, &info)?
    } else {
        match first_pass(args, &paths, &info, start)? {
            FirstPass::Refused => return Ok(ExitCode::from(1)),
            FirstPass::DryRun => return Ok(ExitCode::SUCCESS),
            FirstPass::Ready(journal) => (Arc::new(journal), args.operation.unwrap_or(OperationArg::Create)),
        }
    };

    // What is left to send.
    let mut todo: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut total = 0u64;
    journal.each(|row| {
        if let Some(op) = resend(&row, operation.operation()) {
            *todo.entry(operation_name(op)).or_default() += 1;
            total += 1;
        }
        Ok(())
    })?;
    let Some((key, merchant)) = credentials else {
        let plan: Vec<String> = todo.iter().map(|(op, n)| format!("{n} with {op}")).collect();
        eprintln!(
            "dry run: the journal holds {} records; a resumed run would send {} ({}) to {}",
            journal.len()?,
            total,
            if plan.is_empty() {
                "none".to_owned()
            } else {
                plan.join(", ")
            },
            info.base_url
        );
        return Ok(ExitCode::SUCCESS);
    };
    let config = Config::new(environment, key, merchant);
    let shared = send_all(args, &journal, config, operation.operation(), total)?;
    let (counts, already) = write_results(&journal, &paths.results)?;
    Ok(report(&shared, &counts, already, &paths, start.elapsed()))
}
