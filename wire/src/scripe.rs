//! Scripe v1: cursor-paginated jobs, newest first.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Timestamp;
use crate::field::{self, Field, FieldValue, Fraction, Rows};

/// The version this build speaks (`Scripe-Api-Version`).
pub const CURRENT_VERSION: &str = "2026-08-01";
pub const VERSION_HEADER: &str = "Scripe-Api-Version";
/// `<version>; sunset=<date>; replacement=<version>` on responses to a deprecated version.
pub const DEPRECATION_HEADER: &str = "Scripe-Deprecation";
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// Query parameter names of `GET /v1/jobs`.
pub mod params {
    pub const CURSOR: &str = "cursor";
    pub const LIMIT: &str = "limit";
    pub const STATUS: &str = "status";
    pub const TYPE: &str = "type";
    pub const DATE_FROM: &str = "dateFrom";
    pub const DATE_TO: &str = "dateTo";
}

wire_enum! {
    /// `QUEUED` → `RUNNING` → `DONE` | `FAILED`; `QUEUED` → `CANCELLED`.
    JobStatus {
        Queued = "QUEUED",
        Running = "RUNNING",
        Done = "DONE",
        Failed = "FAILED",
        Cancelled = "CANCELLED",
    }
}

impl JobStatus {
    /// Still changing: worth polling.
    pub fn is_active(&self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }
}

wire_enum! {
    /// What a job does.
    JobType {
        PostGeneration = "POST_GENERATION",
        KbIngestText = "KB_INGEST_TEXT",
        KbIngestFile = "KB_INGEST_FILE",
        KbIngestUrl = "KB_INGEST_URL",
        KbIngestYoutube = "KB_INGEST_YOUTUBE",
        SourceIngestFile = "SOURCE_INGEST_FILE",
    }
}

/// Progress of a running (or recently finished) job; kept by the API for one hour.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// 0..=1; a number outside that range is invalid.
    #[serde(default)]
    pub progress: Field<Fraction>,
    #[serde(default)]
    pub updated_at: Field<Timestamp>,
    #[serde(default)]
    pub message: Field<String>,
}

impl FieldValue for Progress {
    fn from_json(value: Value) -> Result<Self, Value> {
        field::object(value)
    }
}

/// A job. The API always sends `id`, `type`, `status` and `createdAt`; every field but the
/// id is still read on its own ([`Field`]): a job whose other fields are odd keeps its row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// Non-empty: a row without a usable id is left out of its page.
    #[serde(deserialize_with = "field::usable_id")]
    pub id: String,
    #[serde(rename = "type", default)]
    pub job_type: Field<JobType>,
    #[serde(default)]
    pub status: Field<JobStatus>,
    #[serde(default)]
    pub project_id: Field<String>,
    #[serde(default)]
    pub started_at: Field<Timestamp>,
    #[serde(default)]
    pub completed_at: Field<Timestamp>,
    #[serde(default)]
    pub progress: Field<Progress>,
    /// Shape by type: `{postId}`, `{documentId}`, `{sourceId}`.
    #[serde(default)]
    pub result: Field<Value>,
    #[serde(default)]
    pub error_code: Field<String>,
    #[serde(default)]
    pub error_message: Field<String>,
    /// How many times the job ran: a whole number, 0 or more.
    #[serde(default)]
    pub attempt_count: Field<u32>,
    /// Milliseconds, 0 or more.
    #[serde(default)]
    pub estimated_completion_ms: Field<u64>,
    #[serde(default)]
    pub created_at: Field<Timestamp>,
    #[serde(default)]
    pub updated_at: Field<Timestamp>,
    /// Not on the wire: this copy had long values cut for the list ([`Job::shorten`]); read
    /// the job again for all of it.
    #[serde(skip)]
    pub shortened: bool,
}

impl Job {
    /// A job with only its id and status set (the rest not set), to build on.
    pub fn new(id: impl Into<String>, status: JobStatus) -> Self {
        Self {
            id: id.into(),
            job_type: Field::Absent,
            status: Field::Value(status),
            project_id: Field::Absent,
            started_at: Field::Absent,
            completed_at: Field::Absent,
            progress: Field::Absent,
            result: Field::Absent,
            error_code: Field::Absent,
            error_message: Field::Absent,
            attempt_count: Field::Absent,
            estimated_completion_ms: Field::Absent,
            created_at: Field::Absent,
            updated_at: Field::Absent,
            shortened: false,
        }
    }

    /// Still changing (queued or running); an unknown status is not.
    pub fn is_active(&self) -> bool {
        self.status.value().is_some_and(JobStatus::is_active)
    }

    /// Cuts the free text (error, progress message, result, odd values) to what a list row
    /// shows, `max` characters each, and marks the copy [`Job::shortened`] when anything was
    /// cut: a list of thousands of jobs with long errors then holds only what it shows.
    pub fn shorten(&mut self, max: usize) {
        let mut cut = false;
        cut |= field::shorten_text(&mut self.error_message, max);
        cut |= field::shorten_text(&mut self.error_code, max);
        cut |= field::shorten_text(&mut self.project_id, max);
        match &mut self.progress {
            Field::Value(progress) => {
                cut |= field::shorten_text(&mut progress.message, max);
                cut |= field::shorten_invalid(&mut progress.progress, max);
                cut |= field::shorten_invalid(&mut progress.updated_at, max);
            }
            other => cut |= field::shorten_invalid(other, max),
        }
        // A row does not show the result: a big one is left for the drawer and exports.
        // (Any JSON is a result: it is never invalid.)
        if let Field::Value(result) = &mut self.result
            && field::shorten_value(result, max)
        {
            self.result = Field::Absent;
            cut = true;
        }
        cut |= field::shorten_invalid(&mut self.job_type, max);
        cut |= field::shorten_invalid(&mut self.status, max);
        cut |= field::shorten_invalid(&mut self.started_at, max);
        cut |= field::shorten_invalid(&mut self.completed_at, max);
        cut |= field::shorten_invalid(&mut self.attempt_count, max);
        cut |= field::shorten_invalid(&mut self.estimated_completion_ms, max);
        cut |= field::shorten_invalid(&mut self.created_at, max);
        cut |= field::shorten_invalid(&mut self.updated_at, max);
        self.shortened |= cut;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub has_more: bool,
}

/// `GET /v1/jobs`, as the simulator writes it; reading it fails on a row without a usable id
/// (the simulator's own tests want that). Clients read pages as [`JobRows`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobPage {
    pub data: Vec<Job>,
    pub pagination: Pagination,
}

/// `GET /v1/jobs` as a client reads it: row by row, rows without a usable id left out and
/// counted ([`Rows`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRows {
    pub data: Rows<Job>,
    pub pagination: Pagination,
}

/// `GET /v1/jobs/{id}` and `POST /v1/jobs/{id}/cancel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobEnvelope {
    pub data: Job,
}
