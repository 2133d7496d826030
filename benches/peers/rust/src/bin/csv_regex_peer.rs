//! CSV through the `csv` crate, each cell checked with the `regex` crate
//! against the committed JSON Schema's patterns and lengths (an empty cell
//! is an absent field): a count of valid rows.
//! Usage: csv_regex_peer SCHEMA RECORDS.csv

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rules = juspay_customer_peers::rules(&juspay_customer_peers::schema(&args[1]));
    let (mut reader, columns) = juspay_customer_peers::open_csv(&rules, &args[2]);
    let (mut records, mut valid) = (0, 0);
    let mut row = csv::ByteRecord::new();
    while reader.read_byte_record(&mut row).expect("read") {
        if row.iter().all(<[u8]>::is_empty) {
            continue;
        }
        records += 1;
        let ok = rules.iter().zip(&columns).all(|(rule, column)| {
            juspay_customer_peers::passes(rule, column.and_then(|c| row.get(c)).unwrap_or(b""))
        });
        if ok {
            valid += 1;
        }
    }
    juspay_customer_peers::report(records, valid);
}
