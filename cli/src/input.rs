//! Reading the input: opening FILE or standard input, counting bytes for the progress bar, and cutting the stream into records
//! (lines, or CSV records that may span lines) without ever holding more
//! than `--max-record-bytes` of one record.
//!
//! Over 500 lines: the three cutters (lines, CSV, a JSON array) share the
//! size limit, line counting and the oversize path; 27 lines are tests.

use crate::csv_writer::Term;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::ops::Range;
use std::path::PathBuf;

use indicatif::ProgressBar;

use crate::error::Fatal;

/// Opens FILE, or standard input for none or `-`.
pub(crate) fn open(path: Option<&PathBuf>) -> Result<Box<dyn Read>, Fatal> {
    match path {
        Some(p) if p.as_os_str() != "-" => File::open(p)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| Fatal::io(format!("cannot open {}", p.display()), &e)),
        _ => Ok(Box::new(io::stdin().lock())),
    }
}

/// The size of FILE when it is a regular file (for the progress bar).
pub(crate) fn file_size(path: Option<&PathBuf>) -> Option<u64> {
    let p = path.filter(|p| p.as_os_str() != "-")?;
    let meta = std::fs::metadata(p).ok()?;
    meta.is_file().then_some(meta.len())
}

/// A reader that counts the bytes it reads and advances a progress bar by them.
pub(crate) struct Counting<R> {
    pub(crate) inner: R,
    pub(crate) bar: Option<ProgressBar>,
    pub(crate) bytes: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

/// Pieces at least this long have their line ends counted in bulk (the
/// decoder's reads); shorter ones (a record) visit each line end, which
/// costs less than setting up the bulk counts for a few bytes.
const BULK: usize = 4096;

/// Counts line ends across pieces of input: each `\r`, and each `\n` not
/// right after a `\r`, so that CRLF, LF and CR-only files count alike.
#[derive(Clone, Copy, Default)]
pub(crate) struct LineEnds {
    count: u64,
    after_cr: bool,
}

impl LineEnds {
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else {
            return;
        };
        if bytes.len() >= BULK {
            // Every `\n` ends a line (memchr counts them in bulk), and every
            // `\r` not followed by a `\n` (a CR-only line end); a `\n` right
            // after the last piece's `\r` was counted with that `\r`.
            let lf = memchr::memchr_iter(b'\n', bytes).count();
            let lone_cr = memchr::memchr_iter(b'\r', bytes)
                .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
                .count();
            let split_pair = usize::from(self.after_cr && bytes[0] == b'\n');
            self.count += (lf + lone_cr - split_pair) as u64;
            self.after_cr = last == b'\r';
            return;
        }
        // Only the line-end bytes are visited.
        let mut previous_cr = self.after_cr;
        let mut previous_at = None;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let after_cr = match previous_at {
                Some(p) => p + 1 == i && previous_cr,
                None => i == 0 && self.after_cr,
            };
            if bytes[i] == b'\r' || !after_cr {
                self.count += 1;
            }
            previous_cr = bytes[i] == b'\r';
            previous_at = Some(i);
        }
        self.after_cr = last == b'\r';
    }

    /// Feeds bytes that are all `\r` or `\n` (the line breaks around a
    /// record), one at a time: a few bytes, where a search costs more.
    pub(crate) fn feed_breaks(&mut self, breaks: &[u8]) {
        for &b in breaks {
            debug_assert!(b == b'\r' || b == b'\n');
            if b == b'\r' || !self.after_cr {
                self.count += 1;
            }
            self.after_cr = b == b'\r';
        }
    }

    /// Passes over bytes that hold no `\r` or `\n` (a record's, known to
    /// have none): a `\n` after them ends a line of its own.
    pub(crate) fn pass_text(&mut self, text: &[u8]) {
        if !text.is_empty() {
            self.after_cr = false;
        }
    }

    pub(crate) fn count(&self) -> u64 {
        self.count
    }
}

/// What cutting the next record gave.
pub(crate) enum Next {
    /// A whole record: its raw bytes (line end excluded) are `data[raw]`,
    /// then the line end it had (`None` at the end of the input); for CSV
    /// its cells were appended too.
    Record {
        line: u64,
        raw: Range<usize>,
        term: Option<Term>,
    },
    /// A record longer than the limit. Its first bytes (at most the limit
    /// and a little) are `data[head]`; the rest is still unread unless
    /// `complete`, and must be passed over with `finish_oversize`.
    TooLarge {
        line: u64,
        head: Range<usize>,
        complete: bool,
    },
    /// No more records.
    End,
}

/// Where a CSV record's cells go: their bytes, and the offset just past each.
#[derive(Default)]
pub(crate) struct Cells {
    pub(crate) bytes: Vec<u8>,
    pub(crate) ends: Vec<usize>,
}

/// Cuts lines: a record is one line, ended by `\n`, `\r\n` or `\r` alone
/// (each counts as one line).
pub(crate) struct Lines {
    line: u64,
    max: usize,
    /// The line end of the last line read whole.
    pub(crate) last_term: Option<Term>,
}

impl Lines {
    pub(crate) fn new(max: usize) -> Self {
        Lines {
            line: 1,
            max,
            last_term: None,
        }
    }

    pub(crate) fn next(&mut self, reader: &mut impl BufRead, data: &mut Vec<u8>) -> io::Result<Next> {
        let start = data.len();
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                if data.len() == start {
                    return Ok(Next::End);
                }
                return Ok(self.finished(data, start, None));
            }
            let room = self.max - (data.len() - start).min(self.max);
            let end = memchr::memchr2(b'\n', b'\r', buf);
            let take = end.unwrap_or(buf.len());
            if take > room {
                data.extend_from_slice(&buf[..room]);
                reader.consume(room);
                let line = self.bump();
                return Ok(Next::TooLarge {
                    line,
                    head: start..data.len(),
                    complete: false,
                });
            }
            data.extend_from_slice(&buf[..take]);
            let Some(i) = end else {
                reader.consume(take);
                continue;
            };
            let term = if buf[i] == b'\n' {
                reader.consume(i + 1);
                Term::Lf
            } else {
                reader.consume(i + 1);
                after_cr(reader)?
            };
            return Ok(self.finished(data, start, Some(term)));
        }
    }

    fn bump(&mut self) -> u64 {
        let line = self.line;
        self.line += 1;
        line
    }

    /// The line `data[start..]`, read whole.
    fn finished(&mut self, data: &[u8], start: usize, term: Option<Term>) -> Next {
        let line = self.bump();
        self.last_term = term;
        let raw = start..data.len();
        if raw.len() > self.max {
            Next::TooLarge {
                line,
                head: raw,
                complete: true,
            }
        } else {
            Next::Record { line, raw, term }
        }
    }

    /// Passes over the rest of an oversized line, handing each piece to
    /// `sink`: the line end it had.
    pub(crate) fn finish_oversize(
        &mut self,
        reader: &mut impl BufRead,
        sink: &mut dyn FnMut(&[u8]) -> Result<(), crate::Stop>,
    ) -> Result<Option<Term>, crate::Stop> {
        loop {
            let buf = reader.fill_buf().map_err(read_error)?;
            if buf.is_empty() {
                return Ok(None);
            }
            match memchr::memchr2(b'\n', b'\r', buf) {
                Some(i) => {
                    sink(&buf[..i])?;
                    let cr = buf[i] == b'\r';
                    reader.consume(i + 1);
                    if cr {
                        return after_cr(reader).map(Some).map_err(read_error);
                    }
                    return Ok(Some(Term::Lf));
                }
                None => {
                    let n = buf.len();
                    sink(buf)?;
                    reader.consume(n);
                }
            }
        }
    }
}

/// After a `\r`: consumes a `\n` that follows it (CRLF), which may come in
/// the next read.
fn after_cr(reader: &mut impl BufRead) -> io::Result<Term> {
    if reader.fill_buf()?.first() == Some(&b'\n') {
        reader.consume(1);
        Ok(Term::CrLf)
    } else {
        Ok(Term::Cr)
    }
}

/// Cuts a JSON document that is one array into its elements, each a
/// record (what most tools export as `.json`). It only finds where each
/// element starts and ends (depth of brackets outside strings); serde_json
/// reads each element later, so a malformed one is refused as `not_json`.
/// Memory stays bounded: an element over the limit is passed over.
pub(crate) struct JsonArray {
    max: usize,
    /// Line ends before the byte the cutter is at.
    lines: LineEnds,
    state: ArrayState,
    /// The scan of an element over the limit, for `finish_oversize`.
    scan: Option<Scan>,
}

/// Where the cutter stands in the array.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ArrayState {
    /// Before the opening `[`.
    Start,
    /// Between elements (after `[` or a `,`).
    Between,
    /// After the closing `]`, or past the end.
    Done,
}

/// Scanning one element: bracket depth and string state.
#[derive(Clone, Default)]
struct Scan {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Scan {
    /// Feeds bytes until the element ends: the number of its bytes in
    /// `bytes`, or `None` when it goes on.
    fn feed(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &b) in bytes.iter().enumerate() {
            if self.in_string {
                match (self.escaped, b) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' if self.depth > 0 => self.depth -= 1,
                // A separator or the array's end at depth 0 ends a scalar
                // (or malformed) element.
                b',' | b']' if self.depth == 0 => return Some(i),
                _ => {}
            }
            if self.depth == 0 && matches!(b, b']' | b'}') {
                return Some(i + 1);
            }
        }
        None
    }
}

impl JsonArray {
    pub(crate) fn new(max: usize) -> Self {
        JsonArray {
            max,
            lines: LineEnds::default(),
            state: ArrayState::Start,
            scan: None,
        }
    }

    /// Whether the input starts with `[` (after white space): a JSON array
    /// rather than JSON lines.
    pub(crate) fn starts_array(reader: &mut impl BufRead) -> io::Result<bool> {
        let buf = reader.fill_buf()?;
        Ok(buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'['))
    }

    /// Consumes white space (counting its lines); the next byte, if any.
    fn skip_space(&mut self, reader: &mut impl BufRead) -> io::Result<Option<u8>> {
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            let n = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
            self.lines.feed(&buf[..n]);
            if n < buf.len() {
                let next = buf[n];
                reader.consume(n);
                return Ok(Some(next));
            }
            reader.consume(n);
        }
    }

    pub(crate) fn next(&mut self, reader: &mut impl BufRead, data: &mut Vec<u8>) -> io::Result<Next> {
        loop {
            let next = self.skip_space(reader)?;
            match (self.state, next) {
                (_, None) | (ArrayState::Done, _) => {
                    self.state = ArrayState::Done;
                    return Ok(Next::End);
                }
                (ArrayState::Start, Some(b'[')) => {
                    reader.consume(1);
                    self.state = ArrayState::Between;
                }
                (ArrayState::Between, Some(b',')) => reader.consume(1),
                (ArrayState::Between, Some(b']')) => {
                    reader.consume(1);
                    self.state = ArrayState::Done;
                }
                // An element (or, before any `[`, whatever the input holds).
                (_, Some(_)) => {
                    self.state = ArrayState::Between;
                    return self.element(reader, data);
                }
            }
        }
    }

    /// Reads one element into `data`, or its head when it is over the limit.
    fn element(&mut self, reader: &mut impl BufRead, data: &mut Vec<u8>) -> io::Result<Next> {
        let start = data.len();
        let line = self.lines.count() + 1;
        let mut scan = Scan::default();
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let mut ahead = scan.clone();
            let end = ahead.feed(buf);
            let take = end.unwrap_or(buf.len());
            let room = self.max - (data.len() - start).min(self.max);
            if take > room {
                // Only the head is consumed: the scan goes as far.
                scan.feed(&buf[..room]);
                data.extend_from_slice(&buf[..room]);
                self.lines.feed(&buf[..room]);
                reader.consume(room);
                self.scan = Some(scan);
                return Ok(Next::TooLarge {
                    line,
                    head: start..data.len(),
                    complete: false,
                });
            }
            scan = ahead;
            data.extend_from_slice(&buf[..take]);
            self.lines.feed(&buf[..take]);
            reader.consume(take);
            if end.is_some() {
                break;
            }
        }
        // Trailing white space inside the element's slot is not its own.
        while data.len() > start && data[data.len() - 1].is_ascii_whitespace() {
            data.pop();
        }
        Ok(Next::Record {
            line,
            raw: start..data.len(),
            term: None,
        })
    }

    /// Passes over the rest of an element over the limit, handing each
    /// piece to `sink`.
    pub(crate) fn finish_oversize(
        &mut self,
        reader: &mut impl BufRead,
        sink: &mut dyn FnMut(&[u8]) -> Result<(), crate::Stop>,
    ) -> Result<Option<Term>, crate::Stop> {
        let mut scan = self.scan.take().unwrap_or_default();
        loop {
            let buf = reader.fill_buf().map_err(read_error)?;
            if buf.is_empty() {
                return Ok(None);
            }
            let end = scan.feed(buf);
            let take = end.unwrap_or(buf.len());
            sink(&buf[..take])?;
            self.lines.feed(&buf[..take]);
            reader.consume(take);
            if end.is_some() {
                return Ok(None);
            }
        }
    }
}

/// A read error, worded by the caller's context.
fn read_error(e: io::Error) -> crate::Stop {
    crate::Stop::Fatal(Fatal::io("reading the input", &e))
}

/// Cuts CSV records (RFC 4180, through `csv-core`): a quoted cell may hold
/// commas, quotes and line breaks; records end at `\n`, `\r` or `\r\n`;
/// empty lines are passed over.
pub(crate) struct Csv {
    reader: csv_core::Reader,
    /// Line ends read so far.
    newlines: LineEnds,
    max: usize,
    out: Vec<u8>,
    ends: Vec<usize>,
}

/// The delimiter the first line of `start` uses most outside quotes, among
/// `,` `;` tab and `|`; `,` when it holds none of them.
pub(crate) fn sniff_delimiter(start: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in start {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent: `,` wins ties.
    let best = (0..4).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    CANDIDATES[best]
}

/// The raw bytes of each cell of one CSV record (`raw`, line end excluded),
/// as `reader` splits it: quotes and doubled quotes kept, delimiters not.
pub(crate) fn raw_cells(reader: &mut csv_core::Reader, raw: &[u8], spans: &mut Vec<Range<usize>>) {
    use csv_core::ReadFieldResult;
    reader.reset();
    spans.clear();
    let mut scratch = [0u8; 1024];
    let (mut pos, mut start) = (0, 0);
    loop {
        let (result, nin, _) = reader.read_field(&raw[pos..], &mut scratch);
        pos += nin;
        match result {
            ReadFieldResult::OutputFull => {}
            ReadFieldResult::InputEmpty if pos < raw.len() => {}
            // The end of the record is the end of the input: say so.
            ReadFieldResult::InputEmpty => {
                let (result, _, _) = reader.read_field(&[], &mut scratch);
                if let ReadFieldResult::Field { .. } = result {
                    spans.push(start..pos);
                }
                return;
            }
            ReadFieldResult::Field { record_end } => {
                // Every field but the record's last ends at a delimiter.
                spans.push(start..if record_end { pos } else { pos - 1 });
                start = pos;
                if record_end {
                    return;
                }
            }
            ReadFieldResult::End => return,
        }
    }
}

/// Whether the last cell of a CSV record opens a quote it never closes: a
/// truncated export, which csv-core reads as a record with a cut value.
pub(crate) fn ends_in_open_quote(raw: &[u8], spans: &[Range<usize>]) -> bool {
    let Some(last) = spans.last() else {
        return false;
    };
    let Some(inner) = raw[last.clone()].strip_prefix(b"\"") else {
        return false;
    };
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == b'"' {
            if inner.get(i + 1) != Some(&b'"') {
                // The closing quote.
                return false;
            }
            i += 1;
        }
        i += 1;
    }
    true
}

/// The bytes that end a CSV line.
fn is_terminator(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

impl Csv {
    /// A cutter for cells separated by `delimiter`.
    pub(crate) fn new(max: usize, delimiter: u8) -> Self {
        Csv {
            reader: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            newlines: LineEnds::default(),
            max,
            out: vec![0; 4096],
            ends: vec![0; 64],
        }
    }

    /// The next record: raw bytes into `data` (line breaks around it left
    /// out of `raw`), cells into `cells`.
    pub(crate) fn next(
        &mut self,
        reader: &mut impl BufRead,
        data: &mut Vec<u8>,
        cells: &mut Cells,
    ) -> io::Result<Next> {
        let start = data.len();
        let (mut o, mut e) = (0, 0);
        loop {
            let buf = reader.fill_buf()?;
            let at_end = buf.is_empty();
            let (result, nin, nout, nend) =
                self.reader
                    .read_record(buf, &mut self.out[o..], &mut self.ends[e..]);
            data.extend_from_slice(&buf[..nin]);
            reader.consume(nin);
            o += nout;
            e += nend;
            if o == 0 && e == 0 && data[start..].iter().all(|&b| is_terminator(b)) {
                // Empty lines between records: count them, keep nothing.
                self.newlines.feed(&data[start..]);
                data.truncate(start);
            }
            let complete = matches!(result, csv_core::ReadRecordResult::Record);
            if !complete && data.len() - start > self.max + 2 && record_len(&data[start..]) > self.max + 1 {
                // Longer than any record within the limit, with a line break
                // on each side: keep this head, pass over the rest.
                let line = self.start_line(&data[start..]);
                self.newlines.feed(&data[start..]);
                let lead = data[start..].iter().take_while(|&&b| is_terminator(b)).count();
                return Ok(Next::TooLarge {
                    line,
                    head: start + lead..data.len(),
                    complete: false,
                });
            }
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let len = self.out.len();
                    self.out.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::Record => {
                    let raw = trim_terminators(data, start);
                    // csv-core leaves out of a record's cells only quotes and
                    // delimiters: a record whose raw bytes are its cells and
                    // delimiters, byte for byte, has no quoted cell, so no
                    // line break inside. Its line ends are only the ones
                    // around it, counted without a search. (Not at the end of
                    // the input, where a quote left open keeps the line ends
                    // trimmed off `raw` in its cell, and the lengths can meet.)
                    let unquoted = !at_end && e > 0 && raw.len() == o + e - 1;
                    self.newlines.feed_breaks(&data[start..raw.start]);
                    let line = 1 + self.newlines.count();
                    if unquoted {
                        self.newlines.pass_text(&data[raw.clone()]);
                        self.newlines.feed_breaks(&data[raw.end..]);
                    } else {
                        self.newlines.feed(&data[raw.start..]);
                    }
                    if raw.len() > self.max {
                        return Ok(Next::TooLarge {
                            line,
                            head: raw,
                            complete: true,
                        });
                    }
                    let base = cells.bytes.len();
                    cells.bytes.extend_from_slice(&self.out[..o]);
                    cells.ends.extend(self.ends[..e].iter().map(|end| base + end));
                    // CSV outputs use the header's line end; `None` here
                    // says the input ended without one.
                    return Ok(Next::Record {
                        line,
                        raw,
                        term: (!at_end).then_some(Term::Lf),
                    });
                }
                csv_core::ReadRecordResult::End => return Ok(Next::End),
            }
        }
    }

    /// The line a record starts on: after the line ends before its raw bytes.
    fn start_line(&self, raw: &[u8]) -> u64 {
        let lead = raw.iter().take_while(|&&b| is_terminator(b)).count();
        let mut ends = self.newlines;
        ends.feed(&raw[..lead]);
        1 + ends.count()
    }

    /// Passes over the rest of an oversized record, handing its raw bytes
    /// to `sink` (CSV outputs use the file's line end: `None`).
    pub(crate) fn finish_oversize(
        &mut self,
        reader: &mut impl BufRead,
        sink: &mut dyn FnMut(&[u8]) -> Result<(), crate::Stop>,
    ) -> Result<Option<Term>, crate::Stop> {
        loop {
            let buf = reader.fill_buf().map_err(read_error)?;
            let (result, nin, _, _) = self.reader.read_record(buf, &mut self.out, &mut self.ends);
            let piece = &buf[..nin];
            self.newlines.feed(piece);
            // The line break that ends the record is not part of it.
            let end = piece.len() - piece.iter().rev().take_while(|&&b| is_terminator(b)).count();
            let ends_here = matches!(
                result,
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End
            );
            sink(if ends_here { &piece[..end] } else { piece })?;
            reader.consume(nin);
            if ends_here {
                return Ok(None);
            }
        }
    }
}

/// The length of a record being read, without the line ends before it
/// (blank lines do not count toward a record's size).
fn record_len(data: &[u8]) -> usize {
    data.len() - data.iter().take_while(|&&b| is_terminator(b)).count()
}

/// The range of `data[start..]` without line breaks at either end.
fn trim_terminators(data: &[u8], start: usize) -> Range<usize> {
    let raw = &data[start..];
    let lead = raw.iter().take_while(|&&b| is_terminator(b)).count();
    let trail = raw[lead..]
        .iter()
        .rev()
        .take_while(|&&b| is_terminator(b))
        .count();
    start + lead..data.len() - trail
}

/// The display name of an input path: `standard input` for none or `-`.
pub(crate) fn input_name(path: Option<&PathBuf>) -> String {
    match path {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => "standard input".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line per case: the pieces fed, the line ends counted.
    #[test]
    fn line_ends_count_crlf_lf_and_cr_alike_across_pieces() {
        let cases: [(&[&[u8]], u64); 9] = [
            (&[b"a\nb\n"], 2),
            (&[b"a\r\nb\r\n"], 2),
            (&[b"a\rb\r"], 2),
            (&[b"a\r", b"\nb"], 1),
            (&[b"\r", b"\n", b"\r", b"\n"], 2),
            (&[b"\n\n\r\r\n"], 4),
            (&[b"", b"\r", b"", b"\n"], 1),
            (&[b"x\r", b"y\n"], 2),
            (&[b"\r\n\r\n", b"\n"], 3),
        ];
        for (pieces, want) in cases {
            let mut ends = LineEnds::default();
            for piece in pieces {
                ends.feed(piece);
            }
            assert_eq!(ends.count(), want, "{pieces:?}");
        }
    }

    /// Both counts (bulk for long pieces, per line end for short ones)
    /// agree with the definition, byte by byte, on random pieces of `\r`,
    /// `\n` and text (a fixed-seed xorshift, so it repeats).
    #[test]
    fn line_ends_agree_with_a_byte_by_byte_count() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..2_000 {
            let long = next() % 2 == 0;
            let pieces: Vec<Vec<u8>> = (0..next() % 5)
                .map(|_| {
                    let len = if long {
                        BULK as u64 + next() % 64
                    } else {
                        next() % 12
                    };
                    (0..len)
                        .map(|_| [b'\r', b'\n', b'a'][(next() % 3) as usize])
                        .collect()
                })
                .collect();
            let all: Vec<u8> = pieces.concat();
            let want = (0..all.len())
                .filter(|&i| all[i] == b'\r' || (all[i] == b'\n' && (i == 0 || all[i - 1] != b'\r')))
                .count() as u64;
            let mut ends = LineEnds::default();
            for piece in &pieces {
                ends.feed(piece);
            }
            assert_eq!(ends.count(), want, "{pieces:?}");
        }
    }

    /// The line each CSV record starts on agrees with the definition (one
    /// more than the line ends before its first byte, byte by byte), on
    /// random files of unquoted cells and quoted ones holding `\r`, `\n`
    /// and doubled quotes, with every line end and blank lines between
    /// records, read through a small buffer so that records are cut across
    /// reads: the records without quotes take the count without a search.
    #[test]
    fn csv_record_lines_agree_with_a_byte_by_byte_count() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let breaks: [&[u8]; 3] = [b"\n", b"\r\n", b"\r"];
        for _ in 0..500 {
            let (mut doc, mut starts) = (Vec::new(), Vec::new());
            for _ in 0..1 + next(8) {
                for _ in 0..next(3) {
                    doc.extend_from_slice(breaks[next(3) as usize]);
                }
                starts.push(doc.len());
                for cell in 0..1 + next(4) {
                    if cell > 0 {
                        doc.push(b',');
                    }
                    if next(3) == 0 {
                        doc.push(b'"');
                        for _ in 0..next(6) {
                            let pieces: [&[u8]; 5] = [b"a", b"\r", b"\n", b"\"\"", b","];
                            doc.extend_from_slice(pieces[next(5) as usize]);
                        }
                        doc.push(b'"');
                    } else {
                        // The first cell is never empty: no record is blank.
                        doc.extend_from_slice(&b"ab"[..(next(3) as usize).clamp(usize::from(cell == 0), 2)]);
                    }
                }
                doc.extend_from_slice(breaks[next(3) as usize]);
            }
            let want: Vec<u64> = starts
                .iter()
                .map(|&at| {
                    let before = &doc[..at];
                    1 + (0..at)
                        .filter(|&i| {
                            before[i] == b'\r' || (before[i] == b'\n' && (i == 0 || before[i - 1] != b'\r'))
                        })
                        .count() as u64
                })
                .collect();
            let mut reader = io::BufReader::with_capacity(1 + next(16) as usize, &doc[..]);
            let mut csv = Csv::new(1 << 20, b',');
            let (mut data, mut cells, mut got) = (Vec::new(), Cells::default(), Vec::new());
            loop {
                match csv.next(&mut reader, &mut data, &mut cells).unwrap() {
                    Next::Record { line, .. } => got.push(line),
                    Next::End => break,
                    Next::TooLarge { .. } => unreachable!("no record is over the limit"),
                }
            }
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&doc));
        }
    }
}
