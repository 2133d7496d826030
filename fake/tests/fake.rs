//! The sans-IO fake, driven directly: every documented behaviour.

use juspay_customer::{parse_response, ApiError, ApiKey, MerchantId};
use juspay_customer_fake::{FakeJuspay, FakeRequest, FakeResponse};

#[path = "../../tests/support/text.rs"]
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
            "/../tests/fixtures/000_200_success.json"
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
        b.error_message(),
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
    assert!(parse_response(none.status, &none.body)
        .unwrap()
        .client_auth_token()
        .is_none());
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
    assert_eq!(err.fields()[0].0, Some("x-merchantid"));
    let h = [("authorization", AUTH), ("x-merchantid", "other")];
    let wrong = send(&mut f, "/customers", &h, DOC_000.as_bytes());
    assert_eq!(wrong.status, 401);
    let err = parse_response(wrong.status, &wrong.body).unwrap_err();
    assert_eq!(
        err.body().and_then(|b| b.developer_message()),
        Some("The x-merchantid does not match the merchant of the API key.")
    );
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
        let got: Vec<&str> = err.fields().iter().map(|x| x.0.unwrap()).collect();
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
            "/../tests/fixtures/000_table_400_leading_dash_mobile.json"
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

#[test]
fn methods_are_case_sensitive_and_content_length_must_agree() {
    let mut f = fake();
    let lower = f.handle(
        &FakeRequest {
            method: "post",
            path: "/customers",
            headers: &[("authorization", AUTH)],
            body: DOC_000.as_bytes(),
        },
        NOW,
    );
    assert_eq!((lower.status, lower.body.len()), (404, 0));
    let len = DOC_000.len().to_string();
    let other = (DOC_000.len() + 1).to_string();
    for (headers, status) in [
        (
            vec![
                ("content-length", len.as_str()),
                ("Content-Length", other.as_str()),
            ],
            400,
        ),
        (vec![("content-length", "10, 12")], 400),
        (
            vec![("content-length", len.as_str()), ("Content-Length", len.as_str())],
            200,
        ),
        (vec![("content-length", len.as_str())], 200),
    ] {
        let mut h = headers.clone();
        h.push(("authorization", AUTH));
        let r = send(&mut f, "/v2/customers", &h, DOC_000.as_bytes());
        assert_eq!(r.status, status, "{headers:?}");
    }
}

mod faults {
    use super::*;
    use juspay_customer_fake::{Exchange, Fault, Faults, FaultsError, Reply};
    use std::time::Duration;

    fn exchange(f: &mut FakeJuspay, body: &str) -> Exchange {
        f.exchange(
            &FakeRequest {
                method: "POST",
                path: "/customers",
                headers: &[("authorization", AUTH)],
                body: body.as_bytes(),
            },
            NOW,
        )
    }

    fn body(i: u32) -> String {
        format!("object_reference_id=cust_{i:08}&mobile_number=99887766")
    }

    #[test]
    fn shares_are_drawn_as_scripted_and_repeat_from_the_seed() {
        let faults = Faults::new(11)
            .with(Fault::ServerError(503), 100_000)
            .unwrap()
            .with(Fault::TooManyRequests, 20_000)
            .unwrap()
            .with(Fault::Reset, 30_000)
            .unwrap()
            .with(Fault::CommitThenReset, 10_000)
            .unwrap()
            .retry_after_seconds(3)
            .max_latency(Duration::from_millis(4));
        let run = || {
            let mut f = fake().with_faults(faults.clone());
            let replies: Vec<Exchange> = (0..20_000).map(|i| exchange(&mut f, &body(i))).collect();
            (f, replies)
        };
        let (f, replies) = run();
        assert_eq!(run().1, replies, "the same seed and order give the same script");
        let count = |status: u16| {
            replies
                .iter()
                .filter(|e| matches!(&e.reply, Reply::Respond(r) if r.status == status))
                .count()
        };
        let resets = replies.iter().filter(|e| e.reply == Reply::Reset).count();
        // 10%, 2%, 3% + 1% of 20,000, within a few standard deviations.
        assert!((1_800..2_200).contains(&count(503)), "{}", count(503));
        assert!((320..480).contains(&count(429)), "{}", count(429));
        assert!((640..960).contains(&resets), "{resets}");
        assert_eq!(f.requests(), 20_000);
        // A 200 or a commit-then-reset created; nothing else did.
        let created = (0..20_000)
            .filter(|i| f.creations(&format!("cust_{i:08}")) == 1)
            .count();
        assert!(created > count(200) && created < count(200) + resets, "{created}");
        assert_eq!(f.customers().count(), created);
        for e in &replies {
            assert!(e.delay <= Duration::from_millis(4));
            if let Reply::Respond(r) = &e.reply {
                let retry_after = r.headers.iter().find(|(n, _)| n == "Retry-After");
                assert_eq!(
                    retry_after.map(|(_, v)| v.as_str()),
                    (r.status == 429).then_some("3")
                );
                let parsed = parse_response(r.status, &r.body);
                assert_eq!(parsed.is_err(), r.status != 200);
                if let Err(e) = parsed {
                    assert!(e.is_retryable(), "{e}");
                }
            }
        }
        assert!(replies.iter().any(|e| e.delay > Duration::from_millis(3)));
        // Another seed, another script.
        let mut g = fake().with_faults(faults.clone());
        let mut h = fake().with_faults(Faults::new(12).with(Fault::ServerError(503), 100_000).unwrap());
        let differ = (0..200)
            .filter(|&i| exchange(&mut g, &body(i)) != exchange(&mut h, &body(i)))
            .count();
        assert!(differ > 0);
    }

    #[test]
    fn commit_then_reset_creates_and_loses_the_answer() {
        let mut f = fake().with_faults(Faults::new(1).with(Fault::CommitThenReset, 1_000_000).unwrap());
        assert_eq!(exchange(&mut f, &body(1)).reply, Reply::Reset);
        assert_eq!(f.creations("cust_00000001"), 1);
        assert_eq!(exchange(&mut f, &body(1)).reply, Reply::Reset);
        assert_eq!(
            f.creations("cust_00000001"),
            1,
            "the second Create was refused, not a second customer"
        );
        // handle() never injects faults.
        let r = form(&mut f, "/customers", &body(1));
        assert_eq!(
            parse_response(r.status, &r.body).unwrap_err().kind(),
            "already_exists"
        );
    }

    #[test]
    fn scripts_that_cannot_be() {
        assert_eq!(
            Faults::new(0).with(Fault::ServerError(404), 1).unwrap_err(),
            FaultsError::NotAServerError(404)
        );
        let err = Faults::new(0)
            .with(Fault::Reset, 600_000)
            .unwrap()
            .with(Fault::TooManyRequests, 400_001)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the fault shares add up to 1000001 per million requests, over 1,000,000"
        );
        assert!(Faults::new(0).with(Fault::ServerError(599), 1_000_000).is_ok());
    }
}
