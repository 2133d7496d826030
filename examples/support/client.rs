//! Sends `RequestParts` with a real HTTP client (ureq, through the crate's
//! `http` interop). Shared by `examples/create_customer.rs` and `tests/loopback.rs`.

use juspay_customer::RequestParts;

/// Sends the request; any HTTP status comes back as (status, body).
pub fn send(parts: RequestParts) -> Result<(u16, Vec<u8>), Box<dyn std::error::Error + Send + Sync>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent.run(http::Request::try_from(parts)?)?;
    let status = response.status().as_u16();
    let body = response.into_body().read_to_vec()?;
    Ok((status, body))
}
