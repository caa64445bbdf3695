//! `/_sim/`: the control API for tests (only with `--control`).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Duration;
use jobscope_wire::Timestamp;
use jobscope_wire::scripe::{Job, JobType};
use serde::Deserialize;
use serde_json::json;

use super::faults::FaultKind;
use crate::error::ApiError;
use crate::state::{AppState, lock};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_sim/state", get(summary))
        .route("/_sim/faults", post(queue_faults).delete(clear_faults))
        .route("/_sim/jobs", post(insert_jobs))
        .route("/_sim/clock/advance", post(advance_clock))
        .route("/_sim/reset", post(reset))
}

/// `POST /_sim/faults`: the next `count` API responses fail as `kind`.
#[derive(Debug, Deserialize)]
struct QueueFaults {
    kind: FaultKind,
    #[serde(default = "one")]
    count: usize,
}

/// `POST /_sim/jobs`: insert `count` new jobs now, optionally of one type.
#[derive(Debug, Deserialize)]
struct InsertJobs {
    #[serde(default = "one")]
    count: usize,
    #[serde(default, rename = "type")]
    job_type: Option<String>,
}

/// `POST /_sim/clock/advance`: move simulated time forward.
#[derive(Debug, Deserialize)]
struct Advance {
    seconds: f64,
}

fn one() -> usize {
    1
}

async fn summary(State(state): State<AppState>) -> Response {
    let world = state.world();
    let active = world
        .store
        .iter()
        .filter(|job| job.status.is_active())
        .count();
    let (queued, faults_served) = {
        let faults = lock(&state.faults);
        (faults.queued(), faults.served())
    };
    let rate_limited = lock(&state.limiter).refused();
    Json(json!({
        "now": Timestamp::utc(world.now()),
        "frozen": world.clock.is_frozen(),
        "jobs": world.store.len(),
        "activeJobs": active,
        "booperJobs": world.booper.len(),
        "queuedFaults": queued,
        "faultsServed": faults_served,
        "rateLimited": rate_limited,
    }))
    .into_response()
}

async fn queue_faults(State(state): State<AppState>, Json(body): Json<QueueFaults>) -> Response {
    let count = body.count.min(10_000);
    lock(&state.faults).push(body.kind, count);
    (
        StatusCode::ACCEPTED,
        Json(json!({ "queued": count, "kind": body.kind })),
    )
        .into_response()
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    lock(&state.faults).clear();
    StatusCode::NO_CONTENT
}

async fn insert_jobs(State(state): State<AppState>, Json(body): Json<InsertJobs>) -> Response {
    let job_type = match body.job_type.as_deref() {
        None => None,
        Some(raw) => match JobType::known(raw) {
            Some(known) => Some(known),
            None => return ApiError::invalid(format!("unknown type `{raw}`")).into_response(),
        },
    };
    let mut world = state.world();
    let now = world.now();
    let data: Vec<Job> = (0..body.count.min(10_000))
        .map(|_| world.insert_new(now, job_type.clone()))
        .collect();
    (StatusCode::CREATED, Json(json!({ "data": data }))).into_response()
}

async fn advance_clock(State(state): State<AppState>, Json(body): Json<Advance>) -> Response {
    if !body.seconds.is_finite() || body.seconds < 0.0 || body.seconds > 365.0 * 86_400.0 {
        return ApiError::invalid("`seconds` must be between 0 and one year").into_response();
    }
    let mut world = state.world();
    world.advance(Duration::milliseconds((body.seconds * 1000.0) as i64));
    Json(json!({ "now": Timestamp::utc(world.now()) })).into_response()
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}
