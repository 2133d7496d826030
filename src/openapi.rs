//! The rules as documents other tools read: a JSON Schema (draft 2020-12) of
//! the request, and an OpenAPI 3.1 document of both endpoints with every
//! documented response. Built from the constants in [`crate::rules`], so no
//! length or character set is typed twice; the files committed under
//! `openapi/` are these functions' output, checked by a test.
//!
//! ```
//! let schema = juspay_customer::openapi::request_schema();
//! assert_eq!(schema["properties"]["mobile_number"]["maxLength"], 300);
//! let doc = juspay_customer::openapi::document();
//! assert_eq!(doc["openapi"], "3.1.0");
//! ```

use serde_json::{json, Map, Value};

use crate::field::Field;
use crate::http_parts::{Operation, PRODUCTION_BASE_URL, SANDBOX_BASE_URL};
use crate::rules::{
    description, ASCII_ALPHANUMERIC, DEFAULT_MOBILE_COUNTRY_CODE, DIGITS, EMAIL_ADDRESS_MAX,
    EMAIL_ADDRESS_MIN, EMAIL_EDGE_FORBIDDEN, EMAIL_SPECIALS, MOBILE_COUNTRY_CODE_MAX,
    MOBILE_COUNTRY_CODE_MIN, MOBILE_NUMBER_MAX, MOBILE_NUMBER_MIN, NAME_MAX, NAME_MIN, NAME_SPECIALS,
    OBJECT_REFERENCE_ID_MAX, OBJECT_REFERENCE_ID_MIN, SERVER_EMAIL_ADDRESS_MAX, SERVER_MOBILE_NUMBER_MAX,
    SERVER_NAME_MAX, SERVER_OBJECT_REFERENCE_ID_MAX,
};

/// A regular expression's character class of the characters of `set`:
/// runs of three or more consecutive letters or digits as ranges
/// (`0123456789` is `0-9`), every other character listed, escaped where a
/// class needs it.
fn class(set: &str) -> String {
    let escape = |c: char| match c {
        '\\' | ']' | '[' | '^' | '-' | '/' => format!("\\{c}"),
        c => c.to_string(),
    };
    let chars: Vec<char> = set.chars().collect();
    let mut out = String::from("[");
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j + 1 < chars.len()
            && chars[j + 1].is_ascii_alphanumeric()
            && u32::from(chars[j + 1]) == u32::from(chars[j]) + 1
        {
            j += 1;
        }
        if j - i >= 2 {
            out.push_str(&format!("{}-{}", escape(chars[i]), escape(chars[j])));
        } else {
            (i..=j).for_each(|k| out.push_str(&escape(chars[k])));
        }
        i = j + 1;
    }
    out.push(']');
    out
}

/// The end of the text. Not `$`: in Python's `re` (and so in Python's
/// jsonschema) `$` also matches before a final line break; a lookahead that
/// no character follows means the same in every engine.
const END: &str = "(?![\\s\\S])";

/// The pattern of a required field: the whole text is `body`.
fn whole(body: &str) -> String {
    format!("^(?:{body}){END}")
}

/// The pattern of an optional field, whose empty value means absent.
fn optional(body: &str) -> String {
    format!("^(?:{body})?{END}")
}

/// The email rule as one regular expression: one `@`, each side non-empty,
/// from the allowed set, not starting or ending with `.` or `_`.
fn email_pattern() -> String {
    let all = class(&format!("{ASCII_ALPHANUMERIC}{EMAIL_SPECIALS}"));
    let edge_set: String = EMAIL_SPECIALS
        .chars()
        .filter(|c| !EMAIL_EDGE_FORBIDDEN.contains(*c))
        .collect();
    let edge = class(&format!("{ASCII_ALPHANUMERIC}{edge_set}"));
    let part = format!("{edge}(?:{all}*{edge})?");
    format!("{part}@{part}")
}

/// A text field's schema. Optional fields also take `""` and `null`, which
/// mean absent (as in a form); required ones take neither.
fn text(field: Field, min: usize, max: usize, pattern: Option<String>) -> Value {
    let mut schema = Map::new();
    if field.is_required() {
        schema.insert("type".into(), json!("string"));
        schema.insert("minLength".into(), json!(min));
        if let Some(p) = pattern {
            schema.insert("pattern".into(), json!(whole(&p)));
        }
    } else {
        schema.insert("type".into(), json!(["string", "null"]));
        if let Some(p) = pattern {
            schema.insert("pattern".into(), json!(optional(&p)));
        }
    }
    schema.insert("maxLength".into(), json!(max));
    schema.insert("description".into(), json!(description(field)));
    Value::Object(schema)
}

/// The JSON Schema (draft 2020-12) of the Create Customer request object, with
/// the JSON field names this crate accepts. Lengths count characters, as
/// JSON Schema does. What it cannot say: a key given twice is refused by
/// this crate and read as one by JSON parsers, and a lone surrogate escape
/// is refused by this crate and accepted by most.
pub fn request_schema() -> Value {
    let digits = |min: usize, max: usize| format!("{}{{{min},{max}}}", class(DIGITS));
    let name = format!("{}+", class(&format!("{ASCII_ALPHANUMERIC}{NAME_SPECIALS}")));
    let mut properties = Map::new();
    for field in Field::ALL {
        let schema = match field {
            Field::ObjectReferenceId => text(field, OBJECT_REFERENCE_ID_MIN, OBJECT_REFERENCE_ID_MAX, None),
            Field::MobileNumber => text(
                field,
                MOBILE_NUMBER_MIN,
                MOBILE_NUMBER_MAX,
                Some(digits(MOBILE_NUMBER_MIN, MOBILE_NUMBER_MAX)),
            ),
            Field::EmailAddress => text(field, EMAIL_ADDRESS_MIN, EMAIL_ADDRESS_MAX, Some(email_pattern())),
            Field::FirstName | Field::LastName => text(field, NAME_MIN, NAME_MAX, Some(name.clone())),
            Field::MobileCountryCode => {
                let mut s = text(
                    field,
                    MOBILE_COUNTRY_CODE_MIN,
                    MOBILE_COUNTRY_CODE_MAX,
                    Some(digits(MOBILE_COUNTRY_CODE_MIN, MOBILE_COUNTRY_CODE_MAX)),
                );
                s["default"] = json!(DEFAULT_MOBILE_COUNTRY_CODE);
                s
            }
            Field::GetClientAuthToken => json!({
                "type": ["boolean", "null"],
                "description": description(field),
            }),
        };
        properties.insert(field.as_str().to_owned(), schema);
    }
    let required: Vec<&str> = Field::ALL
        .iter()
        .filter(|f| f.is_required())
        .map(|f| f.as_str())
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://docs.rs/juspay-customer/customer-request.schema.json",
        "title": "Juspay Create Customer request",
        "description": beyond_the_rules(),
        "type": "object",
        "required": required,
        "properties": properties,
    })
}

/// The request schema's description: what it is, and what juspay-customer
/// does that no schema expresses (normalization and policy, not rules).
fn beyond_the_rules() -> String {
    format!(
        "The body of POST /customers and POST /v2/customers, as juspay-customer validates it. In a form body the option is \
         the text true or false. Other keys are ignored. This schema holds the rules only; what juspay-customer does before \
         or beside them is not a rule and is not expressed here: normalization (trimming; removing spaces, dashes, dots and \
         brackets in mobile_number; splitting an international number, + or 00 and an assigned country calling code, off \
         mobile_number into mobile_country_code, refused as country_code_conflict or unassigned_country_code), leaving out \
         a refused first_name, last_name or email_address on request, and warnings (over_server_limit) where Juspay's \
         published server code is stricter than its docs: object_reference_id at most {SERVER_OBJECT_REFERENCE_ID_MAX} \
         characters, mobile_number {SERVER_MOBILE_NUMBER_MAX} digits, email_address {SERVER_EMAIL_ADDRESS_MAX}, names \
         {SERVER_NAME_MAX}. Normalize before validating against it."
    )
}

/// A documented sample body, as the docs print it.
fn sample(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// An example object for OpenAPI.
fn example(summary: &str, value: Value) -> Value {
    json!({ "summary": summary, "value": value })
}

/// The OpenAPI 3.1 document of `POST /customers` and `POST /v2/customers`
/// on the sandbox and production servers: Basic auth, the `x-merchantid`
/// header, form and JSON request bodies with [`request_schema`], and every
/// documented response with the docs' samples as examples.
pub fn document() -> Value {
    let customer = json!({
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "customer_id": {"type": "string"},
            "object": {"type": "string"},
            "object_reference_id": {"type": "string"},
            "mobile_country_code": {"type": "string"},
            "mobile_number": {"type": "string"},
            "email_address": {"type": "string"},
            "first_name": {"type": "string"},
            "last_name": {"type": "string"},
            "date_created": {"type": "string"},
            "last_updated": {"type": "string"},
            "juspay": {
                "type": "object",
                "description": "Present when options.get_client_auth_token was true.",
                "properties": {
                    "client_auth_token": {"type": "string"},
                    "client_auth_token_expiry": {"type": "string"}
                }
            }
        }
    });
    let error_body = json!({
        "type": "object",
        "properties": {
            "status": {"type": "string"},
            "error_code": {"type": "string"},
            "error_message": {"type": "string"},
            "error": {"type": "boolean"},
            "user_message": {"type": "string"},
            "error_info": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "user_message": {"type": "string"},
                    "developer_message": {"type": "string"},
                    "request_id": {"type": "string"},
                    "href": {"type": "string"},
                    "category": {"type": "string"},
                    "fields": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"field_name": {"type": "string"}, "reason": {"type": "string"}}
                        }
                    }
                }
            }
        }
    });
    let json_error = |description: &str, examples: Value| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}, "examples": examples}}
        })
    };
    let responses = json!({
        "200": {
            "description": "The customer: new, or for Get or Create an existing one.",
            "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Customer"},
                "examples": {
                    "created": example("Create Customer API sample", sample(include_str!("../tests/fixtures/000_200_success.json"))),
                    "with_token": example("with options.get_client_auth_token=true", sample(include_str!("../tests/fixtures/001_200_with_token.json"))),
                    "without_token": example("without the token", sample(include_str!("../tests/fixtures/001_200_without_token.json")))
                }
            }}
        },
        "400": json_error(
            "MISSING_MANDATORY_PARAMETER (a required field absent), INVALID_INPUT (a value refused; error_info.fields says which) or ALREADY_EXISTS (Create with a known object_reference_id).",
            json!({
                "missing_mandatory_parameter": example("a required field is absent", sample(include_str!("../tests/fixtures/000_400_missing_mandatory.json"))),
                "invalid_input": example("a value is refused", sample(include_str!("../tests/fixtures/000_400_invalid_input.json"))),
                "already_exists": example("the object_reference_id is taken", sample(include_str!("../tests/fixtures/000_table_400_already_exists.json")))
            })
        ),
        "401": json_error(
            "UNAUTHORIZED: a wrong or inactive API key.",
            json!({"unauthorized": example("wrong API key", sample(include_str!("../tests/fixtures/000_401_unauthorized.json")))})
        ),
        "403": json_error(
            "BAD_ORIGIN: the caller's IP address is not whitelisted (its error_message says Internal Server error).",
            json!({"bad_origin": example("IP not whitelisted", sample(include_str!("../tests/fixtures/000_table_403_bad_origin.json")))})
        ),
        "404": {"description": "A wrong endpoint; the body is empty or HTML."}
    });
    let request_body = json!({
        "required": true,
        "content": {
            "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/CustomerRequest"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/CustomerRequest"}}
        }
    });
    let operation = |op: Operation| {
        let (id, summary, text) = match op {
            Operation::Create => (
                "createCustomer",
                "Create Customer",
                "Creates a customer. A known object_reference_id is ALREADY_EXISTS.",
            ),
            _ => (
                "getOrCreateCustomer",
                "Get or Create Customer",
                "Creates a customer, or returns the existing one for a known object_reference_id.",
            ),
        };
        json!({
            "operationId": id,
            "summary": summary,
            "description": text,
            "parameters": [{"$ref": "#/components/parameters/MerchantId"}],
            "requestBody": request_body,
            "responses": responses
        })
    };
    let mut paths = Map::new();
    for op in [Operation::Create, Operation::GetOrCreate] {
        paths.insert(op.path().to_owned(), json!({ "post": operation(op) }));
    }
    let mut schema = request_schema();
    if let Value::Object(map) = &mut schema {
        map.remove("$schema");
        map.remove("$id");
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Juspay Create Customer and Get or Create Customer",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Generated by the juspay-customer crate from the same rules it validates with. Sources: Juspay's 2.2 Create Customer API, Create Customer and Get or Create Customer pages.",
            "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"}
        },
        "servers": [
            {"url": SANDBOX_BASE_URL, "description": "Sandbox"},
            {"url": PRODUCTION_BASE_URL, "description": "Production"}
        ],
        "security": [{"basicAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "basicAuth": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "The API key as the user name, an empty password."
                }
            },
            "parameters": {
                "MerchantId": {
                    "name": "x-merchantid",
                    "in": "header",
                    "required": true,
                    "description": "The merchant id Juspay gave you. Required by the Create Customer and Get or Create Customer pages, recommended by the Create Customer API page.",
                    "schema": {"type": "string", "pattern": "^[!-~]+$"}
                }
            },
            "schemas": {
                "CustomerRequest": schema,
                "Customer": customer,
                "ErrorBody": error_body
            }
        }
    })
}
