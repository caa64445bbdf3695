//! The job list in headless Chromium, measured, not tested (`cargo bench -p jobscope-e2e`;
//! needs the release `dist/` and the simulator built, as `cargo xtask test` leaves them):
//! - time from navigation to first rows (`performance.mark("jobscope:first-rows")`), each run
//!   in a fresh browser profile (cold cache), against a frozen simulator of 5,000 jobs;
//! - with 10,000 rows loaded: row elements and all elements in the DOM, JS heap, wasm memory.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jobscope_e2e::with_app;
use serde_json::Value;

const RUNS: usize = 15;

fn summary(name: &str, unit: &str, mut values: Vec<f64>) {
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    println!(
        "| {name} | {median:.1} {unit} | {:.1} to {:.1} {unit} | {} |",
        values[0],
        values[values.len() - 1],
        values.len()
    );
}

async fn first_rows_ms() -> f64 {
    let result = Arc::new(Mutex::new(0.0));
    let out = Arc::clone(&result);
    let sim = [
        "--frozen",
        "--jobs",
        "5000",
        "--start-time",
        "2026-11-01T12:00:00Z",
    ];
    with_app(&sim, |env| async move {
        env.client.goto(&env.url("/")).await.unwrap();
        let script = "return performance.getEntriesByName('jobscope:first-rows').map(e => e.startTime)[0] ?? null;";
        for _ in 0..400 {
            let mark = env.client.execute(script, vec![]).await.unwrap();
            if let Some(ms) = mark.as_f64() {
                *out.lock().unwrap() = ms;
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no first rows");
    })
    .await;
    *result.lock().unwrap()
}

async fn ten_thousand_rows() -> Value {
    let result = Arc::new(Mutex::new(Value::Null));
    let out = Arc::clone(&result);
    let sim = [
        "--frozen",
        "--jobs",
        "10000",
        "--start-time",
        "2026-11-01T12:00:00Z",
    ];
    with_app(&sim, |env| async move {
        env.client.goto(&env.url("/")).await.unwrap();
        let scroll = r#"
            const v = document.querySelector('.job-table-viewport');
            const list = document.querySelector('.job-list');
            if (v) { v.scrollTop = v.scrollHeight; }
            return list ? [list.getAttribute('data-feed-state'), Number(list.getAttribute('data-loaded-count'))] : null;
        "#;
        for _ in 0..4_000 {
            let state = env.client.execute(scroll, vec![]).await.unwrap();
            if state[0] == "end" && state[1] == 10_000 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let measure = r#"
            return {
                rows: document.querySelectorAll('[data-job-id]').length,
                elements: document.getElementsByTagName('*').length,
                jsHeap: performance.memory ? performance.memory.usedJSHeapSize : null,
                wasm: window.wasmBindings.wasm_memory_bytes(),
                loaded: Number(document.querySelector('.job-list').getAttribute('data-loaded-count')),
            };
        "#;
        *out.lock().unwrap() = env.client.execute(measure, vec![]).await.unwrap();
    })
    .await;
    result.lock().unwrap().clone()
}

#[tokio::main]
async fn main() {
    println!("| measure | median | range | runs |\n|---|---|---|---|");
    let mut first = Vec::new();
    for _ in 0..RUNS {
        first.push(first_rows_ms().await);
    }
    summary(
        "navigation to first rows (5,000 jobs, cold cache)",
        "ms",
        first,
    );

    let mut rows = Vec::new();
    let mut elements = Vec::new();
    let mut heap = Vec::new();
    let mut wasm = Vec::new();
    for _ in 0..5 {
        let m = ten_thousand_rows().await;
        assert_eq!(m["loaded"], 10_000, "{m}");
        rows.push(m["rows"].as_f64().unwrap());
        elements.push(m["elements"].as_f64().unwrap());
        heap.push(m["jsHeap"].as_f64().unwrap_or(f64::NAN) / 1_048_576.0);
        wasm.push(m["wasm"].as_f64().unwrap() / 1_048_576.0);
    }
    summary("10,000 rows loaded: row elements in the DOM", "", rows);
    summary("10,000 rows loaded: all elements in the DOM", "", elements);
    summary("10,000 rows loaded: JS heap", "MB", heap);
    summary("10,000 rows loaded: wasm memory", "MB", wasm);
}
