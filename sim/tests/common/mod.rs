//! Driving the simulator's real router in-process (no socket needed).
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use clap::Parser;
use http_body_util::BodyExt;
use jobscope_sim::{Args, router};
use serde_json::Value;
use tower::ServiceExt;

/// A frozen, deterministic simulator with the control API, plus `extra` flags.
pub fn sim(extra: &[&str]) -> Router {
    let mut argv = vec![
        "jobscope-sim",
        "--frozen",
        "--control",
        "--seed",
        "7",
        "--start-time",
        "2026-11-01T12:00:00Z",
    ];
    argv.extend_from_slice(extra);
    app(&argv)
}

/// The router for exactly these command-line arguments.
pub fn app(argv: &[&str]) -> Router {
    router(&Args::try_parse_from(argv).unwrap())
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: impl AsRef<str>) -> &str {
        let name = name.as_ref();
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .unwrap()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "not JSON ({err}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(200)])
            )
        })
    }

    /// The API error code of an error answer.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// Sends one request; `headers` are `(name, value)` pairs, `body` JSON when given.
pub async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = match body {
        Some(json) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Method::GET, uri, &[], None).await
}

pub async fn post(app: &Router, uri: &str, body: Value) -> Answer {
    send(app, Method::POST, uri, &[], Some(body)).await
}
