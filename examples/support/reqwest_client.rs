//! Sends `RequestParts` with reqwest, whose response body streams: read it to
//! bytes, then `parse_response(status, &bytes)`. Used by `tests/loopback.rs`.

use juspay_customer::{parse_response, ApiError, Customer, RequestParts};

/// Sends the request and parses the answer.
pub async fn create(
    client: &reqwest::Client,
    parts: RequestParts,
) -> Result<Result<Customer, ApiError>, reqwest::Error> {
    let mut request = client.post(&parts.url).body(parts.body.clone());
    for (name, value) in &parts.headers {
        request = request.header(*name, value.expose());
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let bytes = response.bytes().await?;
    Ok(parse_response(status, &bytes))
}
