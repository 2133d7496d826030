//! What a record becomes in the outputs: the valid one as read or
//! rewritten, the refused one with its errors, the verdict line.

use std::ops::Range;

use juspay_customer::{encode_form_into, encode_json_into, CustomerRequest, Field, VerdictJson};

use super::chunk::{cells, Rec};
use super::plan::Plan;
use crate::args::Format;
use crate::csv_writer::CsvWriter;
use crate::csv_writer::Term;
use crate::input::{self, Cells};
use crate::refusal::Refusal;

/// Appends the record to the valid output: as read, or re-encoded when
/// normalized (CSV keeps every column, with the fields' new values).
pub(super) fn write_valid_record(
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
                csv.writer.cell(out, request.mobile_country_code().as_bytes());
            }
        }
        _ => out.extend_from_slice(raw),
    }
    out.extend_from_slice(terminator(plan, rec.term));
}

/// A chunk's CSV tools: the writer for new cells, and a reader that finds
/// the raw bytes of each cell of a record.
pub(super) struct CsvOut {
    pub(super) writer: CsvWriter,
    pub(super) splitter: csv_core::Reader,
    pub(super) spans: Vec<Range<usize>>,
}

impl CsvOut {
    pub(super) fn new(plan: &Plan) -> Self {
        CsvOut {
            writer: CsvWriter::new(plan.term, plan.delimiter),
            splitter: csv_core::ReaderBuilder::new().delimiter(plan.delimiter).build(),
            spans: Vec::new(),
        }
    }
}

/// The text a request sends for `field` (`true`/`false` for the option).
pub(super) fn field_text<'r>(request: &'r CustomerRequest<'_>, field: Field) -> Option<&'r str> {
    if field == Field::GetClientAuthToken {
        return request
            .get_client_auth_token()
            .map(|b| if b { "true" } else { "false" });
    }
    request.text_fields().find(|(f, _)| *f == field).map(|(_, v)| v)
}

/// Ends a refused record in the invalid output: for CSV, a last cell with
/// the messages; then the line break.
pub(super) fn end_invalid_record(
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
pub(super) fn terminator(plan: &Plan, term: Option<Term>) -> &'static [u8] {
    match plan.format {
        Format::Csv => plan.term.bytes(),
        // An array's records are separated, not ended.
        _ if plan.array => b"",
        _ => term.unwrap_or(Term::Lf).bytes(),
    }
}

/// Appends one verdict line: the library's verdict JSON, then `\n`.
pub(super) fn verdict_line<E: serde::Serialize>(out: &mut Vec<u8>, verdict: &VerdictJson<'_, E>) {
    verdict.write_into(out);
    out.push(b'\n');
}
