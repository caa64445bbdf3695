//! The simulator's CDN behaviour, checked through the real router (no socket needed).

mod common;

use std::path::Path;

use axum::Router;
use axum::http::{StatusCode, header};
use common::{Answer, send};

const INDEX: &str = "<!DOCTYPE html><html><head><title>jobscope</title></head><body></body></html>";
const WASM: &str = "jobscope-4f3c2b1a9e8d7c6b_bg.wasm";
const JS: &str = "jobscope-4f3c2b1a9e8d7c6b.js";

/// A dist/ like trunk's: index.html, a hashed wasm (big enough to be compressed) and JS.
fn fake_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::write(path.join("index.html"), INDEX).unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(path.join(WASM), wasm).unwrap();
    std::fs::write(
        path.join(JS),
        "export default function init() {}\n".repeat(20),
    )
    .unwrap();
    dir
}

fn app(dist: Option<&Path>) -> Router {
    app_under(dist, "/")
}

/// The simulator serving `dist` under `--base-path base`.
fn app_under(dist: Option<&Path>, base: &str) -> Router {
    let dir = dist.map(|dir| dir.display().to_string());
    let mut argv = vec!["jobscope-sim", "--jobs", "50", "--base-path", base];
    if let Some(dir) = &dir {
        argv.extend(["--dist", dir.as_str()]);
    }
    common::app(&argv)
}

async fn get(app: &Router, uri: &str, accept_encoding: Option<&str>) -> Answer {
    let headers: Vec<(&str, &str)> = accept_encoding
        .map(|encoding| ("accept-encoding", encoding))
        .into_iter()
        .collect();
    send(app, axum::http::Method::GET, uri, &headers, None).await
}

#[tokio::test]
async fn healthz_reports_ok_and_the_version() {
    let answer = get(&app(None), "/healthz", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["status"], "ok");
    assert_eq!(answer.json()["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(answer.header(header::CACHE_CONTROL), "no-store");
}

#[tokio::test]
async fn index_is_html_and_revalidated() {
    let dist = fake_dist();
    let answer = get(&app(Some(dist.path())), "/", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache");
    assert_eq!(answer.body, INDEX.as_bytes());
}

#[tokio::test]
async fn hashed_wasm_is_application_wasm_and_immutable() {
    let dist = fake_dist();
    let answer = get(&app(Some(dist.path())), &format!("/{WASM}"), None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header(header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        answer.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(answer.body.starts_with(b"\0asm"));
}

#[tokio::test]
async fn assets_are_compressed_with_brotli_or_gzip_as_accepted() {
    let dist = fake_dist();
    let app = app(Some(dist.path()));
    for (accept, expected) in [("br", "br"), ("gzip", "gzip"), ("gzip, br", "br")] {
        let answer = get(&app, &format!("/{WASM}"), Some(accept)).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(
            answer.header(header::CONTENT_ENCODING),
            expected,
            "{accept}"
        );
        assert!(answer.body.len() < 4096, "{accept}: not compressed");
    }
    let plain = get(&app, &format!("/{JS}"), None).await;
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
}

#[tokio::test]
async fn a_builds_precompressed_copies_are_sent_as_they_are() {
    let dist = fake_dist();
    // Marker bytes, so the answer shows which file was sent (the copies need not be valid).
    std::fs::write(dist.path().join(format!("{WASM}.br")), "brotli copy").unwrap();
    std::fs::write(dist.path().join(format!("{WASM}.gz")), "gzip copy").unwrap();
    let app = app(Some(dist.path()));
    for (accept, encoding, body) in [
        ("br", "br", "brotli copy"),
        ("gzip", "gzip", "gzip copy"),
        ("gzip, br", "br", "brotli copy"),
    ] {
        let answer = get(&app, &format!("/{WASM}"), Some(accept)).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(
            answer.header(header::CONTENT_ENCODING),
            encoding,
            "{accept}"
        );
        assert_eq!(answer.body, body.as_bytes(), "{accept}");
        assert_eq!(answer.header(header::CONTENT_TYPE), "application/wasm");
        assert_eq!(
            answer.header(header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
    }
    // A client that takes neither gets the file itself.
    let plain = get(&app, &format!("/{WASM}"), None).await;
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    assert!(plain.body.starts_with(b"\0asm"));
}
#[tokio::test]
async fn client_routes_fall_back_to_index_html() {
    let dist = fake_dist();
    let answer = get(&app(Some(dist.path())), "/job_abc?status=FAILED", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache");
    assert_eq!(answer.body, INDEX.as_bytes());
}

#[tokio::test]
async fn nested_client_routes_get_index_html_with_a_base_href() {
    // The assets' URLs are relative: below the base, `<base href>` keeps them loading.
    let dist = fake_dist();
    let answer = get(&app(Some(dist.path())), "/jobs/job_abc?status=FAILED", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache");
    assert_eq!(
        String::from_utf8(answer.body).unwrap(),
        INDEX.replace("<head>", "<head><base href=\"/\">")
    );
}

#[tokio::test]
async fn a_missing_asset_is_a_404_not_the_index() {
    let dist = fake_dist();
    let answer = get(
        &app(Some(dist.path())),
        "/jobscope-0000000000000000.js",
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.json()["error"]["code"], "not_found");
    assert!(answer.headers.get(header::CACHE_CONTROL).is_none());
}

#[tokio::test]
async fn unknown_api_paths_are_json_errors_never_the_spa() {
    let dist = fake_dist();
    let app = app(Some(dist.path()));
    for uri in ["/v1", "/v1/nope", "/api/nope", "/_sim/nope"] {
        let answer = get(&app, uri, None).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            answer
                .header(header::CONTENT_TYPE)
                .starts_with("application/json")
        );
        let error = &answer.json()["error"];
        assert_eq!(error["code"], "not_found", "{uri}");
        assert!(error["message"].as_str().unwrap().contains(uri), "{uri}");
    }
}

#[tokio::test]
async fn without_dist_the_root_explains_the_flag() {
    let answer = get(&app(None), "/", None).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(
        answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--dist")
    );
}

#[test]
fn a_dist_without_index_html_is_refused_clearly() {
    let empty = tempfile::tempdir().unwrap();
    let err = jobscope_sim::dist::check(empty.path()).unwrap_err();
    assert!(err.to_string().contains("no index.html"), "{err}");
    assert!(jobscope_sim::dist::check(fake_dist().path()).is_ok());
}

#[tokio::test]
async fn a_default_config_json_is_served_unless_dist_has_one() {
    let dist = fake_dist();
    let answer = get(&app(Some(dist.path())), "/config.json", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["backend"], "scripe");
    assert_eq!(answer.json()["apiVersion"], "2026-08-01");
    assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache");

    std::fs::write(dist.path().join("config.json"), r#"{"backend": "booper"}"#).unwrap();
    let own = get(&app(Some(dist.path())), "/config.json", None).await;
    assert_eq!(own.json()["backend"], "booper");
}

const BASE: &str = "/tools/jobs/";

#[tokio::test]
async fn under_a_base_path_the_page_and_its_assets_are_served_there() {
    let dist = fake_dist();
    let app = app_under(Some(dist.path()), BASE);
    for uri in [
        "/tools/jobs/",
        "/tools/jobs/?status=FAILED",
        "/tools/jobs/index.html?x",
    ] {
        let answer = get(&app, uri, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(answer.header(header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache", "{uri}");
        assert_eq!(answer.body, INDEX.as_bytes(), "{uri}");
    }
    let wasm = get(&app, &format!("{BASE}{WASM}"), None).await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.header(header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        wasm.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    let js = get(&app, &format!("{BASE}{JS}"), Some("br")).await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(js.header(header::CONTENT_ENCODING), "br");
}

#[tokio::test]
async fn the_base_path_without_its_slash_redirects_keeping_the_query() {
    let dist = fake_dist();
    let app = app_under(Some(dist.path()), "/tools/jobs");
    let answer = get(&app, "/tools/jobs?status=FAILED", None).await;
    assert_eq!(answer.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        answer.header(header::LOCATION),
        "/tools/jobs/?status=FAILED"
    );
}

#[tokio::test]
async fn client_routes_under_the_base_get_index_html_with_a_base_href() {
    let dist = fake_dist();
    let app = app_under(Some(dist.path()), BASE);
    let direct = get(&app, "/tools/jobs/somewhere?status=FAILED", None).await;
    assert_eq!(direct.status, StatusCode::OK);
    assert_eq!(direct.body, INDEX.as_bytes());
    let nested = get(&app, "/tools/jobs/no/such/page", None).await;
    assert_eq!(nested.status, StatusCode::OK);
    assert_eq!(nested.header(header::CACHE_CONTROL), "no-cache");
    assert_eq!(
        String::from_utf8(nested.body).unwrap(),
        INDEX.replace("<head>", "<head><base href=\"/tools/jobs/\">")
    );
}

#[tokio::test]
async fn a_missing_asset_under_the_base_is_a_404_naming_the_path_asked_for() {
    let dist = fake_dist();
    let app = app_under(Some(dist.path()), BASE);
    let answer = get(&app, "/tools/jobs/jobscope-0000000000000000.js", None).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.code(), "not_found");
    let message = answer.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("/tools/jobs/jobscope-0000000000000000.js"),
        "{message}"
    );
}

#[tokio::test]
async fn outside_the_base_there_is_no_dashboard_but_the_apis_stay_at_the_root() {
    let dist = fake_dist();
    let app = app_under(Some(dist.path()), BASE);
    for uri in [
        "/",
        "/index.html",
        &format!("/{WASM}"),
        "/tools/jobsx/",
        "/config.json",
    ] {
        let answer = get(&app, uri, None).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        let message = answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("served under /tools/jobs/"),
            "{uri}: {message}"
        );
    }
    for uri in ["/healthz", "/v1/jobs?limit=1", "/api/jobs?limit=1"] {
        let answer = get(&app, uri, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
    }
    let unknown = get(&app, "/v1/nope", None).await;
    assert_eq!(unknown.code(), "not_found");
}

#[tokio::test]
async fn config_json_is_served_beside_index_html_under_the_base() {
    let dist = fake_dist();
    let answer = get(
        &app_under(Some(dist.path()), BASE),
        "/tools/jobs/config.json",
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["backend"], "scripe");
    assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache");

    std::fs::write(dist.path().join("config.json"), r#"{"backend": "booper"}"#).unwrap();
    let own = get(
        &app_under(Some(dist.path()), BASE),
        "/tools/jobs/config.json",
        None,
    )
    .await;
    assert_eq!(own.json()["backend"], "booper");
}
