//! The report `check` writes to stderr: the counts, then the refusals by
//! field and reason. It shows field names and reason names, never a value.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::time::Duration;

use juspay_customer::{Field, Notes};

/// A progress bar of `len` units drawn with `template`, when standard
/// error is a terminal, unless `quiet`: `check` counts bytes, `send`
/// records.
pub(crate) fn progress_bar(len: u64, template: &str, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Below this many records the rate is left out of the first line, so that
/// the report of a small file reads the same on every run.
pub(crate) const RATE_FROM_RECORDS: u64 = 10_000;

/// One refusal: the field (`None` for the whole record) and the reason name.
pub(crate) type Key = (Option<Field>, &'static str);

/// Counts of a run.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) records: u64,
    pub(crate) valid: u64,
    /// For each field and reason: how many, and the first line.
    refusals: HashMap<Key, (u64, u64)>,
    /// The same for fields left out by `--drop-invalid-optional`.
    dropped: HashMap<Key, (u64, u64)>,
    /// The same for warnings (values over Juspay's server limits).
    warnings: HashMap<Key, (u64, u64)>,
    /// For each refusal: how many of its records each of `HINTS` alone
    /// would have passed.
    passes_with: HashMap<Key, [u64; 3]>,
    /// Records whose number `--normalize` split.
    pub(crate) split: u64,
    /// Records whose number lost an extension under `--normalize`.
    extensions: u64,
    /// Names `--repair-names` repaired in valid records: first_name,
    /// last_name.
    repaired: [u64; 2],
    /// CSV: where each field is read from, and what is not sent.
    pub(crate) columns: Option<Columns>,
}

/// CSV: the column each field is read from, and each field not sent.
pub(crate) struct Columns {
    /// (field, header) in the fields' order.
    pub(crate) read: Vec<(Field, String)>,
    /// `mobile_country_code` has no column but the country flags fill it in.
    pub(crate) country_filled: bool,
    /// (field, why): `no column`, `--leave-out`.
    pub(crate) not_sent: Vec<(Field, &'static str)>,
}

impl Columns {
    /// Whether the report shows the columns: a field is read from a column
    /// not headed like it, or one is not sent.
    pub(crate) fn notable(&self) -> bool {
        !self.not_sent.is_empty() || self.read.iter().any(|(f, h)| h != f.as_str())
    }

    /// Two lines: the columns read, and the fields not sent (or that every
    /// field is sent).
    pub(crate) fn render(&self) -> String {
        let read: Vec<String> = self
            .read
            .iter()
            .map(|(f, h)| {
                if h == f.as_str() {
                    f.as_str().to_owned()
                } else {
                    format!("{f} from \"{h}\"")
                }
            })
            .collect();
        let mut out = format!("fields read: {}", read.join(", "));
        if self.country_filled {
            out.push_str(", mobile_country_code (from the country flags)");
        }
        out.push('\n');
        if self.not_sent.is_empty() {
            out.push_str("not sent: none\n");
        } else {
            let list: Vec<String> = self
                .not_sent
                .iter()
                .map(|(f, why)| match f {
                    Field::MobileCountryCode => format!("{f} ({why}: Juspay's default, 91, applies)"),
                    _ => format!("{f} ({why})"),
                })
                .collect();
            out.push_str(&format!("not sent: {}\n", list.join(", ")));
        }
        out
    }

    fn to_json(&self) -> serde_json::Value {
        let read: serde_json::Map<String, serde_json::Value> = self
            .read
            .iter()
            .map(|(f, h)| (f.as_str().to_owned(), h.as_str().into()))
            .collect();
        let not_sent: Vec<serde_json::Value> = self
            .not_sent
            .iter()
            .map(|(f, why)| serde_json::json!({"field": f.as_str(), "why": why}))
            .collect();
        serde_json::json!({"read": read, "country_filled": self.country_filled, "not_sent": not_sent})
    }
}

/// The flags `check` tries a refused record under, each alone, for the
/// report's "of these pass with".
pub(crate) const HINTS: [&str; 3] = ["--normalize", "--drop-invalid-optional", "--repair-names"];

/// The refusal of a row that repeats an earlier valid one.
const SAME_CUSTOMER: Key = (Some(Field::ObjectReferenceId), "same_customer");

/// Each flag of `HINTS` with how many records it alone would pass, where
/// it would pass some.
fn pass_with(counts: &[u64; 3]) -> Vec<(&'static str, u64)> {
    HINTS.into_iter().zip(*counts).filter(|(_, n)| *n > 0).collect()
}

/// Counts `key` on `line` in `map`.
fn count(map: &mut HashMap<Key, (u64, u64)>, key: Key, line: u64) {
    map.entry(key).or_insert((0, line)).0 += 1;
}

/// Adds `other`'s counts, whose lines come later, to `map`.
fn merge(map: &mut HashMap<Key, (u64, u64)>, other: HashMap<Key, (u64, u64)>) {
    for (key, (n, first)) in other {
        map.entry(key).or_insert((0, first)).0 += n;
    }
}

impl Tally {
    /// Counts a refusal of `key` on `line` (lines arrive in input order),
    /// and the flags that would each have passed its record (bits of
    /// `HINTS`).
    pub(crate) fn refused(&mut self, key: Key, line: u64, passes_with: u8) {
        count(&mut self.refusals, key, line);
        if passes_with != 0 {
            let counts = self.passes_with.entry(key).or_default();
            for (i, n) in counts.iter_mut().enumerate() {
                *n += u64::from(passes_with >> i & 1);
            }
        }
    }

    /// Counts a record's warnings, dropped fields and split.
    pub(crate) fn noted(&mut self, notes: &Notes, line: u64) {
        for w in &notes.warnings {
            count(&mut self.warnings, (w.field, w.reason.as_str()), line);
        }
        for d in &notes.dropped {
            count(&mut self.dropped, (d.field, d.reason.as_str()), line);
        }
        self.split += u64::from(notes.split.is_some());
        self.extensions += u64::from(notes.extension_removed);
    }

    /// Counts a valid record's repaired names.
    pub(crate) fn kept_repaired(&mut self, notes: &Notes) {
        for field in &notes.repaired {
            self.repaired[usize::from(*field == Field::LastName)] += 1;
        }
    }

    /// Adds another tally whose lines all come after this one's.
    pub(crate) fn absorb(&mut self, other: Tally) {
        self.records += other.records;
        self.valid += other.valid;
        self.split += other.split;
        self.extensions += other.extensions;
        self.repaired[0] += other.repaired[0];
        self.repaired[1] += other.repaired[1];
        for (key, counts) in other.passes_with {
            let mine = self.passes_with.entry(key).or_default();
            for (a, b) in mine.iter_mut().zip(counts) {
                *a += b;
            }
        }
        merge(&mut self.refusals, other.refusals);
        merge(&mut self.dropped, other.dropped);
        merge(&mut self.warnings, other.warnings);
    }

    /// The refusals: most frequent first; ties by the line they first
    /// happened on, then by field (the record itself first) and reason, so
    /// that every run reports the same.
    fn rows(map: &HashMap<Key, (u64, u64)>) -> Vec<(&Key, &(u64, u64))> {
        let mut rows: Vec<(&Key, &(u64, u64))> = map.iter().collect();
        rows.sort_by(|a, b| (b.1 .0, a.1 .1, a.0 .0, a.0 .1).cmp(&(a.1 .0, b.1 .1, b.0 .0, b.0 .1)));
        rows
    }

    /// The report as JSON (`--report-json`), for pipelines: the counts, the
    /// input's bytes, the elapsed seconds, and the refusals in the text
    /// report's order, each with its field (`null` for the whole record),
    /// reason, count, first line and, where a repair flag not given would
    /// have passed some of its records, `pass_with` (flag to count);
    /// `extensions_removed`, `repaired` (per name field, in valid records)
    /// and `same_customer`; for CSV, `columns`: `read` (field to
    /// header), `country_filled` (the country flags fill in
    /// `mobile_country_code`) and `not_sent` (`{"field","why"}`), else
    /// `null`. Never a record's value.
    pub(crate) fn to_json(&self, elapsed: Duration, bytes: u64) -> serde_json::Value {
        let list = |map| -> Vec<serde_json::Value> {
            Self::rows(map)
                .into_iter()
                .map(|(key, (count, first))| {
                    let mut row = serde_json::json!({
                        "field": key.0.map(Field::as_str),
                        "reason": key.1,
                        "count": count,
                        "first_line": first,
                    });
                    if let Some(counts) = self.passes_with.get(key) {
                        let pass: serde_json::Map<String, serde_json::Value> = pass_with(counts)
                            .into_iter()
                            .map(|(f, n)| (f.to_owned(), n.into()))
                            .collect();
                        row["pass_with"] = pass.into();
                    }
                    row
                })
                .collect()
        };
        serde_json::json!({
            "records": self.records,
            "valid": self.valid,
            "invalid": self.records - self.valid,
            "bytes": bytes,
            "elapsed_seconds": elapsed.as_secs_f64(),
            "refusals": list(&self.refusals),
            "dropped": list(&self.dropped),
            "warnings": list(&self.warnings),
            "split": self.split,
            "extensions_removed": self.extensions,
            "repaired": {"first_name": self.repaired[0], "last_name": self.repaired[1]},
            "same_customer": self.refusals.get(&SAME_CUSTOMER).map_or(0, |c| c.0),
            "columns": self.columns.as_ref().map(Columns::to_json),
        })
    }

    /// The report: the first line, then (unless `quiet`) the table.
    pub(crate) fn render(&self, elapsed: Duration, quiet: bool) -> String {
        let mut out = format!(
            "records: {}, valid: {}, invalid: {}",
            self.records,
            self.valid,
            self.records - self.valid
        );
        let secs = elapsed.as_secs_f64();
        if self.records >= RATE_FROM_RECORDS && secs > 0.0 {
            let _ = write!(out, ", records per second: {:.0}", self.records as f64 / secs);
        }
        if self.split > 0 {
            let _ = write!(out, ", numbers split: {}", self.split);
        }
        if self.extensions > 0 {
            let _ = write!(out, ", extensions removed: {}", self.extensions);
        }
        out.push('\n');
        if quiet {
            return out;
        }
        if let Some(columns) = self.columns.as_ref().filter(|c| c.notable()) {
            out.push_str(&columns.render());
        }
        Self::table(
            &mut out,
            "refusals by field and reason:",
            &self.refusals,
            Some(&self.passes_with),
        );
        if let Some((n, first)) = self.refusals.get(&SAME_CUSTOMER) {
            let _ = writeln!(
                out,
                "same_customer: {n} (the first on line {first}) repeat an earlier valid row field for field: \
                 the same customer again, nothing to fix; left out of the valid output, sent once"
            );
        }
        if self.repaired != [0, 0] {
            let _ = writeln!(
                out,
                "repaired by --repair-names in valid records: first_name {}, last_name {}",
                self.repaired[0], self.repaired[1]
            );
        }
        for (title, map) in [
            ("dropped (record kept) by field and reason:", &self.dropped),
            (
                "warnings (Juspay's server code is stricter than its docs) by field and reason:",
                &self.warnings,
            ),
        ] {
            Self::table(&mut out, title, map, None);
        }
        out
    }

    /// One table of the report, unless `map` is empty; under each row, how
    /// many of its records each flag would pass, when `passes_with` says.
    fn table(
        out: &mut String,
        title: &str,
        map: &HashMap<Key, (u64, u64)>,
        passes_with: Option<&HashMap<Key, [u64; 3]>>,
    ) {
        if map.is_empty() {
            return;
        }
        let rows = Self::rows(map);
        let name = |f: &Option<Field>| f.map_or("(record)", Field::as_str);
        let width = rows
            .iter()
            .map(|(k, _)| name(&k.0).len())
            .max()
            .unwrap_or(0)
            .max(5);
        let reason_width = rows.iter().map(|(k, _)| k.1.len()).max().unwrap_or(0).max(6);
        let _ = writeln!(out, "{title}");
        let _ = writeln!(
            out,
            "  {:<width$}  {:<reason_width$}  {:>9}  first line",
            "field", "reason", "count"
        );
        for (key, (count, first)) in rows {
            let _ = writeln!(
                out,
                "  {:<width$}  {:<reason_width$}  {count:>9}  {first}",
                name(&key.0),
                key.1
            );
            for (flag, n) in passes_with
                .and_then(|p| p.get(key))
                .map(pass_with)
                .unwrap_or_default()
            {
                let _ = writeln!(
                    out,
                    "  {:<width$}  {:<reason_width$}  {n:>9} of these pass with {flag}",
                    "", ""
                );
            }
        }
    }
}
