//! Zero heap allocations on the hot path, counted by a global allocator.
//! Its own test binary, so that no other test shares the allocator; counts
//! are per thread, so the test harness's own threads do not interfere.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use juspay_customer::{decode_form, encode_form_into, encode_json_into, CustomerInput, Field};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations `f` makes on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (ALLOCATIONS.with(Cell::get) - before, out)
}

fn doc_000_input() -> CustomerInput<'static> {
    let mut input = CustomerInput::new();
    input.set(Field::ObjectReferenceId, "customer@gmail.com");
    input.set(Field::MobileNumber, "99887766");
    input.set(Field::EmailAddress, "customer@gmail.com");
    input.set(Field::FirstName, "John");
    input.set(Field::LastName, "Smith");
    input.set(Field::MobileCountryCode, "65");
    input.set(Field::GetClientAuthToken, true);
    input
}

#[test]
fn the_counter_counts() {
    let (n, v) = allocations(|| vec![1u8; 16]);
    assert_eq!((n, v.len()), (1, 16));
    // An invalid request allocates its error list: the counter sees that too.
    let mut bad = doc_000_input();
    bad.set(Field::MobileNumber, "9988-7766");
    let (n, r) = allocations(|| bad.validate().is_err());
    assert!(r && n > 0);
}

#[test]
fn validating_a_valid_request_allocates_nothing() {
    let (n, input) = allocations(doc_000_input);
    assert_eq!(n, 0, "building the input");
    let (n, ok) = allocations(|| input.check().is_ok());
    assert!(ok);
    assert_eq!(n, 0, "check");
    let (n, ok) = allocations(|| input.validate().is_ok());
    assert!(ok);
    assert_eq!(n, 0, "validate");
    let (n, ok) = allocations(|| doc_000_input().into_request().is_ok());
    assert!(ok);
    assert_eq!(n, 0, "into_request");
    // A form body with nothing to percent-decode is borrowed, not copied.
    let body =
        b"object_reference_id=cust_123489&mobile_number=99887766&first_name=John&mobile_country_code=65";
    let (n, ok) = allocations(|| decode_form(body).is_ok());
    assert!(ok);
    assert_eq!(n, 0, "decode_form");
}

#[test]
fn encoding_into_a_buffer_with_room_allocates_nothing() {
    let input = doc_000_input();
    let request = input.validate().unwrap();
    let mut buf = Vec::with_capacity(1024);
    let (n, ()) = allocations(|| encode_form_into(&request, &mut buf));
    assert_eq!(n, 0, "form");
    assert_eq!(
        buf,
        b"object_reference_id=customer%40gmail.com&mobile_number=99887766&email_address=customer%40gmail.com\
&first_name=John&last_name=Smith&mobile_country_code=65&options.get_client_auth_token=true"
    );
    buf.clear();
    let (n, ()) = allocations(|| encode_json_into(&request, &mut buf));
    assert_eq!(n, 0, "json");
    assert!(buf.starts_with(b"{\"object_reference_id\":\"customer@gmail.com\""));
}
