//! The API key: a secret that only ever leaves as an `Authorization` header. It has no
//! `Display`, its `Debug` is redacted, and it is never written into a URL, a log, an error or
//! an export.

use std::fmt;

/// Prefix of Scripe's live secret keys (test keys are `scripe_sk_test_…`).
pub const LIVE_PREFIX: &str = "scripe_sk_live_";

/// A non-empty API key.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// `None` for an empty or blank key; surrounding whitespace (from pasting) is dropped.
    pub fn new(text: &str) -> Option<Self> {
        let text = text.trim();
        (!text.is_empty()).then(|| Self(text.to_owned()))
    }

    /// `Authorization: Bearer …`.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// The key itself, for storing it where the user asked; nothing else should need it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A live Scripe secret: worth a warning when kept in a browser.
    pub fn is_live_secret(&self) -> bool {
        self.0.starts_with(LIVE_PREFIX)
    }

    /// "scripe_sk_live_…9f3a": enough to recognise a key without revealing it.
    pub fn hint(&self) -> String {
        let tail: String = {
            let chars: Vec<char> = self.0.chars().collect();
            chars[chars.len().saturating_sub(4)..].iter().collect()
        };
        let head = ["scripe_sk_live_", "scripe_sk_test_"]
            .into_iter()
            .find(|prefix| self.0.starts_with(prefix))
            .unwrap_or("");
        format!("{head}…{tail}")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_never_shows_itself() {
        let key = ApiKey::new("  scripe_sk_live_abcdef123456 \n").unwrap();
        assert_eq!(key.expose(), "scripe_sk_live_abcdef123456");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(
            format!("{:?}", Some(key.clone())),
            "Some(ApiKey(<redacted>))"
        );
        assert_eq!(key.hint(), "scripe_sk_live_…3456");
        assert_eq!(key.authorization(), "Bearer scripe_sk_live_abcdef123456");
        assert!(key.is_live_secret());
        assert!(!ApiKey::new("scripe_sk_test_x").unwrap().is_live_secret());
        assert_eq!(ApiKey::new("ab").unwrap().hint(), "…ab");
        assert_eq!(ApiKey::new("   "), None);
    }
}
