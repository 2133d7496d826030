//! Every row of the README rules table, at each boundary, one line per case.
//!
//! `export_cases_as_data` also writes every input, with the fields it is
//! checked as, to `target/tmp/rule_cases.json`, so that other languages'
//! tests (the WebAssembly parity test) run the same cases.

use juspay_customer::{decode_form, Edge, EmailPart, Field, FieldValue, Reason};

#[path = "support/checks.rs"]
mod checks;

fn s(n: usize) -> String {
    "a".repeat(n)
}
fn digits(n: usize) -> String {
    "7".repeat(n)
}
/// `n` characters of three bytes each.
fn wide(n: usize) -> String {
    "€".repeat(n)
}

macro_rules! cases {
    ($name:ident, [$($field:literal),*], $check:path, { $($input:expr => $want:expr,)* }) => {
        mod $name {
            use super::*;

            /// The fields these cases are checked as, and every input.
            pub fn inputs() -> (&'static [&'static str], Vec<String>) {
                (&[$($field),*], vec![$($input.into(),)*])
            }

            #[test]
            fn each() {
                $(
                    let input: String = $input.into();
                    assert_eq!($check(&input), $want, "input {:?}", input);
                )*
            }
        }
    };
}

use Reason::*;
const OK: Result<(), Reason> = Ok(());

cases!(object_reference_id, ["object_reference_id"], checks::check_object_reference_id, {
    "" => Err(Empty),
    s(1) => Err(TooShort { min: 8, actual: 1 }),
    s(7) => Err(TooShort { min: 8, actual: 7 }),
    s(8) => OK,
    "customer@gmail.com" => OK,
    "        " => OK,
    "a b\t<>'\"%&;" => OK,
    s(255) => OK,
    s(256) => Err(TooLong { max: 255, actual: 256 }),
    wide(7) => Err(TooShort { min: 8, actual: 7 }),
    wide(8) => OK,
    wide(255) => OK,
    wide(256) => Err(TooLong { max: 255, actual: 256 }),
    "😀".repeat(8) => OK,
    "😀".repeat(7) => Err(TooShort { min: 8, actual: 7 }),
    format!("{}é", s(254)) => OK,
    format!("{}é", s(255)) => Err(TooLong { max: 255, actual: 256 }),
});

cases!(mobile_number, ["mobile_number"], checks::check_mobile_number, {
    "" => Err(Empty),
    "0" => OK,
    "99887766" => OK,
    "0123456789" => OK,
    digits(300) => OK,
    digits(301) => Err(TooLong { max: 300, actual: 301 }),
    "-99887766" => Err(NotADigit { ch: '-', position: 1 }),
    "+919988776655" => Err(NotADigit { ch: '+', position: 1 }),
    "9988 7766" => Err(NotADigit { ch: ' ', position: 5 }),
    "9988-77x6" => Err(NotADigit { ch: '-', position: 5 }),
    "99887766 " => Err(NotADigit { ch: ' ', position: 9 }),
    "9988776a" => Err(NotADigit { ch: 'a', position: 8 }),
    "٩٩٨٨" => Err(NotADigit { ch: '٩', position: 1 }),
    "99８8" => Err(NotADigit { ch: '８', position: 3 }),
    "9\u{0}" => Err(NotADigit { ch: '\u{0}', position: 2 }),
    "(998)" => Err(NotADigit { ch: '(', position: 1 }),
    format!("{}x", digits(300)) => Err(NotADigit { ch: 'x', position: 301 }),
});

cases!(mobile_country_code, ["mobile_country_code"], checks::check_mobile_country_code, {
    "" => Err(Empty),
    "1" => OK,
    "65" => OK,
    "91" => OK,
    digits(64) => OK,
    digits(65) => Err(TooLong { max: 64, actual: 65 }),
    "+65" => Err(NotADigit { ch: '+', position: 1 }),
    "6 5" => Err(NotADigit { ch: ' ', position: 2 }),
    "六五" => Err(NotADigit { ch: '六', position: 1 }),
});

cases!(names, ["first_name", "last_name"], checks::check_name, {
    "" => Err(Empty),
    "J" => OK,
    "John" => OK,
    "Smith-Jones" => OK,
    "J.R.R._(Tolkien)" => OK,
    "0123456789" => OK,
    "()._-" => OK,
    s(255) => OK,
    s(256) => Err(TooLong { max: 255, actual: 256 }),
    "Mary Ann" => Err(ForbiddenCharacter { ch: ' ', position: 5 }),
    "O'Brien" => Err(ForbiddenCharacter { ch: '\'', position: 2 }),
    "José" => Err(ForbiddenCharacter { ch: 'é', position: 4 }),
    "Zoë" => Err(ForbiddenCharacter { ch: 'ë', position: 3 }),
    "John," => Err(ForbiddenCharacter { ch: ',', position: 5 }),
    " John" => Err(ForbiddenCharacter { ch: ' ', position: 1 }),
    "Jo\thn" => Err(ForbiddenCharacter { ch: '\t', position: 3 }),
    "a@b" => Err(ForbiddenCharacter { ch: '@', position: 2 }),
    "[x]" => Err(ForbiddenCharacter { ch: '[', position: 1 }),
    wide(1) => Err(ForbiddenCharacter { ch: '€', position: 1 }),
    format!("{}!", s(300)) => Err(ForbiddenCharacter { ch: '!', position: 301 }),
});

fn email_of(len: usize) -> String {
    // local@domain with `len` characters in all.
    format!("{}@example.com", "a".repeat(len - "@example.com".len()))
}

cases!(email_address, ["email_address"], checks::check_email_address, {
    "" => Err(Empty),
    "a@b" => OK,
    "customer@gmail.com" => OK,
    "first.last@sub.example.com" => OK,
    "!#$%&'*+-/=?^_`{|}~@x.y" => OK,
    "a!#$%&'*+-/=?^_`{|}~z@x" => OK,
    "`a`@b" => OK,
    "x@a!#$%&'*+-/=?^_`{|}~z" => OK,
    email_of(300) => OK,
    email_of(301) => Err(TooLong { max: 300, actual: 301 }),
    "customergmail.com" => Err(MissingAt),
    "a@b@c" => Err(MultipleAt { position: 4 }),
    "a@@b" => Err(MultipleAt { position: 3 }),
    "@gmail.com" => Err(EmptyLocalPart),
    "customer@" => Err(EmptyDomainPart),
    "@" => Err(EmptyLocalPart),
    ".customer@gmail.com" => Err(EdgeCharacter { ch: '.', part: EmailPart::Local, edge: Edge::Start }),
    "_customer@gmail.com" => Err(EdgeCharacter { ch: '_', part: EmailPart::Local, edge: Edge::Start }),
    "customer.@gmail.com" => Err(EdgeCharacter { ch: '.', part: EmailPart::Local, edge: Edge::End }),
    "customer_@gmail.com" => Err(EdgeCharacter { ch: '_', part: EmailPart::Local, edge: Edge::End }),
    "customer@.gmail.com" => Err(EdgeCharacter { ch: '.', part: EmailPart::Domain, edge: Edge::Start }),
    "customer@_gmail.com" => Err(EdgeCharacter { ch: '_', part: EmailPart::Domain, edge: Edge::Start }),
    "customer@gmail.com." => Err(EdgeCharacter { ch: '.', part: EmailPart::Domain, edge: Edge::End }),
    "customer@gmail.com_" => Err(EdgeCharacter { ch: '_', part: EmailPart::Domain, edge: Edge::End }),
    "c.u_s@g.m_l" => OK,
    "cust omer@gmail.com" => Err(ForbiddenCharacter { ch: ' ', position: 5 }),
    "customer@gmail.com " => Err(ForbiddenCharacter { ch: ' ', position: 19 }),
    "\"q\"@x.com" => Err(ForbiddenCharacter { ch: '"', position: 1 }),
    "a(b)@x.com" => Err(ForbiddenCharacter { ch: '(', position: 2 }),
    "a,b@x.com" => Err(ForbiddenCharacter { ch: ',', position: 2 }),
    "a\\b@x.com" => Err(ForbiddenCharacter { ch: '\\', position: 2 }),
    "a[b]@x.com" => Err(ForbiddenCharacter { ch: '[', position: 2 }),
    "a;b@x.com" => Err(ForbiddenCharacter { ch: ';', position: 2 }),
    "a:b@x.com" => Err(ForbiddenCharacter { ch: ':', position: 2 }),
    "a<b@x.com" => Err(ForbiddenCharacter { ch: '<', position: 2 }),
    "josé@x.com" => Err(ForbiddenCharacter { ch: 'é', position: 4 }),
    "a@b€" => Err(ForbiddenCharacter { ch: '€', position: 4 }),
    "ü@ü@" => Err(ForbiddenCharacter { ch: 'ü', position: 1 }),
});

#[test]
fn email_special_at_start_is_allowed_except_dot_and_underscore() {
    // Every listed special but '.' and '_' may open or close either part.
    for c in "!#$%&'*+-/=?^`{|}~".chars() {
        for e in [
            format!("{c}a@b"),
            format!("a{c}@b"),
            format!("a@{c}b"),
            format!("a@b{c}"),
        ] {
            assert_eq!(checks::check_email_address(&e), Ok(()), "{e}");
        }
    }
}

const NOT_BOOLEANS: [&str; 7] = ["TRUE", "True", "1", "0", "yes", " true", "t"];

#[test]
fn form_booleans() {
    let token = |v: &str| FieldValue::from(v).check(Field::GetClientAuthToken);
    for (text, value) in [("true", true), ("false", false)] {
        assert_eq!(token(text), Ok(()));
        let body =
            format!("object_reference_id=cust_123489&mobile_number=1&options.get_client_auth_token={text}");
        assert_eq!(
            decode_form(body.as_bytes()).unwrap().get_client_auth_token(),
            Some(value)
        );
    }
    for bad in NOT_BOOLEANS {
        assert_eq!(token(bad), Err(NotABoolean), "{bad}");
    }
}

#[test]
fn export_cases_as_data() {
    let mut cases = Vec::new();
    let tables = [
        object_reference_id::inputs(),
        mobile_number::inputs(),
        mobile_country_code::inputs(),
        names::inputs(),
        email_address::inputs(),
        (
            &["options.get_client_auth_token"][..],
            ["true", "false"]
                .iter()
                .chain(&NOT_BOOLEANS)
                .map(|s| s.to_string())
                .collect(),
        ),
    ];
    for (fields, inputs) in tables {
        for field in fields {
            for value in &inputs {
                cases.push(serde_json::json!({"field": field, "value": value}));
            }
        }
    }
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("rule_cases.json");
    std::fs::write(&path, serde_json::to_vec(&cases).unwrap()).unwrap();
    assert!(cases.len() > 100);
}
