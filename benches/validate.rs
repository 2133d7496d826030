//! Validation, codec and response-parsing benches, each against the baselines
//! a user would otherwise write, measured in the same run.
//!
//! `cargo bench --bench validate`; `cargo test --benches` runs each once.

use std::hint::black_box;
use std::sync::LazyLock;

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use juspay_customer::{decode_form, decode_json, encode_form_into, parse_response, CustomerInput, Field};
use regex::Regex;

/// The six text fields of a request, borrowed.
#[derive(Clone, Copy)]
struct Fields<'a> {
    object_reference_id: &'a str,
    mobile_number: &'a str,
    email_address: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    mobile_country_code: &'a str,
}

impl<'a> Fields<'a> {
    fn all(&self) -> [&'a str; 6] {
        [
            self.object_reference_id,
            self.mobile_number,
            self.email_address,
            self.first_name,
            self.last_name,
            self.mobile_country_code,
        ]
    }

    fn bytes(&self) -> u64 {
        self.all().iter().map(|s| s.len() as u64).sum()
    }
}

/// The *Create Customer API* page's sample request.
const TYPICAL: Fields<'static> = Fields {
    object_reference_id: "customer@gmail.com",
    mobile_number: "99887766",
    email_address: "customer@gmail.com",
    first_name: "John",
    last_name: "Smith",
    mobile_country_code: "65",
};

/// Every field broken.
const INVALID: Fields<'static> = Fields {
    object_reference_id: "short",
    mobile_number: "9988-7766",
    email_address: "_customer@gmail.com",
    first_name: "Mary Ann",
    last_name: "O'Brien",
    mobile_country_code: "+65",
};

struct Long {
    ori: String,
    mobile: String,
    email: String,
    name: String,
    mcc: String,
}

static LONG: LazyLock<Long> = LazyLock::new(|| Long {
    ori: "c".repeat(255),
    mobile: "9".repeat(300),
    email: format!("{}@{}", "a".repeat(150), "b".repeat(149)),
    name: "N".repeat(255),
    mcc: "6".repeat(64),
});

fn long() -> Fields<'static> {
    let l = &*LONG;
    Fields {
        object_reference_id: &l.ori,
        mobile_number: &l.mobile,
        email_address: &l.email,
        first_name: &l.name,
        last_name: &l.name,
        mobile_country_code: &l.mcc,
    }
}

// ---------- juspay_customer ----------

/// Builds the input from the six fields.
#[inline(always)]
fn input<'a>(f: &Fields<'a>) -> CustomerInput<'a> {
    let mut input = CustomerInput::new();
    input.set(Field::ObjectReferenceId, f.object_reference_id);
    input.set(Field::MobileNumber, f.mobile_number);
    input.set(Field::EmailAddress, f.email_address);
    input.set(Field::FirstName, f.first_name);
    input.set(Field::LastName, f.last_name);
    input.set(Field::MobileCountryCode, f.mobile_country_code);
    input
}

/// Builds the input and validates every field into a typed request: the
/// same contract as garde's and validator's `validate()` (a verdict and, on
/// failure, every error).
fn juspay(f: &Fields<'_>) -> bool {
    input(f).validate().is_ok()
}

// ---------- regex baseline: one regex per documented rule ----------

static RE_ORI: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)\A.{8,255}\z").unwrap());
static RE_MOBILE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[0-9]{1,300}\z").unwrap());
static RE_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[A-Za-z0-9().\-_]{1,255}\z").unwrap());
static RE_MCC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[0-9]{1,64}\z").unwrap());
static RE_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let all = r"[A-Za-z0-9!#$%&'*+\-/=?^_.{|}~`]";
    let edge = r"[A-Za-z0-9!#$%&'*+\-/=?^{|}~`]";
    let part = format!("{edge}(?:{all}*{edge})?");
    Regex::new(&format!(r"\A{part}@{part}\z")).unwrap()
});

fn regex_baseline(f: &Fields<'_>) -> bool {
    // Every rule is checked, as validation reports every field.
    let checks = [
        RE_ORI.is_match(f.object_reference_id),
        RE_MOBILE.is_match(f.mobile_number),
        RE_EMAIL.is_match(f.email_address) && f.email_address.chars().count() <= 300,
        RE_NAME.is_match(f.first_name),
        RE_NAME.is_match(f.last_name),
        RE_MCC.is_match(f.mobile_country_code),
    ];
    checks.iter().all(|&c| c)
}

// ---------- what a user writes for the rules garde and validator lack ----------

fn digits_ok(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

fn name_ok(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "().-_".contains(c))
}

fn email_ok(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let part_ok = |p: &str| {
        !p.is_empty()
            && !p.starts_with(['.', '_'])
            && !p.ends_with(['.', '_'])
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_.{|}~`".contains(c))
    };
    part_ok(local) && part_ok(domain)
}

// ---------- garde ----------

mod with_garde {
    use garde::Validate;

    fn digits(v: &str, _: &()) -> garde::Result {
        super::digits_ok(v)
            .then_some(())
            .ok_or_else(|| garde::Error::new("digits only"))
    }
    fn name(v: &str, _: &()) -> garde::Result {
        super::name_ok(v)
            .then_some(())
            .ok_or_else(|| garde::Error::new("forbidden character"))
    }
    fn email(v: &str, _: &()) -> garde::Result {
        super::email_ok(v)
            .then_some(())
            .ok_or_else(|| garde::Error::new("invalid email"))
    }

    #[derive(Validate)]
    pub struct Request<'a> {
        #[garde(length(chars, min = 8, max = 255))]
        pub object_reference_id: &'a str,
        #[garde(length(chars, min = 1, max = 300), custom(digits))]
        pub mobile_number: &'a str,
        #[garde(inner(length(chars, max = 300), custom(email)))]
        pub email_address: Option<&'a str>,
        #[garde(inner(length(chars, max = 255), custom(name)))]
        pub first_name: Option<&'a str>,
        #[garde(inner(length(chars, max = 255), custom(name)))]
        pub last_name: Option<&'a str>,
        #[garde(inner(length(chars, min = 1, max = 64), custom(digits)))]
        pub mobile_country_code: Option<&'a str>,
    }

    pub fn check(f: &super::Fields<'_>) -> bool {
        Request {
            object_reference_id: f.object_reference_id,
            mobile_number: f.mobile_number,
            email_address: Some(f.email_address),
            first_name: Some(f.first_name),
            last_name: Some(f.last_name),
            mobile_country_code: Some(f.mobile_country_code),
        }
        .validate()
        .is_ok()
    }
}

// ---------- validator ----------

mod with_validator {
    use validator::{Validate, ValidationError};

    fn digits(v: &str) -> Result<(), ValidationError> {
        super::digits_ok(v)
            .then_some(())
            .ok_or_else(|| ValidationError::new("digits"))
    }
    fn name(v: &str) -> Result<(), ValidationError> {
        super::name_ok(v)
            .then_some(())
            .ok_or_else(|| ValidationError::new("name"))
    }
    fn email(v: &str) -> Result<(), ValidationError> {
        super::email_ok(v)
            .then_some(())
            .ok_or_else(|| ValidationError::new("email"))
    }

    #[derive(Validate)]
    pub struct Request<'a> {
        #[validate(length(min = 8, max = 255))]
        pub object_reference_id: &'a str,
        #[validate(length(min = 1, max = 300), custom(function = "digits"))]
        pub mobile_number: &'a str,
        #[validate(length(max = 300), custom(function = "email"))]
        pub email_address: Option<&'a str>,
        #[validate(length(max = 255), custom(function = "name"))]
        pub first_name: Option<&'a str>,
        #[validate(length(max = 255), custom(function = "name"))]
        pub last_name: Option<&'a str>,
        #[validate(length(min = 1, max = 64), custom(function = "digits"))]
        pub mobile_country_code: Option<&'a str>,
    }

    pub fn check(f: &super::Fields<'_>) -> bool {
        Request {
            object_reference_id: f.object_reference_id,
            mobile_number: f.mobile_number,
            email_address: Some(f.email_address),
            first_name: Some(f.first_name),
            last_name: Some(f.last_name),
            mobile_country_code: Some(f.mobile_country_code),
        }
        .validate()
        .is_ok()
    }
}

// ---------- the floor: read every byte once, check nothing ----------

fn byte_floor(f: &Fields<'_>) -> bool {
    let mut acc = 0u8;
    let mut n = 0usize;
    for s in f.all() {
        acc = s.as_bytes().iter().fold(acc, |a, &b| a ^ b);
        n += s.len();
    }
    acc as usize + n != 0
}

/// One contender: takes the fields, says whether they are valid.
type Check = fn(&Fields<'_>) -> bool;

/// The contenders, by the id their bench has.
const IMPLS: [(&str, Check); 5] = [
    ("juspay_customer", juspay),
    ("regex_baseline", regex_baseline),
    ("garde", with_garde::check),
    ("validator", with_validator::check),
    ("byte_floor", byte_floor),
];

fn validate_group(c: &mut Criterion, name: &str, fields: Fields<'static>, want: bool) {
    // Every contender must agree on the verdict before it is timed.
    for (id, f) in &IMPLS[..4] {
        assert_eq!(f(&fields), want, "{name}/{id} disagrees");
    }
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(fields.bytes()));
    for (id, f) in IMPLS {
        g.bench_function(id, |b| b.iter(|| f(black_box(&fields))));
    }
    g.finish();
}

fn validate_benches(c: &mut Criterion) {
    validate_group(c, "validate_typical", TYPICAL, true);
    validate_group(c, "validate_long", long(), true);
    validate_group(c, "validate_invalid", INVALID, false);
}

const FORM: &[u8] = b"object_reference_id=customer%40gmail.com&mobile_number=99887766\
&email_address=customer%40gmail.com&first_name=John&last_name=Smith&mobile_country_code=65";
const JSON: &[u8] = br#"{"object_reference_id":"customer@gmail.com","mobile_number":"99887766","email_address":"customer@gmail.com","first_name":"John","last_name":"Smith","mobile_country_code":"65"}"#;

fn codec_benches(c: &mut Criterion) {
    let req = decode_form(FORM).unwrap().into_owned();
    let mut g = c.benchmark_group("codec");
    g.throughput(Throughput::Bytes(FORM.len() as u64));
    let mut buf = Vec::with_capacity(512);
    g.bench_function("form_encode", |b| {
        b.iter(|| {
            buf.clear();
            encode_form_into(black_box(&req), &mut buf);
            buf.len()
        })
    });
    g.bench_function("form_decode", |b| b.iter(|| decode_form(black_box(FORM)).is_ok()));
    g.bench_function("form_decode_serde_urlencoded_baseline", |b| {
        b.iter(|| serde_urlencoded::from_bytes::<Vec<(String, String)>>(black_box(FORM)).is_ok())
    });
    g.throughput(Throughput::Bytes(JSON.len() as u64));
    g.bench_function("json_decode", |b| b.iter(|| decode_json(black_box(JSON)).is_ok()));
    g.bench_function("json_decode_value_baseline", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(JSON)).is_ok())
    });
    g.finish();
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The peer a Rust user writes: plain `#[derive(Deserialize)]` structs of
/// the documented keys (unknown keys ignored, not kept), read by serde_json.
mod derived {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Juspay {
        pub client_auth_token: Option<String>,
        pub client_auth_token_expiry: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Customer {
        pub id: String,
        pub object: Option<String>,
        pub object_reference_id: Option<String>,
        pub mobile_country_code: Option<String>,
        pub mobile_number: Option<String>,
        pub email_address: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
        pub juspay: Option<Juspay>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct FieldReason {
        pub field_name: Option<String>,
        pub reason: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct ErrorInfo {
        pub user_message: Option<String>,
        pub fields: Option<Vec<FieldReason>>,
        pub request_id: Option<String>,
        pub href: Option<String>,
        pub developer_message: Option<String>,
        pub code: Option<String>,
        pub category: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct ErrorBody {
        pub error_message: Option<String>,
        pub status: Option<String>,
        pub error_code: Option<String>,
        pub error_info: Option<ErrorInfo>,
    }

    /// Reads the body as the struct its status selects.
    pub fn parse(status: u16, body: &[u8]) -> bool {
        if status == 200 {
            serde_json::from_slice::<Customer>(body).is_ok()
        } else {
            serde_json::from_slice::<ErrorBody>(body).is_ok()
        }
    }
}

fn response_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_response");
    for (status, name) in [
        (200u16, "001_200_with_token.json"),
        (400, "000_400_invalid_input.json"),
    ] {
        let body = fixture(name);
        assert!(parse_response(status, &body).is_ok() == (status == 200));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_with_input(BenchmarkId::new("juspay_customer", status), &body, |b, body| {
            b.iter(|| parse_response(status, black_box(body)))
        });
        assert!(derived::parse(status, &body));
        g.bench_with_input(
            BenchmarkId::new("serde_derive_struct", status),
            &body,
            |b, body| b.iter(|| derived::parse(status, black_box(body))),
        );
        g.bench_with_input(BenchmarkId::new("serde_json_value", status), &body, |b, body| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)).ok())
        });
    }
    g.finish();
}

criterion_group!(benches, validate_benches, codec_benches, response_benches);

/// With `VALIDATE_CALLS=ID:N` in the environment, calls contender `ID` on the
/// typical fields N times and exits, timing nothing: for counting
/// instructions per call under callgrind (benches/peers/run.py runs two N
/// and takes the difference, so start-up does not count). Otherwise the
/// criterion benches.
fn main() {
    if let Ok(spec) = std::env::var("VALIDATE_CALLS") {
        let (id, n) = spec.split_once(':').expect("VALIDATE_CALLS=ID:N");
        let n: u64 = n.parse().expect("a count");
        let (_, f) = IMPLS
            .iter()
            .find(|(name, _)| *name == id)
            .expect("a contender's id");
        let mut valid = 0u64;
        for _ in 0..n {
            valid += u64::from(f(black_box(&TYPICAL)));
        }
        assert_eq!(
            black_box(valid),
            n,
            "every call says the typical fields are valid"
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
