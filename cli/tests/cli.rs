//! The `juspay-customer` binary, run as a user runs it: `check` in every
//! format with its output files and report, `parse`, help texts and exit codes.

use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

mod support;

use support::run;

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A path from the repository's root.
fn root(path: &str) -> String {
    format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
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
        stderr.starts_with("records: 7, valid: 2, invalid: 5\n"),
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
fn usage_errors_print_clap_messages_and_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["check", "--bogus"],
        &["check", "a", "b"],
        &["check", "--format", "xml"],
        &["check", "--json", "--format", "csv"],
        &["check", "--max-record-bytes", "0"],
        &["parse"],
        &["parse", "--status"],
        &["parse", "--status", "abc"],
        &["parse", "--status", "42"],
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("Usage:") || stderr.contains("error:"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn io_errors_are_one_line_naming_the_file() {
    let out = run(&["check", "/nonexistent/file.csv"], b"");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("juspay-customer: cannot open /nonexistent/file.csv: "),
        "{stderr}"
    );
    let out = run(
        &[
            "check",
            "--valid-out",
            "/nonexistent/dir/out.csv",
            &root("samples/customers.csv"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("juspay-customer: cannot create /nonexistent/dir/out.csv: "),
        "{stderr}"
    );
    assert!(!stderr.contains("Usage"));
}

#[test]
fn help_and_version_exit_0_with_clap_texts() {
    let out = run(&["--version"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("juspay-customer {}\n", env!("CARGO_PKG_VERSION"))
    );
    for (args, must) in [
        (
            &["--help"][..],
            &["Usage: juspay-customer", "check", "parse", "Exit status"][..],
        ),
        (
            &["check", "--help"],
            &[
                "--format",
                "--column",
                "--valid-out",
                "--invalid-out",
                "--verdicts",
                "--no-verdicts",
                "--max-record-bytes",
                "--normalize",
                "--quiet",
                "[default: 1048576]",
                "Examples:",
            ],
        ),
        (&["parse", "--help"], &["--status", "client_auth_token_expiry"]),
        (&["help", "check"], &["--column"]),
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        for m in must {
            assert!(text.contains(m), "{args:?} lacks {m}: {text}");
        }
    }
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

/// A file in a fresh temporary directory, with `contents`.
fn temp(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("juspay-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn without_lines(v: &[Value]) -> Vec<Value> {
    v.iter()
        .map(|x| {
            let mut x = x.clone();
            x.as_object_mut().unwrap().remove("line");
            x
        })
        .collect()
}

#[test]
fn every_format_gives_the_same_verdicts() {
    let form = "object_reference_id=cust_123489&mobile_number=99887766&email_address=a%40b.com\n\
object_reference_id=cust_123489&mobile_number=9988+7766\n\
mobile_number=99887766&first_name=Mary+Ann\n\
object_reference_id=customer%40gmail.com&mobile_number=1&mobile_country_code=%2B65&options.get_client_auth_token=true\n";
    let json = r#"{"object_reference_id":"cust_123489","mobile_number":"99887766","email_address":"a@b.com"}
{"object_reference_id":"cust_123489","mobile_number":"9988 7766"}
{"mobile_number":"99887766","first_name":"Mary Ann"}
{"object_reference_id":"customer@gmail.com","mobile_number":"1","mobile_country_code":"+65","options.get_client_auth_token":true}
"#;
    let csv = "object_reference_id,mobile_number,email_address,first_name,mobile_country_code,options.get_client_auth_token\n\
cust_123489,99887766,a@b.com,,,\n\
cust_123489,9988 7766,,,,\n\
,99887766,,Mary Ann,,\n\
customer@gmail.com,1,,,+65,true\n";
    let f = run(&["check", "--format", "form"], form.as_bytes());
    let j = run(&["check", "--json"], json.as_bytes());
    let c = run(&["check", "--format", "csv"], csv.as_bytes());
    for out in [&f, &j, &c] {
        assert_eq!(out.status.code(), Some(1));
    }
    let (f, j, c) = (lines(&f), lines(&j), lines(&c));
    assert_eq!(f.len(), 4);
    assert_eq!(f, j);
    assert_eq!(without_lines(&f), without_lines(&c));
    assert_eq!(c[0]["line"], 2, "the header is line 1");
    // By extension, too.
    let path = temp("records.csv", csv.as_bytes());
    assert_eq!(lines(&run(&["check", path.to_str().unwrap()], b"")), c);
    let path = temp("records.jsonl", json.as_bytes());
    assert_eq!(lines(&run(&["check", path.to_str().unwrap()], b"")), j);
}

#[test]
fn the_sample_csv_with_bom_crlf_quotes_and_line_breaks() {
    let out = run(&["check", &root("samples/customers.csv")], b"");
    assert_eq!(out.status.code(), Some(1));
    let v = lines(&out);
    let summary: Vec<(u64, bool)> = v
        .iter()
        .map(|x| (x["line"].as_u64().unwrap(), x["valid"].as_bool().unwrap()))
        .collect();
    // Row 1004's notes hold a line break, so the rows after it start a line later.
    assert_eq!(
        summary,
        [
            (2, true),
            (3, true),
            (4, false),
            (5, false),
            (7, false),
            (8, false),
            (9, false),
            (10, true),
            (11, true),
            (12, false)
        ]
    );
    assert_eq!(v[0]["body"], "object_reference_id=cust_1001&mobile_number=9876543210&email_address=priya.sharma%40example.com&first_name=Priya&last_name=Sharma&mobile_country_code=91");
    assert_eq!(
        v[3]["errors"][0]["message"],
        "mobile_number has ' ' at position 5, only digits 0-9 are allowed"
    );
    assert_eq!(v[5]["errors"][0]["reason"], "missing");
    // The report, exactly, and none of the file's values in it.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "records: 10, valid: 4, invalid: 6
refusals by field and reason:
  field                reason                   count  first line
  mobile_number        not_a_digit                  2  5
                                                    1 of these pass with --normalize
  first_name           forbidden_character          1  4
                                                    1 of these pass with --drop-invalid-optional
                                                    1 of these pass with --repair-names
  email_address        edge_character               1  7
                                                    1 of these pass with --drop-invalid-optional
  object_reference_id  missing                      1  8
  mobile_country_code  not_a_digit                  1  9
                                                    1 of these pass with --normalize
  email_address        multiple_at                  1  12
"
    );
    // By hand from the file: "9123 4567" passes with --normalize, but
    // "98765-43210" also has "ana@@", which no flag mends; "Mary Ann" is
    // dropped or made "Mary-Ann"; "_rahul@" is dropped; "+91" loses its
    // "+"; a missing id and a double "@" in a refused record's required
    // field stay refused.
    let sample = std::fs::read_to_string(root("samples/customers.csv")).unwrap();
    let rows = sample.split_once('\n').unwrap().1;
    for value in rows.split(['\n', '\r', ',']).filter(|v| v.len() >= 3) {
        assert!(!stderr.contains(value), "{value} in the report");
    }
    let quiet = run(&["check", "--quiet", &root("samples/customers.csv")], b"");
    assert_eq!(
        String::from_utf8(quiet.stderr).unwrap(),
        "records: 10, valid: 4, invalid: 6\n"
    );
}

#[test]
fn column_mapping_missing_columns_and_wrong_cell_counts() {
    let csv = b"id,phone,object_reference_id,mobile_number\n1,99887766,cust_123489,bad\n2,1,cust_123489\n";
    // `mobile_number=phone` replaces the column named mobile_number, which is carried.
    let out = run(
        &["check", "--format", "csv", "--column", "mobile_number=phone"],
        csv,
    );
    let v = lines(&out);
    assert_eq!(v[0]["valid"], true);
    assert_eq!(
        v[1],
        json!({"line": 3, "valid": false, "errors": [{"field": null, "code": "INVALID_INPUT", "reason": "wrong_cell_count", "message": "record has 3 cells where the header has 4"}]})
    );
    assert_eq!(out.status.code(), Some(1), "a bad row is a refusal, not an error");
    for (args, message) in [
        (
            &["check", "--format", "csv"][..],
            "standard input: columns 2 and 4",
        ),
        (
            &["check", "--format", "csv", "--column", "mobile_number=cell"],
            "has no column headed cell",
        ),
        (
            &["check", "--format", "csv", "--column", "phone=id"],
            "phone is not a field name",
        ),
        (
            &["check", "--format", "csv", "--column", "mobile_number"],
            "expected FIELD=HEADER",
        ),
        (
            &["check", "--format", "json", "--column", "mobile_number=phone"],
            "the input is not CSV",
        ),
    ] {
        let csv: &[u8] = if message.contains("columns 2") {
            b"object_reference_id,mobile_number,x,mobile_number\n"
        } else {
            csv
        };
        let out = run(args, csv);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(&["check", "--format", "csv"], b"customer,phone\nx,1\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing read before the error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no object_reference_id column"));
    // Empty cells are absent fields; a row of empty cells is skipped.
    let out = run(
        &["check", "--format", "csv"],
        b"object_reference_id,mobile_number,first_name\ncust_123489,,\n,,\n",
    );
    let v = lines(&out);
    assert_eq!(v.len(), 1, "a row of empty cells is skipped");
    assert_eq!(v[0]["errors"][0]["reason"], "missing");
    // A byte that is not UTF-8 (a Windows export read as UTF-8) stops the
    // run with one message naming the line, not a refusal on every row.
    let out = run(
        &["check", "--format", "csv"],
        b"object_reference_id,mobile_number,first_name\ncust_123489,1,Jo\ncust_123489,1,J\xffn\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("reading standard input: not valid UTF-8 at line 3 (a file saved by Excel on Windows? try --encoding windows-1252)"),
        "{stderr}"
    );
}

#[test]
fn valid_and_invalid_outputs_partition_the_input() {
    let dir = temp("x", b"");
    let (valid, invalid) = (dir.with_file_name("valid.csv"), dir.with_file_name("invalid.csv"));
    let out = run(
        &[
            "check",
            "--no-verdicts",
            "--valid-out",
            valid.to_str().unwrap(),
            "--invalid-out",
            invalid.to_str().unwrap(),
            &root("samples/customers.csv"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "--no-verdicts");
    let sample = std::fs::read_to_string(root("samples/customers.csv")).unwrap();
    let header = sample.trim_start_matches('\u{feff}').lines().next().unwrap();
    let valid = std::fs::read_to_string(&valid).unwrap();
    let invalid = std::fs::read_to_string(&invalid).unwrap();
    assert!(valid.starts_with(&format!("{header}\r\n")), "header kept, no BOM");
    assert!(invalid.starts_with(&format!("{header},errors\r\n")));
    let ids = |text: &str| -> Vec<String> {
        text.split("\r\n")
            .skip(1)
            .filter(|r| r.starts_with("10"))
            .map(|r| r[..4].to_owned())
            .collect()
    };
    assert_eq!(ids(&valid), ["1001", "1002", "1008", "1009"]);
    assert_eq!(ids(&invalid), ["1003", "1004", "1005", "1006", "1007", "1010"]);
    // Refused rows as read, with the messages in a last column.
    assert!(invalid.contains("1004,cust_1004,Wei,Tan,wei.tan@example.com,65,9123 4567,2026-01-11,bronze,\"moved from\nthe old CRM\",\"mobile_number has ' ' at position 5, only digits 0-9 are allowed\"\r\n"));
    assert!(invalid.contains(",\"VIP \"\"platinum\"\" soon\",\"mobile_country_code has '+' at position 1"));
    // Normalized: fixed values, every other column untouched.
    let normalized = dir.with_file_name("normalized.csv");
    run(
        &[
            "check",
            "-q",
            "--normalize",
            "--no-verdicts",
            "--valid-out",
            normalized.to_str().unwrap(),
            &root("samples/customers.csv"),
        ],
        b"",
    );
    let normalized = std::fs::read_to_string(&normalized).unwrap();
    assert!(normalized.contains("\r\n1004,cust_1004,Wei,Tan,wei.tan@example.com,65,91234567,2026-01-11,bronze,\"moved from\nthe old CRM\"\r\n"));
    assert!(normalized.contains("\r\n1007,cust_1007,Arjun,Iyer,arjun.iyer@example.com,91,9812345678,"));
    // Line formats: the lines as read; verdicts to a file.
    let verdicts = dir.with_file_name("verdicts.jsonl");
    let (v2, i2) = (
        dir.with_file_name("valid.form"),
        dir.with_file_name("invalid.form"),
    );
    let out = run(
        &[
            "check",
            "--verdicts",
            verdicts.to_str().unwrap(),
            "--valid-out",
            v2.to_str().unwrap(),
            "--invalid-out",
            i2.to_str().unwrap(),
            &root("samples/requests.form"),
        ],
        b"",
    );
    assert!(out.stdout.is_empty());
    let sample: Vec<&str> = include_str!("../../samples/requests.form")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let (v2, i2) = (
        std::fs::read_to_string(v2).unwrap(),
        std::fs::read_to_string(i2).unwrap(),
    );
    assert_eq!(v2.lines().count() + i2.lines().count(), sample.len());
    let verdicts = std::fs::read_to_string(verdicts).unwrap();
    for (line, verdict) in sample.iter().zip(verdicts.lines()) {
        let valid = serde_json::from_str::<Value>(verdict).unwrap()["valid"]
            .as_bool()
            .unwrap();
        assert!(if valid {
            v2.lines().any(|l| l == *line)
        } else {
            i2.lines().any(|l| l == *line)
        });
    }
}

#[test]
fn a_record_over_the_limit_is_refused_and_skipped() {
    let mut input = b"object_reference_id=".to_vec();
    input.extend(std::iter::repeat_n(b'x', 3 << 20));
    input.extend_from_slice(b"&mobile_number=1\nobject_reference_id=cust_123489&mobile_number=99887766\n");
    let out = run(&["check"], &input);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        lines(&out),
        [
            json!({"line": 1, "valid": false, "errors": [{"field": null, "code": "INVALID_INPUT", "reason": "too_large", "message": "record is too large: more than 1048576 bytes"}]}),
            json!({"line": 2, "valid": true, "body": "object_reference_id=cust_123489&mobile_number=99887766&mobile_country_code=91"}),
        ]
    );
    // CSV too, with the record streamed whole to --invalid-out.
    let mut csv = b"object_reference_id,mobile_number,notes\r\ncust_123489,1,\"".to_vec();
    csv.extend(std::iter::repeat_n(b'y', 5000));
    csv.extend_from_slice(b"\r\nmore\"\r\ncust_123489,99887766,\r\n");
    let invalid = temp("big.csv", b"").with_file_name("invalid-big.csv");
    let out = run(
        &[
            "check",
            "--format",
            "csv",
            "--max-record-bytes",
            "1000",
            "--invalid-out",
            invalid.to_str().unwrap(),
        ],
        &csv,
    );
    let v = lines(&out);
    assert_eq!(v[0]["errors"][0]["reason"], "too_large");
    assert_eq!((v[0]["line"].as_u64(), v[1]["line"].as_u64()), (Some(2), Some(4)));
    assert_eq!(v[1]["valid"], true);
    let written = std::fs::read(&invalid).unwrap();
    let mut want = b"object_reference_id,mobile_number,notes,errors\r\ncust_123489,1,\"".to_vec();
    want.extend(std::iter::repeat_n(b'y', 5000));
    want.extend_from_slice(b"\r\nmore\",record is too large: more than 1000 bytes\r\n");
    assert!(
        written == want,
        "{} bytes written, {} expected",
        written.len(),
        want.len()
    );
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let mut input = Vec::new();
    for i in 0..200_000 {
        input.extend_from_slice(
            format!("object_reference_id=cust_{i:08}&mobile_number=99887766\n").as_bytes(),
        );
    }
    let path = temp("many.form", &input);
    let mut child = Command::new(env!("CARGO_BIN_EXE_juspay-customer"))
        .args(["check", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    assert!(first.starts_with(b"{\"line\":1,"));
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "as ripgrep: the reader chose to stop");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
