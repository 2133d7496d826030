//! csv_regex_peer writing a verdict per row, as a person would write it:
//! the `csv` crate reads, each cell is checked with the `regex` crate
//! against the committed JSON Schema's patterns and lengths (an empty cell
//! is an absent field), and each row's verdict is streamed to standard
//! output through one buffer, with one record for the whole run (nothing is
//! allocated per row): `{"line":N,"valid":true,"body":"FORM"}`, the row's
//! fields form-encoded by `form_urlencoded` (the `url` crate's encoder), or
//! `{"line":N,"valid":false,"errors":["FIELD",...]}` naming each field
//! refused. N is the `csv` crate's line (on a CRLF file, one less than
//! the line the row starts on: the crate counts the `\n` ending the line
//! before a row after the row's start).
//! Usage: csv_regex_verdicts SCHEMA RECORDS.csv

use std::io::Write;

use juspay_customer_peers::passes;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let rules = juspay_customer_peers::rules(&juspay_customer_peers::schema(&args[1]));
    let (mut reader, columns) = juspay_customer_peers::open_csv(&rules, &args[2]);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let (mut records, mut valid) = (0, 0);
    let mut row = csv::ByteRecord::new();
    while reader.read_byte_record(&mut row).expect("read") {
        if row.iter().all(<[u8]>::is_empty) {
            continue;
        }
        records += 1;
        let cells = || columns.iter().map(|c| c.and_then(|c| row.get(c)).unwrap_or(b""));
        let line = row.position().map_or(0, |p| p.line());
        if rules.iter().zip(cells()).all(|(rule, cell)| passes(rule, cell)) {
            valid += 1;
            write!(out, "{{\"line\":{line},\"valid\":true,\"body\":\"")?;
            let mut first = true;
            for (rule, value) in rules.iter().zip(cells()) {
                // Valid cells are UTF-8; empty ones are absent fields.
                if value.is_empty() {
                    continue;
                }
                if !first {
                    out.write_all(b"&")?;
                }
                first = false;
                out.write_all(rule.name.as_bytes())?;
                out.write_all(b"=")?;
                for piece in form_urlencoded::byte_serialize(value) {
                    out.write_all(piece.as_bytes())?;
                }
            }
            out.write_all(b"\"}\n")?;
        } else {
            write!(out, "{{\"line\":{line},\"valid\":false,\"errors\":[")?;
            let mut first = true;
            for (rule, cell) in rules.iter().zip(cells()) {
                if passes(rule, cell) {
                    continue;
                }
                out.write_all(if first { b"\"" } else { b",\"" })?;
                first = false;
                out.write_all(rule.name.as_bytes())?;
                out.write_all(b"\"")?;
            }
            out.write_all(b"]}\n")?;
        }
    }
    out.flush()?;
    juspay_customer_peers::report(records, valid);
    Ok(())
}
