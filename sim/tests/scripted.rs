//! The control API's scripted answers, request log and jobs with exact ids.

mod common;

use axum::http::{Method, StatusCode};
use common::{get, post, send, sim};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

async fn logged(app: &axum::Router) -> Vec<Value> {
    get(app, "/_sim/requests").await.json()["requests"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_scripted_answer_replaces_the_next_answers_on_its_path_only() {
    let app = sim(&["--jobs", "50"]);
    let crafted = json!({"data": [], "pagination": {"has_more": true, "next_cursor": null}});
    let queued = post(
        &app,
        "/_sim/responses",
        json!({"path": "/v1/jobs", "body": crafted, "count": 2}),
    )
    .await;
    assert_eq!(queued.status, StatusCode::ACCEPTED);
    assert_eq!(get(&app, "/_sim/state").await.json()["scriptedAnswers"], 2);

    // Another path is answered for real, and does not use up the script.
    assert_eq!(get(&app, "/api/jobs").await.status, StatusCode::OK);
    for _ in 0..2 {
        let answer = get(&app, "/v1/jobs?limit=5&status=FAILED").await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.json(), crafted);
    }
    let real = get(&app, "/v1/jobs?limit=5").await.json();
    assert_eq!(real["data"].as_array().map(Vec::len), Some(5));

    post(
        &app,
        "/_sim/responses",
        json!({"path": "/v1/jobs", "status": 503, "body": {"error": {"code": "x"}}}),
    )
    .await;
    let cleared = send(&app, Method::DELETE, "/_sim/responses", &[], None).await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&app, "/v1/jobs?limit=1").await.status, StatusCode::OK);

    let bad = post(
        &app,
        "/_sim/responses",
        json!({"path": "/v1/jobs", "status": 1000, "body": {}}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_request_log_keeps_what_was_sent_and_skips_bypass_and_control() {
    let app = sim(&["--jobs", "20"]);
    get(&app, "/v1/jobs?limit=2&cursor=a%2Bb").await;
    get(&app, "/v1/jobs/job_a%20b%2Bc").await;
    send(
        &app,
        Method::GET,
        "/v1/jobs?limit=9",
        &[("x-sim-bypass", "1")],
        None,
    )
    .await;
    let log = logged(&app).await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["path"], "/v1/jobs");
    assert_eq!(log[0]["query"], "limit=2&cursor=a%2Bb");
    assert_eq!(log[1]["path"], "/v1/jobs/job_a%20b%2Bc");
    assert_eq!(log[1]["decodedPath"], "/v1/jobs/job_a b+c");

    send(&app, Method::DELETE, "/_sim/requests", &[], None).await;
    assert!(logged(&app).await.is_empty());
}

#[tokio::test]
async fn a_job_with_an_odd_id_is_listed_read_and_cancelled_by_its_encoded_path() {
    let app = sim(&["--jobs", "20"]);
    let id = "job_a b+c/d#e%f?g&h.i:j é✓";
    let inserted = post(&app, "/_sim/jobs", json!({"id": id})).await;
    assert_eq!(inserted.status, StatusCode::CREATED);
    assert_eq!(inserted.json()["data"][0]["id"], id);
    assert_eq!(inserted.json()["data"][0]["status"], "QUEUED");
    let again = post(&app, "/_sim/jobs", json!({"id": id})).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "ids are unique");

    let listed = get(&app, "/v1/jobs?limit=1").await.json();
    assert_eq!(listed["data"][0]["id"], id, "newest first");

    // Every byte but RFC 3986's unreserved ones, as the dashboard encodes a path segment.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let encoded = utf8_percent_encode(id, SEGMENT).to_string();
    let read = get(&app, &format!("/v1/jobs/{encoded}")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["data"]["id"], id);
    let cancelled = post(&app, &format!("/v1/jobs/{encoded}/cancel"), json!({})).await;
    assert_eq!(cancelled.status, StatusCode::OK);
    assert_eq!(cancelled.json()["data"]["status"], "CANCELLED");
    // A form-encoded space (`+`) names another job, which does not exist.
    let wrong = get(&app, "/v1/jobs/job_a+b%2Bc%2Fd").await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
}
