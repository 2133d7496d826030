//! The results file, written from the journal alone, and the report.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::resend::existed;
use super::senders::Shared;
use super::setup::Paths;
use crate::args::ResultsArgs;
use crate::csv_writer::CsvWriter;
use crate::csv_writer::Term;
use crate::error::{Fatal, Stop};
use crate::journal::{Journal, State};
use crate::outputs;
use crate::outputs::Output;

/// `results JOURNAL`: the results file from the journal alone; the status
/// as `send` would end with.
pub(crate) fn results_only(args: &ResultsArgs) -> Result<ExitCode, Stop> {
    let path = match &args.results {
        Some(p) => p.clone(),
        None => {
            let name = args.journal.file_name().unwrap_or_default().to_string_lossy();
            let Some(stem) = name.strip_suffix(".journal") else {
                return Err(Fatal(format!(
                    "{} does not end in .journal: name the results file with --results",
                    args.journal.display()
                ))
                .into());
            };
            args.journal.with_file_name(format!("{stem}.results.csv"))
        }
    };
    outputs::refuse_collisions(&[("the journal", &args.journal), ("--results", &path)])?;
    if path.exists() && !outputs::in_place(&path) {
        return Err(Fatal(format!(
            "{} exists: refusing to overwrite it (choose another --results)",
            path.display()
        ))
        .into());
    }
    let (journal, _) = Journal::open(&args.journal)?;
    let (counts, already) = write_results(&journal, &path)?;
    let get = |s: State| counts.get(s.as_str()).copied().unwrap_or(0);
    let records: u64 = counts.values().sum();
    eprintln!(
        "{records} records: {} created, {} existing, {} failed ({already} of them already_exists), {} not sent\nresults: {}",
        get(State::Created),
        get(State::Existing),
        get(State::Failed),
        get(State::Pending) + get(State::Sent),
        path.display()
    );
    Ok(if get(State::Created) + get(State::Existing) == records {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The results file, from the journal: the count of each state.
pub(super) fn write_results(
    journal: &Journal,
    path: &Path,
) -> Result<(BTreeMap<&'static str, u64>, u64), Stop> {
    let mut counts: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut already = 0u64;
    let mut out = Output::create(path)?;
    let mut csv = CsvWriter::new(Term::Lf, b',');
    let jsonl = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
    if !jsonl {
        out.write(b"line,object_reference_id,customer_id,outcome,attempts,failure\n")?;
    }
    journal.each(|row| {
        *counts.entry(row.state.as_str()).or_default() += 1;
        if row.state == State::Failed && existed(row.failure.as_deref()) {
            already += 1;
        }
        let mut bytes = Vec::with_capacity(96);
        if jsonl {
            serde_json::to_writer(
                &mut bytes,
                &serde_json::json!({
                    "line": row.line,
                    "object_reference_id": row.object_reference_id,
                    "customer_id": row.customer_id,
                    "outcome": row.state.as_str(),
                    "attempts": row.attempts,
                    "failure": row.failure,
                }),
            )
            .map_err(|e| Fatal(format!("internal error: {e}")))?;
            bytes.push(b'\n');
        } else {
            let line = row.line.to_string();
            let attempts = row.attempts.to_string();
            let cells = [
                line.as_bytes(),
                row.object_reference_id.as_bytes(),
                row.customer_id.as_deref().unwrap_or_default().as_bytes(),
                row.state.as_str().as_bytes(),
                attempts.as_bytes(),
                row.failure.as_deref().unwrap_or_default().as_bytes(),
            ];
            for (i, cell) in cells.into_iter().enumerate() {
                if i > 0 {
                    csv.delimiter(&mut bytes);
                }
                csv.field(&mut bytes, cell);
            }
            csv.terminator(&mut bytes);
        }
        out.write(&bytes)
    })?;
    out.commit()?;
    Ok((counts, already))
}

/// The report on stderr, and the exit status.
pub(super) fn report(
    shared: &Shared,
    counts: &BTreeMap<&'static str, u64>,
    already: u64,
    paths: &Paths,
    elapsed: Duration,
) -> ExitCode {
    let get = |s: State| counts.get(s.as_str()).copied().unwrap_or(0);
    let records: u64 = counts.values().sum();
    let sent = shared.called.load(Ordering::Relaxed);
    let mut report = format!(
        "{records} records: {} created, {} existing, {} failed, {} not sent; {} sent this run, {} retries, {:.1} s ({:.0} records/s)\n",
        get(State::Created),
        get(State::Existing),
        get(State::Failed),
        get(State::Pending) + get(State::Sent),
        sent,
        shared.retries.load(Ordering::Relaxed),
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64().max(1e-9),
    );
    report.push_str(&format!(
        "results: {}; journal: {}\n",
        paths.results.display(),
        paths.journal.display()
    ));
    if let Some(signal) = shared.interrupted() {
        report.push_str(&format!(
            "interrupted by {signal}: {} records done, {} not sent; resume with:\n  {}\n",
            get(State::Created) + get(State::Existing) + get(State::Failed),
            get(State::Pending) + get(State::Sent),
            resume_command()
        ));
        eprint!("{report}");
        return ExitCode::from(130);
    }
    if let Some(reason) = shared.halt_reason.lock().ok().and_then(|mut r| r.take()) {
        report.push_str(&format!(
            "stopped: {}; fix it, then run the same command with --resume\n",
            reason.0
        ));
    } else if get(State::Failed) > 0 {
        report.push_str("failed records are in the results file with why; --resume sends again every one the server did not refuse (400)\n");
        if already > 0 {
            report.push_str(&format!(
                "{already} of them existed at Juspay before this run (already_exists): --resume --operation get-or-create adopts them as they are\n"
            ));
        }
    }
    eprint!("{report}");
    if get(State::Created) + get(State::Existing) == records {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// This process's command line with `--resume`, quoted by shlex so that a
/// shell takes it back. It holds no secret: the key is never an argument.
pub(super) fn resume_command() -> String {
    // Lossy, never a panic: a path that is not UTF-8 shows with U+FFFD.
    let mut words: Vec<String> = std::env::args_os()
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    if !words.iter().any(|w| w == "--resume") {
        let at = words
            .iter()
            .position(|w| w == "send")
            .map_or(words.len(), |i| i + 1);
        words.insert(at, "--resume".to_owned());
    }
    // shlex refuses only a NUL byte, which no argument can hold.
    shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "))
}
