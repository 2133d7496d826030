//! The `jsonschema` crate (draft 2020-12, patterns compiled by Rust's
//! `regex`, which has no lookaround) judges every record of the agreement
//! corpus against `openapi/customer-request.schema.json`, each record read by
//! serde_json (a lone surrogate escape is an error there: invalid).
//!
//! Run: `cargo run --release --manifest-path openapi/generators/rust/Cargo.toml -- TARGET_DIR`
//! after `node openapi/generators/corpus.mjs`.

use std::path::PathBuf;

use jsonschema::PatternOptions;
use serde_json::{json, Value};

fn main() {
    let target = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: jsonschema-check TARGET_DIR"),
    );
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let read = |path: PathBuf| {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let schema = read(root.join("openapi/customer-request.schema.json"));
    let validator = jsonschema::options()
        .with_pattern_options(PatternOptions::regex())
        .build(&schema)
        .expect("the schema compiles, every pattern under Rust's regex");
    let corpus = read(target.join("generators/corpus.json"));
    let verdicts: Vec<bool> = corpus["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|record| {
            let text = record.as_str().expect("each record is a JSON text");
            serde_json::from_str::<Value>(text).is_ok_and(|value| validator.is_valid(&value))
        })
        .collect();
    let version = jsonschema_version();
    let valid = verdicts.iter().filter(|v| **v).count();
    eprintln!("jsonschema (Rust) {version}: {valid} of {} valid", verdicts.len());
    let out =
        json!({"generator": "jsonschema (Rust, regex engine)", "version": version, "verdicts": verdicts});
    std::fs::write(
        target.join("generators/verdicts/rust-jsonschema.json"),
        out.to_string(),
    )
    .expect("write");
}

/// The `jsonschema` version this was built with, from the lock file.
fn jsonschema_version() -> String {
    let lock = include_str!("../Cargo.lock");
    let at = lock
        .find("name = \"jsonschema\"\nversion = \"")
        .expect("jsonschema in Cargo.lock");
    let rest = &lock[at + "name = \"jsonschema\"\nversion = \"".len()..];
    rest[..rest.find('"').expect("a version")].to_owned()
}
