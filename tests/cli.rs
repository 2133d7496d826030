//! The `juspay-customer` binary: `check` and `parse`, outputs and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_juspay-customer"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_sample_form_file() {
    let out = run(&["check", &root("samples/requests.form")], b"");
    assert_eq!(out.status.code(), Some(1));
    let v = lines(&out);
    assert_eq!(v.len(), 7, "blank line 3 is skipped");
    assert_eq!(
        v[0],
        json!({"line": 1, "valid": true, "body": "object_reference_id=customer%40gmail.com&mobile_number=99887766&email_address=customer%40gmail.com&first_name=John&last_name=Smith&mobile_country_code=65"})
    );
    assert_eq!(v[2]["line"], 4, "line numbers count the blank line");
    assert_eq!(
        v[2]["errors"],
        json!([{"field": "object_reference_id", "code": "MISSING_MANDATORY_PARAMETER", "reason": "missing", "message": "object_reference_id is missing"}])
    );
    assert_eq!(
        v[4]["errors"],
        json!([{"field": "mobile_number", "code": "INVALID_INPUT", "reason": "not_a_digit", "message": "mobile_number has '-' at position 1, only digits 0-9 are allowed"}])
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("records: 7, valid: 2, invalid: 5, records per second: "),
        "{stderr}"
    );
}

#[test]
fn check_json_with_malformed_records() {
    let out = run(&["check", "--json", &root("samples/requests.jsonl")], b"");
    assert_eq!(out.status.code(), Some(1));
    let v = lines(&out);
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[1]["errors"][0]["reason"], "wrong_type");
    assert_eq!(v[2]["valid"], true);
    assert_eq!(
        v[3]["errors"],
        json!([{"field": null, "code": "INVALID_INPUT", "reason": "not_an_object", "message": "request body is not a JSON object but array"}])
    );
    assert_eq!(v[4]["errors"][0]["field"], Value::Null);
    assert_eq!(v[4]["errors"][0]["reason"], "not_json");
}

#[test]
fn check_stdin_all_valid_exits_0_and_normalize() {
    let input = b"object_reference_id=cust_123489&mobile_number=99887766\r\n\n   \nobject_reference_id=cust_123489&mobile_number=%2B91+99887766\n";
    let out = run(&["check"], input);
    assert_eq!(out.status.code(), Some(1));
    let out = run(
        &["check", "--normalize", "-"],
        b"object_reference_id=+cust_123489&mobile_number=%28998%29+877-66\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        lines(&out),
        [
            json!({"line": 1, "valid": true, "body": "object_reference_id=cust_123489&mobile_number=99887766&mobile_country_code=91"})
        ]
    );
    let out = run(
        &["check"],
        b"object_reference_id=cust_123489&mobile_number=99887766\r\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["check"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_and_io_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["check", "--bogus"],
        &["check", "a", "b"],
        &["parse"],
        &["parse", "--status"],
        &["parse", "--status", "abc"],
        &["parse", "--status", "42"],
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage:"),
            "{args:?}"
        );
    }
    let out = run(&["check", "/nonexistent/file"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open /nonexistent/file"));
}

#[test]
fn parse_fixtures() {
    let out = run(
        &[
            "parse",
            "--status",
            "200",
            &root("tests/fixtures/001_200_with_token.json"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        lines(&out),
        [
            json!({"kind": "customer", "status": 200, "request_id": null, "fields": [], "id": "cst_afdeuvmfhs3j1acm", "object_reference_id": "customer@gmail.com", "client_auth_token_expiry": "2020-03-17T14:28:37Z"})
        ]
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("tkn_"));

    let out = run(
        &[
            "parse",
            "--status",
            "400",
            &root("tests/fixtures/000_400_invalid_input.json"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let v = &lines(&out)[0];
    assert_eq!(v["kind"], "invalid_input");
    assert_eq!(v["status"], 400);
    assert_eq!(v["request_id"], "d41a008a-a07e-470d-ba09-ac369465a410");
    assert_eq!(v["fields"], json!(["mobile_number"]));

    for (status, file, kind) in [
        (
            "400",
            "000_400_missing_mandatory.json",
            "missing_mandatory_parameter",
        ),
        ("400", "000_table_400_already_exists.json", "already_exists"),
        ("401", "000_401_unauthorized.json", "unauthorized"),
        ("403", "000_table_403_bad_origin.json", "bad_origin"),
        ("404", "000_table_404_not_found.json", "not_found"),
        ("500", "000_200_success.json", "unexpected"),
    ] {
        let out = run(
            &[
                "parse",
                "--status",
                status,
                &root(&format!("tests/fixtures/{file}")),
            ],
            b"",
        );
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert_eq!(lines(&out)[0]["kind"], kind, "{file}");
    }
    let out = run(&["parse", "--status", "502"], b"<html>bad gateway</html>");
    assert_eq!(
        lines(&out)[0],
        json!({"kind": "unexpected", "status": 502, "request_id": null, "fields": [], "code": null, "error_code": null, "error_message": null, "developer_message": null})
    );
}
