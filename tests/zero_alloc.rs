//! Zero heap allocations on the hot path, counted by a global allocator.
//! Its own test binary, so that no other test shares the allocator; counts
//! are per thread, so the test harness's own threads do not interfere.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use juspay_customer::{decode_form, encode_form_into, encode_json_into, CustomerInput, Field};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    /// Bytes allocated and not yet freed on this thread (may go below zero
    /// when memory allocated elsewhere is freed here).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The highest `LIVE` since the last reset.
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(by: isize) {
    let live = LIVE.with(|l| {
        l.set(l.get() + by);
        l.get()
    });
    PEAK.with(|p| p.set(p.get().max(live)));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        grow(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        grow(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        grow(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The most bytes `f` held allocated at once on this thread, what it
/// returned included.
fn peak_bytes<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    (usize::try_from(PEAK.with(Cell::get) - start).unwrap_or(0), out)
}

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
    let (n, ok) = allocations(|| input.validate().is_ok());
    assert!(ok);
    assert_eq!(n, 0, "validate");
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

/// Hostile bodies just under `BODY_LIMIT`, shaped to cost the most memory
/// per byte, and bodies over it: `parse_response` holds at most
/// `MEMORY_FACTOR` times the body's length (under the cap; 800 KiB for a
/// body of at most 16 KiB), or little more than `RAW_BODY_LIMIT` (over it),
/// whatever it is given, the result included. `parse_response`'s docs quote
/// these bounds.
#[test]
fn parse_response_memory_is_bounded_for_any_body() {
    use juspay_customer::{parse_response, ApiError};
    use juspay_customer::{BODY_LIMIT, RAW_BODY_LIMIT};
    const MEMORY_FACTOR: usize = 25;
    /// The most a body of at most 16 KiB may take (the direct pass's worst).
    const DIRECT_PEAK: usize = 800 * 1024;

    /// `head`, then as many `item`s (`#` replaced by a count) as fit under
    /// the cap, then `tail`.
    fn fill(head: &str, item: &str, tail: &str) -> Vec<u8> {
        let mut body = String::with_capacity(BODY_LIMIT);
        body.push_str(head);
        for i in 0.. {
            let next = item.replace('#', &i.to_string());
            if body.len() + next.len() + 1 + tail.len() > BODY_LIMIT {
                break;
            }
            if i > 0 {
                body.push(',');
            }
            body.push_str(&next);
        }
        body.push_str(tail);
        body.into_bytes()
    }
    let depth = (BODY_LIMIT - 40) / 2;
    let deep = format!(
        r#"{{"id":"cst_1","x":{}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let too_deep = format!(r#"{{"id":"cst_1","x":{}"#, "[".repeat(3_000_000));
    let under: Vec<(&str, u16, Vec<u8>)> = vec![
        ("tiny unknown keys", 500, fill("{", "\"#\":1", "}")),
        (
            "tiny unknown keys before id",
            200,
            fill("{", "\"#\":0", r#","id":"c"}"#),
        ),
        (
            "empty field reasons",
            400,
            fill(r#"{"error_info":{"code":"INVALID_INPUT","fields":["#, "{}", "]}}"),
        ),
        (
            "field reasons",
            400,
            fill(r#"{"error_info":{"fields":["#, r#"{"field_name":"f"}"#, "]}}"),
        ),
        (
            "escaped key names",
            400,
            fill(
                r#"{"error_info":{"code":"INVALID_INPUT"},"#,
                r#""\u0041#":1"#,
                "}",
            ),
        ),
        (
            "tiny juspay keys",
            200,
            fill(r#"{"id":"c","juspay":{"#, "\"#\":1", "}}"),
        ),
        ("one big extra array", 403, fill(r#"{"x":["#, "1", "]}")),
        ("deep nesting after other keys", 200, deep.into_bytes()),
        (
            "one long escaped string",
            200,
            fill(r#"{"id":"cst_1","first_name":""#, "a\\n", r#""}"#),
        ),
    ];
    for (name, status, body) in &under {
        assert!(
            body.len() <= BODY_LIMIT && body.len() > BODY_LIMIT - 64,
            "{name}: {} bytes",
            body.len()
        );
        let (peak, outcome) = peak_bytes(|| parse_response(*status, body));
        eprintln!(
            "{name}: body {} bytes, peak {peak} bytes ({:.1}x), kind {}",
            body.len(),
            peak as f64 / body.len() as f64,
            outcome.as_ref().map_or_else(ApiError::kind, |_| "customer")
        );
        assert!(
            !matches!(outcome, Err(ApiError::Unexpected { parsed: None, .. })),
            "{name}: read"
        );
        assert!(peak <= MEMORY_FACTOR * body.len(), "{name}: {peak} bytes held");
    }
    // Bodies up to 16 KiB are first read in one direct pass (its `Vec`
    // grows by doubling), then, if it gives up, with every value captured:
    // the same bound holds.
    let direct_limit = 16 * 1024;
    let fill_to = |head: &str, item: &str, tail: &str| {
        let mut body = head.to_owned();
        while body.len() + item.len() + 1 + tail.len() <= direct_limit {
            if body.len() > head.len() {
                body.push(',');
            }
            body.push_str(item);
        }
        body.push_str(tail);
        body.into_bytes()
    };
    let small: Vec<(&str, u16, Vec<u8>)> = vec![
        (
            "16 KiB of empty field reasons",
            400,
            fill_to(r#"{"error_info":{"fields":["#, "{}", "]}}"),
        ),
        (
            "16 KiB of field reasons",
            400,
            fill_to(r#"{"error_info":{"fields":["#, r#"{"reason":"r"}"#, "]}}"),
        ),
        (
            "16 KiB of empty field reasons, then an unknown key",
            400,
            fill_to(r#"{"error_info":{"fields":["#, "{}", r#"]},"x":1}"#),
        ),
    ];
    for (name, status, body) in &small {
        let (peak, outcome) = peak_bytes(|| parse_response(*status, body));
        eprintln!(
            "{name}: body {} bytes, peak {peak} bytes ({:.1}x), kind {}",
            body.len(),
            peak as f64 / body.len() as f64,
            outcome.as_ref().map_or_else(ApiError::kind, |_| "customer")
        );
        assert!(peak <= DIRECT_PEAK, "{name}: {peak} bytes held");
    }
    let over: Vec<(&str, u16, Vec<u8>)> = vec![
        ("3 million [ after other keys", 200, too_deep.into_bytes()),
        (
            "a long unknown string value",
            500,
            format!(r#"{{"x":"{}"}}"#, "z".repeat(4_000_000)).into_bytes(),
        ),
        (
            "a body one byte over the cap",
            400,
            fill(r#"{"error_info":{"code":"INVALID_INPUT"},"x":""#, "", "")
                .into_iter()
                .chain(*b"zz\"}")
                .collect(),
        ),
    ];
    for (name, status, body) in &over {
        assert!(body.len() > BODY_LIMIT, "{name}");
        let (peak, outcome) = peak_bytes(|| parse_response(*status, body));
        eprintln!("{name}: body {} bytes, peak {peak} bytes", body.len());
        match outcome {
            Err(ApiError::Unexpected {
                body: raw,
                parsed: None,
                ..
            }) => {
                assert_eq!(
                    (raw.len(), raw.bytes().len()),
                    (body.len(), RAW_BODY_LIMIT),
                    "{name}"
                )
            }
            other => panic!("{name}: {other:?}"),
        }
        assert!(peak <= RAW_BODY_LIMIT + 1024, "{name}: {peak} bytes held");
    }
}
