//! A client: builds a Create Customer request with the crate, sends it with
//! a real HTTP client (ureq), and matches the parsed outcome.
//!
//! ```text
//! # against the fake (start `juspay-customer fake-server --port 8080` first):
//! cargo run --example create_customer --features http -- --base-url http://127.0.0.1:8080 --object-reference-id cust_123489 --mobile 99887766
//! # against Sandbox: the key in JUSPAY_API_KEY (never an argument: ps and shell history show those)
//! JUSPAY_API_KEY=... cargo run --example create_customer --features http -- --merchant-id M --object-reference-id cust_123489 --mobile 99887766
//! ```

#[path = "support/client.rs"]
mod client;

use juspay_customer::{
    parse_response, ApiError, ApiKey, BaseUrl, Config, CustomerInput, Environment, Field, MerchantId,
    Operation,
};

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args = std::env::args().skip(1);
    let (mut base_url, mut merchant) = (None, "merchant_id".to_owned());
    let key = std::env::var("JUSPAY_API_KEY").ok();
    let (mut get_or_create, mut token) = (false, false);
    let mut input = CustomerInput::new();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--base-url" => base_url = Some(value()?),
            "--merchant-id" => merchant = value()?,
            "--object-reference-id" => input.set(Field::ObjectReferenceId, value()?),
            "--mobile" => input.set(Field::MobileNumber, value()?),
            "--email" => input.set(Field::EmailAddress, value()?),
            "--first-name" => input.set(Field::FirstName, value()?),
            "--last-name" => input.set(Field::LastName, value()?),
            "--country-code" => input.set(Field::MobileCountryCode, value()?),
            "--get-or-create" => get_or_create = true,
            "--token" => token = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if token {
        input.set(Field::GetClientAuthToken, true);
    }
    // The fake by default; Sandbox when a key is given without a base URL.
    let environment = match (&base_url, &key) {
        (Some(url), _) => Environment::Custom(BaseUrl::new(url)?),
        (None, Some(_)) => Environment::Sandbox,
        (None, None) => Environment::Custom(BaseUrl::new("http://127.0.0.1:8080")?),
    };
    let config = Config::new(
        environment,
        ApiKey::new(key.unwrap_or_else(|| "test_key".into()))?,
        MerchantId::new(merchant)?,
    );
    // Refused before anything leaves: the same errors the server would give.
    let request = match input.validate() {
        Ok(r) => r,
        Err(errors) => {
            eprintln!("not sent: {errors}");
            std::process::exit(1);
        }
    };
    let op = if get_or_create {
        Operation::GetOrCreate
    } else {
        Operation::Create
    };
    let parts = config.request_parts(op, &request);
    eprintln!("sending {parts:?}");
    let (status, body) = client::send(parts)?;
    match parse_response(status, &body) {
        Ok(customer) => println!("customer {} ({customer:?})", customer.id),
        Err(ApiError::AlreadyExists(_)) => println!("already exists: try --get-or-create"),
        Err(ApiError::InvalidInput(e)) => {
            println!("invalid input: {:?}", e.field_names().collect::<Vec<_>>())
        }
        Err(other) => println!("{other}"),
    }
    Ok(())
}
