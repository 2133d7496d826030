//! The retry plan: its rules one line a case, and properties of the plan
//! driving the sans-IO fake through random fault scripts.

use std::collections::BTreeMap;
use std::time::Duration;

use juspay_customer::retry::{Failure, Next, Outcome, RetryPlan, RetryPolicy, Transport};
use juspay_customer::{
    decode_form, parse_response, ApiError, ApiKey, BaseUrl, Config, Environment, MerchantId, Operation,
};
use juspay_customer_fake::{FakeJuspay, FakeRequest, Fault, Faults, Reply};
use proptest::prelude::*;

const CUSTOMER: &[u8] = br#"{"id":"cst_1","object_reference_id":"cust_123489"}"#;
const ALREADY_EXISTS: &[u8] =
    br#"{"status":"invalid_request_error","error_code":"unique","error_info":{"code":"ALREADY_EXISTS"}}"#;
const INVALID: &[u8] = br#"{"status":"invalid_request_error","error_code":"invalid","error_info":{"code":"INVALID_INPUT","fields":[{"field_name":"mobile_number","reason":"Invalid value."}]}}"#;
const UNAUTHORIZED: &[u8] =
    br#"{"status":"error","error_code":"access_denied","error_info":{"code":"UNAUTHORIZED"}}"#;
const BAD_ORIGIN: &[u8] = br#"{"status":"error","error_info":{"code":"BAD_ORIGIN"}}"#;

fn response(status: u16, body: &[u8]) -> Outcome<'static> {
    Outcome::response(parse_response(status, body), None)
}

/// What the plan answers, in short: `done create`, `retry get_or_create`,
/// `give up invalid_input`.
fn short(next: &Next) -> String {
    match next {
        Next::Done { operation, .. } => format!("done {operation:?}"),
        Next::Retry { operation, .. } => format!("retry {operation:?}"),
        Next::GiveUp(f) => format!("give up {}", f.kind()),
    }
}

/// One line a rule: the operation, the attempts made before, the outcome,
/// what the plan answers.
#[test]
fn rules() {
    type Case = (Operation, u32, fn() -> Outcome<'static>, &'static str);
    let cases: &[Case] = &[
        (Operation::Create, 0, || response(200, CUSTOMER), "done Create"),
        (
            Operation::GetOrCreate,
            0,
            || response(200, CUSTOMER),
            "done GetOrCreate",
        ),
        (
            Operation::Create,
            0,
            || Outcome::Transport(Transport::Connect),
            "retry Create",
        ),
        (
            Operation::Create,
            0,
            || Outcome::Transport(Transport::Timeout),
            "retry Create",
        ),
        (
            Operation::Create,
            0,
            || Outcome::Transport(Transport::Reset),
            "retry Create",
        ),
        (
            Operation::Create,
            0,
            || Outcome::Transport(Transport::Tls),
            "retry Create",
        ),
        (Operation::Create, 0, || response(429, b""), "retry Create"),
        (Operation::Create, 0, || response(500, b"{}"), "retry Create"),
        (Operation::Create, 0, || response(502, b"<html>"), "retry Create"),
        (Operation::Create, 0, || response(503, b""), "retry Create"),
        (Operation::Create, 0, || response(504, b""), "retry Create"),
        (
            Operation::GetOrCreate,
            0,
            || response(503, b""),
            "retry GetOrCreate",
        ),
        (Operation::Create, 0, || response(501, b""), "give up unexpected"),
        (Operation::Create, 0, || response(408, b""), "give up unexpected"),
        (
            Operation::Create,
            0,
            || response(400, INVALID),
            "give up invalid_input",
        ),
        (
            Operation::Create,
            3,
            || response(400, INVALID),
            "give up invalid_input",
        ),
        (
            Operation::Create,
            0,
            || response(401, UNAUTHORIZED),
            "give up unauthorized",
        ),
        (
            Operation::Create,
            0,
            || response(403, BAD_ORIGIN),
            "give up bad_origin",
        ),
        (Operation::Create, 0, || response(404, b""), "give up not_found"),
        (
            Operation::Create,
            0,
            || response(400, ALREADY_EXISTS),
            "give up already_exists",
        ),
        (
            Operation::Create,
            1,
            || response(400, ALREADY_EXISTS),
            "retry GetOrCreate",
        ),
        // The resolving Get or Create is sent even at the limit.
        (
            Operation::Create,
            5,
            || response(400, ALREADY_EXISTS),
            "retry GetOrCreate",
        ),
        (
            Operation::GetOrCreate,
            1,
            || response(400, ALREADY_EXISTS),
            "give up already_exists",
        ),
        // The sixth attempt is the last one.
        (Operation::Create, 5, || response(503, b""), "give up unexpected"),
        (
            Operation::Create,
            5,
            || Outcome::Transport(Transport::Reset),
            "give up transport_reset",
        ),
        (
            Operation::Create,
            4,
            || Outcome::Transport(Transport::Reset),
            "retry Create",
        ),
    ];
    for (operation, before, outcome, want) in cases {
        let mut plan = RetryPlan::new(RetryPolicy::default(), *operation);
        for _ in 0..*before {
            assert!(matches!(
                plan.next(Outcome::Transport(Transport::Timeout), 0, 0),
                Next::Retry { .. }
            ));
        }
        let got = short(&plan.next(outcome(), 0, 0));
        assert_eq!(got, *want, "{operation:?} after {before} attempts");
        assert_eq!(plan.attempts(), before + 1);
    }
}

/// The resolving Get or Create has a budget of its own: five more
/// failures are retried after a Create that used all six, the sixth ends it.
#[test]
fn the_resolution_has_its_own_budget() {
    let mut plan = RetryPlan::new(RetryPolicy::default(), Operation::Create);
    for _ in 0..5 {
        assert_eq!(
            short(&plan.next(Outcome::Transport(Transport::Reset), 0, 0)),
            "retry Create"
        );
    }
    assert_eq!(
        short(&plan.next(response(400, ALREADY_EXISTS), 0, 0)),
        "retry GetOrCreate"
    );
    for _ in 0..5 {
        assert_eq!(short(&plan.next(response(503, b""), 0, 0)), "retry GetOrCreate");
    }
    assert_eq!(short(&plan.next(response(503, b""), 0, 0)), "give up unexpected");
    assert_eq!(plan.attempts(), 12);
}

#[test]
fn retry_after_is_honoured_and_bounded() {
    let policy = RetryPolicy::default();
    let now = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
    for (value, want) in [
        ("7", Duration::from_secs(7)),
        ("Sun, 06 Nov 1994 08:50:07 GMT", Duration::from_secs(30)),
        ("Sun, 06 Nov 1994 08:00:00 GMT", Duration::ZERO),
        ("86400", policy.max_retry_after),
    ] {
        let mut plan = RetryPlan::new(policy, Operation::Create);
        match plan.next(
            Outcome::response(parse_response(429, b""), Some(value)),
            now,
            12_345,
        ) {
            Next::Retry { after, .. } => assert_eq!(after, want, "{value}"),
            other => panic!("{value}: {other:?}"),
        }
    }
    // Unreadable: the backoff, at most base_delay on the first retry.
    let mut plan = RetryPlan::new(policy, Operation::Create);
    match plan.next(
        Outcome::response(parse_response(503, b""), Some("later")),
        now,
        u64::MAX,
    ) {
        Next::Retry { after, .. } => assert!(after <= policy.base_delay),
        other => panic!("{other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Full jitter: every backoff is within `min(max_delay, base × 2^(n−1))`,
    /// and the random number spreads it over that range.
    #[test]
    fn backoff_is_capped_full_jitter(randoms in proptest::collection::vec(any::<u64>(), 1..12), base_ms in 1u64..2_000, max_ms in 1u64..60_000) {
        let mut policy = RetryPolicy::default();
        policy.max_attempts = 20;
        policy.base_delay = Duration::from_millis(base_ms);
        policy.max_delay = Duration::from_millis(max_ms);
        let mut plan = RetryPlan::new(policy, Operation::Create);
        for (i, r) in randoms.iter().enumerate() {
            let cap = Duration::from_millis(base_ms.saturating_mul(1 << i).min(max_ms));
            match plan.next(Outcome::Transport(Transport::Timeout), 0, *r) {
                Next::Retry { after, operation } => {
                    prop_assert!(after <= cap, "{after:?} > {cap:?}");
                    prop_assert_eq!(operation, Operation::Create);
                }
                other => prop_assert!(false, "{other:?}"),
            }
        }
    }

    /// The caller's faults (400, 401, 403, 404) are never retried, at any attempt.
    #[test]
    fn caller_faults_are_never_retried(before in 0u32..10, which in 0usize..4, get_or_create: bool) {
        let (status, body) = [(400, INVALID), (401, UNAUTHORIZED), (403, BAD_ORIGIN), (404, &b""[..])][which];
        let op = if get_or_create { Operation::GetOrCreate } else { Operation::Create };
        let mut policy = RetryPolicy::default();
        policy.max_attempts = 20;
        let mut plan = RetryPlan::new(policy, op);
        for _ in 0..before {
            plan.next(Outcome::Transport(Transport::Reset), 0, 1);
        }
        let next = plan.next(response(status, body), 0, 1);
        prop_assert!(matches!(next, Next::GiveUp(Failure::Api(ref e)) if e.is_caller_fault() && !e.is_retryable()), "{next:?}");
    }
}

/// Drives one record's call through the fake, as a client would: the plan
/// says what to send and how long to wait; the simulated clock moves by the
/// fake's latency and the plan's delays. Returns the plan's last answer and
/// the requests sent.
fn call(
    fake: &mut FakeJuspay,
    config: &Config,
    body: &[u8],
    policy: RetryPolicy,
    clock: &mut Duration,
    seed: u64,
) -> (Next, u32) {
    let request = decode_form(body).expect("a valid body");
    let mut plan = RetryPlan::new(policy, Operation::Create);
    let mut sent = 0;
    loop {
        let parts = config.request_parts(plan.operation(), &request);
        let path = parts.url.strip_prefix("http://fake.test").unwrap();
        let headers: Vec<(&str, &str)> = parts.headers.iter().map(|(n, v)| (*n, v.expose())).collect();
        let exchange = fake.exchange(
            &FakeRequest {
                method: parts.method,
                path,
                headers: &headers,
                body: &parts.body,
            },
            clock.as_secs() as i64,
        );
        sent += 1;
        *clock += exchange.delay;
        let now = clock.as_secs() as i64;
        let random = seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(u64::from(sent));
        let next = match &exchange.reply {
            Reply::Reset => plan.next(Outcome::Transport(Transport::Reset), now, random),
            Reply::Respond(r) => {
                let retry_after = r
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("retry-after"))
                    .map(|(_, v)| v.as_str());
                plan.next(
                    Outcome::response(parse_response(r.status, &r.body), retry_after),
                    now,
                    random,
                )
            }
        };
        match next {
            Next::Retry { after, .. } => *clock += after,
            done => return (done, sent),
        }
    }
}

fn faults() -> impl Strategy<Value = Faults> {
    let fault = prop_oneof![
        proptest::sample::select(vec![500u16, 502, 503, 504]).prop_map(Fault::ServerError),
        Just(Fault::TooManyRequests),
        Just(Fault::Reset),
        Just(Fault::CommitThenReset),
    ];
    (
        any::<u64>(),
        proptest::collection::vec((fault, 0u32..150_000), 0..6),
        0u32..3,
        0u64..50,
    )
        .prop_map(|(seed, script, retry_after, latency_ms)| {
            script
                .into_iter()
                .try_fold(Faults::new(seed), |f, (fault, share)| f.with(fault, share))
                .expect("at most 6 × 15%")
                .retry_after_seconds(retry_after)
                .max_latency(Duration::from_millis(latency_ms))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// With any fault script, every record ends created or existing exactly
    /// once, the fake holds one customer per object_reference_id and made
    /// each once, and a record the server refuses (400) is sent once.
    #[test]
    fn every_record_ends_once_against_any_fault_script(faults in faults(), records in 1usize..40, bad_every in 2usize..9, seed: u64) {
        let mut fake = FakeJuspay::new(ApiKey::new("test_key").unwrap()).with_faults(faults);
        let config = Config::new(
            Environment::Custom(BaseUrl::new("http://fake.test").unwrap()),
            ApiKey::new("test_key").unwrap(),
            MerchantId::new("m").unwrap(),
        );
        // Every attempt can fail, at most 90% of the time; 60 attempts make
        // giving up a 1-in-500-million event per record.
        let mut policy = RetryPolicy::default();
        policy.max_attempts = 60;
        let mut clock = Duration::from_secs(1_700_000_000);
        let mut outcomes: BTreeMap<String, Operation> = BTreeMap::new();
        for i in 0..records {
            let ori = format!("cust_{i:08}");
            // Every bad_every-th record has a name the server refuses; the
            // plan never sees it valid, so it is encoded by hand.
            if i % bad_every == 0 {
                let body = format!("object_reference_id={ori}&mobile_number=99887766&first_name=a%20b");
                let headers = [("Authorization", "Basic dGVzdF9rZXk6")];
                let mut plan = RetryPlan::new(policy, Operation::Create);
                let mut refusals = 0;
                loop {
                    let ex = fake.exchange(&FakeRequest { method: "POST", path: "/customers", headers: &headers, body: body.as_bytes() }, 0);
                    let outcome = match &ex.reply {
                        Reply::Reset => Outcome::Transport(Transport::Reset),
                        Reply::Respond(r) => {
                            refusals += u32::from(r.status == 400);
                            Outcome::response(parse_response(r.status, &r.body), None)
                        }
                    };
                    match plan.next(outcome, 0, 0) {
                        // A fault came before the server read it.
                        Next::Retry { .. } => prop_assert_eq!(refusals, 0),
                        Next::GiveUp(Failure::Api(ApiError::InvalidInput(_))) => break,
                        other => prop_assert!(false, "{other:?}"),
                    }
                }
                prop_assert_eq!(refusals, 1, "the 400 ended the call");
                prop_assert_eq!(fake.creations(&ori), 0);
                continue;
            }
            let body = format!("object_reference_id={ori}&mobile_number=99887766");
            let (next, sent) = call(&mut fake, &config, body.as_bytes(), policy, &mut clock, seed ^ i as u64);
            match next {
                Next::Done { customer, operation } => {
                    prop_assert_eq!(customer.object_reference_id.as_deref(), Some(ori.as_str()));
                    prop_assert!(outcomes.insert(ori.clone(), operation).is_none());
                }
                other => prop_assert!(false, "record {} after {} requests: {:?}", i, sent, other),
            }
            prop_assert_eq!(fake.creations(&ori), 1, "{}", ori);
        }
        prop_assert_eq!(fake.customers().count(), outcomes.len());
        for c in fake.customers() {
            prop_assert!(outcomes.contains_key(c.object_reference_id.as_deref().unwrap()));
        }
    }
}
