//! The crate's JSON reader: a serde [`Deserializer`] over UTF-8 text, used
//! by [`crate::CustomerInput::from_json`] (request bodies) and
//! [`crate::parse_response`] (response bodies).
//!
//! It accepts exactly the JSON serde_json accepts and reports a syntax error
//! at the line and column serde_json reports (the tests below compare the
//! two on generated text). It exists because serde_json's deserializer,
//! through its error messages, links Rust's float formatting and more: a
//! quarter of the WebAssembly build. This reader's errors carry a position
//! only, and its visitors' errors are never formatted.
//!
//! Limits, as serde_json's: values read through [`Deserializer::deserialize_any`]
//! nest at most 127 deep (the 128th level is an error); skipped values
//! (unknown keys, raw values) may nest as deep as the text goes, with one
//! byte of stack per level on the heap.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

mod decimal;

/// The newtype name that asks [`Reader`] for a value's raw JSON text, which
/// it passes to `visit_borrowed_str` (as serde_json's `RawValue`).
pub(crate) const RAW: &str = "$juspay_customer::json_text::Raw";

/// How deep [`Deserializer::deserialize_any`] may nest, as serde_json.
const DEPTH: usize = 128;

/// Where reading stopped: a syntax error at a byte index, or an error from a
/// visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Error {
    /// The byte index whose line and column serde_json would report; `None`
    /// for an error raised by a visitor before the reader placed it.
    at: Option<usize>,
    /// Whether the text ended too early (serde_json's `is_eof`).
    eof: bool,
}

impl Error {
    /// Whether the text ended before the value did.
    pub(crate) fn is_eof(&self) -> bool {
        self.eof
    }

    /// The 1-based line and the column (bytes since the line's start) of the
    /// error in `text`, as serde_json counts them.
    pub(crate) fn line_column(&self, text: &str) -> (usize, usize) {
        let at = self.at.unwrap_or(0).min(text.len());
        let before = &text.as_bytes()[..at];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count();
        (line, at - line_start)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not JSON")
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    // Visitors' messages are dropped unformatted: only the position is kept,
    // and formatting them (`invalid type: floating point ...`) is what links
    // the float formatter.
    fn custom<T: fmt::Display>(_: T) -> Self {
        Error { at: None, eof: false }
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Self::custom("")
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Self::custom("")
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Self::custom("")
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Self::custom("")
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Self::custom("")
    }
    fn missing_field(_: &'static str) -> Self {
        Self::custom("")
    }
    fn duplicate_field(_: &'static str) -> Self {
        Self::custom("")
    }
}

type Result<T> = std::result::Result<T, Error>;

/// A number as read: what `deserialize_any` hands its visitor.
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// Reads JSON text; see the module docs.
pub(crate) struct Reader<'de> {
    text: &'de str,
    index: usize,
    depth: usize,
    /// The open arrays and objects of a value being skipped.
    frames: Vec<u8>,
    /// The longest string (in bytes of JSON text) read or skipped.
    string_limit: usize,
}

impl<'de> Reader<'de> {
    /// A reader at the start of `text`.
    pub(crate) fn new(text: &'de str) -> Self {
        Reader {
            text,
            index: 0,
            depth: DEPTH,
            frames: Vec::new(),
            string_limit: usize::MAX,
        }
    }

    /// A reader that refuses any string longer than `limit` bytes of JSON
    /// text, before copying more than that of it.
    pub(crate) fn with_string_limit(text: &'de str, limit: usize) -> Self {
        Reader {
            string_limit: limit,
            ..Reader::new(text)
        }
    }

    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.index).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        if b.is_some() {
            self.index += 1;
        }
        b
    }

    /// An error at the byte last read (serde_json's `error`).
    fn error(&self, eof: bool) -> Error {
        Error {
            at: Some(self.index),
            eof,
        }
    }

    /// An error at the byte peeked (serde_json's `peek_error`).
    fn peek_error(&self, eof: bool) -> Error {
        Error {
            at: Some((self.index + 1).min(self.text.len())),
            eof,
        }
    }

    /// Skips white space and peeks at the next byte.
    fn whitespace(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.index += 1;
        }
        self.peek()
    }

    /// Checks that only white space is left (serde_json's `end`).
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.whitespace() {
            Some(_) => Err(self.peek_error(false)),
            None => Ok(()),
        }
    }

    /// Reads the rest of `null`, `true` or `false`.
    fn ident(&mut self, rest: &[u8]) -> Result<()> {
        for &expected in rest {
            match self.next() {
                None => return Err(self.error(true)),
                Some(b) if b != expected => return Err(self.error(false)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Reads a number's text from its first digit (a `-` already read).
    /// `strict` gives the end-of-text errors of serde_json's parsing (rather
    /// than skipping) path. Returns whether it had a fraction or exponent.
    fn number_text(&mut self, strict: bool) -> Result<bool> {
        match self.next() {
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error(false));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(b'0'..=b'9') = self.peek() {
                    self.index += 1;
                }
            }
            None if strict => return Err(self.error(true)),
            // serde_json's skipping path reads a NUL here, without moving.
            None => return Err(self.error(false)),
            Some(_) => return Err(self.error(false)),
        }
        let mut fraction = false;
        if self.peek() == Some(b'.') {
            self.index += 1;
            let digits = self.index;
            while let Some(b'0'..=b'9') = self.peek() {
                self.index += 1;
            }
            if self.index == digits {
                return Err(self.peek_error(strict && self.peek().is_none()));
            }
            fraction = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.index += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.index += 1;
            }
            match self.next() {
                Some(b'0'..=b'9') => {}
                None => return Err(self.error(strict)),
                Some(_) => return Err(self.error(false)),
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.index += 1;
            }
            fraction = true;
        }
        Ok(fraction)
    }

    /// Reads a number (its `-`, if any, already read from `start`) as
    /// serde_json (with its `float_roundtrip` feature) reads it: a `u64`, a
    /// negative `i64`, or the nearest `f64` (fractions, exponents, `-0`,
    /// integers beyond 64 bits); an error when beyond `f64`'s range.
    fn number(&mut self, start: usize) -> Result<Number> {
        let fraction = self.number_text(true)?;
        let text = &self.bytes()[start..self.index];
        let (positive, text) = match text.split_first() {
            Some((b'-', rest)) => (false, rest),
            _ => (true, text),
        };
        if !fraction {
            let fits = text
                .iter()
                .try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')));
            if let Some(n) = fits {
                if positive {
                    return Ok(Number::U64(n));
                }
                // Below i64::MIN, and -0, are floats.
                let neg = (n as i64).wrapping_neg();
                return Ok(if neg >= 0 {
                    Number::F64(-(n as f64))
                } else {
                    Number::I64(neg)
                });
            }
        }
        // An exponent beyond i32: serde_json stops at the digit that
        // overflows when the value is not zero and the exponent positive.
        if let Some(e) = text.iter().position(|&c| c == b'e' || c == b'E') {
            let zero = text[..e].iter().all(|&c| c == b'0' || c == b'.');
            let positive_exp = text.get(e + 1) != Some(&b'-');
            let from = e + 1 + usize::from(matches!(text.get(e + 1), Some(b'+' | b'-')));
            let mut exp = 0i32;
            for (k, &d) in text[from..].iter().enumerate() {
                match exp
                    .checked_mul(10)
                    .and_then(|x| x.checked_add(i32::from(d - b'0')))
                {
                    Some(x) => exp = x,
                    None if !zero && positive_exp => {
                        let unread = text.len() - (from + k + 1);
                        return Err(Error {
                            at: Some(self.index - unread),
                            eof: false,
                        });
                    }
                    None => return Ok(Number::F64(if positive { 0.0 } else { -0.0 })),
                }
            }
        }
        match decimal::to_f64(text) {
            Some(f) => Ok(Number::F64(if positive { f } else { -f })),
            None => Err(self.error(false)),
        }
    }

    /// Moves to the next quote, backslash or control character in a string
    /// and returns it; an error at the end of the text, or when the string
    /// (begun at `open`, after its quote) is already longer than the
    /// reader's limit.
    fn string_stop(&mut self, open: usize) -> Result<u8> {
        let rest = &self.bytes()[self.index..];
        match stop_position(rest) {
            Some(n) if self.index + n - open > self.string_limit => Err(self.error(false)),
            Some(n) => {
                self.index += n;
                Ok(rest[n])
            }
            None => {
                self.index = self.text.len();
                Err(self.error(true))
            }
        }
    }

    /// Reads a string's text after its opening quote: borrowed when it has no
    /// escapes, otherwise unescaped into a new `String`. A lone surrogate
    /// escape is an error, as in serde_json's string parsing.
    fn string(&mut self) -> Result<Text<'de>> {
        let mut owned: Option<String> = None;
        let (open, mut start) = (self.index, self.index);
        loop {
            let stop = self.string_stop(open)?;
            let chunk = &self.text[start..self.index];
            match stop {
                b'"' => {
                    self.index += 1;
                    return Ok(match owned {
                        None => Text::Borrowed(chunk),
                        Some(mut s) => {
                            s.push_str(chunk);
                            Text::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(chunk);
                    self.index += 1;
                    self.escape(s)?;
                    start = self.index;
                }
                _ => {
                    self.index += 1;
                    return Err(self.error(false));
                }
            }
        }
    }

    /// Skips a string's text after its opening quote (serde_json's
    /// `ignore_str`, which accepts any `\u` escape).
    fn skip_string(&mut self) -> Result<()> {
        let open = self.index;
        loop {
            match self.string_stop(open)? {
                b'"' => {
                    self.index += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.index += 1;
                    match self.next() {
                        None => return Err(self.error(true)),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                        Some(b'u') => {
                            self.hex()?;
                        }
                        Some(_) => return Err(self.error(false)),
                    }
                }
                _ => return Err(self.error(false)),
            }
        }
    }

    /// Reads four hex digits.
    fn hex(&mut self) -> Result<u16> {
        let Some(digits) = self.bytes().get(self.index..self.index + 4) else {
            self.index = self.text.len();
            return Err(self.error(true));
        };
        self.index += 4;
        let mut n = 0u16;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error(false)),
            };
            n = n * 16 + u16::from(v);
        }
        Ok(n)
    }

    /// Reads one escape after its backslash into `out`; lone surrogates are
    /// errors, as serde_json's string parsing has them.
    fn escape(&mut self, out: &mut String) -> Result<()> {
        let c = match self.next() {
            None => return Err(self.error(true)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(out),
            Some(_) => return Err(self.error(false)),
        };
        out.push(c);
        Ok(())
    }

    /// Reads a `\u` escape (one, or a surrogate pair) after its `\u`.
    fn unicode_escape(&mut self, out: &mut String) -> Result<()> {
        let n = self.hex()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.error(false));
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            // Outside the surrogates, every `u16` is a `char`.
            out.extend(char::from_u32(u32::from(n)));
            return Ok(());
        }
        for expected in [b'\\', b'u'] {
            match self.peek() {
                None => return Err(self.error(true)),
                Some(b) => {
                    self.index += 1;
                    if b != expected {
                        return Err(self.error(false));
                    }
                }
            }
        }
        let n2 = self.hex()?;
        if !(0xDC00..=0xDFFF).contains(&n2) {
            return Err(self.error(false));
        }
        let c = 0x1_0000 + ((u32::from(n - 0xD800) << 10) | u32::from(n2 - 0xDC00));
        out.extend(char::from_u32(c));
        Ok(())
    }

    /// Skips one value of any depth (serde_json's `ignore_value`).
    fn skip(&mut self) -> Result<()> {
        self.frames.clear();
        loop {
            // Read one value, or open an array or object.
            let opened = match self.whitespace() {
                None => return Err(self.peek_error(true)),
                Some(b'n') => {
                    self.index += 1;
                    self.ident(b"ull")?;
                    None
                }
                Some(b't') => {
                    self.index += 1;
                    self.ident(b"rue")?;
                    None
                }
                Some(b'f') => {
                    self.index += 1;
                    self.ident(b"alse")?;
                    None
                }
                Some(b'-') => {
                    self.index += 1;
                    self.number_text(false)?;
                    None
                }
                Some(b'0'..=b'9') => {
                    self.number_text(false)?;
                    None
                }
                Some(b'"') => {
                    self.index += 1;
                    self.skip_string()?;
                    None
                }
                Some(frame @ (b'[' | b'{')) => {
                    self.index += 1;
                    Some(frame)
                }
                Some(_) => return Err(self.peek_error(false)),
            };
            let (mut after_value, mut frame) = match opened {
                Some(frame) => (false, frame),
                None => match self.frames.pop() {
                    Some(frame) => (true, frame),
                    None => return Ok(()),
                },
            };
            // Close what ends here; stop before the next value.
            loop {
                match self.whitespace() {
                    Some(b',') if after_value => {
                        self.index += 1;
                        break;
                    }
                    Some(b']') if frame == b'[' => {}
                    Some(b'}') if frame == b'{' => {}
                    Some(_) if after_value => return Err(self.peek_error(false)),
                    Some(_) => break,
                    None => return Err(self.peek_error(true)),
                }
                self.index += 1;
                match self.frames.pop() {
                    Some(outer) => frame = outer,
                    None => return Ok(()),
                }
                after_value = true;
            }
            if frame == b'{' {
                match self.whitespace() {
                    Some(b'"') => self.index += 1,
                    Some(_) => return Err(self.peek_error(false)),
                    None => return Err(self.peek_error(true)),
                }
                self.skip_string()?;
                match self.whitespace() {
                    Some(b':') => self.index += 1,
                    Some(_) => return Err(self.peek_error(false)),
                    None => return Err(self.peek_error(true)),
                }
            }
            self.frames.push(frame);
        }
    }

    /// Reads the next value, or the opening of an array or object (one
    /// level deeper, at most 127).
    fn event(&mut self) -> Result<Event<'de>> {
        Ok(match self.whitespace() {
            None => return Err(self.peek_error(true)),
            Some(b'n') => {
                self.index += 1;
                self.ident(b"ull")?;
                Event::Null
            }
            Some(b't') => {
                self.index += 1;
                self.ident(b"rue")?;
                Event::Bool(true)
            }
            Some(b'f') => {
                self.index += 1;
                self.ident(b"alse")?;
                Event::Bool(false)
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.index;
                if self.peek() == Some(b'-') {
                    self.index += 1;
                }
                Event::Number(self.number(start)?)
            }
            Some(b'"') => {
                self.index += 1;
                Event::Str(self.string()?)
            }
            Some(open @ (b'[' | b'{')) => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Err(self.peek_error(false));
                }
                self.index += 1;
                if open == b'[' {
                    Event::Array
                } else {
                    Event::Object
                }
            }
            Some(_) => return Err(self.peek_error(false)),
        })
    }

    /// Leaves an array or object a visitor has read: checks its closing
    /// bracket, keeping the visitor's error first (as serde_json).
    fn close<T>(&mut self, visited: Result<T>, close: u8) -> Result<T> {
        self.depth += 1;
        let end = if close == b']' {
            self.end_array()
        } else {
            self.end_object()
        };
        visited.and_then(|v| end.map(|()| v))
    }

    /// Places a visitor's error at the current byte, as serde_json does.
    fn place(&self, e: Error) -> Error {
        match e.at {
            Some(_) => e,
            None => self.error(e.eof),
        }
    }

    /// Checks the end of an array (serde_json's `end_seq`).
    fn end_array(&mut self) -> Result<()> {
        match self.whitespace() {
            Some(b']') => {
                self.index += 1;
                Ok(())
            }
            Some(b',') => {
                self.index += 1;
                self.whitespace();
                Err(self.peek_error(false))
            }
            Some(_) => Err(self.peek_error(false)),
            None => Err(self.peek_error(true)),
        }
    }

    /// Checks the end of an object (serde_json's `end_map`).
    fn end_object(&mut self) -> Result<()> {
        match self.whitespace() {
            Some(b'}') => {
                self.index += 1;
                Ok(())
            }
            Some(_) => Err(self.peek_error(false)),
            None => Err(self.peek_error(true)),
        }
    }

    /// Whether another element follows (serde_json's `has_next_element`, and
    /// `has_next_key` with `key`).
    fn has_next(&mut self, first: &mut bool, close: u8, key: bool) -> Result<bool> {
        let Some(b) = self.whitespace() else {
            return Err(self.peek_error(true));
        };
        if b == close {
            return Ok(false);
        }
        if std::mem::take(first) {
            return if !key || b == b'"' {
                Ok(true)
            } else {
                Err(self.peek_error(false))
            };
        }
        if b != b',' {
            return Err(self.peek_error(false));
        }
        self.index += 1;
        match self.whitespace() {
            Some(b) if b == close => Err(self.peek_error(false)),
            Some(b'"') => Ok(true),
            Some(_) if key => Err(self.peek_error(false)),
            Some(_) => Ok(true),
            None => Err(self.peek_error(true)),
        }
    }
}

/// The first quote, backslash or control character of `bytes`. Eight bytes
/// at a time while none is there (the bit trick serde_json uses too: a byte
/// below `0x20`, or zero after an exclusive or with `"` or `\`, borrows
/// through its top bit), then byte by byte.
fn stop_position(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    let mut chunks = bytes.chunks_exact(8);
    let mut skipped = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let below = |n: u64, x: u64| x.wrapping_sub(ONES * n) & !x;
        let equal = |b: u8| below(1, w ^ (ONES * u64::from(b)));
        if (below(0x20, w) | equal(b'"') | equal(b'\\')) & HIGH != 0 {
            break;
        }
        skipped += 8;
    }
    let tail = &bytes[skipped..];
    tail.iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|n| skipped + n)
}

/// What [`Reader::event`] read.
enum Event<'de> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Text<'de>),
    Array,
    Object,
}

/// A string's text.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Text<'de> {
    fn visit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_str(&s),
        }
    }
}

/// The text of a JSON string value (`"..."`, quotes included, as a raw
/// value holds it) without its escapes; `None` when it holds a lone
/// surrogate escape, which no Rust string can hold.
pub(crate) fn unescape(raw: &str) -> Option<String> {
    let mut reader = Reader::new(raw);
    reader.index = 1;
    match reader.string() {
        Ok(Text::Owned(s)) => Some(s),
        Ok(Text::Borrowed(s)) => Some(s.to_owned()),
        Err(_) => None,
    }
}

/// Whether `text` is one JSON value and nothing else (white space aside),
/// and the first byte of that value.
pub(crate) fn first_byte_of_value(text: &str) -> Option<u8> {
    let mut reader = Reader::new(text);
    let first = reader.whitespace()?;
    reader.skip().ok()?;
    reader.end().ok()?;
    Some(first)
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // The reading is done once, outside this generic function, which is
        // instantiated for every visitor.
        let value = match self.event()? {
            Event::Null => visitor.visit_unit(),
            Event::Bool(b) => visitor.visit_bool(b),
            Event::Number(Number::U64(n)) => visitor.visit_u64(n),
            Event::Number(Number::I64(n)) => visitor.visit_i64(n),
            Event::Number(Number::F64(n)) => visitor.visit_f64(n),
            Event::Str(text) => text.visit(visitor),
            Event::Array => {
                let ret = visitor.visit_seq(Items {
                    reader: self,
                    first: true,
                });
                self.close(ret, b']')
            }
            Event::Object => {
                let ret = visitor.visit_map(Items {
                    reader: self,
                    first: true,
                });
                self.close(ret, b'}')
            }
        };
        value.map_err(|e| self.place(e))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name == RAW {
            self.whitespace();
            let start = self.index;
            self.skip()?;
            visitor.visit_borrowed_str(&self.text[start..self.index])
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct enum identifier
    }
}

/// An array's elements or an object's entries.
struct Items<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.reader.has_next(&mut self.first, b']', false)? {
            seed.deserialize(&mut *self.reader).map(Some)
        } else {
            Ok(None)
        }
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.reader.has_next(&mut self.first, b'}', true)? {
            seed.deserialize(Key(&mut *self.reader)).map(Some)
        } else {
            Ok(None)
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.reader.whitespace() {
            Some(b':') => self.reader.index += 1,
            Some(_) => return Err(self.reader.peek_error(false)),
            None => return Err(self.reader.peek_error(true)),
        }
        seed.deserialize(&mut *self.reader)
    }
}

/// An object's key, which `has_next` found to start with a quote.
struct Key<'r, 'de>(&'r mut Reader<'de>);

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.index += 1;
        let reader = self.0;
        reader.string()?.visit(visitor).map_err(|e| reader.place(e))
    }

    // An ignored key is still read as a string, lone surrogates refused,
    // as serde_json reads it.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    //! serde_json is the oracle: the same text must give the same values,
    //! the same accept or refuse, and the same error line, column and
    //! end-of-text flag.

    use super::*;
    use proptest::prelude::*;
    use serde::de::IgnoredAny;
    use serde::Deserialize;
    use serde_json::value::RawValue;
    use serde_json::Value;

    /// What serde_json makes of a result: the value, or where it failed.
    fn oracle<T>(r: serde_json::Result<T>) -> std::result::Result<T, (usize, usize, bool)> {
        r.map_err(|e| (e.line(), e.column(), e.is_eof()))
    }

    /// What this reader makes of one value read by `read` and the end check.
    fn ours<'de, T>(
        text: &'de str,
        read: impl FnOnce(&mut Reader<'de>) -> Result<T>,
    ) -> std::result::Result<T, (usize, usize, bool)> {
        let mut reader = Reader::new(text);
        let r = read(&mut reader).and_then(|v| reader.end().map(|()| v));
        r.map_err(|e| {
            let (line, column) = e.line_column(text);
            (line, column, e.is_eof())
        })
    }

    /// Compares every way the crate reads text against serde_json.
    fn agree(text: &str) {
        // Values, through `deserialize_any` (numbers, escapes, depth).
        let want = oracle(serde_json::from_str::<Value>(text));
        let got = ours(text, |r| Value::deserialize(r));
        match (&want, &got) {
            // Same value, floats to the bit (`Value`'s `==` compares them as numbers).
            (Ok(w), Ok(g)) => assert_eq!(w.to_string(), g.to_string(), "{text:?}"),
            _ => assert_eq!(want, got, "{text:?}"),
        }
        // Skipping, as unknown keys are.
        assert_eq!(
            oracle(serde_json::from_str::<IgnoredAny>(text)).map(|_| ()),
            ours(text, |r| IgnoredAny::deserialize(r)).map(|_| ()),
            "skip {text:?}"
        );
        // Raw text, as request values are read.
        assert_eq!(
            serde_json::from_str::<&RawValue>(text)
                .ok()
                .and_then(|v| v.get().bytes().next()),
            first_byte_of_value(text),
            "raw {text:?}"
        );
        // Strings as raw values hold them, unescaped.
        if let Ok(raw) = serde_json::from_str::<&RawValue>(text) {
            if raw.get().starts_with('"') {
                assert_eq!(
                    serde_json::from_str::<String>(raw.get()).ok(),
                    unescape(raw.get()),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn strings_past_the_limit_are_refused_read_or_skipped() {
        // (text, limit, whether it reads), strings measured as JSON text.
        let cases: &[(&str, usize, bool)] = &[
            (r#"{"abcd":1}"#, 3, false),
            (r#"{"abc":1}"#, 3, true),
            (r#"{"a":"b\"cd"}"#, 4, false),
            (r#"{"a":"b\"c"}"#, 4, true),
            (r#"{"a":"\\"}"#, 2, true),
            (r#"{"a":"\\\\\\"}"#, 5, false),
            (r#"["abcdef"]"#, 5, false),
            (r#"["abcdef"]"#, 6, true),
        ];
        for &(text, limit, reads) in cases {
            let read = Value::deserialize(&mut Reader::with_string_limit(text, limit)).is_ok();
            let skipped = IgnoredAny::deserialize(&mut Reader::with_string_limit(text, limit)).is_ok();
            assert_eq!((read, skipped), (reads, reads), "{text} {limit}");
        }
    }

    #[test]
    fn table_of_texts() {
        let cases = [
            "",
            " ",
            "{",
            "}",
            "[",
            "]",
            "{}",
            "[]",
            "{} x",
            "[1,]",
            "[1 2]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "{\"a\":1 \"b\":2}",
            "{,}",
            "[,1]",
            "nul",
            "nulx",
            "tru",
            "falsy",
            "n",
            "-",
            "-a",
            "01",
            "1.",
            "1.a",
            "1e",
            "1e+",
            "1ex",
            "1E-5",
            "-0",
            "-0.0",
            "0.5e3",
            "1.5E+2",
            "123456789012345678901",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e308",
            "1e309",
            "-1e400",
            "1e-400",
            "1e99999999999",
            "0e99999999999",
            "1e-99999999999",
            "4.9e-324",
            "2.2250738585072014e-308",
            "1.7976931348623157e308",
            "0.1",
            "0.3",
            "123456789012345678901234567890.5e-10",
            "1.00000000000000000000000000001",
            "\"",
            "\"a",
            "\"a\\",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "\"\\u00e9\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"\\ud83d\\ude00\"",
            "\"\\udc00\"",
            "\"\\ud800x\"",
            "\"\\ud800\\",
            "\"\\ud800\\x\"",
            "\"a\nb\"",
            "\"\t\"",
            "\"é\"",
            "{\"\\ud800\":1}",
            "[\"\\ud800\"]",
            "{\"a\":{\"b\":[1,{\"c\":null}]}}",
            "\n\n  {\"a\":\n1,\n\"b\" x}",
            "[1]\n\n x",
            " \r\n\t1 ",
        ];
        for text in cases {
            agree(text);
        }
        let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
        for n in [126, 127, 128, 129, 300] {
            agree(&deep(n));
            agree(&format!("{{\"a\":{}}}", deep(n)));
        }
    }

    fn jsonish() -> impl Strategy<Value = String> {
        const TOKENS: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            " ",
            "\n",
            "\"a\"",
            "\"id\"",
            "\"x\\ny\"",
            "\"\\u00e9\"",
            "\"\\ud800\"",
            "\"\\ud83d\\ude00\"",
            "\"",
            "\\",
            "null",
            "true",
            "false",
            "nul",
            "0",
            "-",
            "1",
            "-0",
            "01",
            "1.5",
            "1.",
            "e",
            "E5",
            "1e400",
            "-1e-400",
            "12345678901234567890123",
            ".5",
            "+",
            "x",
            "é",
        ];
        proptest::collection::vec(proptest::sample::select(TOKENS), 0..24).prop_map(|t| t.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn agrees_with_serde_json_on_jsonish_text(text in jsonish()) {
            agree(&text);
        }

        #[test]
        fn agrees_with_serde_json_on_any_text(text in any::<String>()) {
            agree(&text);
        }

        #[test]
        fn stop_position_finds_the_first_stop_byte(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let naive = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            prop_assert_eq!(stop_position(&bytes), naive);
        }

        #[test]
        fn floats_read_as_serde_json_reads_them(
            digits in "-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,4})?",
            f in any::<f64>(),
        ) {
            agree(&digits);
            if f.is_finite() {
                agree(&format!("{f}"));
                agree(&format!("{f:e}"));
            }
        }
    }
}
