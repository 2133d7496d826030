//! The ordered parallel map of `check`: chunks are checked on rayon's
//! thread pool and written back in input order, at most `IN_FLIGHT` at once.

use std::collections::BTreeMap;
use std::sync::{mpsc, Arc};

use super::chunk::Job;
use super::plan::Plan;
use super::records::{check_job, Consumer, Written};
use super::write::CsvOut;
use crate::csv_writer::Term;
use crate::error::{Fatal, Stop};
use crate::outputs::{write_opt, Output};
use crate::report::Tally;

/// Chunks being read, checked or waiting to be written, at most.
const IN_FLIGHT: usize = 6;

/// A checked chunk: what to write where, and its counts; `None` if
/// checking panicked. `job` comes back emptied, for its buffers to be
/// filled again.
struct Done {
    seq: u64,
    result: Option<Written>,
    job: Job,
}

/// The outputs and the tally, as the main thread holds them.
pub(super) struct Sinks<'a, 'c> {
    pub(super) verdicts: &'a mut Option<Output>,
    pub(super) valid: &'a mut Option<Output>,
    pub(super) invalid: &'a mut Option<Output>,
    pub(super) tally: &'a mut Tally,
    pub(super) each: Option<Consumer<'c>>,
}

/// Hands chunks to rayon's thread pool and writes them back in input
/// order: the ordered parallel map of `check`.
pub(super) struct Writer {
    pending: BTreeMap<u64, Option<Written>>,
    sent: u64,
    written: u64,
    /// Chunks back from the pool, emptied: their buffers are filled again
    /// rather than allocated (fresh pages each chunk cost more CPU than the
    /// copying into them).
    spare: Vec<Job>,
    /// Verdict buffers already written out, emptied, for the next chunks.
    spare_verdicts: Vec<Vec<u8>>,
    done_tx: mpsc::Sender<Done>,
    done_rx: mpsc::Receiver<Done>,
}

impl Writer {
    pub(super) fn new() -> Self {
        let (done_tx, done_rx) = mpsc::channel();
        Writer {
            pending: BTreeMap::new(),
            sent: 0,
            written: 0,
            spare: Vec::new(),
            spare_verdicts: Vec::new(),
            done_tx,
            done_rx,
        }
    }

    /// An empty chunk: a spare one, or a new one.
    pub(super) fn fresh(&mut self) -> Job {
        let mut job = self.spare.pop().unwrap_or_default();
        if let Some(verdicts) = self.spare_verdicts.pop() {
            job.verdicts = verdicts;
        }
        job
    }

    /// Hands `job` to the pool (unless it is empty), first making room so
    /// that at most `IN_FLIGHT` chunks exist. Chunks start in the order
    /// they are handed over (`spawn_fifo`), which the duplicate check's
    /// turns rely on.
    pub(super) fn send(
        &mut self,
        mut job: Job,
        plan: &Arc<Plan>,
        sinks: &mut Sinks<'_, '_>,
    ) -> Result<(), Stop> {
        if job.records.is_empty() {
            return Ok(());
        }
        while self.sent - self.written >= IN_FLIGHT as u64 {
            self.receive(sinks)?;
        }
        job.seq = self.sent;
        let (plan, done) = (Arc::clone(plan), self.done_tx.clone());
        rayon::spawn_fifo(move || {
            // The receiver outlives every chunk handed over.
            let _ = done.send(check_chunk(&plan, job));
        });
        self.sent += 1;
        Ok(())
    }

    /// Waits until every chunk sent is written.
    pub(super) fn drain(&mut self, sinks: &mut Sinks<'_, '_>) -> Result<(), Stop> {
        while self.written < self.sent {
            self.receive(sinks)?;
        }
        Ok(())
    }

    fn receive(&mut self, sinks: &mut Sinks<'_, '_>) -> Result<(), Stop> {
        let done = self
            .done_rx
            .recv()
            .map_err(|_| Fatal("internal error: the workers stopped".into()))?;
        self.spare.push(done.job);
        self.pending.insert(done.seq, done.result);
        while let Some(result) = self.pending.remove(&self.written) {
            let w = result.ok_or_else(|| Fatal("internal error while checking".into()))?;
            write_opt(sinks.verdicts, &w.verdicts)?;
            let mut verdicts = w.verdicts;
            verdicts.clear();
            self.spare_verdicts.push(verdicts);
            write_opt(sinks.valid, &w.valid)?;
            write_opt(sinks.invalid, &w.invalid)?;
            sinks.tally.absorb(w.tally);
            if let Some(each) = sinks.each.as_mut() {
                for record in w.checked {
                    each(record)?;
                }
            }
            self.written += 1;
        }
        Ok(())
    }
}

thread_local! {
    /// Each pool thread's CSV tools, built once per thread and plan: a
    /// csv_core reader costs about 290,000 instructions to build (its DFA),
    /// some 290 a record when it was built per chunk.
    static CSV_OUT: std::cell::RefCell<Option<((u8, Term), CsvOut)>> = const { std::cell::RefCell::new(None) };
}

/// Checks one chunk on a pool thread; `result` is `None` if checking
/// panicked. The chunk comes back emptied, for its buffers.
fn check_chunk(plan: &Arc<Plan>, mut job: Job) -> Done {
    // The tools depend on the delimiter and the line end alone.
    let key = (plan.delimiter, plan.term);
    let mut tools = CSV_OUT
        .with(|slot| slot.borrow_mut().take())
        .filter(|(k, _)| *k == key)
        .map_or_else(|| CsvOut::new(plan), |(_, tools)| tools);
    let verdicts = std::mem::take(&mut job.verdicts);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_job(plan, &job, &mut tools, verdicts)
    }))
    .ok();
    if result.is_some() {
        // A panic may have left the tools mid-record: they are not kept.
        CSV_OUT.with(|slot| *slot.borrow_mut() = Some((key, tools)));
    } else if let Some(seen) = &plan.seen {
        seen.pass(job.seq);
    }
    let seq = job.seq;
    job.clear();
    Done { seq, result, job }
}
