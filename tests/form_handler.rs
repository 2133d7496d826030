//! The sign-up form handler example, over real HTTP on 127.0.0.1.

#[path = "../examples/support/signup.rs"]
mod signup;

use serde_json::{json, Value};

fn post(url: &str, form: &str) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(form)
        .unwrap();
    let status = resp.status().as_u16();
    (
        status,
        serde_json::from_slice(&resp.body_mut().read_to_vec().unwrap()).unwrap(),
    )
}

#[test]
fn posting_forms() {
    let server = signup::start(0).unwrap();
    let url = format!("{}/signup", server.base_url);

    let (status, body) = post(&url, "object_reference_id=cust_123489&mobile_number=%28998%29+877-66&mobile_country_code=%2B65&first_name=John");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"ok": true, "juspay_body": "object_reference_id=cust_123489&mobile_number=99887766&first_name=John&mobile_country_code=65"})
    );

    let (status, body) = post(
        &url,
        "object_reference_id=short&mobile_number=9988x&email_address=a%40b%40c&first_name=Mary+Ann",
    );
    assert_eq!(status, 422);
    assert_eq!(body["ok"], false);
    let errors = body["errors"].as_object().unwrap();
    let mut names: Vec<&str> = errors.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "email_address",
            "first_name",
            "mobile_number",
            "object_reference_id"
        ]
    );
    assert_eq!(
        errors["object_reference_id"]["message"],
        "object_reference_id is too short: 5 characters, at least 8"
    );
    assert_eq!(errors["mobile_number"]["reason"], "not_a_digit");
    assert_eq!(
        errors["first_name"]["message"],
        "first_name has forbidden character ' ' at position 5"
    );

    let (status, body) = post(&url, "first_name=John");
    assert_eq!(status, 422);
    assert_eq!(body["errors"]["mobile_number"]["reason"], "missing");

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut page = agent.get(&format!("{}/", server.base_url)).call().unwrap();
    assert!(page
        .body_mut()
        .read_to_string()
        .unwrap()
        .contains("name=\"mobile_number\""));
}
