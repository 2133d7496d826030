//! Security and robustness regressions: one named test per defect of the
//! second red-team pass (leaks in `Debug`, inconsistent edge cases, the
//! fake's extremes). The general no-leak property lives in `tests/props.rs`,
//! the memory bound in `tests/zero_alloc.rs`.

use std::panic;

use juspay_customer::{
    decode_form, decode_json, normalize, parse_response, ApiError, BaseUrl, ConfigError, CustomerInput,
    Field, FieldValue, JsonType, Reason,
};

const TOKEN: &str = "tkn_24543c6a278f45d680d09edb32e78061";
const MOBILE: &str = "9988776655";
const EMAIL: &str = "someone.private@example.com";

/// A body that carries a customer where no customer is expected (a proxy's
/// 5xx, a 201, a 400 that echoes the request), at every level of an error body.
fn echoing_error_body() -> String {
    let customer = format!(
        r#"{{"id":"cst_x","mobile_number":"{MOBILE}","email_address":"{EMAIL}","juspay":{{"client_auth_token":"{TOKEN}"}}}}"#
    );
    format!(
        r#"{{"status":"error","customer":{customer},"client_auth_token":"{TOKEN}","error_message":["{EMAIL}"],
"error_info":{{"code":"INTERNAL","echo":{customer},"fields":[{{"field_name":"mobile_number","value":"{MOBILE}"}}]}}}}"#
    )
}

fn assert_hidden(text: &str) {
    for secret in [TOKEN, MOBILE, EMAIL] {
        assert!(!text.contains(secret), "{secret} shows in {text}");
    }
}

#[test]
fn error_bodies_show_extra_keys_by_name_only() {
    let body = echoing_error_body();
    for status in [201, 400, 401, 403, 500, 502] {
        let outcome = parse_response(status, body.as_bytes());
        let err = outcome.as_ref().unwrap_err();
        assert!(err.body().is_some(), "{status}: the body was read");
        assert_hidden(&format!("{outcome:?}"));
        assert_hidden(&format!("{err}"));
        assert_hidden(&format!("{:?}", err.to_http()));
        // Key names still show, so a reader knows what was there.
        assert!(format!("{err:?}").contains("\"customer\""));
    }
}

#[test]
fn unwrap_panic_message_holds_no_secret() {
    let body = echoing_error_body();
    let payload = panic::catch_unwind(|| {
        parse_response(500, body.as_bytes()).unwrap();
    })
    .unwrap_err();
    let message = payload.downcast_ref::<String>().unwrap();
    assert!(message.contains("Unexpected"), "{message}");
    assert_hidden(message);
}

#[test]
fn fake_request_and_response_debug_hide_authorization_and_bodies() {
    use juspay_customer::ApiKey;
    use juspay_customer_fake::{FakeJuspay, FakeRequest};

    let headers = [
        ("AUTHORIZATION", "Basic dGVzdF9rZXk6"),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    let body =
        format!("object_reference_id=cust_123489&mobile_number={MOBILE}&options.get_client_auth_token=true");
    let req = FakeRequest {
        method: "POST",
        path: "/customers",
        headers: &headers,
        body: body.as_bytes(),
    };
    let dbg = format!("{req:?}");
    assert!(!dbg.contains("dGVzdF9rZXk6"), "{dbg}");
    assert!(dbg.contains("(\"AUTHORIZATION\", <redacted>)"), "{dbg}");
    assert!(dbg.contains(&format!("<{} bytes>", body.len())), "{dbg}");
    assert_hidden(&dbg);
    let resp = FakeJuspay::new(ApiKey::new("test_key").unwrap()).handle(&req, 1_584_454_417);
    let token = parse_response(resp.status, &resp.body).unwrap();
    let token = token.client_auth_token().unwrap().expose();
    let dbg = format!("{resp:?}");
    assert!(!dbg.contains(token), "{dbg}");
    assert!(!dbg.contains(MOBILE), "{dbg}");
    assert!(dbg.contains(&format!("<{} bytes>", resp.body.len())), "{dbg}");
    // The fake itself: its customers' reference ids stay out of its `Debug`.
    let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap());
    let body = format!("object_reference_id={MOBILE}&mobile_number={MOBILE}");
    fake.handle(
        &FakeRequest {
            body: body.as_bytes(),
            ..req
        },
        0,
    );
    let dbg = format!("{fake:?}");
    assert!(
        dbg.contains("<1 customers>") && !dbg.contains(MOBILE) && !dbg.contains("test_key"),
        "{dbg}"
    );
}

#[test]
fn base_url_with_user_information_is_refused_without_the_password() {
    for url in [
        "https://user:s3cret@proxy.example",
        "https://user:s3cret@proxy.example/prefix",
        "http://s3cret@127.0.0.1:8080",
        "https://:s3cret@proxy.example/",
    ] {
        let err = BaseUrl::new(url).unwrap_err();
        assert_eq!(err, ConfigError::BaseUrlUserinfo, "{url}");
        assert!(!err.to_string().contains("s3cret"));
        assert!(!format!("{err:?}").contains("s3cret"));
    }
    assert_eq!(
        ConfigError::BaseUrlUserinfo.to_string(),
        "base url must not hold a user name or password (user:password@host)"
    );
    // An '@' in the path prefix is no user information.
    assert!(BaseUrl::new("https://proxy.example/juspay@eu").is_ok());
}

#[test]
fn object_reference_id_is_masked_in_debug() {
    let request = CustomerInput::new()
        .with(Field::ObjectReferenceId, EMAIL)
        .with(Field::MobileNumber, "99887766")
        .validate()
        .unwrap();
    assert!(format!("{request:?}").contains("object_reference_id: \"so***********************om\""));
    let body = format!("object_reference_id={MOBILE}&mobile_number={MOBILE}&email_address=a%40b.c");
    let request = decode_form(body.as_bytes()).unwrap();
    assert_hidden(&format!("{request:?}"));
    assert!(format!("{request:?}").contains("\"99******55\""));
    let customer = parse_response(
        200,
        format!(r#"{{"id":"cst_1","object_reference_id":"{EMAIL}"}}"#).as_bytes(),
    )
    .unwrap();
    assert!(format!("{customer:?}").contains("object_reference_id: Some(\"so***********************om\")"));
    assert_hidden(&format!("{customer:?}"));
    let input = CustomerInput::new().with(Field::ObjectReferenceId, EMAIL);
    assert_hidden(&format!("{input:?}"));
}

#[test]
fn a_bom_is_skipped_by_both_decoders() {
    let form = b"\xEF\xBB\xBFobject_reference_id=cust_123489&mobile_number=99887766";
    assert_eq!(decode_form(form).unwrap().object_reference_id(), "cust_123489");
    let json = b"\xEF\xBB\xBF{\"object_reference_id\":\"cust_123489\",\"mobile_number\":\"99887766\"}";
    assert_eq!(decode_json(json).unwrap().object_reference_id(), "cust_123489");
    // Only one, and only at the start.
    let twice = b"\xEF\xBB\xBF\xEF\xBB\xBF{\"object_reference_id\":\"cust_123489\",\"mobile_number\":\"1\"}";
    assert_eq!(
        decode_json(twice).unwrap_err().errors()[0].reason.as_str(),
        "not_json"
    );
    let body = b"\xEF\xBB\xBF{\"id\":\"cst_1\"}";
    assert_eq!(parse_response(200, body).unwrap().id, "cst_1");
}

#[test]
fn json_huge_numbers_and_lone_surrogates_are_field_errors() {
    let number = Reason::WrongType {
        expected: JsonType::String,
        found: JsonType::Number,
    };
    let cases: &[(&str, Field, Reason)] = &[
        (r#""mobile_number":1e400"#, Field::MobileNumber, number),
        (r#""mobile_number":-1E+99999"#, Field::MobileNumber, number),
        (
            r#""mobile_number" : 123456789012345678901234567890"#,
            Field::MobileNumber,
            number,
        ),
        (
            r#""email_address":"\ud800@x.com""#,
            Field::EmailAddress,
            Reason::InvalidUtf8,
        ),
        (
            r#""first_name":"ab\udc00""#,
            Field::FirstName,
            Reason::InvalidUtf8,
        ),
        (
            r#""mobile_number":"\ud83d""#,
            Field::MobileNumber,
            Reason::InvalidUtf8,
        ),
        (
            r#""options.get_client_auth_token":1e400"#,
            Field::GetClientAuthToken,
            Reason::WrongType {
                expected: JsonType::Boolean,
                found: JsonType::Number,
            },
        ),
    ];
    for (pair, field, reason) in cases {
        let body = format!(r#"{{"object_reference_id":"cust_123489","mobile_number":"1",{pair}}}"#);
        let body = body.replacen(
            r#""mobile_number":"1","#,
            "",
            usize::from(*field == Field::MobileNumber),
        );
        let errors = decode_json(body.as_bytes()).unwrap_err();
        assert_eq!(errors.errors().len(), 1, "{body}: {errors}");
        assert_eq!(errors.get(*field).map(|e| e.reason), Some(*reason), "{body}");
    }
    // The same value in a form is invalid UTF-8 for its field too.
    let form =
        decode_form(b"object_reference_id=cust_123489&mobile_number=1&first_name=ab%ED%B0%80").unwrap_err();
    assert_eq!(form.get(Field::FirstName).unwrap().reason, Reason::InvalidUtf8);
    // A valid surrogate pair and escapes still decode.
    let ok =
        decode_json(br#"{"object_reference_id":"\ud83d\ude00 \"quoted\" id","mobile_number":"1"}"#).unwrap();
    assert_eq!(ok.object_reference_id(), "\u{1F600} \"quoted\" id");
    // At the top level, a huge number is a number.
    let top = decode_json(b"1e400").unwrap_err();
    assert_eq!(
        top.errors()[0].reason,
        Reason::NotAnObject {
            found: JsonType::Number
        }
    );
    assert_eq!(
        decode_json(br#""\ud800""#).unwrap_err().errors()[0].reason,
        Reason::NotAnObject {
            found: JsonType::String
        }
    );
}

#[test]
fn normalize_removes_every_unicode_space_inside_a_mobile_number() {
    for mobile in [
        "9988\u{a0}7766",
        "9988\u{202f}7766",
        "9988\t7766",
        "9988\u{2009}77\u{3000}66",
        "\u{a0}9988 7766\u{2028}",
        "(9988)\u{a0}77-66",
    ] {
        let input = CustomerInput::new()
            .with(Field::ObjectReferenceId, "cust_123489")
            .with(Field::MobileNumber, mobile);
        let once = normalize(input);
        assert_eq!(
            once.get(Field::MobileNumber),
            &FieldValue::from("99887766"),
            "{mobile:?}"
        );
        assert_eq!(normalize(once.clone()), once, "idempotent");
        assert!(once.validate().is_ok());
    }
    // Letters and other characters are still never dropped (but for an
    // extension after 7 digits or more, which is removed whole).
    let input = CustomerInput::new().with(Field::MobileNumber, "9988\u{a0}77x6");
    assert_eq!(
        normalize(input).get(Field::MobileNumber),
        &FieldValue::from("998877x6")
    );
}

#[test]
fn a_customer_with_an_empty_or_repeated_id_is_unexpected() {
    for body in [
        r#"{"id":""}"#,
        r#"{"id":"a","id":"b"}"#,
        r#"{"id":"a","object":"customer","id":"a"}"#,
        r#"{"id":"a","mobile_number":"1","mobile_number":"2"}"#,
        r#"{"id":"a","tier":"gold","tier":"silver"}"#,
        r#"{"id":"a","object_reference_id":1,"object_reference_id":"x"}"#,
    ] {
        match parse_response(200, body.as_bytes()) {
            Err(ApiError::Unexpected {
                status: 200,
                body: raw,
                parsed: None,
            }) => {
                assert_eq!(raw.bytes(), body.as_bytes());
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    assert_eq!(parse_response(200, br#"{"id":"a"}"#).unwrap().id, "a");
}

mod fake {
    use juspay_customer::{parse_response, ApiKey};
    use juspay_customer_fake::{FakeJuspay, FakeRequest};

    fn request<'a>(auth: &'a str, headers: &'a mut Vec<(&'a str, &'a str)>) -> FakeRequest<'a> {
        headers.push(("Authorization", auth));
        FakeRequest {
            method: "POST",
            path: "/v2/customers",
            headers,
            body:
                b"object_reference_id=cust_123489&mobile_number=99887766&options.get_client_auth_token=true",
        }
    }

    #[test]
    fn the_fake_survives_every_extreme_clock() {
        for now in [
            i64::MIN,
            i64::MIN + 1,
            -1,
            0,
            1,
            i64::MAX - 900,
            i64::MAX - 1,
            i64::MAX,
        ] {
            let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap());
            let mut headers = Vec::new();
            let req = request("Basic dGVzdF9rZXk6", &mut headers);
            for _ in 0..2 {
                let resp = fake.handle(&req, now);
                assert_eq!(resp.status, 200, "{now}");
                let c = parse_response(resp.status, &resp.body).unwrap();
                assert!(c.client_auth_token_expiry().is_some());
                assert!(c.date_created.is_some());
            }
        }
    }

    #[test]
    fn the_basic_scheme_matches_in_any_case() {
        for auth in [
            "Basic dGVzdF9rZXk6",
            "basic dGVzdF9rZXk6",
            "BASIC dGVzdF9rZXk6",
            "bAsIc   dGVzdF9rZXk6",
        ] {
            let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap());
            let mut headers = vec![("content-type", "application/x-www-form-urlencoded")];
            let resp = fake.handle(&request(auth, &mut headers), 0);
            assert_eq!(resp.status, 200, "{auth}");
        }
        for auth in [
            "Bearer dGVzdF9rZXk6",
            "Basic",
            "BasicdGVzdF9rZXk6",
            "Basic d3Jvbmc6",
        ] {
            let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap());
            let mut headers = Vec::new();
            assert_eq!(fake.handle(&request(auth, &mut headers), 0).status, 401, "{auth}");
        }
        // The header name matches in any case too.
        let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap());
        let headers = [("aUtHoRiZaTiOn", "basic dGVzdF9rZXk6")];
        let req = FakeRequest {
            method: "POST",
            path: "/customers",
            headers: &headers,
            body: b"object_reference_id=cust_123489&mobile_number=99887766",
        };
        assert_eq!(fake.handle(&req, 0).status, 200);
    }
}

/// The retry plan's answers and failures show what `ApiError` and
/// `Customer` show, for every status it retries or gives up on, in
/// `Debug`, `Display` and an `unwrap`'s panic message.
#[test]
fn retry_answers_hold_no_secret() {
    use juspay_customer::retry::{Next, Outcome, RetryPlan, RetryPolicy};
    use juspay_customer::Operation;
    let body = echoing_error_body();
    let customer = format!(
        r#"{{"id":"cst_x","mobile_number":"{MOBILE}","email_address":"{EMAIL}","juspay":{{"client_auth_token":"{TOKEN}"}}}}"#
    );
    for (status, body) in [
        (200, customer.as_str()),
        (400, &body),
        (429, &body),
        (500, &body),
        (503, &body),
    ] {
        for attempts in [0, 5] {
            let mut plan = RetryPlan::new(RetryPolicy::default(), Operation::Create);
            for _ in 0..attempts {
                plan.next(Outcome::response(parse_response(503, b""), None), 0, 0);
            }
            let next = plan.next(
                Outcome::response(parse_response(status, body.as_bytes()), Some("1")),
                0,
                0,
            );
            assert_hidden(&format!("{next:?}"));
            if let Next::GiveUp(failure) = &next {
                assert_hidden(&failure.to_string());
                let payload = panic::catch_unwind(|| -> () { panic!("{failure:?}") }).unwrap_err();
                assert_hidden(payload.downcast_ref::<String>().unwrap());
            }
        }
    }
}
