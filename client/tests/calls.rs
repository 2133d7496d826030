//! The client against servers on 127.0.0.1: the fake with random fault
//! scripts (never a held customer reported as not created, never one made
//! twice), refusals, redirects, another customer's answer, timeouts, the
//! deadline, TLS to a plain port, and the shared limits.

mod support;

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use juspay_customer::retry::{RetryPolicy, Transport};
use juspay_customer::{decode_form, ApiError, CustomerRequest, Operation};
use juspay_customer_client::{Client, ErrorKind, Rate, Settings};
use juspay_customer_fake::{Fault, Faults};
use support::{as_fake, config, fake, json, serve, serve_fake, Handled};

fn request(id: &str) -> CustomerRequest<'static> {
    decode_form(format!("object_reference_id={id}&mobile_number=99887766").as_bytes())
        .unwrap()
        .into_owned()
}

/// Fast retries, so a test with many faults takes milliseconds.
fn quick(attempts: u32) -> Settings {
    let mut retry = RetryPolicy::default();
    retry.max_attempts = attempts;
    retry.base_delay = Duration::from_millis(1);
    retry.max_delay = Duration::from_millis(4);
    retry.max_retry_after = Duration::from_millis(5);
    let mut settings = Settings::default();
    settings.retry = retry;
    settings.deadline = None;
    settings.attempt_timeout = Duration::from_secs(5);
    settings
}

/// A small deterministic generator, for the calls of each seed.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Many fault scripts: every call ends with the customer the fake holds
/// (made once) or a failure; whenever the fake holds a customer that a
/// failed call made, the failure says it may exist; no id is ever created
/// twice. Ids repeat across calls, so some exist before their call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_fault_scripts_never_hide_a_customer() {
    let mut tally: BTreeMap<&str, u32> = BTreeMap::new();
    for seed in 0..40u64 {
        let faults = Faults::new(seed)
            .with(Fault::ServerError(503), 100_000)
            .unwrap()
            .with(Fault::ServerError(500), 50_000)
            .unwrap()
            .with(Fault::ServerError(504), 30_000)
            .unwrap()
            .with(Fault::TooManyRequests, 50_000)
            .unwrap()
            .with(Fault::Reset, 50_000)
            .unwrap()
            .with(Fault::CommitThenReset, 150_000)
            .unwrap()
            .max_latency(Duration::from_millis(1));
        let (server, held) = serve_fake(fake(faults)).await;
        let client = Client::with_settings(config(&server.url), quick(3)).unwrap();
        for n in 0..25u64 {
            let r = mix(seed * 1000 + n);
            let id = format!("cust_{seed:03}_{:02}", r % 12);
            let operation = if r % 5 == 0 {
                Operation::GetOrCreate
            } else {
                Operation::Create
            };
            let (before, existed) = {
                let fake = held.lock().unwrap();
                (fake.requests(), fake.creations(&id) > 0)
            };
            let result = client.call(operation, &request(&id), |_, _| Ok(())).await;
            let sent = held.lock().unwrap().requests() - before;
            let fake = held.lock().unwrap();
            let holds = fake
                .customers()
                .find(|c| c.object_reference_id.as_deref() == Some(&id));
            assert!(fake.creations(&id) <= 1, "seed {seed}: {id} created twice");
            match &result {
                Ok(done) => {
                    let held =
                        holds.unwrap_or_else(|| panic!("seed {seed}: success, but the fake holds nothing"));
                    assert_eq!(held.id, done.customer.id, "seed {seed}");
                    assert_eq!(u64::from(done.attempts), sent, "seed {seed}");
                    *tally.entry("success").or_default() += 1;
                }
                Err(e) => {
                    if holds.is_some() && !existed {
                        assert!(
                            e.customer_may_exist(),
                            "seed {seed} {id}: made by this call, but the failure says no: {e}"
                        );
                        *tally.entry("failed, made by this call, may exist").or_default() += 1;
                    } else if holds.is_some() {
                        // Made by an earlier call: this one can only know it
                        // if the server said ALREADY_EXISTS.
                        *tally.entry("failed, made before").or_default() += 1;
                    } else if e.customer_may_exist() {
                        *tally.entry("failed, not held, may exist").or_default() += 1;
                    } else {
                        *tally.entry("failed, not held, cannot exist").or_default() += 1;
                    }
                    assert_eq!(u64::from(e.attempts()), sent, "seed {seed}");
                    if let ErrorKind::Api(api) = e.kind() {
                        if api.status() == 400 {
                            // A refusal is the last attempt, never retried as it was.
                            assert!(matches!(api, ApiError::AlreadyExists(_)), "{e}");
                        }
                    }
                }
            }
        }
    }
    // Every path was taken, so the checks above were put to the test.
    for path in [
        "success",
        "failed, made by this call, may exist",
        "failed, made before",
        "failed, not held, may exist",
        "failed, not held, cannot exist",
    ] {
        assert!(
            tally.get(path).copied().unwrap_or(0) > 0,
            "{path} never happened: {tally:?}"
        );
    }
}

/// The customer made on an attempt whose answer was lost is found by the
/// retry (Create meets ALREADY_EXISTS, then Get or Create returns it); and
/// when every Get or Create meets 503, the failure says it may exist.
#[tokio::test]
async fn a_lost_answer_is_resolved_or_reported_as_may_exist() {
    // The first Create is carried out and its answer lost; the retried
    // Create meets ALREADY_EXISTS from the fake; every Get or Create that
    // follows meets 503.
    let inner = std::sync::Arc::new(std::sync::Mutex::new(fake(Faults::new(0))));
    let script = std::sync::Arc::clone(&inner);
    let seen = std::sync::atomic::AtomicU64::new(0);
    let server = serve(move |parts, body| {
        as_fake(parts, body, |req| {
            let answer = script.lock().unwrap().handle(req, 0);
            match seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
                0 => Handled {
                    delay: Duration::ZERO,
                    response: None,
                },
                _ if parts.uri.path() == "/v2/customers" => Handled::now(json(503, "{}")),
                _ => Handled::now(json(answer.status, std::str::from_utf8(&answer.body).unwrap())),
            }
        })
    })
    .await;
    let client = Client::with_settings(config(&server.url), quick(3)).unwrap();
    let e = client.create(&request("cust_lost_002")).await.unwrap_err();
    assert!(e.customer_may_exist(), "{e}");
    assert_eq!(e.operation(), Operation::GetOrCreate);
    // Create lost, Create met ALREADY_EXISTS, then Get or Create's own three.
    assert_eq!(e.attempts(), 5);
    assert!(matches!(e.kind(), ErrorKind::Api(a) if a.status() == 503), "{e}");
    assert_eq!(inner.lock().unwrap().creations("cust_lost_002"), 1);
    assert!(e.to_string().contains("the customer may exist"), "{e}");
}

/// A 400 is sent once and never again; a first ALREADY_EXISTS is one
/// attempt too, and says the customer exists.
#[tokio::test]
async fn refusals_are_not_retried() {
    let invalid = r#"{"status":"Invalid Request","error_code":"Invalid Request","error_info":{"code":"INVALID_INPUT","fields":[{"field_name":"mobile_number","reason":"Invalid value."}]}}"#;
    let server = serve(move |_, _| Handled::now(json(400, invalid))).await;
    let client = Client::with_settings(config(&server.url), quick(6)).unwrap();
    let e = client.create(&request("cust_refused")).await.unwrap_err();
    assert_eq!(server.hits(), 1);
    assert_eq!(e.attempts(), 1);
    assert!(!e.customer_may_exist(), "{e}");
    assert!(
        matches!(e.kind(), ErrorKind::Api(ApiError::InvalidInput(_))),
        "{e}"
    );
    assert_eq!(e.kind_name(), "invalid_input");

    let (server, _held) = serve_fake(fake(Faults::new(0))).await;
    let client = Client::with_settings(config(&server.url), quick(6)).unwrap();
    client.create(&request("cust_exists")).await.unwrap();
    let e = client.create(&request("cust_exists")).await.unwrap_err();
    assert_eq!((e.attempts(), e.kind_name().as_str()), (1, "already_exists"));
    assert!(e.customer_may_exist());
    let found = client.get_or_create(&request("cust_exists")).await.unwrap();
    assert_eq!(found.operation, Operation::GetOrCreate);
}

/// 301, 302, 303, 307 and 308 to another listener: that listener receives
/// nothing, the call fails naming the status, and the customer may exist
/// (a 303 is how HTTP says "done, see there").
#[tokio::test]
async fn redirects_are_never_followed() {
    let elsewhere = serve(|_, _| {
        Handled::now(json(
            200,
            r#"{"id":"cst_x","object_reference_id":"cust_redirect"}"#,
        ))
    })
    .await;
    for status in [301u16, 302, 303, 307, 308] {
        let location = format!("{}/customers", elsewhere.url);
        let origin = serve(move |_, _| {
            Handled::now(
                hyper::Response::builder()
                    .status(status)
                    .header("location", location.as_str())
                    .body(http_body_util::Full::new(hyper::body::Bytes::new()))
                    .unwrap(),
            )
        })
        .await;
        let client = Client::with_settings(config(&origin.url), quick(3)).unwrap();
        let e = client.create(&request("cust_redirect")).await.unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Redirect { status: Some(s) } if *s == status),
            "{status}: {e}"
        );
        assert_eq!((origin.hits(), e.attempts()), (1, 1), "{status}");
        assert!(e.customer_may_exist());
        assert_eq!(e.kind_name(), "redirect");
    }
    assert_eq!(elsewhere.hits(), 0);

    // A caller's own client that follows redirects: the call still fails.
    let location = format!("{}/customers", elsewhere.url);
    let origin = serve(move |_, _| {
        Handled::now(
            hyper::Response::builder()
                .status(307)
                .header("location", location.as_str())
                .body(http_body_util::Full::new(hyper::body::Bytes::new()))
                .unwrap(),
        )
    })
    .await;
    let client = Client::with_http_client(config(&origin.url), quick(3), reqwest::Client::new());
    let e = client.create(&request("cust_redirect")).await.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Redirect { status: None }), "{e}");
}

/// A 200 that carries another record's customer, or none's, is a failure,
/// never this request's success.
#[tokio::test]
async fn another_customers_answer_is_a_failure() {
    for body in [
        r#"{"id":"cst_other","object_reference_id":"cust_someone_else"}"#,
        r#"{"id":"cst_other"}"#,
    ] {
        let server = serve(move |_, _| Handled::now(json(200, body))).await;
        let client = Client::with_settings(config(&server.url), quick(3)).unwrap();
        let e = client.create(&request("cust_mine_01")).await.unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::OtherCustomer), "{body}: {e}");
        assert!(e.customer_may_exist());
        assert_eq!(server.hits(), 1);
    }
}

/// No answer in time: each attempt times out, the plan retries, and the
/// customer may exist. The deadline ends a call whose next wait would pass
/// it, and one whose attempt it cuts short.
#[tokio::test]
async fn timeouts_and_the_deadline() {
    let server = serve(|_, _| Handled {
        delay: Duration::from_secs(30),
        response: Some(json(200, "{}")),
    })
    .await;
    let mut settings = quick(2);
    settings.attempt_timeout = Duration::from_millis(100);
    let client = Client::with_settings(config(&server.url), settings.clone()).unwrap();
    let e = client.create(&request("cust_slow_01")).await.unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Transport(Transport::Timeout)),
        "{e}"
    );
    assert_eq!(e.attempts(), 2);
    assert!(e.customer_may_exist());

    settings.retry.max_attempts = 100;
    settings.deadline = Some(Duration::from_millis(250));
    let client = Client::with_settings(config(&server.url), settings).unwrap();
    let started = Instant::now();
    let e = client.create(&request("cust_slow_02")).await.unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Deadline {
                last: Some(juspay_customer::retry::Failure::Transport(Transport::Timeout))
            }
        ),
        "{e}"
    );
    assert!((2..=4).contains(&e.attempts()), "{e}");
    // Bounded by the deadline, not by a hundred attempts.
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(e.kind_name(), "deadline");
}

/// Nobody listening: a connect failure, retried, and nothing was sent. TLS
/// to a plain HTTP port: a TLS failure, not a reset.
#[tokio::test]
async fn connect_and_tls_failures_send_nothing() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::with_settings(config(&format!("http://127.0.0.1:{port}")), quick(2)).unwrap();
    let e = client.create(&request("cust_nobody_1")).await.unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Transport(Transport::Connect)),
        "{e}"
    );
    assert!(!e.customer_may_exist());
    assert_eq!(e.attempts(), 2);

    let (server, held) = serve_fake(fake(Faults::new(0))).await;
    let https = server.url.replace("http://", "https://");
    let client = Client::with_settings(config(&https), quick(2)).unwrap();
    let e = client.create(&request("cust_plain_01")).await.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Transport(Transport::Tls)), "{e}");
    assert!(!e.customer_may_exist());
    assert_eq!(held.lock().unwrap().requests(), 0);
}

/// The hook runs before each attempt, with the operation and its number;
/// its error stops the call before that attempt is sent.
#[tokio::test]
async fn the_hook_runs_before_each_attempt_and_can_stop_the_call() {
    let faults = Faults::new(0).with(Fault::CommitThenReset, 1_000_000).unwrap();
    let (server, _held) = serve_fake(fake(faults)).await;
    let client = Client::with_settings(config(&server.url), quick(6)).unwrap();
    let mut seen = Vec::new();
    let e = client
        .call(Operation::Create, &request("cust_hooked_1"), |op, n| {
            seen.push((op, n));
            if n == 3 {
                Err("the journal is full".into())
            } else {
                Ok(())
            }
        })
        .await
        .unwrap_err();
    assert_eq!(
        seen,
        [
            (Operation::Create, 1),
            (Operation::Create, 2),
            (Operation::Create, 3)
        ]
    );
    assert_eq!((e.attempts(), server.hits()), (2, 2));
    assert!(matches!(e.kind(), ErrorKind::Stopped(_)));
    assert!(e.customer_may_exist());
    assert!(e.to_string().contains("the journal is full"), "{e}");
}

/// `n` Creates at once, each its own task on a clone of `client`; each
/// must succeed.
async fn create_at_once(client: &Client, prefix: &str, n: usize) {
    let calls: Vec<_> = (0..n)
        .map(|i| {
            let (client, id) = (client.clone(), format!("{prefix}_{i:02}"));
            tokio::spawn(async move { client.create(&request(&id)).await })
        })
        .collect();
    for c in calls {
        c.await.unwrap().unwrap();
    }
}

/// Concurrency and rate hold across every call of one client: at most
/// `concurrency` calls at the server at once, and attempts no closer
/// together than the rate allows (retries counted).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_and_rate_are_shared() {
    // Each answer is the request's own customer, 30 ms late.
    let server = serve(|_, body| {
        let sent = decode_form(body).unwrap();
        let id = sent.object_reference_id();
        Handled {
            delay: Duration::from_millis(30),
            response: Some(json(
                200,
                &format!(r#"{{"id":"cst_1","object_reference_id":"{id}"}}"#),
            )),
        }
    })
    .await;
    let mut settings = quick(3);
    settings.concurrency = NonZeroUsize::new(3);
    let client = Client::with_settings(config(&server.url), settings).unwrap();
    create_at_once(&client, "cust_many", 12).await;
    assert_eq!(server.most_at_once(), 3);

    let (server, _held) = serve_fake(fake(
        Faults::new(3).with(Fault::ServerError(503), 300_000).unwrap(),
    ))
    .await;
    let mut settings = quick(6);
    settings.rate = Some(Rate::per_second(50.0).unwrap());
    let client = Client::with_settings(config(&server.url), settings).unwrap();
    create_at_once(&client, "cust_paced", 8).await;
    let arrivals = server.arrivals();
    assert!(arrivals.len() > 8, "some 503s were retried: {}", arrivals.len());
    // 20 ms apart at 50 a second: the span of N arrivals is at least
    // N - 1 periods, less two for the scheduling of the first and the last
    // (without the limit, all would arrive within a few milliseconds).
    let span = arrivals[arrivals.len() - 1].saturating_duration_since(arrivals[0]);
    let floor = Duration::from_millis(20) * (arrivals.len() as u32 - 3);
    assert!(span >= floor, "{} attempts in {span:?}", arrivals.len());
}
