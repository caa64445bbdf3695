//! Deterministic jobs from a seed: the same `--seed`, `--jobs` and start time always give the
//! same data set.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use jobscope_wire::scripe::JobType;
use serde_json::json;

use super::text;
use super::{Outcome, Plan};

/// Jobs reach back this far.
pub const HISTORY_DAYS: i64 = 60;

/// How busy each hour of the day is (UTC), in percent of the busiest: quiet nights, a
/// morning ramp, an afternoon peak, so the Insights chart has a day's shape to show.
const DAILY: [u8; 24] = [
    15, 12, 10, 10, 12, 18, 30, 50, 70, 85, 92, 96, 100, 100, 98, 95, 90, 80, 65, 50, 38, 30, 24,
    18,
];

/// One job in how many hangs while running and stays `RUNNING` (a stuck worker).
const STUCK_ONE_IN: u16 = 400;

/// A spell of failures: jobs of one type created in it mostly fail with the same code
/// (an upstream outage), as a dashboard's failure chart is there to reveal.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub type_index: usize,
    pub code: String,
    pub message: String,
}

/// `job_type`'s place in [`JobType::KNOWN`], what the generator's tables are indexed by.
fn type_index(job_type: &JobType) -> Option<usize> {
    JobType::KNOWN.iter().position(|known| known == job_type)
}

/// A random source for plans (seeded, so runs repeat).
pub struct Generator {
    rng: fastrand::Rng,
    hostile: Vec<String>,
    /// `--error-bytes`: every failure's message this long (bytes, no spaces).
    error_bytes: Option<usize>,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            hostile: text::hostile(),
            error_bytes: None,
        }
    }

    /// Makes every failure's `errorMessage` `bytes` long, without spaces (`--error-bytes`),
    /// for measuring a list of heavy rows. The jobs are otherwise the same as without it.
    pub fn with_error_bytes(mut self, bytes: Option<usize>) -> Self {
        self.error_bytes = bytes;
        self
    }

    /// `count` plans created over the last [`HISTORY_DAYS`] before `now`: more by day than by
    /// night ([`DAILY`], weekends at half), with bursts of many jobs in one second, spells of
    /// failures with one code and a storm of retries ([`Incident`], one of them within the
    /// last day), a few jobs stuck in `RUNNING`, and a recent tail so some are queued or
    /// running at `now`.
    pub fn history(&mut self, count: usize, now: DateTime<Utc>) -> Vec<Plan> {
        let now = whole_seconds(now);
        let span = HISTORY_DAYS * 86_400;
        let incidents = self.incidents(now, span);
        let recent = (count / 50).clamp(usize::from(count > 0), 40);
        let mut plans = Vec::with_capacity(count);
        for _ in 0..recent {
            let created = now - Duration::seconds(self.rng.i64(0..120));
            plans.push(self.plan(created, None));
        }
        // One job in 50 is a retry storm inside a spell of failures, two fifths of them in
        // the recent one: a red bar on the default chart.
        let storm = (count / 50).min(count - plans.len());
        for i in 0..storm {
            let incident = if i < storm * 2 / 5 {
                &incidents[0]
            } else {
                &incidents[self.rng.usize(0..incidents.len())]
            };
            let secs = (incident.to - incident.from).num_seconds().max(1);
            let created = incident.from + Duration::seconds(self.rng.i64(0..secs));
            let job_type = JobType::KNOWN[incident.type_index].clone();
            let mut plan = self.plan(created.min(now), Some(job_type));
            self.befall(&mut plan, &incidents);
            plans.push(plan);
        }
        while plans.len() < count {
            let created = self.busy_instant(now, 120..span);
            // One event in 40 is a burst: up to 200 jobs in the same second.
            let size = if self.rng.u8(0..40) == 0 {
                self.rng.usize(20..=200)
            } else {
                1
            };
            for _ in 0..size.min(count - plans.len()) {
                let mut plan = self.plan(created, None);
                self.befall(&mut plan, &incidents);
                plans.push(plan);
            }
        }
        plans
    }

    /// An instant `ago` seconds before `now`, drawn more often in busy hours ([`DAILY`]).
    fn busy_instant(&mut self, now: DateTime<Utc>, ago: std::ops::Range<i64>) -> DateTime<Utc> {
        let mut at = now;
        // Rejection sampling, bounded: the busiest hour is always accepted.
        for _ in 0..32 {
            at = now - Duration::seconds(self.rng.i64(ago.clone()));
            let mut busy = u32::from(DAILY[at.hour() as usize]);
            if at.weekday().num_days_from_monday() >= 5 {
                busy /= 2;
            }
            if self.rng.u32(0..100) < busy {
                break;
            }
        }
        at
    }

    /// About one spell of failures every three days over `span` seconds before `now`, and
    /// one 3 to 20 hours ago, so the default Insights window shows one.
    fn incidents(&mut self, now: DateTime<Utc>, span: i64) -> Vec<Incident> {
        let mut incidents = Vec::new();
        let mut draw = |rng: &mut fastrand::Rng, ago: i64| {
            let type_index = rng.usize(0..JobType::KNOWN.len());
            let choices = text::failures(type_index);
            let (code, message) = choices[rng.usize(0..choices.len())];
            let from = now - Duration::seconds(ago);
            incidents.push(Incident {
                from,
                to: from + Duration::minutes(rng.i64(20..=90)),
                type_index,
                code: code.to_owned(),
                message: message.to_owned(),
            });
        };
        let recent = self.rng.i64(3 * 3_600..20 * 3_600);
        draw(&mut self.rng, recent);
        for _ in 0..span / (3 * 86_400) {
            let ago = self.rng.i64(86_400..span.max(86_401));
            draw(&mut self.rng, ago);
        }
        incidents
    }

    /// What may befall a planned job: most of those created during an incident of their type
    /// fail with its code; one in [`STUCK_ONE_IN`] of the rest hangs while running.
    fn befall(&mut self, plan: &mut Plan, incidents: &[Incident]) {
        let type_index = type_index(&plan.job_type).unwrap_or(0);
        let during = incidents.iter().find(|incident| {
            incident.type_index == type_index
                && (incident.from..incident.to).contains(&plan.created)
        });
        if let Some(incident) = during
            && !matches!(plan.outcome, Outcome::Cancelled { .. })
            && self.rng.u8(0..100) < 80
        {
            let message = match self.error_bytes {
                Some(bytes) => text::long_message(&incident.message, bytes),
                None => incident.message.clone(),
            };
            plan.outcome = Outcome::Failed {
                code: incident.code.clone(),
                message,
            };
            return;
        }
        if matches!(plan.outcome, Outcome::Done { .. }) && self.rng.u16(0..STUCK_ONE_IN) == 0 {
            let run_ms = (plan.finishes - plan.starts).num_milliseconds().max(1);
            let at = plan.starts + Duration::milliseconds(self.rng.i64(0..run_ms));
            plan.outcome = Outcome::Stuck { at };
        }
    }

    /// A new job created at `now` (whole seconds), optionally of a given type.
    pub fn arrival(&mut self, now: DateTime<Utc>, job_type: Option<JobType>) -> Plan {
        self.plan(whole_seconds(now), job_type)
    }

    /// [`Generator::arrival`] for the control API: a test inserts jobs to act on them, so the
    /// simulation never cancels one itself (a job it would have cancelled completes instead).
    pub fn arrival_that_runs(&mut self, now: DateTime<Utc>, job_type: Option<JobType>) -> Plan {
        let mut plan = self.arrival(now, job_type);
        if matches!(plan.outcome, Outcome::Cancelled { .. }) {
            plan.outcome = Outcome::Done {
                result: self.result(type_index(&plan.job_type).unwrap_or(0)),
            };
        }
        plan
    }

    fn plan(&mut self, created: DateTime<Utc>, job_type: Option<JobType>) -> Plan {
        let type_index = match job_type.as_ref().and_then(type_index) {
            Some(index) => index,
            None => self.weighted(&[30, 15, 20, 20, 8, 7]),
        };
        let job_type = job_type.unwrap_or_else(|| JobType::KNOWN[type_index].clone());
        let queue_secs = self.rng.i64(1..45);
        let run_secs = match type_index {
            0 => self.rng.i64(20..180),
            4 => self.rng.i64(60..600),
            _ => self.rng.i64(5..240),
        };
        let starts = created + Duration::seconds(queue_secs);
        let finishes = starts + Duration::milliseconds(run_secs * 1000 + self.rng.i64(0..1000));
        let roll = self.rng.u8(0..100);
        let outcome = if roll < 4 {
            // Cancelled while still queued.
            let at = created + Duration::milliseconds(self.rng.i64(0..queue_secs * 1000));
            Outcome::Cancelled { at }
        } else if roll < 16 {
            self.failure(type_index)
        } else {
            Outcome::Done {
                result: self.result(type_index),
            }
        };
        let attempts = if matches!(outcome, Outcome::Failed { .. }) {
            self.rng.u32(1..=3)
        } else {
            1 + u32::from(self.rng.u8(0..20) == 0)
        };
        let mut stages: Vec<String> = text::stages(type_index)
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        if self.rng.u16(0..200) == 0 {
            let hostile = self.hostile[self.rng.usize(0..self.hostile.len())].clone();
            stages[0] = hostile;
        }
        Plan {
            id: self.id(),
            job_type,
            project_id: text::PROJECTS[self.rng.usize(0..text::PROJECTS.len())].to_owned(),
            created,
            starts,
            finishes,
            outcome,
            attempts,
            stages,
        }
    }

    fn failure(&mut self, type_index: usize) -> Outcome {
        // One failure in 12 carries a hostile message.
        let (code, message) = if self.rng.u8(0..12) == 0 {
            let message = self.hostile[self.rng.usize(0..self.hostile.len())].clone();
            ("UNEXPECTED".to_owned(), message)
        } else {
            let choices = text::failures(type_index);
            let (code, message) = choices[self.rng.usize(0..choices.len())];
            (code.to_owned(), message.to_owned())
        };
        // After the same draws as without the flag: only the messages differ.
        let message = match self.error_bytes {
            Some(bytes) => text::long_message(&message, bytes),
            None => message,
        };
        Outcome::Failed { code, message }
    }

    fn result(&mut self, type_index: usize) -> serde_json::Value {
        let suffix = self.token(12);
        match type_index {
            0 => json!({ "postId": format!("post_{suffix}") }),
            5 => json!({ "sourceId": format!("src_{suffix}") }),
            _ => json!({ "documentId": format!("doc_{suffix}") }),
        }
    }

    /// `job_` and 16 lower-case letters and digits, like the API's ids.
    pub fn id(&mut self) -> String {
        format!("job_{}", self.token(16))
    }

    fn token(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| char::from(ALPHABET[self.rng.usize(0..ALPHABET.len())]))
            .collect()
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut pick = self.rng.u32(0..total);
        for (index, weight) in weights.iter().enumerate() {
            if pick < *weight {
                return index;
            }
            pick -= weight;
        }
        weights.len() - 1
    }

    /// The underlying random source, for other seeded choices.
    pub fn rng(&mut self) -> &mut fastrand::Rng {
        &mut self.rng
    }
}

/// The API's `createdAt` has whole seconds, so many jobs share one and the id breaks ties.
pub fn whole_seconds(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use jobscope_wire::scripe::JobStatus;
    use std::collections::{HashMap, HashSet};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_jobs() {
        let a = Generator::new(7).history(2_000, now());
        let b = Generator::new(7).history(2_000, now());
        let c = Generator::new(8).history(2_000, now());
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_realistic_mix_with_bursts_and_live_jobs() {
        let plans = Generator::new(1).history(5_000, now());
        assert_eq!(plans.len(), 5_000);
        let ids: HashSet<_> = plans.iter().map(|p| &p.id).collect();
        assert_eq!(ids.len(), 5_000, "ids are unique");

        let mut by_status: HashMap<JobStatus, usize> = HashMap::new();
        for plan in &plans {
            *by_status.entry(plan.status_at(now())).or_default() += 1;
            assert!(plan.created <= now());
            assert!(plan.created >= now() - Duration::days(HISTORY_DAYS));
        }
        for status in JobStatus::KNOWN {
            assert!(
                by_status.get(status).copied().unwrap_or(0) > 0,
                "no {status} job"
            );
        }
        let mut per_second: HashMap<DateTime<Utc>, usize> = HashMap::new();
        for plan in &plans {
            *per_second.entry(plan.created).or_default() += 1;
        }
        assert!(per_second.values().any(|n| *n >= 20), "no burst");
        let types: HashSet<_> = plans.iter().map(|p| p.job_type.clone()).collect();
        assert_eq!(types.len(), JobType::KNOWN.len());
    }

    #[test]
    fn days_are_busier_than_nights() {
        let plans = Generator::new(2).history(20_000, now());
        let in_hours = |hours: std::ops::Range<u32>| {
            plans
                .iter()
                .filter(|p| hours.contains(&p.created.hour()))
                .count()
        };
        let (afternoon, night) = (in_hours(12..16), in_hours(1..5));
        assert!(afternoon > 3 * night, "{afternoon} vs {night}");
    }

    #[test]
    fn a_spell_of_one_failure_code_falls_within_the_last_day() {
        let plans = Generator::new(4).history(20_000, now());
        let day_ago = now() - Duration::days(1);
        let mut by_code: HashMap<&str, Vec<DateTime<Utc>>> = HashMap::new();
        for plan in plans.iter().filter(|p| p.created > day_ago) {
            if let Outcome::Failed { code, .. } = &plan.outcome {
                by_code.entry(code).or_default().push(plan.created);
            }
        }
        // Some code fails at least 20 times within 90 minutes: far more than chance gives.
        let spell = by_code.values().any(|times| {
            times.iter().any(|t| {
                times
                    .iter()
                    .filter(|u| (**u - *t).num_minutes().abs() <= 90)
                    .count()
                    >= 20
            })
        });
        assert!(spell, "{by_code:?}");
    }

    #[test]
    fn a_few_jobs_hang_and_stay_running() {
        let plans = Generator::new(6).history(20_000, now());
        let stuck: Vec<&Plan> = plans
            .iter()
            .filter(|p| matches!(p.outcome, Outcome::Stuck { .. }))
            .collect();
        assert!((10..=200).contains(&stuck.len()), "{}", stuck.len());
        let old = stuck
            .iter()
            .find(|p| p.created < now() - Duration::days(2))
            .unwrap();
        assert_eq!(old.status_at(now()), JobStatus::Running);
        // Live arrivals never hang: tests wait for them to finish; the control API's never
        // cancel themselves either.
        let mut generator = Generator::new(6);
        assert!((0..2_000).all(|_| !matches!(
            generator.arrival(now(), None).outcome,
            Outcome::Stuck { .. }
        )));
        assert!((0..2_000).all(|_| !matches!(
            generator.arrival_that_runs(now(), None).outcome,
            Outcome::Stuck { .. } | Outcome::Cancelled { .. }
        )));
    }

    #[test]
    fn error_bytes_make_every_failure_that_long_and_change_nothing_else() {
        let plain = Generator::new(5).history(2_000, now());
        let heavy = Generator::new(5)
            .with_error_bytes(Some(50_000))
            .history(2_000, now());
        let mut failures = 0;
        for (a, b) in plain.iter().zip(&heavy) {
            match (&a.outcome, &b.outcome) {
                (
                    Outcome::Failed { code, .. },
                    Outcome::Failed {
                        code: same,
                        message,
                    },
                ) => {
                    failures += 1;
                    assert_eq!(code, same);
                    assert_eq!(message.len(), 50_000);
                    assert!(!message.contains(char::is_whitespace));
                }
                (x, y) => assert_eq!(x, y),
            }
            assert_eq!(
                (&a.id, a.created, a.finishes),
                (&b.id, b.created, b.finishes)
            );
        }
        assert!(failures > 100, "{failures}");
    }

    #[test]
    fn hostile_strings_appear_in_free_text() {
        let plans = Generator::new(3).history(5_000, now());
        let scripts = plans
            .iter()
            .filter(|p| match &p.outcome {
                Outcome::Failed { message, .. } => message.contains('<') || message.len() > 4_000,
                _ => false,
            })
            .count();
        assert!(scripts > 0);
    }
}
