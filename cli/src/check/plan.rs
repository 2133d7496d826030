//! What `checked` is asked to do (`Reading`, from a command's flags, its
//! conflicts refused before any file is opened) and what every chunk's
//! check needs to know once the header is read (`Plan`).

use std::path::{Path, PathBuf};

use juspay_customer::calling_code::Country;
use juspay_customer::{Field, Policy};

use super::seen::SeenInOrder;
use crate::args::{CheckArgs, Format, ReadArgs};
use crate::csv_writer::Term;
use crate::error::Fatal;
use crate::outputs::refuse_collisions;

/// What `checked` reads, how it decides each record, and where it writes:
/// a command's flags turned into one plan, every conflict and every path
/// clash refused before any file is opened or created.
pub(crate) struct Reading<'a> {
    pub(super) file: Option<&'a PathBuf>,
    pub(super) read: &'a ReadArgs,
    pub(super) format: Format,
    pub(super) max_record_bytes: usize,
    pub(super) quiet: bool,
    pub(super) rules: Rules<'a>,
    pub(super) verdicts: Option<&'a Path>,
    pub(super) valid_out: Option<&'a Path>,
    pub(super) invalid_out: Option<&'a Path>,
    pub(super) report_json: Option<&'a Path>,
}

/// How each record is decided beyond the library's rules.
#[derive(Default)]
pub(super) struct Rules<'a> {
    pub(super) normalize: bool,
    pub(super) drop_invalid_optional: bool,
    pub(super) repair_names: bool,
    pub(super) strict: bool,
    pub(super) country_column: Option<&'a str>,
    pub(super) default_country_code: Option<Country>,
    pub(super) allow_duplicates: bool,
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
                repair_names: args.repair_names,
                strict: args.strict,
                country_column: args.country_column.as_deref(),
                default_country_code: args.default_country_code,
                allow_duplicates: args.allow_duplicates,
            },
            verdicts: args.verdicts.as_deref(),
            valid_out: args.valid_out.as_deref(),
            invalid_out: args.invalid_out.as_deref(),
            report_json: args.report_json.as_deref(),
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
            verdicts: None,
            valid_out: None,
            invalid_out: None,
            report_json: None,
        };
        reading.refuse_conflicts()?;
        Ok(reading)
    }

    /// The flags' conflicts and the paths that clash.
    pub(super) fn refuse_conflicts(&self) -> Result<(), Fatal> {
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
            .chain(
                [
                    ("--verdicts", self.verdicts),
                    ("--valid-out", self.valid_out),
                    ("--invalid-out", self.invalid_out),
                    ("--report-json", self.report_json),
                ]
                .into_iter()
                .filter_map(|(flag, p)| Some((flag, p?))),
            )
            .collect();
        refuse_collisions(&files)
    }
}

/// The format FILE's extension names (`.csv`, `.jsonl`, `.json`, `.ndjson`),
/// else form (standard input too).
pub(super) fn format_of(file: Option<&PathBuf>) -> Format {
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

/// What every worker needs to know.
pub(super) struct Plan {
    pub(super) format: Format,
    /// Normalize, drop refused optional fields, strict: the library's.
    pub(super) policy: Policy,
    /// The repair flags not given, each as its index in `report::HINTS` with the
    /// policy it would make (bit `i` of a `Decision`'s mask: `HINTS[i]`
    /// would pass the record).
    pub(super) hints: Vec<(u8, Policy)>,
    /// Valid records are written anew (normalized, fields dropped, a
    /// country filled in) rather than as read.
    pub(super) rewrite: bool,
    /// CSV: the column of `--country-column`.
    pub(super) country_column: Option<usize>,
    /// `--default-country-code`: a region or a calling code.
    pub(super) default_country: Option<Country>,
    /// CSV: the input has no mobile_country_code column but one may be
    /// filled in, so the valid output gets one, last.
    pub(super) add_country_column: bool,
    pub(super) verdicts: bool,
    pub(super) valid_out: bool,
    pub(super) invalid_out: bool,
    /// CSV: the field each column holds (`None`: carried along), and the
    /// line end its header has (every CSV output record gets it).
    pub(super) columns: Vec<Option<Field>>,
    pub(super) term: Term,
    /// CSV: the cell delimiter, `--delimiter` or sniffed from the header.
    pub(super) delimiter: u8,
    /// Unless `--allow-duplicates`: the valid ids seen, so that a valid
    /// record whose `object_reference_id` an earlier one had is refused.
    pub(super) seen: Option<SeenInOrder>,
    /// The input is one JSON array: each output record is written as `,\n`
    /// and the element (the output makes the first `,` its `[`).
    pub(super) array: bool,
    /// A consumer takes the valid records (`Written::checked`).
    pub(super) keep: bool,
}

impl Plan {
    /// The plan for `reading`, before any header: CSV's `delimiter`,
    /// whether the input is one JSON `array`, and whether a consumer
    /// `keep`s the valid records.
    pub(super) fn new(reading: &Reading<'_>, delimiter: u8, array: bool, keep: bool) -> Self {
        let rules = &reading.rules;
        let mut policy = Policy::new();
        if rules.normalize {
            policy = policy.normalize();
        }
        if rules.drop_invalid_optional {
            policy = policy.drop_invalid_optional();
        }
        if rules.repair_names {
            policy = policy.repair_names();
        }
        if rules.strict {
            policy = policy.strict();
        }
        // The flags not given, each alone beside the given ones, by their
        // index in `report::HINTS`: a refused record is tried under each,
        // for the report's "of these pass with"; not when no report shows it.
        let shown = !reading.quiet || reading.report_json.is_some();
        let hints = [
            (shown && !rules.normalize).then(|| (0, policy.normalize())),
            (shown && !rules.drop_invalid_optional).then(|| (1, policy.drop_invalid_optional())),
            (shown && !rules.repair_names).then(|| (2, policy.repair_names())),
        ]
        .into_iter()
        .flatten()
        .collect();
        Plan {
            format: reading.format,
            policy,
            hints,
            rewrite: rules.normalize
                || rules.drop_invalid_optional
                || rules.repair_names
                || rules.country_column.is_some()
                || rules.default_country_code.is_some(),
            country_column: None,
            default_country: rules.default_country_code,
            add_country_column: false,
            verdicts: false,
            valid_out: false,
            invalid_out: false,
            columns: Vec::new(),
            term: Term::Lf,
            delimiter,
            seen: (!rules.allow_duplicates).then(SeenInOrder::new),
            array,
            keep,
        }
    }
}
