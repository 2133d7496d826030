//! Chunks of whole records, and how the input is cut into them.

use std::io::BufRead;
use std::ops::Range;

use crate::csv_writer::Term;
use crate::error::Stop;
use crate::input::{Cells, Csv, JsonArray, Lines, Next};

/// Bytes of input per chunk (whole records).
pub(super) const CHUNK_BYTES: usize = 1 << 18;

/// Records per chunk, at most: short CSV rows make long verdicts, so a
/// chunk is cut by whichever limit comes first.
pub(super) const CHUNK_RECORDS: usize = 1 << 10;

/// One record of a chunk: where it starts, its raw bytes in `data`, and for
/// CSV its cells (`cells.ends[cells_at]`, `cell_count` of them).
pub(super) struct Rec {
    pub(super) line: u64,
    pub(super) raw: Range<usize>,
    /// Form and JSON lines: the line end it had (`None`: the last line, with none).
    pub(super) term: Option<Term>,
    pub(super) cells_at: usize,
    pub(super) cell_count: usize,
}

/// A chunk of whole records.
pub(super) struct Job {
    pub(super) seq: u64,
    pub(super) data: Vec<u8>,
    pub(super) cells: Cells,
    pub(super) records: Vec<Rec>,
    /// An emptied verdict buffer of a chunk already written, for this
    /// chunk's verdicts: reused, it has room for them, where a new one grew
    /// by copies (about 130 instructions a record).
    pub(super) verdicts: Vec<u8>,
}

impl Job {
    /// Empties the chunk, keeping its buffers.
    pub(super) fn clear(&mut self) {
        self.seq = 0;
        self.data.clear();
        self.cells.bytes.clear();
        self.cells.ends.clear();
        self.records.clear();
    }
}

impl Default for Job {
    /// An empty chunk with room for a full one, so that filling it never
    /// grows a buffer (growing them cost some 210 instructions a record in
    /// copies). A chunk ends at the first record past CHUNK_BYTES; a longer
    /// record still grows it.
    fn default() -> Self {
        let bytes = CHUNK_BYTES + CHUNK_BYTES / 4;
        Job {
            seq: 0,
            data: Vec::with_capacity(bytes),
            cells: Cells {
                bytes: Vec::with_capacity(bytes),
                ends: Vec::with_capacity(CHUNK_RECORDS * 8),
            },
            records: Vec::with_capacity(CHUNK_RECORDS + 1),
            verdicts: Vec::new(),
        }
    }
}

/// How the input is cut into records.
pub(super) enum Cutter {
    Lines(Lines),
    Csv(Box<Csv>),
    JsonArray(JsonArray),
}

impl Cutter {
    pub(super) fn next(&mut self, reader: &mut impl BufRead, job: &mut Job) -> std::io::Result<Next> {
        match self {
            Cutter::Lines(l) => l.next(reader, &mut job.data),
            Cutter::Csv(c) => c.next(reader, &mut job.data, &mut job.cells),
            Cutter::JsonArray(a) => a.next(reader, &mut job.data),
        }
    }

    pub(super) fn finish_oversize(
        &mut self,
        reader: &mut impl BufRead,
        sink: &mut dyn FnMut(&[u8]) -> Result<(), Stop>,
    ) -> Result<Option<Term>, Stop> {
        match self {
            Cutter::Lines(l) => l.finish_oversize(reader, sink),
            Cutter::Csv(c) => c.finish_oversize(reader, sink),
            Cutter::JsonArray(a) => a.finish_oversize(reader, sink),
        }
    }
}

/// The cells `first .. first + count` of `cells`.
pub(super) fn cells(cells: &Cells, first: usize, count: usize) -> impl Iterator<Item = &[u8]> {
    (first..first + count).map(move |i| {
        let start = if i == 0 { 0 } else { cells.ends[i - 1] };
        &cells.bytes[start..cells.ends[i]]
    })
}
