//! CSV output through csv-core's writer: cells quoted only where RFC 4180
//! needs it (a delimiter, a quote or a line break inside), quotes doubled.

use csv_core::{Terminator, WriteResult, WriterBuilder};

/// A line end, as the input wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Term {
    /// `\n` (Unix).
    Lf,
    /// `\r\n` (Windows, RFC 4180).
    CrLf,
    /// `\r` alone (Excel for Mac).
    Cr,
}

impl Term {
    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            Term::Lf => b"\n",
            Term::CrLf => b"\r\n",
            Term::Cr => b"\r",
        }
    }
}

/// Appends CSV to a `Vec<u8>`, one cell, delimiter or record end at a time.
pub(crate) struct CsvWriter {
    writer: csv_core::Writer,
    term: Term,
    delimiter: u8,
}

impl CsvWriter {
    /// A writer separating cells and ending records as the input does.
    pub(crate) fn new(term: Term, delimiter: u8) -> Self {
        let terminator = match term {
            Term::CrLf => Terminator::CRLF,
            Term::Lf => Terminator::Any(b'\n'),
            Term::Cr => Terminator::Any(b'\r'),
        };
        let writer = WriterBuilder::new()
            .terminator(terminator)
            .delimiter(delimiter)
            .build();
        CsvWriter {
            writer,
            term,
            delimiter,
        }
    }

    /// One cell on its own, quoted where needed, between bytes written by
    /// others (a fresh writer, so that its state is its own).
    pub(crate) fn cell(&self, out: &mut Vec<u8>, value: &[u8]) {
        let mut w = CsvWriter::new(self.term, self.delimiter);
        w.field(out, value);
        let writer = &mut w.writer;
        Self::run(out, |buf| writer.finish(buf));
    }

    /// Runs one csv-core step into `out` until it has written everything.
    fn run(out: &mut Vec<u8>, mut step: impl FnMut(&mut [u8]) -> (WriteResult, usize)) {
        let mut buf = [0u8; 512];
        loop {
            let (result, n) = step(&mut buf);
            out.extend_from_slice(&buf[..n]);
            if result == WriteResult::InputEmpty {
                return;
            }
        }
    }

    /// One whole cell.
    pub(crate) fn field(&mut self, out: &mut Vec<u8>, mut value: &[u8]) {
        let writer = &mut self.writer;
        Self::run(out, |buf| {
            let (result, read, written) = writer.field(value, buf);
            value = &value[read..];
            (result, written)
        });
    }

    /// The delimiter between two cells.
    pub(crate) fn delimiter(&mut self, out: &mut Vec<u8>) {
        let writer = &mut self.writer;
        Self::run(out, |buf| writer.delimiter(buf));
    }

    /// The end of the record.
    pub(crate) fn terminator(&mut self, out: &mut Vec<u8>) {
        let writer = &mut self.writer;
        Self::run(out, |buf| writer.terminator(buf));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line per case: cells in, the record csv-core writes.
    #[test]
    fn cells_are_quoted_only_where_rfc_4180_needs_it() {
        let cases: [(&[&str], Term, &str); 7] = [
            (&["a", "b"], Term::Lf, "a,b\n"),
            (&["a,b", "c"], Term::Lf, "\"a,b\",c\n"),
            (&["say \"hi\"", ""], Term::Lf, "\"say \"\"hi\"\"\",\n"),
            (&["two\nlines", "x"], Term::CrLf, "\"two\nlines\",x\r\n"),
            (&["cr\ronly"], Term::Lf, "\"cr\ronly\"\n"),
            (&["plain", "O'Brien"], Term::CrLf, "plain,O'Brien\r\n"),
            (&["mac", "excel"], Term::Cr, "mac,excel\r"),
        ];
        for (cells, term, want) in cases {
            let mut w = CsvWriter::new(term, b',');
            let mut out = Vec::new();
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    w.delimiter(&mut out);
                }
                w.field(&mut out, cell.as_bytes());
            }
            w.terminator(&mut out);
            assert_eq!(String::from_utf8(out).unwrap(), want, "{cells:?}");
        }
    }
}
