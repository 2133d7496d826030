//! The generators keep their promises: valid requests validate, near-valid
//! inputs are refused for exactly the fields broken, lengths reach both ends
//! of every range, and every allowed special character turns up.

use std::collections::BTreeSet;

use arbitrary::{Arbitrary, Unstructured};
use juspay_customer::generate::NearValid;
use juspay_customer::{rules, CustomerInput, CustomerRequest, Field};

/// Deterministic bytes (splitmix64), so the test is the same every run.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

#[path = "support/text.rs"]
mod text;
#[allow(unused_imports)]
use text::Bodies;

#[test]
fn ten_thousand_generated_requests_all_validate_and_cover_the_ranges() {
    let mut lengths: [BTreeSet<usize>; 6] = Default::default();
    let mut chars = BTreeSet::new();
    let mut tokens = BTreeSet::new();
    for seed in 0..10_000u64 {
        let data = bytes(seed, 4096);
        let request = CustomerRequest::arbitrary(&mut Unstructured::new(&data)).unwrap();
        // Through the crate's own entry points, both encodings.
        let input = CustomerInput::from(&request);
        assert_eq!(input.validate().as_ref(), Ok(&request), "seed {seed}");
        let form = request.to_form();
        assert_eq!(juspay_customer::decode_form(form.as_bytes()).unwrap(), request);
        let json = request.to_json();
        assert_eq!(juspay_customer::decode_json(json.as_bytes()).unwrap(), request);
        let text = serde_json::to_value(&request).unwrap();
        for (field, value) in Field::ALL
            .into_iter()
            .filter_map(|f| Some((f, text.get(f.as_str())?.as_str()?)))
        {
            lengths[Field::ALL.iter().position(|f| *f == field).unwrap()].insert(value.chars().count());
            if matches!(field, Field::FirstName | Field::LastName | Field::EmailAddress) {
                chars.extend(value.chars());
            }
        }
        tokens.insert(request.get_client_auth_token());
    }
    let ranges = [
        (rules::OBJECT_REFERENCE_ID_MIN, rules::OBJECT_REFERENCE_ID_MAX),
        (1, rules::MOBILE_NUMBER_MAX),
        (3, rules::EMAIL_ADDRESS_MAX),
        (1, rules::NAME_MAX),
        (1, rules::NAME_MAX),
        (1, rules::MOBILE_COUNTRY_CODE_MAX),
    ];
    for ((field, seen), (min, max)) in Field::ALL.iter().zip(&lengths).zip(ranges) {
        let (lo, hi) = (*seen.first().unwrap(), *seen.last().unwrap());
        assert!(lo >= min && hi <= max, "{field}: {lo}..{hi} outside {min}..{max}");
        // Both ends of the range, within a tenth of it, and most of it between.
        let tenth = (max - min) / 10;
        assert!(lo <= min + tenth && hi >= max - tenth, "{field}: only {lo}..{hi}");
        assert!(
            seen.len() * 2 > max - min,
            "{field}: {} distinct lengths",
            seen.len()
        );
    }
    for c in rules::NAME_SPECIALS.chars().chain(rules::EMAIL_SPECIALS.chars()) {
        assert!(chars.contains(&c), "{c:?} never generated");
    }
    assert_eq!(tokens.len(), 3, "true, false and absent");
}

#[test]
fn every_near_valid_input_is_refused_for_exactly_what_was_broken() {
    let mut reasons = BTreeSet::new();
    for seed in 0..10_000u64 {
        let data = bytes(seed ^ 0xABCD, 4096);
        let near = NearValid::arbitrary(&mut Unstructured::new(&data)).unwrap();
        assert!(!near.broken.is_empty());
        let errors = near.input.clone().validate().unwrap_err();
        let got: BTreeSet<(Field, &str)> = errors
            .errors()
            .iter()
            .map(|e| (e.field.unwrap(), e.reason.as_str()))
            .collect();
        let want: BTreeSet<(Field, &str)> = near.broken.iter().copied().collect();
        assert_eq!(got, want, "seed {seed}: {:?}", near.input);
        reasons.extend(near.broken.iter().map(|(f, r)| (*f, *r)));
        // The Arbitrary impl of the input alone is the same generator.
        let input = CustomerInput::arbitrary(&mut Unstructured::new(&data)).unwrap();
        assert_eq!(input, near.input);
    }
    // Every documented way to break each field turns up.
    let want: &[(Field, &[&str])] = &[
        (
            Field::ObjectReferenceId,
            &[
                "missing",
                "empty",
                "too_short",
                "too_long",
                "wrong_type",
                "duplicate_key",
            ],
        ),
        (
            Field::MobileNumber,
            &[
                "missing",
                "empty",
                "too_long",
                "not_a_digit",
                "wrong_type",
                "duplicate_key",
            ],
        ),
        (
            Field::EmailAddress,
            &[
                "too_long",
                "forbidden_character",
                "multiple_at",
                "edge_character",
                "wrong_type",
                "duplicate_key",
            ],
        ),
        (
            Field::FirstName,
            &["too_long", "forbidden_character", "wrong_type", "duplicate_key"],
        ),
        (
            Field::LastName,
            &["too_long", "forbidden_character", "wrong_type", "duplicate_key"],
        ),
        (
            Field::MobileCountryCode,
            &["too_long", "not_a_digit", "wrong_type", "duplicate_key"],
        ),
        (
            Field::GetClientAuthToken,
            &["not_a_boolean", "wrong_type", "duplicate_key"],
        ),
    ];
    for (field, names) in want {
        for name in *names {
            assert!(
                reasons.contains(&(*field, *name)),
                "{field} never broken as {name}"
            );
        }
    }
}

#[cfg(feature = "proptest")]
mod strategies {
    use juspay_customer::{strategy, CustomerInput};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn valid_requests_validate(request in strategy::valid_request()) {
            let input = CustomerInput::from(&request);
            let validated = input.validate();
            prop_assert_eq!(validated.as_ref(), Ok(&request));
        }

        #[test]
        fn near_valid_inputs_are_refused_for_what_was_broken(near in strategy::near_valid()) {
            let errors = near.input.clone().validate().unwrap_err();
            prop_assert_eq!(errors.errors().len(), near.broken.len());
            for (field, reason) in &near.broken {
                prop_assert_eq!(errors.get(*field).map(|e| e.reason.as_str()), Some(*reason));
            }
        }

        #[test]
        fn near_valid_input_alone_is_refused(input in strategy::near_valid().prop_map(|n| n.input)) {
            prop_assert!(input.validate().is_err());
        }
    }
}
