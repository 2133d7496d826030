//! Removing a national (trunk) prefix as libphonenumber's parser does
//! (`maybe_strip_national_prefix_and_carrier_code`, then the length test
//! `parse` keeps its result by), from the prefixes `oracle/calling_codes.py`
//! expands out of libphonenumber's expressions (`national.rs` says how
//! they are written).
//!
//! libphonenumber asks whether a number is viable with each region's full
//! national-number expression; the crate asks it of the region's possible
//! lengths, the same metadata's coarser half. The oracle test holds the two
//! to the same answer on every region's example number written in its
//! national format, and with its national prefix before it.

/// One region's line of the table: `POSSIBLE;LOCAL_ONLY;INSERT;PREFIXES`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct National(pub(super) &'static str);

/// How much of `digits` one prefix of the table reads, and the part the
/// region's transform keeps, if it applies.
fn reads(prefix: &[u8], digits: &[u8]) -> Option<(usize, Option<(usize, usize)>)> {
    let (mut at, mut i) = (0, 0);
    let (mut open, mut kept) = (None, None);
    while let Some(&token) = prefix.get(i) {
        i += 1;
        match token {
            b'(' => open = Some(at),
            b')' => kept = open.map(|start| (start, at)),
            b'$' if at != digits.len() => return None,
            b'$' => {}
            _ => {
                let d = *digits.get(at)?;
                let fits = match token {
                    b'd' => true,
                    b'[' => {
                        let end = i + prefix[i..].iter().position(|&b| b == b']')?;
                        let class = &prefix[i..end];
                        i = end + 1;
                        class.iter().enumerate().any(|(j, &c)| {
                            c == d
                                || (c == b'-'
                                    && j > 0
                                    && class
                                        .get(j + 1)
                                        .is_some_and(|&hi| (class[j - 1]..=hi).contains(&d)))
                        })
                    }
                    literal => literal == d,
                };
                if !fits {
                    return None;
                }
                at += 1;
            }
        }
    }
    Some((at, kept))
}

/// A hexadecimal bit set of the table.
fn hex(text: &[u8]) -> Option<u32> {
    text.iter().try_fold(0u32, |n, &b| {
        let d = (b as char).to_digit(16)?;
        n.checked_mul(16)?.checked_add(d)
    })
}

impl National {
    /// Its possible lengths, local-only lengths, insert and prefixes. Read
    /// as bytes: `str`'s pattern searchers cost the browser build more than
    /// the table does.
    fn parts(self) -> Option<(u32, u32, &'static [u8], &'static [u8])> {
        let mut parts = self.0.as_bytes().splitn(4, |&b| b == b';');
        let possible = hex(parts.next()?)?;
        let local_only = hex(parts.next()?)?;
        Some((possible, local_only, parts.next()?, parts.next()?))
    }

    /// `digits` (ASCII digits only) without its national prefix, or `None`
    /// when libphonenumber would leave it as it is, or when what is left
    /// would be read again by a second pass: as prefixed once more, or as
    /// international dialling (`1 0010100000` in the United States leaves
    /// `0010100000`, which `normalize` would split as `00` `1` …). Such a
    /// number is left as typed, so that normalizing is idempotent (a page
    /// and a server may both normalize) and no digit is guessed away; no
    /// example number of any region reads so.
    pub(crate) fn strip(self, digits: &str) -> Option<String> {
        let stripped = self.strip_once(digits)?;
        let again = stripped.starts_with("00") || self.strip_once(&stripped).is_some();
        (!again).then_some(stripped)
    }

    /// One pass of libphonenumber's stripping.
    fn strip_once(self, digits: &str) -> Option<String> {
        let bytes = digits.as_bytes();
        if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let (possible, local_only, insert, prefixes) = self.parts()?;
        let has = |mask: u32, len: usize| len < 32 && mask & (1 << len) != 0;
        let (read, kept) = prefixes.split(|&b| b == b'|').find_map(|p| reads(p, bytes))?;
        if read == 0 && kept.is_none() {
            // An empty reading (Argentina's `0?(…15)?` matches nothing at all).
            return None;
        }
        let mut stripped = Vec::with_capacity(bytes.len() + insert.len());
        if let Some((a, b)) = kept {
            stripped.extend_from_slice(insert);
            stripped.extend_from_slice(&bytes[a..b]);
        }
        stripped.extend_from_slice(&bytes[read..]);
        let n = stripped.len();
        // libphonenumber's viability test, by length: a viable number is
        // not stripped into one that is not.
        let viable_before = has(possible, bytes.len());
        // `parse`'s test of the result: not local-only, not too short, not
        // a length between two possible ones.
        let longest = 31usize.saturating_sub(possible.leading_zeros() as usize);
        let kept_by_parse = !has(local_only, n) && (has(possible, n) || (possible != 0 && n > longest));
        if stripped == bytes || (viable_before && !has(possible, n)) || !kept_by_parse {
            return None;
        }
        // Digits from the table and the number: ASCII.
        String::from_utf8(stripped).ok()
    }
}
