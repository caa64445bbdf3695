//! Booper scheduler: offset-paginated scheduled HTTP requests run by an Oban queue.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Timestamp;

pub const DEFAULT_LIMIT: u32 = 10;
pub const MAX_LIMIT: u32 = 100;

/// Query parameter names of `GET /api/jobs`.
pub mod params {
    pub const STATE: &str = "state";
    pub const LIMIT: &str = "limit";
    pub const OFFSET: &str = "offset";
    pub const ORDER_BY: &str = "order_by";
}

wire_enum! {
    /// The `state` filter of `GET /api/jobs`.
    BooperState {
        Scheduled = "scheduled",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

wire_enum! {
    /// The Oban row's `state`.
    ObanState {
        Available = "available",
        Scheduled = "scheduled",
        Executing = "executing",
        Retryable = "retryable",
        Completed = "completed",
        Discarded = "discarded",
        Cancelled = "cancelled",
    }
}

impl ObanState {
    /// The `state` filter value that selects jobs in this Oban state.
    pub fn filter(&self) -> Option<BooperState> {
        match self {
            Self::Available | Self::Scheduled | Self::Executing | Self::Retryable => {
                Some(BooperState::Scheduled)
            }
            Self::Completed | Self::Discarded => Some(BooperState::Completed),
            Self::Cancelled => Some(BooperState::Cancelled),
            Self::Other(_) => None,
        }
    }
}

/// A scheduled HTTP request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledJob {
    pub id: String,
    #[serde(default)]
    pub idempotency_key: Option<String>,
    /// Naive (`2023-09-01T18:25:49`): UTC.
    pub inserted_at: Timestamp,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    /// Set for recurring jobs.
    #[serde(default)]
    pub schedule_id: Option<String>,
    #[serde(default)]
    pub job_id: Option<i64>,
    #[serde(default)]
    pub job: Option<ObanJob>,
    #[serde(default)]
    pub args: Option<HttpArgs>,
}

/// The Oban row behind a scheduled job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObanJob {
    pub id: i64,
    pub state: ObanState,
    #[serde(default)]
    pub inserted_at: Option<Timestamp>,
    #[serde(default)]
    pub scheduled_at: Option<Timestamp>,
    #[serde(default)]
    pub attempted_at: Option<Timestamp>,
    #[serde(default)]
    pub completed_at: Option<Timestamp>,
    #[serde(default)]
    pub cancelled_at: Option<Timestamp>,
    #[serde(default)]
    pub discarded_at: Option<Timestamp>,
    /// Spelt `has_confict` by the API; the correct spelling is accepted too.
    #[serde(default, alias = "has_conflict")]
    pub has_confict: bool,
}

/// The HTTP request a job makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpArgs {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub headers: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_in: Option<ScheduleIn>,
}

/// `schedule_in`: seconds, or `[n, "unit"]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScheduleIn {
    Seconds(i64),
    Unit(i64, String),
    /// Any other shape, kept verbatim.
    Other(Value),
}

/// `GET /api/jobs`: no cursor, no total; a page shorter than `limit` is the last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BooperPage {
    pub data: Vec<ScheduledJob>,
}
