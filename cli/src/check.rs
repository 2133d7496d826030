//! `juspay-customer check`: one verdict per record, output files, a report.
//!
//! The main thread cuts the input into chunks of whole records (about
//! 256 KiB each, `chunk`); rayon's thread pool checks them (`records`)
//! while the main thread reads and writes, and everything is written in
//! input order (`pool`). At most `IN_FLIGHT` chunks exist at once and no
//! record is held beyond `--max-record-bytes`, so memory is bounded
//! whatever the input. `send` takes the same stream of valid records,
//! typed (`Checked`), through the same `checked`.
//!
//! A record's way: `plan` (the flags, checked) → `chunk` (cut) → `pool`
//! (handed out) → `records` (decided, `seen` for duplicates) → `write`
//! (its verdict and output bytes) → back to `pool`, written in order.

mod chunk;
mod header;
mod plan;
mod pool;
mod records;
mod seen;
mod write;

use std::io::{BufRead, BufReader};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use juspay_customer::{Field, Notes, VerdictJson};

use self::chunk::{Cutter, Job, Rec, CHUNK_BYTES, CHUNK_RECORDS};
use self::header::{read_header, Header};
use self::plan::Plan;
pub(crate) use self::plan::Reading;
use self::pool::{Sinks, Writer};
pub(crate) use self::records::{Checked, Consumer};
use self::write::{end_invalid_record, verdict_line};
use crate::args::{CheckArgs, Format};
use crate::columns;
use crate::csv_writer::CsvWriter;
use crate::decode::Decoding;
use crate::error::{Fatal, Stop};
use crate::input::{self, input_name, Csv, JsonArray, Lines, Next};
use crate::outputs::Output;
use crate::refusal::Refusal;
use crate::report::{progress_bar, Tally};

pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode, Stop> {
    let start = Instant::now();
    let reading = Reading::of_check(args)?;
    let (tally, bytes) = checked(
        &reading,
        || match (&args.verdicts, args.no_verdicts) {
            (_, true) => Ok(None),
            (Some(path), _) => Output::create(path).map(Some),
            (None, false) => Ok(Some(Output::stdout(
                args.valid_out.is_some() || args.invalid_out.is_some() || args.report_json.is_some(),
            ))),
        },
        None,
    )?;
    if let Some(path) = reading.report_json {
        let mut text = tally.to_json(start.elapsed(), bytes).to_string();
        text.push('\n');
        let mut out = Output::create(path)?;
        out.write(text.as_bytes())?;
        out.commit()?;
    }
    eprint!("{}", tally.render(start.elapsed(), args.quiet));
    Ok(if tally.valid == tally.records {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The CSV outputs' header rows: the valid output's headed so that `send`
/// reads it with no flag given again (and with the country column when
/// one is filled in), the invalid output's with a last `errors` column.
fn write_header_rows(
    plan: &Plan,
    header: &Header,
    valid_out: Option<&mut Output>,
    invalid_out: Option<&mut Output>,
) -> Result<(), Stop> {
    let terminator = plan.term.bytes();
    if let Some(out) = valid_out {
        match columns::valid_out_header(&header.names, &plan.columns) {
            Some(cells) => {
                let mut bytes = Vec::new();
                let mut csv = CsvWriter::new(plan.term, plan.delimiter);
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
                        csv.delimiter(&mut bytes);
                    }
                    csv.field(&mut bytes, cell.as_bytes());
                }
                out.write(&bytes)?;
            }
            None => out.write(&header.raw)?,
        }
        if plan.add_country_column {
            out.write(&[plan.delimiter])?;
            out.write(Field::MobileCountryCode.as_str().as_bytes())?;
        }
        out.write(terminator)?;
    }
    if let Some(out) = invalid_out {
        out.write(&header.raw)?;
        out.write(&[plan.delimiter])?;
        out.write(b"errors")?;
        out.write(terminator)?;
    }
    Ok(())
}

/// Checks every record of the plan's input, writing the verdicts to the
/// output `verdicts` makes (called once the input is open and its header
/// read; `None`: no verdicts) and the valid and refused records to
/// `--valid-out` and `--invalid-out`, handing each valid one to `each`:
/// the tally and the input's length in bytes. `send` reads its input this
/// way, so it checks exactly as `check` does.
pub(crate) fn checked(
    reading: &Reading<'_>,
    verdicts: impl FnOnce() -> Result<Option<Output>, Fatal>,
    mut each: Option<Consumer<'_>>,
) -> Result<(Tally, u64), Stop> {
    let (format, rules, max) = (reading.format, &reading.rules, reading.max_record_bytes);
    let name = input_name(reading.file);
    // A file's bytes; none for standard input.
    let bar = input::file_size(reading.file).and_then(|len| {
        progress_bar(
            len,
            "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            reading.quiet,
        )
    });
    let source = input::Counting {
        inner: input::open(reading.file)?,
        bar: bar.clone(),
        bytes: 0,
    };
    let read_failed = |e: std::io::Error| Stop::from(Fatal::io(format!("reading {name}"), &e));
    let decoded = Decoding::new(source, reading.read.encoding).map_err(read_failed)?;
    let mut reader = BufReader::with_capacity(1 << 18, decoded);

    let mut plan_delimiter = b',';
    let mut cutter = match format {
        Format::Csv => {
            let delimiter = match reading.read.delimiter {
                Some(d) => d,
                None => input::sniff_delimiter(reader.fill_buf().map_err(read_failed)?),
            };
            plan_delimiter = delimiter;
            Cutter::Csv(Box::new(Csv::new(max, delimiter)))
        }
        Format::Json if JsonArray::starts_array(&mut reader).map_err(read_failed)? => {
            Cutter::JsonArray(JsonArray::new(max))
        }
        _ => Cutter::Lines(Lines::new(max)),
    };
    let mut plan = Plan::new(
        reading,
        plan_delimiter,
        matches!(cutter, Cutter::JsonArray(_)),
        each.is_some(),
    );
    // The header, and every refusal it brings (a missing column, a
    // look-alike), before any output is opened or created.
    let header = match format {
        Format::Csv => Some(read_header(&mut cutter, &mut reader, reading, &name)?),
        _ => None,
    };
    let mut verdicts = verdicts()?;
    let mut valid_out = Output::optional(reading.valid_out)?;
    let mut invalid_out = Output::optional(reading.invalid_out)?;
    plan.verdicts = verdicts.is_some();
    plan.valid_out = valid_out.is_some();
    plan.invalid_out = invalid_out.is_some();
    if plan.array {
        // The outputs of an array are arrays.
        valid_out = valid_out.map(Output::into_array);
        invalid_out = invalid_out.map(Output::into_array);
    }
    let mut tally = Tally::default();
    if let Some(header) = header {
        header.apply_to(&mut plan, rules);
        write_header_rows(&plan, &header, valid_out.as_mut(), invalid_out.as_mut())?;
        tally.columns = Some(header.report(&plan));
    }
    let mut sinks = Sinks {
        verdicts: &mut verdicts,
        valid: &mut valid_out,
        invalid: &mut invalid_out,
        tally: &mut tally,
        each: each.take(),
    };
    stream(
        &Arc::new(plan),
        max,
        &mut cutter,
        &mut reader,
        &mut sinks,
        read_failed,
    )?;
    for out in [verdicts, valid_out, invalid_out].into_iter().flatten() {
        out.commit()?;
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok((tally, reader.get_ref().get_ref().bytes))
}

/// Cuts the input into chunks, hands them to the pool and writes them back
/// in order; a record over the limit is refused and streamed past in
/// between.
fn stream(
    plan: &Arc<Plan>,
    max: usize,
    cutter: &mut Cutter,
    reader: &mut impl BufRead,
    sinks: &mut Sinks<'_, '_>,
    read_failed: impl Fn(std::io::Error) -> Stop,
) -> Result<(), Stop> {
    let mut writer = Writer::new();
    let mut job = Job::default();
    loop {
        let cells_at = job.cells.ends.len();
        let next = cutter.next(reader, &mut job).map_err(&read_failed)?;
        match next {
            Next::Record { line, raw, term } => {
                job.records.push(Rec {
                    line,
                    raw,
                    term,
                    cells_at,
                    cell_count: job.cells.ends.len() - cells_at,
                });
                if job.data.len() < CHUNK_BYTES && job.records.len() < CHUNK_RECORDS {
                    continue;
                }
            }
            Next::TooLarge { line, head, complete } => {
                // Write everything before it, then this record, streamed.
                let head_bytes = job.data[head].to_vec();
                let last = job.records.last().map_or(0, |r| r.raw.end);
                job.data.truncate(last);
                let full = std::mem::replace(&mut job, writer.fresh());
                writer.send(full, plan, sinks)?;
                writer.drain(sinks)?;
                oversize(plan, max, line, &head_bytes, complete, cutter, reader, sinks)?;
                continue;
            }
            Next::End => break,
        }
        let full = std::mem::replace(&mut job, writer.fresh());
        writer.send(full, plan, sinks)?;
    }
    writer.send(job, plan, sinks)?;
    writer.drain(sinks)?;
    Ok(())
}

/// Refuses a record longer than the limit: its verdict, its tally, and its
/// raw bytes streamed to `--invalid-out` as they are passed over.
#[allow(clippy::too_many_arguments)]
fn oversize(
    plan: &Plan,
    max: usize,
    line: u64,
    head: &[u8],
    complete: bool,
    cutter: &mut Cutter,
    reader: &mut impl BufRead,
    sinks: &mut Sinks<'_, '_>,
) -> Result<(), Stop> {
    let error = Refusal::TooLarge { limit: max };
    sinks.tally.records += 1;
    sinks.tally.refused((None, error.reason()), line, 0);
    if let Some(out) = sinks.verdicts.as_mut() {
        let mut verdict = Vec::new();
        let none = Notes::default();
        verdict_line(&mut verdict, &VerdictJson::refused(&[error], &none).at_line(line));
        out.write(&verdict)?;
    }
    let mut invalid = sinks.invalid.as_mut();
    if let Some(out) = invalid.as_mut() {
        if plan.array {
            out.write(b",\n")?;
        }
        out.write(head)?;
    }
    let term = if complete {
        match cutter {
            Cutter::Lines(l) => l.last_term,
            Cutter::Csv(_) | Cutter::JsonArray(_) => None,
        }
    } else {
        cutter.finish_oversize(reader, &mut |piece| match invalid.as_mut() {
            Some(out) => out.write(piece),
            None => Ok(()),
        })?
    };
    if let Some(out) = invalid {
        let mut end = Vec::new();
        end_invalid_record(
            plan,
            &mut CsvWriter::new(plan.term, plan.delimiter),
            &mut end,
            term,
            &[error],
        );
        out.write(&end)?;
    }
    Ok(())
}
