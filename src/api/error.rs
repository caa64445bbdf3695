//! Every way a request can fail, as one enum whose `Display` is a sentence for users.

use jobscope_wire::error::{codes, ellipsize};
use serde_json::Value;
use thiserror::Error;

/// Longest server message shown to users.
const MAX_MESSAGE: usize = 300;

/// A failed API request. Never holds the API key. `Display` is a sentence for users that
/// reads well with no rows loaded and never quotes browser or decoder internals (such as
/// "Reflect.get called on non-object"); those are in [`ApiError::detail`], for a collapsed
/// "technical details" or the console.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApiError {
    /// No answer: offline, DNS, CORS refused, connection reset. Holds the browser's reason.
    #[error("Could not reach the job API. Check your connection and the API address.")]
    Network(String),
    /// No answer within the time allowed.
    #[error("The job API did not answer within {} seconds.", .after_ms / 1000)]
    Timeout { after_ms: u32 },
    /// The API answered with an error status.
    #[error("{}", http_sentence(*.status, .code.as_deref(), .message.as_deref()))]
    Http {
        status: u16,
        /// The API's `error.code`, when the body had one.
        code: Option<String>,
        /// The API's `error.message`, when the body had one.
        message: Option<String>,
        /// `Retry-After`, in seconds.
        retry_after: Option<u32>,
    },
    /// The API does not accept the `Scripe-Api-Version` sent; `accepted` lists what it does.
    #[error("{}", version_sentence(.accepted))]
    VersionUnsupported { accepted: Vec<String> },
    /// A 2xx answer whose body is not what the API documents. Holds the decoder's reason.
    #[error("The job API sent a response jobscope could not read.")]
    Decode(String),
    /// The API's answers contradict each other: following them would stop short or ask for
    /// the same jobs again and again. Not retried by itself.
    #[error("{}", .0.sentence())]
    Contradiction(Contradiction),
    /// A job id that no request URL can carry (empty, `.` or `..`: see
    /// [`crate::api::url::path_segment`]), so the job cannot be read or cancelled on its own.
    #[error("The job id “{}” cannot be put in a web address, so jobscope cannot read or cancel this job on its own.", ellipsize(.0, 40))]
    UnaddressableId(String),
    /// The code that reads this API's answers is a chunk of the app ([`crate::chunks`]) and
    /// could not be fetched: offline, or a deploy replaced the files since the page was opened.
    /// The answer itself was fine; reloading the page (or trying again) fixes it.
    #[error(
        "jobscope could not load the part of itself that reads this job API: the connection \
         may be down, or a new version was deployed since this page was opened."
    )]
    CodeMissing,
    /// Cancelled on purpose (superseded, or its view went away); never shown.
    #[error("The request was cancelled.")]
    Aborted,
}

/// How an API contradicted itself while the list walked its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contradiction {
    /// `has_more: true` with no `next_cursor` (or no other way to ask for the next page).
    MoreWithoutToken,
    /// The next page's cursor (or position) is one this walk has already followed: following
    /// it would read the same pages forever.
    RepeatedToken,
    /// A page of nothing but jobs already shown (or of nothing), while the API says more
    /// follow: typically a server that ignores the cursor or the offset and sends the same
    /// page again.
    NothingNew,
}

impl Contradiction {
    /// The sentence users see; it holds with zero rows loaded too.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::MoreWithoutToken => {
                "The job API said there are more jobs but gave no way to fetch them, so the \
                 list stopped here."
            }
            Self::RepeatedToken => {
                "The job API pointed back to a page it had already sent, so the list stopped \
                 rather than ask for the same jobs again and again."
            }
            Self::NothingNew => {
                "The job API said there are more jobs but sent none that are new, so the list \
                 stopped rather than ask for the same jobs again and again."
            }
        }
    }
}

impl ApiError {
    /// Technical detail behind the sentence, for a collapsed "technical details" or the
    /// console (the browser's or the decoder's words); never holds the API key.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Self::Network(detail) | Self::Decode(detail) => {
                Some(detail.as_str()).filter(|detail| !detail.trim().is_empty())
            }
            _ => None,
        }
    }

    /// Reads an error answer from its parsed JSON body (`None` when it was not JSON): the
    /// documented `{"error": {"code", "message"}}`, or `code` and `message` at the top, or
    /// nothing but the status.
    pub fn from_response(status: u16, body: Option<&Value>, retry_after: Option<&str>) -> Self {
        let find = |key: &str| {
            let body = body?;
            [&body["error"], body]
                .into_iter()
                .find_map(|v| v.get(key).and_then(Value::as_str).map(str::to_owned))
        };
        let code = find("code").filter(|c| !c.is_empty());
        if code.as_deref() == Some(codes::VERSION_UNSUPPORTED) {
            let accepted = body
                .and_then(|body| {
                    let detail = &body["error"];
                    ["acceptedVersions", "accepted_versions"]
                        .into_iter()
                        .find_map(|key| detail.get(key).or_else(|| body.get(key)))
                })
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .take(20)
                        .map(|version| ellipsize(version, 40))
                        .collect()
                })
                .unwrap_or_default();
            return Self::VersionUnsupported { accepted };
        }
        Self::Http {
            status,
            code,
            message: find("message")
                .filter(|m| !m.is_empty())
                .map(|m| ellipsize(&m, MAX_MESSAGE)),
            retry_after: retry_after.and_then(|value| value.trim().parse().ok()),
        }
    }

    /// Worth retrying by itself: network, timeout, 5xx, 429, and an unreadable body (a
    /// truncated answer is usually a broken connection).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Network(_) | Self::Timeout { .. } | Self::Decode(_) => true,
            Self::Http { status, .. } => *status == 429 || *status >= 500,
            Self::VersionUnsupported { .. }
            | Self::Contradiction(_)
            | Self::UnaddressableId(_)
            | Self::CodeMissing
            | Self::Aborted => false,
        }
    }

    /// 429: slow down.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::Http { status: 429, .. })
    }

    /// The API said the cursor is no good: restart from the first page.
    pub fn is_bad_cursor(&self) -> bool {
        matches!(self, Self::Http { code: Some(code), .. } if code == codes::BAD_CURSOR)
    }

    /// Seconds the API asked us to wait.
    pub fn retry_after_secs(&self) -> Option<u32> {
        match self {
            Self::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

fn version_sentence(accepted: &[String]) -> String {
    if accepted.is_empty() {
        "The job API does not support the API version jobscope asked for.".to_owned()
    } else {
        format!(
            "The job API does not support the API version jobscope asked for; it accepts {}.",
            accepted.join(", ")
        )
    }
}

fn http_sentence(status: u16, code: Option<&str>, message: Option<&str>) -> String {
    let what = match (status, code) {
        (401, _) => "The job API needs an API key (401)".to_owned(),
        (403, _) => "The job API refused the API key (403)".to_owned(),
        (429, _) => "The job API is rate limiting requests (429)".to_owned(),
        (_, Some(codes::VERSION_UNSUPPORTED)) => {
            "The job API does not support the API version jobscope asked for".to_owned()
        }
        (_, Some(codes::BAD_CURSOR)) => "The list position expired".to_owned(),
        (500..=599, _) => format!("The job API had a server error ({status})"),
        (404, _) => "The job API has no such resource (404)".to_owned(),
        _ => format!("The job API refused the request ({status})"),
    };
    match message {
        Some(message) => format!("{what}: {message}"),
        None => format!("{what}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer as the fetch helper hands it over: the body parsed if it is JSON.
    fn answer(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
        let parsed: Option<Value> = serde_json::from_str(body).ok();
        ApiError::from_response(status, parsed.as_ref(), retry_after)
    }

    #[test]
    fn reads_the_documented_error_body() {
        let err = answer(
            400,
            r#"{"error": {"code": "bad_cursor", "message": "restart"}}"#,
            None,
        );
        assert!(err.is_bad_cursor());
        assert!(!err.is_transient());
        assert_eq!(err.to_string(), "The list position expired: restart");
    }

    #[test]
    fn reads_code_and_message_elsewhere_or_falls_back_to_the_status() {
        let flat = answer(503, r#"{"code": "busy", "message": "later"}"#, Some("7"));
        assert_eq!(
            flat,
            ApiError::Http {
                status: 503,
                code: Some("busy".into()),
                message: Some("later".into()),
                retry_after: Some(7)
            }
        );
        assert!(flat.is_transient());
        assert_eq!(flat.retry_after_secs(), Some(7));
        let html = answer(502, "<html>Bad Gateway</html>", None);
        assert_eq!(html.to_string(), "The job API had a server error (502).");
    }

    #[test]
    fn classifies_transient_and_permanent_failures() {
        let status = |status| answer(status, "", None);
        for transient in [500, 502, 503, 504, 429] {
            assert!(status(transient).is_transient(), "{transient}");
        }
        for permanent in [400, 401, 403, 404, 409] {
            assert!(!status(permanent).is_transient(), "{permanent}");
        }
        assert!(ApiError::Network("offline".into()).is_transient());
        assert!(ApiError::Timeout { after_ms: 15_000 }.is_transient());
        assert!(ApiError::Decode("eof".into()).is_transient());
    }

    #[test]
    fn an_unsupported_version_lists_the_accepted_ones() {
        let err = answer(
            400,
            r#"{"error": {"code": "version_unsupported", "message": "no", "acceptedVersions": ["2026-08-01", "2025-11-01"]}}"#,
            None,
        );
        assert_eq!(
            err,
            ApiError::VersionUnsupported {
                accepted: vec!["2026-08-01".into(), "2025-11-01".into()]
            }
        );
        assert!(!err.is_transient());
        assert!(
            err.to_string()
                .ends_with("it accepts 2026-08-01, 2025-11-01.")
        );
        let bare = answer(400, r#"{"error": {"code": "version_unsupported"}}"#, None);
        assert_eq!(bare, ApiError::VersionUnsupported { accepted: vec![] });
    }

    #[test]
    fn sentences_for_users() {
        assert_eq!(
            ApiError::Timeout { after_ms: 15_000 }.to_string(),
            "The job API did not answer within 15 seconds."
        );
        assert!(status_text(401).contains("needs an API key"));
        assert!(status_text(403).contains("refused the API key"));
        let long = format!(
            r#"{{"error": {{"code": "x", "message": "{}"}}}}"#,
            "a".repeat(5_000)
        );
        assert!(answer(400, &long, None).to_string().len() < 400);
    }

    #[test]
    fn browser_and_decoder_internals_stay_out_of_the_sentence() {
        let decode = ApiError::Decode("Reflect.get called on non-object".into());
        assert_eq!(
            decode.to_string(),
            "The job API sent a response jobscope could not read."
        );
        assert_eq!(decode.detail(), Some("Reflect.get called on non-object"));
        let network = ApiError::Network("TypeError: Failed to fetch".into());
        assert_eq!(
            network.to_string(),
            "Could not reach the job API. Check your connection and the API address."
        );
        assert_eq!(network.detail(), Some("TypeError: Failed to fetch"));
        assert_eq!(ApiError::Network(" ".into()).detail(), None);
        assert_eq!(ApiError::Timeout { after_ms: 1 }.detail(), None);
    }

    #[test]
    fn contradictions_are_plain_sentences_and_not_retried_by_themselves() {
        for why in [
            Contradiction::MoreWithoutToken,
            Contradiction::RepeatedToken,
            Contradiction::NothingNew,
        ] {
            let err = ApiError::Contradiction(why);
            let text = err.to_string();
            assert!(!err.is_transient(), "{why:?}");
            assert!(
                text.starts_with("The job API ") && text.ends_with('.'),
                "{text}"
            );
            // Nothing that presumes rows were loaded.
            assert!(!text.contains("loaded"), "{text}");
        }
        assert_eq!(
            ApiError::Contradiction(Contradiction::MoreWithoutToken).to_string(),
            "The job API said there are more jobs but gave no way to fetch them, so the list \
             stopped here."
        );
    }

    #[test]
    fn an_unaddressable_id_is_named_and_not_retried() {
        let err = ApiError::UnaddressableId("..".into());
        assert!(!err.is_transient());
        assert!(
            err.to_string()
                .starts_with("The job id “..” cannot be put in a web address")
        );
        let long = ApiError::UnaddressableId("x".repeat(5_000)).to_string();
        assert!(long.len() < 300, "{}", long.len());
    }

    #[test]
    fn missing_code_asks_for_a_reload_and_is_not_retried_by_itself() {
        // Retrying by itself would fetch the same missing file again and again after a deploy.
        let err = ApiError::CodeMissing;
        assert!(!err.is_transient());
        assert_eq!(err.detail(), None);
        let sentence = err.to_string();
        assert!(sentence.contains("could not load"), "{sentence}");
        assert!(sentence.contains("new version was deployed"), "{sentence}");
    }

    fn status_text(status: u16) -> String {
        answer(status, "", None).to_string()
    }
}
