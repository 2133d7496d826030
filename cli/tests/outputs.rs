//! Where `check` and `results` write when the target is not a plain file:
//! a FIFO, a device, `/dev/stdout`, a symbolic link. Nothing the output
//! path names is replaced; a failed write is exit 2.

#![cfg(unix)]

mod support;

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::Command;

use support::{run, scratch};

const HEADER: &str = "object_reference_id,mobile_number,first_name\n";

/// `n` rows, every tenth refused (a dash in the phone).
fn export(dir: &Path, n: usize) -> String {
    let mut s = HEADER.to_owned();
    for i in 0..n {
        let phone = if i % 10 == 0 { "9876-543210" } else { "9876543210" };
        s.push_str(&format!("cust_{i:08},{phone},Asha\n"));
    }
    let path = dir.join("in.csv");
    std::fs::write(&path, &s).unwrap();
    path.to_str().unwrap().to_owned()
}

fn text(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

/// What `check --valid-out FILE` writes to a regular file: the oracle the
/// other targets are held to.
fn valid_rows(input: &str, dir: &Path) -> Vec<u8> {
    let plain = dir.join("plain.csv");
    let out = run(
        &["check", "--no-verdicts", "--valid-out", &text(&plain), input],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let bytes = std::fs::read(&plain).unwrap();
    std::fs::remove_file(plain).unwrap();
    bytes
}

/// A FIFO (what `>(gzip > x.gz)` hands a program) is written in place: its
/// reader gets every row, and it is still a FIFO afterwards.
#[test]
fn a_fifo_with_a_reader_gets_every_row() {
    let dir = scratch("out-fifo");
    let input = export(&dir, 5000);
    let want = valid_rows(&input, &dir);
    let fifo = dir.join("valid.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // The reader gives up after 30 s, so that a run that never opens the
    // FIFO fails the test rather than hanging it.
    let reader = Command::new("timeout")
        .args(["30", "cat"])
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = run(
        &["check", "--no-verdicts", "--valid-out", &text(&fifo), &input],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = reader.wait_with_output().unwrap().stdout;
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the FIFO's reader got what a file gets");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // Nothing was left beside it.
    assert_eq!(support::names(&dir), ["in.csv", "valid.fifo"]);
}

/// A character device stays a device, and two outputs may share it; made
/// with `mknod` in a scratch directory (root only), never the system's.
#[test]
fn a_character_device_stays_a_device() {
    let dir = scratch("out-device");
    let input = export(&dir, 100);
    // The same device as /dev/null: major 1, minor 3.
    let Some(null) = device(&dir, "null", "1", "3") else {
        return;
    };
    let out = run(
        &[
            "check",
            "--valid-out",
            &text(&null),
            "--invalid-out",
            &text(&null),
            "--verdicts",
            &text(&null),
            &input,
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&null).unwrap().file_type().is_char_device());
    assert_eq!(support::names(&dir), ["in.csv", "null"]);
    // The input may never be an output, a device or not.
    let out = run(&["check", "--valid-out", &text(&null), &text(&null)], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is the same file as"));
}

/// Makes a character device `major:minor` in `dir` (root only): the tests
/// write to their own devices, never the system's, so that a regression
/// cannot replace the machine's `/dev/full`.
fn device(dir: &Path, name: &str, major: &str, minor: &str) -> Option<std::path::PathBuf> {
    let path = dir.join(name);
    let made = Command::new("mknod")
        .arg(&path)
        .args(["c", major, minor])
        .status();
    // A file system mounted `nodev` makes the node but will not open it.
    if made.is_ok_and(|s| s.success()) && std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
        Some(path)
    } else {
        eprintln!("skipped: a character device cannot be made and opened here (mknod needs root and a file system without nodev)");
        None
    }
}

/// A write that fails (a full device: no space) is exit 2, naming the
/// output, and the device stays a device.
#[test]
fn a_full_device_is_exit_2() {
    let dir = scratch("out-full");
    let input = export(&dir, 100);
    // The same device as /dev/full: major 1, minor 7.
    let Some(full) = device(&dir, "full", "1", "7") else {
        return;
    };
    for flag in ["--valid-out", "--invalid-out", "--verdicts", "--report-json"] {
        let out = run(&["check", flag, &text(&full), &input], b"");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag}: {stderr}");
        assert!(
            stderr.contains(&format!("writing {}", full.display())),
            "{flag}: {stderr}"
        );
        assert!(std::fs::metadata(&full).unwrap().file_type().is_char_device());
    }
    assert_eq!(support::names(&dir), ["full", "in.csv"]);
}

/// `/dev/fd/1` is whatever standard output is: here a pipe, which gets the
/// valid rows. (`/dev/stdout` is the same rule, checked without writing in
/// the unit tests: a regression here must not replace the machine's.)
#[test]
fn standard_output_by_its_path() {
    let dir = scratch("out-stdout");
    let input = export(&dir, 300);
    let want = valid_rows(&input, &dir);
    let out = run(
        &["check", "--no-verdicts", "--valid-out", "/dev/fd/1", &input],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout == want);
}

/// A symbolic link to a file stays a link; the file it names is replaced
/// whole.
#[test]
fn a_link_stays_a_link() {
    let dir = scratch("out-link");
    let input = export(&dir, 300);
    let want = valid_rows(&input, &dir);
    let real = dir.join("real.csv");
    std::fs::write(&real, "old\n").unwrap();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(
        &["check", "--no-verdicts", "--valid-out", &text(&link), &input],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read(&real).unwrap() == want);
    assert_eq!(support::names(&dir), ["in.csv", "link.csv", "real.csv"]);
}

/// Every refusal of the flags or the header comes before any output is
/// opened: a FIFO nobody reads is never waited on (opening it would block),
/// and no file is created.
#[test]
fn refusals_come_before_any_output_is_opened() {
    let dir = scratch("out-refused");
    let input = export(&dir, 10);
    let fifo = dir.join("nobody-reads.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let json = dir.join("in.jsonl");
    std::fs::write(&json, "{}\n").unwrap();
    for (flags, file, says) in [
        (&["--column", "mobile_number=nope"][..], &input, "nope"),
        (
            &["--column", "first_name=mobile_number"][..],
            &input,
            "mobile_number",
        ),
        (&["--country-column", "Country"][..], &text(&json), "not CSV"),
        (&["--column", "mobile_number=x"][..], &text(&json), "not CSV"),
    ] {
        let bin = env!("CARGO_BIN_EXE_juspay-customer");
        let out = Command::new("timeout")
            .args(["20", bin, "check", "--valid-out"])
            .arg(&fifo)
            .args(["--invalid-out", &text(&dir.join("bad.csv"))])
            .args(flags)
            .arg(file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{flags:?} (124: it waited on the FIFO): {stderr}"
        );
        assert!(stderr.contains(says), "{flags:?}: {stderr}");
        assert_eq!(support::names(&dir), ["in.csv", "in.jsonl", "nobody-reads.fifo"]);
    }
}
