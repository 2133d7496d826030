//! `juspay-customer parse --status CODE [FILE]`: one response body, its kind as JSON.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use juspay_customer::{parse_response, ApiError};
use serde_json::json;

use crate::{open, set_file, Fatal};

pub(crate) fn run(args: &[String]) -> Result<ExitCode, Fatal> {
    let (mut status, mut file) = (None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--status" => {
                let v = it.next().ok_or_else(|| Fatal("--status needs a value".into()))?;
                let code: u16 = v
                    .parse()
                    .map_err(|_| Fatal(format!("--status {v} is not a status code")))?;
                if !(100..=999).contains(&code) {
                    return Err(Fatal(format!("--status {v} is not a status code")));
                }
                status = Some(code);
            }
            other => set_file(&mut file, other)?,
        }
    }
    let status = status.ok_or_else(|| Fatal("parse needs --status CODE".into()))?;
    let mut body = Vec::new();
    open(file)?.read_to_end(&mut body)?;
    let (value, code) = match parse_response(status, &body) {
        Ok(c) => (
            json!({
                "kind": "customer",
                "status": status,
                "request_id": null,
                "fields": [],
                "id": c.id,
                "object_reference_id": c.object_reference_id,
                "client_auth_token_expiry": c.client_auth_token_expiry().map(|t| t.as_str()),
            }),
            ExitCode::SUCCESS,
        ),
        Err(e) => (error_json(&e), ExitCode::from(1)),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer(&mut out, &value).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(code)
}

fn error_json(e: &ApiError) -> serde_json::Value {
    let body = e.body();
    let fields: Vec<&str> = e
        .fields()
        .iter()
        .filter_map(|f| f.field_name.as_deref())
        .collect();
    json!({
        "kind": e.kind(),
        "status": e.status(),
        "request_id": e.request_id(),
        "fields": fields,
        "code": body.and_then(|b| b.code()),
        "error_code": body.and_then(|b| b.error_code.as_deref()),
        "error_message": body.and_then(|b| b.error_message.as_deref()),
        "developer_message": body.and_then(|b| b.developer_message()),
    })
}
