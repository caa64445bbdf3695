//! Scripe v1: cursor-paginated jobs, newest first.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// 0..=1.
    #[serde(default)]
    pub progress: f64,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    #[serde(default)]
    pub message: Option<String>,
}

/// A job. Only `id`, `type`, `status` and `createdAt` are always present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub id: String,
    #[serde(rename = "type")]
    pub job_type: JobType,
    pub status: JobStatus,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    #[serde(default)]
    pub completed_at: Option<Timestamp>,
    #[serde(default)]
    pub progress: Option<Progress>,
    /// Shape by type: `{postId}`, `{documentId}`, `{sourceId}`.
    #[serde(default)]
    pub result: Option<serde_json::Value>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub attempt_count: Option<u32>,
    #[serde(default)]
    pub estimated_completion_ms: Option<u64>,
    pub created_at: Timestamp,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub has_more: bool,
}

/// `GET /v1/jobs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobPage {
    pub data: Vec<Job>,
    pub pagination: Pagination,
}

/// `GET /v1/jobs/{id}` and `POST /v1/jobs/{id}/cancel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobEnvelope {
    pub data: Job,
}
