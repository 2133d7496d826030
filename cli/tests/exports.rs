//! `check` on exports as spreadsheets and shops write them, from what a
//! person moving a customer base expects: nothing lost, nothing destroyed,
//! the same report every time.

mod support;

use std::process::{Command, Stdio};

use support::{names, run, scratch, split, verdict_lines};

const HEADER: &str = "object_reference_id,mobile_number,first_name,last_name,email_address\n";

/// `n` rows, every tenth refused (a dash in the phone).
fn export(n: usize) -> String {
    let mut s = HEADER.to_owned();
    for i in 0..n {
        let phone = if i % 10 == 0 { "9876-543210" } else { "9876543210" };
        s.push_str(&format!("cust_{i:08},{phone},Asha,Rao,asha{i}@example.com\n"));
    }
    s
}

#[test]
fn an_output_that_is_the_input_is_refused_before_anything_is_read() {
    let dir = scratch("same-file");
    let input = dir.join("big.csv");
    let data = export(2000);
    std::fs::write(&input, &data).unwrap();
    std::os::unix::fs::symlink(&input, dir.join("link.csv")).unwrap();
    std::fs::hard_link(&input, dir.join("hard.csv")).unwrap();
    let input_arg = input.to_str().unwrap().to_owned();
    let dot = format!("{}/./big.csv", dir.display());
    let link = dir.join("link.csv").to_str().unwrap().to_owned();
    let hard = dir.join("hard.csv").to_str().unwrap().to_owned();
    let other = dir.join("out.csv").to_str().unwrap().to_owned();
    let cases: [(&[&str], &str); 6] = [
        (&["--valid-out", &input_arg], "--valid-out"),
        (&["--invalid-out", &dot], "--invalid-out"),
        (&["--verdicts", &link], "--verdicts"),
        (&["--valid-out", &hard], "--valid-out"),
        (&["--valid-out", &other, "--invalid-out", &other], "--invalid-out"),
        (&["--verdicts", &other, "--valid-out", &other], "--valid-out"),
    ];
    for (flags, named) in cases {
        let mut args = vec!["check"];
        args.extend_from_slice(flags);
        args.push(&input_arg);
        let out = run(&args, b"");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {stderr}");
        assert!(
            stderr.contains(named) && stderr.contains("is the same file as"),
            "{flags:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{flags:?}: nothing was checked");
        assert_eq!(
            std::fs::read_to_string(&input).unwrap(),
            data,
            "{flags:?}: the input is intact"
        );
        assert_eq!(
            names(&dir),
            ["big.csv", "hard.csv", "link.csv"],
            "{flags:?}: nothing created"
        );
    }
}

#[test]
fn output_files_appear_only_when_complete() {
    let dir = scratch("partial");
    let input = dir.join("in.csv");
    std::fs::write(&input, export(100)).unwrap();
    let valid = dir.join("valid.csv");
    // An earlier file stays as it was when the run fails: here the
    // invalid-out directory does not exist, so that output cannot be made.
    std::fs::write(&valid, "an earlier run's output\n").unwrap();
    let missing = dir.join("no/such/dir/invalid.csv");
    let out = split(&input, &valid, &missing);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&valid).unwrap(),
        "an earlier run's output\n"
    );
    assert_eq!(names(&dir), ["in.csv", "valid.csv"], "no temporary file left");
    // A run that completes replaces it whole.
    let out = run(
        &[
            "check",
            "-q",
            "--valid-out",
            valid.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&valid).unwrap().lines().count(), 1 + 90);
    assert_eq!(names(&dir), ["in.csv", "valid.csv"]);
}

#[test]
fn a_closed_stdout_still_leaves_the_output_files_whole() {
    let dir = scratch("closed-stdout");
    let input = dir.join("big.csv");
    std::fs::write(&input, export(200_000)).unwrap();
    let (valid, invalid) = (dir.join("valid.csv"), dir.join("invalid.csv"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_juspay-customer"))
        .args(["check", "--valid-out", valid.to_str().unwrap(), "--invalid-out"])
        .arg(&invalid)
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "some rows are refused, as without the pipe closing"
    );
    let valid = std::fs::read_to_string(&valid).unwrap();
    let invalid = std::fs::read_to_string(&invalid).unwrap();
    assert_eq!(valid.lines().count(), 1 + 180_000);
    assert_eq!(invalid.lines().count(), 1 + 20_000);
}

#[test]
fn the_report_is_the_same_on_every_run() {
    // One row refusing four fields: four rows of the report tie on count and line.
    let mut data = export(30);
    data.push_str("cust_1,99-88,Mary Ann,O'Brien,a@@b\n");
    let dir = scratch("report");
    let input = dir.join("in.csv");
    std::fs::write(&input, &data).unwrap();
    let reports: Vec<String> = (0..12)
        .map(|_| {
            String::from_utf8(run(&["check", "--no-verdicts", input.to_str().unwrap()], b"").stderr).unwrap()
        })
        .collect();
    assert!(reports.iter().all(|r| *r == reports[0]), "{reports:#?}");
    let rows: Vec<&str> = reports[0]
        .lines()
        .skip_while(|l| !l.starts_with("  field "))
        .skip(1)
        .filter(|l| !l.contains(" of these pass with "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    // By count, then first line, then field in the API's order.
    assert_eq!(
        rows,
        [
            "mobile_number",
            "object_reference_id",
            "email_address",
            "first_name",
            "last_name"
        ]
    );
}

#[test]
fn messages_show_characters_plainly_in_the_errors_column() {
    let dir = scratch("plain");
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        format!("{HEADER}cust_00000001,9876\u{a0}543210,Asha,O'Brien,a@b.c\n"),
    )
    .unwrap();
    let invalid = dir.join("invalid.csv");
    run(
        &[
            "check",
            "-q",
            "--invalid-out",
            invalid.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    let text = std::fs::read_to_string(&invalid).unwrap();
    assert!(
        text.contains("mobile_number has no-break space (U+00A0) at position 5, only digits 0-9 are allowed"),
        "{text}"
    );
    assert!(
        text.contains(r#"last_name has forbidden character ""'"" at position 2"#),
        "{text}"
    );
    assert!(!text.contains('\\'), "{text}");
}

#[test]
fn blank_lines_before_a_record_do_not_count_toward_its_size() {
    // 40 blank lines before each valid 20-odd byte row, 2,000 times: read
    // boundaries fall everywhere, and no row is too large for 64 bytes.
    let mut data = String::from("object_reference_id,mobile_number\n");
    for i in 0..2000 {
        data.push_str(&"\n".repeat(40));
        data.push_str(&format!("cust_{i:08},99887766\n"));
    }
    let dir = scratch("blank-lines");
    let input = dir.join("in.csv");
    std::fs::write(&input, &data).unwrap();
    let out = run(
        &["check", "--max-record-bytes", "64", input.to_str().unwrap()],
        b"",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("records: 2000, valid: 2000, invalid: 0"),
        "{stderr}"
    );
    // The lines are the rows' own.
    let first: serde_json::Value =
        serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["line"], 42);
}

/// Each record of `text` with its line end, as the lines of a file split them.
fn records(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\n', '\r']) {
        let end = if rest[i..].starts_with("\r\n") {
            i + 2
        } else {
            i + 1
        };
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn cr_only_and_crlf_files_count_lines_and_keep_their_line_ends() {
    let dir = scratch("line-ends");
    let rows = [
        "cust_00000001,99887766",
        "cust_00000002,9988-7766",
        "cust_00000003,99887766",
    ];
    for (name, end) in [("mac.csv", "\r"), ("windows.csv", "\r\n"), ("unix.csv", "\n")] {
        let data = format!("object_reference_id,mobile_number{end}{}{end}", rows.join(end));
        let input = dir.join(name);
        std::fs::write(&input, &data).unwrap();
        let (valid, invalid) = (dir.join(format!("v-{name}")), dir.join(format!("i-{name}")));
        let lines = verdict_lines(&split(&input, &valid, &invalid));
        assert_eq!(lines, [2, 3, 4], "{name}");
        let valid = std::fs::read_to_string(&valid).unwrap();
        assert_eq!(
            valid,
            format!(
                "object_reference_id,mobile_number{end}{}{end}{}{end}",
                rows[0], rows[2]
            ),
            "{name}"
        );
        let invalid = std::fs::read_to_string(&invalid).unwrap();
        assert!(
            invalid.ends_with(&format!("only digits 0-9 are allowed\"{end}")),
            "{name}: {invalid:?}"
        );
    }
    // Form lines keep each line's own end, CRLF included, on every record.
    let form = "object_reference_id=cust_00000001&mobile_number=1\r\nobject_reference_id=x&mobile_number=1\r\nobject_reference_id=y\robject_reference_id=cust_00000004&mobile_number=1\n";
    let input = dir.join("mixed.form");
    std::fs::write(&input, form).unwrap();
    let (valid, invalid) = (dir.join("v.form"), dir.join("i.form"));
    let lines = verdict_lines(&split(&input, &valid, &invalid));
    assert_eq!(lines, [1, 2, 3, 4]);
    let (valid, invalid) = (
        std::fs::read_to_string(&valid).unwrap(),
        std::fs::read_to_string(&invalid).unwrap(),
    );
    assert_eq!(records(&valid), [records(form)[0], records(form)[3]]);
    assert_eq!(records(&invalid), [records(form)[1], records(form)[2]]);
}

#[test]
fn headers_match_whatever_their_case_and_spaces() {
    let dir = scratch("headers");
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        " Object_Reference_Id ,MOBILE_NUMBER,Phone\ncust_00000001,99887766,x\n",
    )
    .unwrap();
    let out = run(&["check", input.to_str().unwrap()], b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn column_conflicts_stop_before_any_record() {
    let dir = scratch("conflicts");
    let input = dir.join("in.csv");
    std::fs::write(&input, "ref,phone,tel,phone\ncust_00000001,1,2,3\n").unwrap();
    let path = input.to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "--column",
                "object_reference_id=ref",
                "--column",
                "mobile_number=tel",
                "--column",
                "mobile_number=ref",
            ],
            "mobile_number is already read from column tel",
        ),
        (
            &[
                "--column",
                "object_reference_id=ref",
                "--column",
                "mobile_number=tel",
                "--column",
                "first_name=tel",
            ],
            "column tel is already mapped to mobile_number",
        ),
        (
            &[
                "--column",
                "object_reference_id=ref",
                "--column",
                "mobile_number=phone",
            ],
            "has two columns headed phone (columns 2 and 4)",
        ),
        (
            &[
                "--column",
                "object_reference_id=ref",
                "--column",
                "mobile_number=tell",
            ],
            "has no column headed tell; did you mean tel?",
        ),
    ];
    for (flags, want) in cases {
        let mut args = vec!["check"];
        args.extend_from_slice(flags);
        args.push(path);
        let out = run(&args, b"");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {stderr}");
        assert!(stderr.contains(want), "{flags:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{flags:?}: no record was checked");
    }
}

#[test]
fn delimiters_are_sniffed_or_given() {
    let dir = scratch("delimiters");
    for (name, d, flag) in [
        ("semi.csv", ";", ";"),
        ("tabs.tsv", "\t", "tab"),
        ("bars.csv", "|", "|"),
    ] {
        let data = format!("object_reference_id{d}mobile_number{d}first_name\ncust_00000001{d}99887766{d}\"Asha{d} R\"\ncust_00000002{d}99-88{d}Ravi\n");
        let input = dir.join(name);
        std::fs::write(&input, &data).unwrap();
        let path = input.to_str().unwrap();
        // Sniffed from the header; a tab file needs --format csv for its name.
        let sniffed = run(&["check", "--format", "csv", path], b"");
        let given = run(&["check", "--format", "csv", "--delimiter", flag, path], b"");
        for out in [&sniffed, &given] {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.starts_with("records: 2, valid: 0, invalid: 2"),
                "{name}: {stderr}"
            );
        }
        assert_eq!(sniffed.stdout, given.stdout, "{name}");
        // Outputs keep the file's delimiter, the errors column included.
        let invalid = dir.join(format!("invalid-{name}"));
        run(
            &[
                "check",
                "--format",
                "csv",
                "--invalid-out",
                invalid.to_str().unwrap(),
                path,
            ],
            b"",
        );
        let text = std::fs::read_to_string(&invalid).unwrap();
        assert!(
            text.starts_with(&format!(
                "object_reference_id{d}mobile_number{d}first_name{d}errors\n"
            )),
            "{name}: {text}"
        );
    }
    // A header that is one cell holding semicolons, read as commas, names the likely delimiter.
    let input = dir.join("semi2.csv");
    std::fs::write(
        &input,
        "object_reference_id;mobile_number\ncust_00000001;99887766\n",
    )
    .unwrap();
    let out = run(&["check", "--delimiter", ",", input.to_str().unwrap()], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("looks separated by semicolons; try --delimiter ';'"),
        "{stderr}"
    );
}

#[test]
fn spreadsheet_booleans_are_read_with_normalize() {
    let dir = scratch("booleans");
    let input = dir.join("in.csv");
    std::fs::write(&input, "object_reference_id,mobile_number,options.get_client_auth_token\ncust_00000001,1,TRUE\ncust_00000002,1,False\n").unwrap();
    let path = input.to_str().unwrap();
    assert_eq!(
        run(&["check", "-q", path], b"").status.code(),
        Some(1),
        "refused without --normalize"
    );
    let out = run(&["check", "-q", "--normalize", path], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("options.get_client_auth_token=true")
            && text.contains("options.get_client_auth_token=false"),
        "{text}"
    );
}

#[test]
fn normalize_rewrites_only_the_cells_it_changed() {
    let dir = scratch("carried-cells");
    let input = dir.join("in.csv");
    let data = concat!(
        "object_reference_id,mobile_number,first_name,notes,\"tags\"\n",
        "\"cust_00000001\",\" 98765 43210 \",\"Asha\",\"said \"\"hi\"\", twice\",\n",
        "cust_00000002,9876543210,Ravi,plain,\"\"\n",
    );
    std::fs::write(&input, data).unwrap();
    let valid = dir.join("valid.csv");
    let out = run(
        &[
            "check",
            "-q",
            "--normalize",
            "--valid-out",
            valid.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&valid).unwrap(),
        // The file has no mobile_country_code column, so the output gets
        // one, last: a number split by --normalize keeps its code.
        concat!(
            "object_reference_id,mobile_number,first_name,notes,\"tags\",mobile_country_code\n",
            "\"cust_00000001\",9876543210,\"Asha\",\"said \"\"hi\"\", twice\",,91\n",
            "cust_00000002,9876543210,Ravi,plain,\"\",91\n",
        )
    );
}

#[test]
fn lines_of_spaces_are_skipped_and_a_cut_quote_is_refused() {
    let dir = scratch("cut-quote");
    let input = dir.join("in.csv");
    let head = "object_reference_id,mobile_number,first_name\ncust_00000001,99887766,Asha\n   \n";
    std::fs::write(&input, format!("{head}cust_00000002,99887766,\"Ra")).unwrap();
    let invalid = dir.join("invalid.csv");
    let out = run(
        &[
            "check",
            "--invalid-out",
            invalid.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    let verdicts = support::verdicts(&out);
    assert_eq!(verdicts.len(), 2, "the line of spaces is no record");
    assert_eq!(verdicts[1]["line"], 4);
    assert_eq!(verdicts[1]["errors"][0]["reason"], "unterminated_quote");
    let invalid = std::fs::read_to_string(&invalid).unwrap();
    assert!(
        invalid.contains("cust_00000002,99887766,\"Ra,record ends the file inside a quoted cell"),
        "{invalid}"
    );
    // A last record whose quote closes, with no line end after it, is whole.
    std::fs::write(&input, format!("{head}cust_00000002,99887766,\"Ra \"\"vi\"\"\"")).unwrap();
    let out = run(&["check", "-q", input.to_str().unwrap()], b"");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(
        last["errors"][0]["reason"], "forbidden_character",
        "a space and quotes in a name, not a cut record"
    );
}

#[test]
fn windows_1252_and_utf_16_exports_are_read() {
    let dir = scratch("encodings");
    let text = "object_reference_id,mobile_number,last_name\r\ncust_00000001,99887766,M\u{fc}ller\r\ncust_00000002,99887766,Rao\r\n";
    let w1252: Vec<u8> = text
        .chars()
        .map(|c| if c == '\u{fc}' { 0xFC } else { c as u8 })
        .collect();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (a, b) = (dir.join("w1252.csv"), dir.join("utf16.csv"));
    std::fs::write(&a, &w1252).unwrap();
    std::fs::write(&b, &utf16).unwrap();
    // Read as UTF-8, the Windows export stops at its first bad line, naming it.
    let out = run(&["check", a.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8 at line 2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (path, flags) in [
        (&a, &["--encoding", "windows-1252"][..]),
        (&a, &["--encoding", "latin1"][..]),
        (&b, &[][..]),
    ] {
        let invalid = dir.join("invalid.csv");
        let mut args = vec!["check", "--invalid-out", invalid.to_str().unwrap()];
        args.extend_from_slice(flags);
        args.push(path.to_str().unwrap());
        let out = run(&args, b"");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("records: 2, valid: 1, invalid: 1"),
            "{flags:?}: {stderr}"
        );
        // The refused row arrives in UTF-8, its ü intact and named.
        let invalid = std::fs::read_to_string(&invalid).unwrap();
        assert!(invalid.contains("cust_00000001,99887766,M\u{fc}ller,last_name has forbidden character '\u{fc}' at position 2\r\n"), "{flags:?}: {invalid}");
    }
}

#[test]
fn the_report_as_json_for_pipelines() {
    let dir = scratch("report-json");
    let input = dir.join("in.csv");
    let data = format!("{}cust_1,99-88,Mary Ann,O'Brien,a@@b\n", export(30));
    std::fs::write(&input, &data).unwrap();
    let report = dir.join("report.json");
    let out = run(
        &[
            "check",
            "--no-verdicts",
            "--report-json",
            report.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(
        (v["records"].as_u64(), v["valid"].as_u64(), v["invalid"].as_u64()),
        (Some(31), Some(27), Some(4))
    );
    assert_eq!(v["bytes"].as_u64(), Some(data.len() as u64));
    assert!(v["elapsed_seconds"].as_f64().unwrap() >= 0.0);
    assert_eq!(
        v["refusals"][0],
        // Rows 0, 10 and 20 of `export` write "9876-543210", which
        // --normalize mends; the last row's "99-88" comes with "a@@b".
        serde_json::json!({"field": "mobile_number", "reason": "not_a_digit", "count": 4, "first_line": 2,
            "pass_with": {"--normalize": 3}})
    );
    let fields: Vec<&str> = v["refusals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "mobile_number",
            "object_reference_id",
            "email_address",
            "first_name",
            "last_name"
        ]
    );
    // It never holds a record's value.
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(!text.contains("cust_") && !text.contains("Brien"), "{text}");
}

/// A deterministic generator of numbers (xorshift64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A realistic export: Shopify-style headers (other names, odd case and
/// spaces, extra columns), `+CC` phones with spaces, names with accents and
/// apostrophes, quoted cells holding delimiters, quotes and line breaks,
/// some blank cells. The header, then each row as written.
fn shop_export(rows: usize, d: char, seed: u64) -> (String, Vec<String>) {
    let mut rng = Rng(seed);
    let header = format!(" Object_Reference_Id {d}Phone{d}First Name{d}Last_Name{d}Email{d}Tags{d}Note");
    let names = [
        "Asha",
        "Ravi",
        "Zo\u{eb}",
        "Ren\u{e9}e",
        "O'Neil",
        "Li",
        "Mary Ann",
        "Ng",
    ];
    let phones = [
        "9876543210",
        "+91 98765 43210",
        "98765-43210",
        "99887766",
        "(0) 1234",
        "",
    ];
    let notes = [
        "",
        "prefers email",
        "said \"call later\"",
        "line one\nline two",
        "a, b",
        "x",
    ];
    let quote = |s: &str| {
        if s.contains([d, '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let out = (0..rows)
        .map(|i| {
            let pick = |rng: &mut Rng, list: &[&'static str]| list[rng.below(list.len() as u64) as usize];
            let reference = if rng.below(50) == 0 {
                String::new()
            } else {
                format!("shop_{i:07}")
            };
            let cells = [
                reference,
                pick(&mut rng, &phones).to_owned(),
                pick(&mut rng, &names).to_owned(),
                pick(&mut rng, &names).to_owned(),
                format!("c{i}@example.com"),
                pick(&mut rng, &["vip", "wholesale, retail", ""]).to_owned(),
                pick(&mut rng, &notes).to_owned(),
            ];
            cells
                .iter()
                .map(|c| quote(c))
                .collect::<Vec<_>>()
                .join(&d.to_string())
        })
        .collect();
    (header, out)
}

#[test]
fn every_record_of_every_kind_of_export_lands_in_exactly_one_output() {
    let dir = scratch("partition");
    let kinds: [(&str, char, &str, &str); 6] = [
        ("comma, LF, UTF-8", ',', "\n", "utf-8"),
        ("comma, CRLF, UTF-8 BOM", ',', "\r\n", "bom"),
        ("semicolon, CRLF", ';', "\r\n", "utf-8"),
        ("comma, CR only (Excel for Mac)", ',', "\r", "utf-8"),
        ("comma, CRLF, Windows-1252", ',', "\r\n", "windows-1252"),
        (
            "tab, CRLF, UTF-16LE (Excel's Unicode text)",
            '\t',
            "\r\n",
            "utf-16",
        ),
    ];
    for (n, (kind, d, end, encoding)) in kinds.into_iter().enumerate() {
        let (header, rows) = shop_export(1500, d, 7 + n as u64);
        let text = format!("{header}{end}{}{end}", rows.join(end));
        let bytes: Vec<u8> = match encoding {
            "bom" => [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat(),
            "windows-1252" => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap())
                .collect(),
            "utf-16" => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            _ => text.clone().into_bytes(),
        };
        let input = dir.join(format!("export-{n}.csv"));
        std::fs::write(&input, &bytes).unwrap();
        let (valid, invalid) = (
            dir.join(format!("valid-{n}.csv")),
            dir.join(format!("invalid-{n}.csv")),
        );
        let mut args = vec![
            "check",
            "--column",
            "mobile_number=phone",
            "--column",
            "first_name=first name",
            "--column",
            "email_address=Email",
            "--valid-out",
            valid.to_str().unwrap(),
            "--invalid-out",
            invalid.to_str().unwrap(),
        ];
        if encoding == "windows-1252" {
            args.extend(["--encoding", "windows-1252"]);
        }
        args.push(input.to_str().unwrap());
        let out = run(&args, b"");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Which rows were valid, by the line each starts on.
        let mut line = 2;
        let starts: Vec<u64> = rows
            .iter()
            .map(|r| {
                let at = line;
                line += 1 + r.matches('\n').count() as u64;
                at
            })
            .collect();
        let verdicts: std::collections::HashMap<u64, bool> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (v["line"].as_u64().unwrap(), v["valid"].as_bool().unwrap())
            })
            .collect();
        assert_eq!(verdicts.len(), rows.len(), "{kind}: one verdict per row");
        // The valid file: the header with each column a field is read from
        // headed with the field's name (so that `send` reads it with no
        // flag given again), then each valid row byte for byte.
        let valid_rows: Vec<&String> = rows
            .iter()
            .zip(&starts)
            .filter(|(_, s)| verdicts[s])
            .map(|(r, _)| r)
            .collect();
        let mut want = format!(
            "object_reference_id{d}mobile_number{d}first_name{d}last_name{d}email_address{d}Tags{d}Note{end}"
        );
        for r in &valid_rows {
            want.push_str(r);
            want.push_str(end);
        }
        assert_eq!(std::fs::read_to_string(&valid).unwrap(), want, "{kind}");
        // The invalid file: the header and an errors column, then each
        // refused row byte for byte, its messages after it.
        let invalid = std::fs::read_to_string(&invalid).unwrap();
        let mut rest = invalid
            .strip_prefix(&format!("{header}{d}errors{end}"))
            .expect(kind);
        let refused: Vec<&String> = rows
            .iter()
            .zip(&starts)
            .filter(|(_, s)| !verdicts[s])
            .map(|(r, _)| r)
            .collect();
        assert!(
            valid_rows.len() > 100 && refused.len() > 100,
            "{kind}: both kinds of row"
        );
        for r in refused {
            rest = rest
                .strip_prefix(r.as_str())
                .unwrap_or_else(|| panic!("{kind}: {r:?} missing"));
            rest = rest.strip_prefix(d).expect(kind);
            let cell_end = rest.find(end).expect(kind);
            assert!(!rest[..cell_end].is_empty(), "{kind}: the messages");
            rest = &rest[cell_end + end.len()..];
        }
        assert_eq!(rest, "", "{kind}: nothing else");
    }
}

#[test]
fn a_repeated_object_reference_id_is_refused_after_the_first() {
    let dir = scratch("duplicates");
    // Across chunks too: 3,000 rows, each id twice, the repeat 1,500 rows
    // on: with another number every other time (a duplicate), else the same
    // row again (the same customer).
    let mut data = String::from("object_reference_id,mobile_number\n");
    for i in 0..3000 {
        let number = if i >= 1500 && i % 2 == 0 {
            "99887767"
        } else {
            "99887766"
        };
        data.push_str(&format!("cust_{:08},{number}\n", i % 1500));
    }
    // A refused first record does not count: its repeat is the first valid one.
    data.push_str("cust_x,1\ncust_x_valid_now,1\n");
    let input = dir.join("in.csv");
    std::fs::write(&input, &data).unwrap();
    let (valid, invalid) = (dir.join("valid.csv"), dir.join("invalid.csv"));
    let out = split(&input, &valid, &invalid);
    let verdicts = support::verdicts(&out);
    assert_eq!(verdicts.len(), 3002);
    assert_eq!(verdicts[1499]["valid"], true);
    assert_eq!(
        verdicts[1500],
        serde_json::json!({"line": 1502, "valid": false, "errors": [{
            "field": "object_reference_id", "code": "ALREADY_EXISTS", "reason": "duplicate_reference",
            "message": "object_reference_id is the same as on line 2 (Create would answer ALREADY_EXISTS)"
        }]})
    );
    assert_eq!(
        verdicts[1501],
        serde_json::json!({"line": 1503, "valid": false, "errors": [{
            "field": "object_reference_id", "code": "ALREADY_EXISTS", "reason": "same_customer",
            "message": "the same customer as on line 3, field for field: nothing to fix, sent once"
        }]})
    );
    assert!(verdicts[1500..3000]
        .iter()
        .enumerate()
        .all(|(i, v)| v["errors"][0]["reason"]
            == if i % 2 == 0 {
                "duplicate_reference"
            } else {
                "same_customer"
            }));
    assert_eq!(verdicts[3001]["valid"], true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("records: 3002, valid: 1501, invalid: 1501"),
        "{stderr}"
    );
    assert!(
        stderr.contains("object_reference_id  duplicate_reference        750  1502"),
        "{stderr}"
    );
    assert!(
        stderr.contains("object_reference_id  same_customer              750  1503"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "same_customer: 750 (the first on line 1503) repeat an earlier valid row field for field"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&valid).unwrap().lines().count(), 1 + 1501);
    let invalid = std::fs::read_to_string(&invalid).unwrap();
    assert_eq!(invalid.lines().count(), 1 + 1501);
    assert!(invalid.contains("\ncust_00000000,99887767,object_reference_id is the same as on line 2 (Create would answer ALREADY_EXISTS)\n"));
    assert!(invalid.contains("\ncust_00000001,99887766,\"the same customer as on line 3, field for field: nothing to fix, sent once\"\n"));
    // --allow-duplicates keeps them valid.
    let out = run(
        &["check", "-q", "--allow-duplicates", input.to_str().unwrap()],
        b"",
    );
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("records: 3002, valid: 3001, invalid: 1"));
    // JSON lines, normalized: the ids as sent are compared.
    let json = "{\"object_reference_id\":\" cust_00000001\",\"mobile_number\":\"1\"}\n{\"object_reference_id\":\"cust_00000001 \",\"mobile_number\":\"2\"}\n";
    let out = run(&["check", "--format", "json", "--normalize"], json.as_bytes());
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(last["errors"][0]["reason"], "duplicate_reference");
}

#[test]
fn a_json_array_export_is_read_element_by_element() {
    let dir = scratch("json-array");
    let doc = concat!(
        "[\n",
        "  {\"object_reference_id\": \"cust_00000001\", \"mobile_number\": \"99887766\"},\n",
        "  {\n    \"object_reference_id\": \"cust_00000002\",\n    \"mobile_number\": \"99-88\",\n    \"note\": \"a ] and a } in a string, \\\" too\"\n  },\n",
        "  {\"object_reference_id\": \"cust_00000003\", \"mobile_number\": \"1\", \"tags\": [1, [2]]},\n",
        "  42,\n",
        "  {\"object_reference_id\": \"cust_00000004\", \"mobile_number\": \"1\"}\n",
        "]\n",
    );
    let input = dir.join("export.json");
    std::fs::write(&input, doc).unwrap();
    let (valid, invalid) = (dir.join("valid.json"), dir.join("invalid.json"));
    let out = split(&input, &valid, &invalid);
    let verdicts = support::verdicts(&out);
    let lines: Vec<u64> = verdicts.iter().map(|v| v["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 3, 8, 9, 10], "the line each element starts on");
    let valid_flags: Vec<bool> = verdicts.iter().map(|v| v["valid"].as_bool().unwrap()).collect();
    assert_eq!(valid_flags, [true, false, true, false, true]);
    assert_eq!(verdicts[3]["errors"][0]["reason"], "not_an_object");
    // The outputs are JSON arrays holding the elements as written.
    let valid: serde_json::Value = serde_json::from_slice(&std::fs::read(&valid).unwrap()).unwrap();
    let ids: Vec<&str> = valid
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["object_reference_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cust_00000001", "cust_00000003", "cust_00000004"]);
    let invalid_text = std::fs::read_to_string(&invalid).unwrap();
    let invalid: serde_json::Value = serde_json::from_str(&invalid_text).unwrap();
    assert_eq!(invalid.as_array().unwrap().len(), 2);
    assert!(
        invalid_text.contains("\"note\": \"a ] and a } in a string, \\\" too\"\n  }"),
        "{invalid_text}"
    );
    // An element over the limit is refused unheld, and still lands whole.
    let out = run(
        &[
            "check",
            "--max-record-bytes",
            "90",
            "--invalid-out",
            dir.join("i2.json").to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    let verdicts = support::verdicts(&out);
    assert_eq!(verdicts[1]["errors"][0]["reason"], "too_large");
    assert_eq!(verdicts.len(), 5);
    let again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("i2.json")).unwrap()).unwrap();
    assert_eq!(
        again.as_array().unwrap()[0]["note"],
        "a ] and a } in a string, \" too"
    );
    // JSON lines in a .json file stay JSON lines.
    std::fs::write(
        &input,
        "{\"object_reference_id\":\"cust_00000001\",\"mobile_number\":\"1\"}\n",
    )
    .unwrap();
    assert_eq!(
        run(&["check", "-q", input.to_str().unwrap()], b"").status.code(),
        Some(0)
    );
    // An empty array is no record, and its outputs are empty arrays.
    std::fs::write(&input, " [ ] ").unwrap();
    let out = run(
        &[
            "check",
            "-q",
            "--valid-out",
            dir.join("v2.json").to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("records: 0"));
    assert_eq!(std::fs::read_to_string(dir.join("v2.json")).unwrap(), "[]\n");
}
