//! Every feed transition, fed by generated pages and the documented sample page.

use jobscope_wire::Timestamp;
use jobscope_wire::scripe::{Job, JobPage, JobStatus, JobType};

use super::*;

mod contradictions;

pub(crate) fn job(id: &str, created_secs: i64) -> Job {
    let at = chrono::DateTime::from_timestamp(1_790_000_000 + created_secs, 0)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Job {
        job_type: JobType::KbIngestUrl.into(),
        attempt_count: 1.into(),
        created_at: Timestamp::raw(at).into(),
        ..Job::new(id, JobStatus::Done)
    }
}

/// Rows `from..to` of a list of 1,000 jobs, one per second, newest first.
pub(crate) fn rows(from: usize, to: usize) -> Vec<Job> {
    (from..to)
        .map(|i| job(&format!("job_{i:04}"), 1_000 - i as i64))
        .collect()
}

pub(crate) fn page(from: usize, to: usize, next: Option<&str>) -> Page<Job> {
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
    overlap.rows[0].status = JobStatus::Failed.into();
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

/// A feed that has loaded rows `0..to`, waiting for the page at `next`.
fn loaded(to: usize, next: Option<&str>) -> Feed<Job> {
    let mut feed = Feed::new();
    let r = feed.next_request().unwrap();
    assert!(feed.on_page(r.generation, page(0, to, next)));
    feed
}

fn in_list_order(feed: &Feed<Job>) -> bool {
    feed.rows()
        .windows(2)
        .all(|pair| pair[0].order_key() > pair[1].order_key())
}

#[test]
fn a_snapshot_of_a_feed_without_rows_is_none() {
    assert!(Feed::<Job>::new().snapshot().is_none());
    let mut feed = Feed::<Job>::new();
    feed.next_request().unwrap();
    assert!(feed.snapshot().is_none(), "nothing to show yet");
}

#[test]
fn a_snapshot_settles_an_in_flight_feed_and_its_restore_resumes_at_the_cached_token() {
    let mut feed = loaded(50, Some("c1"));
    feed.next_request().unwrap();
    let cached = feed.snapshot().unwrap();
    assert_eq!(cached.state(), FeedState::Idle);
    assert_eq!(cached.len(), 50);
    assert!(!cached.is_refreshing());

    let mut live = Feed::new();
    let refresh = live.restore(cached);
    assert_eq!(refresh.token, None, "the head first");
    assert!(live.on_page(refresh.generation, page(0, 20, Some("h1"))));
    assert_eq!(live.len(), 50);
    assert_eq!(
        live.next_request().unwrap().token.as_deref(),
        Some("c1"),
        "then on from where the cached feed stopped"
    );
}

#[test]
fn a_snapshot_clears_retries_and_stops() {
    let mut waiting = loaded(50, Some("c1"));
    let r = waiting.next_request().unwrap();
    waiting.on_error(r.generation, http(503, "service_unavailable"), 0.5);
    let cached = waiting.snapshot().unwrap();
    assert_eq!(cached.state(), FeedState::Idle);
    assert_eq!(cached.attempts(), 0);
    assert!(cached.error().is_none());

    let mut failed = loaded(50, Some("c1"));
    let r = failed.next_request().unwrap();
    failed.on_error(r.generation, http(403, "forbidden"), 0.5);
    assert_eq!(failed.snapshot().unwrap().state(), FeedState::Idle);

    let ended = loaded(50, None);
    assert_eq!(ended.snapshot().unwrap().state(), FeedState::End);
}

#[test]
fn a_restore_shows_the_cached_rows_at_once_and_ignores_the_old_generation() {
    let cached = loaded(50, Some("c1")).snapshot().unwrap();
    let mut live = Feed::new();
    live.reset();
    let old = live.next_request().unwrap();
    let refresh = live.restore(cached);
    assert_eq!(
        refresh,
        Request {
            generation: old.generation + 1,
            token: None
        }
    );
    assert_eq!(live.generation(), refresh.generation);
    assert_eq!(live.len(), 50, "rows at once, no empty flash");
    assert_eq!(ids(&live)[0], "job_0000");
    assert_eq!(live.state(), FeedState::Loading);
    assert!(live.is_refreshing());
    assert_eq!(live.next_request(), None, "one request at a time");
    assert!(
        !live.on_page(old.generation, page(0, 10, None)),
        "late page dropped"
    );
    assert_eq!(
        live.on_error(old.generation, http(503, "x"), 0.5),
        AfterError::Ignore
    );
    assert_eq!(live.len(), 50);
    assert!(live.is_refreshing());
    assert!(live.on_page(refresh.generation, page(0, 20, Some("h1"))));
    assert!(!live.is_refreshing());
    assert_eq!(live.state(), FeedState::Idle);
}

#[test]
fn a_reset_ends_a_refresh() {
    let mut live = Feed::new();
    let refresh = live.restore(loaded(50, Some("c1")));
    live.reset();
    assert!(!live.is_refreshing());
    assert!(live.is_empty());
    assert!(!live.on_page(refresh.generation, page(0, 20, None)));
    assert_eq!(live.next_request().unwrap().token, None);
}

#[test]
fn a_refresh_of_a_list_that_fits_one_page_replaces_the_rows() {
    let mut live = Feed::new();
    let refresh = live.restore(loaded(50, Some("c1")));
    let mut fresh = page(5, 30, None);
    fresh.rows.insert(0, job("job_new", 2_000));
    let expected: Vec<String> = fresh.rows.iter().map(|job| job.id.clone()).collect();
    assert!(live.on_page(refresh.generation, fresh));
    assert_eq!(ids(&live), expected);
    assert_eq!(live.state(), FeedState::End);
    assert_eq!(live.next_request(), None);
}

#[test]
fn a_refresh_merges_the_head_and_keeps_the_cached_rows_below_it() {
    let mut live = Feed::new();
    let refresh = live.restore(loaded(50, Some("c1")));
    let mut fresh = page(0, 20, Some("h1"));
    fresh.rows.retain(|job| job.id != "job_0003");
    fresh.rows[1].status = JobStatus::Failed.into();
    fresh.rows.insert(0, job("job_new", 2_000));
    assert!(live.on_page(refresh.generation, fresh));

    let mut expected = vec!["job_new".to_owned()];
    expected.extend((0..50).filter(|&i| i != 3).map(|i| format!("job_{i:04}")));
    assert_eq!(
        ids(&live),
        expected,
        "new at the head, the vanished one gone"
    );
    assert!(in_list_order(&live));
    assert_eq!(live.rows()[2].id, "job_0001");
    assert_eq!(
        live.rows()[2].status,
        JobStatus::Failed,
        "refreshed in place"
    );
    assert_eq!(live.state(), FeedState::Idle);
    let r = live.next_request().unwrap();
    assert_eq!(r.token.as_deref(), Some("c1"));
    // The ids shown are the ids known: overlaps are de-duplicated, a dropped row may return.
    let mut more = page(45, 60, None);
    more.rows.push(job("job_0003", 997));
    assert!(live.on_page(r.generation, more));
    assert_eq!(live.len(), 61);
    let unique: std::collections::HashSet<_> = ids(&live).into_iter().collect();
    assert_eq!(unique.len(), 61);
    assert!(in_list_order(&live));

    // A cached end stays the end: the rows below the head are all there are.
    let mut live = Feed::new();
    let refresh = live.restore(loaded(50, None));
    assert!(live.on_page(refresh.generation, page(0, 20, Some("h1"))));
    assert_eq!(live.len(), 50);
    assert_eq!(live.state(), FeedState::End);
    assert_eq!(live.next_request(), None);
}

#[test]
fn a_refresh_with_no_cached_row_below_its_page_takes_the_page_token() {
    let mut live = Feed::new();
    let refresh = live.restore(loaded(10, None));
    assert!(live.on_page(refresh.generation, page(0, 20, Some("h1"))));
    assert_eq!(live.len(), 20);
    assert!(in_list_order(&live));
    assert_eq!(live.state(), FeedState::Idle);
    assert_eq!(live.next_request().unwrap().token.as_deref(), Some("h1"));

    // An empty head with a token replaces the rows too.
    let mut live = Feed::new();
    let refresh = live.restore(loaded(10, None));
    assert!(live.on_page(
        refresh.generation,
        Page {
            rows: Vec::new(),
            next: Some("h2".into())
        }
    ));
    assert!(live.is_empty());
    assert_eq!(live.next_request().unwrap().token.as_deref(), Some("h2"));
}

#[test]
fn a_refresh_error_keeps_the_rows_and_their_phase() {
    let mut live = Feed::new();
    let refresh = live.restore(loaded(50, None));
    assert_eq!(
        live.on_error(refresh.generation, http(503, "service_unavailable"), 0.5),
        AfterError::Ignore
    );
    assert!(!live.is_refreshing());
    assert_eq!(live.len(), 50);
    assert_eq!(live.state(), FeedState::End);
    assert!(live.error().is_none());
    assert_eq!(live.next_request(), None);

    for failure in [
        ApiError::Aborted,
        http(400, "bad_cursor"),
        http(403, "forbidden"),
    ] {
        let mut live = Feed::new();
        let refresh = live.restore(loaded(50, Some("c1")));
        assert_eq!(
            live.on_error(refresh.generation, failure, 0.5),
            AfterError::Ignore
        );
        assert_eq!(live.len(), 50);
        assert_eq!(live.state(), FeedState::Idle);
        assert_eq!(live.next_request().unwrap().token.as_deref(), Some("c1"));
    }
}

#[test]
fn the_cache_evicts_the_least_recent_feed() {
    let mut cache = FeedCache::new(3);
    cache.put("a", loaded(1, None));
    cache.put("b", loaded(2, None));
    cache.put("c", loaded(3, None));
    cache.put("d", loaded(4, None));
    assert_eq!(cache.len(), 3);
    assert!(cache.take(&"a").is_none(), "the least recent went first");
    // Putting "b" again makes it the most recent, so "c" goes next.
    cache.put("b", loaded(5, None));
    cache.put("e", loaded(6, None));
    assert!(cache.take(&"c").is_none());
    assert_eq!(cache.take(&"b").map(|feed| feed.len()), Some(5), "replaced");
    assert_eq!(cache.take(&"d").map(|feed| feed.len()), Some(4));
    assert_eq!(cache.take(&"e").map(|feed| feed.len()), Some(6));
    assert!(cache.is_empty());
}

#[test]
fn taking_a_feed_removes_it_and_clear_empties_the_cache() {
    let mut cache = FeedCache::new(RECENT_FEEDS);
    cache.put("a", loaded(10, Some("c1")));
    cache.put("b", loaded(20, None));
    let taken = cache.take(&"a").unwrap();
    assert_eq!(taken.len(), 10);
    assert!(cache.take(&"a").is_none(), "taken once");
    assert_eq!(cache.len(), 1);
    cache.clear();
    assert!(cache.is_empty());
}

#[test]
fn oversized_feeds_are_not_cached() {
    let mut cache = FeedCache::new(RECENT_FEEDS);
    cache.put("big", loaded(10, Some("c1")));
    cache.put("big", loaded(MAX_CACHED_ROWS + 1, Some("c2")));
    assert!(
        cache.take(&"big").is_none(),
        "nor is an older copy restored"
    );
    cache.put("fits", loaded(MAX_CACHED_ROWS, Some("c3")));
    assert_eq!(cache.len(), 1);
}
