//! Public types are Send + Sync, and errors are std errors.

use juspay_customer::*;

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
