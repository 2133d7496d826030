//! The binding's own shapes, in Node (wasm-bindgen-test): what JavaScript
//! receives from each export, and that the token comes out only through
//! `clientAuthToken`.
//! Run: `cargo test -p juspay-customer-wasm --target wasm32-unknown-unknown`
//! for the web build's exports, with `--features node` for all of them (the
//! runner is set in `.cargo/config.toml`).

#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use juspay_customer_wasm::{check_field, rules, validate_fields, validate_form};
#[cfg(feature = "node")]
use juspay_customer_wasm::{client_auth_token, parse_response_js, validate_json};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

#[cfg(feature = "node")]
fn options(normalize: bool) -> JsValue {
    with(&[("normalize", normalize.into())])
}

/// An options object with these entries.
fn with(entries: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (key, value) in entries {
        Reflect::set(&o, &(*key).into(), value).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn a_valid_verdict_is_a_plain_object_with_the_body() {
    let v = validate_form(
        JsValue::from_str("object_reference_id=cust_123489&mobile_number=99887766"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert!(v.is_object());
    assert_eq!(get(&v, "valid"), JsValue::TRUE);
    assert_eq!(
        get(&v, "body").as_string().unwrap(),
        "object_reference_id=cust_123489&mobile_number=99887766&mobile_country_code=91"
    );
    assert!(get(&v, "line").is_undefined(), "no line outside the CLI");
}

#[wasm_bindgen_test]
#[cfg(feature = "node")]
fn refusals_are_arrays_of_error_objects() {
    let v = validate_json(
        JsValue::from_str(r#"{"object_reference_id":"cust_123489","mobile_number":"99 88"}"#),
        options(false),
    )
    .unwrap();
    assert_eq!(get(&v, "valid"), JsValue::FALSE);
    let errors = Array::from(&get(&v, "errors"));
    assert_eq!(errors.length(), 1);
    let e = errors.get(0);
    assert_eq!(get(&e, "field").as_string().unwrap(), "mobile_number");
    assert_eq!(get(&e, "code").as_string().unwrap(), "INVALID_INPUT");
    assert_eq!(get(&e, "reason").as_string().unwrap(), "not_a_digit");
    assert_eq!(
        get(&e, "message").as_string().unwrap(),
        "mobile_number has ' ' at position 3, only digits 0-9 are allowed"
    );
    // Normalized, the same record passes.
    let v = validate_json(
        JsValue::from_str(r#"{"object_reference_id":"cust_123489","mobile_number":"99 88"}"#),
        options(true),
    )
    .unwrap();
    assert_eq!(get(&v, "valid"), JsValue::TRUE);
    // A whole-body refusal has field null.
    let v = validate_json(JsValue::from_str("[1]"), JsValue::UNDEFINED).unwrap();
    assert!(get(&Array::from(&get(&v, "errors")).get(0), "field").is_null());
}

#[wasm_bindgen_test]
fn fields_objects_take_strings_booleans_and_null() {
    let fields = JSON::parse(
        r#"{"object_reference_id":"cust_123489","mobile_number":"99887766","email_address":null,"options.get_client_auth_token":true,"nickname":5}"#,
    )
    .unwrap();
    let v = validate_fields(fields, JsValue::UNDEFINED).unwrap();
    assert_eq!(
        get(&v, "body").as_string().unwrap(),
        "object_reference_id=cust_123489&mobile_number=99887766&mobile_country_code=91&options.get_client_auth_token=true"
    );
    let fields =
        JSON::parse(r#"{"object_reference_id":"cust_123489","mobile_number":99887766,"first_name":["J"]}"#)
            .unwrap();
    let v = validate_fields(fields, JsValue::UNDEFINED).unwrap();
    let errors = Array::from(&get(&v, "errors"));
    assert_eq!(errors.length(), 2);
    assert_eq!(get(&errors.get(0), "reason").as_string().unwrap(), "wrong_type");
    assert_eq!(
        get(&errors.get(1), "message").as_string().unwrap(),
        "first_name must be a string, not array"
    );
}

#[wasm_bindgen_test]
fn check_field_is_null_or_one_error() {
    assert!(
        check_field("mobile_number", JsValue::from_str("99887766"), JsValue::UNDEFINED)
            .unwrap()
            .is_null()
    );
    assert!(
        check_field("email_address", JsValue::from_str(""), JsValue::UNDEFINED)
            .unwrap()
            .is_null(),
        "an empty optional field is absent"
    );
    let e = check_field("email_address", JsValue::from_str("a@@b"), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&e, "reason").as_string().unwrap(), "multiple_at");
    assert!(check_field("phone", JsValue::from_str("1"), JsValue::UNDEFINED).is_err());
}

/// The README's live check: `+91 98765-43210` as typed is refused alone,
/// and accepted with `normalize`, as `validateFields` with `normalize`
/// accepts it on submit.
#[wasm_bindgen_test]
fn check_field_honours_normalize_and_the_country() {
    let typed = || JsValue::from_str("+91 98765-43210");
    let e = check_field("mobile_number", typed(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&e, "reason").as_string().unwrap(), "not_a_digit");
    let normalize = with(&[("normalize", true.into())]);
    assert!(check_field("mobile_number", typed(), normalize.clone())
        .unwrap()
        .is_null());
    let e = check_field("mobile_number", JsValue::from_str("+999 1234"), normalize.clone()).unwrap();
    assert_eq!(get(&e, "reason").as_string().unwrap(), "unassigned_country_code");
    // A required field the form has not typed yet is no refusal of this one.
    assert!(
        check_field("first_name", JsValue::from_str("Asha"), normalize.clone())
            .unwrap()
            .is_null()
    );
    let e = check_field("first_name", JsValue::from_str("Mary Ann"), normalize).unwrap();
    assert_eq!(get(&e, "reason").as_string().unwrap(), "forbidden_character");
    // The form's country: national numbers read by its rules.
    let fr = with(&[("normalize", true.into()), ("country", "FR".into())]);
    let v = validate_fields(
        with(&[
            ("object_reference_id", "cust_123489".into()),
            ("mobile_number", "06 12 34 56 29".into()),
        ]),
        fr.clone(),
    )
    .unwrap();
    assert_eq!(
        get(&v, "body").as_string().unwrap(),
        "object_reference_id=cust_123489&mobile_number=612345629&mobile_country_code=33"
    );
    assert!(
        check_field("mobile_number", JsValue::from_str("06 12 34 56 29"), fr)
            .unwrap()
            .is_null()
    );
    let bad = with(&[("country", "Francia".into())]);
    assert!(check_field("mobile_number", typed(), bad).is_err());
}

/// `repairNames` in the Node build; the web build refuses it aloud.
#[wasm_bindgen_test]
fn repair_names_is_the_node_builds() {
    let fields = || {
        with(&[
            ("object_reference_id", "cust_123489".into()),
            ("mobile_number", "99887766".into()),
            ("last_name", "O'Brien".into()),
        ])
    };
    let options = with(&[("repairNames", true.into())]);
    #[cfg(feature = "node")]
    {
        let v = validate_fields(fields(), options).unwrap();
        assert_eq!(get(&v, "valid"), JsValue::TRUE);
        assert_eq!(
            get(&get(&v, "fields"), "last_name").as_string().unwrap(),
            "OBrien"
        );
        assert_eq!(
            Array::from(&get(&v, "repaired")).get(0).as_string().unwrap(),
            "last_name"
        );
    }
    #[cfg(not(feature = "node"))]
    assert!(validate_fields(fields(), options).is_err());
}

#[wasm_bindgen_test]
#[cfg(feature = "node")]
fn the_token_comes_out_only_through_its_accessor() {
    let body = r#"{"id":"cst_1","object_reference_id":"cust_123489","juspay":{"client_auth_token":"tkn_0123456789abcdef","client_auth_token_expiry":"2020-03-17T14:28:37Z"}}"#;
    let summary = parse_response_js(200.0, body).unwrap();
    let text = JSON::stringify(&summary).unwrap().as_string().unwrap();
    assert!(!text.contains("tkn_"), "{text}");
    assert_eq!(get(&summary, "kind").as_string().unwrap(), "customer");
    assert_eq!(
        get(&summary, "client_auth_token_expiry").as_string().unwrap(),
        "2020-03-17T14:28:37Z"
    );
    let keys: Vec<String> = Object::keys(&Object::from(summary))
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    assert!(
        keys.iter()
            .all(|k| !k.contains("token") || k == "client_auth_token_expiry"),
        "{keys:?}"
    );
    assert_eq!(
        client_auth_token(200.0, body).unwrap().as_deref(),
        Some("tkn_0123456789abcdef")
    );
    assert_eq!(client_auth_token(500.0, body).unwrap(), None);
}

#[wasm_bindgen_test]
fn rules_are_data() {
    let r = rules();
    let mobile = get(&r, "mobile_number");
    assert_eq!(get(&mobile, "maxLength").as_f64(), Some(300.0));
    assert_eq!(get(&mobile, "required"), JsValue::TRUE);
    assert_eq!(
        get(&get(&r, "mobile_country_code"), "default")
            .as_string()
            .unwrap(),
        "91"
    );
}

/// A lone surrogate (half an emoji, as an HTML `maxlength` cut leaves it)
/// is `invalid_utf8` for the field that holds it, in every entry point;
/// never replaced with U+FFFD and accepted.
#[wasm_bindgen_test]
fn a_lone_surrogate_is_invalid_utf8_for_its_field() {
    use js_sys::JsString;
    let half = |before: &str| -> JsValue {
        let mut units: Vec<u16> = before.encode_utf16().collect();
        units.push(0xD83D);
        JsString::from_char_code(&units).into()
    };
    let reasons = |v: &JsValue| -> Vec<(String, String)> {
        Array::from(&get(v, "errors"))
            .iter()
            .map(|e| {
                (
                    get(&e, "field").as_string().unwrap(),
                    get(&e, "reason").as_string().unwrap(),
                )
            })
            .collect()
    };
    let want = vec![("first_name".to_owned(), "invalid_utf8".to_owned())];
    let form = validate_form(
        half("object_reference_id=cust_123489&mobile_number=99887766&first_name=Jo"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(reasons(&form), want);
    let fields = Object::new();
    Reflect::set(&fields, &"object_reference_id".into(), &"cust_123489".into()).unwrap();
    Reflect::set(&fields, &"mobile_number".into(), &"99887766".into()).unwrap();
    Reflect::set(&fields, &"first_name".into(), &half("Jo")).unwrap();
    assert_eq!(
        reasons(&validate_fields(fields.into(), JsValue::UNDEFINED).unwrap()),
        want
    );
    let one = check_field("first_name", half("Jo"), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&one, "reason").as_string().unwrap(), "invalid_utf8");
    // A whole emoji is a character like any other.
    let emoji: JsValue = JsString::from_char_code(&[0x4A, 0xD83D, 0xDE00]).into();
    assert_eq!(
        get(
            &check_field("object_reference_id", emoji, JsValue::UNDEFINED).unwrap(),
            "reason"
        )
        .as_string()
        .unwrap(),
        "too_short"
    );
    // Not a string: named, thrown.
    let err = validate_form(JsValue::from_f64(5.0), JsValue::UNDEFINED).unwrap_err();
    let message = js_sys::Error::from(JsValue::from(err)).message();
    assert_eq!(String::from(message), "the form body must be a string");
    #[cfg(feature = "node")]
    {
        let mut units: Vec<u16> =
            r#"{"object_reference_id":"cust_123489","mobile_number":"99887766","first_name":"Jo"#
                .encode_utf16()
                .collect();
        units.push(0xD83D);
        units.extend(r#""}"#.encode_utf16());
        let text: JsValue = JsString::from_char_code(&units).into();
        assert_eq!(reasons(&validate_json(text, JsValue::UNDEFINED).unwrap()), want);
        // In an unknown key's name, as an escape or as the unit itself: the
        // key is ignored, as every unknown key is.
        let mut units: Vec<u16> = r#"{"x"#.encode_utf16().collect();
        units.push(0xD800);
        units.extend(
            r#"":1,"\ud800":2,"object_reference_id":"cust_123489","mobile_number":"99887766"}"#
                .encode_utf16(),
        );
        let text: JsValue = JsString::from_char_code(&units).into();
        let verdict = validate_json(text, JsValue::UNDEFINED).unwrap();
        assert_eq!(get(&verdict, "valid"), JsValue::TRUE, "{verdict:?}");
    }
}

/// A status that is not an integer from 100 to 999 is refused, never read
/// modulo 65536 (65736 would be 200 and hand out the token).
#[cfg(feature = "node")]
#[wasm_bindgen_test]
fn a_status_out_of_range_is_refused() {
    let body = r#"{"id":"cst_1","juspay":{"client_auth_token":"tkn_0123456789abcdef"}}"#;
    for status in [65_736.0, 200.5, 99.0, 1000.0, -200.0, f64::NAN, f64::INFINITY] {
        assert!(parse_response_js(status, body).is_err(), "{status}");
        assert!(client_auth_token(status, body).is_err(), "{status}");
    }
    assert!(parse_response_js(999.0, body).is_ok());
    assert_eq!(
        client_auth_token(200.0, body).unwrap().as_deref(),
        Some("tkn_0123456789abcdef")
    );
}

/// A value of the wrong JavaScript type names its field.
#[wasm_bindgen_test]
fn a_wrong_type_names_the_field() {
    let e = check_field("mobile_number", JsValue::from_f64(99887766.0), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&e, "field").as_string().unwrap(), "mobile_number");
    assert_eq!(get(&e, "reason").as_string().unwrap(), "wrong_type");
}
