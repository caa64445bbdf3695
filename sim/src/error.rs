//! The APIs' error answers, `{"error": {"code": "...", "message": "..."}}`, and the 404s.

use axum::Json;
use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use jobscope_wire::error::{ErrorBody, codes};

/// An error answered in the APIs' documented shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody::new(code, message),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::INVALID_REQUEST, message)
    }

    pub fn code(&self) -> &str {
        &self.body.error.code
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// Unknown endpoints under the API prefixes are JSON 404s, never the dashboard's HTML.
pub fn unknown_api_routes() -> Router {
    let unknown = any(|uri: Uri| async move {
        ApiError::not_found(format!("no such endpoint: {}", uri.path()))
    });
    Router::new()
        .route("/v1", unknown.clone())
        .route("/v1/{*rest}", unknown.clone())
        .route("/api", unknown.clone())
        .route("/api/{*rest}", unknown.clone())
        .route("/_sim", unknown.clone())
        .route("/_sim/{*rest}", unknown)
}

/// The fallback when no `--dist` was given.
pub async fn no_dist(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "no such endpoint: {} (start jobscope-sim with --dist DIR to serve the dashboard)",
        uri.path()
    ))
}
