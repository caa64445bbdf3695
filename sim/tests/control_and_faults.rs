//! The live clock, the control API, injected faults, and the Booper API.

mod common;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use common::{get, post, send, sim};
use jobscope_wire::booper::BooperPage;
use jobscope_wire::scripe::{JobEnvelope, JobPage, JobStatus, JobType};
use serde_json::{Value, json};

#[tokio::test]
async fn a_job_goes_queued_running_done_as_the_clock_advances() {
    let app = sim(&["--jobs", "2000"]);
    let page: JobPage =
        serde_json::from_slice(&get(&app, "/v1/jobs?status=QUEUED&limit=1").await.body).unwrap();
    let id = page.data[0].id.clone();
    let read = |body: Vec<u8>| serde_json::from_slice::<JobEnvelope>(&body).unwrap().data;

    let status = |job: &jobscope_wire::scripe::Job| job.status.value().unwrap().as_str().to_owned();
    let mut seen = vec![status(&page.data[0])];
    let mut last_eta = u64::MAX;
    let mut last_progress = -1.0;
    for _ in 0..200 {
        post(&app, "/_sim/clock/advance", json!({"seconds": 5})).await;
        let job = read(get(&app, &format!("/v1/jobs/{id}")).await.body);
        if status(&job) == "RUNNING" {
            let progress = job.progress.value().unwrap();
            let fraction = progress.progress.value().unwrap().get();
            assert!(fraction >= last_progress && fraction <= 1.0);
            assert!(progress.message.value().is_some());
            let eta = *job.estimated_completion_ms.value().unwrap();
            assert!(eta <= last_eta);
            last_progress = fraction;
            last_eta = eta;
        }
        if seen.last() != Some(&status(&job)) {
            seen.push(status(&job));
        }
        if !job.is_active() {
            break;
        }
    }
    assert_eq!(seen[..2], ["QUEUED", "RUNNING"]);
    assert!(matches!(seen[2].as_str(), "DONE" | "FAILED"), "{seen:?}");
}

#[tokio::test]
async fn a_frozen_simulator_changes_only_through_the_control_api() {
    let app = sim(&["--jobs", "200"]);
    let before = get(&app, "/v1/jobs?limit=200").await.body;
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(get(&app, "/v1/jobs?limit=200").await.body, before);

    let inserted = post(
        &app,
        "/_sim/jobs",
        json!({"count": 3, "type": "KB_INGEST_URL"}),
    )
    .await;
    assert_eq!(inserted.status, StatusCode::CREATED);
    let new: Vec<String> = inserted.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|job| job["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(new.len(), 3);
    let head: JobPage = serde_json::from_slice(&get(&app, "/v1/jobs?limit=3").await.body).unwrap();
    let mut head_ids: Vec<String> = head.data.iter().map(|j| j.id.clone()).collect();
    head_ids.sort();
    let mut expected = new.clone();
    expected.sort();
    assert_eq!(head_ids, expected, "new jobs are the newest");
    assert!(
        head.data
            .iter()
            .all(|j| j.job_type == JobType::KbIngestUrl && j.status == JobStatus::Queued)
    );

    let state = get(&app, "/_sim/state").await.json();
    assert_eq!(state["jobs"], 203);
    assert_eq!(state["frozen"], true);

    assert_eq!(
        send(&app, Method::POST, "/_sim/reset", &[], None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(get(&app, "/v1/jobs?limit=200").await.body, before);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data() {
    let a = get(&sim(&["--jobs", "500"]), "/v1/jobs?limit=200")
        .await
        .body;
    let b = get(&sim(&["--jobs", "500"]), "/v1/jobs?limit=200")
        .await
        .body;
    let other_seed = common::app(&[
        "jobscope-sim",
        "--frozen",
        "--seed",
        "8",
        "--jobs",
        "500",
        "--start-time",
        "2026-11-01T12:00:00Z",
    ]);
    let c = get(&other_seed, "/v1/jobs?limit=200").await.body;
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[tokio::test]
async fn a_live_simulator_receives_new_jobs() {
    let count = |body: Value| body["jobs"].as_u64().unwrap();
    let app_control = common::app(&[
        "jobscope-sim",
        "--jobs",
        "20",
        "--speed",
        "600",
        "--arrival-rate",
        "1",
        "--control",
    ]);
    let first = count(get(&app_control, "/_sim/state").await.json());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let later = count(get(&app_control, "/_sim/state").await.json());
    assert!(later > first, "{first} → {later}");
    // Without --control there is no control API.
    let closed = common::app(&["jobscope-sim", "--jobs", "20"]);
    assert_eq!(
        get(&closed, "/_sim/state").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn fault(app: &axum::Router, kind: &str) -> common::Answer {
    let queued = post(app, "/_sim/faults", json!({"kind": kind, "count": 1})).await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{kind}");
    get(app, "/v1/jobs?limit=5").await
}

#[tokio::test]
async fn each_fault_kind_answers_as_described() {
    let app = sim(&["--jobs", "50", "--slow-ms", "40"]);
    for (kind, status, code) in [
        ("server_error", 500, "internal_error"),
        ("unavailable", 503, "service_unavailable"),
        ("rate_limited", 429, "rate_limited"),
        ("bad_cursor", 400, "bad_cursor"),
        ("unauthorized", 401, "unauthorized"),
        ("forbidden", 403, "forbidden"),
        ("version_unsupported", 400, "version_unsupported"),
    ] {
        let answer = fault(&app, kind).await;
        assert_eq!(answer.status.as_u16(), status, "{kind}");
        assert_eq!(answer.code(), code, "{kind}");
    }
    let gateway = fault(&app, "bad_gateway").await;
    assert_eq!(gateway.status, StatusCode::BAD_GATEWAY);
    assert!(gateway.header("content-type").starts_with("text/html"));

    let malformed = fault(&app, "malformed").await;
    assert_eq!(malformed.status, StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&malformed.body).is_err());

    let whole = get(&app, "/v1/jobs?limit=5").await.body;
    let truncated = fault(&app, "truncated").await;
    assert_eq!(truncated.status, StatusCode::OK);
    assert_eq!(truncated.body, whole[..whole.len() / 2]);
    assert!(serde_json::from_slice::<Value>(&truncated.body).is_err());

    let started = Instant::now();
    let slow = fault(&app, "slow").await;
    assert!(started.elapsed() >= Duration::from_millis(40));
    assert_eq!(slow.status, StatusCode::OK);

    // Queued faults are used up; the next answer is healthy.
    assert_eq!(get(&app, "/v1/jobs").await.status, StatusCode::OK);
    let unknown = post(&app, "/_sim/faults", json!({"kind": "meteor"})).await;
    assert!(unknown.status.is_client_error());
}

#[tokio::test]
async fn a_fault_rate_of_one_fails_every_api_request_but_not_health() {
    let app = common::app(&[
        "jobscope-sim",
        "--jobs",
        "20",
        "--fault-rate",
        "1",
        "--slow-ms",
        "1",
    ]);
    let mut statuses = std::collections::HashSet::new();
    let mut broken = 0;
    for _ in 0..70 {
        let answer = get(&app, "/v1/jobs").await;
        statuses.insert(answer.status.as_u16());
        // `slow` answers normally after its stall; every other kind is broken.
        if answer.status != StatusCode::OK
            || serde_json::from_slice::<JobPage>(&answer.body).is_err()
        {
            broken += 1;
        }
    }
    assert!(broken >= 40, "only {broken} of 70 broken");
    assert!(statuses.len() >= 4, "{statuses:?}");
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn latency_delays_api_responses() {
    let app = common::app(&["jobscope-sim", "--jobs", "20", "--latency", "30..40"]);
    let started = Instant::now();
    assert_eq!(get(&app, "/v1/jobs").await.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(30));
}

#[tokio::test]
async fn booper_pages_by_offset_with_the_documented_shape() {
    let app = sim(&["--jobs", "2000"]);
    let first = get(&app, "/api/jobs").await;
    assert_eq!(first.status, StatusCode::OK);
    let raw = first.json();
    let job = &raw["data"][0];
    for key in [
        "id",
        "idempotency_key",
        "inserted_at",
        "name",
        "description",
        "user_id",
        "schedule_id",
        "job_id",
        "job",
        "args",
    ] {
        assert!(job.get(key).is_some(), "missing {key}");
    }
    assert!(job["job"].get("has_confict").is_some());
    assert!(
        !job["inserted_at"].as_str().unwrap().ends_with('Z'),
        "naive inserted_at"
    );
    // The same fields as the documented sample, at every level.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/api/fixtures/booper-list-jobs.json");
    let sample: Value = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let keys = |value: &Value| {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(job), keys(&sample["data"][0]));
    assert_eq!(keys(&job["job"]), keys(&sample["data"][0]["job"]));
    let with_body = raw["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|job| job["args"].get("body").is_some())
        .expect("a job with a body");
    assert_eq!(keys(&with_body["args"]), keys(&sample["data"][0]["args"]));

    let page: BooperPage = serde_json::from_value(raw).unwrap();
    assert_eq!(page.data.len(), 10);
    // Walk by offset until a short page; every job once, newest first.
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let page: BooperPage = serde_json::from_slice(
            &get(&app, &format!("/api/jobs?limit=100&offset={offset}"))
                .await
                .body,
        )
        .unwrap();
        let short = page.data.len() < 100;
        all.extend(page.data);
        offset += 100;
        if short {
            break;
        }
    }
    assert_eq!(all.len(), 100, "--jobs 2000 gives 100 Booper jobs");
    let times: Vec<_> = all
        .iter()
        .map(|j| j.inserted_at.value().unwrap().to_utc().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));

    for state in ["scheduled", "completed", "cancelled"] {
        let page: BooperPage = serde_json::from_slice(
            &get(&app, &format!("/api/jobs?state={state}&limit=100"))
                .await
                .body,
        )
        .unwrap();
        assert!(!page.data.is_empty(), "{state}");
        for job in &page.data {
            let oban = job.job.value().unwrap();
            assert_eq!(
                oban.state.value().unwrap().filter().unwrap().as_str(),
                state
            );
        }
    }
    let asc: BooperPage = serde_json::from_slice(
        &get(&app, "/api/jobs?order_by=inserted_at,asc&limit=100")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(asc.data.first().map(|j| &j.id), all.last().map(|j| &j.id));

    for query in ["state=running", "limit=101", "offset=x"] {
        let answer = get(&app, &format!("/api/jobs?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.code(), "invalid_request");
    }
}

#[tokio::test]
async fn the_bypass_header_skips_faults_and_the_limit_and_state_counts_both() {
    let app = sim(&[
        "--jobs",
        "50",
        "--rate-limit",
        "2",
        "--fault-rate",
        "1",
        "--slow-ms",
        "1",
    ]);
    let bypass = [("x-sim-bypass", "1")];
    // Two plain requests draw a fault each; the third is over the limit.
    for _ in 0..2 {
        get(&app, "/v1/jobs?limit=5").await;
    }
    let refused = get(&app, "/v1/jobs?limit=5").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    post(
        &app,
        "/_sim/faults",
        json!({"kind": "forbidden", "count": 1}),
    )
    .await;
    for _ in 0..5 {
        let read = send(&app, Method::GET, "/v1/jobs?limit=5", &bypass, None).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(
            serde_json::from_slice::<JobPage>(&read.body)
                .unwrap()
                .data
                .len(),
            5
        );
        assert!(read.headers.get("x-ratelimit-remaining").is_none());
    }
    let state = get(&app, "/_sim/state").await.json();
    assert_eq!(state["queuedFaults"], json!(["forbidden"]), "not used up");
    assert_eq!(state["faultsServed"], 2, "{state}");
    assert_eq!(state["rateLimited"], 1, "{state}");
    assert_eq!(
        get(&app, "/v1/jobs?limit=5").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Without `--control` the header means nothing.
    let plain = common::app(&["jobscope-sim", "--jobs", "20", "--rate-limit", "1"]);
    assert_eq!(get(&plain, "/v1/jobs").await.status, StatusCode::OK);
    let read = send(&plain, Method::GET, "/v1/jobs", &bypass, None).await;
    assert_eq!(read.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn an_injected_version_refusal_accepts_every_version_but_the_one_asked_for() {
    let app = sim(&["--jobs", "20"]);
    for (sent, accepted) in [
        (None, vec!["2025-11-01"]),
        (Some("2026-08-01"), vec!["2025-11-01"]),
        (Some("2025-11-01"), vec!["2026-08-01"]),
    ] {
        post(
            &app,
            "/_sim/faults",
            json!({"kind": "version_unsupported", "count": 1}),
        )
        .await;
        let headers: Vec<(&str, &str)> = sent
            .iter()
            .map(|version| ("scripe-api-version", *version))
            .collect();
        let answer = send(&app, Method::GET, "/v1/jobs?limit=5", &headers, None).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{sent:?}");
        assert_eq!(answer.code(), "version_unsupported");
        assert_eq!(
            answer.json()["error"]["acceptedVersions"],
            json!(accepted),
            "{sent:?}"
        );
    }
}
