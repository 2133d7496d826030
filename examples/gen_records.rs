//! Writes N request records for `juspay-customer check`: a realistic mix in
//! which about 10% are invalid, as JSON lines (the default), form lines or
//! CSV with a header. The same records in each format, so each gives the
//! same verdicts. Deterministic (fixed seed).
//!
//! ```text
//! cargo run --release --example gen_records -- 1000000 > records.jsonl
//! cargo run --release --example gen_records -- --format csv 1000000 > records.csv
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

/// How the records are written.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Form,
    Csv,
}

/// The columns of the CSV output, in order: the API's field names.
const COLUMNS: [&str; 7] = [
    "object_reference_id",
    "mobile_number",
    "email_address",
    "first_name",
    "last_name",
    "mobile_country_code",
    "options.get_client_auth_token",
];

/// Writes one record, given as (key, value) pairs in `COLUMNS` order, with
/// `options.get_client_auth_token` as `true` or absent.
fn write_record(out: &mut impl Write, format: Format, pairs: &[(&str, String)]) -> io::Result<()> {
    match format {
        Format::Json => {
            let mut map = serde_json::Map::new();
            for (k, v) in pairs {
                let value = if *k == "options.get_client_auth_token" {
                    serde_json::Value::Bool(true)
                } else {
                    serde_json::Value::String(v.clone())
                };
                map.insert((*k).to_owned(), value);
            }
            serde_json::to_writer(&mut *out, &map)?;
        }
        Format::Form => out.write_all(
            serde_urlencoded::to_string(pairs)
                .map_err(io::Error::other)?
                .as_bytes(),
        )?,
        Format::Csv => {
            let cells: Vec<&str> = COLUMNS
                .iter()
                .map(|c| pairs.iter().find(|(k, _)| k == c).map_or("", |(_, v)| v.as_str()))
                .collect();
            // No generated value holds a comma, a quote or a line break.
            debug_assert!(cells.iter().all(|c| !c.contains([',', '"', '\n', '\r'])));
            out.write_all(cells.join(",").as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut n, mut format) = (None, Format::Json);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => {
                format = match args.next().as_deref() {
                    Some("json") => Format::Json,
                    Some("form") => Format::Form,
                    Some("csv") => Format::Csv,
                    _ => usage(),
                }
            }
            other => n = other.parse::<u64>().ok().or_else(|| usage()),
        }
    }
    let n = n.unwrap_or_else(|| usage());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    if format == Format::Csv && writeln!(out, "{}", COLUMNS.join(",")).is_err() {
        return;
    }
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
        let code = rng.pick(CODES).to_owned();
        let token = rng.below(4) == 0;
        let mut pairs: Vec<(&str, String)> = vec![
            ("object_reference_id", ori),
            ("mobile_number", mobile.clone()),
            ("email_address", email.clone()),
            ("first_name", first.to_owned()),
            ("last_name", last.to_owned()),
            ("mobile_country_code", code.clone()),
        ];
        if token {
            pairs.push(("options.get_client_auth_token", "true".to_owned()));
        }
        // About one record in ten is broken, in one of several ways that
        // every format can carry, so that each format gives the same verdicts.
        if rng.below(10) == 0 {
            match rng.below(6) {
                0 => pairs[1].1 = format!("+91 {mobile}"),
                1 => pairs[1].1 = mobile.replacen('9', "O", 1),
                2 => {
                    pairs.remove(0);
                }
                3 => pairs[2].1 = format!("{}@@{domain}", &email[..3]),
                4 => pairs[3].1 = "Mary Ann".to_owned(),
                _ => pairs[5].1 = format!("+{code}"),
            }
        }
        if write_record(&mut out, format, &pairs).is_err() {
            return;
        }
    }
    let _ = out.flush();
}

fn usage() -> ! {
    eprintln!("usage: gen_records [--format json|form|csv] N");
    std::process::exit(2);
}
