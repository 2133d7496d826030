//! Why `check` refused a record: a field the library refused, or the record
//! as a whole for a reason only a file reader has (too large to read, a CSV
//! row with the wrong number of cells). Written in the library's shape for
//! field errors: `{"field","code","reason","message"}`.

use std::fmt;

use juspay_customer::{Field, FieldError};
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// One refusal of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A field, or the whole body, as the library refused it.
    Field(FieldError),
    /// A record longer than `--max-record-bytes`, refused without being read whole.
    TooLarge {
        /// The most bytes a record may have.
        limit: usize,
    },
    /// A CSV record that ends the file inside a quoted cell: the export
    /// was cut short, and the cell's value with it.
    UnterminatedQuote,
    /// A valid record whose `object_reference_id` an earlier record of the
    /// input had: Create would answer `ALREADY_EXISTS`.
    Duplicate {
        /// The line of the first record with it.
        first_line: u64,
    },
    /// A valid record that repeats an earlier valid record field for field
    /// (as sent): the same customer written twice, nothing to fix.
    SameCustomer {
        /// The line of the first record.
        first_line: u64,
    },
    /// A CSV record whose `--country-column` cell holds neither a region
    /// nor an assigned calling code.
    UnknownCountry,
    /// A CSV record whose number of cells differs from its header's.
    CellCount {
        /// The header's number of cells.
        expected: usize,
        /// The record's number of cells.
        found: usize,
    },
}

impl Refusal {
    /// The refused field; `None` for the whole record.
    pub(crate) fn field(&self) -> Option<Field> {
        match self {
            Refusal::Field(e) => e.field,
            Refusal::Duplicate { .. } | Refusal::SameCustomer { .. } => Some(Field::ObjectReferenceId),
            Refusal::UnknownCountry => Some(Field::MobileCountryCode),
            _ => None,
        }
    }

    /// The stable reason name, e.g. `not_a_digit`, `too_large`.
    pub(crate) fn reason(&self) -> &'static str {
        match self {
            Refusal::Field(e) => e.reason.as_str(),
            Refusal::TooLarge { .. } => "too_large",
            Refusal::UnterminatedQuote => "unterminated_quote",
            Refusal::Duplicate { .. } => "duplicate_reference",
            Refusal::SameCustomer { .. } => "same_customer",
            Refusal::CellCount { .. } => "wrong_cell_count",
            Refusal::UnknownCountry => "unknown_country",
        }
    }
}

impl From<FieldError> for Refusal {
    fn from(e: FieldError) -> Self {
        Refusal::Field(e)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Refusal::Field(e) => e.fmt(f),
            Refusal::TooLarge { limit } => write!(f, "record is too large: more than {limit} bytes"),
            Refusal::Duplicate { first_line } => write!(
                f,
                "object_reference_id is the same as on line {first_line} (Create would answer ALREADY_EXISTS)"
            ),
            Refusal::SameCustomer { first_line } => write!(
                f,
                "the same customer as on line {first_line}, field for field: nothing to fix, sent once"
            ),
            Refusal::UnterminatedQuote => {
                f.write_str("record ends the file inside a quoted cell (the export looks cut short)")
            }
            Refusal::UnknownCountry => f.write_str(
                "mobile_country_code: the --country-column cell holds neither a region (IN) nor an assigned calling code (91)",
            ),
            Refusal::CellCount { expected, found } => {
                write!(f, "record has {found} cells where the header has {expected}")
            }
        }
    }
}

impl Serialize for Refusal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Refusal::Field(e) = self {
            return e.serialize(s);
        }
        let mut st = s.serialize_struct("FieldError", 4)?;
        st.serialize_field("field", &self.field().map(Field::as_str))?;
        let code = match self {
            Refusal::Duplicate { .. } | Refusal::SameCustomer { .. } => "ALREADY_EXISTS",
            _ => "INVALID_INPUT",
        };
        st.serialize_field("code", code)?;
        st.serialize_field("reason", self.reason())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_refusals_have_the_field_error_shape() {
        let cases = [
            (
                Refusal::Duplicate { first_line: 7 },
                r#"{"field":"object_reference_id","code":"ALREADY_EXISTS","reason":"duplicate_reference","message":"object_reference_id is the same as on line 7 (Create would answer ALREADY_EXISTS)"}"#,
            ),
            (
                Refusal::UnterminatedQuote,
                r#"{"field":null,"code":"INVALID_INPUT","reason":"unterminated_quote","message":"record ends the file inside a quoted cell (the export looks cut short)"}"#,
            ),
            (
                Refusal::UnknownCountry,
                r#"{"field":"mobile_country_code","code":"INVALID_INPUT","reason":"unknown_country","message":"mobile_country_code: the --country-column cell holds neither a region (IN) nor an assigned calling code (91)"}"#,
            ),
            (
                Refusal::TooLarge { limit: 1000 },
                r#"{"field":null,"code":"INVALID_INPUT","reason":"too_large","message":"record is too large: more than 1000 bytes"}"#,
            ),
            (
                Refusal::CellCount {
                    expected: 4,
                    found: 3,
                },
                r#"{"field":null,"code":"INVALID_INPUT","reason":"wrong_cell_count","message":"record has 3 cells where the header has 4"}"#,
            ),
        ];
        for (refusal, json) in cases {
            assert_eq!(serde_json::to_string(&refusal).unwrap(), json);
        }
    }
}
