//! `check` on numbers and names as people type them: the international
//! split, a country column, a default code, dropped optional fields, and
//! warnings or refusals where Juspay's server code is stricter.

mod support;

use support::{run, scratch, verdicts};

const SHOP: &str = "\
id,phone,Country,first_name,email_address
shop_0000001,+91 98765-43210,IN,Mary Ann,a@example.com
shop_0000002,9123 4567,sg,Jo,b@example.com
shop_0000003,+65 9123 4567,IN,José,c@example.com
shop_0000004,+999 1234,IN,A,d@example.com
shop_0000005,98765,Germany,A,e@example.com
shop_0000006,98765 43210,,A,f@example.com
shop_0000007,98765x43210,IN,Zoë,g@example.com
";

fn shop(flags: &[&str]) -> (std::process::Output, std::path::PathBuf) {
    let dir = scratch(&format!("shop-{}", flags.len()));
    let input = dir.join("shop.csv");
    std::fs::write(&input, SHOP).unwrap();
    let mut args = vec![
        "check",
        "--column",
        "object_reference_id=id",
        "--column",
        "mobile_number=phone",
    ];
    args.extend_from_slice(flags);
    args.push(input.to_str().unwrap());
    (run(&args, b""), dir)
}

/// (valid, body or first reason, split, dropped fields) of each verdict.
fn summary(out: &std::process::Output) -> Vec<(bool, String, Option<String>, Vec<String>)> {
    verdicts(out)
        .iter()
        .map(|v| {
            let valid = v["valid"].as_bool().unwrap();
            let what = if valid {
                v["body"].as_str().unwrap().to_owned()
            } else {
                v["errors"][0]["reason"].as_str().unwrap().to_owned()
            };
            let dropped = v["dropped"]
                .as_array()
                .map(|d| {
                    d.iter()
                        .map(|e| e["field"].as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            (valid, what, v["split"].as_str().map(str::to_owned), dropped)
        })
        .collect()
}

#[test]
fn a_shop_export_with_every_flag() {
    let (out, dir) = shop(&[
        "--normalize",
        "--country-column",
        "Country",
        "--default-country-code",
        "+44",
        "--drop-invalid-optional",
    ]);
    let _ = dir;
    let s = |v: bool, what: &str, split: Option<&str>, dropped: &[&str]| {
        (
            v,
            what.to_owned(),
            split.map(str::to_owned),
            dropped.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        summary(&out),
        vec![
            s(true, "object_reference_id=shop_0000001&mobile_number=9876543210&email_address=a%40example.com&mobile_country_code=91", Some("91"), &["first_name"]),
            s(true, "object_reference_id=shop_0000002&mobile_number=91234567&email_address=b%40example.com&first_name=Jo&mobile_country_code=65", None, &[]),
            // The number's own +65 wins over the country column's IN.
            s(true, "object_reference_id=shop_0000003&mobile_number=91234567&email_address=c%40example.com&mobile_country_code=65", Some("65"), &["first_name"]),
            s(false, "unassigned_country_code", None, &[]),
            s(false, "unknown_country", None, &[]),
            // No country cell: --default-country-code.
            s(true, "object_reference_id=shop_0000006&mobile_number=9876543210&email_address=f%40example.com&first_name=A&mobile_country_code=44", None, &[]),
            // A typo in the number is never salvaged, so nothing is dropped.
            s(false, "not_a_digit", None, &[]),
        ]
    );
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.starts_with("records: 7, valid: 4, invalid: 3, numbers split: 2\n"),
        "{report}"
    );
    assert!(
        report.contains("dropped (record kept) by field and reason:\n"),
        "{report}"
    );
    assert!(
        report.contains("  first_name  forbidden_character          2  2\n"),
        "{report}"
    );
}

#[test]
fn the_valid_output_gets_the_country_code_it_needs() {
    let dir = scratch("valid-out-country");
    let input = dir.join("shop.csv");
    std::fs::write(
        &input,
        "id,phone\nshop_0000001,+65 9123 4567\nshop_0000002,98765 43210\n",
    )
    .unwrap();
    let valid = dir.join("valid.csv");
    let out = run(
        &[
            "check",
            "-q",
            "--no-verdicts",
            "--normalize",
            "--column",
            "object_reference_id=id",
            "--column",
            "mobile_number=phone",
            "--valid-out",
            valid.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&valid).unwrap(),
        // Headed with the fields' names: `send` reads it with no flag.
        "object_reference_id,mobile_number,mobile_country_code\nshop_0000001,91234567,65\nshop_0000002,9876543210,91\n"
    );
}

#[test]
fn server_limits_warn_and_strict_refuses() {
    let long_name = "J".repeat(65);
    let line = format!("object_reference_id=cust_123489&mobile_number=99887766&first_name={long_name}\n");
    let out = run(&["check", "--format", "form"], line.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let v = &verdicts(&out)[0];
    assert_eq!(v["valid"], true);
    assert_eq!(v["warnings"][0]["reason"], "over_server_limit");
    assert_eq!(
        v["warnings"][0]["message"],
        "first_name is longer than Juspay's server code accepts: 65 characters, at most 64"
    );
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains("warnings (Juspay's server code is stricter than its docs) by field and reason:"),
        "{report}"
    );

    let out = run(&["check", "--format", "form", "--strict"], line.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let v = &verdicts(&out)[0];
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"][0]["reason"], "over_server_limit");
    assert!(v.get("warnings").is_none());

    // Strict and dropping: an over-long optional name is left out.
    let out = run(
        &["check", "--format", "form", "--strict", "--drop-invalid-optional"],
        line.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(verdicts(&out)[0]["dropped"][0]["reason"], "over_server_limit");
}

/// One line per case: the flags, and the start of the usage error (exit 2).
#[test]
fn country_flags_refuse_what_they_cannot_use() {
    let dir = scratch("country-usage");
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "object_reference_id,mobile_number,Country\ncust_123489,99887766,IN\n",
    )
    .unwrap();
    let path = input.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--country-column", "Land", path],
            "juspay-customer: --country-column Land: ",
        ),
        (
            &["--country-column", "mobile_number", path],
            "juspay-customer: --country-column mobile_number: that column holds mobile_number",
        ),
        (
            &["--format", "form", "--country-column", "Country", path],
            "juspay-customer: --country-column reads a CSV column",
        ),
        (
            &["--format", "json", "--leave-out", "first_name", path],
            "juspay-customer: --leave-out leaves out CSV columns",
        ),
        (
            &["--default-country-code", "XX", path],
            "error: invalid value 'XX' for '--default-country-code <CODE>'",
        ),
        (
            &["--default-country-code", "999", path],
            "error: invalid value '999' for '--default-country-code <CODE>'",
        ),
    ];
    for (flags, want) in cases {
        let mut args = vec!["check"];
        args.extend_from_slice(flags);
        let out = run(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(want), "{flags:?}: {err}");
    }
}

/// What a Shopify-style export holds, mended with --normalize and
/// --repair-names, and nothing mended without them: a national number
/// with its trunk prefix beside its country, Excel's mark, an extension,
/// accents, a space and an apostrophe in names. Expected values by hand:
/// France's prefix is 0 and its numbers nine digits; the UK's 0 and ten.
#[test]
fn national_numbers_extensions_and_names_are_repaired_when_asked() {
    let dir = scratch("repairs");
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "id,phone,Country,first_name,last_name\n\
         shop_0000001,06 12 34 56 29 ext. 4,FR,José,O'Brien\n\
         shop_0000002,'07700 900123,GB,Mary Ann,Smith\n\
         shop_0000003,+33 6 12 34 56 29,FR,Jo,Lee\n\
         shop_0000004,0612345629,FR,王,Lee\n",
    )
    .unwrap();
    let valid = dir.join("valid.csv");
    let base = [
        "check",
        "--column",
        "object_reference_id=id",
        "--column",
        "mobile_number=phone",
        "--country-column",
        "Country",
    ];
    let mut args = base.to_vec();
    args.extend([
        "--normalize",
        "--repair-names",
        "--valid-out",
        valid.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    let out = run(&args, b"");
    let v = verdicts(&out);
    assert_eq!(
        v[0],
        serde_json::json!({"line": 2, "valid": true,
            "body": "object_reference_id=shop_0000001&mobile_number=612345629&first_name=Jose&last_name=OBrien&mobile_country_code=33",
            "extension_removed": true, "repaired": ["first_name", "last_name"]})
    );
    assert_eq!(
        v[1]["body"],
        "object_reference_id=shop_0000002&mobile_number=7700900123&first_name=Mary-Ann&last_name=Smith&mobile_country_code=44"
    );
    // The national and the international spelling of one number: one body.
    assert_eq!(
        v[2]["body"],
        "object_reference_id=shop_0000003&mobile_number=612345629&first_name=Jo&last_name=Lee&mobile_country_code=33"
    );
    // A CJK name is not transliterated: refused as written.
    assert_eq!(v[3]["valid"], false);
    assert_eq!(
        v[3]["errors"][0]["message"],
        "first_name has forbidden character '王' at position 1"
    );
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.starts_with("records: 4, valid: 3, invalid: 1, numbers split: 1, extensions removed: 1\n"),
        "{report}"
    );
    assert!(
        report.contains("repaired by --repair-names in valid records: first_name 2, last_name 1\n"),
        "{report}"
    );
    assert_eq!(
        std::fs::read_to_string(&valid).unwrap(),
        "object_reference_id,mobile_number,Country,first_name,last_name,mobile_country_code\n\
         shop_0000001,612345629,FR,Jose,OBrien,33\n\
         shop_0000002,7700900123,GB,Mary-Ann,Smith,44\n\
         shop_0000003,612345629,FR,Jo,Lee,33\n"
    );
    // Without the flags: nothing mended, and the report says what one flag
    // alone would pass: only the third row, whose one fault is its number's
    // spelling; the others need both flags (or, the fourth, neither helps).
    let mut args = base.to_vec();
    args.push(input.to_str().unwrap());
    let out = run(&args, b"");
    assert!(verdicts(&out).iter().all(|v| v["valid"] == false));
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains(
            "  mobile_number  not_a_digit                  3  2\n\
             \x20                                             1 of these pass with --normalize\n"
        ),
        "{report}"
    );
    assert!(!report.contains("--repair-names"), "{report}");
}
