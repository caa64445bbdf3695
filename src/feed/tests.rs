//! Every feed transition, fed by generated pages and the documented sample page.

use jobscope_wire::Timestamp;
use jobscope_wire::scripe::{Job, JobPage, JobStatus, JobType};

use super::*;

fn job(id: &str, created_secs: i64) -> Job {
    let at = chrono::DateTime::from_timestamp(1_790_000_000 + created_secs, 0)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Job {
        id: id.to_owned(),
        job_type: JobType::KbIngestUrl,
        status: JobStatus::Done,
        project_id: None,
        started_at: None,
        completed_at: None,
        progress: None,
        result: None,
        error_code: None,
        error_message: None,
        attempt_count: Some(1),
        estimated_completion_ms: None,
        created_at: Timestamp::raw(at),
        updated_at: None,
    }
}

/// Rows `from..to` of a list of 1,000 jobs, one per second, newest first.
fn rows(from: usize, to: usize) -> Vec<Job> {
    (from..to)
        .map(|i| job(&format!("job_{i:04}"), 1_000 - i as i64))
        .collect()
}

fn page(from: usize, to: usize, next: Option<&str>) -> Page<Job> {
    Page {
        rows: rows(from, to),
        next: next.map(str::to_owned),
    }
}

fn ids(feed: &Feed<Job>) -> Vec<&str> {
    feed.rows().iter().map(|job| job.id.as_str()).collect()
}

fn http(status: u16, code: &str) -> ApiError {
    ApiError::Http {
        status,
        code: Some(code.to_owned()),
        message: None,
        retry_after: None,
    }
}

#[test]
fn the_first_request_has_no_token_and_only_one_is_in_flight() {
    let mut feed = Feed::<Job>::new();
    assert_eq!(feed.state(), FeedState::Idle);
    let first = feed.next_request().unwrap();
    assert_eq!(
        first,
        Request {
            generation: 0,
            token: None
        }
    );
    assert_eq!(feed.state(), FeedState::Loading);
    assert_eq!(feed.next_request(), None, "at most one request in flight");
}

#[test]
fn pages_append_in_order_until_the_end() {
    let mut feed = Feed::new();
    let request = feed.next_request().unwrap();
    assert!(feed.on_page(request.generation, page(0, 50, Some("c1"))));
    assert_eq!(feed.state(), FeedState::Idle);
    let second = feed.next_request().unwrap();
    assert_eq!(second.token.as_deref(), Some("c1"));
    assert!(feed.on_page(second.generation, page(50, 80, None)));
    assert_eq!(feed.state(), FeedState::End);
    assert_eq!(feed.len(), 80);
    assert_eq!(ids(&feed)[..2], ["job_0000", "job_0001"]);
    assert_eq!(ids(&feed)[79], "job_0079");
    assert_eq!(feed.next_request(), None, "nothing after the end");
}

#[test]
fn overlapping_pages_are_de_duplicated_and_refresh_rows() {
    let mut feed = Feed::new();
    let r = feed.next_request().unwrap();
    feed.on_page(r.generation, page(0, 50, Some("c1")));
    let r = feed.next_request().unwrap();
    let mut overlap = page(40, 90, Some("c2"));
    overlap.rows[0].status = JobStatus::Failed;
    feed.on_page(r.generation, overlap);
    assert_eq!(feed.len(), 90);
    let unique: std::collections::HashSet<_> = ids(&feed).into_iter().collect();
    assert_eq!(unique.len(), 90);
    assert_eq!(
        feed.rows()[40].status,
        JobStatus::Failed,
        "refreshed in place"
    );
}

#[test]
fn rows_keep_list_order_with_ties_broken_by_id() {
    let mut feed = Feed::new();
    let r = feed.next_request().unwrap();
    let same_second = vec![
        job("job_b", 5),
        job("job_c", 5),
        job("job_a", 5),
        job("job_z", 9),
    ];
    feed.on_page(
        r.generation,
        Page {
            rows: same_second,
            next: None,
        },
    );
    assert_eq!(ids(&feed), ["job_z", "job_c", "job_b", "job_a"]);
}

#[test]
fn bad_cursor_restarts_from_the_first_page_keeping_rows() {
    let mut feed = Feed::new();
    let r = feed.next_request().unwrap();
    feed.on_page(r.generation, page(0, 50, Some("c1")));
    let r = feed.next_request().unwrap();
    assert_eq!(
        feed.on_error(r.generation, http(400, "bad_cursor"), 0.5),
        AfterError::FetchNow
    );
    assert_eq!(feed.len(), 50, "rows shown stay");
    let restart = feed.next_request().unwrap();
    assert_eq!(restart.token, None, "from the first page");
    // A new job arrived at the head meanwhile; the restarted walk brings it and the rest.
    let mut first = page(0, 60, Some("c1b"));
    first.rows.insert(0, job("job_new", 2_000));
    feed.on_page(restart.generation, first);
    let r = feed.next_request().unwrap();
    feed.on_page(r.generation, page(60, 100, None));
    assert_eq!(feed.len(), 101);
    assert_eq!(ids(&feed)[0], "job_new");
    let unique: std::collections::HashSet<_> = ids(&feed).into_iter().collect();
    assert_eq!(unique.len(), 101);
    assert_eq!(feed.state(), FeedState::End);
}

#[test]
fn endless_bad_cursors_stop_after_a_few_restarts() {
    let mut feed = Feed::<Job>::new();
    for _ in 0..MAX_RESTARTS {
        let r = feed.next_request().unwrap();
        assert_eq!(
            feed.on_error(r.generation, http(400, "bad_cursor"), 0.0),
            AfterError::FetchNow
        );
    }
    let r = feed.next_request().unwrap();
    assert_eq!(
        feed.on_error(r.generation, http(400, "bad_cursor"), 0.0),
        AfterError::Stopped
    );
    assert_eq!(feed.state(), FeedState::Error);
}

#[test]
fn transient_failures_back_off_and_retry_the_same_page() {
    let mut feed = Feed::new();
    let r = feed.next_request().unwrap();
    feed.on_page(r.generation, page(0, 50, Some("c1")));
    let failures = [
        ApiError::Network("offline".into()),
        ApiError::Timeout { after_ms: 15_000 },
        http(503, "service_unavailable"),
        http(500, "internal_error"),
        ApiError::Decode("EOF while parsing".into()),
    ];
    let mut waits = Vec::new();
    for failure in failures {
        let r = feed
            .next_request()
            .or_else(|| feed.retry_due(feed.generation()))
            .unwrap();
        assert_eq!(r.token.as_deref(), Some("c1"), "the same page again");
        match feed.on_error(r.generation, failure, 1.0) {
            AfterError::RetryIn(ms) => waits.push(ms),
            other => panic!("{other:?}"),
        }
        assert_eq!(feed.state(), FeedState::Loading, "still trying");
        assert!(
            feed.error().is_some(),
            "the reason is visible while retrying"
        );
        assert_eq!(feed.next_request(), None, "nothing while waiting");
    }
    assert_eq!(waits, [500, 1_000, 2_000, 4_000, 8_000]);
    let r = feed.retry_due(feed.generation()).unwrap();
    feed.on_page(r.generation, page(50, 60, None));
    assert_eq!(feed.state(), FeedState::End);
    assert_eq!(feed.attempts(), 0);
    assert!(feed.error().is_none());
}

#[test]
fn a_429_waits_at_least_retry_after() {
    let mut feed = Feed::<Job>::new();
    let r = feed.next_request().unwrap();
    let limited = ApiError::Http {
        status: 429,
        code: Some("rate_limited".into()),
        message: None,
        retry_after: Some(12),
    };
    assert_eq!(
        feed.on_error(r.generation, limited, 0.0),
        AfterError::RetryIn(12_000)
    );
}

#[test]
fn too_many_transient_failures_stop_and_a_manual_retry_resumes() {
    let mut feed = Feed::new();
    let r = feed.next_request().unwrap();
    feed.on_page(r.generation, page(0, 50, Some("c1")));
    let mut request = feed.next_request();
    let mut outcome = AfterError::Ignore;
    for _ in 0..=backoff::MAX_ATTEMPTS {
        let r = request.take().unwrap();
        outcome = feed.on_error(r.generation, http(502, "bad_gateway"), 0.5);
        request = feed.retry_due(feed.generation());
    }
    assert_eq!(outcome, AfterError::Stopped);
    assert_eq!(feed.state(), FeedState::Error);
    assert_eq!(feed.len(), 50, "loaded rows stay");
    assert_eq!(feed.next_request(), None, "stopped until asked");
    let resumed = feed.retry().unwrap();
    assert_eq!(resumed.token.as_deref(), Some("c1"));
    assert!(feed.on_page(resumed.generation, page(50, 70, None)));
    assert_eq!(feed.len(), 70);
}

#[test]
fn permanent_failures_stop_at_once() {
    for failure in [
        http(400, "invalid_request"),
        http(401, "unauthorized"),
        http(403, "forbidden"),
        http(400, "version_unsupported"),
    ] {
        let mut feed = Feed::<Job>::new();
        let r = feed.next_request().unwrap();
        assert_eq!(
            feed.on_error(r.generation, failure.clone(), 0.5),
            AfterError::Stopped
        );
        assert_eq!(feed.state(), FeedState::Error);
        assert_eq!(feed.error(), Some(&failure));
        assert_eq!(feed.retry_due(feed.generation()), None);
    }
}

#[test]
fn a_reset_ignores_late_pages_and_errors_of_the_old_filters() {
    let mut feed = Feed::new();
    let old = feed.next_request().unwrap();
    let generation = feed.reset();
    assert_eq!(generation, 1);
    assert!(
        !feed.on_page(old.generation, page(0, 50, Some("c1"))),
        "late page dropped"
    );
    assert!(feed.is_empty());
    assert_eq!(
        feed.on_error(old.generation, http(503, "x"), 0.5),
        AfterError::Ignore
    );
    let fresh = feed.next_request().unwrap();
    assert_eq!(
        fresh,
        Request {
            generation: 1,
            token: None
        }
    );
    assert!(feed.on_page(fresh.generation, page(0, 10, None)));
    assert_eq!(feed.len(), 10);
    // A reset also forgets the end and any stop.
    feed.reset();
    assert_eq!(feed.state(), FeedState::Idle);
    assert!(feed.is_empty());
}

#[test]
fn an_aborted_request_is_not_an_error() {
    let mut feed = Feed::<Job>::new();
    let r = feed.next_request().unwrap();
    assert_eq!(
        feed.on_error(r.generation, ApiError::Aborted, 0.5),
        AfterError::Ignore
    );
    assert_eq!(feed.state(), FeedState::Idle);
    assert!(feed.error().is_none());
    assert!(feed.next_request().is_some());
}

#[test]
fn the_documented_sample_page_lands() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/api/fixtures/scripe-list-jobs.json");
    let sample: JobPage = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut feed = Feed::new();
    let r = feed.next_request().unwrap();
    let next = sample
        .pagination
        .next_cursor
        .clone()
        .filter(|_| sample.pagination.has_more);
    feed.on_page(
        r.generation,
        Page {
            rows: sample.data,
            next,
        },
    );
    assert_eq!(ids(&feed), ["job_a1b2c3d4e5f6g7h8"]);
    assert_eq!(
        feed.next_request().unwrap().token.as_deref(),
        Some("<string>")
    );
}
