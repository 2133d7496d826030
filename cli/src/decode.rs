//! The input's text encoding: UTF-8 (with or without a BOM), UTF-16 LE or
//! BE (by their BOM), or what `--encoding` names, decoded to UTF-8 by
//! `encoding_rs` as it is read. Nothing is replaced: the first byte that is
//! not valid in the encoding stops the run with one message naming the
//! encoding and the line, rather than a refusal on every row after it.

use std::io::{self, Read};

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::input::LineEnds;

/// A reader of UTF-8 decoded from `inner`: UTF-8 itself is passed through
/// as read and checked (std's validation, no copy); any other encoding is
/// transcoded by `encoding_rs`.
pub(crate) struct Decoding<R> {
    inner: R,
    /// `None` for UTF-8.
    decoder: Option<encoding_rs::Decoder>,
    /// UTF-8: the start of a character cut by a read, to be checked with the
    /// rest of it.
    carry: Vec<u8>,
    encoding: &'static Encoding,
    raw: Box<[u8]>,
    start: usize,
    end: usize,
    eof: bool,
    /// The decoder has been told the input ended and has said all it had.
    done: bool,
    /// Line ends handed out so far, for the message about a bad byte.
    lines: LineEnds,
}

impl<R: Read> Decoding<R> {
    /// Decodes `inner` from its BOM's encoding, else from `chosen` (UTF-8
    /// when `None`).
    pub(crate) fn new(mut inner: R, chosen: Option<&'static Encoding>) -> io::Result<Self> {
        let mut raw = vec![0u8; 1 << 16].into_boxed_slice();
        // Read enough to see a BOM (up to three bytes).
        let mut end = 0;
        while end < 3 {
            let n = inner.read(&mut raw[end..])?;
            if n == 0 {
                break;
            }
            end += n;
        }
        let (encoding, bom) = match Encoding::for_bom(&raw[..end]) {
            Some((e, len)) => (e, len),
            None => (chosen.unwrap_or(UTF_8), 0),
        };
        Ok(Decoding {
            inner,
            decoder: (encoding != UTF_8).then(|| encoding.new_decoder_without_bom_handling()),
            carry: Vec::new(),
            encoding,
            raw,
            start: bom,
            end,
            eof: false,
            done: false,
            lines: LineEnds::default(),
        })
    }
}

impl<R: Read> Decoding<R> {
    /// The reader it decodes.
    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The error for a byte not valid in the encoding, `before` being the
    /// valid text that precedes it in the piece being handed out.
    fn malformed(&self, before: &[u8]) -> io::Error {
        let mut lines = self.lines;
        lines.feed(before);
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not valid {} at line {}{}",
                self.encoding.name(),
                lines.count() + 1,
                if self.encoding == UTF_8 {
                    " (a file saved by Excel on Windows? try --encoding windows-1252)"
                } else {
                    ""
                }
            ),
        )
    }

    /// UTF-8: checks a piece about to be handed out, carrying a character
    /// it cuts into the next.
    fn check_utf8(&mut self, piece: &[u8]) -> io::Result<()> {
        let mut rest = piece;
        if !self.carry.is_empty() {
            // Complete the carried character (its lead byte says how long).
            let total = match self.carry[0] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let take = (total - self.carry.len()).min(rest.len());
            self.carry.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.carry.len() < total {
                return Ok(());
            }
            if std::str::from_utf8(&self.carry).is_err() {
                return Err(self.malformed(b""));
            }
            self.carry.clear();
        }
        if let Err(e) = std::str::from_utf8(rest) {
            let valid = e.valid_up_to();
            match e.error_len() {
                // A character cut by the end of the piece.
                None => self.carry.extend_from_slice(&rest[valid..]),
                Some(_) => return Err(self.malformed(&piece[..piece.len() - rest.len() + valid])),
            }
        }
        self.lines.feed(piece);
        Ok(())
    }

    /// UTF-8: the bytes read ahead for the BOM first, then straight from
    /// `inner` into `out`.
    fn read_utf8(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = if self.start < self.end {
            let n = (self.end - self.start).min(out.len());
            out[..n].copy_from_slice(&self.raw[self.start..self.start + n]);
            self.start += n;
            n
        } else {
            self.inner.read(out)?
        };
        if n == 0 {
            self.done = true;
            if !self.carry.is_empty() {
                return Err(self.malformed(b""));
            }
            return Ok(0);
        }
        self.check_utf8(&out[..n])?;
        Ok(n)
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        let Some(decoder) = self.decoder.as_mut() else {
            return self.read_utf8(out);
        };
        loop {
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = self.inner.read(&mut self.raw)?;
                self.eof = self.end == 0;
            }
            let (result, read, written) =
                decoder.decode_to_utf8_without_replacement(&self.raw[self.start..self.end], out, self.eof);
            self.start += read;
            self.lines.feed(&out[..written]);
            match result {
                // The valid text before it is counted already.
                DecoderResult::Malformed(_, _) => return Err(self.malformed(b"")),
                DecoderResult::InputEmpty if self.eof => {
                    self.done = true;
                    return Ok(written);
                }
                _ if written > 0 => return Ok(written),
                // No room for one character: a caller's buffer under four
                // bytes (a BufReader's never is). Say so rather than spin.
                DecoderResult::OutputFull => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "a read buffer too small for one character",
                    ))
                }
                // More input needed.
                DecoderResult::InputEmpty => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader handing out one byte at a time.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    /// Decodes `bytes` read a byte at a time into small buffers, reading on
    /// past the end.
    fn decode(bytes: &[u8], chosen: Option<&'static Encoding>) -> io::Result<String> {
        let mut d = Decoding::new(Trickle(bytes), chosen)?;
        let mut out = Vec::new();
        let mut buf = [0u8; 7];
        loop {
            let n = d.read(&mut buf)?;
            if n == 0 {
                // Reading after the end stays at the end.
                assert_eq!(d.read(&mut buf)?, 0);
                return Ok(String::from_utf8(out).unwrap());
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    /// Bytes in, the encoding chosen, the text out or the message.
    type Case = (
        &'static [u8],
        Option<&'static Encoding>,
        Result<&'static str, &'static str>,
    );

    /// One line per case: bytes in, text out or the message.
    #[test]
    fn each_encoding_decodes_and_bad_bytes_name_their_line() {
        let w1252 = Some(encoding_rs::WINDOWS_1252);
        let cases: [Case; 9] = [
            (b"a,b\nJos\xc3\xa9\n", None, Ok("a,b\nJos\u{e9}\n")),
            (b"\xef\xbb\xbfa\n", None, Ok("a\n")),
            (b"\xff\xfea\x00\n\x00\xe9\x00", None, Ok("a\n\u{e9}")),
            (b"\xfe\xff\x00a\x00\n\x00\xe9", None, Ok("a\n\u{e9}")),
            (b"Jos\xe9\r\nM\x9cller", w1252, Ok("Jos\u{e9}\r\nM\u{153}ller")),
            (b"\xef\xbb\xbfJos\xc3\xa9", w1252, Ok("Jos\u{e9}")),
            (b"", None, Ok("")),
            (b"a\nb\nJos\xe9\n", None, Err("not valid UTF-8 at line 3 (a file saved by Excel on Windows? try --encoding windows-1252)")),
            (b"\xff\xfea\x00\x00\xd8\n\x00", None, Err("not valid UTF-16LE at line 1")),
        ];
        for (bytes, chosen, want) in cases {
            let got = decode(bytes, chosen).map_err(|e| e.to_string());
            assert_eq!(got.as_deref().map_err(String::as_str), want, "{bytes:?}");
        }
    }
}
