//! Decimal text to the nearest `f64`, ties to even, without Rust's float
//! parser (whose tables would take about 16 KB of the gzipped WebAssembly
//! build): exact arithmetic on small big integers, a few microseconds a
//! number at worst (a response keeps at most about a thousand numbers, and
//! skipped values are never converted). Correct rounding matters beyond
//! tidiness: an `f64` written back as its shortest text must read back to
//! itself, or a kept value changes between a parse and a re-encode.

use std::cmp::Ordering;

/// Significant digits read exactly; any later non-zero digit is kept as one
/// more digit `1` (a sticky digit), which decides rounding the same way:
/// 768 digits always suffice for `f64`.
const MAX_DIGITS: usize = 800;

/// A non-negative big integer: base-2^32 limbs, least significant first,
/// no leading zero limbs (zero is empty).
type Big = Vec<u32>;

fn mul_add(a: &mut Big, m: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in a.iter_mut() {
        let v = u64::from(*limb) * u64::from(m) + carry;
        *limb = v as u32;
        carry = v >> 32;
    }
    if carry > 0 {
        a.push(carry as u32);
    }
}

fn bit_len(a: &Big) -> u64 {
    a.last()
        .map_or(0, |top| a.len() as u64 * 32 - u64::from(top.leading_zeros()))
}

fn shl(a: &Big, bits: u64) -> Big {
    let (limbs, rest) = ((bits / 32) as usize, (bits % 32) as u32);
    let mut out = vec![0; limbs];
    let mut carry = 0u32;
    for &limb in a {
        out.push(if rest == 0 { limb } else { limb << rest | carry });
        carry = if rest == 0 { 0 } else { limb >> (32 - rest) };
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

fn shr1(a: &mut Big) {
    let mut carry = 0u32;
    for limb in a.iter_mut().rev() {
        let next = *limb & 1;
        *limb = *limb >> 1 | carry << 31;
        carry = next;
    }
    if a.last() == Some(&0) {
        a.pop();
    }
}

fn cmp(a: &Big, b: &Big) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// `a -= b`, for `a >= b`.
fn sub(a: &mut Big, b: &Big) {
    let mut borrow = 0i64;
    for (i, limb) in a.iter_mut().enumerate() {
        let v = i64::from(*limb) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        borrow = i64::from(v < 0);
        *limb = (v + (borrow << 32)) as u32;
    }
    while a.last() == Some(&0) {
        a.pop();
    }
}

/// `q` (not zero) times `2^scale`, plus less than one unit of `q` when
/// `sticky`, rounded to the nearest `f64` (subnormals included); `None`
/// beyond `f64::MAX`.
fn round(q: u128, scale: i64, sticky: bool) -> Option<f64> {
    let bits = 128 - i64::from(q.leading_zeros());
    let exponent = bits - 1 + scale;
    if exponent > 1023 {
        return None;
    }
    // Mantissa bits available: 53, fewer below the normal range.
    let keep = if exponent >= -1022 {
        53
    } else {
        53 - (-1022 - exponent)
    };
    let drop = bits - keep;
    let (mantissa, scale) = if drop <= 0 {
        (q << -drop, scale + drop)
    } else if drop > 127 {
        (0, scale + drop)
    } else {
        let half = q >> (drop - 1) & 1 == 1;
        let rest = sticky || q & ((1 << (drop - 1)) - 1) != 0;
        let mut m = q >> drop;
        if half && (rest || m & 1 == 1) {
            m += 1;
        }
        (m, scale + drop)
    };
    if mantissa == 0 {
        return Some(0.0);
    }
    // At most 2^53 (after rounding up): exact as an f64.
    let value = mantissa as f64 * power_of_two(scale)?;
    value.is_finite().then_some(value)
}

/// `2^n`, exactly, for `n` from -1074 to 1023.
fn power_of_two(n: i64) -> Option<f64> {
    match n {
        -1074..=-1023 => Some(f64::from_bits(1 << (n + 1074))),
        -1022..=1023 => Some(f64::from_bits(((n + 1023) as u64) << 52)),
        _ => None,
    }
}

/// The nearest `f64` to the JSON number `text` (no sign; its syntax
/// already checked); `None` when it is beyond `f64::MAX`.
pub(super) fn to_f64(text: &[u8]) -> Option<f64> {
    let mut digits: Vec<u8> = Vec::new();
    let (mut exponent, mut sticky, mut fraction) = (0i64, false, false);
    let mut i = 0;
    while let Some(&c) = text.get(i) {
        match c {
            b'0'..=b'9' => {
                let d = c - b'0';
                if digits.is_empty() && d == 0 {
                    // A leading zero: only its place counts.
                    exponent -= i64::from(fraction);
                } else if digits.len() < MAX_DIGITS {
                    digits.push(d);
                    exponent -= i64::from(fraction);
                } else {
                    sticky |= d != 0;
                    exponent += i64::from(!fraction);
                }
            }
            b'.' => fraction = true,
            _ => break,
        }
        i += 1;
    }
    if let Some(b'e' | b'E') = text.get(i) {
        let negative = text.get(i + 1) == Some(&b'-');
        let written = text[i + 1..].iter().skip_while(|c| !c.is_ascii_digit());
        // Past a million the value is zero or out of range anyway.
        let e = written.fold(0i64, |e, &d| (e * 10 + i64::from(d - b'0')).min(1_000_000));
        exponent += if negative { -e } else { e };
    }
    if sticky {
        digits.push(1);
        exponent -= 1;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    let n = digits.len() as i64;
    if n + exponent > 310 {
        return None;
    }
    if n + exponent < -324 {
        return Some(0.0);
    }
    let mut m: Big = Vec::new();
    for &d in &digits {
        mul_add(&mut m, 10, u32::from(d));
    }
    // m * 10^e = (m * 5^e) * 2^e, and m * 10^-k = (m / 5^k) * 2^-k: a
    // numerator, a denominator and a power of two.
    let mut five: Big = vec![1];
    for _ in 0..exponent.abs() {
        mul_add(if exponent >= 0 { &mut m } else { &mut five }, 5, 0);
    }
    // The quotient scaled to 57 or 58 bits, and whether a remainder is left.
    let diff = bit_len(&m) as i64 - bit_len(&five) as i64;
    let (mut rest, divisor, scale) = if diff < 57 {
        (shl(&m, (57 - diff) as u64), five, diff - 57 + exponent)
    } else {
        (m, shl(&five, (diff - 57) as u64), diff - 57 + exponent)
    };
    let mut step = shl(&divisor, 58);
    let mut q = 0u128;
    for i in (0..=58).rev() {
        if cmp(&rest, &step) != Ordering::Less {
            sub(&mut rest, &step);
            q |= 1 << i;
        }
        shr1(&mut step);
    }
    round(q, scale, !rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::to_f64;
    use proptest::prelude::*;

    /// Rust's own parser is correctly rounded: the oracle.
    fn oracle(text: &str) -> Option<f64> {
        let f: f64 = text.parse().unwrap();
        f.is_finite().then_some(f)
    }

    #[test]
    fn table_of_numbers() {
        let cases = [
            "0",
            "0.0",
            "1",
            "1.5",
            "0.1",
            "0.3",
            "123.456",
            "1e22",
            "1e23",
            "9007199254740993",
            "44444444444444444444444444444444444444444444444444444444444444444444444444444444444444",
            "4.444444444444445e85",
            "4.4444444444444454e85",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9e-324",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-324",
            "1e-400",
            "0e999999",
            "123456789012345678901234567890e-50",
            "0.000000000000000000000000000000000000001",
            "1e1000000000000",
            "1e-1000000000000",
        ];
        for text in cases {
            assert_eq!(
                to_f64(text.as_bytes()).map(f64::to_bits),
                oracle(text).map(f64::to_bits),
                "{text}"
            );
        }
        let long = format!("1.{}e10", "0".repeat(900) + "1");
        assert_eq!(to_f64(long.as_bytes()), oracle(&long));
        let half = format!("9007199254740992.{}1", "0".repeat(850));
        assert_eq!(to_f64(half.as_bytes()), oracle(&half));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10000))]

        #[test]
        fn numbers_round_as_rust_rounds_them(
            text in "(0|[1-9][0-9]{0,40})(\\.[0-9]{1,40})?([eE][+-]?[0-9]{1,3})?",
        ) {
            prop_assert_eq!(to_f64(text.as_bytes()).map(f64::to_bits), oracle(&text).map(f64::to_bits), "{}", text);
        }

        #[test]
        fn shortest_text_reads_back(bits in any::<u64>()) {
            let f = f64::from_bits(bits).abs();
            if f.is_finite() {
                for text in [format!("{f:e}"), format!("{f}")] {
                    prop_assert_eq!(to_f64(text.as_bytes()).map(f64::to_bits), Some(f.to_bits()), "{}", text);
                }
            }
        }
    }
}
