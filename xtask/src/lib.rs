//! Generators for juspay-customer's committed artifacts, kept out of the
//! runtime crate: build tooling, not something a library user calls.
//!
//! | module | writes |
//! | --- | --- |
//! | [`openapi`] | `openapi/customer-request.schema.json` and `openapi/openapi.json` |
//!
//! `cargo run -p juspay-customer-xtask -- openapi` rewrites the files;
//! `-- openapi --check` fails when a committed one differs (the test
//! `xtask/tests/openapi.rs` checks the same).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod openapi;

/// Each committed file under `openapi/` (its name) with the text the
/// generators write for it: pretty JSON and a final line break.
pub fn openapi_files() -> [(&'static str, String); 2] {
    let text = |value: &serde_json::Value| serde_json::to_string_pretty(value).unwrap_or_default() + "\n";
    [
        ("customer-request.schema.json", text(&openapi::request_schema())),
        ("openapi.json", text(&openapi::document())),
    ]
}
