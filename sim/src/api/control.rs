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
use super::script::Scripted;
use crate::error::ApiError;
use crate::state::{AppState, lock};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_sim/state", get(summary))
        .route("/_sim/faults", post(queue_faults).delete(clear_faults))
        .route("/_sim/jobs", post(insert_jobs))
        .route("/_sim/clock/advance", post(advance_clock))
        .route("/_sim/reset", post(reset))
        .route(
            "/_sim/responses",
            post(queue_responses).delete(clear_responses),
        )
        .route("/_sim/requests", get(requests).delete(clear_requests))
}

/// `POST /_sim/faults`: the next `count` API responses fail as `kind`.
#[derive(Debug, Deserialize)]
struct QueueFaults {
    kind: FaultKind,
    #[serde(default = "one")]
    count: usize,
}

/// `POST /_sim/jobs`: insert `count` new jobs now, optionally of one type, or one job with
/// an exact `id` (any string: spaces, `/`, `%`, non-ASCII…, for tests of id handling).
#[derive(Debug, Deserialize)]
struct InsertJobs {
    #[serde(default = "one")]
    count: usize,
    #[serde(default, rename = "type")]
    job_type: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

/// `POST /_sim/responses`: the next `count` API requests whose percent-decoded path (no
/// query) is `path` get `status` and `body` instead of the real answer.
#[derive(Debug, Deserialize)]
struct QueueResponses {
    path: String,
    #[serde(default = "ok")]
    status: u16,
    body: serde_json::Value,
    #[serde(default = "one")]
    count: usize,
}

fn ok() -> u16 {
    200
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
    let active = world.store.iter().filter(|job| job.is_active()).count();
    let (queued, faults_served) = {
        let faults = lock(&state.faults);
        (faults.queued(), faults.served())
    };
    let rate_limited = lock(&state.limiter).refused();
    let scripted = lock(&state.script).queued();
    Json(json!({
        "now": Timestamp::utc(world.now()),
        "frozen": world.clock.is_frozen(),
        "jobs": world.store.len(),
        "activeJobs": active,
        "booperJobs": world.booper.len(),
        "queuedFaults": queued,
        "faultsServed": faults_served,
        "rateLimited": rate_limited,
        "scriptedAnswers": scripted,
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
    if let Some(id) = body.id {
        if id.is_empty() || world.store.contains(&id) {
            return ApiError::invalid("`id` must be new and not empty").into_response();
        }
        let now = world.now();
        let job = world.insert_with_id(now, job_type, id);
        return (StatusCode::CREATED, Json(json!({ "data": [job] }))).into_response();
    }
    let now = world.now();
    let data: Vec<Job> = (0..body.count.min(10_000))
        .map(|_| world.insert_new(now, job_type.clone(), true))
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

async fn queue_responses(
    State(state): State<AppState>,
    Json(body): Json<QueueResponses>,
) -> Response {
    let Ok(status) = StatusCode::from_u16(body.status) else {
        return ApiError::invalid("`status` must be an HTTP status code").into_response();
    };
    let count = body.count.min(10_000);
    let answer = Scripted {
        status,
        body: body.body,
    };
    lock(&state.script).push(body.path, answer, count);
    (StatusCode::ACCEPTED, Json(json!({ "queued": count }))).into_response()
}

async fn clear_responses(State(state): State<AppState>) -> StatusCode {
    lock(&state.script).clear_answers();
    StatusCode::NO_CONTENT
}

/// `GET /_sim/requests`: the API requests received (not the bypass ones), oldest first.
async fn requests(State(state): State<AppState>) -> Response {
    let script = lock(&state.script);
    let logged: Vec<_> = script.log().collect();
    Json(json!({ "requests": logged })).into_response()
}

async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    lock(&state.script).clear_log();
    StatusCode::NO_CONTENT
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}
