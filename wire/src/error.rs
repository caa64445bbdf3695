//! The error body both APIs answer with: `{"error": {"code": "...", "message": "..."}}`.

use serde::{Deserialize, Serialize};

/// The documented error codes (servers may send others).
pub mod codes {
    pub const INVALID_REQUEST: &str = "invalid_request";
    pub const BAD_CURSOR: &str = "bad_cursor";
    pub const BAD_PAGINATION: &str = "bad_pagination";
    pub const VERSION_UNSUPPORTED: &str = "version_unsupported";
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const FORBIDDEN: &str = "forbidden";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const NOT_FOUND: &str = "not_found";
    /// Cancelling a job that is not `QUEUED` (the facts assume a 409).
    pub const NOT_CANCELLABLE: &str = "job_not_cancellable";
    pub const INTERNAL: &str = "internal_error";
    pub const UNAVAILABLE: &str = "service_unavailable";
    pub const BAD_GATEWAY: &str = "bad_gateway";
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// With `version_unsupported`: the versions the server accepts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_versions: Vec<String>,
}

/// `text` cut to `max` characters, with an ellipsis when cut. Error messages echo input and
/// are shown to people: they stay readable whatever was sent.
pub fn ellipsize(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                accepted_versions: Vec::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ellipsize;

    #[test]
    fn ellipsize_cuts_on_characters() {
        assert_eq!(ellipsize("short", 10), "short");
        assert_eq!(ellipsize("exactly", 7), "exactly");
        assert_eq!(ellipsize("ééééé", 3), "ééé…");
        assert_eq!(ellipsize("", 0), "");
    }
}
