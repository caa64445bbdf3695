//! Serving the built dashboard (`dist/`) with a CDN's behaviour: the right MIME types,
//! long-lived caching of content-hashed assets, revalidation of everything else, and an SPA
//! fallback to `index.html` for client-side routes; at the root or under a sub-path
//! (`--base-path /tools/jobs/`), as one `dist/` built with relative asset URLs allows.

use std::io;
use std::path::{Path, PathBuf};

use axum::extract::{OriginalUri, Request};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use jobscope_wire::config::AppConfig;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::cli::BasePath;
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

/// The routes serving `dir` under `base`; merge them after the API routes, which win. Without
/// a `config.json` in `dir`, `<base>config.json` answers the defaults, so the demo needs no
/// set-up.
pub fn routes(dir: &Path, base: &BasePath) -> Router {
    let site = site(dir, base);
    if base.is_root() {
        return site;
    }
    let base = base.clone();
    Router::new().fallback(move |request: Request| under_base(site.clone(), base.clone(), request))
}

/// `dir` served at `/`: files, the default `config.json`, and the SPA fallback.
fn site(dir: &Path, base: &BasePath) -> Router {
    let index = dir.join("index.html");
    let base = base.clone();
    let spa = move |original: OriginalUri| spa_fallback(index.clone(), base.clone(), original);
    // A build's `.br`/`.gz` copies (xtask precompress) are sent as they are, as a static host
    // does; other files are compressed on the fly by the router's layer.
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa.into_service());
    let mut router = Router::new();
    if !dir.join("config.json").is_file() {
        router = router.route("/config.json", get(|| async { Json(AppConfig::default()) }));
    }
    router
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

/// Strips `base` and hands the request to the site; `/tools/jobs` redirects to `/tools/jobs/`
/// (relative asset URLs need the slash), and paths outside `base` are 404s, as on a CDN.
async fn under_base(site: Router, base: BasePath, mut request: Request) -> Response {
    let prefix = base.as_str();
    let bare = &prefix[..prefix.len() - 1];
    let original = request.uri().clone();
    let query = original.query().map(|query| format!("?{query}"));
    let query = query.as_deref().unwrap_or_default();
    if original.path() == bare {
        return Redirect::permanent(&format!("{prefix}{query}")).into_response();
    }
    let Some(rest) = original.path().strip_prefix(prefix) else {
        return ApiError::not_found(format!(
            "no such file: {} (the dashboard is served under {prefix})",
            original.path()
        ))
        .into_response();
    };
    let Ok(inner) = format!("/{rest}{query}").parse::<Uri>() else {
        return ApiError::not_found(format!("no such file: {}", original.path())).into_response();
    };
    *request.uri_mut() = inner;
    // The SPA fallback and error messages still see the path the browser asked for.
    request.extensions_mut().insert(OriginalUri(original));
    let mut response = match site.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    // A redirect of the site (a directory without its slash) points inside `base` too.
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .filter(|location| location.starts_with('/'))
        .and_then(|location| HeaderValue::from_str(&format!("{bare}{location}")).ok());
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

async fn spa_fallback(index: PathBuf, base: BasePath, OriginalUri(uri): OriginalUri) -> Response {
    if looks_like_file(uri.path()) {
        return ApiError::not_found(format!("no such file: {}", uri.path())).into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(html) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            with_base_href(html, base.as_str(), uri.path()),
        )
            .into_response(),
        Err(err) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "dist_unreadable",
            format!("cannot read {}: {err}", index.display()),
        )
        .into_response(),
    }
}

/// `index.html` for a client route at `path`. The page's asset URLs are relative, so a route
/// in a sub-directory of `base` (`/tools/jobs/no/such/page`) gets a `<base href="/tools/jobs/">`
/// before its first script or link: its assets load, and the app's router (which takes its
/// base from `document.baseURI`) sees the route below its base. A route directly in `base`
/// gets the file unchanged.
fn with_base_href(html: Vec<u8>, base: &str, path: &str) -> Vec<u8> {
    let directory = path.rfind('/').map_or("/", |at| &path[..=at]);
    if directory == base {
        return html;
    }
    let text = match String::from_utf8(html) {
        Ok(text) => text,
        Err(err) => return err.into_bytes(),
    };
    let lower = text.to_ascii_lowercase();
    let before_assets = ["<script", "<link"]
        .iter()
        .filter_map(|tag| lower.find(tag))
        .min();
    let after_head = || {
        let head = lower.find("<head")?;
        lower[head..].find('>').map(|end| head + end + 1)
    };
    let at = before_assets.or_else(after_head).unwrap_or(0);
    format!("{}<base href=\"{base}\">{}", &text[..at], &text[at..]).into_bytes()
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
    fn a_base_href_goes_in_only_below_the_base_and_before_the_assets() {
        let html = "<html><head><meta charset=utf-8><link rel=stylesheet href=./a.css>\
                    <script type=module src=./s.js></script></head></html>";
        let at = |base: &str, path: &str| {
            String::from_utf8(with_base_href(html.as_bytes().to_vec(), base, path)).unwrap()
        };
        assert_eq!(at("/", "/"), html);
        assert_eq!(at("/", "/jobs"), html);
        assert_eq!(at("/tools/jobs/", "/tools/jobs/anything"), html);
        assert_eq!(
            at("/", "/no/such/page"),
            html.replace("<link", "<base href=\"/\"><link")
        );
        assert_eq!(
            at("/tools/jobs/", "/tools/jobs/a/b"),
            html.replace("<link", "<base href=\"/tools/jobs/\"><link")
        );
        let bare = "<html><head><title>t</title></head></html>";
        assert_eq!(
            String::from_utf8(with_base_href(bare.as_bytes().to_vec(), "/", "/a/b")).unwrap(),
            "<html><head><base href=\"/\"><title>t</title></head></html>"
        );
    }

    #[test]
    fn client_routes_are_not_files() {
        assert!(!looks_like_file("/"));
        assert!(!looks_like_file("/jobs/job_abc"));
        assert!(looks_like_file("/favicon.ico"));
        assert!(looks_like_file("/a/b/missing-0123abcd.js"));
    }
}
