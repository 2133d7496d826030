//! The committed `openapi/` files are exactly what the code generates, and
//! the generated documents carry the rules' own constants.

use juspay_customer::{openapi, rules, Field};

fn committed(name: &str) -> String {
    std::fs::read_to_string(format!("{}/openapi/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default()
}

/// A stale committed file fails the test, and the generated one is written
/// to `target/tmp/` to be copied over it (the CLI's `schema` prints the
/// committed files, so it cannot regenerate them).
#[test]
fn the_committed_files_are_the_generated_ones() {
    for (name, generated) in [
        (
            "customer-request.schema.json",
            file_text(&openapi::request_schema()),
        ),
        ("openapi.json", file_text(&openapi::document())),
    ] {
        if committed(name) != generated {
            let fresh = format!("{}/{name}", env!("CARGO_TARGET_TMPDIR"));
            std::fs::write(&fresh, &generated).unwrap();
            panic!("openapi/{name} is stale; the generated one is {fresh}: cp {fresh} openapi/{name}");
        }
    }
}

#[test]
fn the_schema_holds_the_rules_constants() {
    let schema = openapi::request_schema();
    let p = &schema["properties"];
    assert_eq!(
        schema["required"],
        serde_json::json!(["object_reference_id", "mobile_number"])
    );
    assert_eq!(
        p["object_reference_id"]["minLength"],
        rules::OBJECT_REFERENCE_ID_MIN
    );
    assert_eq!(
        p["object_reference_id"]["maxLength"],
        rules::OBJECT_REFERENCE_ID_MAX
    );
    assert_eq!(p["mobile_number"]["maxLength"], rules::MOBILE_NUMBER_MAX);
    assert_eq!(p["email_address"]["maxLength"], rules::EMAIL_ADDRESS_MAX);
    assert_eq!(p["first_name"]["maxLength"], rules::NAME_MAX);
    assert_eq!(
        p["mobile_country_code"]["maxLength"],
        rules::MOBILE_COUNTRY_CODE_MAX
    );
    assert_eq!(
        p["mobile_country_code"]["default"],
        rules::DEFAULT_MOBILE_COUNTRY_CODE
    );
    assert_eq!(
        p["options.get_client_auth_token"]["type"],
        serde_json::json!(["boolean", "null"])
    );
    for field in Field::ALL {
        assert_eq!(
            p[field.as_str()]["description"],
            rules::description(field),
            "{field}"
        );
    }
    let email = p["email_address"]["pattern"].as_str().unwrap();
    for c in rules::EMAIL_SPECIALS.chars().filter(|c| !"^-/".contains(*c)) {
        assert!(email.contains(c), "{c}");
    }
}

#[test]
fn the_document_describes_both_endpoints_and_every_documented_response() {
    let doc = openapi::document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], "https://sandbox.juspay.in");
    assert_eq!(doc["servers"][1]["url"], "https://api.juspay.in");
    assert_eq!(
        doc["components"]["securitySchemes"]["basicAuth"]["scheme"],
        "basic"
    );
    for path in ["/customers", "/v2/customers"] {
        let op = &doc["paths"][path]["post"];
        for status in ["200", "400", "401", "403", "404"] {
            assert!(op["responses"][status].is_object(), "{path} {status}");
        }
        let content = &op["requestBody"]["content"];
        assert!(content["application/x-www-form-urlencoded"].is_object());
        assert!(content["application/json"].is_object());
        assert_eq!(op["parameters"][0]["$ref"], "#/components/parameters/MerchantId");
    }
    // The docs' samples are the examples, and each parses as its documented kind.
    let examples =
        &doc["paths"]["/customers"]["post"]["responses"]["400"]["content"]["application/json"]["examples"];
    for (name, kind) in [
        ("missing_mandatory_parameter", "missing_mandatory_parameter"),
        ("invalid_input", "invalid_input"),
        ("already_exists", "already_exists"),
    ] {
        let body = serde_json::to_vec(&examples[name]["value"]).unwrap();
        assert_eq!(
            juspay_customer::parse_response(400, &body).unwrap_err().kind(),
            kind
        );
    }
}

/// A document as the committed files hold it: pretty JSON with a final newline.
fn file_text(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}
