//! A sign-up handler in axum: the form is normalized and validated, refused
//! fields come back as messages for the person who typed them, and a valid
//! one becomes a Juspay customer in one call.
//!
//! ```text
//! juspay-customer fake-server --port 8080 &    # a local Juspay
//! JUSPAY_BASE_URL=http://127.0.0.1:8080 JUSPAY_API_KEY=test_key cargo run -p juspay-customer-client --example axum_signup
//! curl -d 'object_reference_id=cust_123489&mobile_number=%2B91 98765-43210' http://127.0.0.1:3000/signup
//! ```

use axum::{extract::State, http::StatusCode, routing::post, Form, Json, Router};
use juspay_customer::{ApiKey, BaseUrl, Config, CustomerInput, Environment, MerchantId, Policy};
use juspay_customer_client::Client;
use serde_json::{json, Value};

pub async fn signup(
    State(client): State<Client>,
    Form(input): Form<CustomerInput<'static>>,
) -> (StatusCode, Json<Value>) {
    let request = match Policy::new().normalize().check(input).request {
        Ok(request) => request,
        Err(errors) => {
            let messages: Vec<_> = errors
                .errors()
                .iter()
                .map(|e| json!({"field": e.field.map(|f| f.as_str()), "message": e.user_message()}))
                .collect();
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "errors": messages })),
            );
        }
    };
    match client.create(&request).await {
        Ok(done) => (StatusCode::CREATED, Json(json!({ "customer": done.customer.id }))),
        // The customer may exist (a lost answer, ALREADY_EXISTS): fetch it, never report it failed.
        Err(e) if e.customer_may_exist() => match client.get_or_create(&request).await {
            Ok(found) => (StatusCode::OK, Json(json!({ "customer": found.customer.id }))),
            Err(e) => (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": e.to_string(), "retry": true })),
            ),
        },
        Err(e) => (StatusCode::BAD_GATEWAY, Json(json!({ "error": e.to_string() }))),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let environment = match std::env::var("JUSPAY_BASE_URL") {
        Ok(url) => Environment::Custom(BaseUrl::new(&url)?),
        Err(_) => Environment::Sandbox,
    };
    let key = ApiKey::new(std::env::var("JUSPAY_API_KEY")?)?;
    let merchant =
        MerchantId::new(std::env::var("JUSPAY_MERCHANT_ID").unwrap_or_else(|_| "merchant_id".into()))?;
    let client = Client::new(Config::new(environment, key, merchant))?;
    let app = Router::new().route("/signup", post(signup)).with_state(client);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
