//! End to end over real HTTP on 127.0.0.1: the fake served by tiny_http, the
//! client sending with ureq through the crate's `http` interop.

#[path = "../examples/support/client.rs"]
mod client;
#[path = "../examples/support/serve.rs"]
mod serve;

use juspay_customer::{
    decode_form, parse_response, ApiError, ApiKey, BaseUrl, Config, CustomerInput, Environment, Field,
    MerchantId, Operation,
};
use juspay_customer_fake::FakeJuspay;

#[path = "support/text.rs"]
mod text;
#[allow(unused_imports)]
use text::ErrorParts;

fn config(base_url: &str, key: &str) -> Config {
    Config::new(
        Environment::Custom(BaseUrl::new(base_url).unwrap()),
        ApiKey::new(key).unwrap(),
        MerchantId::new("merchant_id").unwrap(),
    )
}

#[test]
fn client_flow_against_the_fake_over_loopback() {
    let fake = FakeJuspay::new(ApiKey::new("test_key").unwrap())
        .require_merchant_id(MerchantId::new("merchant_id").unwrap());
    let server = serve::start(fake, 0).unwrap();
    let good = config(&server.base_url, "test_key");
    let body =
        b"object_reference_id=customer%40gmail.com&mobile_number=99887766&email_address=customer%40gmail.com\
&first_name=John&last_name=Smith&mobile_country_code=65";
    let request = decode_form(body).unwrap();

    // Create: 200.
    let (status, bytes) = client::send(good.request_parts(Operation::Create, &request)).unwrap();
    assert_eq!(status, 200);
    let created = parse_response(status, &bytes).unwrap();
    assert!(created.id.starts_with("cst_"));
    assert_eq!(created.object_reference_id.as_deref(), Some("customer@gmail.com"));
    assert_eq!(created.mobile_number.as_deref(), Some("99887766"));
    assert_eq!(created.mobile_country_code.as_deref(), Some("65"));
    assert!(created.client_auth_token().is_none());

    // Create again: ALREADY_EXISTS.
    let (status, bytes) = client::send(good.request_parts(Operation::Create, &request)).unwrap();
    let err = parse_response(status, &bytes).unwrap_err();
    let ApiError::AlreadyExists(b) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(b.error_code(), Some("unique"));
    assert!(err.request_id().is_some());

    // Get or create: the same id.
    let (status, bytes) = client::send(good.request_parts(Operation::GetOrCreate, &request)).unwrap();
    assert_eq!(parse_response(status, &bytes).unwrap().id, created.id);

    // Bad key: 401.
    let bad = config(&server.base_url, "wrong_key");
    let (status, bytes) = client::send(bad.request_parts(Operation::Create, &request)).unwrap();
    assert_eq!(status, 401);
    assert!(matches!(
        parse_response(status, &bytes),
        Err(ApiError::Unauthorized(_))
    ));

    // Invalid mobile: 400 INVALID_INPUT naming the field. The crate would refuse
    // it before sending, so this sends a hand-made body to see the server side.
    let mut parts = good.request_parts(Operation::Create, &request);
    parts.body = b"object_reference_id=cust_123489&mobile_number=-99887766".to_vec();
    let (status, bytes) = client::send(parts).unwrap();
    assert_eq!(status, 400);
    let err = parse_response(status, &bytes).unwrap_err();
    let ApiError::InvalidInput(b) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        b.fields().collect::<Vec<_>>(),
        [(Some("mobile_number"), Some("Invalid value."))]
    );
    // ... and it is the same error the client-side check gives.
    let local = CustomerInput::from_form(b"object_reference_id=cust_123489&mobile_number=-99887766");
    let local = ApiError::from(local.validate().unwrap_err());
    assert_eq!(local.fields(), err.fields());

    // Token requested: present, 15 minutes, masked in Debug.
    let with_token = CustomerInput::new()
        .with(Field::ObjectReferenceId, "cust_token_1")
        .with(Field::MobileNumber, "99887766")
        .with(Field::GetClientAuthToken, true);
    let req = with_token.validate().unwrap();
    let (status, bytes) = client::send(good.request_parts(Operation::GetOrCreate, &req)).unwrap();
    let c = parse_response(status, &bytes).unwrap();
    let token = c.client_auth_token().unwrap().expose().to_owned();
    assert!(token.starts_with("tkn_"));
    let created_at = c.date_created.as_ref().unwrap().unix_seconds().unwrap();
    assert_eq!(
        c.client_auth_token_expiry().unwrap().unix_seconds().unwrap() - created_at,
        900
    );
    let dbg = format!("{c:?}");
    assert!(
        !dbg.contains(&token) && dbg.contains("ClientAuthToken(<redacted>)"),
        "{dbg}"
    );

    // Unknown path: 404.
    let mut parts = good.request_parts(Operation::Create, &request);
    parts.url = format!("{}/customer", server.base_url);
    let (status, bytes) = client::send(parts).unwrap();
    assert!(matches!(
        parse_response(status, &bytes),
        Err(ApiError::NotFound(_))
    ));

    // Missing x-merchantid where required: 400 naming it.
    let mut parts = good.request_parts(Operation::Create, &request);
    parts.headers.retain(|(n, _)| *n != "x-merchantid");
    let (status, bytes) = client::send(parts).unwrap();
    let err = parse_response(status, &bytes).unwrap_err();
    assert_eq!(err.kind(), "missing_mandatory_parameter");
    assert_eq!(err.fields()[0].0, Some("x-merchantid"));

    // JSON bodies work too.
    let json = good.clone().with_encoding(juspay_customer::Encoding::Json);
    let req: CustomerInput = [
        (Field::ObjectReferenceId, "cust_json_1"),
        (Field::MobileNumber, "1"),
    ]
    .into_iter()
    .collect();
    let (status, bytes) =
        client::send(json.request_parts(Operation::Create, &req.validate().unwrap())).unwrap();
    assert_eq!(
        parse_response(status, &bytes)
            .unwrap()
            .object_reference_id
            .as_deref(),
        Some("cust_json_1")
    );
}

#[path = "../examples/support/reqwest_client.rs"]
mod reqwest_client;

#[test]
fn reqwest_reads_the_streamed_body_then_parses_it() {
    let fake = FakeJuspay::new(ApiKey::new("test_key").unwrap());
    let server = serve::start(fake, 0).unwrap();
    let config = config(&server.base_url, "test_key");
    let request = decode_form(b"object_reference_id=cust_123489&mobile_number=99887766").unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::new();
    let first = runtime
        .block_on(reqwest_client::create(
            &client,
            config.request_parts(Operation::Create, &request),
        ))
        .unwrap();
    assert_eq!(first.unwrap().object_reference_id.as_deref(), Some("cust_123489"));
    let again = runtime
        .block_on(reqwest_client::create(
            &client,
            config.request_parts(Operation::Create, &request),
        ))
        .unwrap();
    assert_eq!(again.unwrap_err().kind(), "already_exists");
}
