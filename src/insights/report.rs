//! The figures Insights shows, derived from a [`Tally`] whenever it changes (never stored
//! beside it): counts, the chart's bars, failure rates, top error codes, wait and run times,
//! and the jobs that look stuck. A figure an API's data cannot give is `None`, never zero.

use super::Phase;
use super::buckets::Buckets;
use super::stats::Summary;
use super::tally::Tally;
use crate::filters::dates::Offset;

/// Error codes listed, most frequent first.
pub const TOP_ERRORS: usize = 10;
/// A type's p95 is trusted to call a job stuck only when drawn from this many jobs.
pub const MIN_SAMPLES: usize = 20;
/// Stuck: waiting or running more than this many times the type's p95…
pub const STUCK_FACTOR: u64 = 2;
/// …and at least this much longer than it (ms), so short jobs are not flagged for seconds.
pub const STUCK_MARGIN_MS: u64 = 5 * 60_000;

/// The instants the figures are drawn over: the window's start (or, for a range open at its
/// start, the oldest job read) to its end, UTC ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from_ms: i64,
    pub to_ms: i64,
}

/// One bar of the chart: jobs created in it per status (in [`Chart::statuses`]' order).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub start_ms: i64,
    pub end_ms: i64,
    pub counts: Vec<usize>,
    /// Failed ÷ (succeeded + failed) of the bar's jobs; `None` when none has finished.
    pub failure_rate: Option<f64>,
}

impl Bar {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// Jobs created per bar, stacked by status.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The window drawn: the first and last bars reach beyond it, their jobs do not.
    pub span: Span,
    pub buckets: Buckets,
    /// The statuses stacked, as sent, each with its meaning.
    pub statuses: Vec<(String, Phase)>,
    pub bars: Vec<Bar>,
    /// The tallest bar's total (at least 1), for the scale.
    pub peak: usize,
}

/// An error code's share of the failures.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCount {
    /// `""`: failures without a code.
    pub code: String,
    pub count: usize,
    /// Of all failed jobs read, 0–1.
    pub share: f64,
    pub example_id: String,
}

/// Queue wait (`startedAt − createdAt`) and run time (`completedAt − startedAt`) of a type.
#[derive(Debug, Clone, PartialEq)]
pub struct Times {
    /// The type as sent (`""` when unreadable).
    pub job_type: String,
    pub wait: Option<Summary>,
    pub run: Option<Summary>,
}

/// A job waiting or running far longer than its type's p95 (see [`STUCK_FACTOR`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Stuck {
    pub id: String,
    pub job_type: Option<String>,
    pub phase: Phase,
    /// How long it has waited or run so far (ms).
    pub for_ms: u64,
    /// The type's p95 it is measured against (ms).
    pub p95_ms: u64,
}

/// Everything the Insights page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub jobs: usize,
    /// Jobs per status as sent, most first.
    pub statuses: Vec<(String, usize)>,
    pub types: Option<Vec<(String, usize)>>,
    pub chart: Chart,
    pub errors: Option<Vec<ErrorCount>>,
    pub times: Option<Vec<Times>>,
    /// Longest first.
    pub stuck: Option<Vec<Stuck>>,
    /// The queued job created first, and when (UTC ms).
    pub oldest_queued: Option<(String, i64)>,
}

impl Tally {
    /// The figures over `span` in `zone`, as of `now_ms` (the time of the read: how long a job
    /// has waited or run is measured to it).
    pub fn report(&self, span: Span, zone: &impl Offset, now_ms: i64) -> Report {
        let times = self.fields.times.then(|| self.times());
        Report {
            jobs: self.jobs(),
            statuses: most_first(self.statuses.iter()),
            types: self.fields.types.then(|| most_first(self.types.iter())),
            chart: self.chart(span, zone),
            errors: self.fields.errors.then(|| self.top_errors()),
            stuck: times.as_ref().map(|times| self.stuck(times, now_ms)),
            oldest_queued: self
                .open
                .iter()
                .filter(|job| job.phase == Phase::Queued)
                .min_by_key(|job| (job.since_ms, job.id.as_str()))
                .map(|job| (job.id.clone(), job.since_ms)),
            times,
        }
    }

    /// How far back in `span` the walk has read, 0–1 (1 once it reached the start).
    pub fn reach(&self, span: Span) -> f64 {
        let Some(oldest) = self.oldest_ms else {
            return 0.0;
        };
        let whole = (span.to_ms - span.from_ms).max(1) as f64;
        ((span.to_ms - oldest) as f64 / whole).clamp(0.0, 1.0)
    }

    fn chart(&self, span: Span, zone: &impl Offset) -> Chart {
        let buckets = Buckets::new(span.from_ms, span.to_ms, zone);
        let width = self.status_names.len();
        let mut counts = vec![vec![0usize; width]; buckets.len()];
        for (created, status) in &self.points {
            if let Some(bar) = buckets.index_of(*created) {
                counts[bar][*status] += 1;
            }
        }
        let bars: Vec<Bar> = counts
            .into_iter()
            .enumerate()
            .map(|(index, counts)| {
                let (start_ms, end_ms) = buckets.bar(index).unwrap_or_default();
                let of = |phase| {
                    counts
                        .iter()
                        .zip(&self.phases)
                        .filter(|(_, p)| **p == phase)
                        .map(|(n, _)| *n)
                        .sum::<usize>()
                };
                let failed = of(Phase::Failed);
                let finished = failed + of(Phase::Succeeded);
                Bar {
                    start_ms,
                    end_ms,
                    failure_rate: (finished > 0).then(|| failed as f64 / finished as f64),
                    counts,
                }
            })
            .collect();
        Chart {
            span,
            peak: bars.iter().map(Bar::total).max().unwrap_or(0).max(1),
            statuses: self
                .status_names
                .iter()
                .cloned()
                .zip(self.phases.iter().copied())
                .collect(),
            buckets,
            bars,
        }
    }

    fn top_errors(&self) -> Vec<ErrorCount> {
        let failures = self.failures().max(1) as f64;
        let mut errors: Vec<ErrorCount> = self
            .errors
            .iter()
            .map(|(code, tally)| ErrorCount {
                code: code.clone(),
                count: tally.count,
                share: tally.count as f64 / failures,
                example_id: tally.example_id.clone(),
            })
            .collect();
        errors.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
        errors.truncate(TOP_ERRORS);
        errors
    }

    fn times(&self) -> Vec<Times> {
        let mut types: Vec<&String> = self.waits.keys().chain(self.runs.keys()).collect();
        types.sort();
        types.dedup();
        types
            .into_iter()
            .map(|job_type| Times {
                job_type: job_type.clone(),
                wait: summary(self.waits.get(job_type)),
                run: summary(self.runs.get(job_type)),
            })
            .collect()
    }

    fn stuck(&self, times: &[Times], now_ms: i64) -> Vec<Stuck> {
        let mut stuck: Vec<Stuck> = self
            .open
            .iter()
            .filter_map(|job| {
                let of_type = times
                    .iter()
                    .find(|t| Some(t.job_type.as_str()) == job.job_type.as_deref())?;
                let usual = match job.phase {
                    Phase::Queued => of_type.wait,
                    _ => of_type.run,
                }
                .filter(|summary| summary.count >= MIN_SAMPLES)?;
                let for_ms = u64::try_from(now_ms.checked_sub(job.since_ms)?).ok()?;
                let limit = (usual.p95_ms.saturating_mul(STUCK_FACTOR))
                    .max(usual.p95_ms.saturating_add(STUCK_MARGIN_MS));
                (for_ms > limit).then(|| Stuck {
                    id: job.id.clone(),
                    job_type: job.job_type.clone(),
                    phase: job.phase,
                    for_ms,
                    p95_ms: usual.p95_ms,
                })
            })
            .collect();
        stuck.sort_by(|a, b| b.for_ms.cmp(&a.for_ms).then_with(|| a.id.cmp(&b.id)));
        stuck
    }
}

fn summary(values: Option<&Vec<u64>>) -> Option<Summary> {
    Summary::of(&mut values?.clone())
}

fn most_first<'a>(counts: impl Iterator<Item = (&'a String, &'a usize)>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = counts.map(|(k, n)| (k.clone(), *n)).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}
