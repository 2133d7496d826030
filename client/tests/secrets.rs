//! Nothing secret or personal shows in what the client prints: for any valid
//! request, every outcome's `Debug` and `Display` (a customer, each kind of
//! failure), the client's and the settings' `Debug`, and a panic's message
//! hold no API key, no `Authorization` value, and none of the request's
//! mobile number, email address or full `object_reference_id`.

mod support;

use std::time::Duration;

use juspay_customer::retry::RetryPolicy;
use juspay_customer::{strategy, CustomerRequest};
use juspay_customer_client::{Client, Settings};
use proptest::prelude::*;
use support::{config, json, serve, Handled, Server, KEY};

/// The texts that must never show for `request`. Left out, as they show in
/// any text by chance or are spelled the same as their own mask: short
/// mobile numbers (a one-digit one shows in any number), an email whose
/// local part is all `*` (`*@x.in` is in its mask `*******@x.in`), and an
/// `object_reference_id` that is `*` but for its first and last two
/// characters (the mask keeps those two).
fn private(request: &CustomerRequest<'_>) -> Vec<String> {
    let all_stars = |s: &str| s.chars().all(|c| c == '*');
    let mut out = vec![
        KEY.to_owned(),
        // base64("test_key_never_shown:"), the Authorization value's secret part.
        "dGVzdF9rZXlfbmV2ZXJfc2hvd246".to_owned(),
    ];
    let id = request.object_reference_id();
    let inner: String = {
        let n = id.chars().count();
        id.chars().skip(2).take(n.saturating_sub(4)).collect()
    };
    if !all_stars(&inner) {
        out.push(id.to_owned());
    }
    if request.mobile_number().len() >= 6 {
        out.push(request.mobile_number().to_owned());
    }
    if let Some(email) = request.email_address() {
        let local = email.rsplit_once('@').map_or("", |(l, _)| l);
        if !all_stars(local) {
            out.push(email.to_owned());
        }
    }
    out
}

/// A server that answers by the path's first segment: the customer echoed
/// back (the request's own values), another customer with them, an error
/// body echoing them under keys the docs do not list, a redirect, a 503, or
/// no answer. (A documented message key, `error_message`, is shown as the
/// server wrote it: the library's choice, so that a person can read what
/// the server said; Juspay's documented messages name fields, not values.)
async fn echoing_server() -> Server {
    serve(|parts, body| {
        let text = String::from_utf8_lossy(body).into_owned();
        let echo = serde_json::to_string(&text).unwrap();
        // The request read back with the library: its values, decoded.
        let request = juspay_customer::decode_form(body).unwrap();
        let fields: serde_json::Map<String, serde_json::Value> = request
            .text_fields()
            .map(|(field, value)| (field.as_str().to_owned(), value.into()))
            .collect();
        let customer = {
            let mut c = fields.clone();
            c.insert("id".into(), "cst_echo".into());
            serde_json::Value::Object(c).to_string()
        };
        let other = {
            let mut c = fields;
            c.insert("id".into(), "cst_echo".into());
            c.insert("object_reference_id".into(), "someone_else_entirely".into());
            serde_json::Value::Object(c).to_string()
        };
        match parts.uri.path() {
            "/ok/customers" => Handled::now(json(200, &customer)),
            "/other/customers" => Handled::now(json(200, &other)),
            "/refused/customers" => Handled::now(json(
                400,
                &format!(
                    r#"{{"status":"Invalid Request","error_message":"Invalid request params","echo":{echo},"request":{customer},"error_info":{{"code":"INVALID_INPUT","developer_message":"x","fields":[{{"field_name":"mobile_number","reason":"Invalid value.","value":{echo}}}]}}}}"#
                ),
            )),
            "/busy/customers" => Handled::now(json(503, &format!(r#"{{"echo":{echo}}}"#))),
            "/moved/customers" => Handled::now(
                hyper::Response::builder()
                    .status(302)
                    .header("location", "http://127.0.0.1:9/elsewhere")
                    .body(http_body_util::Full::new(hyper::body::Bytes::new()))
                    .unwrap(),
            ),
            _ => Handled {
                delay: Duration::ZERO,
                response: None,
            },
        }
    })
    .await
}

fn settings() -> Settings {
    let mut retry = RetryPolicy::default();
    retry.max_attempts = 2;
    retry.base_delay = Duration::from_millis(1);
    retry.max_delay = Duration::from_millis(1);
    let mut settings = Settings::default();
    settings.retry = retry;
    settings
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn nothing_private_shows(request in strategy::valid_request()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let server = echoing_server().await;
            let secrets = private(&request);
            let mut texts = Vec::new();
            for path in ["ok", "other", "refused", "busy", "moved", "dropped"] {
                let client = Client::with_settings(config(&format!("{}/{path}", server.url)), settings()).unwrap();
                texts.push(format!("{client:?}"));
                match client.create(&request).await {
                    Ok(done) => texts.push(format!("{done:?}")),
                    Err(e) => {
                        texts.push(format!("{e:?}"));
                        texts.push(e.to_string());
                        let hook = std::panic::take_hook();
                        std::panic::set_hook(Box::new(|_| {}));
                        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            // What a caller's `unwrap` prints.
                            #[allow(clippy::unnecessary_literal_unwrap)]
                            Err::<(), _>(e).unwrap();
                        }))
                        .unwrap_err();
                        std::panic::set_hook(hook);
                        texts.push(payload.downcast_ref::<String>().cloned().unwrap_or_default());
                    }
                }
            }
            // The echoing server did its part: the customer came back whole.
            prop_assert!(texts.iter().any(|t| t.contains("cst_echo")));
            for text in &texts {
                for secret in &secrets {
                    prop_assert!(!text.contains(secret.as_str()), "{secret:?} shows in {text}");
                }
            }
            Ok(())
        })?;
    }
}
