//! The committed `openapi/` files are exactly what the code generates, and
//! the generated documents carry the rules' own constants.

use juspay_customer::{rules, Field};
use juspay_customer_xtask::openapi;
use serde_json::{json, Value};

fn committed(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../openapi/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default()
}

/// A stale committed file fails the test, and the generated one is written
/// to `target/tmp/` to be copied over it (or run `cargo run -p
/// juspay-customer-xtask -- openapi`).
#[test]
fn the_committed_files_are_the_generated_ones() {
    for (name, generated) in juspay_customer_xtask::openapi_files() {
        if committed(name) != generated {
            let fresh = format!("{}/{name}", env!("CARGO_TARGET_TMPDIR"));
            std::fs::write(&fresh, &generated).unwrap();
            panic!("openapi/{name} is stale; the generated one is {fresh}: cp {fresh} openapi/{name}");
        }
    }
}

/// A property's constraints whatever its dialect's shape: the JSON Schema's
/// `anyOf` with `null` and `allOf` with the line-break `not`, or OpenAPI
/// 3.0's `nullable` and `not` beside `type`. Returns the string (or
/// boolean) schema without them, whether it takes `null`, and whether it
/// refuses a line break.
fn constraints(property: &Value) -> (Value, bool, bool) {
    let mut p = property.clone();
    let map = p.as_object_mut().unwrap();
    map.remove("description");
    let no_line_break = json!({"type": "string", "pattern": "\\n"});
    let mut nullable = map.remove("nullable") == Some(json!(true));
    let mut line_break = map.remove("not").map(|n| assert_eq!(n, no_line_break)).is_some();
    if let Some(any_of) = map.remove("anyOf") {
        assert_eq!(any_of[1], json!({"type": "null"}), "{property}");
        *map = any_of[0].as_object().unwrap().clone();
        nullable = true;
    }
    if let Some(all_of) = map.remove("allOf") {
        assert_eq!(all_of[1], json!({"not": no_line_break}), "{property}");
        *map = all_of[0].as_object().unwrap().clone();
        line_break = true;
    }
    (p, nullable, line_break)
}

#[test]
fn the_schema_holds_the_rules_constants() {
    let schema = openapi::request_schema();
    let p = &schema["properties"];
    assert_eq!(
        schema["required"],
        json!(["object_reference_id", "mobile_number"])
    );
    let lengths = [
        (
            "object_reference_id",
            Some(rules::OBJECT_REFERENCE_ID_MIN),
            rules::OBJECT_REFERENCE_ID_MAX,
        ),
        (
            "mobile_number",
            Some(rules::MOBILE_NUMBER_MIN),
            rules::MOBILE_NUMBER_MAX,
        ),
        ("email_address", None, rules::EMAIL_ADDRESS_MAX),
        ("first_name", None, rules::NAME_MAX),
        ("last_name", None, rules::NAME_MAX),
        ("mobile_country_code", None, rules::MOBILE_COUNTRY_CODE_MAX),
    ];
    for (name, min, max) in lengths {
        let (s, nullable, line_break) = constraints(&p[name]);
        assert_eq!(s["type"], "string", "{name}");
        assert_eq!(s["minLength"].as_u64(), min.map(|m| m as u64), "{name}");
        assert_eq!(s["maxLength"], max, "{name}");
        assert_eq!(nullable, min.is_none(), "{name}: optional fields take null");
        // Every pattern is anchored with ^ and $ and comes with the `not` of
        // a line break that makes Python's $ exact; no lookaround.
        match s["pattern"].as_str() {
            Some(pattern) => {
                assert!(pattern.starts_with('^') && pattern.ends_with('$'), "{name}");
                let groups = pattern.matches("(?").count();
                assert_eq!(groups, pattern.matches("(?:").count(), "{name}: only (?: groups");
                assert!(line_break, "{name}");
            }
            None => assert!(!line_break && name == "object_reference_id", "{name}"),
        }
    }
    assert_eq!(
        constraints(&p["options.get_client_auth_token"]),
        (json!({"type": "boolean"}), true, false)
    );
    // No `default` anywhere: generators read it as "always present".
    assert!(!serde_json::to_string(&schema).unwrap().contains("\"default\""));
    for field in Field::ALL {
        assert_eq!(
            p[field.as_str()]["description"],
            rules::description(field),
            "{field}"
        );
    }
    let email = constraints(&p["email_address"]).0["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    for c in rules::EMAIL_SPECIALS.chars().filter(|c| !"^-".contains(*c)) {
        assert!(email.contains(c), "{c}");
    }
}

/// The OpenAPI document's two request schemas say what the JSON Schema
/// says, field by field, in their own shapes; the form's without `null`.
#[test]
fn each_content_type_has_its_own_request_schema() {
    let doc = openapi::document();
    let schemas = &doc["components"]["schemas"];
    let file = openapi::request_schema();
    for (component, takes_null) in [("CustomerRequest", true), ("CustomerRequestForm", false)] {
        let schema = &schemas[component];
        assert_eq!(schema["required"], file["required"], "{component}");
        for field in Field::ALL {
            let name = field.as_str();
            let (s, nullable, line_break) = constraints(&file["properties"][name]);
            let expected = (s, nullable && takes_null, line_break);
            assert_eq!(
                constraints(&schema["properties"][name]),
                expected,
                "{component} {name}"
            );
            assert_eq!(
                schema["properties"][name]["description"],
                file["properties"][name]["description"]
            );
        }
    }
    for path in ["/customers", "/v2/customers"] {
        let content = &doc["paths"][path]["post"]["requestBody"]["content"];
        assert_eq!(
            content["application/json"]["schema"]["$ref"],
            "#/components/schemas/CustomerRequest"
        );
        assert_eq!(
            content["application/x-www-form-urlencoded"]["schema"]["$ref"],
            "#/components/schemas/CustomerRequestForm"
        );
    }
}

#[test]
fn the_document_describes_both_endpoints_and_every_documented_response() {
    let doc = openapi::document();
    assert_eq!(doc["openapi"], "3.0.3");
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

/// Every `pattern` string anywhere in a document.
fn patterns(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if let (true, Some(p)) = (key == "pattern", inner.as_str()) {
                    out.push(p.to_owned());
                }
                patterns(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|inner| patterns(inner, out)),
        _ => {}
    }
}

/// Every pattern of both documents compiles under Rust's `regex` (RE2's
/// syntax: no lookaround), and `$` there is the end of the text: a value
/// with a final line break does not match. (Python's `$` would match it;
/// the `not` beside each pattern refuses it there, and the generators'
/// checks in `openapi/generators/` run Python's jsonschema on such values.)
#[test]
fn every_pattern_compiles_without_lookaround() {
    let mut all = Vec::new();
    patterns(&openapi::request_schema(), &mut all);
    patterns(&openapi::document(), &mut all);
    assert!(all.len() > 10, "{all:?}");
    for p in &all {
        let re = regex::Regex::new(p).unwrap_or_else(|e| panic!("{p}: {e}"));
        if p != "\\n" {
            assert!(!re.is_match("\n"), "{p}");
        }
    }
    let schema = openapi::request_schema();
    for (name, good) in [
        ("mobile_number", "99887766"),
        ("first_name", "John"),
        ("email_address", "a@b.in"),
    ] {
        let p = constraints(&schema["properties"][name]).0["pattern"]
            .as_str()
            .unwrap()
            .to_owned();
        let re = regex::Regex::new(&p).unwrap();
        assert!(re.is_match(good), "{name}");
        assert!(!re.is_match(&format!("{good}\n")), "{name}");
    }
}
