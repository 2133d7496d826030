//! Property tests: regex oracles for every field rule, round trips,
//! normalization, never-panics and error completeness.
//!
//! The oracles are written straight from the documented rules with `regex`
//! and share no code with the crate.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use juspay_customer::{
    decode_form, decode_json, encode_form_into, encode_json_into, encode_response, normalize, parse_response,
    ApiError, Customer, CustomerInput, Field, FieldValue as InputValue, Policy, Reason, Timestamp,
};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use regex::Regex;
use serde_json::{Map, Value};

#[path = "support/text.rs"]
mod text;
#[allow(unused_imports)]
use text::Bodies;

#[path = "support/checks.rs"]
mod checks;

// ---------- Oracles: one readable regex per documented rule ----------

/// object_reference_id: 8 to 255 characters, any characters.
static ORI: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)\A.{8,255}\z").unwrap());
/// mobile_number: ASCII digits only, 1 to 300.
static MOBILE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[0-9]{1,300}\z").unwrap());
/// mobile_country_code: ASCII digits only, 1 to 64.
static MCC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[0-9]{1,64}\z").unwrap());
/// first_name / last_name: letters, digits and ( ) . - _, at most 255.
static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[A-Za-z0-9().\-_]{1,255}\z").unwrap());
/// email_address: local@domain, each part from the allowed set, not starting
/// or ending with '.' or '_' (the length limit of 300 is checked beside it).
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let all = r"[A-Za-z0-9!#$%&'*+\-/=?^_.{|}~`]";
    let edge = r"[A-Za-z0-9!#$%&'*+\-/=?^{|}~`]";
    let part = format!("{edge}(?:{all}*{edge})?");
    Regex::new(&format!(r"\A{part}@{part}\z")).unwrap()
});

fn email_oracle(s: &str) -> bool {
    EMAIL.is_match(s) && s.chars().count() <= 300
}

// ---------- Strategies ----------

const ODD: &[char] = &[
    '@', '.', '_', ' ', '\t', '\n', '\r', '\u{a0}', '\u{2003}', '\0', '\x7f', 'é', '€', '😀', '٩', '８',
    '\'', '"', '\\', '+', '-', '(', ')', '`', '[', ',', ';', ':', '<', '%', '&', '=',
];
const DIGITS: &str = "0123456789";
const NAME_SET: &str = "abcxyzABCXYZ0189().-_";
const EMAIL_SET: &str = "abzAZ09!#$%&'*+-/=?^_.{|}~`";

fn pool(allowed: &'static str) -> impl Strategy<Value = char> {
    let allowed: Vec<char> = allowed.chars().collect();
    prop_oneof![12 => select(allowed), 2 => select(ODD), 1 => any::<char>()]
}

/// Strings of `pool` characters with lengths near 0 and near each limit.
fn text(allowed: &'static str, limits: &[usize]) -> impl Strategy<Value = String> {
    let mut lens: Vec<BoxedStrategy<usize>> = vec![(0usize..6).boxed()];
    for &l in limits {
        lens.push((l.saturating_sub(2)..l + 3).boxed());
    }
    proptest::strategy::Union::new(lens)
        .prop_flat_map(move |n| vec(pool(allowed), n))
        .prop_map(|v| v.into_iter().collect())
}

fn email_text() -> impl Strategy<Value = String> {
    let part = || {
        prop_oneof![0usize..6, 146usize..153]
            .prop_flat_map(|n| vec(pool(EMAIL_SET), n))
            .prop_map(|v| v.into_iter().collect::<String>())
    };
    (part(), part(), part(), 0u8..3).prop_map(|(l, d, d2, ats)| match ats {
        0 => format!("{l}{d}"),
        1 => format!("{l}@{d}"),
        _ => format!("{l}@{d}@{d2}"),
    })
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---------- 1. Oracle agreement ----------

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn object_reference_id_matches_oracle(s in text("abcXYZ019 -_@€😀", &[8, 255])) {
        prop_assert_eq!(checks::check_object_reference_id(&s).is_ok(), ORI.is_match(&s), "{:?}", s);
    }

    #[test]
    fn mobile_number_matches_oracle(s in text(DIGITS, &[300])) {
        prop_assert_eq!(checks::check_mobile_number(&s).is_ok(), MOBILE.is_match(&s), "{:?}", s);
    }

    #[test]
    fn mobile_country_code_matches_oracle(s in text(DIGITS, &[64])) {
        prop_assert_eq!(checks::check_mobile_country_code(&s).is_ok(), MCC.is_match(&s), "{:?}", s);
    }

    #[test]
    fn names_match_oracle(s in text(NAME_SET, &[255])) {
        prop_assert_eq!(checks::check_name(&s).is_ok(), NAME.is_match(&s), "{:?}", s);
    }

    #[test]
    fn email_matches_oracle(s in email_text()) {
        prop_assert_eq!(checks::check_email_address(&s).is_ok(), email_oracle(&s), "{:?}", s);
    }

    #[test]
    fn email_with_specials_at_every_place(
        c in select(EMAIL_SET.chars().collect::<Vec<_>>()),
        place in 0usize..6,
    ) {
        let s = match place {
            0 => format!("{c}ab@cd"),
            1 => format!("a{c}b@cd"),
            2 => format!("ab{c}@cd"),
            3 => format!("ab@{c}cd"),
            4 => format!("ab@c{c}d"),
            _ => format!("ab@cd{c}"),
        };
        prop_assert_eq!(checks::check_email_address(&s).is_ok(), email_oracle(&s), "{:?}", s);
    }
}

// ---------- Valid requests ----------

type Parts = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<bool>,
);

fn valid_parts() -> impl Strategy<Value = Parts> {
    let ori = prop_oneof!["(?s).{8,40}", "[a-z0-9@._-]{8,40}", "(?s).{250,255}",];
    let mobile = prop_oneof!["[0-9]{1,15}", "[0-9]{295,300}"];
    let email = prop_oneof![
        "[A-Za-z0-9]([A-Za-z0-9!#$%&'*+/=?^_.{|}~`-]{0,20}[A-Za-z0-9])?@[A-Za-z0-9]([A-Za-z0-9._-]{0,20}[A-Za-z0-9])?",
        "[a-z]{140,148}@[a-z]{140,150}",
    ];
    let name = "[A-Za-z0-9().\\-_]{1,40}";
    (
        ori,
        mobile,
        proptest::option::of(email),
        proptest::option::of(name),
        proptest::option::of(name),
        proptest::option::of("[0-9]{1,64}"),
        proptest::option::of(any::<bool>()),
    )
}

fn input_of(p: &Parts) -> CustomerInput<'_> {
    CustomerInput::new()
        .with(Field::ObjectReferenceId, p.0.as_str())
        .with(Field::MobileNumber, p.1.as_str())
        .with(Field::EmailAddress, p.2.as_deref())
        .with(Field::FirstName, p.3.as_deref())
        .with(Field::LastName, p.4.as_deref())
        .with(Field::MobileCountryCode, p.5.as_deref())
        .with(Field::GetClientAuthToken, p.6)
}

// ---------- 2. Round trips ----------

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn request_round_trips(p in valid_parts()) {
        let input = input_of(&p);
        let req = input.validate().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let mut form = Vec::new();
        encode_form_into(&req, &mut form);
        prop_assert_eq!(&decode_form(&form).unwrap(), &req);
        let mut json = Vec::new();
        encode_json_into(&req, &mut json);
        prop_assert_eq!(&decode_json(&json).unwrap(), &req);
        // serde_urlencoded reads the same pairs from the form body.
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&form).unwrap();
        // The request's own map (its Serialize), values as text.
        let want: Vec<(String, String)> = serde_json::to_value(&req)
            .unwrap()
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect();
        let mut want = want;
        let order = |k: &str| Field::ALL.iter().position(|f| f.as_str() == k);
        want.sort_by_key(|(k, _)| order(k));
        prop_assert_eq!(pairs, want);
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "(?s).{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            btree_map("[a-z]{1,4}", inner, 0..3).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Unknown keys with any JSON value.
fn extra(known: &'static [&'static str]) -> impl Strategy<Value = Map<String, Value>> {
    btree_map("[a-z_]{1,10}", json_value(), 0..3).prop_map(move |m| {
        m.into_iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .collect()
    })
}

/// An object of the known keys that are set, then the unknown ones.
fn object(known: &[(&str, Option<Value>)], extra: Map<String, Value>) -> Value {
    let mut map: Map<String, Value> = known
        .iter()
        .filter_map(|(k, v)| Some(((*k).to_owned(), v.clone()?)))
        .collect();
    map.extend(extra);
    Value::Object(map)
}

fn string(v: &Option<String>) -> Option<Value> {
    v.clone().map(Value::String)
}

fn s() -> impl Strategy<Value = String> {
    "(?s).{0,12}"
}

fn os() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(s())
}

fn ts() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        (0i64..4_000_000_000).prop_map(|s| Timestamp::from_unix_seconds(s).unwrap().as_str().to_owned()),
        Just("2016-08-02T08:07:52+0000".to_owned()),
        s(),
    ])
}

const CUSTOMER_KEYS: &[&str] = &[
    "id",
    "customer_id",
    "object",
    "object_reference_id",
    "mobile_country_code",
    "mobile_number",
    "email_address",
    "first_name",
    "last_name",
    "date_created",
    "last_updated",
    "juspay",
];
const JUSPAY_KEYS: &[&str] = &["client_auth_token", "client_auth_token_expiry"];
const ERROR_KEYS: &[&str] = &[
    "status",
    "error_code",
    "error_message",
    "error",
    "user_message",
    "error_info",
];
const INFO_KEYS: &[&str] = &[
    "code",
    "user_message",
    "developer_message",
    "request_id",
    "href",
    "category",
    "fields",
];
const FIELD_KEYS: &[&str] = &["field_name", "reason"];

/// A customer read from a body with every documented key set or not, of
/// any text, and unknown keys of any value (the `juspay` object's too).
fn customer() -> impl Strategy<Value = Customer> {
    let juspay = proptest::option::of(
        (os(), ts(), extra(JUSPAY_KEYS))
            .prop_map(|(t, e, x)| object(&[(JUSPAY_KEYS[0], string(&t)), (JUSPAY_KEYS[1], string(&e))], x)),
    );
    (
        ("(?s).{1,12}", os(), os(), os(), os(), os()),
        (os(), os(), os(), ts(), ts(), juspay, extra(CUSTOMER_KEYS)),
    )
        .prop_map(
            |((id, cid, obj, ori, mcc, mob), (em, fname, lname, dc, lu, juspay, x))| {
                let values = [
                    Some(Value::String(id)),
                    string(&cid),
                    string(&obj),
                    string(&ori),
                    string(&mcc),
                    string(&mob),
                    string(&em),
                    string(&fname),
                    string(&lname),
                    string(&dc),
                    string(&lu),
                    juspay,
                ];
                let known: Vec<(&str, Option<Value>)> = CUSTOMER_KEYS.iter().copied().zip(values).collect();
                let body = serde_json::to_vec(&object(&known, x)).unwrap();
                parse_response(200, &body).unwrap()
            },
        )
}

/// An error body with `error_info.code` `code`, every other documented
/// key set or not, and unknown keys of any value at every level.
fn error_body(code: &'static str) -> impl Strategy<Value = Value> {
    let field = (os(), os(), extra(FIELD_KEYS))
        .prop_map(|(f, r, x)| object(&[(FIELD_KEYS[0], string(&f)), (FIELD_KEYS[1], string(&r))], x));
    let info = (
        (os(), os(), os(), os(), os()),
        proptest::option::of(vec(field, 0..3)),
        extra(INFO_KEYS),
    )
        .prop_map(move |((um, dm, rid, href, cat), fields, x)| {
            let values = [
                Some(Value::String(code.to_owned())),
                string(&um),
                string(&dm),
                string(&rid),
                string(&href),
                string(&cat),
                fields.map(Value::Array),
            ];
            object(&INFO_KEYS.iter().copied().zip(values).collect::<Vec<_>>(), x)
        });
    (
        (os(), os(), os(), proptest::option::of(any::<bool>()), os()),
        info,
        extra(ERROR_KEYS),
    )
        .prop_map(|((status, ec, em, error, um), info, x)| {
            let values = [
                string(&status),
                string(&ec),
                string(&em),
                error.map(Value::Bool),
                string(&um),
                Some(info),
            ];
            object(&ERROR_KEYS.iter().copied().zip(values).collect::<Vec<_>>(), x)
        })
}

fn api_error() -> impl Strategy<Value = ApiError> {
    let b = |status: u16, code| {
        error_body(code)
            .prop_map(move |body| parse_response(status, &serde_json::to_vec(&body).unwrap()).unwrap_err())
    };
    prop_oneof![
        b(400, "MISSING_MANDATORY_PARAMETER"),
        b(400, "INVALID_INPUT"),
        b(400, "ALREADY_EXISTS"),
        b(401, "UNAUTHORIZED"),
        b(403, "BAD_ORIGIN"),
        vec(any::<u8>(), 0..64).prop_map(|body| parse_response(404, &body).unwrap_err()),
        (100u16..600, vec(any::<u8>(), 0..64))
            .prop_filter_map("not a customer", |(st, body)| parse_response(st, &body).err()),
        (
            prop_oneof![Just(400u16), Just(401), Just(403), Just(500)],
            error_body("SOMETHING_ELSE")
        )
            .prop_map(|(st, body)| parse_response(st, &serde_json::to_vec(&body).unwrap()).unwrap_err()),
    ]
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn customer_round_trips(c in customer()) {
        let outcome = Ok(c);
        let (status, body) = encode_response(&outcome);
        prop_assert_eq!(parse_response(status, &body), outcome);
    }

    #[test]
    fn api_error_round_trips(e in api_error()) {
        let (status, body) = e.to_http();
        prop_assert_eq!(parse_response(status, &body), Err(e));
    }
}

// ---------- 3. Normalization ----------

fn messy() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(vec(pool(" +-().0123456789a\t"), 0..12).prop_map(|v| v.into_iter().collect()))
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn normalize_is_idempotent(f in vec(messy(), 7)) {
        let mut input = CustomerInput::new();
        for (field, v) in Field::ALL.into_iter().zip(&f) {
            input.set(field, v.as_deref());
        }
        let once = normalize(input);
        prop_assert_eq!(normalize(once.clone()), once);
    }

    /// International dialling in small alphabets, where the prefix, the
    /// code, `(0)` and a second `+` meet often.
    #[test]
    fn normalize_is_idempotent_on_international_numbers(
        mobile in "[+0(1)9 4-]{0,10}",
        code in proptest::option::of("[+0-9]{0,3}"),
    ) {
        let input = CustomerInput::new()
            .with(Field::MobileNumber, mobile.as_str())
            .with(Field::MobileCountryCode, code.as_deref());
        let once = normalize(input);
        prop_assert_eq!(normalize(once.clone()), once, "{:?} {:?}", mobile, code);
    }

    #[test]
    fn normalize_never_validates_a_forbidden_mobile_character(
        digits in "[0-9 ().-]{0,12}",
        bad in select(vec!['a', 'x', 'O', 'l', '+', '*', '#', '/', '٩', '８', 'é', ',', '_']),
        at in 0usize..13,
    ) {
        let mut chars: Vec<char> = digits.chars().collect();
        chars.insert(at.min(chars.len()), bad);
        let mobile: String = chars.into_iter().collect();
        // A leading `+` is international dialling, which normalize splits.
        prop_assume!(!mobile.trim_start_matches([' ', '(', ')', '.', '-']).starts_with('+'));
        let input = CustomerInput::new().with(Field::MobileNumber, mobile.as_str());
        // An extension (`0 x12`, `0#100`) is removed whole, and said so.
        let verdict = Policy::new().normalize().check(input.clone());
        prop_assume!(!verdict.notes.extension_removed);
        let out = normalize(input);
        // Refused as it stands, or by normalize itself (`+` then no assigned code).
        match out.get(Field::MobileNumber) {
            InputValue::Text(t) => prop_assert!(checks::check_mobile_number(t).is_err(), "{:?} -> {:?}", mobile, t),
            other => prop_assert_eq!(other, &InputValue::Invalid(Reason::UnassignedCountryCode), "{:?}", mobile),
        }
    }

    /// Valid requests stay valid, and only a national prefix of the number
    /// may go (libphonenumber's, by the code's main region).
    #[test]
    fn normalize_leaves_a_valid_request_unchanged(p in valid_parts()) {
        // `normalize` trims object_reference_id too (README); a valid id with
        // surrounding whitespace is the one documented change.
        prop_assume!(p.0.trim() == p.0);
        // A number starting with 00 reads as international dialling, the
        // other documented change (it is split, or refused).
        prop_assume!(!p.1.starts_with("00"));
        let input = input_of(&p);
        let req = input.validate().unwrap();
        let mut out = normalize(CustomerInput::from(&req));
        let number = out.get(Field::MobileNumber).clone();
        prop_assert!(matches!(&number, InputValue::Text(_)));
        prop_assert!(out.clone().validate().is_ok());
        prop_assert_eq!(normalize(out.clone()), out.clone(), "idempotent");
        out.set(Field::MobileNumber, req.mobile_number());
        prop_assert_eq!(out, CustomerInput::from(&req));
    }
}

// ---------- 4. Never panics ----------

fn jsonish() -> impl Strategy<Value = Vec<u8>> {
    let tokens = vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"id\"",
        "\"cst_1\"",
        "null",
        "true",
        "false",
        "1",
        "-0.5e3",
        "\"\\u00e9\"",
        "\"error_info\"",
        "\"code\"",
        "\"INVALID_INPUT\"",
        "\"fields\"",
        "\"field_name\"",
        "\"juspay\"",
        "\"mobile_number\"",
        "\"object_reference_id\"",
        "\"options.get_client_auth_token\"",
        " ",
        "\"\\ud800\"",
        "1e999",
        "\"",
    ];
    vec(select(tokens), 0..40).prop_map(|t| t.concat().into_bytes())
}

fn formish() -> impl Strategy<Value = Vec<u8>> {
    let tokens = vec![
        "object_reference_id",
        "mobile_number",
        "email_address",
        "first_name",
        "options.get_client_auth_token",
        "mobile_country_code",
        "=",
        "&",
        "%",
        "%4",
        "%40",
        "%FF",
        "+",
        "abc",
        "123",
        "\u{e9}",
        "\u{0}",
    ];
    vec(select(tokens), 0..30).prop_map(|t| t.concat().into_bytes())
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn parse_response_never_panics(
        status in prop_oneof![Just(200u16), Just(400), Just(401), Just(403), Just(404), any::<u16>()],
        body in prop_oneof![vec(any::<u8>(), 0..256), jsonish()],
    ) {
        let outcome = parse_response(status, &body);
        if let Err(e) = &outcome {
            let _ = (e.to_string(), format!("{e:?}"));
        }
        let (s2, b2) = encode_response(&outcome);
        prop_assert_eq!(parse_response(s2, &b2), outcome);
    }

    #[test]
    fn request_decoders_never_panic(body in prop_oneof![vec(any::<u8>(), 0..256), jsonish(), formish()]) {
        for outcome in [decode_form(&body), decode_json(&body)] {
            match outcome {
                Ok(req) => {
                    let form = req.to_form();
                    prop_assert_eq!(&decode_form(form.as_bytes()).unwrap(), &req);
                }
                Err(errors) => {
                    prop_assert!(!errors.errors().is_empty());
                    let (status, b) = ApiError::from(&errors).to_http();
                    prop_assert_eq!(status, 400);
                    prop_assert!(parse_response(status, &b).is_err());
                }
            }
        }
    }
}

// ---------- 5. Error completeness ----------

#[derive(Clone, Debug)]
enum Choice {
    Absent,
    Valid,
    Broken(usize),
}

fn broken(field: Field) -> &'static [&'static str] {
    match field {
        Field::ObjectReferenceId => &["", "short", "1234567"],
        Field::MobileNumber => &["", "12a", "-1", "+9199", "٩"],
        Field::EmailAddress => &["a", "a@@b", "@b", "a@", ".a@b", "a b@c", "a@b_"],
        Field::FirstName | Field::LastName => &["a b", "O'Brien", "José", "x,y"],
        Field::MobileCountryCode => &["+65", "6 5", "x"],
        Field::GetClientAuthToken => &["yes", "1", "TRUE"],
    }
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![
        Just(Choice::Absent),
        Just(Choice::Valid),
        (0usize..7).prop_map(Choice::Broken)
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn validation_reports_exactly_the_broken_fields(p in valid_parts(), choices in vec(choice(), 7)) {
        let valid = input_of(&p);
        let mut input = CustomerInput::new();
        let mut want = BTreeSet::new();
        for (field, c) in Field::ALL.into_iter().zip(&choices) {
            match c {
                Choice::Absent => {
                    if field.is_required() {
                        want.insert(field);
                    }
                }
                Choice::Valid => {
                    let v = valid.get(field).clone();
                    let v = if field == Field::GetClientAuthToken && v == InputValue::Absent { InputValue::Bool(true) } else { v };
                    input.set(field, v);
                }
                Choice::Broken(i) => {
                    let list = broken(field);
                    let v = list[i % list.len()];
                    // An empty optional value is absent, not broken.
                    if !v.is_empty() || field.is_required() {
                        want.insert(field);
                    }
                    input.set(field, v);
                }
            }
        }
        let got: BTreeSet<Field> = match input.validate() {
            Ok(_) => BTreeSet::new(),
            Err(e) => e.errors().iter().map(|e| e.field.unwrap()).collect(),
        };
        prop_assert_eq!(got, want);
    }
}

// ---------- No secret or personal value in any Debug or Display ----------

/// A value the body holds that no output may show: a client auth token, a
/// mobile number or an email address.
fn secret_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "tkn_[0-9a-f]{16,32}",
        "[6-9][0-9]{7,11}",
        "[a-z]{6,10}\\.[a-z]{2,6}@[a-z]{3,8}\\.(com|in)",
    ]
}

/// The secret as a string, or inside an array, an object or deeper.
fn wrapped(secret: &str, wrap: u8) -> Value {
    let s = Value::String(secret.to_owned());
    match wrap {
        0 => s,
        1 => Value::Array(vec![s]),
        2 => serde_json::json!({ "v": s }),
        _ => serde_json::json!([[{ "deep": [1, s, null] }]]),
    }
}

/// Where a secret goes: (place, key for unknown-key places, wrapping, secret).
type Placement = (u8, String, u8, String);

fn placement() -> impl Strategy<Value = Placement> {
    (0u8..9, "[a-z_]{1,10}", 0u8..4, secret_value())
}

/// Builds a body from a customer or error shape and the placements, every
/// one of them at a place whose value no output shows.
fn leaky_body(customer: bool, code: &str, places: &[Placement]) -> Value {
    let mut body = if customer {
        serde_json::json!({"id": "cst_afdeuvmfhs", "object": "customer", "juspay": {}})
    } else {
        serde_json::json!({
            "status": "error", "error_code": "x", "error_message": "Wrong value.",
            "error_info": {"code": code, "request_id": "req-abc", "fields": [{"field_name": "mobile_number", "reason": "Invalid value."}]}
        })
    };
    for (place, key, wrap, secret) in places {
        let value = wrapped(secret, *wrap);
        let (object, key) = match place {
            // Personal-data keys of a customer (masked when they are strings).
            0 => (
                &mut body,
                ["mobile_number", "email_address", "object_reference_id"][key.len() % 3].to_owned(),
            ),
            1 if customer => (&mut body["juspay"], "client_auth_token".to_owned()),
            2 if customer => (&mut body["juspay"], key.clone()),
            1 | 2 => (&mut body["error_info"], key.clone()),
            3 if !customer => (&mut body["error_info"]["fields"][0], key.clone()),
            // A documented text key given another type goes to `extra`.
            4 if *wrap > 0 => {
                let known = if customer { "first_name" } else { "error_message" };
                (&mut body, known.to_owned())
            }
            _ => (&mut body, key.clone()),
        };
        // Shown keys never take a plain secret string.
        if let Value::Object(map) = object {
            map.insert(key, value);
        }
    }
    body
}

proptest! {
    #![proptest_config(config(2000))]

    /// For any status and any body holding tokens, mobile numbers and emails
    /// as values (at any depth, under documented or unknown keys), neither
    /// `Debug` nor `Display` of the outcome, nor `Debug` of its encoding,
    /// shows one. Bodies are sometimes cut short, so raw bodies are covered.
    #[test]
    fn no_secret_shows_in_any_debug_or_display(
        customer in any::<bool>(),
        status in prop_oneof![Just(200u16), Just(201), Just(400), Just(401), Just(403), Just(404), Just(500), any::<u16>()],
        code in select(vec!["INVALID_INPUT", "MISSING_MANDATORY_PARAMETER", "ALREADY_EXISTS", "UNAUTHORIZED", "BAD_ORIGIN", "OTHER"]),
        places in vec(placement(), 1..6),
        cut in prop_oneof![4 => Just(0usize), 1 => 1usize..40],
    ) {
        let body = leaky_body(customer, code, &places);
        let mut bytes = serde_json::to_vec(&body).unwrap();
        bytes.truncate(bytes.len().saturating_sub(cut));
        let outcome = parse_response(status, &bytes);
        let mut shown = vec![format!("{outcome:?}"), format!("{:?}", encode_response(&outcome))];
        match &outcome {
            Ok(c) => shown.push(format!("{c:?}")),
            Err(e) => shown.extend([e.to_string(), format!("{e:?}"), format!("{:?}", e.to_http())]),
        }
        for (_, _, _, secret) in &places {
            for text in &shown {
                prop_assert!(!text.contains(secret.as_str()), "{} shows in {}", secret, text);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// Whatever the policy decides (a split, dropped fields, warnings,
    /// refusals), neither the verdict's `Debug` nor any message, developer's
    /// or end user's, shows the mobile number, the email address or the id.
    #[test]
    fn no_personal_value_shows_in_a_policy_verdict(
        mobile in "(\\+91 |0065 |\\+999 )?[6-9][0-9]{7,11}",
        email in "[a-z]{6,10}\\.[a-z]{2,6}@[a-z]{3,8}\\.(com|in)|[a-z]{6,10} [a-z]{2,6}@x|e{130}@example\\.com",
        id in "[a-z0-9]{8,20}|r{130}",
        name in "Mary Ann|O'Brien|Zoë|J{70}|John",
        flags in 0u8..8,
    ) {
        let input = CustomerInput::new()
            .with(Field::ObjectReferenceId, id.as_str())
            .with(Field::MobileNumber, mobile.as_str())
            .with(Field::EmailAddress, email.as_str())
            .with(Field::LastName, name.as_str())
            .with(Field::MobileCountryCode, if flags & 1 == 0 { "91" } else { "" });
        let mut policy = juspay_customer::Policy::new();
        if flags & 2 != 0 { policy = policy.normalize(); }
        if flags & 4 != 0 { policy = policy.drop_invalid_optional().strict(); }
        let verdict = policy.check(input);
        let mut shown = vec![format!("{verdict:?}")];
        let errors: Vec<juspay_customer::FieldError> = match &verdict.request {
            Ok(_) => Vec::new(),
            Err(e) => e.errors().to_vec(),
        };
        for e in errors.iter().chain(&verdict.notes.dropped).chain(&verdict.notes.warnings) {
            shown.push(e.to_string());
            shown.push(e.user_message());
        }
        let digits: String = mobile.chars().filter(char::is_ascii_digit).collect();
        let national = &digits[digits.len() - 8..];
        for text in &shown {
            prop_assert!(!text.contains(national), "{} shows in {}", national, text);
            prop_assert!(!text.contains(email.as_str()), "{} shows in {}", email, text);
            prop_assert!(!text.contains(id.as_str()), "{} shows in {}", id, text);
        }
    }
}

// ---------- Verdicts as JSON ----------

proptest! {
    #![proptest_config(config(1000))]

    /// `VerdictJson` is JSON that serde_json reads back (an outside reader):
    /// the line, `valid`, the body that `serde_urlencoded` reads as the
    /// request's pairs, the notes; and its `Debug` shows no value.
    #[test]
    fn verdict_json_reads_back(p in valid_parts(), line in any::<u64>(), with_notes in any::<bool>()) {
        let input = input_of(&p);
        let request = input.validate().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let mut notes = juspay_customer::Policy::new()
            .check(CustomerInput::new())
            .notes;
        if with_notes {
            notes.split = Some(65);
            notes.extension_removed = true;
            notes.repaired = vec![Field::FirstName, Field::LastName];
        }
        let verdict = juspay_customer::VerdictJson::valid(&request, &notes).at_line(line);
        let mut out = Vec::new();
        verdict.write_into(&mut out);
        let read: Value = serde_json::from_slice(&out).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let mut form = Vec::new();
        encode_form_into(&request, &mut form);
        prop_assert_eq!(&read["line"], &Value::from(line));
        prop_assert_eq!(&read["valid"], &Value::Bool(true));
        prop_assert_eq!(read["body"].as_str().map(str::as_bytes), Some(form.as_slice()));
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(read["body"].as_str().unwrap()).unwrap();
        prop_assert_eq!(pairs[0].1.as_str(), request.object_reference_id());
        prop_assert_eq!(read.get("split").cloned(), with_notes.then(|| Value::from("65")));
        prop_assert_eq!(read.get("extension_removed").cloned(), with_notes.then_some(Value::Bool(true)));
        prop_assert_eq!(
            read.get("repaired").cloned(),
            with_notes.then(|| serde_json::json!(["first_name", "last_name"]))
        );
        // Debug: the line and validity, nothing of the record.
        prop_assert_eq!(format!("{verdict:?}"), format!("VerdictJson {{ line: Some({line}), valid: true, .. }}"));

        // A refusal: every error, as `FieldError` serializes.
        let refused = CustomerInput::new().with(Field::MobileNumber, p.1.as_str()).validate().unwrap_err();
        let mut out = Vec::new();
        juspay_customer::VerdictJson::refused(refused.errors(), &notes).write_into(&mut out);
        let read: Value = serde_json::from_slice(&out).unwrap();
        prop_assert_eq!(&read["valid"], &Value::Bool(false));
        prop_assert_eq!(&read["errors"], &serde_json::to_value(&refused).unwrap());
        prop_assert!(read.get("line").is_none());
    }
}

proptest! {
    #![proptest_config(config(3000))]

    /// National prefixes are removed once and for all: a page and a server
    /// may both normalize. Regions with every kind of rule in
    /// libphonenumber's metadata (a prefix of its own, `0|80?`, Argentina's
    /// transform, local numbers completed, carrier codes), and digits that
    /// start like their prefixes.
    #[test]
    fn national_prefixes_are_removed_idempotently(
        region in select(vec!["RU", "BY", "AR", "AG", "GG", "FR", "DE", "IN", "US", "BR", "JP", "KR", "CN", "CO", "LU", "CR", "FO", "NF", "SM", "GA", "MG", "CC", "IT"]),
        start in select(vec!["", "0", "8", "80", "1", "011", "01115", "15", "88", "90", "0549", "1001"]),
        digits in "[0-9]{0,13}",
    ) {
        let country = juspay_customer::calling_code::Country::parse(region);
        let mobile = format!("{start}{digits}");
        let input = CustomerInput::new()
            .with(Field::ObjectReferenceId, "cust_123489")
            .with(Field::MobileNumber, mobile.as_str());
        let policy = Policy::new().normalize();
        let once = policy.check_with_country(input, country).request;
        if let Ok(once) = once {
            let twice = policy.check_with_country(CustomerInput::from(&once), country).request;
            prop_assert_eq!(twice.as_ref().map(|r| r.mobile_number()), Ok(once.mobile_number()), "{} {}", region, mobile);
        }
    }
}
