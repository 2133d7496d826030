//! Each field's text rule on its own, through `FieldValue::check` (the
//! public way to check one value against one field). An empty value of an
//! optional field is absent there, so accepted; the rules themselves refuse
//! empty text, which is what these report.

#![allow(dead_code)]

use juspay_customer::{Field, FieldValue, Reason};

fn rule(field: Field, s: &str) -> Result<(), Reason> {
    if s.is_empty() {
        return Err(Reason::Empty);
    }
    FieldValue::from(s).check(field)
}

pub fn check_object_reference_id(s: &str) -> Result<(), Reason> {
    rule(Field::ObjectReferenceId, s)
}

pub fn check_mobile_number(s: &str) -> Result<(), Reason> {
    rule(Field::MobileNumber, s)
}

pub fn check_mobile_country_code(s: &str) -> Result<(), Reason> {
    rule(Field::MobileCountryCode, s)
}

pub fn check_name(s: &str) -> Result<(), Reason> {
    rule(Field::FirstName, s)
}

pub fn check_email_address(s: &str) -> Result<(), Reason> {
    rule(Field::EmailAddress, s)
}
