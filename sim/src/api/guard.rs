//! What stands in front of every API handler, in order: the request log (`--control`),
//! latency, the rate limiter, scripted answers (`--control`), injected faults, the API key,
//! and (Scripe) the API version.

use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobscope_wire::error::codes;
use jobscope_wire::scripe::{CURRENT_VERSION, VERSION_HEADER};

use super::faults::FaultKind;
use super::rate_limit::Quota;
use super::script::Logged;
use crate::error::ApiError;
use crate::state::{AppState, lock};

/// The older version still accepted, with a deprecation notice.
pub const DEPRECATED_VERSION: &str = "2025-11-01";
pub const DEPRECATION_NOTICE: &str = "2025-11-01; sunset=2027-02-01; replacement=2026-08-01";
pub const ACCEPTED_VERSIONS: [&str; 2] = [CURRENT_VERSION, DEPRECATED_VERSION];

pub const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
pub const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
pub const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// With `--control`, a request carrying this header skips latency, the rate limiter and
/// faults (and is not counted): a test's own ground-truth reads while the chaos goes on.
pub const BYPASS_HEADER: HeaderName = HeaderName::from_static("x-sim-bypass");

/// Largest body the truncation fault reads back.
const MAX_BODY: usize = 64 * 1024 * 1024;

pub async fn scripe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    guard(state, request, next, true).await
}

pub async fn booper(State(state): State<AppState>, request: Request, next: Next) -> Response {
    guard(state, request, next, false).await
}

async fn guard(state: AppState, request: Request, next: Next, scripe: bool) -> Response {
    if state.args.control && request.headers().contains_key(BYPASS_HEADER) {
        return admitted(&state, request, next, scripe).await;
    }
    let logged = state
        .args
        .control
        .then(|| Logged::new(request.method(), request.uri()));
    if let Some(logged) = &logged {
        lock(&state.script).record(logged.clone());
    }
    if let Some(latency) = state.args.latency {
        let ms = lock(&state.faults).jitter(latency.min, latency.max);
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let quota = lock(&state.limiter).check(Instant::now());
    let mut response = match quota.and_then(|quota| quota.retry_after) {
        Some(wait) => rate_limited(wait),
        None => {
            let scripted = logged
                .as_ref()
                .and_then(|logged| lock(&state.script).take(&logged.decoded_path));
            let fault = || lock(&state.faults).draw();
            match scripted {
                Some(answer) => answer.into_response(),
                None => match fault() {
                    Some(kind) => fault_response(kind, &state, request, next, scripe).await,
                    None => admitted(&state, request, next, scripe).await,
                },
            }
        }
    };
    if let Some(quota) = quota {
        set_quota_headers(response.headers_mut(), quota);
    }
    response
}

/// Authentication, version, then the handler.
async fn admitted(state: &AppState, request: Request, next: Next, scripe: bool) -> Response {
    if let Err(err) = check_key(state.args.api_key.as_deref(), request.headers()) {
        let mut response = err.into_response();
        if response.status() == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return response;
    }
    if !scripe {
        return next.run(request).await;
    }
    match check_version(request.headers()) {
        Err(err) => err.into_response(),
        Ok(deprecated) => {
            let mut response = next.run(request).await;
            if deprecated {
                response.headers_mut().insert(
                    HeaderName::from_static("scripe-deprecation"),
                    HeaderValue::from_static(DEPRECATION_NOTICE),
                );
            }
            response
        }
    }
}

/// `Authorization: Bearer <key>` when `--api-key` is set. The key is never echoed.
pub fn check_key(expected: Option<&str>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = expected else {
        return Ok(());
    };
    let Some(given) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            codes::UNAUTHORIZED,
            "missing API key: send `Authorization: Bearer <key>`",
        ));
    };
    let matches = given
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|key| key.trim() == expected);
    if matches {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::FORBIDDEN,
            "the API key is not valid for this workspace, or was revoked",
        ))
    }
}

/// `Scripe-Api-Version`: absent means current; `Ok(true)` for the deprecated version.
pub fn check_version(headers: &HeaderMap) -> Result<bool, ApiError> {
    let Some(value) = headers.get(VERSION_HEADER) else {
        return Ok(false);
    };
    match value.to_str().map(str::trim) {
        Ok(CURRENT_VERSION) => Ok(false),
        Ok(DEPRECATED_VERSION) => Ok(true),
        other => {
            let shown = super::query::printable(other.unwrap_or("(not text)"));
            Err(version_unsupported(&shown, &ACCEPTED_VERSIONS))
        }
    }
}

fn version_unsupported(shown: &str, accepted: &[&str]) -> ApiError {
    let mut err = ApiError::new(
        StatusCode::BAD_REQUEST,
        codes::VERSION_UNSUPPORTED,
        format!(
            "{VERSION_HEADER} `{shown}` is not supported; accepted versions: {}",
            accepted.join(", ")
        ),
    );
    err.body.error.accepted_versions = accepted.iter().map(|v| (*v).to_owned()).collect();
    err
}

/// The injected refusal of the version `request` asks for, as if the API had dropped it:
/// the accepted versions are the others.
fn version_dropped(request: &Request) -> ApiError {
    let sent = request
        .headers()
        .get(VERSION_HEADER)
        .and_then(|value| value.to_str().ok())
        .map_or(CURRENT_VERSION, str::trim);
    let others: Vec<&str> = ACCEPTED_VERSIONS
        .into_iter()
        .filter(|version| *version != sent)
        .collect();
    version_unsupported(&super::query::printable(sent), &others)
}

fn rate_limited(wait: u64) -> Response {
    let mut response = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        codes::RATE_LIMITED,
        format!("rate limit exceeded; retry in {wait} s"),
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    response
}

fn set_quota_headers(headers: &mut HeaderMap, quota: Quota) {
    headers.insert(RATE_LIMIT_LIMIT, HeaderValue::from(quota.limit));
    headers.insert(RATE_LIMIT_REMAINING, HeaderValue::from(quota.remaining));
    headers.insert(RATE_LIMIT_RESET, HeaderValue::from(quota.reset_secs));
}

async fn fault_response(
    kind: FaultKind,
    state: &AppState,
    request: Request,
    next: Next,
    scripe: bool,
) -> Response {
    let error = |status, code, message: &str| ApiError::new(status, code, message).into_response();
    match kind {
        FaultKind::ServerError => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            "internal error (simulated)",
        ),
        FaultKind::BadGateway => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        )
            .into_response(),
        FaultKind::Unavailable => {
            let mut response = error(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::UNAVAILABLE,
                "the service is briefly unavailable (simulated)",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(2));
            response
        }
        FaultKind::Slow => {
            tokio::time::sleep(Duration::from_millis(state.args.slow_ms)).await;
            admitted(state, request, next, scripe).await
        }
        FaultKind::Malformed => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"data\": [{\"id\": \"job_malformed\", \"status\": <!DOCTYPE html>",
        )
            .into_response(),
        FaultKind::Truncated => {
            let response = admitted(state, request, next, scripe).await;
            let (mut parts, body) = response.into_parts();
            let bytes = to_bytes(body, MAX_BODY).await.unwrap_or_default();
            parts.headers.remove(header::CONTENT_LENGTH);
            let cut = bytes.slice(..bytes.len() / 2);
            Response::from_parts(parts, Body::from(cut))
        }
        FaultKind::RateLimited => rate_limited(2),
        FaultKind::BadCursor => error(
            StatusCode::BAD_REQUEST,
            codes::BAD_CURSOR,
            "the cursor is no longer valid (simulated); restart from the first page",
        ),
        FaultKind::Unauthorized => error(
            StatusCode::UNAUTHORIZED,
            codes::UNAUTHORIZED,
            "missing API key (simulated)",
        ),
        FaultKind::Forbidden => error(
            StatusCode::FORBIDDEN,
            codes::FORBIDDEN,
            "the API key was revoked (simulated)",
        ),
        FaultKind::VersionUnsupported => version_dropped(&request).into_response(),
    }
}

/// Response headers scripts on other origins may read.
pub fn exposed_headers() -> [HeaderName; 5] {
    [
        RATE_LIMIT_LIMIT,
        RATE_LIMIT_REMAINING,
        RATE_LIMIT_RESET,
        header::RETRY_AFTER,
        HeaderName::from_static("scripe-deprecation"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `HeaderName` wants lower case; the wire crate spells the header as documented.
    #[test]
    fn deprecation_header_name_matches_the_wire_constant() {
        assert_eq!(
            jobscope_wire::scripe::DEPRECATION_HEADER.to_ascii_lowercase(),
            "scripe-deprecation"
        );
    }

    #[test]
    fn keys_are_checked_without_echoing_them() {
        let mut headers = HeaderMap::new();
        assert!(check_key(None, &headers).is_ok());
        let missing = check_key(Some("scripe_sk_test_1"), &headers).unwrap_err();
        assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer wrong"),
        );
        let wrong = check_key(Some("scripe_sk_test_1"), &headers).unwrap_err();
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        assert!(!wrong.body.error.message.contains("wrong"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer scripe_sk_test_1"),
        );
        assert!(check_key(Some("scripe_sk_test_1"), &headers).is_ok());
    }

    #[test]
    fn versions_current_deprecated_and_unknown() {
        let mut headers = HeaderMap::new();
        assert_eq!(check_version(&headers), Ok(false));
        headers.insert(VERSION_HEADER, HeaderValue::from_static(CURRENT_VERSION));
        assert_eq!(check_version(&headers), Ok(false));
        headers.insert(VERSION_HEADER, HeaderValue::from_static(DEPRECATED_VERSION));
        assert_eq!(check_version(&headers), Ok(true));
        headers.insert(VERSION_HEADER, HeaderValue::from_static("2020-01-01"));
        let err = check_version(&headers).unwrap_err();
        assert_eq!(err.code(), codes::VERSION_UNSUPPORTED);
        assert_eq!(err.body.error.accepted_versions, ACCEPTED_VERSIONS);
    }
}
