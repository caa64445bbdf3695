//! Insights: counts, a chart over time, failures and wait times, computed by reading every
//! job of a window, since neither API has a count or metrics endpoint. Plain Rust with no
//! browser in it (tested natively); the page that walks the pages and draws the figures is a
//! chunk of its own.
//!
//! A row becomes a [`Sample`] (what the figures need of it), a [`Tally`] counts samples once
//! each, and [`Tally::report`] derives the figures for a [`Span`] of time.

pub mod buckets;
pub mod links;
pub mod report;
pub mod stats;
pub mod tally;
pub mod window;

#[cfg(test)]
mod tests;

use jobscope_wire::booper::{ObanState, ScheduledJob};
use jobscope_wire::scripe::{Job, JobStatus};

pub use buckets::{Buckets, Step};
pub use report::{Report, Span};
pub use stats::Summary;
pub use tally::{Added, DEFAULT_CAP, Fields, Tally};
pub use window::Window;

use crate::api::backend::Row;

/// What a status means for the figures, whichever API named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Waiting to run (Scripe `QUEUED`; Oban `available`, `scheduled`, `retryable`).
    Queued,
    /// Scripe `RUNNING`, Oban `executing`.
    Running,
    /// Scripe `DONE`, Oban `completed`.
    Succeeded,
    /// Scripe `FAILED`, Oban `discarded` (out of attempts).
    Failed,
    Cancelled,
    /// A status this build does not know, or none.
    #[default]
    Other,
}

/// One job as Insights counts it. What an API does not send, or a row could not be read
/// for, is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sample<'a> {
    pub id: &'a str,
    /// As sent (`FAILED`, `completed`).
    pub status: Option<&'a str>,
    pub phase: Phase,
    pub job_type: Option<&'a str>,
    /// UTC ms.
    pub created_ms: Option<i64>,
    pub started_ms: Option<i64>,
    pub completed_ms: Option<i64>,
    pub error_code: Option<&'a str>,
}

impl<'a> Sample<'a> {
    /// What the figures need of a list row.
    pub fn of(row: &'a Row) -> Self {
        match row {
            Row::Scripe(job) => Self::of_scripe(job),
            Row::Booper(job) => Self::of_booper(job),
        }
    }

    fn of_scripe(job: &'a Job) -> Self {
        let status = job.status.value();
        let at = |field: &jobscope_wire::Field<jobscope_wire::Timestamp>| {
            field.value().and_then(|at| at.epoch_ms())
        };
        Self {
            id: &job.id,
            status: status.map(JobStatus::as_str),
            phase: match status {
                Some(JobStatus::Queued) => Phase::Queued,
                Some(JobStatus::Running) => Phase::Running,
                Some(JobStatus::Done) => Phase::Succeeded,
                Some(JobStatus::Failed) => Phase::Failed,
                Some(JobStatus::Cancelled) => Phase::Cancelled,
                Some(JobStatus::Other(_)) | None => Phase::Other,
            },
            job_type: job.job_type.value().map(|t| t.as_str()),
            created_ms: at(&job.created_at),
            started_ms: at(&job.started_at),
            completed_ms: at(&job.completed_at),
            error_code: job.error_code.as_deref(),
        }
    }

    fn of_booper(job: &'a ScheduledJob) -> Self {
        let state = job.state();
        Self {
            id: &job.id,
            status: state.map(ObanState::as_str),
            phase: match state {
                Some(ObanState::Available | ObanState::Scheduled | ObanState::Retryable) => {
                    Phase::Queued
                }
                Some(ObanState::Executing) => Phase::Running,
                Some(ObanState::Completed) => Phase::Succeeded,
                Some(ObanState::Discarded) => Phase::Failed,
                Some(ObanState::Cancelled) => Phase::Cancelled,
                Some(ObanState::Other(_)) | None => Phase::Other,
            },
            created_ms: job.inserted_at.value().and_then(|at| at.epoch_ms()),
            ..Self::default()
        }
    }
}

/// Where a walk stands, also the page's `data-insights-state` hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsightsState {
    /// Reading pages; the figures so far are shown.
    Loading,
    /// Every job of the window was read.
    Done,
    /// The cap was reached: the figures are the newest jobs of the window.
    Capped,
    /// The user stopped the walk: the figures are the jobs read until then.
    Stopped,
    /// A failure ended the walk: the figures are the jobs read until then.
    Error,
}

impl InsightsState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loading => "loading",
            Self::Done => "done",
            Self::Capped => "capped",
            Self::Stopped => "stopped",
            Self::Error => "error",
        }
    }
}
