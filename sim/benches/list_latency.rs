//! List latency of the simulator at 200,000 jobs, in-process through the real router (no
//! socket): `cargo bench -p jobscope-sim --bench list_latency`. Target: p99 ≤ 5 ms.

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use clap::Parser;
use http_body_util::BodyExt;
use jobscope_sim::{Args, router};
use tower::ServiceExt;

const JOBS: &str = "200000";
const RUNS: usize = 400;

async fn fetch(app: &Router, uri: &str) -> serde_json::Value {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{uri}: {}",
        response.status()
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let started = Instant::now();
    let args = Args::try_parse_from([
        "jobscope-sim",
        "--frozen",
        "--seed",
        "1",
        "--jobs",
        JOBS,
        "--start-time",
        "2026-11-01T12:00:00Z",
    ])
    .unwrap();
    let app = router(&args);
    println!(
        "generated {JOBS} jobs in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // A cursor ten pages deep, for the "deep page" case.
    let mut cursor = String::new();
    for _ in 0..10 {
        let uri = if cursor.is_empty() {
            "/v1/jobs?limit=50".to_owned()
        } else {
            format!("/v1/jobs?limit=50&cursor={cursor}")
        };
        cursor = fetch(&app, &uri).await["pagination"]["next_cursor"]
            .as_str()
            .unwrap()
            .to_owned();
    }
    let cases = [
        (
            "first page (default filters, 50 rows)",
            "/v1/jobs".to_owned(),
        ),
        (
            "page 11 by cursor",
            format!("/v1/jobs?limit=50&cursor={cursor}"),
        ),
        (
            "status=FAILED, 200 rows",
            "/v1/jobs?status=FAILED&limit=200".to_owned(),
        ),
        (
            "type=KB_INGEST_URL,KB_INGEST_FILE",
            "/v1/jobs?type=KB_INGEST_URL,KB_INGEST_FILE".to_owned(),
        ),
        (
            "status=QUEUED (rare, via the status index)",
            "/v1/jobs?status=QUEUED".to_owned(),
        ),
        (
            "status=CANCELLED, type=KB_INGEST_YOUTUBE (rarest pair)",
            "/v1/jobs?status=CANCELLED&type=KB_INGEST_YOUTUBE".to_owned(),
        ),
        (
            "type=SOURCE_INGEST_FILE, dateTo=2026-09-15 (deep range)",
            "/v1/jobs?type=SOURCE_INGEST_FILE&dateTo=2026-09-15".to_owned(),
        ),
        (
            "last 7 days, FAILED+CANCELLED",
            "/v1/jobs?status=FAILED,CANCELLED&dateFrom=2026-10-25".to_owned(),
        ),
        ("Booper first page", "/api/jobs".to_owned()),
        (
            "Booper state=completed, offset 500",
            "/api/jobs?state=completed&offset=500&limit=100".to_owned(),
        ),
    ];
    println!("\n| request | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|");
    for (name, uri) in cases {
        for _ in 0..20 {
            fetch(&app, &uri).await;
        }
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let at = Instant::now();
            fetch(&app, &uri).await;
            times.push(at.elapsed());
        }
        times.sort();
        println!(
            "| {name} | {} | {} | {} | {} |",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(percentile(&times, 0.99)),
            ms(times[times.len() - 1]),
        );
    }
}
