//! Booper: `GET /api/jobs`, offset pagination.

use axum::Json;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jobscope_wire::booper::{BooperPage, BooperState, DEFAULT_LIMIT, MAX_LIMIT, params};
use jobscope_wire::error::codes;

use super::query::{Params, bounded_number};
use crate::data::booper::BooperPlan;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/jobs", get(list_jobs))
}

/// `order_by`'s field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderField {
    InsertedAt,
    ScheduledAt,
}

/// A validated `GET /api/jobs` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BooperRequest {
    pub state: Option<BooperState>,
    pub limit: usize,
    pub offset: usize,
    pub order: OrderField,
    pub descending: bool,
}

impl BooperRequest {
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let query = Params::parse(raw);
        let state = match query.one(params::STATE)?.map(str::trim) {
            None | Some("") => None,
            Some(value) => Some(BooperState::known(value).ok_or_else(|| {
                ApiError::invalid(format!(
                    "unknown state `{}`; expected one of scheduled, completed, cancelled",
                    super::query::printable(value)
                ))
            })?),
        };
        let number = |name: &str, default: u64, min: u64, max: u64| -> Result<usize, ApiError> {
            let value = match query.one(name)? {
                Some(raw) => bounded_number(name, raw, min, max, codes::INVALID_REQUEST)?,
                None => default,
            };
            Ok(usize::try_from(value).unwrap_or(usize::MAX))
        };
        let limit = number(
            params::LIMIT,
            u64::from(DEFAULT_LIMIT),
            1,
            u64::from(MAX_LIMIT),
        )?;
        let offset = number(params::OFFSET, 0, 0, 10_000_000)?;
        let (order, descending) = match query.one(params::ORDER_BY)? {
            None => (OrderField::InsertedAt, true),
            Some(raw) => parse_order(raw)?,
        };
        Ok(Self {
            state,
            limit,
            offset,
            order,
            descending,
        })
    }
}

/// `order_by` as `field,dir` or the JSON pair `["field","dir"]`.
fn parse_order(raw: &str) -> Result<(OrderField, bool), ApiError> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | '"' | ' '))
        .collect();
    let mut parts = cleaned.split(',');
    let field = match parts.next() {
        Some("inserted_at") => OrderField::InsertedAt,
        Some("scheduled_at") => OrderField::ScheduledAt,
        _ => {
            return Err(ApiError::invalid(
                "`order_by` must be [field, \"asc\"|\"desc\"] with field inserted_at or scheduled_at",
            ));
        }
    };
    let descending = match parts.next() {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => {
            return Err(ApiError::invalid(
                "`order_by` direction must be \"asc\" or \"desc\"",
            ));
        }
    };
    Ok((field, descending))
}

async fn list_jobs(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let request = match BooperRequest::parse(raw.as_deref()) {
        Ok(request) => request,
        Err(err) => return err.into_response(),
    };
    let world = state.world();
    let now = world.now();
    let mut matching: Vec<&BooperPlan> = world
        .booper
        .iter()
        .filter(|plan| plan.matches(request.state.as_ref(), now))
        .collect();
    // Stored newest first; other orders sort, with the id as tie-break.
    match (request.order, request.descending) {
        (OrderField::InsertedAt, true) => {}
        (OrderField::InsertedAt, false) => matching.reverse(),
        (OrderField::ScheduledAt, descending) => matching.sort_by(|a, b| {
            let order = a
                .scheduled()
                .cmp(&b.scheduled())
                .then_with(|| a.id().cmp(b.id()));
            if descending { order.reverse() } else { order }
        }),
    }
    let data = matching
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .map(|plan| plan.job_at(now))
        .collect();
    drop(world);
    Json(BooperPage { data }).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_order_forms() {
        let request = BooperRequest::parse(None).unwrap();
        assert_eq!((request.limit, request.offset), (10, 0));
        assert_eq!(
            (request.order, request.descending),
            (OrderField::InsertedAt, true)
        );
        let json =
            BooperRequest::parse(Some("order_by=%5B%22scheduled_at%22%2C%22asc%22%5D")).unwrap();
        assert_eq!(
            (json.order, json.descending),
            (OrderField::ScheduledAt, false)
        );
        let plain = BooperRequest::parse(Some("order_by=inserted_at,asc")).unwrap();
        assert!(!plain.descending);
    }

    #[test]
    fn bad_values_are_400s() {
        for raw in [
            "state=running",
            "limit=0",
            "limit=101",
            "offset=-1",
            "order_by=name",
            "order_by=inserted_at,up",
            "limit=ten",
        ] {
            let err = BooperRequest::parse(Some(raw)).unwrap_err();
            assert_eq!(err.code(), codes::INVALID_REQUEST, "{raw}");
        }
    }
}
