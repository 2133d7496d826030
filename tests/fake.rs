//! The sans-IO fake, driven directly: every documented behaviour.

use juspay_customer::fake::{FakeJuspay, FakeRequest, FakeResponse};
use juspay_customer::{parse_response, ApiError, ApiKey, MerchantId};

#[path = "support/text.rs"]
mod text;
#[allow(unused_imports)]
use text::ErrorParts;

const AUTH: &str = "Basic dGVzdF9rZXk6"; // base64("test_key:"), computed independently
const NOW: i64 = 1_584_454_417; // 2020-03-17T14:13:37Z, doc 000's date_created

fn send(fake: &mut FakeJuspay, path: &str, headers: &[(&str, &str)], body: &[u8]) -> FakeResponse {
    fake.handle(
        &FakeRequest {
            method: "POST",
            path,
            headers,
            body,
        },
        NOW,
    )
}

fn form(fake: &mut FakeJuspay, path: &str, body: &str) -> FakeResponse {
    send(
        fake,
        path,
        &[
            ("authorization", AUTH),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    )
}

fn fake() -> FakeJuspay {
    FakeJuspay::new(ApiKey::new("test_key").unwrap())
}

const DOC_000: &str =
    "object_reference_id=customer%40gmail.com&mobile_number=99887766&email_address=customer%40gmail.com\
&first_name=John&last_name=Smith&mobile_country_code=65";

#[test]
fn create_gives_the_doc_000_shape() {
    let mut f = fake();
    let resp = form(&mut f, "/customers", DOC_000);
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.headers,
        [("Content-Type".to_owned(), "application/json".to_owned())]
    );
    let c = parse_response(resp.status, &resp.body).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
    let mut want: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/000_200_success.json"
        ))
        .unwrap(),
    )
    .unwrap();
    // Everything but the server-made id matches doc 000's sample.
    want["id"] = serde_json::Value::String(c.id.clone());
    assert_eq!(body, want);
    assert_eq!(c.id.len(), "cst_afdeuvmfhs3j1acm".len());
    assert_eq!(f.customers().count(), 1);
}

#[test]
fn create_twice_is_already_exists_and_get_or_create_returns_the_same() {
    let mut f = fake();
    let first = parse_response(200, &form(&mut f, "/customers", DOC_000).body).unwrap();
    let again = form(&mut f, "/customers", DOC_000);
    assert_eq!(again.status, 400);
    let err = parse_response(again.status, &again.body).unwrap_err();
    let ApiError::AlreadyExists(b) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        b.error_message.as_deref(),
        Some("Customer with given object reference id already exist for your account.")
    );
    assert!(err.request_id().is_some());
    let same = form(&mut f, "/v2/customers", DOC_000);
    assert_eq!(parse_response(same.status, &same.body).unwrap().id, first.id);
    // Get or create makes what it does not find.
    let other = form(
        &mut f,
        "/v2/customers",
        "object_reference_id=cust_123489&mobile_number=1",
    );
    assert_ne!(parse_response(other.status, &other.body).unwrap().id, first.id);
    assert_eq!(f.customers().count(), 2);
}

#[test]
fn token_expires_fifteen_minutes_after_the_given_clock() {
    let mut f = fake();
    let resp = form(
        &mut f,
        "/v2/customers",
        &format!("{DOC_000}&options.get_client_auth_token=true"),
    );
    let c = parse_response(resp.status, &resp.body).unwrap();
    assert!(c.client_auth_token().unwrap().expose().starts_with("tkn_"));
    // Doc 001's sample: created 14:13:37, token expiry 14:28:37.
    assert_eq!(c.date_created.as_ref().unwrap().as_str(), "2020-03-17T14:13:37Z");
    assert_eq!(
        c.client_auth_token_expiry().unwrap().as_str(),
        "2020-03-17T14:28:37Z"
    );
    let none = form(
        &mut f,
        "/v2/customers",
        &format!("{DOC_000}&options.get_client_auth_token=false"),
    );
    assert!(parse_response(none.status, &none.body).unwrap().juspay.is_none());
}

#[test]
fn auth_and_routing() {
    let mut f = fake();
    let no_auth = send(&mut f, "/customers", &[], DOC_000.as_bytes());
    assert!(matches!(
        parse_response(no_auth.status, &no_auth.body),
        Err(ApiError::Unauthorized(_))
    ));
    let wrong = send(
        &mut f,
        "/customers",
        &[("Authorization", "Basic d3Jvbmc6")],
        DOC_000.as_bytes(),
    );
    assert_eq!(wrong.status, 401);
    let err = parse_response(wrong.status, &wrong.body).unwrap_err();
    assert_eq!(
        err.body().unwrap().developer_message(),
        Some("Invalid API Key. Please pass a valid and active api key.")
    );
    for path in ["/customer", "/v3/customers", "/"] {
        let r = form(&mut f, path, DOC_000);
        assert_eq!((r.status, r.body.len()), (404, 0), "{path}");
    }
    let get = f.handle(
        &FakeRequest {
            method: "GET",
            path: "/customers",
            headers: &[("authorization", AUTH)],
            body: b"",
        },
        NOW,
    );
    assert_eq!(get.status, 404);
    let with_query = form(&mut f, "/customers?x=1", DOC_000);
    assert_eq!(with_query.status, 200);
}

#[test]
fn merchant_id_when_required() {
    let mut f = fake().require_merchant_id(MerchantId::new("merchant_id").unwrap());
    let missing = form(&mut f, "/customers", DOC_000);
    assert_eq!(missing.status, 400);
    let err = parse_response(missing.status, &missing.body).unwrap_err();
    assert_eq!(err.kind(), "missing_mandatory_parameter");
    assert_eq!(err.fields()[0].field_name.as_deref(), Some("x-merchantid"));
    let h = [("authorization", AUTH), ("x-merchantid", "other")];
    assert_eq!(send(&mut f, "/customers", &h, DOC_000.as_bytes()).status, 401);
    let h = [("authorization", AUTH), ("X-MerchantId", "merchant_id")];
    assert_eq!(send(&mut f, "/customers", &h, DOC_000.as_bytes()).status, 200);
}

#[test]
fn validation_failures_get_the_servers_400_bodies() {
    let mut f = fake();
    for (body, kind, fields) in [
        (
            "object_reference_id=&mobile_number=99887766",
            "invalid_input",
            vec!["object_reference_id"],
        ),
        (
            "object_reference_id=customer%40gmail.com&mobile_number=",
            "invalid_input",
            vec!["mobile_number"],
        ),
        (
            "object_reference_id=customer%40gmail.com&mobile_number=-99887766",
            "invalid_input",
            vec!["mobile_number"],
        ),
        (
            "mobile_number=99887766",
            "missing_mandatory_parameter",
            vec!["object_reference_id"],
        ),
        (
            "object_reference_id=cust_123489&mobile_number=1&first_name=a+b&last_name=%27",
            "invalid_input",
            vec!["first_name", "last_name"],
        ),
    ] {
        let r = form(&mut f, "/customers", body);
        assert_eq!(r.status, 400, "{body}");
        let err = parse_response(r.status, &r.body).unwrap_err();
        assert_eq!(err.kind(), kind, "{body}");
        let got: Vec<&str> = err
            .fields()
            .iter()
            .map(|x| x.field_name.as_deref().unwrap())
            .collect();
        assert_eq!(got, fields, "{body}");
    }
    // Doc 000's exact body for a leading '-' (request_id aside).
    let r = form(
        &mut f,
        "/customers",
        "object_reference_id=customer%40gmail.com&mobile_number=-99887766",
    );
    let mut got: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    got["error_info"].as_object_mut().unwrap().remove("request_id");
    got["error_info"].as_object_mut().unwrap().remove("href");
    let want: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/000_table_400_leading_dash_mobile.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(got, want);
    // JSON bodies are validated the same way.
    let h = [
        ("authorization", AUTH),
        ("content-type", "application/json; charset=utf-8"),
    ];
    let r = send(
        &mut f,
        "/customers",
        &h,
        br#"{"object_reference_id":"cust_123489","mobile_number":99887766}"#,
    );
    assert_eq!(
        parse_response(r.status, &r.body).unwrap_err().kind(),
        "invalid_input"
    );
    assert_eq!(f.customers().count(), 0);
}
