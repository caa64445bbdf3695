//! What Insights keeps of each job read: as little as the figures need (no row is kept: an id
//! while the walk runs, a creation time and status, durations), about 100 bytes a job. Each
//! job counts once, however often a retried or restarted walk reads it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::stats::span_ms;
use super::{Phase, Sample};

/// What an API's jobs can tell beyond a status and a creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fields {
    /// Jobs have a type (Scripe).
    pub types: bool,
    /// Failures carry an error code (Scripe).
    pub errors: bool,
    /// Jobs say when they started and completed (Scripe), for wait and run times.
    pub times: bool,
}

impl Fields {
    /// Scripe: every figure.
    pub const ALL: Self = Self {
        types: true,
        errors: true,
        times: true,
    };
    /// Booper: states and creation times only.
    pub const STATES_ONLY: Self = Self {
        types: false,
        errors: false,
        times: false,
    };
}

/// The default cap on jobs read: enough for a clear picture, few enough that the walk ends in
/// about a minute at Scripe's rate limit.
pub const DEFAULT_CAP: usize = 20_000;

/// What became of a job handed to [`Tally::add`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Counted,
    /// Already counted (a page read again after a restart).
    Duplicate,
    /// The cap is reached: the job is not counted, and the walk should end.
    Full,
}

/// A job still waiting or running, kept to find the ones that look stuck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenJob {
    pub id: String,
    pub job_type: Option<String>,
    pub phase: Phase,
    /// Since when it waits (`createdAt`) or runs (`startedAt`), UTC ms.
    pub since_ms: i64,
}

/// An error code's failures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorTally {
    pub count: usize,
    /// The newest failed job with this code (pages come newest first).
    pub example_id: String,
}

/// The running totals of a walk over a window's jobs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tally {
    pub fields: Fields,
    cap: usize,
    /// Ids counted, while the walk may still meet them again; emptied by
    /// [`Tally::forget_ids`] once it has ended.
    ids: HashSet<String>,
    jobs: usize,
    /// Jobs per status as sent (unknown statuses too; `""` when unreadable).
    pub statuses: BTreeMap<String, usize>,
    /// Jobs per type as sent (`""` when unreadable); empty unless [`Fields::types`].
    pub types: BTreeMap<String, usize>,
    /// Each counted job's creation time and index into [`Tally::status_names`]; jobs
    /// without a readable creation time are in the counts but not on the chart.
    pub points: Vec<(i64, usize)>,
    pub status_names: Vec<String>,
    pub phases: Vec<Phase>,
    /// Failures by error code (`""` for a failure without one).
    pub errors: HashMap<String, ErrorTally>,
    /// Queue waits and run times in ms, by type.
    pub waits: HashMap<String, Vec<u64>>,
    pub runs: HashMap<String, Vec<u64>>,
    pub open: Vec<OpenJob>,
    /// The oldest creation time read so far: how far back the walk has got.
    pub oldest_ms: Option<i64>,
}

impl Tally {
    /// An empty tally for an API offering `fields`, counting at most `cap` jobs.
    pub fn new(fields: Fields, cap: usize) -> Self {
        Self {
            fields,
            cap: cap.max(1),
            ..Self::default()
        }
    }

    /// Jobs counted.
    pub fn jobs(&self) -> usize {
        self.jobs
    }

    /// The walk has ended: the ids are no longer needed (a kept result holds only figures).
    pub fn forget_ids(&mut self) {
        self.ids = HashSet::new();
    }

    /// The cap this tally was made with.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Failed jobs counted (each is under one error code).
    pub fn failures(&self) -> usize {
        self.errors.values().map(|errors| errors.count).sum()
    }

    /// The cap is reached: the figures are the newest [`Tally::cap`] jobs of the window.
    pub fn is_full(&self) -> bool {
        self.jobs() >= self.cap
    }

    /// Counts one job, unless it was counted already or the cap is reached.
    pub fn add(&mut self, sample: &Sample<'_>) -> Added {
        if self.ids.contains(sample.id) {
            return Added::Duplicate;
        }
        if self.is_full() {
            return Added::Full;
        }
        self.ids.insert(sample.id.to_owned());
        self.jobs += 1;
        let status = sample.status.unwrap_or_default();
        *self.statuses.entry(status.to_owned()).or_default() += 1;
        if let Some(created) = sample.created_ms {
            let index = self.status_index(status, sample.phase);
            self.points.push((created, index));
            self.oldest_ms = Some(self.oldest_ms.map_or(created, |oldest| oldest.min(created)));
        }
        let job_type = sample.job_type.unwrap_or_default();
        if self.fields.types {
            *self.types.entry(job_type.to_owned()).or_default() += 1;
        }
        if self.fields.errors && sample.phase == Phase::Failed {
            let code = sample.error_code.unwrap_or_default();
            let entry = self.errors.entry(code.to_owned()).or_default();
            if entry.count == 0 {
                entry.example_id = sample.id.to_owned();
            }
            entry.count += 1;
        }
        if self.fields.times {
            self.add_times(sample, job_type);
        }
        Added::Counted
    }

    fn add_times(&mut self, sample: &Sample<'_>, job_type: &str) {
        if let Some(wait) = span_ms(sample.created_ms, sample.started_ms) {
            push(&mut self.waits, job_type, wait);
        }
        if matches!(sample.phase, Phase::Succeeded | Phase::Failed)
            && let Some(run) = span_ms(sample.started_ms, sample.completed_ms)
        {
            push(&mut self.runs, job_type, run);
        }
        let since = match sample.phase {
            Phase::Queued => sample.created_ms,
            Phase::Running => sample.started_ms,
            _ => None,
        };
        if let Some(since_ms) = since {
            self.open.push(OpenJob {
                id: sample.id.to_owned(),
                job_type: sample.job_type.map(str::to_owned),
                phase: sample.phase,
                since_ms,
            });
        }
    }

    fn status_index(&mut self, status: &str, phase: Phase) -> usize {
        if let Some(index) = self.status_names.iter().position(|name| name == status) {
            return index;
        }
        self.status_names.push(status.to_owned());
        self.phases.push(phase);
        self.status_names.len() - 1
    }
}

fn push(map: &mut HashMap<String, Vec<u64>>, key: &str, value: u64) {
    match map.get_mut(key) {
        Some(values) => values.push(value),
        None => {
            map.insert(key.to_owned(), vec![value]);
        }
    }
}
