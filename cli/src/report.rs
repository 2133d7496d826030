//! The report `check` writes to stderr: the counts, then the refusals by
//! field and reason. It shows field names and reason names, never a value.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use juspay_customer::Field;

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
}

impl Tally {
    /// Counts a refusal of `key` on `line` (lines arrive in input order).
    pub(crate) fn refused(&mut self, key: Key, line: u64) {
        let entry = self.refusals.entry(key).or_insert((0, line));
        entry.0 += 1;
    }

    /// Adds another tally whose lines all come after this one's.
    pub(crate) fn absorb(&mut self, other: Tally) {
        self.records += other.records;
        self.valid += other.valid;
        for (key, (count, first)) in other.refusals {
            let entry = self.refusals.entry(key).or_insert((0, first));
            entry.0 += count;
        }
    }

    /// The refusals: most frequent first; ties by the line they first
    /// happened on, then by field (the record itself first) and reason, so
    /// that every run reports the same.
    fn rows(&self) -> Vec<(&Key, &(u64, u64))> {
        let mut rows: Vec<(&Key, &(u64, u64))> = self.refusals.iter().collect();
        rows.sort_by(|a, b| (b.1 .0, a.1 .1, a.0 .0, a.0 .1).cmp(&(a.1 .0, b.1 .1, b.0 .0, b.0 .1)));
        rows
    }

    /// The report as JSON (`--report-json`), for pipelines: the counts, the
    /// input's bytes, the elapsed seconds, and the refusals in the text
    /// report's order, each with its field (`null` for the whole record),
    /// reason, count and first line. Never a record's value.
    pub(crate) fn to_json(&self, elapsed: Duration, bytes: u64) -> serde_json::Value {
        let refusals: Vec<serde_json::Value> = self
            .rows()
            .into_iter()
            .map(|((field, reason), (count, first))| {
                serde_json::json!({
                    "field": field.map(Field::as_str),
                    "reason": reason,
                    "count": count,
                    "first_line": first,
                })
            })
            .collect();
        serde_json::json!({
            "records": self.records,
            "valid": self.valid,
            "invalid": self.records - self.valid,
            "bytes": bytes,
            "elapsed_seconds": elapsed.as_secs_f64(),
            "refusals": refusals,
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
        out.push('\n');
        if quiet || self.refusals.is_empty() {
            return out;
        }
        let rows = self.rows();
        let name = |f: &Option<Field>| f.map_or("(record)", Field::as_str);
        let width = rows
            .iter()
            .map(|(k, _)| name(&k.0).len())
            .max()
            .unwrap_or(0)
            .max(5);
        let reason_width = rows.iter().map(|(k, _)| k.1.len()).max().unwrap_or(0).max(6);
        let _ = writeln!(out, "refusals by field and reason:");
        let _ = writeln!(
            out,
            "  {:<width$}  {:<reason_width$}  {:>9}  first line",
            "field", "reason", "count"
        );
        for ((field, reason), (count, first)) in rows {
            let _ = writeln!(
                out,
                "  {:<width$}  {:<reason_width$}  {count:>9}  {first}",
                name(field),
                reason
            );
        }
        out
    }
}
