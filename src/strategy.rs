//! proptest strategies for realistic requests (feature `proptest`): the
//! generators of [`crate::generate`] as `Strategy` functions, for a
//! downstream project's own property tests.
//!
//! Each strategy draws a few kilobytes of bytes and builds its value from
//! them through the same code as the `Arbitrary` impls, so the two features
//! generate the same distribution; proptest shrinks the bytes.
//!
//! ```
//! use juspay_customer::{strategy, CustomerInput};
//! use proptest::prelude::*;
//!
//! proptest!(|(request in strategy::valid_request())| {
//!     prop_assert!(CustomerInput::from(&request).validate().is_ok());
//! });
//! ```

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;

use crate::generate::NearValid;
use crate::request::CustomerRequest;

/// How many bytes each case draws: enough for every field at its longest.
const BYTES: std::ops::Range<usize> = 2048..8192;

/// Values of `T` built by its `Arbitrary` impl from random bytes.
fn from_bytes<T: for<'a> Arbitrary<'a> + std::fmt::Debug>() -> impl Strategy<Value = T> {
    proptest::collection::vec(any::<u8>(), BYTES)
        .prop_filter_map("bytes the generator could not use", |bytes| {
            T::arbitrary(&mut Unstructured::new(&bytes)).ok()
        })
}

/// Valid requests: every rule satisfied, lengths over each whole range.
pub fn valid_request() -> impl Strategy<Value = CustomerRequest<'static>> {
    from_bytes()
}

/// Near-valid inputs with the list of what was broken in each.
pub fn near_valid() -> impl Strategy<Value = NearValid> {
    from_bytes()
}
