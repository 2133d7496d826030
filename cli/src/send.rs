//! `juspay-customer send`: checks a file of records again, then creates
//! each customer, durably and resumably.
//!
//! 1. The first pass runs `check` (the same code, so the same verdicts) and
//!    writes every valid record's line and `object_reference_id` to a new
//!    journal in one transaction. Any refused record, or an id given twice,
//!    and nothing is sent: the journal is removed and the report says why.
//!    On `--resume` the pass instead proves the input is the one the
//!    journal was made from.
//! 2. The second pass reads the file again and hands each record still to
//!    send to `--concurrency` workers through a bounded queue; each drives
//!    the library's retry plan, paced by `--rate`, writing the journal
//!    before and after every request.
//! 3. The results file is written from the journal, whole, under a
//!    temporary name renamed at the end.
//!
//! Memory does not grow with the file: records are streamed twice (the
//! queue holds at most four per worker), and the journal is on disk with
//! SQLite's own bounded page cache.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use juspay_customer::retry::Transport;
use juspay_customer::{BaseUrl, Config, CustomerRequest, Environment, MerchantId, Operation};
use juspay_customer_client::{BoxError, Client, ErrorKind, Settings};

use crate::args::{EnvironmentArg, OperationArg, ResultsArgs, SendArgs};
use crate::check::{Checked, Reading};
use crate::csv_writer::CsvWriter;
use crate::env::read_api_key;
use crate::error::{Fatal, Stop};
use crate::input::Term;
use crate::journal::{Journal, Row, RunInfo, State};
use crate::outputs::Output;

/// The `--operation` name of an operation, as the journal keeps it.
fn operation_name(op: Operation) -> &'static str {
    match op {
        Operation::GetOrCreate => OperationArg::GetOrCreate,
        _ => OperationArg::Create,
    }
    .as_str()
}

/// A failure of the run's settings or of the way there: every request
/// would fail alike, so the run stops. A 4xx other than 400 (the key, the
/// merchant, the address), a redirect (the base URL points elsewhere), or a
/// record that gave up unable to connect or to agree on TLS (the host is
/// down, its certificate is not trusted, or it speaks plain HTTP).
fn is_run_fault(kind: &ErrorKind) -> bool {
    match kind {
        ErrorKind::Api(e) => e.is_caller_fault() && e.status() != 400,
        ErrorKind::Transport(t) => matches!(t, Transport::Connect | Transport::Tls),
        ErrorKind::Redirect { .. } => true,
        _ => false,
    }
}

/// The record's failure as the journal and results keep it: the kind, and
/// for a refusal the fields the server named (names, never values).
fn failure_text(error: &juspay_customer_client::Error) -> String {
    match error.kind() {
        ErrorKind::Api(e) => {
            let fields: Vec<&str> = e
                .body()
                .map(|b| b.fields())
                .unwrap_or_default()
                .iter()
                .filter_map(|f| f.field_name.as_deref())
                .collect();
            match (e.kind(), fields.is_empty()) {
                ("unexpected", _) => format!("unexpected (status {})", e.status()),
                (kind, true) => kind.to_owned(),
                (kind, false) => format!("{kind} ({})", fields.join(", ")),
            }
        }
        ErrorKind::Redirect { status: Some(s) } => format!("redirect (status {s})"),
        _ => error.kind_name(),
    }
}

/// `INPUT.SUFFIX` beside the input.
fn beside(input: &Path, suffix: &str) -> PathBuf {
    let mut name = input.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    input.with_file_name(name)
}

fn merchant_id(args: &SendArgs) -> Result<MerchantId, Fatal> {
    let text = match &args.merchant_id {
        Some(m) => m.clone(),
        None => std::env::var("JUSPAY_MERCHANT_ID")
            .map_err(|_| Fatal("no merchant id: pass --merchant-id or set JUSPAY_MERCHANT_ID".into()))?,
    };
    MerchantId::new(text).map_err(|e| Fatal(format!("the merchant id: {e}")))
}

fn environment(args: &SendArgs) -> Result<Environment, Fatal> {
    if let Some(url) = &args.base_url {
        return BaseUrl::new(url)
            .map(Environment::Custom)
            .map_err(|e| Fatal(format!("--base-url: {e}")));
    }
    Ok(match args.environment {
        EnvironmentArg::Sandbox => Environment::Sandbox,
        EnvironmentArg::Production => Environment::Production,
    })
}

/// Runs `check` over the input, handing each valid record to `each` (the
/// typed stream: read and validated once): the tally. A failure of `each`
/// comes back as itself.
fn pass(
    args: &SendArgs,
    mut each: impl FnMut(Checked) -> Result<(), Fatal>,
) -> Result<crate::report::Tally, Stop> {
    let mut consumer = |record: Checked| each(record).map_err(Stop::from);
    let reading = Reading::as_sent(&args.file, &args.read)?;
    crate::check::checked(&reading, || Ok(None), Some(&mut consumer)).map(|(tally, _)| tally)
}

/// What a first pass found wrong: ids given twice.
#[derive(Default)]
struct Duplicates {
    count: u64,
    /// The first few, as (line, first line).
    first: Vec<(u64, u64)>,
}

/// The run's files.
struct Paths {
    journal: PathBuf,
    results: PathBuf,
    /// The input's lock, held to the end of the run; none for a dry run,
    /// which sends nothing and keeps nothing.
    _lock: Option<std::fs::File>,
}

impl Paths {
    /// The journal and results paths, refused before anything is read when
    /// one is the input or the other, when another run holds the input, or
    /// (for a new run) when one exists already.
    fn of(args: &SendArgs) -> Result<Paths, Fatal> {
        let input = &args.file;
        if input.as_os_str() == "-" {
            return Err(Fatal(
                "send reads a file, twice (standard input cannot be read again)".into(),
            ));
        }
        let journal = args.journal.clone().unwrap_or_else(|| beside(input, ".journal"));
        let results = args
            .results
            .clone()
            .unwrap_or_else(|| beside(input, ".results.csv"));
        crate::outputs::refuse_collisions(&[
            ("the input", input),
            ("--journal", &journal),
            ("--results", &results),
        ])?;
        // Before the journal is looked at: a second run meets the first's
        // lock, whatever stage the first has reached.
        let lock = if args.dry_run {
            None
        } else {
            Some(lock_input(input)?)
        };
        if !args.resume && journal.exists() {
            return Err(Fatal(format!(
                "the journal {} exists: resume that run with --resume; or remove it (with its -wal file, if there is one) and the results to start over, sending with --operation get-or-create so that customers the first run made are taken as they are, not failed as already_exists",
                journal.display()
            )));
        }
        if !args.resume && results.exists() && !crate::outputs::in_place(&results) {
            return Err(Fatal(format!(
                "{} exists: refusing to overwrite it (choose another --results)",
                results.display()
            )));
        }
        Ok(Paths {
            journal,
            results,
            _lock: lock,
        })
    }
}

/// An exclusive lock on the input for the whole run (an advisory lock of
/// the operating system: `flock` on Unix, `LockFileEx` on Windows, released
/// when the process ends, however it ends). A second `send` on the same
/// file is refused at once, before it reads a record or sends anything:
/// two runs would both send every record and share the journal's files.
fn lock_input(input: &Path) -> Result<std::fs::File, Fatal> {
    let name = input.display();
    let file = std::fs::File::open(input).map_err(|e| Fatal::io(format!("cannot open {name}"), &e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Fatal(format!(
            "another juspay-customer send is running on {name}: let it finish, or stop it and run again with --resume"
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Fatal::io(format!("cannot lock {name}"), &e)),
    }
}

/// How a new run's first pass ended.
enum FirstPass {
    /// A record was refused or an id repeated: nothing is sent.
    Refused,
    /// `--dry-run`: checked, nothing kept.
    DryRun,
    /// The journal, complete, in place.
    Ready(Journal),
}

pub(crate) fn run(args: &SendArgs) -> Result<ExitCode, Stop> {
    let start = Instant::now();
    let paths = Paths::of(args)?;
    if !args.dry_run && !crate::outputs::in_place(&paths.results) {
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

/// `--resume`'s first pass: the journal is this run's, and the file is the
/// one it was made from. The journal, and the run's operation.
fn resume_pass(args: &SendArgs, paths: &Paths, info: &RunInfo) -> Result<(Arc<Journal>, OperationArg), Stop> {
    let input = &args.file;
    let journal_path = &paths.journal;
    let (journal, was) = Journal::open(journal_path)?;
    let was_operation =
        <OperationArg as clap::ValueEnum>::from_str(&was.operation, false).unwrap_or(OperationArg::Create);
    // A Create run may be resumed with Get or Create: that adopts the
    // customers that already existed (each failed as already_exists) and
    // sends the rest with Get or Create. The other way is refused.
    let operation = match (args.operation, was_operation) {
        (None, was) => was,
        (Some(asked), was) if asked == was => was,
        (Some(OperationArg::GetOrCreate), OperationArg::Create) => OperationArg::GetOrCreate,
        (Some(_), _) => {
            return Err(Fatal(format!(
                "the journal's run sends with --operation {}; resume it with that",
                was.operation
            ))
            .into())
        }
    };
    if let Some(merchant) = &info.merchant {
        if !journal.is_merchant(merchant)? {
            return Err(Fatal(
                "the journal's run sends as another merchant (--merchant-id or JUSPAY_MERCHANT_ID); resume it as the same one".into(),
            )
            .into());
        }
    }
    if was.base_url != info.base_url {
        return Err(Fatal(format!(
            "the journal's run sends to {}; resume it against the same place (--environment or --base-url)",
            was.base_url
        ))
        .into());
    }
    let journal = Arc::new(journal);
    let j = Arc::clone(&journal);
    let name = input.display().to_string();
    let seen = Arc::new(AtomicU64::new(0));
    let counted = Arc::clone(&seen);
    let mut record = 0u64;
    let tally = pass(args, move |checked| {
        record += 1;
        journaled(&j, record, &checked, &name)?;
        counted.fetch_add(1, Ordering::Relaxed);
        Ok(())
    })?;
    if tally.valid != tally.records || seen.load(Ordering::Relaxed) != journal.len()? {
        return Err(Fatal(format!(
            "{} is not the file the journal {} was made from: records differ",
            input.display(),
            journal_path.display()
        ))
        .into());
    }
    if operation != was_operation {
        // Kept once the file is known to be the journal's.
        journal.set_operation(operation.as_str())?;
    }
    Ok((journal, operation))
}

/// A new run's first pass: every record checked, each valid one's line and
/// id in a new journal, which is put in place only when all are valid and
/// unique.
fn first_pass(args: &SendArgs, paths: &Paths, info: &RunInfo, start: Instant) -> Result<FirstPass, Stop> {
    let journal_path = &paths.journal;
    let operation = args.operation.unwrap_or(OperationArg::Create);
    let partial = crate::outputs::partial_name(journal_path);
    let _ = std::fs::remove_file(&partial);
    let removal = RemoveOnDrop(vec![
        partial.clone(),
        beside(&partial, "-wal"),
        beside(&partial, "-shm"),
    ]);
    let journal = Arc::new(Journal::create(&partial, info)?);
    journal.begin()?;
    let duplicates = Arc::new(Mutex::new(Duplicates::default()));
    let (j, d) = (Arc::clone(&journal), Arc::clone(&duplicates));
    let mut record = 0u64;
    let tally = pass(args, move |checked| {
        record += 1;
        let line = checked.line;
        let ori = checked.request.object_reference_id.as_str();
        if let Err(dup) = j.insert(record, line, ori, &checked.body)? {
            if let Ok(mut d) = d.lock() {
                d.count += 1;
                if d.first.len() < 10 {
                    d.first.push((line, dup.first_line));
                }
            }
        }
        Ok(())
    })?;
    let duplicates = std::mem::take(&mut *duplicates.lock().map_err(|_| Fatal("internal error".into()))?);
    if tally.valid != tally.records || duplicates.count > 0 {
        let mut message = String::new();
        if tally.valid != tally.records {
            message.push_str(&tally.render(start.elapsed(), false));
            message.push_str("check the file with `juspay-customer check`, and send its --valid-out\n");
        }
        if duplicates.count > 0 {
            message.push_str(&format!(
                "{} records repeat an earlier record's object_reference_id (Create would refuse them):\n",
                duplicates.count
            ));
            for (line, first) in &duplicates.first {
                message.push_str(&format!("  line {line} repeats line {first}\n"));
            }
        }
        eprintln!("{message}juspay-customer send: nothing was sent");
        return Ok(FirstPass::Refused);
    }
    journal.commit_complete()?;
    // What each record will carry: the fields and their columns, and every
    // field not sent, said before anything is sent.
    if let (Some(columns), false) = (&tally.columns, args.quiet) {
        eprint!("{}", columns.render());
    }
    // Closed before it is renamed, so that its WAL is folded in.
    Arc::try_unwrap(journal)
        .map_err(|_| Fatal("internal error: the journal is still open".into()))?
        .close()?;
    if args.dry_run {
        eprintln!(
            "dry run: {} records checked, every one valid and unique; a run would send {} with {} to {}",
            tally.records,
            tally.records,
            operation.as_str(),
            info.base_url
        );
        return Ok(FirstPass::DryRun);
    }
    std::fs::rename(&partial, journal_path).map_err(|e| {
        Fatal::io(
            format!("cannot rename the journal to {}", journal_path.display()),
            &e,
        )
    })?;
    // The rename outlives a power cut: a journal lost with it would make
    // the next run a new one, creating again what this one sends.
    crate::outputs::sync_dir(journal_path);
    drop(removal);
    let (journal, _) = Journal::open(journal_path)?;
    Ok(FirstPass::Ready(journal))
}

/// The client's settings for a run: the flags' attempts, timeout, rate and
/// concurrency; no deadline per record (a migration waits out the plan).
fn settings(args: &SendArgs) -> Settings {
    let mut settings = Settings::default();
    settings.retry.max_attempts = args.max_attempts;
    settings.connect_timeout = Duration::from_secs_f64(args.timeout);
    settings.attempt_timeout = Duration::from_secs_f64(args.timeout);
    settings.deadline = None;
    settings.concurrency = NonZeroUsize::new(usize::from(args.concurrency));
    settings.rate = args.rate.0;
    settings
}

/// The second pass: every record left, through the client. The file is
/// read on this thread and each record to send handed, through a bounded
/// queue, to the client's calls on a single-threaded tokio runtime of its
/// own, `--concurrency` at a time. (One thread: the calls wait on the
/// network, and a multi-threaded runtime measured 1.1x to 1.4x slower in
/// wall time, its wake-ups crossing threads; BENCHMARKS.md.) What they
/// shared, with its counts.
fn send_all(
    args: &SendArgs,
    journal: &Arc<Journal>,
    config: Config,
    default_op: Operation,
    total: u64,
) -> Result<Arc<Shared>, Stop> {
    let client = Client::with_settings(config, settings(args))
        .map_err(|e| Fatal(format!("starting the HTTP client: {e}")))?;
    let shared = Arc::new(Shared {
        journal: Arc::clone(journal),
        client,
        halted: AtomicBool::new(false),
        halt_reason: Mutex::new(None),
        interrupted: Mutex::new(None),
        broken: Mutex::new(None),
        called: AtomicU64::new(0),
        finished: AtomicU64::new(0),
        retries: AtomicU64::new(0),
        bar: progress(total, args.quiet),
    });
    if !args.quiet {
        eprintln!("{}", plan(total, args.rate.0));
    }
    // Not on a terminal, no bar is drawn: a plain line now and then.
    let lines = (!args.quiet && !std::io::stderr().is_terminal())
        .then(|| (Duration::from_secs(args.progress_every), total));
    let concurrency = usize::from(args.concurrency);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal::io("starting the senders", &e))?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Job>(concurrency * 4);
    let senders = {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || runtime.block_on(send_each(rx, shared, concurrency, lines)))
    };
    let feeder = Arc::clone(&shared);
    let name = args.file.display().to_string();
    let file_name = name.clone();
    let read = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&read);
    // Records to send are handed over in batches of the queue's length,
    // each marked `sent` durably first (`Journal::may_send`).
    let batch_len = concurrency * 4;
    let batch = Arc::new(Mutex::new(Vec::with_capacity(batch_len)));
    let (last_batch, last_tx) = (Arc::clone(&batch), tx.clone());
    let fed = pass(args, move |checked| {
        let record = counter.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(signal) = feeder.interrupted() {
            // Stop reading: what is left stays pending for --resume.
            return Err(Fatal(format!("interrupted by {signal}")));
        }
        if feeder.halted.load(Ordering::Relaxed) {
            return Ok(());
        }
        // The record read now is the one the journal has: the file did not
        // change since the first pass (a changed one stops the run).
        let row = match journaled(&feeder.journal, record, &checked, &name) {
            Ok(row) => row,
            Err(changed) => {
                // A stop like a 401's: what was queued finishes, the
                // results are written, `--resume` continues.
                feeder.halt(changed);
                return Err(Fatal("the input changed".into()));
            }
        };
        if let Some(op) = resend(&row, default_op) {
            let job = Job {
                record,
                request: checked.request,
                operation: op,
                attempts: row.attempts,
            };
            let full = batch.lock().map(|mut b| {
                b.push(job);
                b.len() >= batch_len
            });
            if full.unwrap_or(true) {
                hand_over(&feeder.journal, &batch, &tx)?;
            }
        }
        Ok(())
    });
    if fed.is_ok() && !shared.halted.load(Ordering::Relaxed) {
        // Every record the journal has was read: a file cut short since
        // the first pass stops the run like a changed one.
        let (read, held) = (read.load(Ordering::Relaxed), shared.journal.len()?);
        if read != held {
            shared.halt(Fatal(format!(
                "{file_name} ends at record {read}, the journal has {held}: the input changed since the first run"
            )));
        }
    }
    // What the pass left in the batch goes too, unless the run stopped
    // (those stay pending).
    if fed.is_ok() && !shared.halted.load(Ordering::Relaxed) {
        if let Err(fatal) = hand_over(&shared.journal, &last_batch, &last_tx) {
            shared.break_off(fatal);
        }
    }
    drop(last_tx);
    // The queue's sender went with the closure: the senders end when it is empty.
    let sender_failed = senders.join().map_or(true, |panicked| panicked);
    if let Some(bar) = &shared.bar {
        bar.finish_and_clear();
    }
    // An interrupted or halted run stopped its reading on purpose (or
    // found the senders gone): that is no error; the results and report
    // (with the reason) follow.
    let halted = shared.halt_reason.lock().is_ok_and(|r| r.is_some());
    if shared.interrupted().is_none() && !halted {
        fed?;
    }
    if let Some(fatal) = shared.broken.lock().ok().and_then(|mut b| b.take()) {
        return Err(fatal.into());
    }
    if sender_failed {
        return Err(Fatal(
            "internal error: a sender panicked (the journal is intact; run again with --resume)".into(),
        )
        .into());
    }
    Ok(shared)
}

/// Takes records from the queue and calls the client for each, at most
/// `concurrency` at once (each its own task): whether one panicked.
/// `lines`: how often to print a progress line, and of how many records.
async fn send_each(
    rx: tokio::sync::mpsc::Receiver<Job>,
    shared: Arc<Shared>,
    concurrency: usize,
    lines: Option<(Duration, u64)>,
) -> bool {
    let jobs = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|job| (job, rx)) });
    let mut panicked = false;
    let mut calls = std::pin::pin!(jobs
        .map(|job| {
            let shared = Arc::clone(&shared);
            tokio::spawn(async move { call(&shared, job).await })
        })
        .buffer_unordered(concurrency));
    let mut stop = std::pin::pin!(stop_signal());
    let every = lines.map_or(Duration::from_secs(86_400), |(every, _)| every);
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    let started = Instant::now();
    loop {
        tokio::select! {
            ended = calls.next() => match ended {
                Some(ended) => panicked |= ended.is_err(),
                None => return panicked,
            },
            _ = ticks.tick(), if lines.is_some() => {
                let total = lines.map_or(0, |(_, total)| total);
                eprintln!(
                    "{} of {total} records done, {} retries, {:.0} s",
                    shared.finished.load(Ordering::Relaxed),
                    shared.retries.load(Ordering::Relaxed),
                    started.elapsed().as_secs_f64()
                );
            }
            signal = &mut stop => {
                shared.interrupt(signal);
                break;
            }
        }
    }
    // Interrupted: no new record starts (each queued one ends at once, as
    // the run has halted); the calls in flight get `GRACE` to finish. A
    // second signal ends the process at once: the journal already says
    // which records may have been sent.
    let drain = async {
        while let Some(ended) = calls.next().await {
            panicked |= ended.is_err();
        }
    };
    tokio::select! {
        _ = tokio::time::timeout(GRACE, drain) => {}
        _ = stop_signal() => std::process::exit(130),
    }
    panicked
}

/// How long an interrupted run waits for the calls in flight before it
/// writes the results and ends; a call cut short is `sent` in the journal,
/// which `--resume` settles with Get or Create.
const GRACE: Duration = Duration::from_secs(10);

/// SIGINT (Ctrl-C) or SIGTERM, by name, once either arrives. Listening
/// replaces the default end of the process for both; a signal that cannot
/// be listened for is never reported.
async fn stop_signal() -> &'static str {
    let ctrl_c = async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "SIGINT",
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = async {
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    term.recv().await;
                    "SIGTERM"
                }
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            name = ctrl_c => name,
            name = term => name,
        }
    }
    #[cfg(not(unix))]
    {
        ctrl_c.await
    }
}

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
    crate::outputs::refuse_collisions(&[("the journal", &args.journal), ("--results", &path)])?;
    if path.exists() && !crate::outputs::in_place(&path) {
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
fn write_results(journal: &Journal, path: &Path) -> Result<(BTreeMap<&'static str, u64>, u64), Stop> {
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
fn report(
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
fn resume_command() -> String {
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

/// Whether `row` is sent (again), and with what: a pending record with the
/// run's operation; one that was sent, or failed other than by the
/// server refusing it (400), with Get or Create, since it may have been
/// carried out and must never be created twice; in a Get or Create run,
/// one that failed as `already_exists` (adopted). Created, existing and
/// other refused records stay.
fn resend(row: &Row, operation: Operation) -> Option<Operation> {
    match row.state {
        State::Pending => Some(operation),
        State::Sent => Some(Operation::GetOrCreate),
        State::Failed if row.resend => Some(Operation::GetOrCreate),
        // Resumed with Get or Create: adopt the customers that existed.
        State::Failed if operation == Operation::GetOrCreate && existed(row.failure.as_deref()) => {
            Some(Operation::GetOrCreate)
        }
        _ => None,
    }
}

/// Whether a record's failure says its customer existed before the run:
/// `already_exists`, as `failure_text` writes the library's kind (with the
/// fields the server named, if it named any).
fn existed(failure: Option<&str>) -> bool {
    failure.is_some_and(|f| f == "already_exists" || f.starts_with("already_exists ("))
}

/// Marks the batch's records `sent`, durably, then queues them for the
/// senders; the batch is left empty.
fn hand_over(
    journal: &Journal,
    batch: &Mutex<Vec<Job>>,
    tx: &tokio::sync::mpsc::Sender<Job>,
) -> Result<(), Fatal> {
    let jobs = std::mem::take(
        &mut *batch
            .lock()
            .map_err(|_| Fatal("internal error: the batch".into()))?,
    );
    let records: Vec<u64> = jobs.iter().map(|j| j.record).collect();
    journal.may_send(&records)?;
    for job in jobs {
        // Fails only when the senders have stopped.
        tx.blocking_send(job)
            .map_err(|_| Fatal("internal error: the senders stopped".into()))?;
    }
    Ok(())
}

/// The journal's row for record number `record`, read now on `line` with
/// form body `body`, when it is the record the journal was made from: the
/// same line, `object_reference_id` and body digest. Anything else stops
/// the run (the input changed since the first pass).
fn journaled(journal: &Journal, record: u64, checked: &Checked, name: &str) -> Result<Row, Fatal> {
    let (line, ori) = (checked.line, checked.request.object_reference_id.as_str());
    match journal.get(record)? {
        Some(row) if row.object_reference_id == ori && row.line == line && row.digest == journal.digest(&checked.body) => {
            Ok(row)
        }
        _ => Err(Fatal(format!(
            "{name} line {line} is not the record the journal has for it (its object_reference_id, its line or its content differs): the input changed since the first run"
        ))),
    }
}

/// Removes files when dropped (a first pass that did not finish).
struct RemoveOnDrop(Vec<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// One record to send.
struct Job {
    /// Its number among the file's records: its key in the journal.
    record: u64,
    /// The request, as the first pass checked it.
    request: CustomerRequest<'static>,
    operation: Operation,
    /// Attempts made for it in earlier runs.
    attempts: u32,
}

/// What every call shares.
struct Shared {
    journal: Arc<Journal>,
    client: Client,
    /// Set on a failure of the run's settings (401, 403, 404, a redirect),
    /// or a journal error: no new record is started.
    halted: AtomicBool,
    halt_reason: Mutex<Option<Fatal>>,
    /// The signal that interrupted the run, if one did.
    interrupted: Mutex<Option<&'static str>>,
    /// A journal write that failed: the run ends with it (exit 2).
    broken: Mutex<Option<Fatal>>,
    /// Records whose call started this run.
    called: AtomicU64,
    /// Records whose call ended this run.
    finished: AtomicU64,
    retries: AtomicU64,
    bar: Option<indicatif::ProgressBar>,
}

impl Shared {
    fn halt(&self, reason: Fatal) {
        self.halted.store(true, Ordering::Relaxed);
        if let Ok(mut r) = self.halt_reason.lock() {
            r.get_or_insert(reason);
        }
    }

    /// A signal asked the run to stop: no new record starts.
    fn interrupt(&self, signal: &'static str) {
        self.halted.store(true, Ordering::Relaxed);
        if let Ok(mut slot) = self.interrupted.lock() {
            slot.get_or_insert(signal);
        }
    }

    fn interrupted(&self) -> Option<&'static str> {
        self.interrupted.lock().ok().and_then(|s| *s)
    }

    /// The journal failed: stop, and end as an I/O error.
    fn break_off(&self, fatal: Fatal) {
        self.halted.store(true, Ordering::Relaxed);
        if let Ok(mut slot) = self.broken.lock() {
            slot.get_or_insert(fatal);
        }
    }
}

/// The line said before sending: how many records, and at the rate how
/// long that takes (100,000 at the default 10 a second is about 2 h 47 min).
fn plan(total: u64, rate: Option<juspay_customer_client::Rate>) -> String {
    let Some(rate) = rate else {
        return format!("sending {total} records, no rate limit");
    };
    let seconds = (total as f64 / rate.get()).ceil() as u64;
    let about = match seconds {
        s if s >= 3600 => {
            let minutes = (s + 30) / 60;
            format!("{} h {} min", minutes / 60, minutes % 60)
        }
        s if s >= 60 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{s} s"),
    };
    format!(
        "sending {total} records at {} a second: about {about}",
        rate.get()
    )
}

fn progress(total: u64, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} records {per_sec} {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// One record's call, to its end, unless the run has halted.
async fn call(shared: &Shared, job: Job) {
    if shared.halted.load(Ordering::Relaxed) {
        return;
    }
    shared.called.fetch_add(1, Ordering::Relaxed);
    if let Err(fatal) = record(shared, &job).await {
        shared.break_off(fatal);
    }
    shared.finished.fetch_add(1, Ordering::Relaxed);
    if let Some(bar) = &shared.bar {
        bar.inc(1);
    }
}

/// One record through the client: the journal says "sent" before each
/// attempt leaves (so a crash resends it with Get or Create), then how it
/// ended. An error is the journal's.
async fn record(shared: &Shared, job: &Job) -> Result<(), Fatal> {
    let request = &job.request;
    let journal = &shared.journal;
    let result = shared
        .client
        .call(job.operation, request, |operation, attempt| {
            journal
                .sent(job.record, operation_name(operation), job.attempts + attempt)
                .map_err(|f| BoxError::from(f.0))
        })
        .await;
    match result {
        Ok(done) => {
            shared
                .retries
                .fetch_add(u64::from(done.attempts.saturating_sub(1)), Ordering::Relaxed);
            let state = if done.operation == Operation::Create {
                State::Created
            } else {
                State::Existing
            };
            journal.done(job.record, state, &done.customer.id)
        }
        Err(e) => {
            shared
                .retries
                .fetch_add(u64::from(e.attempts().saturating_sub(1)), Ordering::Relaxed);
            if let ErrorKind::Stopped(why) = e.kind() {
                return Err(Fatal(why.to_string()));
            }
            // The server refused the record itself: sending it again
            // would be refused again.
            let resend = !matches!(e.kind(), ErrorKind::Api(a) if a.status() == 400);
            journal.failed(job.record, &failure_text(&e), resend)?;
            if is_run_fault(e.kind()) {
                let said = match e.kind() {
                    ErrorKind::Api(a) => format!("the API answered {a}"),
                    other => format!("{other} ({})", shared.client.config().environment.base_url()),
                };
                shared.halt(Fatal(said));
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: State, resend: bool) -> Row {
        Row {
            line: 2,
            object_reference_id: "cust_00000001".into(),
            digest: 0,
            state,
            attempts: 1,
            customer_id: None,
            failure: None,
            resend,
        }
    }

    /// One line a case: records, rate, and the plan said.
    #[test]
    fn the_plan_says_how_long() {
        let rate = |r| Some(juspay_customer_client::Rate::per_second(r).unwrap());
        for (total, r, want) in [
            (
                100_000,
                rate(10.0),
                "sending 100000 records at 10 a second: about 2 h 47 min",
            ),
            (20, rate(50.0), "sending 20 records at 50 a second: about 1 s"),
            (
                1_000,
                rate(4.0),
                "sending 1000 records at 4 a second: about 4 min 10 s",
            ),
            (
                7_200,
                rate(1.0),
                "sending 7200 records at 1 a second: about 2 h 0 min",
            ),
            (5, None, "sending 5 records, no rate limit"),
        ] {
            assert_eq!(plan(total, r), want);
        }
    }

    /// One line a state: what resuming sends for it, in a Create run.
    #[test]
    fn what_resuming_sends() {
        for (state, resend, want) in [
            (State::Pending, true, Some(Operation::Create)),
            (State::Sent, true, Some(Operation::GetOrCreate)),
            (State::Failed, true, Some(Operation::GetOrCreate)),
            (State::Failed, false, None),
            (State::Created, true, None),
            (State::Existing, true, None),
        ] {
            assert_eq!(resend_of(&row(state, resend)), want, "{state:?} resend={resend}");
        }
    }

    fn resend_of(row: &Row) -> Option<Operation> {
        resend(row, Operation::Create)
    }

    /// Resumed with Get or Create, a record that failed as already_exists
    /// is adopted; other refusals stay; in a Create run it stays failed.
    #[test]
    fn get_or_create_adopts_what_existed() {
        let mut r = row(State::Failed, false);
        for (failure, create, get_or_create) in [
            (Some("already_exists"), None, Some(Operation::GetOrCreate)),
            (
                Some("already_exists (object_reference_id)"),
                None,
                Some(Operation::GetOrCreate),
            ),
            (Some("invalid_input (first_name)"), None, None),
            (Some("already_existsx"), None, None),
            (None, None, None),
        ] {
            r.failure = failure.map(str::to_owned);
            assert_eq!(resend(&r, Operation::Create), create, "{failure:?}");
            assert_eq!(resend(&r, Operation::GetOrCreate), get_or_create, "{failure:?}");
        }
    }
}
