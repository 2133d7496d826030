//! Secrets and masking: the API key, the client auth token, the merchant id,
//! and the `Debug` masks for mobile numbers and email addresses.
//!
//! Secrets have no `Display`; their `Debug` shows no key material; their value
//! is read only through an explicit `expose()`.

use std::fmt;

use crate::error::ConfigError;

/// A Juspay API key, the user name of the Basic `Authorization` header.
///
/// ```
/// use juspay_customer::ApiKey;
/// let key = ApiKey::new("1D6AL5A9F21C3E5406AC0FB").unwrap();
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// assert_eq!(key.expose(), "1D6AL5A9F21C3E5406AC0FB");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Checks and wraps a key.
    ///
    /// # Errors
    /// [`ConfigError::EmptyApiKey`] for `""`; [`ConfigError::ApiKeyCharacter`]
    /// for a `:` (it would end the Basic auth user name), a space, a control
    /// character or anything outside visible ASCII.
    pub fn new(key: impl Into<String>) -> Result<Self, ConfigError> {
        let key = key.into();
        if key.is_empty() {
            return Err(ConfigError::EmptyApiKey);
        }
        if let Some(i) = key.bytes().position(|b| !b.is_ascii_graphic() || b == b':') {
            return Err(ConfigError::ApiKeyCharacter {
                position: crate::rules::char_count(&key[..i]) + 1,
            });
        }
        Ok(ApiKey(key))
    }

    /// The key itself. Call only to put it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// The merchant id sent in `x-merchantid`. Not a secret, but checked so that it
/// cannot break the header.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MerchantId(String);

impl MerchantId {
    /// Checks and wraps a merchant id (case-sensitive, kept as given).
    ///
    /// # Errors
    /// [`ConfigError::EmptyMerchantId`] for `""`;
    /// [`ConfigError::MerchantIdCharacter`] for spaces, control characters or
    /// non-ASCII.
    pub fn new(id: impl Into<String>) -> Result<Self, ConfigError> {
        let id = id.into();
        if id.is_empty() {
            return Err(ConfigError::EmptyMerchantId);
        }
        if let Some(i) = id.bytes().position(|b| !b.is_ascii_graphic()) {
            return Err(ConfigError::MerchantIdCharacter {
                position: crate::rules::char_count(&id[..i]) + 1,
            });
        }
        Ok(MerchantId(id))
    }

    /// The merchant id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MerchantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The `juspay.client_auth_token` of a customer response, used by Juspay's
/// client SDKs. Its `Debug` shows no token.
///
/// ```
/// use juspay_customer::ClientAuthToken;
/// let t = ClientAuthToken::new("tkn_24543c6a278f45d680d09edb32e78061");
/// assert_eq!(format!("{t:?}"), "ClientAuthToken(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ClientAuthToken(String);

impl ClientAuthToken {
    /// Wraps a token as the server sent it.
    pub fn new(token: impl Into<String>) -> Self {
        ClientAuthToken(token.into())
    }

    /// The token itself. Call only to hand it to the client SDK.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientAuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientAuthToken(<redacted>)")
    }
}

/// Writes a mobile number with all but its last two characters as `*`.
pub(crate) fn mask_mobile(s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let n = s.chars().count();
    for _ in 0..n.saturating_sub(2) {
        f.write_str("*")?;
    }
    let keep = s
        .char_indices()
        .nth(n.saturating_sub(2))
        .map_or(s.len(), |(i, _)| i);
    f.write_str(&s[keep..])
}

/// Writes an `object_reference_id` (often an email or a mobile number) with
/// all but its first two and last two characters as `*`; one shorter than 8
/// characters is all `*`.
pub(crate) fn mask_reference(s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let n = s.chars().count();
    if n < 8 {
        return (0..n).try_for_each(|_| f.write_str("*"));
    }
    let at = |k: usize| s.char_indices().nth(k).map_or(s.len(), |(i, _)| i);
    f.write_str(&s[..at(2)])?;
    (0..n - 4).try_for_each(|_| f.write_str("*"))?;
    f.write_str(&s[at(n - 2)..])
}

/// Writes an email address with its local part as `*******`, keeping the domain.
pub(crate) fn mask_email(s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match s.rfind('@') {
        Some(at) => write!(f, "*******{}", &s[at..]),
        None => f.write_str("*******"),
    }
}

/// A `Debug` adapter that lists a map's keys, never its values.
pub(crate) struct KeysOnly<'a, V>(pub &'a std::collections::BTreeMap<String, V>);

impl<V> fmt::Debug for KeysOnly<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

/// A `Debug` adapter that prints a value through a masking function.
pub(crate) struct Masked<'a>(pub &'a str, pub fn(&str, &mut fmt::Formatter<'_>) -> fmt::Result);

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        (self.1)(self.0, f)?;
        f.write_str("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct M(&'static str, fn(&str, &mut fmt::Formatter<'_>) -> fmt::Result);
    impl fmt::Display for M {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            (self.1)(self.0, f)
        }
    }

    #[test]
    fn masks() {
        assert_eq!(M("99887766", mask_mobile).to_string(), "******66");
        assert_eq!(M("9", mask_mobile).to_string(), "9");
        assert_eq!(M("", mask_mobile).to_string(), "");
        assert_eq!(
            M("customer@gmail.com", mask_email).to_string(),
            "*******@gmail.com"
        );
        assert_eq!(M("nobody", mask_email).to_string(), "*******");
        assert_eq!(
            M("customer@gmail.com", mask_reference).to_string(),
            "cu**************om"
        );
        assert_eq!(M("cust_123", mask_reference).to_string(), "cu****23");
        assert_eq!(M("cust_12", mask_reference).to_string(), "*******");
        assert_eq!(M("éé€€€€ßß", mask_reference).to_string(), "éé****ßß");
        assert_eq!(M("", mask_reference).to_string(), "");
    }

    #[test]
    fn api_key_rules() {
        assert_eq!(ApiKey::new(""), Err(ConfigError::EmptyApiKey));
        assert_eq!(
            ApiKey::new("ab:c"),
            Err(ConfigError::ApiKeyCharacter { position: 3 })
        );
        assert_eq!(
            ApiKey::new("ab c"),
            Err(ConfigError::ApiKeyCharacter { position: 3 })
        );
        assert_eq!(
            ApiKey::new("é\n"),
            Err(ConfigError::ApiKeyCharacter { position: 1 })
        );
        assert_eq!(
            MerchantId::new("a\r\nb"),
            Err(ConfigError::MerchantIdCharacter { position: 2 })
        );
        assert_eq!(MerchantId::new(""), Err(ConfigError::EmptyMerchantId));
        assert_eq!(MerchantId::new("testaccount").unwrap().as_str(), "testaccount");
    }
}
