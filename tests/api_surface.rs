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
    send_sync::<ObjectReferenceId<'static>>();
    send_sync::<MobileNumber<'static>>();
    send_sync::<EmailAddress<'static>>();
    send_sync::<FirstName<'static>>();
    send_sync::<LastName<'static>>();
    send_sync::<MobileCountryCode<'static>>();
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
fn newtypes_parse_and_serialize_through_validation() {
    let m: MobileNumber<'static> = "99887766".parse().unwrap();
    assert_eq!(serde_json::to_string(&m).unwrap(), "\"99887766\"");
    let back: MobileNumber<'static> = serde_json::from_str("\"99887766\"").unwrap();
    assert_eq!(back, m);
    let err = serde_json::from_str::<MobileNumber<'static>>("\"+9199\"").unwrap_err();
    assert_eq!(
        err.to_string(),
        "mobile_number has '+' at position 1, only digits 0-9 are allowed"
    );
    let err = "cust".parse::<ObjectReferenceId<'static>>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "object_reference_id is too short: 4 characters, at least 8"
    );
    assert_eq!(err.field, Some(Field::ObjectReferenceId));
    assert_eq!(
        ObjectReferenceId::new("cust_123489").unwrap().as_str(),
        "cust_123489"
    );
}

#[test]
fn errors_go_into_box_dyn_error_with_question_mark() {
    fn config() -> Result<Config, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Config::new(
            Environment::Sandbox,
            "key".parse()?,
            "merchant".parse()?,
        ))
    }
    fn request() -> Result<CustomerRequest<'static>, Box<dyn std::error::Error + Send + Sync>> {
        Ok(decode_form(b"object_reference_id=cust_123489&mobile_number=1")?.into_owned())
    }
    fn field() -> Result<ObjectReferenceId<'static>, Box<dyn std::error::Error>> {
        Ok("short".parse()?)
    }
    fn response() -> Result<Customer, Box<dyn std::error::Error>> {
        Ok(parse_response(404, b"")?)
    }
    assert!(config().is_ok());
    assert!(request().is_ok());
    assert_eq!(
        field().unwrap_err().to_string(),
        "object_reference_id is too short: 5 characters, at least 8"
    );
    assert_eq!(
        response().unwrap_err().to_string(),
        "juspay not found (404): 0 byte body"
    );
    std_error::<UnknownField>();
}

#[test]
fn try_from_str_beside_every_from_str() {
    // Newtypes borrow with TryFrom<&str> and own with FromStr / TryFrom<String>.
    let text = String::from("cust_123489");
    let borrowed = ObjectReferenceId::try_from(text.as_str()).unwrap();
    assert_eq!(borrowed.as_ref(), "cust_123489");
    let owned: ObjectReferenceId<'static> = ObjectReferenceId::try_from(text.clone()).unwrap();
    assert_eq!(owned, borrowed);
    assert_eq!(MobileNumber::try_from("99887766").unwrap().as_ref(), "99887766");
    assert!(EmailAddress::try_from("a@b").is_ok());
    assert!(FirstName::try_from("John").is_ok());
    assert!(LastName::try_from("O'Brien").is_err());
    assert!(MobileCountryCode::try_from("+65").is_err());
    // Field names.
    assert_eq!("mobile_number".parse::<Field>(), Ok(Field::MobileNumber));
    assert_eq!(
        Field::try_from("options.get_client_auth_token"),
        Ok(Field::GetClientAuthToken)
    );
    assert_eq!("phone".parse::<Field>(), Err(UnknownField));
    assert_eq!(
        UnknownField.to_string(),
        "not a field name of the Create Customer request"
    );
    assert_eq!(Field::EmailAddress.as_ref(), "email_address");
    // Configuration.
    assert_eq!(ApiKey::try_from("key").unwrap().expose(), "key");
    assert_eq!("key".parse::<ApiKey>().unwrap().expose(), "key");
    assert_eq!(
        ApiKey::try_from(String::from("a:b")),
        Err(ConfigError::ApiKeyCharacter { position: 2 })
    );
    assert_eq!(MerchantId::try_from("m1").unwrap().as_ref(), "m1");
    assert_eq!("m1".parse::<MerchantId>().unwrap().as_str(), "m1");
    assert_eq!(
        "http://127.0.0.1:1/".parse::<BaseUrl>().unwrap().as_ref(),
        "http://127.0.0.1:1"
    );
    assert_eq!(BaseUrl::try_from("ftp://x"), Err(ConfigError::BaseUrlScheme));
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
    assert_eq!(form.validate().unwrap().get_client_auth_token, Some(true));
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
    let logged = serde_json::to_string(&juspay_customer::Summary::of(&outcome)).unwrap();
    assert_eq!(
        logged,
        r#"{"code":"INVALID_INPUT","developer_message":null,"error_code":null,"error_message":null,"fields":["mobile_number"],"kind":"invalid_input","request_id":"r1","status":400}"#
    );
    assert!(!logged.contains("99887766"));
    // Both `to_json`s give text.
    let request = decode_form(b"object_reference_id=cust_123489&mobile_number=1").unwrap();
    let (_, _): (String, String) = (request.to_json(), customer.to_json());
}
