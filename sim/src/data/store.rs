//! The Scripe job store, ordered as the API lists: `(createdAt DESC, id DESC)`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

use chrono::{DateTime, Utc};
use jobscope_wire::scripe::{Job, JobStatus, JobType};

use super::{Outcome, Plan};

/// A job's place in the list order: `(createdAt in whole seconds, id)`, compared descending.
pub type Key = (i64, String);

/// Which jobs a list request wants; empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub statuses: Vec<JobStatus>,
    pub types: Vec<JobType>,
    /// Inclusive bounds on `createdAt`, in whole seconds.
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl ListFilter {
    pub fn matches(&self, job: &Job) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&status(job)))
            && (self.types.is_empty()
                || job.job_type.value().is_some_and(|t| self.types.contains(t)))
    }
}

/// A simulated job's status (the simulator always sets one).
fn status(job: &Job) -> JobStatus {
    job.status
        .value()
        .cloned()
        .unwrap_or_else(|| JobStatus::Other(String::new()))
}

/// One page of a list: the jobs, and whether more follow the last one.
pub struct Page<'a> {
    pub jobs: Vec<&'a Job>,
    pub has_more: bool,
}

/// Why a cancel was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancelError {
    NotFound,
    NotCancellable(JobStatus),
}

struct Entry {
    plan: Plan,
    /// The plan derived at the store's `now`, ready to serve.
    job: Job,
}

pub struct Store {
    entries: BTreeMap<Key, Entry>,
    /// The keys of each status, so a filter on a rare status reads only its jobs.
    by_status: HashMap<JobStatus, BTreeSet<Key>>,
    created_by_id: HashMap<String, i64>,
    /// When each changing job next needs re-deriving.
    pending: BTreeSet<(DateTime<Utc>, Key)>,
    now: DateTime<Utc>,
}

impl Store {
    pub fn new(plans: Vec<Plan>, now: DateTime<Utc>) -> Self {
        let mut store = Self {
            entries: BTreeMap::new(),
            by_status: HashMap::new(),
            created_by_id: HashMap::with_capacity(plans.len()),
            pending: BTreeSet::new(),
            now,
        };
        for plan in plans {
            store.insert(plan);
        }
        store
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Whether a job with this id exists.
    pub fn contains(&self, id: &str) -> bool {
        self.created_by_id.contains_key(id)
    }

    /// Adds a job (its id must be new) and returns it as served now.
    pub fn insert(&mut self, plan: Plan) -> Job {
        let key = (plan.created.timestamp(), plan.id.clone());
        let job = plan.job_at(self.now);
        if let Some(next) = plan.next_change(self.now) {
            self.pending.insert((next, key.clone()));
        }
        self.created_by_id.insert(plan.id.clone(), key.0);
        self.by_status
            .entry(status(&job))
            .or_default()
            .insert(key.clone());
        self.entries.insert(
            key,
            Entry {
                plan,
                job: job.clone(),
            },
        );
        job
    }

    /// Keeps the status index in step when a job's status changes.
    fn reindex(&mut self, key: &Key, from: &JobStatus, to: &JobStatus) {
        if from != to {
            if let Some(keys) = self.by_status.get_mut(from) {
                keys.remove(key);
            }
            self.by_status
                .entry(to.clone())
                .or_default()
                .insert(key.clone());
        }
    }

    /// Moves the store to `now`: jobs start, progress, finish, and lose their progress an hour
    /// later, each when its plan says.
    pub fn advance(&mut self, now: DateTime<Utc>) {
        if now <= self.now {
            return;
        }
        self.now = now;
        let later = self.pending.split_off(&(now, (i64::MAX, String::new())));
        let due = std::mem::replace(&mut self.pending, later);
        for (_, key) in due {
            let Some(entry) = self.entries.get_mut(&key) else {
                continue;
            };
            let job = entry.plan.job_at(now);
            let before = std::mem::replace(&mut entry.job, job);
            let after = status(&entry.job);
            if let Some(next) = entry.plan.next_change(now) {
                // A running job is re-derived on every advance.
                self.pending.insert((next.max(now), key.clone()));
            }
            self.reindex(&key, &status(&before), &after);
        }
    }

    pub fn get(&self, id: &str) -> Option<&Job> {
        let created = *self.created_by_id.get(id)?;
        self.entries
            .get(&(created, id.to_owned()))
            .map(|entry| &entry.job)
    }

    /// Cancels a queued job at the store's `now`.
    pub fn cancel(&mut self, id: &str) -> Result<Job, CancelError> {
        let created = *self.created_by_id.get(id).ok_or(CancelError::NotFound)?;
        let key = (created, id.to_owned());
        let now = self.now;
        let entry = self.entries.get_mut(&key).ok_or(CancelError::NotFound)?;
        let status = entry.plan.status_at(now);
        if status != JobStatus::Queued {
            return Err(CancelError::NotCancellable(status));
        }
        entry.plan.outcome = Outcome::Cancelled { at: now };
        entry.job = entry.plan.job_at(now);
        let job = entry.job.clone();
        self.reindex(&key, &status, &self::status(&job));
        Ok(job)
    }

    /// Up to `limit` jobs matching `filter`, in list order, strictly after `after`.
    pub fn list(&self, filter: &ListFilter, after: Option<&Key>, limit: usize) -> Page<'_> {
        let lower = match filter.from {
            Some(from) => Bound::Included((from, String::new())),
            None => Bound::Unbounded,
        };
        let to_bound = filter.to.map(|to| (to.saturating_add(1), String::new()));
        let upper = match (after, to_bound) {
            (Some(after), Some(to)) if &to < after => Bound::Excluded(to),
            (Some(after), _) => Bound::Excluded(after.clone()),
            (None, Some(to)) => Bound::Excluded(to),
            (None, None) => Bound::Unbounded,
        };
        if let (Bound::Included(low) | Bound::Excluded(low), Bound::Excluded(high)) =
            (&lower, &upper)
            && low >= high
        {
            return Page {
                jobs: Vec::new(),
                has_more: false,
            };
        }
        let range = (lower, upper);
        let mut jobs: Vec<&Job> = if filter.statuses.is_empty() {
            self.entries
                .range(range)
                .rev()
                .map(|(_, entry)| &entry.job)
                .filter(|job| filter.matches(job))
                .take(limit + 1)
                .collect()
        } else {
            // Merge the wanted statuses' key sets, newest first.
            let mut wanted: Vec<&JobStatus> = filter.statuses.iter().collect();
            wanted.sort();
            wanted.dedup();
            let mut streams: Vec<_> = wanted
                .into_iter()
                .filter_map(|status| self.by_status.get(status))
                .map(|keys| keys.range(range.clone()).rev().peekable())
                .collect();
            let mut jobs = Vec::new();
            while jobs.len() <= limit {
                let newest = streams
                    .iter_mut()
                    .enumerate()
                    .filter_map(|(index, stream)| stream.peek().map(|key| (*key, index)))
                    .max();
                let Some((_, index)) = newest else { break };
                let Some(key) = streams[index].next() else {
                    break;
                };
                if let Some(entry) = self.entries.get(key)
                    && filter.matches(&entry.job)
                {
                    jobs.push(&entry.job);
                }
            }
            jobs
        };
        let has_more = jobs.len() > limit;
        jobs.truncate(limit);
        Page { jobs, has_more }
    }

    /// The list key of a job this store holds.
    pub fn key_of(&self, job: &Job) -> Option<Key> {
        self.created_by_id
            .get(&job.id)
            .map(|created| (*created, job.id.clone()))
    }

    /// Every job, in list order (tests and the control API's summary).
    pub fn iter(&self) -> impl Iterator<Item = &Job> {
        self.entries.values().rev().map(|entry| &entry.job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::generate::Generator;
    use chrono::{Duration, TimeZone};
    use std::collections::HashSet;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()
    }

    fn store(count: usize) -> Store {
        Store::new(Generator::new(42).history(count, now()), now())
    }

    #[test]
    fn lists_newest_first_with_the_id_breaking_ties() {
        let store = store(3_000);
        let page = store.list(&ListFilter::default(), None, 3_000);
        assert_eq!(page.jobs.len(), 3_000);
        assert!(!page.has_more);
        let keys: Vec<Key> = page.jobs.iter().map(|j| store.key_of(j).unwrap()).collect();
        assert!(keys.windows(2).all(|w| w[0] > w[1]), "strictly descending");
        assert!(
            keys.windows(2).any(|w| w[0].0 == w[1].0),
            "some ties on createdAt"
        );
    }

    #[test]
    fn filters_and_date_bounds_are_inclusive() {
        let store = store(3_000);
        let all: Vec<&Job> = store.iter().collect();
        let pivot = store.key_of(all[500]).unwrap().0;
        let filter = ListFilter {
            statuses: vec![JobStatus::Done, JobStatus::Failed],
            types: vec![JobType::KbIngestUrl],
            from: Some(pivot - 86_400),
            to: Some(pivot),
        };
        let page = store.list(&filter, None, 10_000);
        let expected: Vec<&str> = all
            .iter()
            .filter(|job| {
                let created = store.key_of(job).unwrap().0;
                filter.matches(job) && created >= pivot - 86_400 && created <= pivot
            })
            .map(|job| job.id.as_str())
            .collect();
        let got: Vec<&str> = page.jobs.iter().map(|job| job.id.as_str()).collect();
        assert!(!got.is_empty());
        assert_eq!(got, expected);
        assert!(got.contains(&all[500].id.as_str()) || !filter.matches(all[500]));
    }

    #[test]
    fn pages_continue_after_the_last_key_and_say_when_more_follow() {
        let store = store(500);
        let first = store.list(&ListFilter::default(), None, 200);
        assert!(first.has_more);
        let last = store.key_of(first.jobs[199]).unwrap();
        let second = store.list(&ListFilter::default(), Some(&last), 200);
        let third_after = store.key_of(second.jobs[199]).unwrap();
        let third = store.list(&ListFilter::default(), Some(&third_after), 200);
        assert_eq!(third.jobs.len(), 100);
        assert!(!third.has_more);
    }

    #[test]
    fn advancing_time_moves_jobs_through_their_lifecycle() {
        let plans = Generator::new(42).history(2_000, now());
        let hung: HashSet<String> = plans
            .iter()
            .filter(|plan| matches!(plan.outcome, Outcome::Stuck { .. }))
            .map(|plan| plan.id.clone())
            .collect();
        assert!(!hung.is_empty(), "the data has a stuck job");
        let mut store = Store::new(plans, now());
        let active: Vec<String> = store
            .iter()
            .filter(|job| job.is_active() && !hung.contains(&job.id))
            .map(|job| job.id.clone())
            .collect();
        assert!(!active.is_empty());
        store.advance(now() + Duration::hours(1));
        for id in &active {
            let job = store.get(id).unwrap();
            assert!(!job.is_active(), "{id} still {:?}", job.status);
        }
        store.advance(now() + Duration::hours(3));
        for job in store.iter() {
            if hung.contains(&job.id) {
                assert_eq!(job.status, JobStatus::Running, "a stuck job stays running");
            } else {
                assert!(job.progress.is_absent(), "{}", job.id);
            }
        }
    }

    #[test]
    fn only_queued_jobs_cancel() {
        let mut store = store(2_000);
        let queued = store
            .iter()
            .find(|job| job.status == JobStatus::Queued)
            .map(|job| job.id.clone())
            .unwrap();
        let done = store
            .iter()
            .find(|job| job.status == JobStatus::Done)
            .map(|job| job.id.clone())
            .unwrap();
        assert_eq!(store.cancel(&queued).unwrap().status, JobStatus::Cancelled);
        assert_eq!(store.get(&queued).unwrap().status, JobStatus::Cancelled);
        store.advance(now() + Duration::hours(2));
        assert_eq!(store.get(&queued).unwrap().status, JobStatus::Cancelled);
        assert_eq!(
            store.cancel(&done),
            Err(CancelError::NotCancellable(JobStatus::Done))
        );
        assert_eq!(store.cancel("job_missing"), Err(CancelError::NotFound));
    }

    #[test]
    fn the_status_index_follows_every_change() {
        let mut store = store(3_000);
        let queued: Vec<String> = store
            .iter()
            .filter(|job| job.status == JobStatus::Queued)
            .map(|job| job.id.clone())
            .collect();
        store.cancel(&queued[0]).unwrap();
        for minutes in [1, 3, 10, 90] {
            store.advance(now() + Duration::minutes(minutes));
            for status in JobStatus::KNOWN {
                let filter = ListFilter {
                    statuses: vec![status.clone()],
                    ..ListFilter::default()
                };
                let indexed: Vec<&str> = store
                    .list(&filter, None, 10_000)
                    .jobs
                    .iter()
                    .map(|job| job.id.as_str())
                    .collect();
                let scanned: Vec<&str> = store
                    .iter()
                    .filter(|job| &job.status == status)
                    .map(|job| job.id.as_str())
                    .collect();
                assert_eq!(indexed, scanned, "{status} after {minutes} min");
            }
        }
    }
}
