//! The second pass: each record still to send, read again, marked `sent`
//! in the journal and handed to the client's calls, `--concurrency` at a
//! time on one tokio thread; signals, progress and halts.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use juspay_customer::{Config, CustomerRequest, Operation};
use juspay_customer_client::{BoxError, Client, ErrorKind};

use super::passes::{journaled, pass};
use super::resend::{failure_text, is_run_fault, operation_name, resend};
use super::setup::settings;
use crate::args::SendArgs;
use crate::error::{Fatal, Stop};
use crate::journal::{Journal, State};
use crate::report::progress_bar;

/// The second pass: every record left, through the client. The file is
/// read on this thread and each record to send handed, through a bounded
/// queue, to the client's calls on a single-threaded tokio runtime of its
/// own, `--concurrency` at a time. (One thread: the calls wait on the
/// network, and a multi-threaded runtime measured 1.1x to 1.4x slower in
/// wall time, its wake-ups crossing threads; BENCHMARKS.md.) What they
/// shared, with its counts.
pub(super) fn send_all(
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
        bar: progress_bar(
            total,
            "{bar:40} {pos}/{len} records {per_sec} {eta} left",
            args.quiet,
        ),
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
pub(super) async fn send_each(
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
pub(super) const GRACE: Duration = Duration::from_secs(10);

/// SIGINT (Ctrl-C) or SIGTERM, by name, once either arrives. Listening
/// replaces the default end of the process for both; a signal that cannot
/// be listened for is never reported.
pub(super) async fn stop_signal() -> &'static str {
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

/// Marks the batch's records `sent`, durably, then queues them for the
/// senders; the batch is left empty.
pub(super) fn hand_over(
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

/// One record to send.
pub(super) struct Job {
    /// Its number among the file's records: its key in the journal.
    pub(super) record: u64,
    /// The request, as the first pass checked it.
    pub(super) request: CustomerRequest<'static>,
    pub(super) operation: Operation,
    /// Attempts made for it in earlier runs.
    pub(super) attempts: u32,
}

/// What every call shares.
pub(super) struct Shared {
    pub(super) journal: Arc<Journal>,
    pub(super) client: Client,
    /// Set on a failure of the run's settings (401, 403, 404, a redirect),
    /// or a journal error: no new record is started.
    pub(super) halted: AtomicBool,
    pub(super) halt_reason: Mutex<Option<Fatal>>,
    /// The signal that interrupted the run, if one did.
    pub(super) interrupted: Mutex<Option<&'static str>>,
    /// A journal write that failed: the run ends with it (exit 2).
    pub(super) broken: Mutex<Option<Fatal>>,
    /// Records whose call started this run.
    pub(super) called: AtomicU64,
    /// Records whose call ended this run.
    pub(super) finished: AtomicU64,
    pub(super) retries: AtomicU64,
    pub(super) bar: Option<indicatif::ProgressBar>,
}

impl Shared {
    pub(super) fn halt(&self, reason: Fatal) {
        self.halted.store(true, Ordering::Relaxed);
        if let Ok(mut r) = self.halt_reason.lock() {
            r.get_or_insert(reason);
        }
    }

    /// A signal asked the run to stop: no new record starts.
    pub(super) fn interrupt(&self, signal: &'static str) {
        self.halted.store(true, Ordering::Relaxed);
        if let Ok(mut slot) = self.interrupted.lock() {
            slot.get_or_insert(signal);
        }
    }

    pub(super) fn interrupted(&self) -> Option<&'static str> {
        self.interrupted.lock().ok().and_then(|s| *s)
    }

    /// The journal failed: stop, and end as an I/O error.
    pub(super) fn break_off(&self, fatal: Fatal) {
        self.halted.store(true, Ordering::Relaxed);
        if let Ok(mut slot) = self.broken.lock() {
            slot.get_or_insert(fatal);
        }
    }
}

/// The line said before sending: how many records, and at the rate how
/// long that takes (100,000 at the default 10 a second is about 2 h 47 min).
pub(super) fn plan(total: u64, rate: Option<juspay_customer_client::Rate>) -> String {
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

/// One record's call, to its end, unless the run has halted.
pub(super) async fn call(shared: &Shared, job: Job) {
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
pub(super) async fn record(shared: &Shared, job: &Job) -> Result<(), Fatal> {
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
}
