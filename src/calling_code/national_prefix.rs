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
                                    && class.get(j + 1).is_some_and(|&hi| (class[j - 1]..=hi).contains(&d)))
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

impl National {
    fn parts(self) -> Option<(u32, u32, &'static str, &'static str)> {
        let mut parts = self.0.splitn(4, ';');
        let possible = u32::from_str_radix(parts.next()?, 16).ok()?;
        let local_only = u32::from_str_radix(parts.next()?, 16).ok()?;
        Some((possible, local_only, parts.next()?, parts.next()?))
    }

    /// `digits` (ASCII digits only) without its national prefix, or `None`
    /// when libphonenumber would leave it as it is.
    pub(crate) fn strip(self, digits: &str) -> Option<String> {
        let bytes = digits.as_bytes();
        if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let (possible, local_only, insert, prefixes) = self.parts()?;
        let has = |mask: u32, len: usize| len < 32 && mask & (1 << len) != 0;
        let (read, kept) = prefixes
            .split('|')
            .find_map(|p| reads(p.as_bytes(), bytes))?;
        let stripped = match kept {
            Some((a, b)) => [insert, &digits[a..b], &digits[read..]].concat(),
            None => digits[read..].to_owned(),
        };
        let n = stripped.len();
        // libphonenumber's viability test, by length: a viable number is
        // not stripped into one that is not.
        let viable_before = has(possible, bytes.len());
        // `parse`'s test of the result: not local-only, not too short, not
        // a length between two possible ones.
        let longest = 31usize.saturating_sub(possible.leading_zeros() as usize);
        let kept_by_parse = !has(local_only, n) && (has(possible, n) || (possible != 0 && n > longest));
        (stripped != digits && !(viable_before && !has(possible, n)) && kept_by_parse).then_some(stripped)
    }
}
