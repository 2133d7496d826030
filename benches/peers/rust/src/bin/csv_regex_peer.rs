//! CSV through the `csv` crate, each cell checked with the `regex` crate
//! against the committed JSON Schema's patterns and lengths (an empty cell
//! is an absent field): a count of valid rows.
//! Usage: csv_regex_peer SCHEMA RECORDS.csv

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rules = juspay_customer_peers::rules(&juspay_customer_peers::schema(&args[1]));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&args[2])
        .expect("records");
    let headers = reader.headers().expect("header").clone();
    let columns: Vec<Option<usize>> = rules
        .iter()
        .map(|r| headers.iter().position(|h| h == r.name))
        .collect();
    let (mut records, mut valid) = (0, 0);
    let mut row = csv::ByteRecord::new();
    while reader.read_byte_record(&mut row).expect("read") {
        if row.iter().all(<[u8]>::is_empty) {
            continue;
        }
        records += 1;
        let ok = rules.iter().zip(&columns).all(|(rule, column)| {
            let cell = column.and_then(|c| row.get(c)).unwrap_or(b"");
            if cell.is_empty() {
                return !rule.required;
            }
            let Ok(text) = std::str::from_utf8(cell) else { return false };
            if rule.boolean {
                return text == "true" || text == "false";
            }
            let chars = text.chars().count();
            chars >= rule.min && chars <= rule.max && rule.pattern.as_ref().is_none_or(|p| p.is_match(text))
        });
        if ok {
            valid += 1;
        }
    }
    juspay_customer_peers::report(records, valid);
}
