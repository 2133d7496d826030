//! The end users' messages: every field with every reason it can be refused
//! for renders, names the field's label, and holds no Rust escape; a table
//! of exact texts, checked against the catalog's wording by hand.

use juspay_customer::{
    CustomerInput, Edge, EmailPart, Field, FieldError, FieldValue, JsonType, Messages, Policy, Reason,
};

/// Every (field, reason) the crate can report, from a sample value.
fn reported() -> Vec<FieldError> {
    let long = |n| "1".repeat(n);
    let samples: &[(Field, FieldValue<'static>)] = &[
        (Field::ObjectReferenceId, FieldValue::Absent),
        (Field::ObjectReferenceId, "".into()),
        (Field::ObjectReferenceId, "cust_12".into()),
        (Field::ObjectReferenceId, FieldValue::from("r".repeat(256))),
        (Field::MobileNumber, "9988-7766".into()),
        (Field::MobileNumber, FieldValue::from(long(301))),
        (Field::MobileNumber, FieldValue::Duplicate),
        (Field::MobileNumber, FieldValue::InvalidUtf8),
        (Field::EmailAddress, "a b@x.com".into()),
        (Field::EmailAddress, "ax.com".into()),
        (Field::EmailAddress, "a@b@c".into()),
        (Field::EmailAddress, "@x.com".into()),
        (Field::EmailAddress, "a@".into()),
        (Field::EmailAddress, ".a@x.com".into()),
        (Field::FirstName, "Mary\u{a0}Ann".into()),
        (Field::LastName, FieldValue::WrongType(JsonType::Number)),
        (Field::MobileCountryCode, "6x".into()),
        (Field::MobileCountryCode, FieldValue::from(long(65))),
        (Field::GetClientAuthToken, "yes".into()),
    ];
    let mut errors: Vec<FieldError> = samples
        .iter()
        .map(|(field, value)| FieldError::new(*field, value.check(*field).unwrap_err()))
        .collect();
    errors.extend([
        FieldError::new(Field::MobileNumber, Reason::UnassignedCountryCode),
        FieldError::new(
            Field::MobileCountryCode,
            Reason::CountryCodeConflict { in_number: 91 },
        ),
        FieldError::new(Field::FirstName, Reason::OverServerLimit { max: 64, actual: 70 }),
        FieldError::body(Reason::NotJson { line: 1, column: 2 }),
        FieldError::body(Reason::NotAnObject {
            found: JsonType::Array,
        }),
    ]);
    errors
}

#[test]
fn every_reported_error_renders_for_people() {
    let english = Messages::default();
    let errors = reported();
    assert!(errors.len() >= 23);
    for e in &errors {
        let text = english.render(e);
        assert!(!text.contains('\\'), "{text}");
        let unfilled = Messages::PLACEHOLDERS
            .iter()
            .any(|p| text.contains(&format!("{{{p}}}")));
        assert!(!unfilled, "{text}");
        assert!(!text.contains(e.reason.as_str()), "{text}");
        let label = match e.field {
            Some(Field::ObjectReferenceId) => "Customer ID",
            Some(Field::MobileNumber) => "Mobile number",
            Some(Field::EmailAddress) => "Email address",
            Some(Field::FirstName) => "First name",
            Some(Field::LastName) => "Last name",
            Some(Field::MobileCountryCode) => "Country code",
            Some(Field::GetClientAuthToken) => "Client auth token option",
            None => "The request",
        };
        assert!(text.starts_with(label), "{text}");
        assert_eq!(e.user_message(), text);
        // From the catalog, not its fallback.
        let reason = e.reason.as_str();
        let field_key = e.field.map(|f| format!("{}.{reason}", f.as_str()));
        let listed = Messages::ENGLISH
            .iter()
            .any(|(k, _)| *k == reason || Some(*k) == field_key.as_deref());
        assert!(listed, "the catalog has no entry for {reason}");
    }
    // Every entry of the catalog is rendered by one of them.
    for (key, _) in Messages::ENGLISH {
        let used = errors.iter().any(|e| {
            let reason = e.reason.as_str();
            *key == reason
                || e.field
                    .is_some_and(|f| *key == format!("{}.{reason}", f.as_str()))
        });
        assert!(used, "no sample renders the entry {key}");
    }
}

#[test]
fn exact_texts() {
    let e = |f, r| FieldError::new(f, r).user_message();
    let cases = [
        (e(Field::LastName, Reason::ForbiddenCharacter { ch: '\'', position: 2 }), "Last name can use letters, digits and ( ) . - _ only; remove the ' (character 2)"),
        (e(Field::FirstName, Reason::ForbiddenCharacter { ch: '\u{a0}', position: 5 }), "First name can use letters, digits and ( ) . - _ only; remove the no-break space (U+00A0) (character 5)"),
        (e(Field::MobileNumber, Reason::NotADigit { ch: ' ', position: 5 }), "Mobile number can use the digits 0-9 only; remove the space (character 5)"),
        (e(Field::ObjectReferenceId, Reason::TooShort { min: 8, actual: 7 }), "Customer ID needs at least 8 characters; add 1 more"),
        (e(Field::MobileNumber, Reason::TooLong { max: 300, actual: 301 }), "Mobile number can have at most 300 digits; remove 1"),
        (e(Field::EmailAddress, Reason::EdgeCharacter { ch: '.', part: EmailPart::Domain, edge: Edge::End }), "Email address can't have . at the end of the part after the @; remove it"),
        (e(Field::MobileCountryCode, Reason::CountryCodeConflict { in_number: 65 }), "Country code doesn't match the +65 the mobile number starts with; change one of them"),
        (e(Field::EmailAddress, Reason::OverServerLimit { max: 128, actual: 130 }), "Email address can have at most 128 characters at Juspay; remove 2"),
        (e(Field::LastName, Reason::WrongType { expected: JsonType::String, found: JsonType::Array }), "Last name must be a string, not an array"),
        (FieldError::body(Reason::NotAnObject { found: JsonType::Null }).user_message(), "The request must be a JSON object, not null"),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}

#[test]
fn overrides_and_their_errors() {
    let mut m = Messages::default();
    m.set_label(Field::FirstName, "Vorname");
    m.set(
        "first_name.forbidden_character",
        "{label}: {char} an Stelle {position} entfernen",
    )
    .unwrap();
    let e = FieldError::new(
        Field::FirstName,
        Reason::ForbiddenCharacter {
            ch: 'é', position: 4
        },
    );
    assert_eq!(m.render(&e), "Vorname: é an Stelle 4 entfernen");
    // The field entry wins over the reason's for that field only.
    let other = FieldError::new(
        Field::LastName,
        Reason::ForbiddenCharacter {
            ch: 'é', position: 4
        },
    );
    assert_eq!(
        m.render(&other),
        "Last name can use letters, digits and ( ) . - _ only; remove the é (character 4)"
    );
    assert_eq!(
        m.set("phone.too_long", "x").unwrap_err().to_string(),
        "message key 'phone.too_long' is not a reason name (forbidden_character) or field.reason (last_name.forbidden_character)"
    );
    assert_eq!(
        m.set("too_long", "{label} {mx}").unwrap_err().to_string(),
        "message template for 'too_long' has an unknown placeholder '{mx}'"
    );
    assert_eq!(
        m.set("too_long", "{label").unwrap_err().to_string(),
        "message template for 'too_long' has an unknown placeholder '{label'"
    );
}

/// What normalize and validation make of a number: (code, national number) or the refusal.
type Split = Result<(String, String), Reason>;

/// One line per case: the mobile number typed, the country code given, and
/// what normalize makes of them (code, national number) or the refusal.
#[test]
fn international_numbers() {
    let ok = |code: &str, national: &str| Ok((code.to_owned(), national.to_owned()));
    let cases: &[(&str, Option<&str>, Split)] = &[
        ("+91 98765-43210", None, ok("91", "9876543210")),
        ("+65 9123 4567", None, ok("65", "91234567")),
        ("+44 (0)20 7946 0000", None, ok("44", "2079460000")),
        ("0044 20 7946 0000", None, ok("44", "2079460000")),
        ("(+1) 415-555-2671", None, ok("1", "4155552671")),
        ("+39 06 1234 5678", None, ok("39", "0612345678")),
        ("+91\u{a0}98765.43210", Some("91"), ok("91", "9876543210")),
        ("+91 98765 43210", Some("+91"), ok("91", "9876543210")),
        ("98765 43210", None, ok("91", "9876543210")),
        ("98765 43210", Some("65"), ok("65", "9876543210")),
        (
            "+65 9123 4567",
            Some("91"),
            Err(Reason::CountryCodeConflict { in_number: 65 }),
        ),
        ("+999 1234", None, Err(Reason::UnassignedCountryCode)),
        ("000 1234", None, Err(Reason::UnassignedCountryCode)),
        (
            "++91 98765",
            None,
            Err(Reason::NotADigit { ch: '+', position: 1 }),
        ),
    ];
    for (mobile, code, want) in cases {
        let input = CustomerInput::new()
            .with(Field::ObjectReferenceId, "cust_123489")
            .with(Field::MobileNumber, *mobile)
            .with(Field::MobileCountryCode, *code);
        let got = juspay_customer::normalize(input)
            .validate()
            .map(|r| (r.mobile_country_code().to_owned(), r.mobile_number().to_owned()))
            .map_err(|e| e.errors()[0].reason);
        assert_eq!(&got, want, "{mobile} {code:?}");
    }
}

#[test]
fn the_policy_drops_warns_and_refuses() {
    let input = || {
        CustomerInput::new()
            .with(Field::ObjectReferenceId, "r".repeat(130))
            .with(Field::MobileNumber, "99887766")
            .with(Field::FirstName, "Zoë")
            .with(Field::MobileCountryCode, "6x")
    };
    // A refused country code is never dropped: nothing is, and every error stays.
    let v = Policy::new().drop_invalid_optional().check(input());
    assert!(v.notes.dropped.is_empty());
    let errors = v.request.unwrap_err();
    assert_eq!(errors.errors().len(), 2);
    assert_eq!(
        v.notes.warnings[0].reason,
        Reason::OverServerLimit {
            max: 128,
            actual: 130
        }
    );
    // Fixed country code: the name is dropped, the long id warned about.
    let v = Policy::new()
        .drop_invalid_optional()
        .check(input().with(Field::MobileCountryCode, "65"));
    assert_eq!(v.request.as_ref().unwrap().first_name(), None);
    assert_eq!(v.notes.dropped.len(), 1);
    assert_eq!(v.notes.warnings.len(), 1);
    // Strict: the warning is a refusal, named with its own reason.
    let v = Policy::new().strict().check(
        input()
            .with(Field::MobileCountryCode, "65")
            .with(Field::FirstName, "Zoe"),
    );
    let errors = v.request.unwrap_err();
    assert_eq!(
        errors.to_string(),
        "object_reference_id is longer than Juspay's server code accepts: 130 characters, at most 128"
    );
    assert!(v.notes.warnings.is_empty());
}
