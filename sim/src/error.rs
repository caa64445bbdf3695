//! The API error body, `{"error": {"code": "...", "message": "..."}}`, and the 404s.

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::json;

/// An error answered in the APIs' documented shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

/// API prefixes never fall through to the SPA: an unknown endpoint is a JSON 404.
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
