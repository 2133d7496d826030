//! Writes N request records as JSON lines, for `juspay-customer check --json`:
//! a realistic mix in which about 10% are invalid. Deterministic (fixed seed).
//!
//! ```text
//! cargo run --release --example gen_records -- 1000000 > records.jsonl
//! ```

use std::io::{self, BufWriter, Write};

/// xorshift64*: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "John",
    "Priya",
    "Wei",
    "Ana-Maria",
    "Rahul",
    "Siti",
    "J.R.",
    "Mohammed",
    "Li_Na",
    "Arjun",
];
const LAST: &[&str] = &[
    "Smith", "Sharma", "Tan", "Lopez", "Nair", "Rahman", "O(Neil)", "Kumar", "Chen", "Iyer",
];
const DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.co.in",
    "example.com",
    "outlook.com",
    "juspay.in",
];
const CODES: &[&str] = &["91", "65", "1", "44", "971"];

fn main() {
    let n: u64 = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: gen_records N");
            std::process::exit(2);
        }
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    for i in 0..n {
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let domain = rng.pick(DOMAINS);
        let email = format!(
            "{}.{}{}@{domain}",
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase(),
            i % 1000
        )
        .replace(['(', ')'], "");
        let mobile = format!("9{:09}", rng.below(1_000_000_000));
        let ori = match rng.below(3) {
            0 => format!("cust_{i:08}"),
            1 => email.clone(),
            _ => format!("user-{:016x}", rng.next()),
        };
        let code = rng.pick(CODES);
        let token = rng.below(4) == 0;
        let mut record = format!(
            r#"{{"object_reference_id":"{ori}","mobile_number":"{mobile}","email_address":"{email}","first_name":"{first}","last_name":"{last}","mobile_country_code":"{code}""#
        );
        if token {
            record.push_str(r#","options.get_client_auth_token":true"#);
        }
        record.push('}');
        // About one record in ten is broken, in one of several ways.
        if rng.below(10) == 0 {
            record = match rng.below(6) {
                0 => record.replace(&mobile, &format!("+91 {mobile}")),
                1 => record.replace(&format!("\"{mobile}\""), &mobile),
                2 => record.replace(&format!(r#""object_reference_id":"{ori}","#), ""),
                3 => record.replace(&email, &format!("{}@@{domain}", &email[..3])),
                4 => record.replace(first, "Mary Ann"),
                _ => record.replace(r#""mobile_country_code":""#, r#""mobile_country_code":"+"#),
            };
        }
        if writeln!(out, "{record}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}
