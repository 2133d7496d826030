use juspay_customer::{rules, CustomerInput, Field};
use std::hint::black_box;
fn main() {
    let mode = std::env::args().nth(1).unwrap();
    let n = 1_000_000;
    let mut ok = 0u32;
    let i = CustomerInput::new()
        .with(Field::ObjectReferenceId, "customer@gmail.com")
        .with(Field::MobileNumber, "99887766")
        .with(Field::EmailAddress, "customer@gmail.com")
        .with(Field::FirstName, "John")
        .with(Field::LastName, "Smith")
        .with(Field::MobileCountryCode, "65");
    for _ in 0..n {
        ok += match mode.as_str() {
            "none" => black_box(1),
            "setbuild" => {
                let mut j = CustomerInput::new();
                j.set(Field::ObjectReferenceId, black_box("customer@gmail.com"));
                j.set(Field::MobileNumber, black_box("99887766"));
                j.set(Field::EmailAddress, black_box("customer@gmail.com"));
                j.set(Field::FirstName, black_box("John"));
                j.set(Field::LastName, black_box("Smith"));
                j.set(Field::MobileCountryCode, black_box("65"));
                black_box(&j);
                1
            }
            "full" => {
                let mut j = CustomerInput::new();
                j.set(Field::ObjectReferenceId, black_box("customer@gmail.com"));
                j.set(Field::MobileNumber, black_box("99887766"));
                j.set(Field::EmailAddress, black_box("customer@gmail.com"));
                j.set(Field::FirstName, black_box("John"));
                j.set(Field::LastName, black_box("Smith"));
                j.set(Field::MobileCountryCode, black_box("65"));
                j.into_request().is_ok() as u32
            }
            "floor" => {
                let mut acc = 0u8;
                let mut n = 0;
                for s in [
                    "customer@gmail.com",
                    "99887766",
                    "customer@gmail.com",
                    "John",
                    "Smith",
                    "65",
                ] {
                    let s = black_box(s);
                    acc = s.as_bytes().iter().fold(acc, |a, &b| a ^ b);
                    n += s.len();
                }
                (acc as usize + n != 0) as u32
            }
            "checks" => {
                (rules::check_object_reference_id(black_box("customer@gmail.com")).is_ok()
                    & rules::check_mobile_number(black_box("99887766")).is_ok()
                    & rules::check_email_address(black_box("customer@gmail.com")).is_ok()
                    & rules::check_name(black_box("John")).is_ok()
                    & rules::check_name(black_box("Smith")).is_ok()
                    & rules::check_mobile_country_code(black_box("65")).is_ok()) as u32
            }
            "email" => rules::check_email_address(black_box("customer@gmail.com")).is_ok() as u32,
            "check" => black_box(&i).check().is_ok() as u32,
            "validate" => black_box(&i).validate().is_ok() as u32,
            "build" => {
                let j = CustomerInput::new()
                    .with(Field::ObjectReferenceId, black_box("customer@gmail.com"))
                    .with(Field::MobileNumber, black_box("99887766"))
                    .with(Field::EmailAddress, black_box("customer@gmail.com"))
                    .with(Field::FirstName, black_box("John"))
                    .with(Field::LastName, black_box("Smith"))
                    .with(Field::MobileCountryCode, black_box("65"));
                black_box(j);
                1
            }
            _ => panic!(),
        };
    }
    println!("{ok}");
}
