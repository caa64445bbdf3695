//! Property: a cursor walk never yields a duplicate or a wrong row, and misses no job that
//! matched the filters for the whole walk, while jobs are inserted, run, finish and are
//! cancelled between pages.

mod common;

use std::collections::{HashMap, HashSet};

use axum::Router;
use common::{get, post};
use jobscope_wire::scripe::{Job, JobPage, JobStatus, JobType};
use proptest::prelude::*;
use serde_json::json;

#[derive(Debug, Clone)]
enum Between {
    Insert(usize),
    Advance(u32),
    CancelQueued,
}

fn between() -> impl Strategy<Value = Between> {
    prop_oneof![
        (0usize..6).prop_map(Between::Insert),
        (0u32..240).prop_map(Between::Advance),
        Just(Between::CancelQueued),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    seed: u64,
    jobs: usize,
    statuses: Vec<usize>,
    types: Vec<usize>,
    /// Date window as (start job index, length in days).
    window: Option<(usize, u8)>,
    limit: u32,
    actions: Vec<Vec<Between>>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<u64>(),
        30usize..500,
        prop::collection::vec(0usize..5, 0..4),
        prop::collection::vec(0usize..6, 0..3),
        prop::option::of((0usize..30, 0u8..20)),
        1u32..60,
        prop::collection::vec(prop::collection::vec(between(), 0..3), 0..40),
    )
        .prop_map(
            |(seed, jobs, statuses, types, window, limit, actions)| Case {
                seed,
                jobs,
                statuses,
                types,
                window,
                limit,
                actions,
            },
        )
}

async fn page(app: &Router, uri: &str) -> JobPage {
    let answer = get(app, uri).await;
    assert_eq!(
        answer.status.as_u16(),
        200,
        "{uri}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    serde_json::from_slice(&answer.body).unwrap()
}

/// Every job now, by id (an unfiltered walk of the frozen simulator).
async fn snapshot(app: &Router) -> HashMap<String, Job> {
    let mut jobs = HashMap::new();
    let mut uri = "/v1/jobs?limit=200".to_owned();
    loop {
        let page = page(app, &uri).await;
        jobs.extend(page.data.into_iter().map(|job| (job.id.clone(), job)));
        match page.pagination.next_cursor {
            Some(cursor) => uri = format!("/v1/jobs?limit=200&cursor={cursor}"),
            None => return jobs,
        }
    }
}

async fn run(case: Case) {
    let seed = case.seed.to_string();
    let jobs = case.jobs.to_string();
    let app = common::app(&[
        "jobscope-sim",
        "--frozen",
        "--control",
        "--seed",
        &seed,
        "--jobs",
        &jobs,
        "--start-time",
        "2026-11-01T12:00:00Z",
    ]);
    let statuses: Vec<JobStatus> = case
        .statuses
        .iter()
        .map(|i| JobStatus::KNOWN[*i].clone())
        .collect();
    let types: Vec<JobType> = case
        .types
        .iter()
        .map(|i| JobType::KNOWN[*i].clone())
        .collect();
    let before = snapshot(&app).await;

    let mut query = format!("limit={}", case.limit);
    if !statuses.is_empty() {
        let list: Vec<&str> = statuses.iter().map(JobStatus::as_str).collect();
        query.push_str(&format!("&status={}", list.join(",")));
    }
    if !types.is_empty() {
        let list: Vec<&str> = types.iter().map(JobType::as_str).collect();
        query.push_str(&format!("&type={}", list.join(",")));
    }
    let mut window = None;
    if let Some((index, days)) = case.window {
        let mut ordered: Vec<&Job> = before.values().collect();
        let created = |job: &Job| job.created_at.value().and_then(|at| at.to_utc());
        ordered.sort_by_key(|job| created(job));
        let to = created(ordered[ordered.len() - 1 - index.min(ordered.len() - 1)]).unwrap();
        let from = to - chrono::Duration::days(i64::from(days));
        let stamp = |at: chrono::DateTime<chrono::Utc>| {
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        query.push_str(&format!("&dateFrom={}&dateTo={}", stamp(from), stamp(to)));
        window = Some((from, to));
    }
    let matches = |job: &Job| {
        (statuses.is_empty() || job.status.value().is_some_and(|s| statuses.contains(s)))
            && (types.is_empty() || job.job_type.value().is_some_and(|t| types.contains(t)))
            && window.is_none_or(|(from, to)| {
                let at = job.created_at.value().and_then(|at| at.to_utc()).unwrap();
                from <= at && at <= to
            })
    };

    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut actions = case.actions.into_iter();
    loop {
        let uri = match &cursor {
            Some(cursor) => format!("/v1/jobs?{query}&cursor={cursor}"),
            None => format!("/v1/jobs?{query}"),
        };
        let page = page(&app, &uri).await;
        for job in &page.data {
            assert!(matches(job), "a row outside the filters: {job:?}");
            assert!(seen.insert(job.id.clone()), "duplicate {}", job.id);
        }
        let Some(next) = page.pagination.next_cursor else {
            break;
        };
        cursor = Some(next);
        for action in actions.next().unwrap_or_default() {
            match action {
                Between::Insert(count) => {
                    post(&app, "/_sim/jobs", json!({ "count": count })).await;
                }
                Between::Advance(seconds) => {
                    post(&app, "/_sim/clock/advance", json!({ "seconds": seconds })).await;
                }
                Between::CancelQueued => {
                    let queued = page_of_queued(&app).await;
                    if let Some(id) = queued {
                        post(&app, &format!("/v1/jobs/{id}/cancel"), json!({})).await;
                    }
                }
            }
        }
    }

    let after = snapshot(&app).await;
    for (id, job) in &before {
        // The lifecycle only moves forward, so the same status at both ends means unchanged.
        let unchanged = after
            .get(id)
            .is_some_and(|later| later.status == job.status);
        if unchanged && matches(job) {
            assert!(seen.contains(id), "missed {id} ({:?})", job.status);
        }
    }
}

async fn page_of_queued(app: &Router) -> Option<String> {
    page(app, "/v1/jobs?status=QUEUED&limit=1")
        .await
        .data
        .first()
        .map(|job| job.id.clone())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn walks_have_no_duplicates_and_no_gaps(case in case()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run(case));
    }
}
