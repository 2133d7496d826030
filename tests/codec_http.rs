//! Encoding, decoding and the HTTP request parts, checked against the docs'
//! samples.

use juspay_customer::{
    decode_form, decode_json, encode_form_into, encode_json_into, ApiKey, BaseUrl, Config, ConfigError,
    CustomerRequest, Encoding, Environment, MerchantId, Operation,
};

/// Doc 000's curl sample, its `-d` pairs joined with `&` as curl sends them
/// (curl's `-d` does not percent-encode, so `@` stands raw).
const DOC_000_CURL_BODY: &str = "object_reference_id=customer@gmail.com&mobile_number=99887766\
&email_address=customer@gmail.com&first_name=John&last_name=Smith&mobile_country_code=65";

/// Doc 001/004's curl sample, with `options.get_client_auth_token=true`.
const DOC_004_CURL_BODY: &str = "object_reference_id=customer@gmail.com&mobile_number=99887766\
&email_address=customer@gmail.com&first_name=John&last_name=Smith&mobile_country_code=65\
&options.get_client_auth_token=true";

#[path = "support/text.rs"]
mod text;
#[allow(unused_imports)]
use text::Bodies;

fn doc_000() -> CustomerRequest<'static> {
    decode_form(DOC_000_CURL_BODY.as_bytes()).unwrap().into_owned()
}

#[test]
fn doc_samples_decode_with_every_field() {
    let r = decode_form(DOC_004_CURL_BODY.as_bytes()).unwrap();
    assert_eq!(r.object_reference_id(), "customer@gmail.com");
    assert_eq!(r.mobile_number(), "99887766");
    assert_eq!(r.email_address().unwrap(), "customer@gmail.com");
    assert_eq!(r.first_name().unwrap(), "John");
    assert_eq!(r.last_name().unwrap(), "Smith");
    assert_eq!(r.mobile_country_code(), "65");
    assert_eq!(r.get_client_auth_token(), Some(true));
}

#[test]
fn form_encoding_is_canonical_and_percent_encodes_at() {
    assert_eq!(
        doc_000().to_form(),
        "object_reference_id=customer%40gmail.com&mobile_number=99887766&email_address=customer%40gmail.com\
&first_name=John&last_name=Smith&mobile_country_code=65"
    );
    // Field order in the input does not matter; the output order is canonical.
    let shuffled =
        "mobile_country_code=65&last_name=Smith&first_name=John&email_address=customer%40gmail.com\
&mobile_number=99887766&object_reference_id=customer%40gmail.com";
    assert_eq!(decode_form(shuffled.as_bytes()).unwrap(), doc_000());
}

#[test]
fn form_encoding_escapes_what_it_must() {
    let r =
        decode_form("object_reference_id=a+b%26c%3Dd%25e%2Bf%E2%82%AC&mobile_number=1".as_bytes()).unwrap();
    assert_eq!(r.object_reference_id(), "a b&c=d%e+f€");
    assert_eq!(
        r.to_form(),
        "object_reference_id=a+b%26c%3Dd%25e%2Bf%E2%82%AC&mobile_number=1&mobile_country_code=91"
    );
    // serde_urlencoded, an independent decoder, reads the same pairs.
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&r.to_form()).unwrap();
    assert_eq!(pairs[0], ("object_reference_id".into(), "a b&c=d%e+f€".into()));
}

#[test]
fn json_encoding() {
    let r = decode_form(DOC_004_CURL_BODY.as_bytes()).unwrap();
    assert_eq!(
        r.to_json(),
        r#"{"object_reference_id":"customer@gmail.com","mobile_number":"99887766","email_address":"customer@gmail.com","first_name":"John","last_name":"Smith","mobile_country_code":"65","options.get_client_auth_token":true}"#
    );
    let odd = decode_form("object_reference_id=%22quoted%22%5C%0A&mobile_number=1".as_bytes()).unwrap();
    assert_eq!(
        odd.to_json(),
        r#"{"object_reference_id":"\"quoted\"\\\n","mobile_number":"1","mobile_country_code":"91"}"#
    );
    assert_eq!(decode_json(odd.to_json().as_bytes()).unwrap(), odd);
}

#[test]
fn round_trips() {
    let r = decode_form(DOC_004_CURL_BODY.as_bytes()).unwrap();
    assert_eq!(decode_form(r.to_form().as_bytes()).unwrap(), r);
    assert_eq!(decode_json(r.to_json().as_bytes()).unwrap(), r);
    let mut buf = Vec::new();
    encode_form_into(&r, &mut buf);
    buf.push(b'|');
    encode_json_into(&r, &mut buf);
    assert!(buf.starts_with(b"object_reference_id=") && buf.ends_with(b"true}"));
}

#[test]
fn request_parts_for_each_operation_and_environment() {
    let key = ApiKey::new("your_api_key").unwrap();
    let mid = MerchantId::new("merchant_id").unwrap();
    let cases = [
        (
            Environment::Sandbox,
            Operation::Create,
            "https://sandbox.juspay.in/customers",
        ),
        (
            Environment::Sandbox,
            Operation::GetOrCreate,
            "https://sandbox.juspay.in/v2/customers",
        ),
        (
            Environment::Production,
            Operation::Create,
            "https://api.juspay.in/customers",
        ),
        (
            Environment::Production,
            Operation::GetOrCreate,
            "https://api.juspay.in/v2/customers",
        ),
        (
            Environment::Custom(BaseUrl::new("https://tenant.example.com/pay/").unwrap()),
            Operation::GetOrCreate,
            "https://tenant.example.com/pay/v2/customers",
        ),
    ];
    for (env, op, url) in cases {
        let config = Config::new(env, key.clone(), mid.clone());
        let parts = config.request_parts(op, &doc_000());
        assert_eq!(parts.method, "POST");
        assert_eq!(parts.url, url);
        let names: Vec<&str> = parts.headers.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["Authorization", "x-merchantid", "Content-Type", "Accept"]);
        // base64("your_api_key:"), computed independently.
        assert_eq!(
            parts.header("Authorization").unwrap().expose(),
            "Basic eW91cl9hcGlfa2V5Og=="
        );
        assert_eq!(parts.header("x-merchantid").unwrap().expose(), "merchant_id");
        assert_eq!(
            parts.header("content-type").unwrap().expose(),
            "application/x-www-form-urlencoded"
        );
        assert_eq!(parts.header("accept").unwrap().expose(), "application/json");
        assert_eq!(parts.body, doc_000().to_form().into_bytes());
    }
    let json = Config::new(Environment::Sandbox, key, mid).with_encoding(Encoding::Json);
    let parts = json.request_parts(Operation::Create, &doc_000());
    assert_eq!(parts.header("Content-Type").unwrap().expose(), "application/json");
    assert_eq!(parts.body, doc_000().to_json().into_bytes());
}

#[test]
fn authorization_is_key_colon_empty_password_like_the_doc_example() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    // Doc 000's example value (key partly masked by the docs) decodes to "<key>:".
    let doc = b64
        .decode("MUQ2QUxxxxxxxxxxxxU5QTIxQzNFNTQwNkFDMEZCOg==")
        .unwrap();
    assert!(doc.starts_with(b"1D6AL") && doc.ends_with(b"9A21C3E5406AC0FB:"));
    let key = ApiKey::new("1D6AL5A9F21C3E5406AC0FB").unwrap();
    let config = Config::new(Environment::Sandbox, key, MerchantId::new("m").unwrap());
    let request = decode_form(b"object_reference_id=cust_123489&mobile_number=1").unwrap();
    let parts = config.request_parts(Operation::Create, &request);
    let value = parts.header("Authorization").unwrap();
    let encoded = value.expose().strip_prefix("Basic ").unwrap();
    assert_eq!(b64.decode(encoded).unwrap(), b"1D6AL5A9F21C3E5406AC0FB:");
    assert!(value.is_sensitive());
}

#[test]
fn secrets_never_show_in_debug() {
    let key = ApiKey::new("sk_live_SECRET123").unwrap();
    let config = Config::new(Environment::Production, key, MerchantId::new("m").unwrap());
    let parts = config.request_parts(Operation::Create, &doc_000());
    let auth = parts.header("Authorization").unwrap().expose().to_owned();
    for text in [
        format!("{config:?}"),
        format!("{parts:?}"),
        format!("{:?}", parts.headers),
    ] {
        assert!(!text.contains("sk_live_SECRET123"), "{text}");
        assert!(!text.contains(&auth[6..]), "{text}");
        assert!(
            !text.contains("99887766") && !text.contains("customer%40"),
            "{text}"
        );
    }
}

#[test]
fn base_url_rules() {
    assert_eq!(BaseUrl::new("sandbox.juspay.in"), Err(ConfigError::BaseUrlScheme));
    assert_eq!(BaseUrl::new("ftp://x"), Err(ConfigError::BaseUrlScheme));
    assert_eq!(BaseUrl::new("https://"), Err(ConfigError::BaseUrlHost));
    assert_eq!(BaseUrl::new("https:///x"), Err(ConfigError::BaseUrlHost));
    assert_eq!(
        BaseUrl::new("https://x.com?a"),
        Err(ConfigError::BaseUrlCharacter { position: 14 })
    );
    assert_eq!(
        BaseUrl::new("https://x .com"),
        Err(ConfigError::BaseUrlCharacter { position: 10 })
    );
    assert_eq!(
        BaseUrl::new("http://127.0.0.1:9/").unwrap().as_str(),
        "http://127.0.0.1:9"
    );
    assert_eq!(
        ConfigError::ApiKeyCharacter { position: 3 }.to_string(),
        "api key has a forbidden character at position 3 (only visible ASCII other than ':' is allowed)"
    );
}
