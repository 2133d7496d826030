//! The first pass over the input (a new journal, or `--resume`'s proof
//! that the file is the journal's), and the check each record read again
//! meets: it is the record the journal has.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::setup::{beside, Paths, RemoveOnDrop};
use crate::args::{OperationArg, SendArgs};
use crate::check::checked;
use crate::check::{Checked, Reading};
use crate::error::{Fatal, Stop};
use crate::journal::{Journal, Row, RunInfo};
use crate::outputs;
use crate::report::Tally;

/// Runs `check` over the input, handing each valid record to `each` (the
/// typed stream: read and validated once): the tally. A failure of `each`
/// comes back as itself.
pub(super) fn pass(
    args: &SendArgs,
    mut each: impl FnMut(Checked) -> Result<(), Fatal>,
) -> Result<Tally, Stop> {
    let mut consumer = |record: Checked| each(record).map_err(Stop::from);
    let reading = Reading::as_sent(&args.file, &args.read)?;
    checked(&reading, || Ok(None), Some(&mut consumer)).map(|(tally, _)| tally)
}

/// What a first pass found wrong: ids given twice.
#[derive(Default)]
pub(super) struct Duplicates {
    pub(super) count: u64,
    /// The first few, as (line, first line).
    pub(super) first: Vec<(u64, u64)>,
}

/// How a new run's first pass ended.
pub(super) enum FirstPass {
    /// A record was refused or an id repeated: nothing is sent.
    Refused,
    /// `--dry-run`: checked, nothing kept.
    DryRun,
    /// The journal, complete, in place.
    Ready(Journal),
}

/// `--resume`'s first pass: the journal is this run's, and the file is the
/// one it was made from. The journal, and the run's operation.
pub(super) fn resume_pass(
    args: &SendArgs,
    paths: &Paths,
    info: &RunInfo,
) -> Result<(Arc<Journal>, OperationArg), Stop> {
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
pub(super) fn first_pass(
    args: &SendArgs,
    paths: &Paths,
    info: &RunInfo,
    start: Instant,
) -> Result<FirstPass, Stop> {
    let journal_path = &paths.journal;
    let operation = args.operation.unwrap_or(OperationArg::Create);
    let partial = outputs::partial_name(journal_path);
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
        let ori = checked.request.object_reference_id();
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
    outputs::sync_dir(journal_path);
    drop(removal);
    let (journal, _) = Journal::open(journal_path)?;
    Ok(FirstPass::Ready(journal))
}

/// The journal's row for record number `record`, read now on `line` with
/// form body `body`, when it is the record the journal was made from: the
/// same line, `object_reference_id` and body digest. Anything else stops
/// the run (the input changed since the first pass).
pub(super) fn journaled(journal: &Journal, record: u64, checked: &Checked, name: &str) -> Result<Row, Fatal> {
    let (line, ori) = (checked.line, checked.request.object_reference_id());
    match journal.get(record)? {
        Some(row) if row.object_reference_id == ori && row.line == line && row.digest == journal.digest(&checked.body) => {
            Ok(row)
        }
        _ => Err(Fatal(format!(
            "{name} line {line} is not the record the journal has for it (its object_reference_id, its line or its content differs): the input changed since the first run"
        ))),
    }
}
