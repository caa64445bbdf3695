//! Booper scheduled jobs: HTTP requests an Oban queue runs at `scheduled_at`.

use chrono::{DateTime, Duration, Utc};
use jobscope_wire::booper::{BooperState, HttpArgs, ObanJob, ObanState, ScheduleIn, ScheduledJob};
use jobscope_wire::{Field, Timestamp};
use serde_json::{Map, Value, json};

/// What happens to a scheduled job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Completes,
    Discarded,
    Cancelled,
}

/// A scheduled job's fixed facts; its Oban state follows from the clock.
#[derive(Debug, Clone)]
pub struct BooperPlan {
    job: ScheduledJob,
    inserted: DateTime<Utc>,
    scheduled: DateTime<Utc>,
    fate: Fate,
}

impl BooperPlan {
    pub fn inserted(&self) -> DateTime<Utc> {
        self.inserted
    }

    pub fn scheduled(&self) -> DateTime<Utc> {
        self.scheduled
    }

    pub fn id(&self) -> &str {
        &self.job.id
    }

    /// The Oban state at `now`.
    pub fn state_at(&self, now: DateTime<Utc>) -> ObanState {
        let runs_until = self.scheduled + Duration::seconds(1);
        match self.fate {
            Fate::Cancelled if now >= self.inserted + Duration::seconds(5) => ObanState::Cancelled,
            _ if now < self.scheduled => ObanState::Scheduled,
            _ if now < runs_until => ObanState::Executing,
            Fate::Discarded => ObanState::Discarded,
            _ => ObanState::Completed,
        }
    }

    /// The job as the API shows it at `now`.
    pub fn job_at(&self, now: DateTime<Utc>) -> ScheduledJob {
        let state = self.state_at(now);
        let mut job = self.job.clone();
        let stamp = |at: DateTime<Utc>| Field::Value(Timestamp::utc(at));
        if let Some(oban) = job.job.value_mut() {
            let attempted = self.scheduled + Duration::milliseconds(650);
            let finished = self.scheduled + Duration::milliseconds(930);
            oban.attempted_at = Field::Absent;
            oban.completed_at = Field::Absent;
            oban.cancelled_at = Field::Absent;
            oban.discarded_at = Field::Absent;
            match state {
                ObanState::Executing => oban.attempted_at = stamp(attempted),
                ObanState::Completed => {
                    oban.attempted_at = stamp(attempted);
                    oban.completed_at = stamp(finished);
                }
                ObanState::Discarded => {
                    oban.attempted_at = stamp(attempted);
                    oban.discarded_at = stamp(finished);
                }
                ObanState::Cancelled => {
                    oban.cancelled_at = stamp(self.inserted + Duration::seconds(5));
                }
                _ => {}
            }
            oban.state = state.into();
        }
        job
    }

    /// Whether the job is in the `state` filter's set at `now`.
    pub fn matches(&self, filter: Option<&BooperState>, now: DateTime<Utc>) -> bool {
        filter.is_none_or(|wanted| self.state_at(now).filter().as_ref() == Some(wanted))
    }
}

/// `count` scheduled jobs inserted over the last 30 days, some still to run.
pub fn generate(rng: &mut fastrand::Rng, count: usize, now: DateTime<Utc>) -> Vec<BooperPlan> {
    const TARGETS: &[(&str, &str, &str)] = &[
        (
            "post",
            "https://scheduler.booper.dev/api/channels/discord",
            "Discord reminder",
        ),
        (
            "post",
            "https://hooks.slack.com/services/T000/B000/XXXX",
            "Slack digest",
        ),
        (
            "get",
            "https://api.example.com/v2/reports/daily",
            "Daily report",
        ),
        ("put", "https://crm.example.com/contacts/sync", "CRM sync"),
        (
            "delete",
            "https://cdn.example.com/cache/purge",
            "Cache purge",
        ),
    ];
    let users: Vec<String> = (0..4).map(|_| uuid(rng)).collect();
    let schedules: Vec<String> = (0..6).map(|_| uuid(rng)).collect();
    let mut plans: Vec<BooperPlan> = (0..count)
        .map(|index| {
            let inserted = now - Duration::milliseconds(rng.i64(0..30 * 86_400_000));
            let inserted = DateTime::from_timestamp(inserted.timestamp(), 0).unwrap_or(inserted);
            let delay = if rng.bool() {
                rng.i64(5..120)
            } else {
                rng.i64(60..86_400 * 3)
            };
            let scheduled = inserted + Duration::seconds(delay);
            let roll = rng.u8(0..100);
            let fate = match roll {
                0..=5 => Fate::Cancelled,
                6..=9 => Fate::Discarded,
                _ => Fate::Completes,
            };
            let (method, url, name) = TARGETS[rng.usize(0..TARGETS.len())];
            let recurring = rng.u8(0..4) == 0;
            let oban_id = 29_180 + index as i64;
            let schedule_in = if rng.bool() {
                ScheduleIn::Unit(delay, "seconds".to_owned())
            } else {
                ScheduleIn::Seconds(delay)
            };
            let body = (method != "get" && method != "delete").then(
                || json!({ "author": "jobscope-sim", "content": format!("{name} #{index}") }),
            );
            let mut headers = Map::new();
            if rng.bool() {
                headers.insert("content-type".into(), Value::from("application/json"));
            }
            let job = ScheduledJob {
                id: uuid(rng),
                idempotency_key: rng.bool().then(|| format!("idem-{index}")).into(),
                inserted_at: Timestamp::naive(inserted).into(),
                name: recurring.then(|| name.to_owned()).into(),
                description: recurring.then(|| format!("{name}, every day")).into(),
                user_id: users[rng.usize(0..users.len())].clone().into(),
                schedule_id: recurring
                    .then(|| schedules[rng.usize(0..schedules.len())].clone())
                    .into(),
                job_id: oban_id.into(),
                job: Field::Value(ObanJob {
                    id: oban_id.into(),
                    state: ObanState::Scheduled.into(),
                    inserted_at: Timestamp::utc(inserted + Duration::microseconds(705_161)).into(),
                    scheduled_at: Timestamp::utc(scheduled).into(),
                    attempted_at: Field::Absent,
                    completed_at: Field::Absent,
                    cancelled_at: Field::Absent,
                    discarded_at: Field::Absent,
                    has_confict: false.into(),
                }),
                args: Field::Value(HttpArgs {
                    method: method.to_owned().into(),
                    url: url.to_owned().into(),
                    headers: headers.into(),
                    body: body.into(),
                    query: Field::Absent,
                    schedule_in: schedule_in.into(),
                }),
            };
            BooperPlan {
                job,
                inserted,
                scheduled,
                fate,
            }
        })
        .collect();
    plans.sort_by(|a, b| {
        b.inserted
            .cmp(&a.inserted)
            .then_with(|| b.job.id.cmp(&a.job.id))
    });
    plans
}

/// A random version-4 UUID.
fn uuid(rng: &mut fastrand::Rng) -> String {
    let a = rng.u128(..);
    let hex = format!("{a:032x}");
    format!(
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        ["8", "9", "a", "b"][rng.usize(0..4)],
        &hex[17..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn jobs_move_from_scheduled_to_an_end_state() {
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        let plans = generate(&mut fastrand::Rng::with_seed(1), 300, now);
        assert_eq!(plans.len(), 300);
        let scheduled = plans
            .iter()
            .filter(|p| p.matches(Some(&BooperState::Scheduled), now))
            .count();
        assert!(scheduled > 0);
        let later = now + Duration::days(4);
        assert!(
            plans
                .iter()
                .all(|p| !p.matches(Some(&BooperState::Scheduled), later))
        );
        let job = plans[0].job_at(later);
        let inserted_at = job.inserted_at.value().unwrap();
        assert!(!inserted_at.as_str().ends_with('Z'), "inserted_at is naive");
        assert!(inserted_at.to_utc().is_some());
        let id = &job.id;
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }
}
