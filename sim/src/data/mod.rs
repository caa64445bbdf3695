//! The simulated jobs. Each Scripe job follows a [`Plan`] fixed when it is created (when it
//! starts, when it ends and how), so its state at any instant is a pure function of the plan
//! and the clock: the live engine and the control API's clock advance just re-derive it.

pub mod booper;
pub mod generate;
pub mod store;
pub mod text;

use chrono::{DateTime, Duration, Utc};
use jobscope_wire::scripe::{Job, JobStatus, JobType, Progress};
use jobscope_wire::{Field, Fraction, Timestamp};
use serde_json::Value;

/// Progress is kept for one hour after a job ends (the API's cache), then reads `null`.
pub const PROGRESS_TTL_SECS: i64 = 3600;

/// How a job ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done {
        result: Value,
    },
    Failed {
        code: String,
        message: String,
    },
    /// Cancelled while queued, at this instant.
    Cancelled {
        at: DateTime<Utc>,
    },
    /// Hangs at this instant (between start and planned finish) and stays `RUNNING`, its
    /// progress frozen there: a stuck worker.
    Stuck {
        at: DateTime<Utc>,
    },
}

/// Everything about a job that does not depend on time.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: String,
    pub job_type: JobType,
    pub project_id: String,
    /// Whole seconds, like the API's `createdAt`.
    pub created: DateTime<Utc>,
    pub starts: DateTime<Utc>,
    pub finishes: DateTime<Utc>,
    pub outcome: Outcome,
    pub attempts: u32,
    /// Progress messages, one per stage of the run.
    pub stages: Vec<String>,
}

impl Plan {
    /// The status at `now`.
    pub fn status_at(&self, now: DateTime<Utc>) -> JobStatus {
        match &self.outcome {
            Outcome::Cancelled { at } if now >= *at => JobStatus::Cancelled,
            _ if now < self.starts => JobStatus::Queued,
            Outcome::Stuck { .. } => JobStatus::Running,
            _ if now < self.finishes => JobStatus::Running,
            Outcome::Failed { .. } => JobStatus::Failed,
            _ => JobStatus::Done,
        }
    }

    /// The next instant at which this job's JSON changes on its own, if any.
    pub fn next_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.status_at(now) {
            JobStatus::Queued => Some(self.starts),
            // A hung job no longer changes.
            JobStatus::Running => match self.outcome {
                Outcome::Stuck { at } if now >= at => None,
                Outcome::Stuck { at } => Some(at.min(now)),
                // Progress moves continuously: re-derive on every tick.
                _ => Some(now),
            },
            JobStatus::Done | JobStatus::Failed => {
                let expiry = self.finishes + Duration::seconds(PROGRESS_TTL_SECS);
                (now < expiry).then_some(expiry)
            }
            _ => None,
        }
    }

    /// The job as the API shows it at `now`.
    pub fn job_at(&self, now: DateTime<Utc>) -> Job {
        let status = self.status_at(now);
        let run_ms = (self.finishes - self.starts).num_milliseconds().max(1);
        let fraction = |at: DateTime<Utc>| {
            ((at - self.starts).num_milliseconds() as f64 / run_ms as f64).clamp(0.0, 1.0)
        };
        let stage = |fraction: f64| {
            let last = self.stages.len().saturating_sub(1);
            let index = ((fraction * self.stages.len() as f64) as usize).min(last);
            self.stages.get(index).cloned()
        };
        let fresh = now - self.finishes < Duration::seconds(PROGRESS_TTL_SECS);
        let mut job = Job {
            job_type: self.job_type.clone().into(),
            project_id: self.project_id.clone().into(),
            attempt_count: 0.into(),
            created_at: Timestamp::utc(self.created).into(),
            updated_at: Timestamp::utc(self.created).into(),
            ..Job::new(self.id.clone(), status.clone())
        };
        match status {
            JobStatus::Queued => {
                job.estimated_completion_ms = ms_until(now, self.finishes).into();
            }
            JobStatus::Running => {
                // A hung job shows what it showed when it hung, and no estimate.
                let (now, estimate) = match self.outcome {
                    Outcome::Stuck { at } if now >= at => (at, false),
                    _ => (now, true),
                };
                let done = fraction(now);
                job.started_at = Timestamp::utc(self.starts).into();
                job.attempt_count = self.attempts.into();
                if estimate {
                    job.estimated_completion_ms = ms_until(now, self.finishes).into();
                }
                job.progress = Field::Value(Progress {
                    progress: Fraction::new((done * 1000.0).round() / 1000.0).into(),
                    updated_at: Timestamp::utc(now).into(),
                    message: stage(done).into(),
                });
                job.updated_at = Timestamp::utc(now).into();
            }
            JobStatus::Done | JobStatus::Failed => {
                job.started_at = Timestamp::utc(self.starts).into();
                job.completed_at = Timestamp::utc(self.finishes).into();
                job.attempt_count = self.attempts.into();
                job.updated_at = Timestamp::utc(self.finishes).into();
                match &self.outcome {
                    Outcome::Done { result } => {
                        job.result = result.clone().into();
                        job.progress = fresh
                            .then(|| Progress {
                                progress: Fraction::new(1.0).into(),
                                updated_at: Timestamp::utc(self.finishes).into(),
                                message: "Done".to_owned().into(),
                            })
                            .into();
                    }
                    Outcome::Failed { code, message } => {
                        job.error_code = code.clone().into();
                        job.error_message = message.clone().into();
                        // A failure stops part-way; the bar shows where.
                        let at = 0.2 + 0.6 * ((self.finishes.timestamp() % 7) as f64 / 7.0);
                        job.progress = fresh
                            .then(|| Progress {
                                progress: Fraction::new((at * 1000.0).round() / 1000.0).into(),
                                updated_at: Timestamp::utc(self.finishes).into(),
                                message: stage(at).into(),
                            })
                            .into();
                    }
                    Outcome::Cancelled { .. } | Outcome::Stuck { .. } => {}
                }
            }
            JobStatus::Cancelled => {
                if let Outcome::Cancelled { at } = &self.outcome {
                    job.updated_at = Timestamp::utc(*at).into();
                }
            }
            JobStatus::Other(_) => {}
        }
        job
    }
}

fn ms_until(now: DateTime<Utc>, then: DateTime<Utc>) -> u64 {
    u64::try_from((then - now).num_milliseconds()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn plan(outcome: Outcome) -> Plan {
        let created = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        Plan {
            id: "job_test".into(),
            job_type: JobType::KbIngestUrl,
            project_id: "proj_test".into(),
            created,
            starts: created + Duration::seconds(10),
            finishes: created + Duration::seconds(110),
            outcome,
            attempts: 1,
            stages: vec!["Fetching".into(), "Parsing".into(), "Indexing".into()],
        }
    }

    #[test]
    fn a_job_goes_queued_running_done_and_progress_expires() {
        let plan = plan(Outcome::Done {
            result: serde_json::json!({"documentId": "doc_1"}),
        });
        let at = |secs| plan.created + Duration::seconds(secs);

        let queued = plan.job_at(at(5));
        assert_eq!(queued.status, JobStatus::Queued);
        assert!(queued.progress.is_absent() && queued.started_at.is_absent());
        assert_eq!(queued.estimated_completion_ms, 105_000);

        let running = plan.job_at(at(60));
        assert_eq!(running.status, JobStatus::Running);
        let progress = running.progress.into_value().unwrap();
        assert_eq!(progress.progress, Fraction::new(0.5).unwrap());
        assert_eq!(progress.message.as_deref(), Some("Parsing"));
        assert_eq!(running.estimated_completion_ms, 50_000);

        let done = plan.job_at(at(200));
        assert_eq!(done.status, JobStatus::Done);
        assert_eq!(done.result.value().unwrap()["documentId"], "doc_1");
        assert_eq!(
            done.progress.into_value().unwrap().progress,
            Fraction::new(1.0).unwrap()
        );
        assert_eq!(
            done.completed_at.into_value().unwrap().as_str(),
            "2026-11-01T12:01:50Z"
        );

        let later = plan.job_at(at(110 + PROGRESS_TTL_SECS));
        assert!(later.progress.is_absent(), "progress lives one hour");
        assert_eq!(plan.next_change(at(200)), Some(at(110 + PROGRESS_TTL_SECS)));
        assert_eq!(plan.next_change(at(110 + PROGRESS_TTL_SECS)), None);
    }

    #[test]
    fn a_stuck_job_stays_running_with_its_progress_frozen() {
        let mut stuck = plan(Outcome::Done {
            result: Value::Null,
        });
        let at = stuck.created + Duration::seconds(40);
        stuck.outcome = Outcome::Stuck { at };
        let later = at + Duration::days(30);
        assert_eq!(stuck.status_at(later), JobStatus::Running);
        let job = stuck.job_at(later);
        let progress = job.progress.into_value().unwrap();
        assert_eq!(progress.progress, Fraction::new(0.3).unwrap());
        assert_eq!(progress.updated_at.value(), Some(&Timestamp::utc(at)));
        assert_eq!(job.updated_at.value(), Some(&Timestamp::utc(at)));
        assert!(job.estimated_completion_ms.is_absent());
        assert_eq!(stuck.next_change(later), None, "nothing left to re-derive");
        assert_eq!(
            stuck.next_change(at - Duration::seconds(5)),
            Some(at - Duration::seconds(5))
        );
    }

    #[test]
    fn failures_carry_code_and_message_and_cancels_stop_the_plan() {
        let failed = plan(Outcome::Failed {
            code: "SOURCE_UNREACHABLE".into(),
            message: "404".into(),
        })
        .job_at(Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap());
        assert_eq!(failed.status, JobStatus::Failed);
        assert_eq!(failed.error_code.as_deref(), Some("SOURCE_UNREACHABLE"));
        assert!(failed.result.is_absent());

        let mut cancelled = plan(Outcome::Done {
            result: Value::Null,
        });
        let at = cancelled.created + Duration::seconds(3);
        cancelled.outcome = Outcome::Cancelled { at };
        assert_eq!(
            cancelled.status_at(at - Duration::seconds(1)),
            JobStatus::Queued
        );
        assert_eq!(
            cancelled.status_at(at + Duration::hours(1)),
            JobStatus::Cancelled
        );
        assert_eq!(cancelled.next_change(at), None);
    }
}
