//! The request-side decisions: missing vs invalid, empty and null optional
//! fields, wrong JSON types, duplicate keys, every failing field reported,
//! exact error texts, the 400 bodies of doc 000's error table.

use juspay_customer::{
    decode_form, decode_json, normalize, ApiError, CustomerInput, Field, FieldError, FieldValue, JsonType,
    Reason, ValidationErrors,
};
use serde_json::json;

#[path = "support/text.rs"]
mod text;
#[allow(unused_imports)]
use text::Bodies;

#[track_caller]
fn form_err(body: &str) -> ValidationErrors {
    decode_form(body.as_bytes()).expect_err(body)
}

#[track_caller]
fn json_err(body: &str) -> ValidationErrors {
    decode_json(body.as_bytes()).expect_err(body)
}

#[track_caller]
fn reasons(errors: &ValidationErrors) -> Vec<(Option<Field>, Reason)> {
    errors.errors().iter().map(|e| (e.field, e.reason)).collect()
}

#[track_caller]
fn assert_text(errors: &ValidationErrors, want: &str) {
    assert_eq!(errors.to_string(), want);
}

const OK_FORM: &str = "object_reference_id=cust_123489&mobile_number=99887766";

#[test]
fn absent_required_is_missing_mandatory_parameter() {
    let e = form_err("first_name=John");
    assert_eq!(
        reasons(&e),
        [
            (Some(Field::ObjectReferenceId), Reason::Missing),
            (Some(Field::MobileNumber), Reason::Missing)
        ]
    );
    assert_eq!(e.code(), "MISSING_MANDATORY_PARAMETER");
    assert_eq!(e.errors()[0].reason.code(), "MISSING_MANDATORY_PARAMETER");
    assert_text(&e, "object_reference_id is missing; mobile_number is missing");
}

#[test]
fn empty_required_is_invalid_input() {
    let e = form_err("object_reference_id=&mobile_number=");
    assert_eq!(
        reasons(&e),
        [
            (Some(Field::ObjectReferenceId), Reason::Empty),
            (Some(Field::MobileNumber), Reason::Empty)
        ]
    );
    assert_eq!(e.code(), "INVALID_INPUT");
    assert_eq!(e.errors()[1].reason.code(), "INVALID_INPUT");
    // A key with no '=' is an empty value too (WHATWG form parsing).
    assert_eq!(
        reasons(&form_err("object_reference_id&mobile_number=1")),
        [(Some(Field::ObjectReferenceId), Reason::Empty)]
    );
}

#[test]
fn missing_wins_the_code_but_every_field_is_listed() {
    let e = form_err("mobile_number=12a");
    assert_eq!(e.code(), "MISSING_MANDATORY_PARAMETER");
    assert_eq!(
        reasons(&e),
        [
            (Some(Field::ObjectReferenceId), Reason::Missing),
            (
                Some(Field::MobileNumber),
                Reason::NotADigit { ch: 'a', position: 3 }
            )
        ]
    );
}

#[test]
fn empty_optional_fields_are_absent_and_not_sent() {
    let body = format!(
        "{OK_FORM}&email_address=&first_name=&last_name=&mobile_country_code=&options.get_client_auth_token="
    );
    let req = decode_form(body.as_bytes()).unwrap();
    assert_eq!(req.email_address(), None);
    assert_eq!(req.first_name(), None);
    assert_eq!(req.last_name(), None);
    assert_eq!(req.get_client_auth_token(), None);
    assert_eq!(req.mobile_country_code(), "91");
    assert_eq!(req.to_form(), format!("{OK_FORM}&mobile_country_code=91"));
}

#[test]
fn json_null_is_absent() {
    let req = decode_json(
        br#"{"object_reference_id":"cust_123489","mobile_number":"99887766","email_address":null,"first_name":null,"mobile_country_code":null,"options.get_client_auth_token":null}"#,
    )
    .unwrap();
    assert_eq!(
        (req.email_address(), req.first_name(), req.get_client_auth_token()),
        (None, None, None)
    );
    assert_eq!(req.mobile_country_code(), "91");
    let e = json_err(r#"{"object_reference_id":null,"mobile_number":"1"}"#);
    assert_eq!(reasons(&e), [(Some(Field::ObjectReferenceId), Reason::Missing)]);
}

#[test]
fn json_wrong_types_are_invalid_input_for_the_field() {
    let e = json_err(
        r#"{"object_reference_id":12345678,"mobile_number":99887766,"email_address":true,"first_name":["J"],"last_name":{"x":1},"mobile_country_code":65.0,"options.get_client_auth_token":"true"}"#,
    );
    let wt = |expected, found| Reason::WrongType { expected, found };
    use JsonType::*;
    assert_eq!(
        reasons(&e),
        [
            (Some(Field::ObjectReferenceId), wt(String, Number)),
            (Some(Field::MobileNumber), wt(String, Number)),
            (Some(Field::EmailAddress), wt(String, Boolean)),
            (Some(Field::FirstName), wt(String, Array)),
            (Some(Field::LastName), wt(String, Object)),
            (Some(Field::MobileCountryCode), wt(String, Number)),
            (Some(Field::GetClientAuthToken), wt(Boolean, String)),
        ]
    );
    assert_eq!(e.code(), "INVALID_INPUT");
    assert_eq!(
        e.errors()[0].to_string(),
        "object_reference_id must be a string, not number"
    );
}

#[test]
fn booleans() {
    let t = format!("{OK_FORM}&options.get_client_auth_token=true");
    assert_eq!(
        decode_form(t.as_bytes()).unwrap().get_client_auth_token(),
        Some(true)
    );
    let f = format!("{OK_FORM}&options.get_client_auth_token=false");
    assert_eq!(
        decode_form(f.as_bytes()).unwrap().get_client_auth_token(),
        Some(false)
    );
    let e = form_err(&format!("{OK_FORM}&options.get_client_auth_token=TRUE"));
    assert_eq!(
        reasons(&e),
        [(Some(Field::GetClientAuthToken), Reason::NotABoolean)]
    );
    let j = decode_json(
        br#"{"object_reference_id":"cust_123489","mobile_number":"1","options.get_client_auth_token":false}"#,
    )
    .unwrap();
    assert_eq!(j.get_client_auth_token(), Some(false));
    let e = json_err(
        r#"{"object_reference_id":"cust_123489","mobile_number":"1","options.get_client_auth_token":1}"#,
    );
    assert_eq!(
        e.errors()[0].to_string(),
        "options.get_client_auth_token must be a boolean, not number"
    );
}

#[test]
fn duplicate_keys_are_refused_never_resolved() {
    for body in [
        "object_reference_id=cust_123489&mobile_number=99887766&mobile_number=99887766",
        "object_reference_id=cust_123489&mobile_number=99887766&mobile_number=",
        "object_reference_id=cust_123489&mobile_number=99887766&mobile%5Fnumber=1",
    ] {
        assert_eq!(
            reasons(&form_err(body)),
            [(Some(Field::MobileNumber), Reason::DuplicateKey)],
            "{body}"
        );
    }
    let e = json_err(
        r#"{"object_reference_id":"cust_123489","mobile_number":"1","first_name":"A","first_name":"B"}"#,
    );
    assert_eq!(reasons(&e), [(Some(Field::FirstName), Reason::DuplicateKey)]);
    assert_text(&e, "first_name is given more than once");
}

#[test]
fn unknown_keys_are_ignored() {
    let body = format!("{OK_FORM}&nickname=x&options.other=1&=&&");
    let req = decode_form(body.as_bytes()).unwrap();
    assert_eq!(req.object_reference_id(), "cust_123489");
    let req =
        decode_json(br#"{"object_reference_id":"cust_123489","mobile_number":"1","options":{"get_client_auth_token":true},"x":[1,{}]}"#)
            .unwrap();
    assert_eq!(req.get_client_auth_token(), None, "only the flat key name counts");
}

#[test]
fn every_failing_field_is_reported_in_canonical_order() {
    let e = form_err(
        "options.get_client_auth_token=yes&mobile_country_code=%2B65&last_name=O%27Brien&first_name=Mary+Ann\
         &email_address=a%40b%40c&mobile_number=9988-7766&object_reference_id=short",
    );
    assert_eq!(
        reasons(&e),
        [
            (
                Some(Field::ObjectReferenceId),
                Reason::TooShort { min: 8, actual: 5 }
            ),
            (
                Some(Field::MobileNumber),
                Reason::NotADigit { ch: '-', position: 5 }
            ),
            (Some(Field::EmailAddress), Reason::MultipleAt { position: 4 }),
            (
                Some(Field::FirstName),
                Reason::ForbiddenCharacter { ch: ' ', position: 5 }
            ),
            (
                Some(Field::LastName),
                Reason::ForbiddenCharacter {
                    ch: '\'',
                    position: 2
                }
            ),
            (
                Some(Field::MobileCountryCode),
                Reason::NotADigit { ch: '+', position: 1 }
            ),
            (Some(Field::GetClientAuthToken), Reason::NotABoolean),
        ]
    );
    assert_text(
        &e,
        "object_reference_id is too short: 5 characters, at least 8; \
         mobile_number has '-' at position 5, only digits 0-9 are allowed; \
         email_address has a second '@' at position 4; \
         first_name has forbidden character ' ' at position 5; \
         last_name has forbidden character \"'\" at position 2; \
         mobile_country_code has '+' at position 1, only digits 0-9 are allowed; \
         options.get_client_auth_token must be true or false",
    );
}

#[test]
fn error_texts() {
    #[track_caller]
    fn text(field: Field, reason: Reason, want: &str) {
        assert_eq!(FieldError::new(field, reason).to_string(), want);
    }
    use juspay_customer::{Edge, EmailPart};
    text(
        Field::ObjectReferenceId,
        Reason::TooLong {
            max: 255,
            actual: 256,
        },
        "object_reference_id is too long: 256 characters, at most 255",
    );
    text(Field::EmailAddress, Reason::MissingAt, "email_address has no '@'");
    text(
        Field::EmailAddress,
        Reason::EmptyLocalPart,
        "email_address has nothing before '@'",
    );
    text(
        Field::EmailAddress,
        Reason::EmptyDomainPart,
        "email_address has nothing after '@'",
    );
    text(
        Field::EmailAddress,
        Reason::EdgeCharacter {
            ch: '_',
            part: EmailPart::Local,
            edge: Edge::Start,
        },
        "email_address has '_' at the start of the part before '@'",
    );
    text(
        Field::EmailAddress,
        Reason::EdgeCharacter {
            ch: '.',
            part: EmailPart::Domain,
            edge: Edge::End,
        },
        "email_address has '.' at the end of the part after '@'",
    );
    text(
        Field::FirstName,
        Reason::InvalidUtf8,
        "first_name is not valid UTF-8",
    );
    text(Field::MobileNumber, Reason::Empty, "mobile_number is empty");
    assert_eq!(
        FieldError::body(Reason::NotAnObject {
            found: JsonType::Array
        })
        .to_string(),
        "request body is not a JSON object but array"
    );
}

#[test]
fn malformed_json_is_a_whole_body_error() {
    for (body, reason) in [
        ("", Reason::NotJson { line: 1, column: 0 }),
        ("{", Reason::NotJson { line: 1, column: 1 }),
        ("{} x", Reason::NotJson { line: 1, column: 4 }),
        (
            "[1]",
            Reason::NotAnObject {
                found: JsonType::Array,
            },
        ),
        (
            "\"x\"",
            Reason::NotAnObject {
                found: JsonType::String,
            },
        ),
        (
            "null",
            Reason::NotAnObject {
                found: JsonType::Null,
            },
        ),
        (
            "12",
            Reason::NotAnObject {
                found: JsonType::Number,
            },
        ),
    ] {
        assert_eq!(reasons(&json_err(body)), [(None, reason)], "{body:?}");
    }
    let deep = "[".repeat(200);
    assert!(matches!(
        reasons(&json_err(&deep))[0],
        (None, Reason::NotJson { .. })
    ));
    // Bytes that are not UTF-8: the first byte's line and column, unless a
    // syntax error comes before it.
    for (body, line, column) in [
        (&b"{\"mobile_number\":\"\xff\"}"[..], 1, 19),
        (b"{\n  \"a\": \"b\",\n  \"c\": \"\xe2\x82\"}", 3, 9),
        (b"{\"a\" 1 \"\xff\"}", 1, 6),
    ] {
        assert_eq!(
            reasons(&decode_json(body).unwrap_err()),
            [(None, Reason::NotJson { line, column })],
            "{body:?}"
        );
    }
}

#[test]
fn invalid_utf8_form_values_are_refused_not_replaced() {
    let e = form_err("object_reference_id=%FF%FE%FD%FC%FB%FA%F9%F8&mobile_number=1");
    assert_eq!(
        reasons(&e),
        [(Some(Field::ObjectReferenceId), Reason::InvalidUtf8)]
    );
    let raw = b"object_reference_id=cust_123489&mobile_number=1&first_name=\xff";
    assert_eq!(
        reasons(&decode_form(raw).unwrap_err()),
        [(Some(Field::FirstName), Reason::InvalidUtf8)]
    );
}

#[test]
fn input_builder_and_pairs() {
    let input: CustomerInput = [
        (Field::ObjectReferenceId, "cust_123489"),
        (Field::MobileNumber, "99887766"),
    ]
    .into_iter()
    .collect();
    assert!(input.validate().is_ok());
    let input = CustomerInput::new()
        .with(Field::ObjectReferenceId, "cust_123489")
        .with(Field::MobileNumber, "99887766")
        .with(Field::FirstName, FieldValue::Bool(true));
    assert_eq!(
        reasons(&input.validate().unwrap_err()),
        [(
            Some(Field::FirstName),
            Reason::WrongType {
                expected: JsonType::String,
                found: JsonType::Boolean
            }
        )]
    );
    let pairs: CustomerInput = [(Field::MobileNumber, "1"), (Field::MobileNumber, "1")]
        .into_iter()
        .collect();
    assert_eq!(pairs.get(Field::MobileNumber), &FieldValue::Duplicate);
}

#[test]
fn validated_request_round_trips_through_input() {
    let req = decode_form(b"object_reference_id=cust_123489&mobile_number=99887766&first_name=John&options.get_client_auth_token=false").unwrap();
    assert_eq!(CustomerInput::from(&req).validate().unwrap(), req);
    assert_eq!(req.clone().into_owned(), req);
}

/// The request-side rows of doc 000's error table, and its two 400 samples:
/// pre-validation yields exactly the body the server sends (the samples'
/// `request_id`, a per-request server value, is left out).
mod error_table {
    use super::*;

    #[track_caller]
    fn same_body(body: &str, fixture: &str) {
        let errors = decode_form(body.as_bytes()).expect_err(body);
        let (status, bytes) = ApiError::from(&errors).to_http();
        assert_eq!(status, 400);
        let got: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let path = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let mut want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let info = want["error_info"].as_object_mut().unwrap();
        info.remove("request_id");
        // The full samples carry "href": "NA"; the table's shortened rows leave it out.
        info.insert("href".into(), json!("NA"));
        assert_eq!(got, want, "{fixture}");
    }

    #[test]
    fn empty_object_reference_id() {
        same_body(
            "object_reference_id=&mobile_number=99887766",
            "000_table_400_empty_object_reference_id.json",
        );
    }

    #[test]
    fn empty_mobile_number() {
        same_body(
            "object_reference_id=customer%40gmail.com&mobile_number=",
            "000_table_400_empty_mobile_number.json",
        );
    }

    #[test]
    fn leading_dash_mobile_number() {
        same_body(
            "object_reference_id=customer%40gmail.com&mobile_number=-99887766",
            "000_table_400_leading_dash_mobile.json",
        );
    }

    #[test]
    fn invalid_mobile_sample() {
        same_body(
            "object_reference_id=customer%40gmail.com&mobile_number=9988%207766",
            "000_400_invalid_input.json",
        );
    }

    #[test]
    fn missing_object_reference_id_sample() {
        same_body("mobile_number=99887766", "000_400_missing_mandatory.json");
    }
}

#[test]
fn normalization_is_explicit() {
    let raw = "object_reference_id=+cust_123489+&mobile_number=%28998%29+877-66&mobile_country_code=%2B65";
    assert!(
        decode_form(raw.as_bytes()).is_err(),
        "validation never normalizes"
    );
    let req = normalize(CustomerInput::from_form(raw.as_bytes()))
        .validate()
        .unwrap();
    assert_eq!(
        req.to_form(),
        "object_reference_id=cust_123489&mobile_number=99887766&mobile_country_code=65"
    );
}

#[test]
fn normalization_cases() {
    #[track_caller]
    fn n(field: Field, input: &str, want: &str) {
        let out = normalize(CustomerInput::new().with(field, input));
        assert_eq!(out.get(field), &FieldValue::from(want), "{input:?}");
        // Idempotent.
        assert_eq!(normalize(out.clone()), out, "{input:?}");
    }
    n(Field::MobileNumber, " 99 88-77.66 ", "99887766");
    n(Field::MobileNumber, "(99) 887-766", "99887766");
    n(Field::MobileNumber, "-\t9", "9");
    n(Field::MobileNumber, "9988-77x6", "998877x6");
    // Extensions, as libphonenumber reads them, after at least 7 digits:
    // removed (the API has no place for one).
    n(Field::MobileNumber, "998-8776 x6", "9988776");
    n(Field::MobileNumber, "98765x43210", "98765x43210");
    n(Field::MobileNumber, "98765 43210 ext. 12", "9876543210");
    n(Field::MobileNumber, "98765 43210 Extension: 12#", "9876543210");
    n(Field::MobileNumber, "98765 43210, #12", "9876543210");
    n(Field::MobileNumber, "x12", "x12");
    n(
        Field::MobileNumber,
        "98765 43210 x1234567890",
        "9876543210x1234567890",
    );
    // Excel's mark for a cell kept as text.
    n(Field::MobileNumber, "'98765 43210", "9876543210");
    n(Field::MobileNumber, " '+91 98765 43210", "9876543210");
    n(Field::MobileCountryCode, "'+91", "91");
    // India's national prefix (no code given: 91): libphonenumber's.
    n(Field::MobileNumber, "098765 43210", "9876543210");
    // International dialling is split (its own table: tests/messages.rs).
    n(Field::MobileNumber, "+919988", "9988");
    n(Field::MobileNumber, "++919988", "++919988");
    n(Field::MobileNumber, "+44 (0)20 7946", "207946");
    // A (0) is kept when what follows it would read as international, so
    // that a second pass changes nothing (found by the validate fuzz target).
    n(Field::MobileNumber, "+1(0)+5", "0+5");
    n(Field::MobileNumber, "+1(0)(+5", "0+5");
    n(Field::MobileNumber, "+1(0)00", "+1000");
    n(Field::MobileNumber, "+1 00", "+100");
    n(Field::MobileNumber, "٩٩", "٩٩");
    n(Field::MobileCountryCode, " +65 ", "65");
    n(Field::MobileCountryCode, "++65", "++65");
    n(Field::MobileCountryCode, "+ 65", "+ 65");
    n(Field::MobileCountryCode, "+", "+");
    n(Field::MobileCountryCode, "65", "65");
    n(Field::FirstName, "\u{a0}John\t", "John");
    n(Field::FirstName, "Mary Ann", "Mary Ann");
    n(Field::EmailAddress, " a@b.c ", "a@b.c");
    n(Field::ObjectReferenceId, "  cust_123489\n", "cust_123489");
    assert!(
        normalize(CustomerInput::new().with(Field::MobileNumber, "9988-77x6"))
            .validate()
            .is_err()
    );
}

#[test]
fn debug_masks_personal_data() {
    let req = decode_form(
        b"object_reference_id=cust_123489&mobile_number=9988776655&email_address=john.smith%40example.com",
    )
    .unwrap();
    let dbg = format!("{req:?}");
    assert!(dbg.contains("mobile_number: \"********55\""), "{dbg}");
    assert!(
        dbg.contains("email_address: Some(\"*******@example.com\")"),
        "{dbg}"
    );
    assert!(
        !dbg.contains("9988776655") && !dbg.contains("john.smith"),
        "{dbg}"
    );
    let input = CustomerInput::from_form(b"mobile_number=9988776655&email_address=john.smith%40example.com");
    let dbg = format!("{input:?}");
    assert!(
        !dbg.contains("9988776655") && !dbg.contains("john.smith"),
        "{dbg}"
    );
    let errors =
        form_err("object_reference_id=cust_123489&mobile_number=9988776655x&email_address=john smith@x");
    let text = format!("{errors} {errors:?}");
    assert!(!text.contains("9988776655") && !text.contains("john"), "{text}");
}

/// Messages show characters as a person reads them: no Rust escapes, and
/// invisible characters by name. One line per case.
#[test]
fn messages_show_characters_plainly() {
    let cases: [(&str, &str, &str); 7] = [
        (
            "last_name",
            "O'Brien",
            r#"last_name has forbidden character "'" at position 2"#,
        ),
        (
            "first_name",
            "Mary Ann",
            "first_name has forbidden character ' ' at position 5",
        ),
        (
            "first_name",
            "Jos\u{e9}",
            "first_name has forbidden character '\u{e9}' at position 4",
        ),
        (
            "mobile_number",
            "98765\u{a0}43210",
            "mobile_number has no-break space (U+00A0) at position 6, only digits 0-9 are allowed",
        ),
        (
            "mobile_number",
            "98765\t43210",
            "mobile_number has tab (U+0009) at position 6, only digits 0-9 are allowed",
        ),
        (
            "last_name",
            "Smith\u{200b}",
            "last_name has forbidden character zero-width space (U+200B) at position 6",
        ),
        (
            "first_name",
            "A\u{7}",
            "first_name has forbidden character U+0007 at position 2",
        ),
    ];
    for (field, value, want) in cases {
        let field = Field::parse(field).unwrap();
        let reason = FieldValue::from(value).check(field).unwrap_err();
        let message = FieldError::new(field, reason).to_string();
        assert_eq!(message, want);
        assert!(!message.contains('\\'), "{message}");
    }
}

/// Spreadsheets write booleans as `TRUE`/`FALSE`: normalization reads them
/// in any case; validation alone still refuses them (the docs' values are
/// `true | false`). One line per case.
#[test]
fn normalize_reads_spreadsheet_booleans() {
    let cases: [(&str, Option<bool>); 7] = [
        ("TRUE", Some(true)),
        ("False", Some(false)),
        (" true ", Some(true)),
        ("true", Some(true)),
        ("yes", None),
        ("1", None),
        ("TRUE!", None),
    ];
    for (text, want) in cases {
        let input = CustomerInput::new()
            .with(Field::ObjectReferenceId, "cust_123489")
            .with(Field::MobileNumber, "1")
            .with(Field::GetClientAuthToken, text);
        let normalized = normalize(input.clone())
            .validate()
            .ok()
            .map(|r| r.get_client_auth_token().unwrap());
        assert_eq!(normalized, want, "{text:?}");
        if text != "true" {
            assert!(input.validate().is_err(), "{text:?} without normalize");
        }
    }
}

/// An unknown key whose name holds a lone surrogate escape is ignored, as
/// every unknown key is (and as such an escape in an unknown key's value
/// already was); the same escape in a known field's value is that field's.
#[test]
fn an_unknown_key_with_a_lone_surrogate_is_ignored() {
    let req = decode_json(
        br#"{"\ud800":1,"object_reference_id":"cust_123489","x\udc00y":{"\ud800":"\ud800"},"mobile_number":"99887766"}"#,
    )
    .unwrap();
    assert_eq!(req.object_reference_id(), "cust_123489");
    assert_eq!(req.mobile_number(), "99887766");
    let errors = json_err(r#"{"\ud800":1,"object_reference_id":"cust_123489","mobile_number":"\ud800"}"#);
    assert_eq!(
        reasons(&errors),
        [(Some(Field::MobileNumber), Reason::InvalidUtf8)]
    );
}
