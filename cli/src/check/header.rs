//! The CSV header row: which field each column holds, with `--column`,
//! `--leave-out` and `--country-column` applied, and every refusal a
//! header brings (a missing column, two columns for a field, a look-alike).

use std::io::BufRead;

use juspay_customer::Field;

use super::chunk::{cells, Cutter, Job};
use super::plan::{Plan, Reading, Rules};
use crate::columns;
use crate::csv_writer::Term;
use crate::error::{Fatal, Stop};
use crate::input::Next;
use crate::report;

/// The CSV header: which field each column holds, as read.
pub(super) struct Header {
    pub(super) columns: Vec<Option<Field>>,
    /// The header's cells, as text.
    pub(super) names: Vec<String>,
    /// The fields `--leave-out` names.
    pub(super) leave_out: Vec<Field>,
    /// The column of `--country-column`.
    pub(super) country: Option<usize>,
    pub(super) raw: Vec<u8>,
    pub(super) term: Term,
}

/// Reads the header row and maps its columns, with `--column` first.
pub(super) fn read_header(
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
        let field = Field::parse(field).ok_or_else(|| {
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
        let field = Field::parse(text)
            .ok_or_else(|| Fatal(format!("--leave-out {text}: not a field name of the request")))?;
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

impl Header {
    /// Sets the plan's columns, line end and country column from the
    /// header; whether the valid output gets a mobile_country_code column,
    /// last.
    pub(super) fn apply_to(&self, plan: &mut Plan, rules: &Rules<'_>) {
        plan.columns.clone_from(&self.columns);
        plan.term = self.term;
        plan.country_column = self.country;
        plan.add_country_column =
            (rules.normalize || rules.country_column.is_some() || rules.default_country_code.is_some())
                && !plan.columns.contains(&Some(Field::MobileCountryCode));
    }

    /// The report's account of the columns: which header each field is
    /// read from, whether a country column is filled in, and each field not
    /// sent with why.
    pub(super) fn report(&self, plan: &Plan) -> report::Columns {
        report::Columns {
            read: columns::data_fields()
                .filter_map(|f| {
                    let at = plan.columns.iter().position(|c| *c == Some(f))?;
                    Some((f, self.names.get(at)?.clone()))
                })
                .collect(),
            country_filled: plan.add_country_column,
            not_sent: columns::data_fields()
                .filter(|f| !plan.columns.contains(&Some(*f)))
                .filter(|f| !(*f == Field::MobileCountryCode && plan.add_country_column))
                .map(|f| {
                    let why = if self.leave_out.contains(&f) {
                        "--leave-out"
                    } else {
                        "no column"
                    };
                    (f, why)
                })
                .collect(),
        }
    }
}
