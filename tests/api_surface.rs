//! Public types are Send + Sync, and errors are std errors.

use juspay_customer::*;

#[path = "support/text.rs"]
mod text;
#[allow(unused_imports)]
use text::Bodies;

fn send_sync<T: Send + Sync>() {}
fn std_error<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<CustomerInput<'static>>();
    send_sync::<CustomerRequest<'static>>();
    send_sync::<FieldValue<'static>>();
    send_sync::<Field>();
    send_sync::<Reason>();
    send_sync::<Config>();
    send_sync::<RequestParts>();
    send_sync::<ApiKey>();
    send_sync::<ClientAuthToken>();
    send_sync::<Customer>();
    send_sync::<ApiError>();
    send_sync::<Timestamp>();
    send_sync::<RawBody>();
    std_error::<FieldError>();
    std_error::<ValidationErrors>();
    std_error::<ConfigError>();
    std_error::<ApiError>();
}

#[test]
fn one_door_per_job() {
    // A field: FieldValue::check, the decision validation makes for it.
    assert_eq!(FieldValue::from("99887766").check(Field::MobileNumber), Ok(()));
    assert_eq!(
        FieldValue::from("+9199").check(Field::MobileNumber),
        Err(Reason::NotADigit { ch: '+', position: 1 })
    );
    // A request: CustomerInput::validate (the decoders are its codecs).
    let errors = CustomerInput::new()
        .with(Field::ObjectReferenceId, "cust")
        .with(Field::MobileNumber, "99887766")
        .validate()
        .unwrap_err();
    assert_eq!(
        errors.errors()[0].to_string(),
        "object_reference_id is too short: 4 characters, at least 8"
    );
    assert_eq!(errors.errors()[0].field, Some(Field::ObjectReferenceId));
    // A policy: Policy::check.
    let verdict = Policy::new().normalize().check(
        CustomerInput::new()
            .with(Field::ObjectReferenceId, "cust_123489")
            .with(Field::MobileNumber, "+65 9988 7766"),
    );
    assert_eq!(verdict.request.unwrap().mobile_country_code(), "65");
    // Names: Field::parse is the inverse of Field::as_str.
    for field in Field::ALL {
        assert_eq!(Field::parse(field.as_str()), Some(field));
    }
    assert_eq!(Field::parse("phone"), None);
    // Configuration: each type's `new`.
    assert_eq!(ApiKey::new("key").unwrap().expose(), "key");
    assert_eq!(
        ApiKey::new("a:b"),
        Err(ConfigError::ApiKeyCharacter { position: 2 })
    );
    assert_eq!(MerchantId::new("m1").unwrap().as_str(), "m1");
    assert_eq!(
        BaseUrl::new("http://127.0.0.1:1/").unwrap().as_str(),
        "http://127.0.0.1:1"
    );
    assert_eq!(BaseUrl::new("ftp://x"), Err(ConfigError::BaseUrlScheme));
}

#[test]
fn errors_go_into_box_dyn_error_with_question_mark() {
    fn config() -> Result<Config, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Config::new(
            Environment::Sandbox,
            ApiKey::new("key")?,
            MerchantId::new("merchant")?,
        ))
    }
    fn request() -> Result<CustomerRequest<'static>, Box<dyn std::error::Error + Send + Sync>> {
        Ok(decode_form(b"object_reference_id=cust_123489&mobile_number=1")?.into_owned())
    }
    fn short() -> Result<CustomerRequest<'static>, Box<dyn std::error::Error>> {
        Ok(decode_form(b"object_reference_id=short&mobile_number=1")?.into_owned())
    }
    fn response() -> Result<Customer, Box<dyn std::error::Error>> {
        Ok(parse_response(404, b"")?)
    }
    assert!(config().is_ok());
    assert!(request().is_ok());
    assert_eq!(
        short().unwrap_err().to_string(),
        "object_reference_id is too short: 5 characters, at least 8"
    );
    assert_eq!(
        response().unwrap_err().to_string(),
        "juspay not found (404): 0 byte body"
    );
}

#[test]
fn a_request_converts_into_an_input_owned_or_borrowed() {
    let body = b"object_reference_id=cust_123489&mobile_number=99887766&first_name=John".to_vec();
    let request = decode_form(&body).unwrap();
    let borrowed: CustomerInput<'_> = CustomerInput::from(&request);
    assert_eq!(borrowed.validate().unwrap(), request);
    let owned: CustomerInput<'static> = CustomerInput::from(request.clone().into_owned());
    drop(body);
    assert_eq!(owned.get(Field::FirstName), &FieldValue::from("John"));
    assert!(owned.validate().is_ok());
}

#[test]
fn owned_requests_outlive_their_bodies_and_move_to_threads() {
    // The shape that failed with E0515 / E0597: a request that outlives its body.
    fn parse(body: Vec<u8>) -> Result<CustomerRequest<'static>, ValidationErrors> {
        decode_form(&body).map(CustomerRequest::into_owned)
    }
    let request = parse(b"object_reference_id=cust_123489&mobile_number=99887766".to_vec()).unwrap();
    let handle = std::thread::spawn(move || request.to_form());
    assert_eq!(
        handle.join().unwrap(),
        "object_reference_id=cust_123489&mobile_number=99887766&mobile_country_code=91"
    );
    let input = CustomerInput::from_form(b"mobile_number=1").into_owned();
    std::thread::spawn(move || input.validate().is_err())
        .join()
        .unwrap();
}

#[test]
fn validation_errors_iterate_and_serialize_as_the_cli_writes_them() {
    let errors = decode_form(b"mobile_number=99+88&first_name=Mary+Ann").unwrap_err();
    let fields: Vec<_> = (&errors).into_iter().map(|e| e.field).collect();
    let mut seen = 0;
    for e in &errors {
        assert!(e.field.is_some());
        seen += 1;
    }
    assert_eq!(seen, 3);
    assert_eq!(fields.len(), 3);
    assert_eq!(errors.clone().into_iter().count(), 3);
    assert_eq!(
        serde_json::to_string(&errors).unwrap(),
        concat!(
            r#"[{"field":"object_reference_id","code":"MISSING_MANDATORY_PARAMETER","reason":"missing","message":"object_reference_id is missing"},"#,
            r#"{"field":"mobile_number","code":"INVALID_INPUT","reason":"not_a_digit","message":"mobile_number has ' ' at position 3, only digits 0-9 are allowed"},"#,
            r#"{"field":"first_name","code":"INVALID_INPUT","reason":"forbidden_character","message":"first_name has forbidden character ' ' at position 5"}]"#
        )
    );
    let body = decode_json(b"[]").unwrap_err();
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"[{"field":null,"code":"INVALID_INPUT","reason":"not_an_object","message":"request body is not a JSON object but array"}]"#
    );
}

#[test]
fn inputs_deserialize_from_json_and_forms_with_per_field_errors() {
    let json: CustomerInput<'static> = serde_json::from_str(
        r#"{"object_reference_id":"cust_123489","mobile_number":"1","mobile_number":"2","first_name":7,"nickname":{"a":1},"options.get_client_auth_token":true}"#,
    )
    .unwrap();
    let errors = json.validate().unwrap_err();
    let reasons: Vec<_> = errors
        .errors()
        .iter()
        .map(|e| (e.field.unwrap().as_str(), e.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [("mobile_number", "duplicate_key"), ("first_name", "wrong_type")]
    );
    let form: CustomerInput<'static> = serde_urlencoded::from_str(
        "object_reference_id=cust_123489&mobile_number=99887766&options.get_client_auth_token=true",
    )
    .unwrap();
    assert_eq!(form.validate().unwrap().get_client_auth_token(), Some(true));
    let not_object = serde_json::from_str::<CustomerInput<'static>>("[1]").unwrap_err();
    assert!(not_object
        .to_string()
        .starts_with("request body is not a JSON object but array"));
}

#[test]
fn customers_deserialize_and_errors_serialize_for_logs() {
    let body = r#"{"id":"cst_1","object_reference_id":"customer@gmail.com","tier":"gold"}"#;
    let customer: Customer = serde_json::from_str(body).unwrap();
    assert_eq!(customer, parse_response(200, body.as_bytes()).unwrap());
    assert_eq!(
        serde_json::from_str::<Customer>(&customer.to_json()).unwrap(),
        customer
    );
    assert!(serde_json::from_str::<Customer>(r#"{"id":""}"#).is_err());
    let outcome = parse_response(
        400,
        br#"{"error_info":{"code":"INVALID_INPUT","request_id":"r1","fields":[{"field_name":"mobile_number","value":"99887766"}]}}"#,
    );
    let logged = summarize(&outcome);
    assert_eq!(
        logged,
        r#"{"code":"INVALID_INPUT","developer_message":null,"error_code":null,"error_message":null,"fields":["mobile_number"],"kind":"invalid_input","request_id":"r1","status":400}"#
    );
    assert!(!logged.contains("99887766"));
    // Both `to_json`s give text.
    let request = decode_form(b"object_reference_id=cust_123489&mobile_number=1").unwrap();
    let (_, _): (String, String) = (request.to_json(), customer.to_json());
}
