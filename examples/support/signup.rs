//! The sign-up form handler of `examples/form_handler.rs`: pre-validates a
//! posted HTML form with the crate and answers per-field messages, before
//! any request leaves for Juspay. Shared with `tests/form_handler.rs`.

#[path = "server.rs"]
mod server;

use juspay_customer::{encode_form_into, normalize, CustomerInput};
use serde_json::{json, Map, Value};
pub use server::Running;

/// The page with the form.
pub const PAGE: &str = r#"<!doctype html>
<form method="post" action="/signup">
  <input name="object_reference_id" placeholder="your id (8+ characters)">
  <input name="mobile_number" placeholder="mobile number">
  <input name="email_address" placeholder="email">
  <input name="first_name" placeholder="first name">
  <input name="last_name" placeholder="last name">
  <input name="mobile_country_code" placeholder="+91">
  <button>Sign up</button>
</form>
"#;

/// Answers one posted form: 200 with the body that would go to Juspay, or
/// 422 with one message per refused field. The form is normalized first
/// (spaces, dashes and brackets in phone numbers, a leading `+` on the
/// country code), as a sign-up page should.
pub fn handle_signup(form: &[u8]) -> (u16, Value) {
    let input = normalize(CustomerInput::from_form(form));
    match input.validate() {
        Ok(request) => {
            let mut body = Vec::new();
            encode_form_into(&request, &mut body);
            (
                200,
                json!({"ok": true, "juspay_body": String::from_utf8_lossy(&body)}),
            )
        }
        Err(errors) => {
            let mut fields = Map::new();
            for e in errors.errors() {
                let name = e.field.map_or("form", |f| f.as_str());
                fields.insert(
                    name.to_owned(),
                    json!({"reason": e.reason.as_str(), "message": e.to_string()}),
                );
            }
            (422, json!({"ok": false, "errors": fields}))
        }
    }
}

/// Serves `GET /` (the form) and `POST /signup` on `127.0.0.1:port`.
pub fn start(port: u16) -> Result<Running, Box<dyn std::error::Error + Send + Sync>> {
    server::serve(port, |mut request| {
        let header = |v: &str| tiny_http::Header::from_bytes(&b"Content-Type"[..], v.as_bytes()).ok();
        let response = match (request.method().as_str(), request.url()) {
            ("GET", "/") => tiny_http::Response::from_string(PAGE).with_header(header("text/html").unwrap()),
            ("POST", "/signup") => {
                let mut body = Vec::new();
                if request.as_reader().read_to_end(&mut body).is_err() {
                    return;
                }
                let (status, value) = handle_signup(&body);
                tiny_http::Response::from_string(value.to_string())
                    .with_status_code(status)
                    .with_header(header("application/json").unwrap())
            }
            _ => tiny_http::Response::from_string("not found").with_status_code(404),
        };
        let _ = request.respond(response);
    })
}
