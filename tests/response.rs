//! Every sample body of the docs, byte for byte, parsed with every field
//! checked; tolerance; hostile bodies; encoding back.

use juspay_customer::{
    decode_form, encode_response, parse_response, ApiError, Customer, ErrorBody, RawBody, Timestamp,
};
use serde_json::{json, Value};

#[path = "support/text.rs"]
mod text;
#[allow(unused_imports)]
use text::{Bodies, ErrorParts};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[track_caller]
fn customer(name: &str) -> Customer {
    parse_response(200, &fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[track_caller]
fn error(status: u16, name: &str) -> ApiError {
    parse_response(status, &fixture(name)).expect_err(name)
}

/// Encoding a parsed sample gives back the same JSON value.
#[track_caller]
fn same_json_back(status: u16, name: &str) {
    let raw = fixture(name);
    let outcome = parse_response(status, &raw);
    let (s, body) = encode_response(&outcome);
    assert_eq!(s, status, "{name}");
    let want: Value = serde_json::from_slice(&raw).unwrap();
    let got: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(got, want, "{name}");
    assert_eq!(parse_response(s, &body), outcome, "{name}");
}

#[track_caller]
fn check_sample_customer(c: &Customer, id: &str, created: &str) {
    assert_eq!(c.id, id);
    assert_eq!(c.object.as_deref(), Some("customer"));
    assert_eq!(c.object_reference_id.as_deref(), Some("customer@gmail.com"));
    assert_eq!(c.mobile_country_code.as_deref(), Some("65"));
    assert_eq!(c.mobile_number.as_deref(), Some("99887766"));
    assert_eq!(c.email_address.as_deref(), Some("customer@gmail.com"));
    assert_eq!(c.first_name.as_deref(), Some("John"));
    assert_eq!(c.last_name.as_deref(), Some("Smith"));
    assert_eq!(c.date_created.as_ref().unwrap().as_str(), created);
    assert_eq!(c.last_updated.as_ref().unwrap().as_str(), created);
    assert_eq!(c.customer_id, None);
    assert!(c.extra.is_empty(), "{:?}", c.extra);
}

#[test]
fn doc_000_success() {
    let c = customer("000_200_success.json");
    check_sample_customer(&c, "cst_afdeuvmfhs3j1acm", "2020-03-17T14:13:37Z");
    assert_eq!(
        c.date_created.as_ref().unwrap().unix_seconds(),
        Some(1_584_454_417)
    );
    assert!(c.client_auth_token().is_none() && c.client_auth_token_expiry().is_none());
    same_json_back(200, "000_200_success.json");
}

#[test]
fn doc_001_and_004_without_token() {
    for name in ["001_200_without_token.json", "004_200_without_token.json"] {
        let c = customer(name);
        check_sample_customer(&c, "cst_pcxaymwoh9vbse97", "2020-03-17T14:16:31Z");
        assert!(c.client_auth_token().is_none());
        same_json_back(200, name);
    }
}

#[test]
fn doc_001_and_004_with_token() {
    for name in ["001_200_with_token.json", "004_200_with_token.json"] {
        let c = customer(name);
        check_sample_customer(&c, "cst_afdeuvmfhs3j1acm", "2020-03-17T14:13:37Z");
        assert_eq!(
            c.client_auth_token().unwrap().expose(),
            "tkn_24543c6a278f45d680d09edb32e78061"
        );
        let expiry = c.client_auth_token_expiry().unwrap();
        assert_eq!(expiry.as_str(), "2020-03-17T14:28:37Z");
        // 15 minutes after creation, as the samples show.
        assert_eq!(
            expiry.unix_seconds().unwrap() - c.date_created.as_ref().unwrap().unix_seconds().unwrap(),
            900
        );
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("tkn_24543c6a"), "{dbg}");
        assert!(!dbg.contains("99887766"), "{dbg}");
        assert!(
            dbg.contains("email_address: Some(\"*******@gmail.com\")"),
            "{dbg}"
        );
        assert!(
            dbg.contains("ClientAuthToken(<redacted>)") && dbg.contains("******66"),
            "{dbg}"
        );
        same_json_back(200, name);
    }
}

#[track_caller]
fn check_info(
    b: &ErrorBody,
    code: &str,
    user: &str,
    dev: &str,
    request_id: Option<&str>,
    href: Option<&str>,
) {
    assert_eq!(b.code(), Some(code));
    assert_eq!(b.user_message(), Some(user));
    assert_eq!(b.developer_message(), Some(dev));
    assert_eq!(b.category(), Some("USER_ERROR"));
    assert_eq!(b.request_id(), request_id);
    // What has no accessor is read back from the body as written.
    let json = serde_json::to_value(b).unwrap();
    assert_eq!(json["error_info"]["href"].as_str(), href);
    let known = [
        "status",
        "error_code",
        "error_message",
        "error",
        "user_message",
        "error_info",
    ];
    assert!(json
        .as_object()
        .unwrap()
        .keys()
        .all(|k| known.contains(&k.as_str())));
}

#[track_caller]
fn field_list(b: &ErrorBody) -> Vec<(&str, &str)> {
    b.fields()
        .map(|(name, reason)| (name.unwrap(), reason.unwrap()))
        .collect()
}

#[test]
fn doc_000_unauthorized() {
    for (name, rid) in [
        (
            "000_401_unauthorized.json",
            Some("e40e052a-f3c0-4242-9f25-c7ba47b97c31"),
        ),
        ("000_table_401_wrong_api_key.json", None),
        ("002_table_401_wrong_api_key.json", None),
    ] {
        let ApiError::Unauthorized(b) = error(401, name) else {
            panic!("{name}")
        };
        assert_eq!(b.status(), Some("error"));
        assert_eq!(b.error_code(), Some("access_denied"));
        assert_eq!(b.error_message(), None);
        let href = rid.map(|_| "NA");
        check_info(
            &b,
            "UNAUTHORIZED",
            "Unauthorized.",
            "Invalid API Key. Please pass a valid and active api key.",
            rid,
            href,
        );
        assert_eq!(b.fields().count(), 0);
        same_json_back(401, name);
    }
}

#[test]
fn doc_000_missing_mandatory() {
    let e = error(400, "000_400_missing_mandatory.json");
    assert_eq!(e.kind(), "missing_mandatory_parameter");
    assert_eq!(e.request_id(), Some("411b73c7-866e-4210-9171-70c8b9241b6f"));
    let ApiError::MissingMandatoryParameter(b) = &e else {
        panic!()
    };
    assert_eq!(b.error_message(), Some("[objectReferenceId] cannot be null"));
    assert_eq!(b.status(), Some("invalid_request_error"));
    assert_eq!(b.error_code(), Some("nullable"));
    check_info(
        b,
        "MISSING_MANDATORY_PARAMETER",
        "Mandatory fields are missing.",
        "Missing object reference id. Please pass valid object reference id.",
        Some("411b73c7-866e-4210-9171-70c8b9241b6f"),
        Some("NA"),
    );
    assert_eq!(field_list(b), [("object_reference_id", "Missing value.")]);
    assert_eq!(
        e.to_string(),
        "juspay missing mandatory parameter (400) MISSING_MANDATORY_PARAMETER: Missing object reference id. \
Please pass valid object reference id. [fields: object_reference_id] [request id 411b73c7-866e-4210-9171-70c8b9241b6f]"
    );
    same_json_back(400, "000_400_missing_mandatory.json");
}

#[test]
fn doc_000_invalid_input() {
    for (name, field, rid) in [
        (
            "000_400_invalid_input.json",
            "mobile_number",
            Some("d41a008a-a07e-470d-ba09-ac369465a410"),
        ),
        (
            "000_table_400_empty_object_reference_id.json",
            "object_reference_id",
            None,
        ),
        ("000_table_400_empty_mobile_number.json", "mobile_number", None),
        ("000_table_400_leading_dash_mobile.json", "mobile_number", None),
        (
            "002_table_400_empty_object_reference_id.json",
            "object_reference_id",
            None,
        ),
        ("002_table_400_empty_mobile_number.json", "mobile_number", None),
        ("002_table_400_leading_dash_mobile.json", "mobile_number", None),
    ] {
        let e = error(400, name);
        let ApiError::InvalidInput(b) = &e else {
            panic!("{name}: {e:?}")
        };
        assert_eq!(
            b.error_message(),
            Some(format!("Wrong value in {field}").as_str())
        );
        assert_eq!(b.status(), Some("Invalid Request"));
        assert_eq!(b.error_code(), Some("Invalid Request"));
        check_info(
            b,
            "INVALID_INPUT",
            "Invalid request params. Please verify your input.",
            "Invalid request params",
            rid,
            rid.map(|_| "NA"),
        );
        assert_eq!(field_list(b), [(field, "Invalid value.")]);
        same_json_back(400, name);
    }
}

#[test]
fn doc_000_already_exists() {
    for name in [
        "000_table_400_already_exists.json",
        "002_table_400_already_exists.json",
    ] {
        let ApiError::AlreadyExists(b) = error(400, name) else {
            panic!("{name}")
        };
        assert_eq!(
            b.error_message(),
            Some("Customer with given object reference id already exist for your account.")
        );
        assert_eq!(b.status(), Some("invalid_request_error"));
        assert_eq!(b.error_code(), Some("unique"));
        check_info(
            &b,
            "ALREADY_EXISTS",
            "Already exists.",
            "Customer account with given object reference already exists.",
            None,
            None,
        );
        same_json_back(400, name);
    }
}

#[test]
fn doc_000_bad_origin() {
    for name in ["000_table_403_bad_origin.json", "002_table_403_bad_origin.json"] {
        let ApiError::BadOrigin(b) = error(403, name) else {
            panic!("{name}")
        };
        assert_eq!(b.error(), Some(true));
        assert_eq!(b.error_message(), Some("Internal Server error."));
        assert_eq!(b.user_message(), Some("Bad Origin."));
        assert_eq!(b.status(), None);
        check_info(
            &b,
            "BAD_ORIGIN",
            "Bad Origin.",
            "IP Verification Failed",
            None,
            None,
        );
        same_json_back(403, name);
    }
}

#[test]
fn doc_000_not_found() {
    let e = error(404, "000_table_404_not_found.json");
    assert_eq!(e, ApiError::NotFound(RawBody::new(b"")));
    assert_eq!(e.kind(), "not_found");
    let html = b"<html><body>Not Found</body></html>";
    let ApiError::NotFound(raw) = parse_response(404, html).unwrap_err() else {
        panic!()
    };
    assert_eq!(raw.bytes(), html);
    assert_eq!(
        encode_response(&Err(ApiError::NotFound(raw))),
        (404, html.to_vec())
    );
}

#[test]
fn short_400_shape_of_docs_001_004_is_unexpected_but_kept() {
    let body = br#"{"status":"Bad Request","error_code":"Mandatory fields are missing","error_message":"object_reference_id"}"#;
    let ApiError::Unexpected {
        status,
        body: raw,
        parsed,
    } = parse_response(400, body).unwrap_err()
    else {
        panic!()
    };
    assert_eq!(status, 400);
    assert_eq!(raw.bytes(), body);
    let p = parsed.unwrap();
    assert_eq!(p.error_code(), Some("Mandatory fields are missing"));
    assert_eq!(p.error_message(), Some("object_reference_id"));
    assert_eq!(p.status(), Some("Bad Request"));
}

#[test]
fn classification() {
    macro_rules! kinds {
        ($($status:expr, $body:expr => $kind:expr;)*) => {$(
            assert_eq!(parse_response($status, $body.as_bytes()).map(|_| "customer").unwrap_or_else(|e| e.kind()), $kind, "{} {}", $status, $body);
        )*};
    }
    kinds! {
        200, r#"{"id":"cst_1"}"# => "customer";
        200, r#"{"object":"customer"}"# => "unexpected";
        200, r#"{"id":17}"# => "unexpected";
        200, "" => "unexpected";
        201, r#"{"id":"cst_1"}"# => "unexpected";
        400, r#"{"error_code":"nullable"}"# => "missing_mandatory_parameter";
        400, r#"{"error_code":"unique"}"# => "already_exists";
        400, r#"{"error_info":{"code":"INVALID_INPUT"}}"# => "invalid_input";
        400, r#"{"error_code":"unique","error_info":{"code":"INVALID_INPUT"}}"# => "invalid_input";
        400, r#"{"error_info":{"code":"SOMETHING_NEW"}}"# => "unexpected";
        400, r#"{"error_info":{"code":"UNAUTHORIZED"}}"# => "unexpected";
        401, r#"{"error_code":"access_denied"}"# => "unauthorized";
        401, r#"{"error_info":{"code":"UNAUTHORIZED"}}"# => "unauthorized";
        403, r#"{"error_info":{"code":"BAD_ORIGIN"}}"# => "bad_origin";
        403, r#"{"error_info":{"code":"UNAUTHORIZED"}}"# => "unexpected";
        404, r#"{"error_info":{"code":"INVALID_INPUT"}}"# => "not_found";
        500, r#"{"error_info":{"code":"INVALID_INPUT"}}"# => "unexpected";
        502, "<html>Bad Gateway</html>" => "unexpected";
        400, "[]" => "unexpected";
    }
}

/// A kept value read back as JSON.
fn value(raw: &juspay_customer::RawJson) -> Value {
    serde_json::from_str(raw.get()).unwrap()
}

#[test]
fn tolerance() {
    // Unknown keys anywhere are kept; keys in any order; customer_id beside id;
    // '+' country codes; the +0000 timestamp form; an unreadable timestamp.
    let body = json!({
        "last_updated": "2016-08-02T08:07:52+0000",
        "first_name": null,
        "mobile_country_code": "+65",
        "customer_id": "cust_123489",
        "date_created": "last tuesday",
        "new_field": {"nested": [1, 2, {"x": null}]},
        "juspay": {"client_auth_token_expiry": "2020-03-17T14:28:37Z", "client_auth_token": "tkn_x", "scope": "sdk"},
        "id": "cst_afdeuvmfhs3j1acm",
        "email_address": 42,
    });
    let bytes = serde_json::to_vec(&body).unwrap();
    let c = parse_response(200, &bytes).unwrap();
    assert_eq!(c.id, "cst_afdeuvmfhs3j1acm");
    assert_eq!(c.customer_id.as_deref(), Some("cust_123489"));
    assert_eq!(c.mobile_country_code.as_deref(), Some("+65"));
    assert_eq!(
        c.mobile_country_code
            .as_deref()
            .map(|c| c.trim_start_matches('+')),
        Some("65")
    );
    assert_eq!(
        c.last_updated.as_ref().unwrap().unix_seconds(),
        Some(1_470_125_272)
    );
    assert_eq!(c.date_created, Some(Timestamp::new("last tuesday")));
    assert_eq!(c.date_created.as_ref().unwrap().unix_seconds(), None);
    assert_eq!(c.first_name, None);
    assert_eq!(c.email_address, None);
    assert_eq!(value(&c.extra["new_field"]), body["new_field"]);
    assert_eq!(value(&c.extra["first_name"]), Value::Null);
    assert_eq!(value(&c.extra["email_address"]), json!(42));
    assert_eq!(serde_json::to_value(&c).unwrap()["juspay"]["scope"], json!("sdk"));
    // Re-encoding loses nothing.
    let back: Value = serde_json::from_str(&c.to_json()).unwrap();
    assert_eq!(back, body);

    let err = json!({"error_info": {"code": "INVALID_INPUT", "fields": [{"field_name": "mobile_number", "reason": "Invalid value.", "hint": 1}], "trace": "abc"}, "server": "x", "error": "yes"});
    let bytes = serde_json::to_vec(&err).unwrap();
    let ApiError::InvalidInput(b) = parse_response(400, &bytes).unwrap_err() else {
        panic!()
    };
    assert_eq!(
        b.fields().collect::<Vec<_>>(),
        [(Some("mobile_number"), Some("Invalid value."))]
    );
    assert_eq!(b.error(), None, "a string `error` is not the documented boolean");
    let back: Value = serde_json::from_slice(&encode_response(&Err(ApiError::InvalidInput(b))).1).unwrap();
    assert_eq!(back, err);

    // A fields list with a non-object entry is kept whole, as sent.
    let odd = json!({"error_info": {"code": "INVALID_INPUT", "fields": [{"field_name": "a"}, "b"]}});
    let bytes = serde_json::to_vec(&odd).unwrap();
    let e = parse_response(400, &bytes).unwrap_err();
    assert!(e.fields().is_empty());
    assert_eq!(serde_json::from_slice::<Value>(&e.to_http().1).unwrap(), odd);
}

#[test]
fn escaped_strings_and_keys() {
    let body = br#"{"i\u0064":"cst_\u0031","first_name":"J\u00f6hn","x\ny":"\ud83d\ude00"}"#;
    let c = parse_response(200, body).unwrap();
    assert_eq!(c.id, "cst_1");
    assert_eq!(c.first_name.as_deref(), Some("Jöhn"));
    assert_eq!(value(&c.extra["x\ny"]), json!("😀"));
}

#[test]
fn hostile_bodies_never_panic() {
    let big_garbage: Vec<u8> = (0..8 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let nested_open = "[".repeat(100_000);
    let nested_obj = "{\"a\":".repeat(100_000);
    let nested_closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let bodies: Vec<&[u8]> = vec![
        b"",
        b"{",
        br#"{"id":"cst_1""#,
        br#"{"id":"cst_1",}"#,
        b"\xff\xfe\x00{",
        br#"{"id":"\xff"}"#,
        &big_garbage,
        nested_open.as_bytes(),
        nested_obj.as_bytes(),
        nested_closed.as_bytes(),
    ];
    for status in [200, 400, 401, 403, 404, 500] {
        for body in &bodies {
            match parse_response(status, body) {
                Ok(_) => panic!("status {status}: a hostile body parsed as a customer"),
                Err(ApiError::NotFound(raw)) => assert_eq!(status, 404, "{}", raw.len()),
                Err(ApiError::Unexpected {
                    body: raw, parsed, ..
                }) => {
                    assert!(parsed.is_none());
                    assert_eq!(raw.len(), body.len());
                    assert!(raw.bytes().len() <= juspay_customer::RAW_BODY_LIMIT);
                    assert_eq!(raw.is_truncated(), body.len() > juspay_customer::RAW_BODY_LIMIT);
                }
                Err(other) => panic!("status {status}: {other:?}"),
            }
        }
    }
}

#[test]
fn display_and_debug() {
    let e = error(401, "000_401_unauthorized.json");
    let text = e.to_string();
    assert_eq!(
        text,
        "juspay unauthorized (401) UNAUTHORIZED: Invalid API Key. Please pass a valid and active api key. \
[request id e40e052a-f3c0-4242-9f25-c7ba47b97c31]"
    );
    let e = parse_response(500, b"secret stack trace 9988776655").unwrap_err();
    assert_eq!(e.to_string(), "juspay unexpected (500): 29 byte body");
    assert!(!format!("{e:?}").contains("9988776655"));
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    assert!(!boxed.to_string().is_empty());
}

#[test]
fn validation_errors_become_the_server_variants() {
    let missing = decode_form(b"mobile_number=1").unwrap_err();
    let e = ApiError::from(missing);
    assert!(matches!(e, ApiError::MissingMandatoryParameter(_)));
    let (status, body) = e.to_http();
    assert_eq!(parse_response(status, &body), Err(e));

    let invalid = decode_form(b"object_reference_id=cust_123489&mobile_number=x&first_name=a+b").unwrap_err();
    let e = ApiError::from(&invalid);
    let ApiError::InvalidInput(b) = &e else { panic!() };
    assert_eq!(
        field_list(b),
        [
            ("mobile_number", "Invalid value."),
            ("first_name", "Invalid value.")
        ]
    );
    let (status, body) = e.to_http();
    assert_eq!(parse_response(status, &body), Err(e.clone()));
    // One match handles a pre-validation failure and a server rejection alike.
    let server = parse_response(400, &fixture("000_400_invalid_input.json")).unwrap_err();
    for err in [e, server] {
        match err {
            ApiError::InvalidInput(b) => assert!(b.fields().count() > 0),
            other => panic!("{other:?}"),
        }
    }
}

// ---------- Key order and size never change a verdict (RFC 8259) ----------

#[test]
fn an_unknown_array_of_1100_numbers_before_id_is_a_customer() {
    let numbers = vec!["1"; 1100].join(",");
    let body =
        format!(r#"{{"history":[{numbers}],"id":"cst_1","object_reference_id":"customer@gmail.com"}}"#);
    assert!(body.len() > 2000);
    let c = parse_response(200, body.as_bytes()).unwrap();
    assert_eq!(c.id, "cst_1");
    assert_eq!(c.extra["history"].get(), format!("[{numbers}]"));
}

#[test]
fn a_400_keeps_its_fields_behind_a_large_unknown_value() {
    let filler = format!("[{}]", vec!["\"x\""; 2000].join(","));
    let body = format!(
        r#"{{"trace":{filler},"error_info":{{"code":"INVALID_INPUT","request_id":"r1","fields":[{{"field_name":"mobile_number","reason":"Invalid value."}}]}}}}"#
    );
    match parse_response(400, body.as_bytes()) {
        Err(ApiError::InvalidInput(b)) => {
            assert_eq!(b.request_id(), Some("r1"));
            assert_eq!(field_list(&b), [("mobile_number", "Invalid value.")]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_repeated_id_after_2_kb_is_unexpected() {
    let filler = "z".repeat(2048);
    let body = format!(r#"{{"id":"cst_1","note":"{filler}","id":"cst_2"}}"#);
    assert!(matches!(
        parse_response(200, body.as_bytes()),
        Err(ApiError::Unexpected {
            status: 200,
            parsed: None,
            ..
        })
    ));
}

#[test]
fn a_million_digit_number_under_an_unknown_key_is_kept_byte_for_byte() {
    let number = format!("-{}.{}e+400", "9".repeat(500_000), "1".repeat(500_000));
    let body = format!(r#"{{"id":"cst_1","score":{number}}}"#);
    let outcome = parse_response(200, body.as_bytes());
    assert_eq!(outcome.as_ref().unwrap().extra["score"].get(), number);
    let (_, encoded) = encode_response(&outcome);
    assert_eq!(encoded, body.as_bytes());
}

#[test]
fn a_body_over_the_cap_is_unexpected_with_a_bounded_prefix() {
    use juspay_customer::{BODY_LIMIT, RAW_BODY_LIMIT};
    let body = format!(r#"{{"id":"cst_1","x":"{}"}}"#, "z".repeat(BODY_LIMIT));
    match parse_response(200, body.as_bytes()) {
        Err(ApiError::Unexpected {
            status: 200,
            body: raw,
            parsed: None,
        }) => {
            assert_eq!(raw.len(), body.len());
            assert_eq!(raw.bytes(), &body.as_bytes()[..RAW_BODY_LIMIT]);
            assert!(raw.is_truncated());
        }
        other => panic!("{other:?}"),
    }
    // One byte under the cap is read.
    let fits = format!(r#"{{"id":"cst_1","x":"{}"}}"#, "z".repeat(BODY_LIMIT - 21));
    assert_eq!(fits.len(), BODY_LIMIT);
    assert!(parse_response(200, fits.as_bytes()).is_ok());
}

/// A top-level key given twice in an error body is ambiguous whatever the
/// status (which `error_info` holds the code?): unexpected, with nothing
/// parsed, as a 200 with a repeated key is. Once each, the same keys read.
#[test]
fn an_error_body_with_a_key_given_twice_is_unexpected() {
    let info = |code: &str| format!(r#"{{"code":"{code}","category":"USER_ERROR"}}"#);
    let twice = [
        format!(
            r#"{{"status":"invalid_request_error","error_info":{},"error_info":{}}}"#,
            info("INVALID_INPUT"),
            info("ALREADY_EXISTS")
        ),
        format!(
            r#"{{"error_code":"unique","error_info":{},"error_code":"unique"}}"#,
            info("ALREADY_EXISTS")
        ),
        format!(r#"{{"error_info":{},"x":1,"x":2}}"#, info("ALREADY_EXISTS")),
        // The first value of another type, the second a string: still twice.
        format!(
            r#"{{"status":1,"status":"error","error_info":{}}}"#,
            info("ALREADY_EXISTS")
        ),
    ];
    for body in &twice {
        for status in [400, 401, 403, 500] {
            assert!(
                matches!(
                    parse_response(status, body.as_bytes()),
                    Err(ApiError::Unexpected { parsed: None, .. })
                ),
                "{status} {body}"
            );
        }
    }
    let once = format!(
        r#"{{"status":"invalid_request_error","error_info":{}}}"#,
        info("ALREADY_EXISTS")
    );
    assert_eq!(
        parse_response(400, once.as_bytes()).unwrap_err().kind(),
        "already_exists"
    );
}
