//! Booper scheduler: offset-paginated scheduled HTTP requests run by an Oban queue.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Timestamp;
use crate::field::{self, Field, FieldValue, Rows};

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

/// A scheduled HTTP request. Every field but the id is read on its own ([`Field`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledJob {
    /// Non-empty: a row without a usable id is left out of its page.
    #[serde(deserialize_with = "field::usable_id")]
    pub id: String,
    #[serde(default)]
    pub idempotency_key: Field<String>,
    /// Naive (`2023-09-01T18:25:49`): UTC.
    #[serde(default)]
    pub inserted_at: Field<Timestamp>,
    #[serde(default)]
    pub name: Field<String>,
    #[serde(default)]
    pub description: Field<String>,
    #[serde(default)]
    pub user_id: Field<String>,
    /// Set for recurring jobs.
    #[serde(default)]
    pub schedule_id: Field<String>,
    #[serde(default)]
    pub job_id: Field<i64>,
    #[serde(default)]
    pub job: Field<ObanJob>,
    #[serde(default)]
    pub args: Field<HttpArgs>,
}

/// The Oban row behind a scheduled job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObanJob {
    #[serde(default)]
    pub id: Field<i64>,
    #[serde(default)]
    pub state: Field<ObanState>,
    #[serde(default)]
    pub inserted_at: Field<Timestamp>,
    #[serde(default)]
    pub scheduled_at: Field<Timestamp>,
    #[serde(default)]
    pub attempted_at: Field<Timestamp>,
    #[serde(default)]
    pub completed_at: Field<Timestamp>,
    #[serde(default)]
    pub cancelled_at: Field<Timestamp>,
    #[serde(default)]
    pub discarded_at: Field<Timestamp>,
    /// Spelt `has_confict` by the API; the correct spelling is accepted too (where both are
    /// sent, the API's own wins: see [`ObanJob`]'s `from_json`).
    #[serde(default, alias = "has_conflict")]
    pub has_confict: Field<bool>,
}

impl FieldValue for ObanJob {
    fn from_json(mut value: Value) -> Result<Self, Value> {
        // Both spellings at once would be a duplicate field to serde and cost the whole row.
        if let Some(map) = value.as_object_mut()
            && map.contains_key("has_confict")
        {
            map.remove("has_conflict");
        }
        field::object(value)
    }
}

/// The HTTP request a job makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpArgs {
    #[serde(default)]
    pub method: Field<String>,
    #[serde(default)]
    pub url: Field<String>,
    #[serde(default)]
    pub headers: Field<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub body: Field<Value>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub query: Field<Value>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub schedule_in: Field<ScheduleIn>,
}

impl FieldValue for HttpArgs {
    fn from_json(value: Value) -> Result<Self, Value> {
        field::object(value)
    }
}

impl ScheduledJob {
    /// The Oban state, when the row has one that reads.
    pub fn state(&self) -> Option<&ObanState> {
        self.job.value().and_then(|oban| oban.state.value())
    }
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

impl FieldValue for ScheduleIn {
    /// Any shape reads (odd ones as [`ScheduleIn::Other`]).
    fn from_json(value: Value) -> Result<Self, Value> {
        Ok(Self::deserialize(&value).unwrap_or(Self::Other(value)))
    }
}

/// `GET /api/jobs`: no cursor, no total; a page shorter than `limit` is the last. As the
/// simulator writes it (reading it fails on a row without a usable id); clients read pages as
/// [`BooperRows`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BooperPage {
    pub data: Vec<ScheduledJob>,
}

/// `GET /api/jobs` as a client reads it: row by row, rows without a usable id left out and
/// counted ([`Rows`]). The rows dropped count toward the page's length for paging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BooperRows {
    pub data: Rows<ScheduledJob>,
}
