//! Removing a national (trunk) prefix as libphonenumber's parser does
//! (`maybe_strip_national_prefix_and_carrier_code`, then the length test
//! `parse` keeps its result by), from the prefixes `oracle/calling_codes.py`
//! expands out of libphonenumber's expressions.
//!
//! libphonenumber asks whether a number is viable with each region's full
//! national-number expression; the crate asks it of the region's possible
//! lengths, the same metadata's coarser half. The oracle test holds the two
//! to the same answer on every region's example mobile written in its
//! national format.

use std::ops::Range;

/// One region's national prefixes.
pub(crate) struct National {
    /// Bit `n` set: a national significant number may be `n` digits long.
    pub(super) possible: u32,
    /// Bit `n` set: `n` digits is a number dialled only within an area.
    pub(super) local_only: u32,
    /// What a transform writes before the part it keeps (`9` in Argentina).
    pub(super) insert: &'static str,
    /// What may read as a prefix, in the order libphonenumber tries it.
    pub(super) prefixes: &'static [Prefix],
}

/// One way the start of a number may read as a national prefix.
pub(crate) struct Prefix {
    /// One digit class a digit (bit `d` set: the digit `d` fits), or
    /// `END`, the end of the number.
    pub(super) classes: &'static [u16],
    /// When the region's transform applies to this reading: the digits it
    /// keeps, written after [`National::insert`], in place of the prefix.
    pub(super) kept: Option<(u8, u8)>,
}

const END: u16 = 0x8000;

impl Prefix {
    /// How many digits of `digits` it reads, if it reads them.
    fn reads(&self, digits: &[u8]) -> Option<usize> {
        let mut at = 0;
        for &class in self.classes {
            if class == END {
                if at != digits.len() {
                    return None;
                }
                continue;
            }
            let d = *digits.get(at)?;
            if class & (1 << (d - b'0')) == 0 {
                return None;
            }
            at += 1;
        }
        Some(at)
    }
}

impl National {
    fn has(mask: u32, len: usize) -> bool {
        len < 32 && mask & (1 << len) != 0
    }

    /// libphonenumber's viability test, by length.
    fn viable(&self, len: usize) -> bool {
        Self::has(self.possible, len)
    }

    /// `parse`'s test of the result: not too short, not local-only, not a
    /// length between two possible ones.
    fn kept_by_parse(&self, len: usize) -> bool {
        if Self::has(self.local_only, len) {
            return false;
        }
        let longest = 31 - self.possible.leading_zeros() as usize;
        self.viable(len) || (self.possible != 0 && len > longest)
    }

    /// `digits` (ASCII digits only) without its national prefix, or `None`
    /// when libphonenumber would leave it as it is.
    pub(crate) fn strip(&self, digits: &str) -> Option<String> {
        let bytes = digits.as_bytes();
        if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let (prefix, read) = self
            .prefixes
            .iter()
            .find_map(|p| p.reads(bytes).map(|n| (p, n)))?;
        let stripped = match prefix.kept {
            Some((a, b)) => {
                let kept: Range<usize> = usize::from(a)..usize::from(b);
                [self.insert, &digits[kept], &digits[read..]].concat()
            }
            None => digits[read..].to_owned(),
        };
        if stripped == digits
            || (self.viable(bytes.len()) && !self.viable(stripped.len()))
            || !self.kept_by_parse(stripped.len())
        {
            return None;
        }
        Some(stripped)
    }
}
