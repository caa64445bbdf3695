//! The two job APIs, the guard in front of them, and the control API.

pub mod booper;
pub mod control;
pub mod cursor;
pub mod faults;
pub mod guard;
pub mod query;
pub mod rate_limit;
pub mod scripe;
pub mod script;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, Method, header};
use axum::middleware;
use tower_http::cors::{Any, CorsLayer};

use crate::state::AppState;

/// `/v1/…` and `/api/…` behind their guards, `/_sim/…` when enabled; CORS for any origin,
/// since the dashboard is usually hosted on another origin than the API.
pub fn routes(state: AppState) -> Router {
    let scripe =
        scripe::routes().layer(middleware::from_fn_with_state(state.clone(), guard::scripe));
    let booper =
        booper::routes().layer(middleware::from_fn_with_state(state.clone(), guard::booper));
    let mut api = scripe.merge(booper);
    if state.args.control {
        api = api.merge(control::routes());
    }
    api.layer(cors()).with_state(state)
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("scripe-api-version"),
        ])
        .expose_headers(guard::exposed_headers())
        .max_age(Duration::from_secs(600))
}
