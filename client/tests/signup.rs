//! The README's axum sign-up handler (`examples/axum_signup.rs`), called as
//! axum calls it, against the fake on 127.0.0.1.

#[allow(dead_code)]
#[path = "../examples/axum_signup.rs"]
mod example;
mod support;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Form;
use juspay_customer::CustomerInput;
use juspay_customer_client::Client;
use juspay_customer_fake::Faults;

fn form(body: &str) -> Form<CustomerInput<'static>> {
    Form(CustomerInput::from_form(body.as_bytes()).into_owned())
}

#[tokio::test]
async fn the_signup_handler_validates_then_creates_once() {
    let (server, held) = support::serve_fake(support::fake(Faults::new(0))).await;
    let client = Client::new(support::config(&server.url)).unwrap();

    // Typed as a person types it: normalized, then created.
    let (status, body) = example::signup(
        State(client.clone()),
        form("object_reference_id=cust_123489&mobile_number=%2B91+98765-43210"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{:?}", body.0);
    let id = body.0["customer"].as_str().unwrap().to_owned();
    let fake = held.lock().unwrap().clone();
    let made = fake.customers().next().unwrap();
    assert_eq!(
        (made.id.as_str(), made.mobile_number.as_deref()),
        (id.as_str(), Some("9876543210"))
    );

    // The same person again: ALREADY_EXISTS, resolved to the same customer.
    let (status, body) = example::signup(
        State(client.clone()),
        form("object_reference_id=cust_123489&mobile_number=9876543210"),
    )
    .await;
    assert_eq!(
        (status, body.0["customer"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );
    assert_eq!(held.lock().unwrap().creations("cust_123489"), 1);

    // Refused fields: a message a person can act on, nothing sent.
    let before = held.lock().unwrap().requests();
    let (status, body) = example::signup(
        State(client),
        form("object_reference_id=cust_7&last_name=O%27Brien&mobile_number=1"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = body.0["errors"].as_array().unwrap();
    assert_eq!(errors[0]["field"], "object_reference_id");
    assert!(
        errors
            .iter()
            .any(|e| e["message"].as_str().unwrap().starts_with("Last name")),
        "{errors:?}"
    );
    assert_eq!(held.lock().unwrap().requests(), before);
}
