//! Running the binary as a user does, and scratch directories.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs `juspay-customer ARGS` with `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_juspay-customer"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The binary may refuse before reading its input.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

/// A fresh, empty directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("juspay-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The files of `dir`, by name, sorted.
pub fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The verdicts a run printed, one JSON value a line.
pub fn verdicts(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The line of each verdict a run printed.
pub fn verdict_lines(out: &Output) -> Vec<u64> {
    verdicts(out)
        .iter()
        .map(|v| v["line"].as_u64().unwrap())
        .collect()
}

/// `check --valid-out VALID --invalid-out INVALID INPUT`.
pub fn split(input: &std::path::Path, valid: &std::path::Path, invalid: &std::path::Path) -> Output {
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    run(
        &[
            "check",
            "--valid-out",
            &path(valid),
            "--invalid-out",
            &path(invalid),
            &path(input),
        ],
        b"",
    )
}
