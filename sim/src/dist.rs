//! Serving the built dashboard (`dist/`) with a CDN's behaviour: the right MIME types,
//! long-lived caching of content-hashed assets, revalidation of everything else, and an SPA
//! fallback to `index.html` for client-side routes.

use std::io;
use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use jobscope_wire::config::AppConfig;
use tower_http::services::ServeDir;

use crate::error::ApiError;

/// How long a response may be cached, decided by the request path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// A content-hashed file name never changes content: cache for a year.
    Immutable,
    /// Everything else (index.html, client routes, config.json) is revalidated each time.
    Revalidate,
}

impl CachePolicy {
    pub fn for_path(path: &str) -> Self {
        let file = path.rsplit('/').next().unwrap_or_default();
        if is_hashed_asset(file) {
            Self::Immutable
        } else {
            Self::Revalidate
        }
    }

    pub fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::Immutable => "public, max-age=31536000, immutable",
            Self::Revalidate => "no-cache",
        })
    }
}

/// trunk names assets `name-<hash>.ext` (and `name-<hash>_bg.wasm`), the hash in lower-case hex.
fn is_hashed_asset(file: &str) -> bool {
    let Some((stem, _ext)) = file.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (8..=32).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A path whose last segment has an extension asks for a file, never for a client route.
fn looks_like_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'))
}

/// Fails early with a clear message when `dir` is not a built dashboard.
pub fn check(dir: &Path) -> io::Result<()> {
    let index = dir.join("index.html");
    if index.is_file() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "--dist {}: no index.html there (build the app first: `trunk build --release`)",
                dir.display()
            ),
        ))
    }
}

/// The routes serving `dir`; use as the router's fallback so API routes win. Without a
/// `config.json` in `dir`, `/config.json` answers the defaults, so the demo needs no set-up.
pub fn routes(dir: &Path) -> Router {
    let index = dir.join("index.html");
    let spa = move |uri: Uri| spa_fallback(index.clone(), uri);
    let files = ServeDir::new(dir).fallback(spa.into_service());
    let mut router = Router::new();
    if !dir.join("config.json").is_file() {
        router = router.route("/config.json", get(|| async { Json(AppConfig::default()) }));
    }
    router
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

async fn spa_fallback(index: PathBuf, uri: Uri) -> Response {
    if looks_like_file(uri.path()) {
        return ApiError::not_found(format!("no such file: {}", uri.path())).into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(err) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "dist_unreadable",
            format!("cannot read {}: {err}", index.display()),
        )
        .into_response(),
    }
}

async fn cache_control(request: Request, next: Next) -> Response {
    let policy = CachePolicy::for_path(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, policy.header_value());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_immutable() {
        for path in [
            "/jobscope-4f3c2b1a9e8d7c6b_bg.wasm",
            "/jobscope-4f3c2b1a9e8d7c6b.js",
            "/main-0123456789abcdef.css",
            "/tools/jobs/main-0123456789abcdef.css",
        ] {
            assert_eq!(
                CachePolicy::for_path(path),
                CachePolicy::Immutable,
                "{path}"
            );
        }
    }

    #[test]
    fn unhashed_names_and_routes_are_revalidated() {
        for path in [
            "/",
            "/index.html",
            "/config.json",
            "/jobs/job_abc",
            "/jobscope.js",
            "/my-file.js",
            "/main-0123456789ABCDEF.css",
            "/main-xyz0123456789ab.css",
        ] {
            assert_eq!(
                CachePolicy::for_path(path),
                CachePolicy::Revalidate,
                "{path}"
            );
        }
    }

    #[test]
    fn client_routes_are_not_files() {
        assert!(!looks_like_file("/"));
        assert!(!looks_like_file("/jobs/job_abc"));
        assert!(looks_like_file("/favicon.ico"));
        assert!(looks_like_file("/a/b/missing-0123abcd.js"));
    }
}
