//! One chunk's records decided: each record's input (form, JSON or CSV
//! cells), its outcome under the plan's policy, duplicates in input order,
//! and what is written for it.

use juspay_customer::calling_code::Country;
use juspay_customer::{encode_form_into, CustomerInput, CustomerRequest, FieldValue, Notes, VerdictJson};

use super::chunk::{Job, Rec};
use super::plan::Plan;
use super::seen::{fingerprint, reference_key};
use super::write::{end_invalid_record, verdict_line, write_valid_record, CsvOut};
use crate::args::Format;
use crate::error::Stop;
use crate::input::{self, Cells};
use crate::refusal::Refusal;
use crate::report::Tally;

#[derive(Default)]
pub(super) struct Written {
    pub(super) verdicts: Vec<u8>,
    pub(super) valid: Vec<u8>,
    pub(super) invalid: Vec<u8>,
    pub(super) tally: Tally,
    /// With `Plan::keep`: the valid records, typed.
    pub(super) checked: Vec<Checked>,
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

/// Checks every record of a chunk, writing its verdicts into `verdicts`
/// (an emptied buffer of an earlier chunk, or a new one).
pub(super) fn check_job(plan: &Plan, job: &Job, csv: &mut CsvOut, verdicts: Vec<u8>) -> Written {
    let mut w = Written {
        verdicts,
        ..Written::default()
    };
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
                (Err(vec![Refusal::UnterminatedQuote]), Notes::default(), 0)
            }
            // Each input is read again only for a refused record's hints.
            Format::Csv => match csv_input(plan, &job.cells, cell_text, rec) {
                Some(Ok((input, country))) => {
                    let again = || match csv_input(plan, &job.cells, cell_text, rec) {
                        Some(Ok((input, _))) => input,
                        _ => CustomerInput::new(),
                    };
                    decide(plan, input, again, country)
                }
                Some(Err(refusals)) => (Err(refusals), Notes::default(), 0),
                None => continue,
            },
            Format::Json => match CustomerInput::from_json(raw) {
                Ok(input) => decide(
                    plan,
                    input,
                    || CustomerInput::from_json(raw).unwrap_or_default(),
                    None,
                ),
                Err(e) => (Err(vec![e.into()]), Notes::default(), 0),
            },
            Format::Form => decide(
                plan,
                CustomerInput::from_form(raw),
                || CustomerInput::from_form(raw),
                None,
            ),
        };
        outcomes.push((rec, outcome));
    }
    // ...then, in input order across chunks, the valid ones an earlier
    // record already had become duplicates...
    if let Some(seen) = &plan.seen {
        let keys: Vec<(u128, u64, u64)> = outcomes
            .iter()
            .filter_map(|(rec, (o, ..))| {
                let request = o.as_ref().ok()?;
                Some((
                    reference_key(request.object_reference_id()),
                    rec.line,
                    fingerprint(request),
                ))
            })
            .collect();
        let mut firsts = seen.take_turn(job.seq, &keys).into_iter().zip(&keys);
        for (_, (outcome, ..)) in &mut outcomes {
            if outcome.is_ok() {
                if let Some((Some((first_line, print)), key)) = firsts.next() {
                    *outcome = Err(vec![if print == key.2 {
                        Refusal::SameCustomer { first_line }
                    } else {
                        Refusal::Duplicate { first_line }
                    }]);
                }
            }
        }
    }
    // ...and the outputs.
    for (rec, (outcome, notes, passes_with)) in outcomes {
        let raw = &job.data[rec.raw.clone()];
        w.tally.records += 1;
        w.tally.noted(&notes, rec.line);
        match outcome {
            Ok(request) => {
                w.tally.valid += 1;
                w.tally.kept_repaired(&notes);
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
                    w.tally.refused((e.field(), e.reason()), rec.line, passes_with);
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

/// A record's outcome, notes, and for a refused one the flags (bits of
/// `Plan::hints`) each of which alone would have passed it.
pub(super) type Decision<'a> = (Result<CustomerRequest<'a>, Vec<Refusal>>, Notes, u8);

/// Decides an input under the plan's policy, with the country it has from
/// a country column or `--default-country-code`; a refused one again, read
/// anew by `again`, under each hint's policy.
pub(super) fn decide<'a>(
    plan: &'a Plan,
    input: CustomerInput<'a>,
    again: impl Fn() -> CustomerInput<'a>,
    country: Option<Country>,
) -> Decision<'a> {
    let country = country.or(plan.default_country);
    let verdict = plan.policy.check_with_country(input, country);
    let mut passes_with = 0;
    if verdict.request.is_err() {
        for (bit, policy) in &plan.hints {
            if policy.check_with_country(again(), country).request.is_ok() {
                passes_with |= 1 << bit;
            }
        }
    }
    let outcome = verdict
        .request
        .map_err(|e| e.into_iter().map(Refusal::Field).collect());
    (outcome, verdict.notes, passes_with)
}

/// A CSV record as an input and the country its country cell holds.
pub(super) type CsvInput<'a> = Result<(CustomerInput<'a>, Option<Country>), Vec<Refusal>>;

/// A CSV record as an input: `None` for a row whose cells are all empty
/// (skipped like a blank line); an `Err` input for a wrong cell count or
/// a country cell that names no country.
pub(super) fn csv_input<'a>(
    plan: &Plan,
    all: &'a Cells,
    text: Option<&'a str>,
    rec: &Rec,
) -> Option<CsvInput<'a>> {
    if rec.cell_count != plan.columns.len() {
        let refusal = Refusal::CellCount {
            expected: plan.columns.len(),
            found: rec.cell_count,
        };
        return Some(Err(vec![refusal]));
    }
    // One pass over the cells: each one's bytes from the ends, the row's
    // blankness found on the way.
    let ends = &all.ends[rec.cells_at..rec.cells_at + rec.cell_count];
    let mut start = rec.cells_at.checked_sub(1).map_or(0, |i| all.ends[i]);
    let mut input = CustomerInput::new();
    let mut country = None;
    let mut blank = true;
    for (i, (&end, column)) in ends.iter().zip(&plan.columns).enumerate() {
        let span = start..end;
        start = end;
        // An empty cell is an absent field.
        if span.is_empty() {
            continue;
        }
        blank = false;
        let cell = &all.bytes[span.clone()];
        if plan.country_column == Some(i) {
            let code = std::str::from_utf8(cell).ok().and_then(Country::parse);
            match code {
                Some(code) => country = Some(code),
                None => return Some(Err(vec![Refusal::UnknownCountry])),
            }
        }
        let Some(field) = column else { continue };
        let as_text = text
            .and_then(|t| t.get(span))
            .or_else(|| std::str::from_utf8(cell).ok());
        let value = match as_text {
            Some(text) => FieldValue::from(text),
            None => FieldValue::InvalidUtf8,
        };
        input.set(*field, value);
    }
    if blank {
        return None;
    }
    Some(Ok((input, country)))
}
