//! Each field's text rule on its own, through the field's validated newtype
//! (the public way to check one value against one rule).

#![allow(dead_code)]

use juspay_customer::{EmailAddress, FirstName, MobileCountryCode, MobileNumber, ObjectReferenceId, Reason};

pub fn check_object_reference_id(s: &str) -> Result<(), Reason> {
    ObjectReferenceId::new(s).map(drop).map_err(|e| e.reason)
}

pub fn check_mobile_number(s: &str) -> Result<(), Reason> {
    MobileNumber::new(s).map(drop).map_err(|e| e.reason)
}

pub fn check_mobile_country_code(s: &str) -> Result<(), Reason> {
    MobileCountryCode::new(s).map(drop).map_err(|e| e.reason)
}

pub fn check_name(s: &str) -> Result<(), Reason> {
    FirstName::new(s).map(drop).map_err(|e| e.reason)
}

pub fn check_email_address(s: &str) -> Result<(), Reason> {
    EmailAddress::new(s).map(drop).map_err(|e| e.reason)
}
