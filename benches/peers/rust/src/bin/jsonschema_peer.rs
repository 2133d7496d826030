//! JSON lines through serde_json and the `jsonschema` crate (the committed
//! JSON Schema, Rust's `regex` for patterns): a count of valid records.
//! Usage: jsonschema_peer SCHEMA RECORDS.jsonl

use std::io::{BufRead, BufReader};

use jsonschema::PatternOptions;
use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let schema = juspay_customer_peers::schema(&args[1]);
    let validator = jsonschema::options()
        .with_pattern_options(PatternOptions::regex())
        .build(&schema)
        .expect("schema");
    let file = std::fs::File::open(&args[2]).expect("records");
    let (mut records, mut valid) = (0, 0);
    for line in BufReader::with_capacity(1 << 16, file).split(b'\n') {
        let line = line.expect("read");
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        if serde_json::from_slice::<Value>(&line).is_ok_and(|v| validator.is_valid(&v)) {
            valid += 1;
        }
    }
    juspay_customer_peers::report(records, valid);
}
