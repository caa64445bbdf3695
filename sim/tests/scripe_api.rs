//! Scripe v1 as the API facts describe it, through the real router.

mod common;

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use common::{get, post, send, sim};
use jobscope_wire::scripe::{JobEnvelope, JobPage, JobStatus, JobType};
use serde_json::json;

fn page(answer: &common::Answer) -> JobPage {
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    serde_json::from_slice(&answer.body).unwrap()
}

/// `(createdAt, id)` strictly descending.
fn assert_list_order(jobs: &[jobscope_wire::scripe::Job]) {
    for pair in jobs.windows(2) {
        let created = |job: &jobscope_wire::scripe::Job| job.created_at.value().unwrap().to_utc();
        let a = (created(&pair[0]).unwrap(), &pair[0].id);
        let b = (created(&pair[1]).unwrap(), &pair[1].id);
        assert!(a > b, "{a:?} before {b:?}");
    }
}

async fn walk(app: &axum::Router, query: &str, limit: u32) -> Vec<jobscope_wire::scripe::Job> {
    let mut jobs = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut uri = format!("/v1/jobs?limit={limit}{query}");
        if let Some(cursor) = &cursor {
            uri.push_str(&format!("&cursor={cursor}"));
        }
        let page = page(&get(app, &uri).await);
        jobs.extend(page.data);
        match page.pagination.next_cursor {
            Some(next) => {
                assert!(page.pagination.has_more);
                cursor = Some(next);
            }
            None => {
                assert!(!page.pagination.has_more);
                return jobs;
            }
        }
    }
}

#[tokio::test]
async fn the_first_page_has_fifty_newest_jobs_and_a_cursor() {
    let app = sim(&["--jobs", "300"]);
    let first = page(&get(&app, "/v1/jobs").await);
    assert_eq!(first.data.len(), 50);
    assert_list_order(&first.data);
    let cursor = first.pagination.next_cursor.unwrap();
    assert!(
        cursor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
}

#[tokio::test]
async fn a_walk_yields_every_job_once_in_order() {
    let app = sim(&["--jobs", "1000"]);
    let jobs = walk(&app, "", 200).await;
    assert_eq!(jobs.len(), 1000);
    assert_list_order(&jobs);
    let ids: HashSet<_> = jobs.iter().map(|j| &j.id).collect();
    assert_eq!(ids.len(), 1000);
    // Bursts put many jobs in one second; the id breaks the tie.
    let seconds: HashSet<_> = jobs
        .iter()
        .map(|j| j.created_at.value().unwrap().as_str())
        .collect();
    assert!(seconds.len() < 1000);
}

#[tokio::test]
async fn status_and_type_lists_filter_in_any_order_with_repeats() {
    let app = sim(&["--jobs", "1500"]);
    let all = walk(&app, "", 200).await;
    let a = walk(
        &app,
        "&status=FAILED,DONE&type=KB_INGEST_URL,POST_GENERATION",
        100,
    )
    .await;
    let b = walk(
        &app,
        "&status=DONE,FAILED,DONE&type=POST_GENERATION,%20KB_INGEST_URL",
        37,
    )
    .await;
    let expected: Vec<_> = all
        .iter()
        .filter(|j| matches!(j.status.value(), Some(JobStatus::Done | JobStatus::Failed)))
        .filter(|j| {
            matches!(
                j.job_type.value().map(JobType::as_str),
                Some("KB_INGEST_URL" | "POST_GENERATION")
            )
        })
        .map(|j| j.id.clone())
        .collect();
    assert!(!expected.is_empty());
    let ids =
        |jobs: &[jobscope_wire::scripe::Job]| jobs.iter().map(|j| j.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), expected);
    assert_eq!(ids(&b), expected);
}

#[tokio::test]
async fn unknown_statuses_and_types_are_400s_naming_them() {
    let app = sim(&["--jobs", "10"]);
    for (query, named) in [
        ("status=DONE,PAUSED", "PAUSED"),
        ("type=VIDEO", "VIDEO"),
        ("status=done", "done"),
    ] {
        let answer = get(&app, &format!("/v1/jobs?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert_eq!(answer.code(), "invalid_request");
        let message = answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(&format!("`{named}`")), "{message}");
    }
    let twice = get(&app, "/v1/jobs?status=DONE&status=FAILED").await;
    assert_eq!(twice.code(), "invalid_request");
}

#[tokio::test]
async fn date_bounds_are_inclusive_and_a_bare_date_to_covers_the_day() {
    let app = sim(&["--jobs", "3000"]);
    let all = walk(&app, "", 200).await;
    let day = "2026-10-20";
    let in_day: Vec<_> = all
        .iter()
        .filter(|j| j.created_at.value().unwrap().as_str().starts_with(day))
        .map(|j| j.id.clone())
        .collect();
    assert!(!in_day.is_empty());
    let by_dates = walk(&app, &format!("&dateFrom={day}&dateTo={day}"), 200).await;
    let got: Vec<_> = by_dates.iter().map(|j| j.id.clone()).collect();
    assert_eq!(got, in_day);

    // An exact createdAt as both bounds returns the jobs of that second.
    let stamp = all[100].created_at.value().unwrap().as_str().to_owned();
    let same_second = all
        .iter()
        .filter(|j| j.created_at.value().unwrap().as_str() == stamp)
        .count();
    let exact = walk(&app, &format!("&dateFrom={stamp}&dateTo={stamp}"), 200).await;
    assert_eq!(exact.len(), same_second);
}

#[tokio::test]
async fn bad_dates_and_reversed_ranges_are_400s() {
    let app = sim(&["--jobs", "10"]);
    for query in [
        "dateFrom=2026-02-30",
        "dateTo=tomorrow",
        "dateFrom=2026-10-02&dateTo=2026-10-01",
        "dateFrom=2026-10-01T10:00:00Z&dateTo=2026-10-01T09:59:59Z",
    ] {
        let answer = get(&app, &format!("/v1/jobs?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.code(), "invalid_request", "{query}");
    }
}

#[tokio::test]
async fn limit_defaults_to_50_allows_1_to_200_and_refuses_the_rest() {
    let app = sim(&["--jobs", "300"]);
    assert_eq!(page(&get(&app, "/v1/jobs?limit=1").await).data.len(), 1);
    assert_eq!(page(&get(&app, "/v1/jobs?limit=200").await).data.len(), 200);
    for limit in ["0", "201", "-1", "ten", "1e2", ""] {
        let answer = get(&app, &format!("/v1/jobs?limit={limit}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "limit={limit}");
        assert_eq!(answer.code(), "bad_pagination", "limit={limit}");
    }
}

#[tokio::test]
async fn garbage_cursors_and_cursors_from_other_filters_are_bad_cursor() {
    let app = sim(&["--jobs", "300"]);
    let cursor = page(&get(&app, "/v1/jobs?status=DONE").await)
        .pagination
        .next_cursor
        .unwrap();
    // Same filters in another order: accepted.
    let same = get(&app, &format!("/v1/jobs?status=DONE,DONE&cursor={cursor}")).await;
    assert_eq!(same.status, StatusCode::OK);
    for query in [
        format!("status=FAILED&cursor={cursor}"),
        format!("cursor={cursor}"),
        "cursor=not-a-cursor".to_owned(),
        "cursor=YzF8MTIzfGpvYl94fDAwMDA".to_owned(),
    ] {
        let answer = get(&app, &format!("/v1/jobs?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.code(), "bad_cursor", "{query}");
    }
}

#[tokio::test]
async fn api_versions_current_deprecated_and_unsupported() {
    let app = sim(&["--jobs", "10"]);
    let none = get(&app, "/v1/jobs").await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.headers.get("scripe-deprecation").is_none());

    let current = send(
        &app,
        Method::GET,
        "/v1/jobs",
        &[("Scripe-Api-Version", "2026-08-01")],
        None,
    )
    .await;
    assert_eq!(current.status, StatusCode::OK);

    let old = send(
        &app,
        Method::GET,
        "/v1/jobs",
        &[("Scripe-Api-Version", "2025-11-01")],
        None,
    )
    .await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(
        old.header("scripe-deprecation"),
        "2025-11-01; sunset=2027-02-01; replacement=2026-08-01"
    );

    let unknown = send(
        &app,
        Method::GET,
        "/v1/jobs",
        &[("Scripe-Api-Version", "2019-01-01")],
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.code(), "version_unsupported");
    assert_eq!(
        unknown.json()["error"]["acceptedVersions"],
        json!(["2026-08-01", "2025-11-01"])
    );
}

#[tokio::test]
async fn an_api_key_is_required_when_configured_and_never_echoed() {
    let key = "scripe_sk_test_0123456789";
    let app = sim(&["--jobs", "10", "--api-key", key]);
    let missing = get(&app, "/v1/jobs").await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.code(), "unauthorized");
    assert_eq!(missing.header("www-authenticate"), "Bearer");

    let wrong = send(
        &app,
        Method::GET,
        "/v1/jobs",
        &[("Authorization", "Bearer scripe_sk_live_nope")],
        None,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(wrong.code(), "forbidden");
    assert!(!String::from_utf8_lossy(&wrong.body).contains("nope"));

    let bearer = format!("Bearer {key}");
    let right = send(
        &app,
        Method::GET,
        "/v1/jobs",
        &[("Authorization", &bearer)],
        None,
    )
    .await;
    assert_eq!(right.status, StatusCode::OK);
    assert!(!String::from_utf8_lossy(&right.body).contains(key));
    // Booper is behind the same key.
    assert_eq!(
        get(&app, "/api/jobs").await.status,
        StatusCode::UNAUTHORIZED
    );
    // Without --api-key any key, or none, is accepted.
    let open = sim(&["--jobs", "10"]);
    let any = send(
        &open,
        Method::GET,
        "/v1/jobs",
        &[("Authorization", "Bearer whatever")],
        None,
    )
    .await;
    assert_eq!(any.status, StatusCode::OK);
}

#[tokio::test]
async fn the_rate_limit_counts_a_sliding_window_and_says_when_to_retry() {
    let app = sim(&["--jobs", "10", "--rate-limit", "3"]);
    for remaining in ["2", "1", "0"] {
        let answer = get(&app, "/v1/jobs").await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("x-ratelimit-limit"), "3");
        assert_eq!(answer.header("x-ratelimit-remaining"), remaining);
        let reset: u64 = answer.header("x-ratelimit-reset").parse().unwrap();
        assert!((1..=60).contains(&reset));
    }
    let refused = get(&app, "/api/jobs").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.code(), "rate_limited");
    let retry: u64 = refused.header("retry-after").parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(refused.header("x-ratelimit-remaining"), "0");
    // No headers without a limit.
    let open = get(&sim(&["--jobs", "10"]), "/v1/jobs").await;
    assert!(open.headers.get("x-ratelimit-limit").is_none());
}

#[tokio::test]
async fn one_job_by_id_and_a_404_for_unknown_ids() {
    let app = sim(&["--jobs", "50"]);
    let first = page(&get(&app, "/v1/jobs?limit=1").await).data.remove(0);
    let one: JobEnvelope =
        serde_json::from_slice(&get(&app, &format!("/v1/jobs/{}", first.id)).await.body).unwrap();
    assert_eq!(one.data, first);
    let missing = get(&app, "/v1/jobs/job_doesnotexist0000").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "not_found");
}

#[tokio::test]
async fn queued_jobs_cancel_and_others_are_409s() {
    let app = sim(&["--jobs", "2000"]);
    let queued = page(&get(&app, "/v1/jobs?status=QUEUED&limit=1").await)
        .data
        .remove(0);
    let running = page(&get(&app, "/v1/jobs?status=RUNNING&limit=1").await)
        .data
        .remove(0);

    let cancelled = post(&app, &format!("/v1/jobs/{}/cancel", queued.id), json!({})).await;
    assert_eq!(cancelled.status, StatusCode::OK);
    assert_eq!(cancelled.json()["data"]["status"], "CANCELLED");
    let again = get(&app, &format!("/v1/jobs/{}", queued.id)).await;
    assert_eq!(again.json()["data"]["status"], "CANCELLED");

    let refused = post(&app, &format!("/v1/jobs/{}/cancel", running.id), json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "job_not_cancellable");
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("RUNNING")
    );
    let twice = post(&app, &format!("/v1/jobs/{}/cancel", queued.id), json!({})).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    let unknown = post(&app, "/v1/jobs/job_nope/cancel", json!({})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cors_allows_any_origin_with_the_key_and_version_headers() {
    let app = sim(&["--jobs", "10", "--rate-limit", "100"]);
    let preflight = send(
        &app,
        Method::OPTIONS,
        "/v1/jobs",
        &[
            ("Origin", "https://cdn.example"),
            ("Access-Control-Request-Method", "GET"),
            (
                "Access-Control-Request-Headers",
                "authorization,scripe-api-version",
            ),
        ],
        None,
    )
    .await;
    assert!(preflight.status.is_success());
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
    let allowed = preflight
        .header("access-control-allow-headers")
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("scripe-api-version"));

    let actual = send(
        &app,
        Method::GET,
        "/v1/jobs",
        &[("Origin", "https://cdn.example")],
        None,
    )
    .await;
    assert_eq!(actual.header("access-control-allow-origin"), "*");
    let exposed = actual
        .header("access-control-expose-headers")
        .to_ascii_lowercase();
    for name in [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "retry-after",
        "scripe-deprecation",
    ] {
        assert!(exposed.contains(name), "{name} not exposed: {exposed}");
    }
}
