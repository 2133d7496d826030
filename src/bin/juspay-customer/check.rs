//! `juspay-customer check [--json] [--normalize] [FILE]`: one verdict per
//! record line.
//!
//! The input streams through in chunks of whole lines (about 256 KiB each);
//! worker threads (one per core) check chunks while the main thread reads
//! and writes, and verdicts are written in input order. At most
//! `IN_FLIGHT` chunks exist at once, so memory is bounded whatever the file
//! size.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

use juspay_customer::{encode_form_into, normalize, CustomerInput, CustomerRequest, FieldError};

use crate::{open, set_file, Fatal};

/// Bytes of input per chunk (whole lines; a longer line makes a longer chunk).
const CHUNK_BYTES: usize = 1 << 18;
/// Chunks being read, checked or waiting to be written, at most.
const IN_FLIGHT: usize = 6;

#[derive(Clone, Copy)]
struct Options {
    json: bool,
    normalize: bool,
}

/// A chunk of whole lines; `first_line` is the 1-based number of its first,
/// `ends` the offset just past each line (found while reading, so workers
/// need not scan for newlines again).
struct Job {
    seq: u64,
    first_line: u64,
    data: Vec<u8>,
    ends: Vec<usize>,
}

/// A checked chunk: its verdict lines and counts; `None` if checking panicked.
struct Done {
    seq: u64,
    result: Option<(Vec<u8>, u64, u64)>,
}

pub(crate) fn run(args: &[String]) -> Result<ExitCode, Fatal> {
    let mut opts = Options {
        json: false,
        normalize: false,
    };
    let mut file = None;
    for arg in args {
        match arg.as_str() {
            "--json" => opts.json = true,
            "--normalize" => opts.normalize = true,
            other => set_file(&mut file, other)?,
        }
    }
    let start = Instant::now();
    let mut reader = BufReader::with_capacity(1 << 18, open(file)?);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 18, stdout.lock());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(IN_FLIGHT);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let (mut records, mut valid) = (0u64, 0u64);
    std::thread::scope(|scope| -> Result<(), Fatal> {
        for _ in 0..workers {
            let (job_rx, done_tx) = (Arc::clone(&job_rx), done_tx.clone());
            scope.spawn(move || worker(opts, &job_rx, &done_tx));
        }
        drop(done_tx);
        let mut pending = BTreeMap::new();
        let (mut sent, mut written, mut next_line) = (0u64, 0u64, 1u64);
        let mut write_ready = |pending: &mut BTreeMap<u64, Done>, written: &mut u64| -> Result<(), Fatal> {
            while let Some(done) = pending.remove(written) {
                let (bytes, r, v) = done
                    .result
                    .ok_or_else(|| Fatal("internal error while checking".into()))?;
                out.write_all(&bytes)?;
                records += r;
                valid += v;
                *written += 1;
            }
            Ok(())
        };
        loop {
            // Make room first, so that with the chunk about to be read at
            // most IN_FLIGHT chunks exist.
            while sent - written >= IN_FLIGHT as u64 {
                let done = done_rx
                    .recv()
                    .map_err(|_| Fatal("internal error: workers stopped".into()))?;
                pending.insert(done.seq, done);
                write_ready(&mut pending, &mut written)?;
            }
            let (data, ends) = read_chunk(&mut reader)?;
            if ends.is_empty() {
                break;
            }
            let lines = ends.len() as u64;
            let job = Job {
                seq: sent,
                first_line: next_line,
                data,
                ends,
            };
            job_tx
                .send(job)
                .map_err(|_| Fatal("internal error: workers stopped".into()))?;
            sent += 1;
            next_line += lines;
        }
        drop(job_tx);
        while written < sent {
            let done = done_rx
                .recv()
                .map_err(|_| Fatal("internal error: workers stopped".into()))?;
            pending.insert(done.seq, done);
            write_ready(&mut pending, &mut written)?;
        }
        Ok(())
    })?;
    out.flush()?;
    let secs = start.elapsed().as_secs_f64();
    let rate = if secs > 0.0 { records as f64 / secs } else { 0.0 };
    eprintln!(
        "records: {records}, valid: {valid}, invalid: {}, records per second: {rate:.0}",
        records - valid
    );
    Ok(if valid == records {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Reads whole lines until the chunk holds at least `CHUNK_BYTES`; returns
/// the bytes and where each line ends (none at the end of the input).
fn read_chunk(reader: &mut impl BufRead) -> io::Result<(Vec<u8>, Vec<usize>)> {
    let mut data = Vec::with_capacity(CHUNK_BYTES + 4096);
    let mut ends = Vec::with_capacity(4096);
    while data.len() < CHUNK_BYTES {
        if reader.read_until(b'\n', &mut data)? == 0 {
            break;
        }
        ends.push(data.len());
    }
    Ok((data, ends))
}

fn worker(opts: Options, jobs: &Mutex<mpsc::Receiver<Job>>, done: &mpsc::Sender<Done>) {
    loop {
        // The lock is held only while taking a job.
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let result = std::panic::catch_unwind(|| {
            let mut out = Vec::with_capacity(job.data.len() + job.data.len() / 2);
            let (records, valid) = check_lines(opts, job.first_line, &job.data, &job.ends, &mut out);
            (out, records, valid)
        })
        .ok();
        if done.send(Done { seq: job.seq, result }).is_err() {
            return;
        }
    }
}

/// Checks every line of `data` (each ending at the next offset in `ends`),
/// appending one verdict per non-blank line; returns (records, valid).
fn check_lines(opts: Options, first_line: u64, data: &[u8], ends: &[usize], out: &mut Vec<u8>) -> (u64, u64) {
    let (mut records, mut valid) = (0, 0);
    let mut start = 0;
    for (number, &end) in (first_line..).zip(ends) {
        let mut record = &data[start..end];
        start = end;
        if let Some(r) = record.strip_suffix(b"\n") {
            record = r.strip_suffix(b"\r").unwrap_or(r);
        }
        if record.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        let input = if opts.json {
            CustomerInput::from_json(record)
        } else {
            Ok(CustomerInput::from_form(record))
        };
        let outcome = input.map_err(|e| vec![e]).and_then(|i| {
            let i = if opts.normalize { normalize(i) } else { i };
            i.into_request().map_err(|e| e.errors().to_vec())
        });
        match outcome {
            Ok(request) => {
                valid += 1;
                write_valid(out, number, &request);
            }
            Err(errors) => write_invalid(out, number, &errors),
        }
    }
    (records, valid)
}

/// Appends `n` in decimal.
fn push_number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

fn write_valid(out: &mut Vec<u8>, number: u64, request: &CustomerRequest<'_>) {
    out.extend_from_slice(b"{\"line\":");
    push_number(out, number);
    out.extend_from_slice(b",\"valid\":true,\"body\":\"");
    // The form encoder writes only unreserved ASCII, '%', '+', '=' and '&':
    // nothing JSON needs to escape.
    encode_form_into(request, out);
    out.extend_from_slice(b"\"}\n");
}

fn write_invalid(out: &mut Vec<u8>, number: u64, errors: &[FieldError]) {
    out.extend_from_slice(b"{\"line\":");
    push_number(out, number);
    out.extend_from_slice(b",\"valid\":false,\"errors\":[");
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match e.field {
            Some(f) => {
                out.extend_from_slice(b"{\"field\":\"");
                out.extend_from_slice(f.as_str().as_bytes());
                out.push(b'"');
            }
            None => out.extend_from_slice(b"{\"field\":null"),
        }
        out.extend_from_slice(b",\"code\":\"");
        out.extend_from_slice(e.code().as_str().as_bytes());
        out.extend_from_slice(b"\",\"reason\":\"");
        out.extend_from_slice(e.reason.as_str().as_bytes());
        out.extend_from_slice(b"\",\"message\":");
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &e.to_string());
        out.push(b'}');
    }
    out.extend_from_slice(b"]}\n");
}
