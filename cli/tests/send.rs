//! `send` and `fake-server` through the binary, on 127.0.0.1: a bad day's
//! faults, crashes and resumes, refusals before sending, and the key that
//! never shows.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::scratch;

const BIN: &str = env!("CARGO_BIN_EXE_juspay-customer");
const KEY: &str = "test_key";

/// A running `fake-server`, killed when dropped.
struct Fake {
    child: Child,
    url: String,
}

impl Fake {
    fn start(args: &[&str]) -> Fake {
        Fake::under(Command::new(BIN), args)
    }

    /// `fake-server` run by `command` (the binary itself, or a wrapper
    /// such as `prlimit ... BIN`).
    fn under(mut command: Command, args: &[&str]) -> Fake {
        let mut child = command
            .arg("fake-server")
            .args(["--port", "0"])
            .args(args)
            .env("JUSPAY_API_KEY", KEY)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
        Fake { child, url }
    }

    fn authority(&self) -> &str {
        self.url.strip_prefix("http://").unwrap()
    }

    /// One raw HTTP/1.1 exchange: the status and body.
    fn raw(&self, request: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.authority()).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        let status = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
        (status, body)
    }

    /// What the fake holds: object_reference_id → (customer id, creations).
    fn customers(&self) -> BTreeMap<String, (String, u64)> {
        let (status, body) =
            self.raw("GET /_fake/customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert_eq!(status, 200);
        body.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["object_reference_id"].as_str().unwrap().to_owned(),
                    (
                        v["id"].as_str().unwrap().to_owned(),
                        v["creations"].as_u64().unwrap(),
                    ),
                )
            })
            .collect()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `n` valid customers as CSV, as `check --valid-out` writes them.
fn records(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from("object_reference_id,mobile_number,first_name,email_address\n");
    for i in 0..n {
        text.push_str(&format!("cust_{i:08},98765{i:05},Name{i},user{i}@example.com\n"));
    }
    let path = dir.join("clean.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// `send --base-url URL FLAGS INPUT` with the test key and no merchant id
/// from the environment; nothing else is given.
fn send_at(url: &str, input: &Path, flags: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(["send", "--base-url", url])
        .args(flags)
        .arg(input)
        .env("JUSPAY_API_KEY", KEY)
        .env_remove("JUSPAY_MERCHANT_ID")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// `send` to `fake` as merchant_1, unpaced, 10 s a request, and `extra`.
fn send_command(fake: &Fake, input: &Path, extra: &[&str]) -> Command {
    let flags = [
        &["--merchant-id", "merchant_1", "--rate", "0", "--timeout", "10"][..],
        extra,
    ]
    .concat();
    send_at(&fake.url, input, &flags)
}

fn send(fake: &Fake, input: &Path, extra: &[&str]) -> Output {
    send_command(fake, input, extra).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The results file: one row per record, by line.
fn results(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header,
        [
            "line",
            "object_reference_id",
            "customer_id",
            "outcome",
            "attempts",
            "failure"
        ]
    );
    lines
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// `out` ended with `code` and its stderr says `text`.
fn exits_saying(out: &Output, code: i32, text: &str) {
    let said = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{said}");
    assert!(said.contains(text), "{said}");
}

/// Waits until the fake holds a customer: the run is sending.
fn until_sending(fake: &Fake) {
    let waiting = Instant::now();
    while fake.customers().is_empty() {
        assert!(waiting.elapsed() < Duration::from_secs(60), "nothing was sent");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A results row of a record with no outcome yet: `pending`, or `sent`
/// (marked before its request could leave, in batches, so it may or may
/// not have gone; a resume settles it with Get or Create).
fn not_sent(row: &BTreeMap<String, String>) -> bool {
    ["pending", "sent"].contains(&row["outcome"].as_str())
}

/// The invariants of a finished run: every record created or existing,
/// one results row each, the fake holding exactly one customer per
/// object_reference_id, made once, with the id the results give.
fn assert_finished(fake: &Fake, input: &Path, n: usize) {
    let rows = results(&input.with_file_name("clean.csv.results.csv"));
    assert_eq!(rows.len(), n);
    let held = fake.customers();
    assert_eq!(held.len(), n, "one customer per record");
    let mut seen = BTreeSet::new();
    for (i, row) in rows.iter().enumerate() {
        let ori = format!("cust_{i:08}");
        assert_eq!(row["line"], (i + 2).to_string());
        assert_eq!(row["object_reference_id"], ori);
        assert!(
            ["created", "existing"].contains(&row["outcome"].as_str()),
            "{row:?}"
        );
        let (id, creations) = &held[&ori];
        assert_eq!(&row["customer_id"], id, "{ori}");
        assert_eq!(*creations, 1, "{ori} made once");
        assert!(seen.insert(id.clone()), "customer ids are distinct");
    }
}

const BAD_DAY: &[&str] = &[
    "--faults",
    "503=10%,429=2%,commit-then-reset=1%",
    "--latency-ms",
    "4",
    "--seed",
    "20",
];

#[test]
fn ten_thousand_records_through_a_bad_day() {
    let dir = scratch("send-bad-day");
    let input = records(&dir, 10_000);
    let fake = Fake::start(BAD_DAY);
    let started = Instant::now();
    let out = send(&fake, &input, &["--concurrency", "32", "--max-attempts", "10"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stderr(&out);
    // The fields and the plan, any progress lines (stderr is no terminal
    // here), then the report.
    assert!(
        report.starts_with("fields read: object_reference_id, mobile_number, email_address, first_name\nnot sent: last_name (no column), mobile_country_code (no column: Juspay's default, 91, applies)\nsending 10000 records, no rate limit\n"),
        "{report}"
    );
    assert!(
        report.lines().any(|l| l.starts_with("10000 records: ")),
        "{report}"
    );
    assert!(
        report.contains(" 0 failed, 0 not sent; 10000 sent this run"),
        "{report}"
    );
    assert_finished(&fake, &input, 10_000);
    let rows = results(&dir.join("clean.csv.results.csv"));
    // The 1% whose answer was lost: their retry met ALREADY_EXISTS and Get or
    // Create returned the customer the lost attempt made.
    let existing = rows.iter().filter(|r| r["outcome"] == "existing").count();
    assert!((40..200).contains(&existing), "{existing}");
    assert!(rows.iter().any(|r| r["attempts"].parse::<u32>().unwrap() >= 3));
    eprintln!("10,000 records through a bad day in {:?}", started.elapsed());
}

#[test]
fn killed_five_times_and_resumed() {
    let dir = scratch("send-crash");
    let input = records(&dir, 10_000);
    let fake = Fake::start(BAD_DAY);
    // Random moments, from the clock; printed so a failure can be replayed.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    eprintln!("kill moments seed {seed}");
    let mut state = seed | 1;
    let mut kills = 0;
    for round in 0..5 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let moment = Duration::from_millis(state % 800);
        let resume: &[&str] = if round == 0 { &[] } else { &["--resume"] };
        let mut args = vec!["--concurrency", "32", "--max-attempts", "10"];
        args.extend_from_slice(resume);
        let mut child = send_command(&fake, &input, &args).spawn().unwrap();
        // Sending starts once the journal is in place (the first pass
        // writes it whole, then renames it).
        let journal = dir.join("clean.csv.journal");
        while !journal.exists() && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(moment);
        if child.try_wait().unwrap().is_none() {
            // SIGKILL: no chance to tidy up.
            child.kill().unwrap();
            kills += 1;
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.code() != Some(2), "round {round}: {}", stderr(&out));
        // Nothing made twice, whatever the moment.
        assert!(fake.customers().values().all(|(_, n)| *n == 1));
    }
    assert!(kills >= 3, "the runs were killed while sending ({kills} of 5)");
    let out = send(
        &fake,
        &input,
        &["--concurrency", "32", "--max-attempts", "10", "--resume"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_finished(&fake, &input, 10_000);
}

#[test]
fn refusals_before_anything_is_sent() {
    let dir = scratch("send-refusals");
    let fake = Fake::start(&[]);
    // A refused record: nothing sent, no journal left.
    let input = dir.join("clean.csv");
    std::fs::write(
        &input,
        "object_reference_id,mobile_number\ncust_00000001,98765\ncust_00000002,98-765\n",
    )
    .unwrap();
    let out = send(&fake, &input, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stderr(&out);
    assert!(report.contains("mobile_number"), "{report}");
    assert!(
        report.ends_with("juspay-customer send: nothing was sent\n"),
        "{report}"
    );
    assert!(!report.contains("98-765"), "no value in the report");
    assert_eq!(support::names(&dir), ["clean.csv"]);
    assert!(fake.customers().is_empty());
    // An object_reference_id twice: the same.
    std::fs::write(
        &input,
        "object_reference_id,mobile_number\ncust_00000001,98765\ncust_00000002,98765\ncust_00000001,98766\n",
    )
    .unwrap();
    let out = send(&fake, &input, &[]);
    exits_saying(&out, 1, "1 records repeat an earlier record's object_reference_id (Create would refuse them):\n  line 4 repeats line 2\n");
    assert_eq!(support::names(&dir), ["clean.csv"]);
    assert!(fake.customers().is_empty());
    // A dry run checks and plans, needs no key, sends nothing, keeps no journal.
    let input = records(&dir, 3);
    let mut cmd = send_command(&fake, &input, &["--dry-run"]);
    cmd.env_remove("JUSPAY_API_KEY");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "fields read: object_reference_id, mobile_number, email_address, first_name\nnot sent: last_name (no column), mobile_country_code (no column: Juspay's default, 91, applies)\ndry run: 3 records checked, every one valid and unique; a run would send 3 with create to {}\n",
            fake.url
        )
    );
    assert_eq!(support::names(&dir), ["clean.csv"]);
    assert!(fake.customers().is_empty());
}

/// One line a case: the flags, and the start of what the run says (exit 2).
#[test]
fn usage_errors() {
    let dir = scratch("send-usage");
    let fake = Fake::start(&[]);
    let input = records(&dir, 2);
    std::fs::write(dir.join("taken.csv"), "keep me").unwrap();
    let taken = dir.join("taken.csv");
    let taken = taken.to_str().unwrap();
    for (flags, no_key, want) in [
        (
            vec!["--api-key", "test_key"],
            false,
            "error: unexpected argument '--api-key' found",
        ),
        (
            vec![],
            true,
            "juspay-customer: no API key: set JUSPAY_API_KEY or pass --api-key-file FILE",
        ),
        (vec!["--results", taken], false, "juspay-customer: "),
        // Found before anything is sent, not after every record was.
        (
            vec!["--results", "/nonexistent-dir/results.csv"],
            false,
            "juspay-customer: cannot create /nonexistent-dir/results.csv",
        ),
        (vec!["--resume"], false, "juspay-customer: no journal "),
        (
            vec!["--journal", input.to_str().unwrap()],
            false,
            "juspay-customer: --journal ",
        ),
        (
            vec!["--concurrency", "0"],
            false,
            "error: invalid value '0' for '--concurrency <N>'",
        ),
        (
            vec!["--max-attempts", "0"],
            false,
            "error: invalid value '0' for '--max-attempts <N>'",
        ),
        (
            vec!["--environment", "production", "--base-url", "http://x"],
            false,
            "error: the argument",
        ),
    ] {
        let mut cmd = send_command(&fake, &input, &flags);
        if no_key {
            cmd.env_remove("JUSPAY_API_KEY");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with(want), "{flags:?}: {}", stderr(&out));
    }
    for (flag, value, want) in [
        ("--rate", "-1", "error: invalid value '-1' for '--rate <R>'"),
        ("--rate", "inf", "error: invalid value 'inf' for '--rate <R>'"),
        // A rate so small its spacing overflows: refused, not a panic in a sender.
        ("--rate", "1e-19", "error: invalid value '1e-19' for '--rate <R>': a rate is a number of requests a second from 1/86400"),
        ("--rate", "NaN", "error: invalid value 'NaN' for '--rate <R>'"),
        (
            "--timeout",
            "0",
            "error: invalid value '0' for '--timeout <SECONDS>'",
        ),
    ] {
        let out = Command::new(BIN)
            .args(["send", "--base-url", &fake.url, &format!("{flag}={value}")])
            .arg(&input)
            .env("JUSPAY_API_KEY", KEY)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).starts_with(want), "{flag} {value}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(dir.join("taken.csv")).unwrap(), "keep me");
    assert!(fake.customers().is_empty());
}

#[test]
fn a_wrong_key_stops_the_run_and_resume_finishes_it() {
    let dir = scratch("send-wrong-key");
    let fake = Fake::start(&["--merchant-id", "merchant_1"]);
    let input = records(&dir, 50);
    let mut cmd = send_command(&fake, &input, &["--concurrency", "2"]);
    cmd.env("JUSPAY_API_KEY", "not_the_key");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    assert!(
        report.contains("stopped: the API answered juspay unauthorized (401) UNAUTHORIZED: Invalid API Key."),
        "{report}"
    );
    assert!(!report.contains("not_the_key"));
    let rows = results(&dir.join("clean.csv.results.csv"));
    assert_eq!(rows.len(), 50);
    assert!(
        rows.iter().filter(|r| not_sent(r)).count() >= 40,
        "the run stopped early"
    );
    // One run at a time on a journal.
    let mut slow = Command::new(BIN)
        .args([
            "send",
            "--resume",
            "--base-url",
            &fake.url,
            "--merchant-id",
            "merchant_1",
            "--rate",
            "5",
        ])
        .arg(&input)
        .env("JUSPAY_API_KEY", KEY)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let second = send(&fake, &input, &["--resume"]);
    exits_saying(&second, 2, "another juspay-customer send is running on");
    assert!(
        slow.try_wait().unwrap().is_none(),
        "the first run was still sending"
    );
    slow.kill().unwrap();
    slow.wait().unwrap();
    // Fixed, resumed: each record once; the 401s went through Get or Create.
    let out = send(&fake, &input, &["--resume"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fake.customers().len(), 50);
    // Resuming a finished run sends nothing.
    let out = send(&fake, &input, &["--resume"]);
    exits_saying(&out, 0, "0 sent this run");
    // Nor does one resumed with Get or Create (which would adopt records
    // that failed as already_exists; there are none).
    let out = send(&fake, &input, &["--resume", "--operation", "get-or-create"]);
    exits_saying(&out, 0, "0 sent this run");
    // A run with an input that changed is refused.
    std::fs::write(&input, "object_reference_id,mobile_number\ncust_99999999,98765\n").unwrap();
    let out = send(&fake, &input, &["--resume"]);
    exits_saying(&out, 2, "the input changed since the first run");
}

#[test]
fn nobody_there_stops_the_run() {
    let dir = scratch("send-nobody");
    let input = records(&dir, 40);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = send_to(&url, &input);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    assert!(
        report.contains(&format!("stopped: could not connect ({url}); fix it")),
        "{report}"
    );
    let rows = results(&dir.join("clean.csv.results.csv"));
    assert_eq!(rows.len(), 40);
    assert!(rows.iter().filter(|r| not_sent(r)).count() >= 30, "{report}");
    assert!(rows.iter().any(|r| r["failure"] == "transport_connect"));
}

/// The key is in no process argument, output, journal or results file,
/// read back byte for byte (the journal's WAL included).
#[test]
fn the_key_never_shows() {
    let key = "sk_live_6e6f742d612d7265616c2d6b6579";
    let dir = scratch("send-key");
    let input = records(&dir, 300);
    let key_file = dir.join("key.txt");
    std::fs::write(&key_file, format!("{key}\n")).unwrap();
    let fake = Fake {
        child: Command::new(BIN)
            .args([
                "fake-server",
                "--port",
                "0",
                "--faults",
                "503=10%,commit-then-reset=2%",
                "--api-key-file",
            ])
            .arg(&key_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
        url: String::new(),
    };
    let mut fake = fake;
    let mut line = String::new();
    BufReader::new(fake.child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    fake.url = line.trim().to_owned();
    let mut cmd = send_command(
        &fake,
        &input,
        &[
            "--api-key-file",
            key_file.to_str().unwrap(),
            "--max-attempts",
            "10",
        ],
    );
    cmd.env_remove("JUSPAY_API_KEY");
    let child = cmd.spawn().unwrap();
    // Its arguments, as ps shows them, while it runs.
    std::thread::sleep(Duration::from_millis(200));
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap_or_default();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!cmdline.is_empty());
    let mut seen: Vec<(String, Vec<u8>)> = vec![
        ("ps arguments".into(), cmdline),
        ("stdout".into(), out.stdout.clone()),
        ("stderr".into(), out.stderr.clone()),
    ];
    for name in support::names(&dir) {
        if name != "key.txt" {
            seen.push((name.clone(), std::fs::read(dir.join(&name)).unwrap()));
        }
    }
    assert!(seen.iter().any(|(n, _)| n == "clean.csv.journal"));
    // The Basic credential is base64 of "key:", which can start at any of three
    // offsets; each form is looked for.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{key}:"));
    for (name, bytes) in &seen {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(key), "the key shows in {name}");
        assert!(
            !text.contains(&b64[..b64.len() - 4]),
            "the Authorization value shows in {name}"
        );
        assert!(
            !text.contains("merchant_1") || name == "ps arguments",
            "the merchant id shows in {name}"
        );
    }
}

#[test]
fn fake_server_speaks_http_carefully() {
    let fake = Fake::start(&["--merchant-id", "merchant_1"]);
    let auth = "Authorization: Basic dGVzdF9rZXk6\r\n";
    let body = "object_reference_id=cust_12345678&mobile_number=98765";
    let post = |method: &str, headers: &str| {
        fake.raw(&format!(
            "{method} /customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}Content-Type: application/x-www-form-urlencoded\r\n\r\n{body}"
        ))
    };
    let cl = format!("Content-Length: {}\r\n", body.len());
    let (status, _) = post(
        "POST",
        &format!("{auth}x-merchantid: merchant_1\r\n{cl}Content-Length: 3\r\n"),
    );
    assert_eq!(status, 400, "conflicting Content-Length");
    let (status, _) = post("post", &format!("{auth}x-merchantid: merchant_1\r\n{cl}"));
    assert_eq!(status, 404, "methods are case-sensitive");
    let (status, text) = post("POST", &format!("{auth}x-merchantid: someone_else\r\n{cl}"));
    assert_eq!(status, 401);
    assert!(
        text.contains("The x-merchantid does not match the merchant of the API key."),
        "{text}"
    );
    assert!(!text.contains("Invalid API Key"));
    let (status, text) = post("POST", &format!("{auth}x-merchantid: merchant_1\r\n{cl}"));
    assert_eq!(status, 200, "{text}");
    assert_eq!(fake.customers().len(), 1);
    let (status, _) = fake.raw("GET /openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200);
}

/// A listener on 127.0.0.1 that answers every request with `response` (a
/// whole HTTP/1.1 response, `Connection: close`) and counts requests; its
/// thread ends with the test process.
fn canned(response: String) -> (String, std::sync::Arc<std::sync::atomic::AtomicU64>) {
    use std::sync::atomic::{AtomicU64, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(AtomicU64::new(0));
    let counted = std::sync::Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            // Read the head, then the body its Content-Length gives.
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    let mut body = vec![0; length];
                    let _ = reader.read_exact(&mut body);
                    counted.fetch_add(1, Ordering::SeqCst);
                    let _ = stream.write_all(response.as_bytes());
                    break;
                }
            }
        }
    });
    (url, hits)
}

/// `send` against `url` with two attempts a record: the output.
fn send_to(url: &str, input: &Path) -> Output {
    send_at(
        url,
        input,
        &[
            "--merchant-id",
            "m",
            "--max-attempts",
            "2",
            "--rate",
            "0",
            "--concurrency",
            "2",
        ],
    )
    .output()
    .unwrap()
}

/// A redirect is never followed: the other origin receives nothing, the run
/// stops (every record would be redirected alike), the record says so, and
/// a resume resends it with Get or Create.
#[test]
fn a_redirect_stops_the_run_and_is_never_followed() {
    use std::sync::atomic::Ordering;
    let (elsewhere, elsewhere_hits) = canned(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
            .to_owned(),
    );
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let dir = scratch("send-redirect");
        let input = records(&dir, 20);
        let (origin, origin_hits) = canned(format!(
            "HTTP/1.1 {status}\r\nLocation: {elsewhere}/customers\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        let out = send_to(&origin, &input);
        assert_eq!(out.status.code(), Some(1), "{status}");
        let report = stderr(&out);
        let code = &status[..3];
        assert!(
            report.contains(&format!(
                "stopped: the server redirected ({code}), not followed ({origin})"
            )),
            "{report}"
        );
        let rows = results(&dir.join("clean.csv.results.csv"));
        assert_eq!(rows.len(), 20);
        let failed: Vec<_> = rows.iter().filter(|r| r["outcome"] == "failed").collect();
        assert!(!failed.is_empty() && failed.len() <= 2, "{rows:?}");
        assert!(failed
            .iter()
            .all(|r| r["failure"] == format!("redirect (status {code})")));
        assert!(origin_hits.load(Ordering::SeqCst) <= 2);
    }
    assert_eq!(elsewhere_hits.load(Ordering::SeqCst), 0);
}

/// A 200 carrying another record's customer is this record's failure,
/// never its customer.
#[test]
fn another_records_customer_is_a_failure() {
    let dir = scratch("send-other");
    let input = records(&dir, 3);
    let body = r#"{"id":"cst_someone","object_reference_id":"cust_99999999"}"#;
    let (url, _) = canned(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    let out = send_to(&url, &input);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rows = results(&dir.join("clean.csv.results.csv"));
    assert_eq!(rows.len(), 3);
    for row in &rows {
        assert_eq!(
            (
                row["outcome"].as_str(),
                row["failure"].as_str(),
                row["customer_id"].as_str()
            ),
            ("failed", "other_customer", ""),
            "{row:?}"
        );
    }
}

/// `https://` to a plain HTTP port is a TLS failure, which stops the run as
/// documented (it was a "reset", retried record after record).
#[test]
fn https_to_a_plain_port_stops_the_run() {
    let fake = Fake::start(&[]);
    let dir = scratch("send-tls");
    let input = records(&dir, 20);
    let https = fake.url.replace("http://", "https://");
    let out = send_to(&https, &input);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    assert!(
        report.contains(&format!("stopped: TLS failed ({https})")),
        "{report}"
    );
    let rows = results(&dir.join("clean.csv.results.csv"));
    assert!(rows.iter().any(|r| r["failure"] == "transport_tls"), "{rows:?}");
    assert!(fake.customers().is_empty());
}

/// `fake-server` closes a connection that sends no request within
/// `--idle-timeout`, a new one or a kept-alive one between requests.
#[test]
fn fake_server_closes_idle_connections() {
    let fake = Fake::start(&["--idle-timeout", "1"]);
    let closed_within_10s = |stream: &mut TcpStream| {
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut rest = Vec::new();
        // Ok: the server closed it; Err: still open after 10 s.
        stream.read_to_end(&mut rest).is_ok()
    };
    let mut silent = TcpStream::connect(fake.authority()).unwrap();
    assert!(closed_within_10s(&mut silent), "a connection that never spoke");
    let mut kept = TcpStream::connect(fake.authority()).unwrap();
    kept.write_all(b"GET /_fake/customers HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    assert!(
        closed_within_10s(&mut kept),
        "a kept-alive connection after its answer"
    );
}

/// At its open-files limit `fake-server` backs off instead of spinning in
/// `accept` (it took a third of a CPU), and serves again once connections
/// close. Needs `prlimit` (util-linux).
#[test]
fn fake_server_at_its_open_files_limit_waits() {
    if Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("skipped: no prlimit on this machine");
        return;
    }
    let mut prlimit = Command::new("prlimit");
    prlimit.args(["--nofile=32:32", BIN]);
    let fake = Fake::under(prlimit, &[]);
    // More idle connections than the limit leaves room for.
    let held: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(fake.authority()).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let cpu = || {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", fake.child.id())).unwrap();
        let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
        // utime and stime, in clock ticks (fields 14 and 15 of the whole line).
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    };
    let before = cpu();
    std::thread::sleep(Duration::from_secs(2));
    let ticks = cpu() - before;
    // Spinning costs hundreds of ticks in 2 s (100 a second a core); waiting, a few.
    assert!(ticks < 20, "{ticks} clock ticks of CPU in 2 s while at the limit");
    drop(held);
    let (status, _) = fake.raw("GET /_fake/customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200, "serves again once connections close");
}

/// Two runs on one file: the second is refused at once, before it reads or
/// sends anything, however soon after the first it starts; the first
/// finishes every record, each made once.
#[test]
fn a_second_run_on_the_same_file_is_refused_at_once() {
    let fake = Fake::start(&["--latency-ms", "20"]);
    let dir = scratch("send-twice");
    let input = records(&dir, 400);
    let mut first = send_command(&fake, &input, &["--concurrency", "1"])
        .spawn()
        .unwrap();
    // The first run holds the lock once its journal appears (the partial
    // one of the first pass, then the journal).
    let journal_appeared = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains("journal"))
    };
    let waiting = Instant::now();
    while !journal_appeared() {
        assert!(
            waiting.elapsed() < Duration::from_secs(30),
            "the first run never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    for pause_ms in [0u64, 300, 1000] {
        std::thread::sleep(Duration::from_millis(pause_ms));
        let second = send(&fake, &input, &[]);
        let second_resume = send(&fake, &input, &["--resume"]);
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first run is still going"
        );
        for out in [&second, &second_resume] {
            assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
            assert!(
                stderr(out).contains("another juspay-customer send is running on"),
                "{}",
                stderr(out)
            );
        }
    }
    // The lock's own refusal, not the journal's busy wait (whose message
    // differs): the second run never reached the journal.
    assert!(first.wait().unwrap().success());
    assert_finished(&fake, &input, 400);
}

/// `--resume --journal` on another program's SQLite file is refused, and the
/// file is left as it was: not switched to WAL, no table added.
#[test]
fn another_programs_database_is_refused_untouched() {
    let fake = Fake::start(&[]);
    let dir = scratch("send-foreign");
    let input = records(&dir, 2);
    let db = dir.join("app.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE orders (id INTEGER PRIMARY KEY); INSERT INTO orders VALUES (7);")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = send(&fake, &input, &["--resume", "--journal", db.to_str().unwrap()]);
    exits_saying(&out, 2, "is not a send journal");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the file is byte for byte as it was"
    );
    assert!(!dir.join("app.db-wal").exists());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    assert!(fake.customers().is_empty());
}

/// A one-line JSON array (what `JSON.stringify` writes, and `check` reads):
/// every record on line 1, each its own customer, and a resume that finds
/// nothing left to send (records were keyed by line, so the second failed
/// with an internal SQL error).
#[test]
fn a_one_line_json_array_is_sent_record_by_record() {
    let fake = Fake::start(&[]);
    let dir = scratch("send-array");
    let items: Vec<String> = (0..5)
        .map(|i| format!(r#"{{"object_reference_id":"cust_{i:08}","mobile_number":"98765{i:05}"}}"#))
        .collect();
    let input = dir.join("clean.json");
    std::fs::write(&input, format!("[{}]", items.join(","))).unwrap();
    let out = send(&fake, &input, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = results(&dir.join("clean.json.results.csv"));
    assert_eq!(rows.len(), 5);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["line"], "1");
        assert_eq!(row["object_reference_id"], format!("cust_{i:08}"));
        assert_eq!(row["outcome"], "created");
    }
    assert_eq!(fake.customers().len(), 5);
    std::fs::remove_file(dir.join("clean.json.results.csv")).unwrap();
    let again = send(&fake, &input, &["--resume"]);
    exits_saying(&again, 0, "0 sent this run");
}

/// Ctrl-C or SIGTERM in the middle of sending: no new record starts, the
/// calls in flight finish, the results file is written from the journal,
/// the report says what is done and pending and the command that resumes,
/// and the exit status is 130. The resume then finishes every record, each
/// made once.
#[test]
fn interrupted_runs_write_results_and_resume() {
    for signal in ["INT", "TERM"] {
        let fake = Fake::start(&["--latency-ms", "20"]);
        let dir = scratch("send-interrupted");
        let input = records(&dir, 300);
        let child = send_command(&fake, &input, &["--concurrency", "2"])
            .spawn()
            .unwrap();
        // Sending has started once the fake holds a customer.
        until_sending(&fake);
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        let report = stderr(&out);
        assert_eq!(out.status.code(), Some(130), "{signal}: {report}");
        assert!(
            report.contains(&format!("interrupted by SIG{signal}: ")),
            "{report}"
        );
        assert!(report.contains("resume with:\n  "), "{report}");
        assert!(report.contains(" send --resume "), "{report}");
        let rows = results(&dir.join("clean.csv.results.csv"));
        assert_eq!(rows.len(), 300, "one row per record, pending ones included");
        let pending = rows.iter().filter(|r| not_sent(r)).count();
        assert!(pending > 0, "{signal}: stopped before the end");
        assert_eq!(
            rows.iter().filter(|r| r["outcome"] == "created").count(),
            fake.customers().len()
        );
        std::fs::remove_file(dir.join("clean.csv.results.csv")).unwrap();
        let resumed = send(&fake, &input, &["--resume"]);
        assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
        assert_finished(&fake, &input, 300);
    }
}

/// Not on a terminal (here stderr is a pipe): the plan before sending, then
/// a plain progress line every `--progress-every` seconds instead of a bar.
#[test]
fn off_a_terminal_the_plan_and_plain_progress_lines() {
    let fake = Fake::start(&["--latency-ms", "20"]);
    let dir = scratch("send-lines");
    let input = records(&dir, 200);
    let out = send(&fake, &input, &["--concurrency", "1", "--progress-every", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stderr(&out);
    assert!(
        report.contains("sending 200 records, no rate limit\n"),
        "{report}"
    );
    let progress = report
        .lines()
        .filter(|l| l.contains(" of 200 records done, "))
        .count();
    assert!(progress >= 1, "{report}");
    // A rate gives the time it will take; -q says nothing of the kind.
    let dir = scratch("send-lines-rate");
    let input = records(&dir, 20);
    let out = send_at(&fake.url, &input, &["--merchant-id", "m", "--rate", "50"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("sending 20 records at 50 a second: about 1 s\n"),
        "{}",
        stderr(&out)
    );
    let dir = scratch("send-lines-quiet");
    let input = records(&dir, 5);
    let out = send(&fake, &input, &["-q"]);
    assert!(!stderr(&out).contains("sending 5 records"), "{}", stderr(&out));
}

/// Customers that existed before the run fail as already_exists; the report
/// says how to adopt them, and `--resume --operation get-or-create` does:
/// each becomes `existing` with the customer the server holds, made once.
#[test]
fn resume_with_get_or_create_adopts_what_existed() {
    let fake = Fake::start(&[]);
    let dir = scratch("send-adopt");
    let input = records(&dir, 30);
    // Ten of them exist already (an earlier tool, or a journal deleted).
    let first_ten = dir.join("first-ten.csv");
    let text = std::fs::read_to_string(&input).unwrap();
    std::fs::write(
        &first_ten,
        text.lines().take(11).collect::<Vec<_>>().join("\n") + "\n",
    )
    .unwrap();
    assert_eq!(send(&fake, &first_ten, &[]).status.code(), Some(0));
    let out = send(&fake, &input, &[]);
    exits_saying(&out, 1, "10 of them existed at Juspay before this run (already_exists): --resume --operation get-or-create adopts them as they are");
    let rows = results(&dir.join("clean.csv.results.csv"));
    assert_eq!(
        rows.iter().filter(|r| r["failure"] == "already_exists").count(),
        10
    );
    std::fs::remove_file(dir.join("clean.csv.results.csv")).unwrap();
    let adopted = send(&fake, &input, &["--resume", "--operation", "get-or-create"]);
    assert_eq!(adopted.status.code(), Some(0), "{}", stderr(&adopted));
    assert_finished(&fake, &input, 30);
    let rows = results(&dir.join("clean.csv.results.csv"));
    assert_eq!(rows.iter().filter(|r| r["outcome"] == "existing").count(), 10);
    // The run is a Get or Create run from then on: not resumed as Create.
    std::fs::remove_file(dir.join("clean.csv.results.csv")).unwrap();
    let back = send(&fake, &input, &["--resume", "--operation", "create"]);
    exits_saying(&back, 2, "the journal's run sends with --operation get-or-create");
}

/// A resume as another merchant is refused before anything is sent; the
/// journal names no merchant, only a salted digest of it.
#[test]
fn resume_as_another_merchant_is_refused() {
    let fake = Fake::start(&[]);
    let dir = scratch("send-merchant");
    let input = records(&dir, 3);
    assert_eq!(send(&fake, &input, &[]).status.code(), Some(0));
    std::fs::remove_file(dir.join("clean.csv.results.csv")).unwrap();
    let out = send_at(&fake.url, &input, &["--resume", "--merchant-id", "merchant_2"])
        .output()
        .unwrap();
    exits_saying(&out, 2, "the journal's run sends as another merchant");
    let journal = std::fs::read(dir.join("clean.csv.journal")).unwrap();
    assert!(
        !journal.windows(10).any(|w| w == b"merchant_1"),
        "the journal names the merchant"
    );
    assert_eq!(send(&fake, &input, &["--resume"]).status.code(), Some(0));
}

/// `n` valid customers of about 250 bytes each, every field of a fixed
/// width, so that `name` (4 letters) and `mobile` (5 digits) change a
/// record's content, not its length or id.
fn wide_records(path: &Path, n: usize, name: &str, mobile: &str) {
    let mut text = String::from("object_reference_id,mobile_number,first_name,last_name,email_address\n");
    let pad = "x".repeat(60);
    for i in 0..n {
        text.push_str(&format!(
            "cust_{i:08},{mobile}{i:05},{name}{i:05},{pad},user{i:05}.{pad}@example.com\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// Records in `sending_wide`'s file. The reader runs ahead of the senders
/// by at most about 8,000 such records (six 1,024-record chunks and a 256
/// KiB buffer): records past that are read after a change made once the
/// first customer exists.
const WIDE: usize = 12_000;

/// A fake, and a send of `WIDE` wide records to it, two at a time, that has
/// begun sending: the fake, the directory, the input, its bytes, the run.
fn sending_wide(name: &str) -> (Fake, PathBuf, PathBuf, Vec<u8>, Child) {
    let fake = Fake::start(&[]);
    let dir = scratch(name);
    let input = dir.join("clean.csv");
    wide_records(&input, WIDE, "Name", "98765");
    let original = std::fs::read(&input).unwrap();
    let child = send_command(&fake, &input, &["--concurrency", "2"])
        .spawn()
        .unwrap();
    until_sending(&fake);
    (fake, dir, input, original, child)
}

/// Finding 2: the input rewritten in place (same length, same ids, other
/// names and mobile numbers) while the send pass reads it. The run stops
/// at the first record whose content is not the one journaled; no customer
/// is made from the new content; a resume on the changed file is refused;
/// with the file put back, the resume finishes, every record once.
#[test]
fn an_input_rewritten_while_sending_stops_the_run() {
    let (fake, dir, input, original, child) = sending_wide("send-rewritten");
    let n = WIDE;
    let changed = dir.join("changed.csv");
    wide_records(&changed, n, "Eman", "98766");
    let new = std::fs::read(&changed).unwrap();
    assert_eq!(new.len(), original.len());
    // In place, not truncated first: the reader never meets a short file.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&input)
        .unwrap()
        .write_all(&new)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("stopped: ") && report.contains("the input changed since the first run"),
        "{report}"
    );
    let held = fake.customers();
    assert!(held.len() < n, "the run stopped before the end");
    let names = |fake: &Fake| -> Vec<(String, String)> {
        let (_, body) = fake.raw("GET /_fake/customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        body.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["object_reference_id"].as_str().unwrap().to_owned(),
                    v["first_name"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    for (ori, first) in names(&fake) {
        let i = &ori["cust_000".len()..];
        assert_eq!(
            first,
            format!("Name{i}"),
            "{ori} was made from the checked record"
        );
    }
    let rows = results(&dir.join("clean.csv.results.csv"));
    assert_eq!(rows.len(), n, "one row per record");
    assert_eq!(
        rows.iter().filter(|r| r["outcome"] == "created").count(),
        held.len()
    );
    // The changed file, resumed: refused before anything is sent.
    std::fs::remove_file(dir.join("clean.csv.results.csv")).unwrap();
    let out = send(&fake, &input, &["--resume"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("its content differs): the input changed since the first run"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fake.customers().len(), held.len(), "nothing sent");
    // Put back, resumed: finished, each record once, from its checked body.
    std::fs::write(&input, &original).unwrap();
    let out = send(&fake, &input, &["--resume"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_finished(&fake, &input, n);
    assert!(names(&fake).iter().all(|(ori, first)| first[4..] == ori[8..]));
}

/// A file cut short while the send pass reads it, then resumed as it is:
/// the records past its new end are not dropped from the run; they stay in
/// the journal and the results as not sent, and the run says why.
#[test]
fn an_input_cut_short_stops_the_run() {
    let (fake, dir, input, original, child) = sending_wide("send-cut-short");
    let n = WIDE;
    // Cut after record 10,000 (the header, then 10,000 lines).
    let keep: usize = original
        .split_inclusive(|&b| b == b'\n')
        .take(10_001)
        .map(<[u8]>::len)
        .sum();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&input)
        .unwrap()
        .set_len(keep as u64)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("ends at record 10000, the journal has 12000: the input changed since the first run"),
        "{report}"
    );
    let rows = results(&dir.join("clean.csv.results.csv"));
    assert_eq!(rows.len(), n, "one row per record");
    assert!(rows[10_000..].iter().all(|r| r["outcome"] == "pending"));
    // Resumed as it is: refused before anything is sent.
    let held = fake.customers().len();
    std::fs::remove_file(dir.join("clean.csv.results.csv")).unwrap();
    let out = send(&fake, &input, &["--resume"]);
    exits_saying(&out, 2, "is not the file the journal");
    assert_eq!(fake.customers().len(), held, "nothing sent");
    std::fs::write(&input, &original).unwrap();
    let out = send(&fake, &input, &["--resume"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_finished(&fake, &input, n);
}

/// What a person moving a Shopify export sees: headers that are not the
/// API's are recognised; a column that looks like a field nothing is read
/// as stops the run before any record, naming the flag; the fields not
/// sent are listed; and `send` takes `check --valid-out`'s file with no
/// flag given again, every name arriving at the fake.
#[test]
fn an_export_checked_once_is_sent_with_no_flag_repeated() {
    let fake = Fake::start(&[]);
    let dir = scratch("send-shopify");
    let export = dir.join("shopify.csv");
    let mut text = String::from(
        "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Country Code,Default Address Phone,Phone,Note\n",
    );
    for i in 0..10 {
        let (region, phone) = if i % 2 == 0 {
            ("IN", format!("+91 98765 432{i:02}"))
        } else {
            ("SG", format!("9123 45{i:02}"))
        };
        text.push_str(&format!(
            "700000{i:04},Name{i:04},Last{i},user{i}@example.com,yes,{region},,{phone},\n"
        ));
    }
    std::fs::write(&export, text).unwrap();
    let clean = dir.join("clean.csv");
    let check = |flags: &[&str]| {
        Command::new(BIN)
            .arg("check")
            .args(["--no-verdicts", "--valid-out"])
            .arg(&clean)
            .args(flags)
            .arg(&export)
            .output()
            .unwrap()
    };
    // The region column looks like mobile_country_code: stop, say how.
    let out = check(&["--normalize"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("nothing would be sent as mobile_country_code")
            && said.contains("--country-column 'Default Address Country Code'"),
        "{said}"
    );
    assert!(!clean.exists(), "nothing written");
    // With it: every field read, from the export's own headers.
    let report = dir.join("report.json");
    let out = check(&[
        "--normalize",
        "--country-column",
        "Default Address Country Code",
        "--report-json",
        report.to_str().unwrap(),
    ]);
    exits_saying(&out, 0, "fields read: object_reference_id from \"Customer ID\", mobile_number from \"Phone\", email_address from \"Email\", first_name from \"First Name\", last_name from \"Last Name\", mobile_country_code (from the country flags)\nnot sent: none\n");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["columns"]["not_sent"], serde_json::json!([]));
    assert_eq!(json["columns"]["read"]["mobile_number"], "Phone");
    let header = std::fs::read_to_string(&clean).unwrap();
    assert_eq!(
        header.lines().next().unwrap(),
        "object_reference_id,first_name,last_name,email_address,Accepts Email Marketing,Default Address Country Code (not sent),Default Address Phone,mobile_number,Note,mobile_country_code"
    );
    // Sent with no read flag at all: a dry run says what goes, then the run.
    let out = send(&fake, &clean, &["--dry-run"]);
    exits_saying(&out, 0, "not sent: none\n");
    let out = send(&fake, &clean, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, body) = fake.raw("GET /_fake/customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let names: BTreeSet<String> = body
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["first_name"].to_string())
        .collect();
    assert_eq!(names.len(), 10, "every first name arrived: {names:?}");
    assert!(!names.contains("null"));

    // A Stripe export's whole `Name`: stop, then --leave-out, listed as not sent.
    let stripe = dir.join("stripe.csv");
    std::fs::write(
        &stripe,
        "id,Description,Email,Name,Phone\ncus_00000001,,a@example.com,Asha Rao,9876543210\n",
    )
    .unwrap();
    let run = |flags: &[&str]| {
        Command::new(BIN)
            .args(["check", "--no-verdicts"])
            .args(flags)
            .arg(&stripe)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    exits_saying(&out, 2, "--column first_name=Name");
    let out = run(&["--leave-out", "first_name", "--leave-out", "last_name"]);
    exits_saying(&out, 0, "not sent: first_name (--leave-out), last_name (--leave-out), mobile_country_code (no column: Juspay's default, 91, applies)\n");
}

/// `results JOURNAL` writes what `send` wrote, from the journal alone: the
/// input gone, no key; it refuses to overwrite, and a journal a running
/// `send` holds.
#[test]
fn results_from_the_journal_alone() {
    let fake = Fake::start(&[]);
    let dir = scratch("send-results-only");
    let input = records(&dir, 30);
    let mut cmd = send_command(&fake, &input, &["--max-attempts", "1"]);
    cmd.env("JUSPAY_API_KEY", "not_the_key");
    assert_eq!(cmd.output().unwrap().status.code(), Some(1));
    let written = dir.join("clean.csv.results.csv");
    let by_send = std::fs::read(&written).unwrap();
    std::fs::remove_file(&written).unwrap();
    std::fs::remove_file(&input).unwrap();
    let results = |args: &[&str]| {
        Command::new(BIN)
            .arg("results")
            .args(args)
            .env_remove("JUSPAY_API_KEY")
            .output()
            .unwrap()
    };
    let journal = dir.join("clean.csv.journal");
    let out = results(&[journal.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read(&written).unwrap(), by_send);
    assert!(stderr(&out).contains("30 records: 0 created"), "{}", stderr(&out));
    let out = results(&[journal.to_str().unwrap()]);
    exits_saying(&out, 2, "refusing to overwrite");
    let jsonl = dir.join("r.jsonl");
    let out = results(&["--results", jsonl.to_str().unwrap(), journal.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&jsonl).unwrap().lines().count(), 30);
    // A journal a running send holds is refused, not read half-written.
    let input = records(&dir, 30);
    std::fs::remove_file(&written).unwrap();
    let mut slow = send_at(
        &fake.url,
        &input,
        &["--resume", "--merchant-id", "merchant_1", "--rate", "2"],
    )
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    until_sending(&fake);
    let out = results(&[journal.to_str().unwrap()]);
    slow.kill().unwrap();
    slow.wait().unwrap();
    exits_saying(&out, 2, "is in use by another juspay-customer send");
}
