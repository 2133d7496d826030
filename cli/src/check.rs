//! `juspay-customer check`: one verdict per record, output files, a report.
//!
//! The main thread cuts the input into chunks of whole records (about
//! 256 KiB each); worker threads (one per core) check chunks while the main
//! thread reads and writes, and everything is written in input order. At
//! most `IN_FLIGHT` chunks exist at once and no record is held beyond
//! `--max-record-bytes`, so memory is bounded whatever the input.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, IsTerminal};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::Instant;

use crate::columns;
use crate::csv_writer::CsvWriter;
use crate::decode::Decoding;
use crate::refusal::Refusal;
use juspay_customer::{
    encode_form_into, encode_json_into, CustomerInput, CustomerRequest, Field, FieldValue, MobileCountryCode,
    Notes, Policy, VerdictJson,
};

use crate::args::{CheckArgs, Format, ReadArgs};
use crate::error::{Fatal, Stop};
use crate::input::input_name;
use crate::input::{self, Cells, Csv, JsonArray, Lines, Next, Term};
use crate::outputs::{write_opt, Output};
use crate::report::{self, Tally};

/// Bytes of input per chunk (whole records).
const CHUNK_BYTES: usize = 1 << 18;
/// Records per chunk, at most: short CSV rows make long verdicts, so a
/// chunk is cut by whichever limit comes first.
const CHUNK_RECORDS: usize = 1 << 10;
/// Chunks being read, checked or waiting to be written, at most.
const IN_FLIGHT: usize = 6;

/// What every worker needs to know.
struct Plan {
    format: Format,
    /// Normalize, drop refused optional fields, strict: the library's.
    policy: Policy,
    /// Valid records are written anew (normalized, fields dropped, a
    /// country filled in) rather than as read.
    rewrite: bool,
    /// CSV: the column of `--country-column`.
    country_column: Option<usize>,
    /// `--default-country-code`, as a calling code.
    default_country: Option<String>,
    /// CSV: the input has no mobile_country_code column but one may be
    /// filled in, so the valid output gets one, last.
    add_country_column: bool,
    verdicts: bool,
    valid_out: bool,
    invalid_out: bool,
    /// CSV: the field each column holds (`None`: carried along), and the
    /// line end its header has (every CSV output record gets it).
    columns: Vec<Option<Field>>,
    term: Term,
    /// CSV: the cell delimiter, `--delimiter` or sniffed from the header.
    delimiter: u8,
    /// Unless `--allow-duplicates`: the valid ids seen, so that a valid
    /// record whose `object_reference_id` an earlier one had is refused.
    seen: Option<SeenInOrder>,
    /// The input is one JSON array: each output record is written as `,\n`
    /// and the element (the output makes the first `,` its `[`).
    array: bool,
    /// A consumer takes the valid records (`Written::checked`).
    keep: bool,
}

/// One record of a chunk: where it starts, its raw bytes in `data`, and for
/// CSV its cells (`cells.ends[cells_at]`, `cell_count` of them).
struct Rec {
    line: u64,
    raw: Range<usize>,
    /// Form and JSON lines: the line end it had (`None`: the last line, with none).
    term: Option<Term>,
    cells_at: usize,
    cell_count: usize,
}

/// A chunk of whole records.
struct Job {
    seq: u64,
    data: Vec<u8>,
    cells: Cells,
    records: Vec<Rec>,
}

impl Job {
    /// Empties the chunk, keeping its buffers.
    fn clear(&mut self) {
        self.seq = 0;
        self.data.clear();
        self.cells.bytes.clear();
        self.cells.ends.clear();
        self.records.clear();
    }
}

impl Default for Job {
    /// An empty chunk with room for a full one, so that filling it never
    /// grows a buffer (growing them cost some 210 instructions a record in
    /// copies). A chunk ends at the first record past CHUNK_BYTES; a longer
    /// record still grows it.
    fn default() -> Self {
        let bytes = CHUNK_BYTES + CHUNK_BYTES / 4;
        Job {
            seq: 0,
            data: Vec::with_capacity(bytes),
            cells: Cells {
                bytes: Vec::with_capacity(bytes),
                ends: Vec::with_capacity(CHUNK_RECORDS * 8),
            },
            records: Vec::with_capacity(CHUNK_RECORDS + 1),
        }
    }
}

/// A checked chunk: what to write where, and its counts; `None` if
/// checking panicked. `job` comes back emptied, for its buffers to be
/// filled again.
struct Done {
    seq: u64,
    result: Option<Written>,
    job: Job,
}

#[derive(Default)]
struct Written {
    verdicts: Vec<u8>,
    valid: Vec<u8>,
    invalid: Vec<u8>,
    tally: Tally,
    /// With `Plan::keep`: the valid records, typed.
    checked: Vec<Checked>,
}

/// A valid record as a consumer of the stream (`send`) takes it: the line
/// it starts on, the validated request, and the form body it goes as.
/// Read and validated once; never turned into text and read back.
pub(crate) struct Checked {
    pub(crate) line: u64,
    pub(crate) request: CustomerRequest<'static>,
    pub(crate) body: String,
}

/// What `checked` hands each valid record to, in input order; its error
/// ends the run.
pub(crate) type Consumer<'a> = &'a mut dyn FnMut(Checked) -> Result<(), Stop>;

/// What `checked` reads, how it decides each record, and where it writes:
/// a command's flags turned into one plan, every conflict and every path
/// clash refused before any file is opened or created.
pub(crate) struct Reading<'a> {
    file: Option<&'a PathBuf>,
    read: &'a ReadArgs,
    format: Format,
    max_record_bytes: usize,
    quiet: bool,
    rules: Rules<'a>,
    /// `--valid-out`, `--invalid-out`, `--verdicts`, `--report-json`.
    outputs: [(&'static str, Option<&'a Path>); 4],
}

/// How each record is decided beyond the library's rules.
#[derive(Default)]
struct Rules<'a> {
    normalize: bool,
    drop_invalid_optional: bool,
    strict: bool,
    country_column: Option<&'a str>,
    default_country_code: Option<&'a str>,
    allow_duplicates: bool,
}

impl<'a> Reading<'a> {
    /// `check`'s plan.
    pub(crate) fn of_check(args: &'a CheckArgs) -> Result<Self, Fatal> {
        let format = match (args.read.format, args.json) {
            (Some(f), _) => f,
            (None, true) => Format::Json,
            (None, false) => format_of(args.file.as_ref()),
        };
        let reading = Reading {
            file: args.file.as_ref(),
            read: &args.read,
            format,
            max_record_bytes: usize::try_from(args.max_record_bytes).unwrap_or(usize::MAX),
            quiet: args.quiet,
            rules: Rules {
                normalize: args.normalize,
                drop_invalid_optional: args.drop_invalid_optional,
                strict: args.strict,
                country_column: args.country_column.as_deref(),
                default_country_code: args.default_country_code.as_deref(),
                allow_duplicates: args.allow_duplicates,
            },
            outputs: [
                ("--verdicts", args.verdicts.as_deref()),
                ("--valid-out", args.valid_out.as_deref()),
                ("--invalid-out", args.invalid_out.as_deref()),
                ("--report-json", args.report_json.as_deref()),
            ],
        };
        reading.refuse_conflicts()?;
        Ok(reading)
    }

    /// `send`'s plan: `file` read with its format flags, every record
    /// checked as it is (the file is `check --valid-out`'s output), no
    /// output, duplicates left to the journal, the default record limit.
    pub(crate) fn as_sent(file: &'a PathBuf, read: &'a ReadArgs) -> Result<Self, Fatal> {
        let reading = Reading {
            file: Some(file),
            read,
            format: read.format.unwrap_or_else(|| format_of(Some(file))),
            max_record_bytes: 1 << 20,
            quiet: true,
            rules: Rules {
                allow_duplicates: true,
                ..Rules::default()
            },
            outputs: [("", None); 4],
        };
        reading.refuse_conflicts()?;
        Ok(reading)
    }

    /// The flags' conflicts and the paths that clash.
    fn refuse_conflicts(&self) -> Result<(), Fatal> {
        if self.format != Format::Csv && !self.read.columns.is_empty() {
            return Err(Fatal(
                "--column maps CSV columns; the input is not CSV (see --format)".into(),
            ));
        }
        if self.format != Format::Csv && !self.read.leave_out.is_empty() {
            return Err(Fatal(
                "--leave-out leaves out CSV columns; the input is not CSV (see --format)".into(),
            ));
        }
        if self.format != Format::Csv && self.rules.country_column.is_some() {
            return Err(Fatal(
                "--country-column reads a CSV column; the input is not CSV (see --format)".into(),
            ));
        }
        let input = self.file.map(PathBuf::as_path).filter(|p| p.as_os_str() != "-");
        let files: Vec<(&str, &Path)> = input
            .map(|p| ("the input", p))
            .into_iter()
            .chain(self.outputs.iter().filter_map(|(flag, p)| Some((*flag, (*p)?))))
            .collect();
        crate::outputs::refuse_collisions(&files)
    }

    /// `--report-json`'s path.
    fn report_json(&self) -> Option<&'a Path> {
        self.outputs[3].1
    }
}

/// The format FILE's extension names (`.csv`, `.jsonl`, `.json`, `.ndjson`),
/// else form (standard input too).
fn format_of(file: Option<&PathBuf>) -> Format {
    let ext = file
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Format::Csv,
        Some("jsonl" | "json" | "ndjson") => Format::Json,
        _ => Format::Form,
    }
}

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
    if let Some(path) = reading.report_json() {
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
    let bar = match input::file_size(reading.file) {
        Some(len) if !reading.quiet && std::io::stderr().is_terminal() => {
            let bar = indicatif::ProgressBar::new(len);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            Some(bar)
        }
        _ => None,
    };
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
    let mut policy = Policy::new();
    if rules.normalize {
        policy = policy.normalize();
    }
    if rules.drop_invalid_optional {
        policy = policy.drop_invalid_optional();
    }
    if rules.strict {
        policy = policy.strict();
    }
    let mut plan = Plan {
        format,
        policy,
        rewrite: rules.normalize
            || rules.drop_invalid_optional
            || rules.country_column.is_some()
            || rules.default_country_code.is_some(),
        country_column: None,
        default_country: rules.default_country_code.map(str::to_owned),
        add_country_column: false,
        verdicts: false,
        valid_out: false,
        invalid_out: false,
        columns: Vec::new(),
        term: Term::Lf,
        delimiter: plan_delimiter,
        seen: (!rules.allow_duplicates).then(SeenInOrder::new),
        array: matches!(cutter, Cutter::JsonArray(_)),
        keep: each.is_some(),
    };
    // The header, and every refusal it brings (a missing column, a
    // look-alike), before any output is opened or created.
    let header = match format {
        Format::Csv => Some(read_header(&mut cutter, &mut reader, reading, &name)?),
        _ => None,
    };
    let mut verdicts = verdicts()?;
    let mut valid_out = Output::optional(reading.outputs[1].1)?;
    let mut invalid_out = Output::optional(reading.outputs[2].1)?;
    plan.verdicts = verdicts.is_some();
    plan.valid_out = valid_out.is_some();
    plan.invalid_out = invalid_out.is_some();
    if plan.array {
        // The outputs of an array are arrays.
        valid_out = valid_out.map(Output::into_array);
        invalid_out = invalid_out.map(Output::into_array);
    }
    let mut header_names: Vec<String> = Vec::new();
    let mut header_leave_out: Vec<Field> = Vec::new();
    if let Some(header) = header {
        header_names.clone_from(&header.names);
        header_leave_out.clone_from(&header.leave_out);
        plan.columns = header.columns;
        plan.term = header.term;
        plan.country_column = header.country;
        plan.add_country_column =
            (rules.normalize || rules.country_column.is_some() || rules.default_country_code.is_some())
                && !plan.columns.contains(&Some(Field::MobileCountryCode));
        let terminator = plan.term.bytes();
        if let Some(out) = &mut valid_out {
            // Headed so that `send` reads it with no flag given again.
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
        if let Some(out) = &mut invalid_out {
            out.write(&header.raw)?;
            out.write(&[plan.delimiter])?;
            out.write(b"errors")?;
            out.write(terminator)?;
        }
    }

    let mut tally = Tally::default();
    if format == Format::Csv {
        tally.columns = Some(report::Columns {
            read: columns::data_fields()
                .filter_map(|f| {
                    let at = plan.columns.iter().position(|c| *c == Some(f))?;
                    Some((f, header_names.get(at)?.clone()))
                })
                .collect(),
            country_filled: plan.add_country_column,
            not_sent: columns::data_fields()
                .filter(|f| !plan.columns.contains(&Some(*f)))
                .filter(|f| !(*f == Field::MobileCountryCode && plan.add_country_column))
                .map(|f| {
                    (
                        f,
                        if header_leave_out.contains(&f) {
                            "--leave-out"
                        } else {
                            "no column"
                        },
                    )
                })
                .collect(),
        });
    }
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let plan = Arc::new(plan);
    let mut writer = Writer {
        pending: BTreeMap::new(),
        spare: Vec::new(),
        sent: 0,
        written: 0,
        done_tx,
        done_rx,
    };
    let mut sinks = Sinks {
        verdicts: &mut verdicts,
        valid: &mut valid_out,
        invalid: &mut invalid_out,
        tally: &mut tally,
        each: each.take(),
    };
    let mut job = Job::default();
    loop {
        let cells_at = job.cells.ends.len();
        let next = cutter.next(&mut reader, &mut job).map_err(read_failed)?;
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
                writer.send(full, &plan, &mut sinks)?;
                writer.drain(&mut sinks)?;
                oversize(
                    &plan,
                    max,
                    line,
                    &head_bytes,
                    complete,
                    &mut cutter,
                    &mut reader,
                    &mut sinks,
                )?;
                continue;
            }
            Next::End => break,
        }
        let full = std::mem::replace(&mut job, writer.fresh());
        writer.send(full, &plan, &mut sinks)?;
    }
    writer.send(job, &plan, &mut sinks)?;
    writer.drain(&mut sinks)?;
    for out in [verdicts, valid_out, invalid_out].into_iter().flatten() {
        out.commit()?;
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok((tally, reader.get_ref().get_ref().bytes))
}

/// How the input is cut into records.
enum Cutter {
    Lines(Lines),
    Csv(Box<Csv>),
    JsonArray(JsonArray),
}

impl Cutter {
    fn next(&mut self, reader: &mut impl BufRead, job: &mut Job) -> std::io::Result<Next> {
        match self {
            Cutter::Lines(l) => l.next(reader, &mut job.data),
            Cutter::Csv(c) => c.next(reader, &mut job.data, &mut job.cells),
            Cutter::JsonArray(a) => a.next(reader, &mut job.data),
        }
    }

    fn finish_oversize(
        &mut self,
        reader: &mut impl BufRead,
        sink: &mut dyn FnMut(&[u8]) -> Result<(), Stop>,
    ) -> Result<Option<Term>, Stop> {
        match self {
            Cutter::Lines(l) => l.finish_oversize(reader, sink),
            Cutter::Csv(c) => c.finish_oversize(reader, sink),
            Cutter::JsonArray(a) => a.finish_oversize(reader, sink),
        }
    }
}

/// The CSV header: which field each column holds, as read.
struct Header {
    columns: Vec<Option<Field>>,
    /// The header's cells, as text.
    names: Vec<String>,
    /// The fields `--leave-out` names.
    leave_out: Vec<Field>,
    /// The column of `--country-column`.
    country: Option<usize>,
    raw: Vec<u8>,
    term: Term,
}

/// Reads the header row and maps its columns, with `--column` first.
fn read_header(
    cutter: &mut Cutter,
    reader: &mut impl BufRead,
    reading: &Reading<'_>,
    name: &str,
) -> Result<Header, Stop> {
    let mut job = Job::default();
    let next = cutter
        .next(reader, &mut job)
        .map_err(|e| Stop::from(Fatal::io(format!("reading {name}"), &e)))?;
    let raw = match next {
        Next::Record { raw, .. } => raw,
        Next::TooLarge { .. } => {
            return Err(Fatal(format!(
                "{name}: the header row is longer than --max-record-bytes"
            ))
            .into())
        }
        Next::End => return Err(Fatal(format!("{name}: no header row (CSV input needs one)")).into()),
    };
    // csv-core ends a record at its `\r`; a `\n` after it may be read
    // already, or not yet.
    let term = match (job.data.get(raw.end), job.data.get(raw.end + 1)) {
        (Some(b'\r'), Some(b'\n')) => Term::CrLf,
        (Some(b'\r'), Some(_)) => Term::Cr,
        (Some(b'\r'), None) => match reader.fill_buf() {
            Ok(buf) if buf.first() == Some(&b'\n') => Term::CrLf,
            _ => Term::Cr,
        },
        _ => Term::Lf,
    };
    let names: Vec<String> = cells(&job.cells, 0, job.cells.ends.len())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    // Headers match field names and mappings with case, `_`, `-` and
    // spacing aside (`columns::key`).
    let key = columns::key;
    let keys: Vec<String> = names.iter().map(|n| key(n)).collect();
    let mut columns: Vec<Option<Field>> = names
        .iter()
        .map(|n| {
            if columns::marked(n) {
                None
            } else {
                columns::named(n)
            }
        })
        .collect();
    let mut mapped: Vec<(Field, &str, usize)> = Vec::new();
    for mapping in &reading.read.columns {
        let Some((field, header)) = mapping.split_once('=') else {
            return Err(Fatal(format!("--column {mapping}: expected FIELD=HEADER")).into());
        };
        let field: Field = field.parse().map_err(|_| {
            Fatal(format!(
                "--column {mapping}: {field} is not a field name of the request"
            ))
        })?;
        let found: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key(header)).collect();
        let at = match found[..] {
            [at] => at,
            [] => {
                let near = names
                    .iter()
                    .map(|n| (strsim::levenshtein(&key(n), &key(header)), n))
                    .min_by_key(|(d, _)| *d)
                    .filter(|(d, _)| *d <= 3.max(header.len() / 3));
                let hint = near.map_or_else(String::new, |(_, n)| format!("; did you mean {n}?"));
                return Err(Fatal(format!(
                    "--column {mapping}: {name} has no column headed {header}{hint}"
                ))
                .into());
            }
            [a, b, ..] => {
                return Err(Fatal(format!(
                    "--column {mapping}: {name} has two columns headed {header} (columns {} and {}); rename one",
                    a + 1,
                    b + 1
                ))
                .into());
            }
        };
        if let Some((_, other, _)) = mapped.iter().find(|(f, _, _)| *f == field) {
            return Err(Fatal(format!(
                "--column {mapping}: {field} is already read from column {other}; map it once"
            ))
            .into());
        }
        if let Some((other, _, _)) = mapped.iter().find(|(_, _, i)| *i == at) {
            return Err(Fatal(format!(
                "--column {mapping}: column {header} is already mapped to {other}; a column holds one field"
            ))
            .into());
        }
        mapped.push((field, header, at));
    }
    for &(field, _, at) in &mapped {
        // An explicit mapping replaces the column named like the field.
        for c in columns.iter_mut().filter(|c| **c == Some(field)) {
            *c = None;
        }
        columns[at] = Some(field);
    }
    let mut leave_out = Vec::new();
    for text in &reading.read.leave_out {
        let field: Field = text
            .parse()
            .map_err(|_| Fatal(format!("--leave-out {text}: not a field name of the request")))?;
        if field.is_required() || field == Field::GetClientAuthToken {
            return Err(Fatal(format!(
                "--leave-out {text}: every request sends {field}; only email_address, first_name, last_name and mobile_country_code can be left out"
            ))
            .into());
        }
        if mapped.iter().any(|(f, _, _)| *f == field) {
            return Err(Fatal(format!(
                "--leave-out {text}: --column maps {field}; do one or the other"
            ))
            .into());
        }
        // Its column, if one is named like it, is carried.
        for c in columns.iter_mut().filter(|c| **c == Some(field)) {
            *c = None;
        }
        leave_out.push(field);
    }
    let country = match reading.rules.country_column {
        None => None,
        Some(header) => {
            let found: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key(header)).collect();
            match found[..] {
                [at] if columns[at].is_none() => Some(at),
                [at] => {
                    return Err(Fatal(format!(
                        "--country-column {header}: that column holds {}; name the column with the country",
                        columns[at].map_or("", Field::as_str)
                    ))
                    .into())
                }
                [] => return Err(Fatal(format!("--country-column {header}: {name} has no column headed {header}")).into()),
                [a, b, ..] => {
                    return Err(Fatal(format!(
                        "--country-column {header}: {name} has two columns headed {header} (columns {} and {}); rename one",
                        a + 1,
                        b + 1
                    ))
                    .into())
                }
            }
        }
    };
    // The headers of common exports, for the fields still without a column.
    columns::fill_from_aliases(&names, &mut columns, &leave_out, country);
    for field in Field::ALL {
        let held: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i] == Some(field))
            .collect();
        if held.len() > 1 {
            return Err(Fatal(format!(
                "{name}: columns {} and {} both hold {field}; keep one, or map one with --column",
                held[0] + 1,
                held[1] + 1
            ))
            .into());
        }
        if held.is_empty() && field.is_required() {
            // A header that is one cell holding another delimiter.
            let other = (names.len() == 1)
                .then(|| {
                    [(';', "semicolons"), ('\t', "tabs"), ('|', "bars")]
                        .into_iter()
                        .find(|(c, _)| names[0].contains(*c))
                })
                .flatten();
            if let Some((c, word)) = other {
                let flag = if c == '\t' {
                    "tab".to_owned()
                } else {
                    format!("'{c}'")
                };
                return Err(Fatal(format!(
                    "{name}: the header row is one cell holding {word}: the file looks separated by {word}; try --delimiter {flag}"
                ))
                .into());
            }
            return Err(Fatal(format!(
                "{name}: no {field} column (name a column {field}, or map one with --column {field}=HEADER){}",
                columns::hint_for_missing(field, &names, &columns)
            ))
            .into());
        }
    }
    let lookalikes = columns::unmapped_lookalikes(&names, &columns, &leave_out, country);
    if !lookalikes.is_empty() {
        return Err(Fatal(columns::lookalike_message(name, &lookalikes)).into());
    }
    Ok(Header {
        columns,
        names,
        leave_out,
        country,
        raw: job.data[raw].to_vec(),
        term,
    })
}

/// The cells `first .. first + count` of `cells`.
fn cells(cells: &Cells, first: usize, count: usize) -> impl Iterator<Item = &[u8]> {
    (first..first + count).map(move |i| {
        let start = if i == 0 { 0 } else { cells.ends[i - 1] };
        &cells.bytes[start..cells.ends[i]]
    })
}

/// The outputs and the tally, as the main thread holds them.
struct Sinks<'a, 'c> {
    verdicts: &'a mut Option<Output>,
    valid: &'a mut Option<Output>,
    invalid: &'a mut Option<Output>,
    tally: &'a mut Tally,
    each: Option<Consumer<'c>>,
}

/// Hands chunks to rayon's thread pool and writes them back in input
/// order: the ordered parallel map of `check`.
struct Writer {
    pending: BTreeMap<u64, Option<Written>>,
    sent: u64,
    written: u64,
    /// Chunks back from the pool, emptied: their buffers are filled again
    /// rather than allocated (fresh pages each chunk cost more CPU than the
    /// copying into them).
    spare: Vec<Job>,
    done_tx: mpsc::Sender<Done>,
    done_rx: mpsc::Receiver<Done>,
}

impl Writer {
    /// An empty chunk: a spare one, or a new one.
    fn fresh(&mut self) -> Job {
        self.spare.pop().unwrap_or_default()
    }

    /// Hands `job` to the pool (unless it is empty), first making room so
    /// that at most `IN_FLIGHT` chunks exist. Chunks start in the order
    /// they are handed over (`spawn_fifo`), which the duplicate check's
    /// turns rely on.
    fn send(&mut self, mut job: Job, plan: &Arc<Plan>, sinks: &mut Sinks<'_, '_>) -> Result<(), Stop> {
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
    fn drain(&mut self, sinks: &mut Sinks<'_, '_>) -> Result<(), Stop> {
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
    sinks.tally.refused((None, error.reason()), line);
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
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_job(plan, &job, &mut tools))).ok();
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

/// Checks every record of a chunk.
fn check_job(plan: &Plan, job: &Job, csv: &mut CsvOut) -> Written {
    let mut w = Written::default();
    // One UTF-8 check for the chunk's cells together, not one a cell (about
    // 530 instructions a record). Cells that are each UTF-8 are UTF-8 end to
    // end, and each is a char-boundary slice of the whole; a cell that is
    // not UTF-8 either fails the whole check or falls off a char boundary,
    // and is then checked alone (csv_input).
    let cell_text = std::str::from_utf8(&job.cells.bytes).ok();
    if plan.verdicts {
        w.verdicts.reserve(job.data.len() + job.data.len() / 2);
    }
    // Every record's outcome first (skipped lines left out)...
    let mut outcomes = Vec::with_capacity(job.records.len());
    for rec in &job.records {
        let raw = &job.data[rec.raw.clone()];
        // A blank line, or a line of spaces, is no record in any format.
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let outcome = match plan.format {
            Format::Csv
                if rec.term.is_none() && {
                    input::raw_cells(&mut csv.splitter, raw, &mut csv.spans);
                    input::ends_in_open_quote(raw, &csv.spans)
                } =>
            {
                (Err(vec![Refusal::UnterminatedQuote]), Notes::default())
            }
            Format::Csv => match csv_input(plan, &job.cells, cell_text, rec) {
                Some(Ok((input, country))) => decide(plan, input, country),
                Some(Err(refusals)) => (Err(refusals), Notes::default()),
                None => continue,
            },
            Format::Json => match CustomerInput::from_json(raw) {
                Ok(input) => decide(plan, input, None),
                Err(e) => (Err(vec![e.into()]), Notes::default()),
            },
            Format::Form => decide(plan, CustomerInput::from_form(raw), None),
        };
        outcomes.push((rec, outcome));
    }
    // ...then, in input order across chunks, the valid ones an earlier
    // record already had become duplicates...
    if let Some(seen) = &plan.seen {
        let keys: Vec<(u128, u64)> = outcomes
            .iter()
            .filter_map(|(rec, (o, _))| {
                Some((
                    reference_key(o.as_ref().ok()?.object_reference_id.as_str()),
                    rec.line,
                ))
            })
            .collect();
        let mut firsts = seen.take_turn(job.seq, &keys).into_iter();
        for (_, (outcome, _)) in &mut outcomes {
            if outcome.is_ok() {
                if let Some(Some(first_line)) = firsts.next() {
                    *outcome = Err(vec![Refusal::Duplicate { first_line }]);
                }
            }
        }
    }
    // ...and the outputs.
    for (rec, (outcome, notes)) in outcomes {
        let raw = &job.data[rec.raw.clone()];
        w.tally.records += 1;
        w.tally.noted(&notes, rec.line);
        match outcome {
            Ok(request) => {
                w.tally.valid += 1;
                if plan.verdicts {
                    verdict_line(
                        &mut w.verdicts,
                        &VerdictJson::valid(&request, &notes).at_line(rec.line),
                    );
                }
                if plan.valid_out {
                    write_valid_record(plan, csv, &mut w.valid, raw, &job.cells, rec, &request);
                }
                if plan.keep {
                    let mut body = Vec::new();
                    encode_form_into(&request, &mut body);
                    w.checked.push(Checked {
                        line: rec.line,
                        request: request.into_owned(),
                        // The form encoder writes ASCII only: no copy, and
                        // the lossy arm is never taken.
                        body: String::from_utf8(body)
                            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
                    });
                }
            }
            Err(errors) => {
                for e in &errors {
                    w.tally.refused((e.field(), e.reason()), rec.line);
                }
                if plan.verdicts {
                    verdict_line(
                        &mut w.verdicts,
                        &VerdictJson::refused(&errors, &notes).at_line(rec.line),
                    );
                }
                if plan.invalid_out {
                    if plan.array {
                        w.invalid.extend_from_slice(b",\n");
                    }
                    w.invalid.extend_from_slice(raw);
                    end_invalid_record(plan, &mut csv.writer, &mut w.invalid, rec.term, &errors);
                }
            }
        }
    }
    w
}

/// An `object_reference_id` as 128 bits, FNV-1a-128: two ids share a key
/// by chance about once in 10^25 pairs among ten million (the ids are
/// the caller's own, so no adversary is in play), for a few instructions a
/// byte.
fn reference_key(id: &str) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    id.bytes()
        .fold(OFFSET, |h, b| (h ^ u128::from(b)).wrapping_mul(PRIME))
}

/// Hashes a `u128` key that is a hash already: its two halves folded.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u128(&mut self, key: u128) {
        // Both halves folded: FNV's low bits alone mix poorly.
        self.0 = (key >> 64) as u64 ^ key as u64;
    }
}

/// The first line of each valid `object_reference_id` seen so far.
type Seen = std::collections::HashMap<u128, u64, std::hash::BuildHasherDefault<KeyHasher>>;

/// The set of valid ids seen, which chunks consult and add to in input
/// order: a worker waits for the chunks before its own, so that the first
/// record with an id is the one that stays valid, while the checking itself
/// runs in parallel and the reading thread never touches the set.
struct SeenInOrder {
    /// The sequence number of the chunk whose turn it is, and the set.
    state: Mutex<(u64, Seen)>,
    turn: Condvar,
}

impl SeenInOrder {
    fn new() -> Self {
        SeenInOrder {
            state: Mutex::new((0, Seen::default())),
            turn: Condvar::new(),
        }
    }

    /// Waits for chunk `seq`'s turn, then for each (key, line): the first
    /// line that had the key, or `None` (and the key is added).
    fn take_turn(&self, seq: u64, keys: &[(u128, u64)]) -> Vec<Option<u64>> {
        // A panic elsewhere poisons nothing that matters here.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.0 != seq {
            state = self.turn.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        let firsts = keys
            .iter()
            .map(|&(key, line)| match state.1.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(line);
                    None
                }
            })
            .collect();
        state.0 += 1;
        self.turn.notify_all();
        firsts
    }

    /// Passes chunk `seq`'s turn when it could not take it (its checking
    /// panicked), so that the chunks after it are not kept waiting.
    fn pass(&self, seq: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.0 < seq {
            state = self.turn.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        if state.0 == seq {
            state.0 += 1;
            self.turn.notify_all();
        }
    }
}

/// A record's outcome and notes.
type Decision<'a> = (Result<CustomerRequest<'a>, Vec<Refusal>>, Notes);

/// Decides an input under the plan's policy, with the country it has from
/// a country column or `--default-country-code`.
fn decide<'a>(plan: &'a Plan, input: CustomerInput<'a>, country: Option<String>) -> Decision<'a> {
    // Both are calling codes already checked against the table.
    let country = match country {
        Some(row) => MobileCountryCode::new(row).ok(),
        None => plan
            .default_country
            .as_deref()
            .and_then(|c| MobileCountryCode::new(c).ok()),
    };
    let verdict = plan.policy.check_with_country(input, country);
    let outcome = verdict
        .request
        .map_err(|e| e.into_iter().map(Refusal::Field).collect());
    (outcome, verdict.notes)
}

/// A CSV record as an input: `None` for a row whose cells are all empty
/// (skipped like a blank line); an `Err` input for a wrong cell count.
/// A CSV record as an input and the country its country cell holds.
type CsvInput<'a> = Result<(CustomerInput<'a>, Option<String>), Vec<Refusal>>;

fn csv_input<'a>(plan: &Plan, all: &'a Cells, text: Option<&'a str>, rec: &Rec) -> Option<CsvInput<'a>> {
    let mut row = cells(all, rec.cells_at, rec.cell_count);
    if rec.cell_count == plan.columns.len() && cells(all, rec.cells_at, rec.cell_count).all(<[u8]>::is_empty)
    {
        return None;
    }
    if rec.cell_count != plan.columns.len() {
        let refusal = Refusal::CellCount {
            expected: plan.columns.len(),
            found: rec.cell_count,
        };
        return Some(Err(vec![refusal]));
    }
    let mut input = CustomerInput::new();
    let mut country = None;
    for (i, column) in plan.columns.iter().enumerate() {
        let cell = row.next().unwrap_or_default();
        if plan.country_column == Some(i) && !cell.is_empty() {
            let code = std::str::from_utf8(cell).ok().and_then(crate::args::country_code);
            match code {
                Some(code) => country = Some(code),
                None => return Some(Err(vec![Refusal::UnknownCountry])),
            }
        }
        let Some(field) = column else { continue };
        // An empty cell is an absent field.
        if cell.is_empty() {
            continue;
        }
        let end = all.ends[rec.cells_at + i];
        let as_text = text
            .and_then(|t| t.get(end - cell.len()..end))
            .or_else(|| std::str::from_utf8(cell).ok());
        let value = match as_text {
            Some(text) => FieldValue::from(text),
            None => FieldValue::InvalidUtf8,
        };
        input.set(*field, value);
    }
    Some(Ok((input, country)))
}

/// Appends the record to the valid output: as read, or re-encoded when
/// normalized (CSV keeps every column, with the fields' new values).
fn write_valid_record(
    plan: &Plan,
    csv: &mut CsvOut,
    out: &mut Vec<u8>,
    raw: &[u8],
    all: &Cells,
    rec: &Rec,
    request: &CustomerRequest<'_>,
) {
    if plan.array {
        out.extend_from_slice(b",\n");
    }
    match (plan.format, plan.rewrite) {
        (Format::Form, true) => encode_form_into(request, out),
        (Format::Json, true) => encode_json_into(request, out),
        (Format::Csv, true) => {
            // Only the cells normalization changed are written anew (quoted
            // by csv-core where needed); every other cell keeps its bytes.
            input::raw_cells(&mut csv.splitter, raw, &mut csv.spans);
            for (i, cell) in cells(all, rec.cells_at, rec.cell_count).enumerate() {
                if i > 0 {
                    out.push(plan.delimiter);
                }
                let new = plan.columns[i]
                    .map(|f| field_text(request, f).unwrap_or_default().as_bytes())
                    .filter(|new| *new != cell);
                match (new, csv.spans.get(i)) {
                    (None, Some(span)) => out.extend_from_slice(&raw[span.clone()]),
                    (new, _) => csv.writer.cell(out, new.unwrap_or(cell)),
                }
            }
            if plan.add_country_column {
                out.push(plan.delimiter);
                csv.writer
                    .cell(out, request.mobile_country_code.as_str().as_bytes());
            }
        }
        _ => out.extend_from_slice(raw),
    }
    out.extend_from_slice(terminator(plan, rec.term));
}

/// A chunk's CSV tools: the writer for new cells, and a reader that finds
/// the raw bytes of each cell of a record.
struct CsvOut {
    writer: CsvWriter,
    splitter: csv_core::Reader,
    spans: Vec<Range<usize>>,
}

impl CsvOut {
    fn new(plan: &Plan) -> Self {
        CsvOut {
            writer: CsvWriter::new(plan.term, plan.delimiter),
            splitter: csv_core::ReaderBuilder::new().delimiter(plan.delimiter).build(),
            spans: Vec::new(),
        }
    }
}

/// The text a request sends for `field` (`true`/`false` for the option).
fn field_text<'r>(request: &'r CustomerRequest<'_>, field: Field) -> Option<&'r str> {
    if field == Field::GetClientAuthToken {
        return request
            .get_client_auth_token
            .map(|b| if b { "true" } else { "false" });
    }
    request.text_fields().find(|(f, _)| *f == field).map(|(_, v)| v)
}

/// Ends a refused record in the invalid output: for CSV, a last cell with
/// the messages; then the line break.
fn end_invalid_record(
    plan: &Plan,
    csv: &mut CsvWriter,
    out: &mut Vec<u8>,
    term: Option<Term>,
    errors: &[Refusal],
) {
    if plan.format == Format::Csv {
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        csv.delimiter(out);
        csv.field(out, messages.join("; ").as_bytes());
        csv.terminator(out);
        return;
    }
    out.extend_from_slice(terminator(plan, term));
}

/// The line end to write after a record: a CSV file's own, or the line's
/// (`\n` after a last line that had none).
fn terminator(plan: &Plan, term: Option<Term>) -> &'static [u8] {
    match plan.format {
        Format::Csv => plan.term.bytes(),
        // An array's records are separated, not ended.
        _ if plan.array => b"",
        _ => term.unwrap_or(Term::Lf).bytes(),
    }
}

/// Appends one verdict line: the library's verdict JSON, then `\n`.
fn verdict_line<E: serde::Serialize>(out: &mut Vec<u8>, verdict: &VerdictJson<'_, E>) {
    verdict.write_into(out);
    out.push(b'\n');
}
