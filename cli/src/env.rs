//! What the process takes from its surroundings: the API key (a file or
//! the environment, never an argument) and the clock.

use crate::error::Fatal;

/// The API key a command reads: the first line of `file` (trimmed), else
/// `JUSPAY_API_KEY`, else `fallback`'s answer. Never an argument: it would
/// show in `ps` and shell history. The key's own error never shows it.
pub(crate) fn read_api_key(
    file: Option<&std::path::Path>,
    fallback: impl FnOnce() -> Result<String, Fatal>,
) -> Result<juspay_customer::ApiKey, Fatal> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| Fatal::io(format!("reading --api-key-file {}", path.display()), &e))?
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        None => match std::env::var("JUSPAY_API_KEY") {
            Ok(key) => key,
            Err(_) => fallback()?,
        },
    };
    juspay_customer::ApiKey::new(text).map_err(|e| Fatal(format!("the API key: {e}")))
}

/// Seconds since the Unix epoch: the clock the library's fake and retry
/// plan are given (they read none).
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
