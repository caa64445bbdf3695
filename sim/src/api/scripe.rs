//! Scripe v1: `GET /v1/jobs`, `GET /v1/jobs/{id}`, `POST /v1/jobs/{id}/cancel`.

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jobscope_wire::error::codes;
use jobscope_wire::scripe::{
    DEFAULT_LIMIT, JobEnvelope, JobPage, JobStatus, JobType, MAX_LIMIT, Pagination, params,
};

use super::cursor::{self, CursorError};
use super::query::{End, Params, bounded_number, date_bound, known_list};
use crate::data::store::{CancelError, ListFilter};
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/jobs", get(list_jobs))
        .route("/v1/jobs/{id}", get(get_job))
        .route("/v1/jobs/{id}/cancel", post(cancel_job))
}

/// A validated `GET /v1/jobs` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRequest {
    pub filter: ListFilter,
    pub limit: usize,
    pub cursor: Option<String>,
}

impl ListRequest {
    /// Validates every parameter by the API's rules. An out-of-range `limit` is refused with
    /// `bad_pagination` (the documentation also says "clamped silently"; a client is better
    /// served by hearing it asked for something the API will not do).
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let query = Params::parse(raw);
        let statuses = known_list(
            "status",
            query.one(params::STATUS)?,
            JobStatus::known,
            || {
                JobStatus::KNOWN
                    .iter()
                    .map(|s| s.as_str().to_owned())
                    .collect()
            },
        )?;
        let types = known_list("type", query.one(params::TYPE)?, JobType::known, || {
            JobType::KNOWN
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect()
        })?;
        let from = non_blank(query.one(params::DATE_FROM)?)
            .map(|raw| date_bound(params::DATE_FROM, raw, End::From))
            .transpose()?;
        let to = non_blank(query.one(params::DATE_TO)?)
            .map(|raw| date_bound(params::DATE_TO, raw, End::To))
            .transpose()?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(ApiError::invalid("`dateFrom` is after `dateTo`"));
        }
        let limit = match query.one(params::LIMIT)? {
            Some(raw) => bounded_number(
                params::LIMIT,
                raw,
                1,
                u64::from(MAX_LIMIT),
                codes::BAD_PAGINATION,
            )?,
            None => u64::from(DEFAULT_LIMIT),
        };
        Ok(Self {
            filter: ListFilter {
                statuses,
                types,
                from,
                to,
            },
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            cursor: non_blank(query.one(params::CURSOR)?).map(str::to_owned),
        })
    }
}

async fn list_jobs(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let request = match ListRequest::parse(raw.as_deref()) {
        Ok(request) => request,
        Err(err) => return err.into_response(),
    };
    let after = match request
        .cursor
        .as_deref()
        .map(|c| cursor::decode(c, &request.filter))
    {
        None => None,
        Some(Ok(key)) => Some(key),
        Some(Err(err)) => {
            let message = match err {
                CursorError::Invalid => {
                    "the cursor is not valid here; restart from the first page without a cursor"
                }
                CursorError::OtherFilters => {
                    "the cursor was issued for other filters; restart from the first page without a cursor"
                }
            };
            return ApiError::new(StatusCode::BAD_REQUEST, codes::BAD_CURSOR, message)
                .into_response();
        }
    };
    let world = state.world();
    let page = world
        .store
        .list(&request.filter, after.as_ref(), request.limit);
    let next_cursor = page
        .has_more
        .then(|| page.jobs.last().and_then(|job| world.store.key_of(job)))
        .flatten()
        .map(|key| cursor::encode(&key, &request.filter));
    let body = JobPage {
        data: page.jobs.into_iter().cloned().collect(),
        pagination: Pagination {
            has_more: next_cursor.is_some(),
            next_cursor,
        },
    };
    drop(world);
    Json(body).into_response()
}

async fn get_job(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let world = state.world();
    match world.store.get(&id) {
        Some(job) => Json(JobEnvelope { data: job.clone() }).into_response(),
        None => job_not_found(&id).into_response(),
    }
}

async fn cancel_job(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let mut world = state.world();
    match world.store.cancel(&id) {
        Ok(job) => Json(JobEnvelope { data: job }).into_response(),
        Err(CancelError::NotFound) => job_not_found(&id).into_response(),
        Err(CancelError::NotCancellable(status)) => {
            let why = match status {
                JobStatus::Running => {
                    "it is already RUNNING, and running jobs cannot be cancelled in v1"
                }
                JobStatus::Cancelled => "it is already CANCELLED",
                _ => "it has already finished",
            };
            ApiError::new(
                StatusCode::CONFLICT,
                codes::NOT_CANCELLABLE,
                format!("job {id} cannot be cancelled: {why}; only QUEUED jobs can be"),
            )
            .into_response()
        }
    }
}

/// A parameter given empty (`dateFrom=`) counts as not given.
fn non_blank(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

fn job_not_found(id: &str) -> ApiError {
    let shown = super::query::printable(id);
    ApiError::not_found(format!("no job with id `{shown}` in this workspace"))
}
