//! The rules as documents other tools read: a JSON Schema (draft 2020-12) of
//! the request, and an OpenAPI 3.0.3 document of both endpoints with every
//! documented response. Built from the constants in
//! [`juspay_customer::rules`], so no length or character set is typed twice;
//! the files committed under `openapi/` are these functions' output
//! (`cargo run -p juspay-customer-xtask -- openapi` writes them; a test
//! checks them).
//!
//! ```
//! let schema = juspay_customer_xtask::openapi::request_schema();
//! assert_eq!(schema["properties"]["object_reference_id"]["maxLength"], 255);
//! let doc = juspay_customer_xtask::openapi::document();
//! assert_eq!(doc["openapi"], "3.0.3");
//! let json_body = &doc["components"]["schemas"]["CustomerRequest"];
//! assert_eq!(json_body["properties"]["mobile_number"]["maxLength"], 300);
//! ```
//!
//! OpenAPI 3.0.3 rather than 3.1: every common generator reads 3.0, some
//! (Go's oapi-codegen and kin-openapi among them) read nothing newer, and
//! 3.0's `nullable` is the one way to say "a string with these
//! constraints, or null" that openapi-zod-client keeps. The request's
//! JSON Schema file is draft 2020-12, for JSON Schema validators. Both are
//! checked by running the generators on them (`openapi/README.md` has the
//! table).

use serde_json::{json, Map, Value};

use juspay_customer::rules::{
    description, ASCII_ALPHANUMERIC, DIGITS, EMAIL_ADDRESS_MAX, EMAIL_ADDRESS_MIN, EMAIL_EDGE_FORBIDDEN,
    EMAIL_SPECIALS, MOBILE_COUNTRY_CODE_MAX, MOBILE_COUNTRY_CODE_MIN, MOBILE_NUMBER_MAX, MOBILE_NUMBER_MIN,
    NAME_MAX, NAME_MIN, NAME_SPECIALS, OBJECT_REFERENCE_ID_MAX, OBJECT_REFERENCE_ID_MIN,
    SERVER_EMAIL_ADDRESS_MAX, SERVER_MOBILE_NUMBER_MAX, SERVER_NAME_MAX, SERVER_OBJECT_REFERENCE_ID_MAX,
};
use juspay_customer::{Field, Operation, PRODUCTION_BASE_URL, SANDBOX_BASE_URL};

/// A regular expression's character class of the characters of `set`:
/// runs of three or more consecutive letters or digits as ranges
/// (`0123456789` is `0-9`), every other character listed, escaped where a
/// class needs it.
fn class(set: &str) -> String {
    let escape = |c: char| match c {
        '\\' | ']' | '[' | '^' | '-' => format!("\\{c}"),
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

/// The pattern of a whole value: `body`, anchored at both ends.
///
/// The patterns use only what ECMA-262 (with the `u` flag or without),
/// Python's `re` and RE2 (Go's `regexp`, Rust's `regex`) share and read
/// alike: ASCII character classes, `(?:…)` groups, `?`, `*`, `+`, `{m,n}`,
/// `^` and `$`; no lookaround, backreference, `\z` or `\Z`. One difference
/// remains, and [`NO_LINE_BREAK`] closes it: Python's `$` also matches before
/// a final line break.
fn whole(body: &str) -> String {
    format!("^(?:{body})$")
}

/// The pattern of an optional field, whose empty value means absent.
fn optional(body: &str) -> String {
    format!("^(?:{body})?$")
}

/// What every patterned value also is: not a string holding a line break.
/// No character set has one, so this says nothing new in ECMA-262 or RE2,
/// and in Python (jsonschema, hypothesis) it makes `$` exact. The `type`
/// inside keeps json-schema-to-zod from reading it as "not anything".
fn no_line_break() -> Value {
    json!({"not": {"type": "string", "pattern": NO_LINE_BREAK}})
}

/// The pattern of [`no_line_break`]: a line feed anywhere.
const NO_LINE_BREAK: &str = "\\n";

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

/// Which document, and which body, a request schema is for.
///
/// The rules are the same in each; the shape differs where a generator
/// needs it, each choice checked by running that generator (see
/// `openapi/README.md`):
/// - a form carries text only: no `null`, and the option is the text `true`
///   or `false`, which OpenAPI's form serialization writes for a boolean;
/// - JSON also takes `null` for an optional field, meaning absent. The JSON
///   Schema says so as `anyOf` the string and `null`, and the OpenAPI 3.0
///   document as `nullable: true` beside `type: string`: openapi-zod-client
///   keeps a string's constraints only when `type: string` is the
///   property's own (`type: ["string", "null"]` and `anyOf` lose them);
/// - the JSON Schema puts a patterned string and its [`no_line_break`] in
///   an `allOf`, because json-schema-to-zod reads a `not` beside other
///   keywords as the whole schema;
/// - no `default` keyword, though the server has one for
///   `mobile_country_code` (the description says it): openapi-typescript,
///   by default, reads a default as "always present" and makes the field
///   required in request types.
#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    /// The JSON Schema file (draft 2020-12), of a JSON body.
    JsonSchema,
    /// The OpenAPI 3.0 document's JSON body.
    OpenApiJson,
    /// The OpenAPI 3.0 document's form body.
    OpenApiForm,
}

/// A field's schema in `dialect`. A required field is a string of its
/// length and pattern; an optional one also takes `""` (in its pattern, or
/// by having no minimum) and, in JSON, `null`.
fn property(field: Field, dialect: Dialect) -> Value {
    let digits = |min: usize, max: usize| format!("{}{{{min},{max}}}", class(DIGITS));
    let name = format!("{}+", class(&format!("{ASCII_ALPHANUMERIC}{NAME_SPECIALS}")));
    let (min, max, pattern) = match field {
        Field::ObjectReferenceId => (OBJECT_REFERENCE_ID_MIN, OBJECT_REFERENCE_ID_MAX, None),
        Field::MobileNumber => (
            MOBILE_NUMBER_MIN,
            MOBILE_NUMBER_MAX,
            Some(digits(MOBILE_NUMBER_MIN, MOBILE_NUMBER_MAX)),
        ),
        Field::EmailAddress => (EMAIL_ADDRESS_MIN, EMAIL_ADDRESS_MAX, Some(email_pattern())),
        Field::FirstName | Field::LastName => (NAME_MIN, NAME_MAX, Some(name)),
        Field::MobileCountryCode => (
            MOBILE_COUNTRY_CODE_MIN,
            MOBILE_COUNTRY_CODE_MAX,
            Some(digits(MOBILE_COUNTRY_CODE_MIN, MOBILE_COUNTRY_CODE_MAX)),
        ),
        Field::GetClientAuthToken => (0, 0, None),
    };
    let required = field.is_required();
    let nullable = !required && dialect != Dialect::OpenApiForm;
    let mut value = Map::new();
    if field == Field::GetClientAuthToken {
        value.insert("type".into(), json!("boolean"));
    } else {
        value.insert("type".into(), json!("string"));
        if required {
            value.insert("minLength".into(), json!(min));
        }
        value.insert("maxLength".into(), json!(max));
        if let Some(body) = &pattern {
            let p = if required { whole(body) } else { optional(body) };
            value.insert("pattern".into(), json!(p));
        }
    }
    let mut value = Value::Object(value);
    if pattern.is_some() {
        value = match dialect {
            Dialect::JsonSchema => json!({"allOf": [value, no_line_break()]}),
            Dialect::OpenApiJson | Dialect::OpenApiForm => {
                value["not"] = no_line_break()["not"].take();
                value
            }
        };
    }
    if nullable {
        value = match dialect {
            Dialect::JsonSchema => json!({"anyOf": [value, {"type": "null"}]}),
            Dialect::OpenApiJson | Dialect::OpenApiForm => {
                value["nullable"] = json!(true);
                value
            }
        };
    }
    let mut schema = Map::new();
    schema.insert("description".into(), json!(description(field)));
    if let Value::Object(map) = value {
        schema.extend(map);
    }
    Value::Object(schema)
}

/// A request object's schema in `dialect`, with the API's field names.
fn request_object(dialect: Dialect) -> Value {
    let properties: Map<String, Value> = Field::ALL
        .iter()
        .map(|&field| (field.as_str().to_owned(), property(field, dialect)))
        .collect();
    let required: Vec<&str> = Field::ALL
        .iter()
        .filter(|f| f.is_required())
        .map(|f| f.as_str())
        .collect();
    let mut schema = Map::new();
    // A title names the class that generators make of a schema: the file's
    // has one; the document's components are named by their keys.
    let description = match dialect {
        Dialect::JsonSchema => {
            schema.insert("title".into(), json!("Juspay Create Customer request"));
            beyond_the_rules()
        }
        Dialect::OpenApiJson => beyond_the_rules(),
        Dialect::OpenApiForm => format!(
            "The same request as an application/x-www-form-urlencoded body: every value is text, an empty value \
             means absent, and the option is the text true or false. {}",
            beyond_the_rules()
        ),
    };
    schema.insert("description".into(), json!(description));
    schema.insert("type".into(), json!("object"));
    schema.insert("required".into(), json!(required));
    schema.insert("properties".into(), Value::Object(properties));
    Value::Object(schema)
}

/// The JSON Schema (draft 2020-12) of the Create Customer request object, with
/// the JSON field names this crate accepts. Lengths count characters, as
/// JSON Schema does. What it cannot say: a key given twice is refused by
/// this crate and read as one by JSON parsers, and a lone surrogate escape
/// is refused by this crate and accepted by most.
pub fn request_schema() -> Value {
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert(
        "$id".into(),
        json!("https://docs.rs/juspay-customer/customer-request.schema.json"),
    );
    if let Value::Object(object) = request_object(Dialect::JsonSchema) {
        schema.extend(object);
    }
    Value::Object(schema)
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

/// The library's version, from its manifest (the first `version = ` line,
/// the `[package]` one), so the document names the crate it describes.
fn library_version() -> &'static str {
    include_str!("../../Cargo.toml")
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or("unknown")
}

/// A documented sample body, as the docs print it.
fn sample(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// An example object for OpenAPI.
fn example(summary: &str, value: Value) -> Value {
    json!({ "summary": summary, "value": value })
}

/// The OpenAPI 3.0.3 document of `POST /customers` and `POST /v2/customers`
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
                    "created": example("Create Customer API sample", sample(include_str!("../../tests/fixtures/000_200_success.json"))),
                    "with_token": example("with options.get_client_auth_token=true", sample(include_str!("../../tests/fixtures/001_200_with_token.json"))),
                    "without_token": example("without the token", sample(include_str!("../../tests/fixtures/001_200_without_token.json")))
                }
            }}
        },
        "400": json_error(
            "MISSING_MANDATORY_PARAMETER (a required field absent), INVALID_INPUT (a value refused; error_info.fields says which) or ALREADY_EXISTS (Create with a known object_reference_id).",
            json!({
                "missing_mandatory_parameter": example("a required field is absent", sample(include_str!("../../tests/fixtures/000_400_missing_mandatory.json"))),
                "invalid_input": example("a value is refused", sample(include_str!("../../tests/fixtures/000_400_invalid_input.json"))),
                "already_exists": example("the object_reference_id is taken", sample(include_str!("../../tests/fixtures/000_table_400_already_exists.json")))
            })
        ),
        "401": json_error(
            "UNAUTHORIZED: a wrong or inactive API key.",
            json!({"unauthorized": example("wrong API key", sample(include_str!("../../tests/fixtures/000_401_unauthorized.json")))})
        ),
        "403": json_error(
            "BAD_ORIGIN: the caller's IP address is not whitelisted (its error_message says Internal Server error).",
            json!({"bad_origin": example("IP not whitelisted", sample(include_str!("../../tests/fixtures/000_table_403_bad_origin.json")))})
        ),
        "404": {"description": "A wrong endpoint; the body is empty or HTML."}
    });
    // Not `required: true`, though every request needs one: with it, a body
    // of two content types makes openapi-python-client 0.28 and 0.29 write
    // a client that fails at import (`NameError: Unset`,
    // https://github.com/openapi-generators/openapi-python-client/issues/1451).
    // A request without a body is answered 400 MISSING_MANDATORY_PARAMETER,
    // which the document lists.
    let request_body = json!({
        "description": "The customer, as a form (what Juspay's pages send) or as JSON. Required in fact: without a body the answer is 400 MISSING_MANDATORY_PARAMETER. The document leaves `required` out because openapi-python-client 0.28 and 0.29 write a client that fails at import for a required body of two content types (https://github.com/openapi-generators/openapi-python-client/issues/1451).",
        "content": {
            "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/CustomerRequestForm"}},
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
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Juspay Create Customer and Get or Create Customer",
            "version": library_version(),
            "description": "Generated by the juspay-customer crate from the same rules it validates with. Sources: Juspay's 2.2 Create Customer API, Create Customer and Get or Create Customer pages.",
            "license": {"name": "MIT OR Apache-2.0"}
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
                    "schema": {"type": "string", "pattern": "^[!-~]+$", "not": no_line_break()["not"]}
                }
            },
            "schemas": {
                "CustomerRequest": request_object(Dialect::OpenApiJson),
                "CustomerRequestForm": request_object(Dialect::OpenApiForm),
                "Customer": customer,
                "ErrorBody": error_body
            }
        }
    })
}
