//! The dashboard in headless Chromium, measured, not tested. `cargo xtask bench` runs this
//! (with the release `dist/` and the release simulator) and turns the samples into
//! `BENCHMARKS.md`; alone: `cargo bench -p jobscope-e2e --bench job_list`.
//!
//! Each run starts a fresh simulator and a fresh browser profile (cold cache):
//! - time to first rows, the dashboard and the vanilla baseline (`bench/baseline/`) in
//!   alternation, so each pair shares the machine's state of the moment and their ratio is
//!   taken within the pair; both set `performance.mark("jobscope:first-rows")` when their first
//!   rows are in the DOM, read through the DevTools protocol;
//! - a filter change (a click on a status) to the new rows in the DOM;
//! - scrolling 10,000 rows at 20 rows a frame: the most row elements in the DOM at once, long
//!   tasks (over 50 ms, the browser's `longtask` entries), and then JS heap (after a forced
//!   garbage collection) plus wasm memory.
//!
//! Samples go to `JOBSCOPE_BENCH_OUT` as JSON (or stdout); `JOBSCOPE_BENCH_RUNS` runs of each
//! (default 15).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::Client;
use jobscope_e2e::cdp::cdp;
use jobscope_e2e::list::click;
use jobscope_e2e::{Env, with_site, workspace_root};
use serde_json::{Map, Value, json};

/// The simulator of every run: frozen, the same jobs every time.
fn sim_args(jobs: &'static str) -> [&'static str; 5] {
    [
        "--frozen",
        "--jobs",
        jobs,
        "--start-time",
        "2026-11-01T12:00:00Z",
    ]
}

/// Samples by measure name.
#[derive(Default)]
struct Samples(Map<String, Value>);

impl Samples {
    fn push(&mut self, name: &str, value: f64) {
        let entry = self.0.entry(name).or_insert_with(|| json!([]));
        if let Value::Array(values) = entry {
            values.push(json!(value));
        }
    }
}

/// A JS expression evaluated in the page through the DevTools protocol (awaiting promises).
async fn evaluate(client: &Client, expression: &str) -> Value {
    let answer = cdp(
        client,
        "Runtime.evaluate",
        json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
    )
    .await;
    answer["result"]["value"].clone()
}

/// Milliseconds from navigation start to the first-rows mark.
async fn first_rows_mark(client: &Client) -> f64 {
    let script =
        "performance.getEntriesByName('jobscope:first-rows').map(e => e.startTime)[0] ?? null";
    for _ in 0..1_200 {
        if let Some(ms) = evaluate(client, script).await.as_f64() {
            return ms;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no first rows within 30 s");
}

/// Runs `measure` against a fresh simulator serving `site` (the release `dist/` when `None`)
/// and a fresh browser; answers what it answers.
async fn session<F, Fut>(site: Option<&Path>, jobs: &'static str, measure: F) -> Value
where
    F: FnOnce(Env) -> Fut + Send + 'static,
    Fut: Future<Output = Value> + Send + 'static,
{
    let result = Arc::new(Mutex::new(Value::Null));
    let out = Arc::clone(&result);
    with_site(site, None, &sim_args(jobs), |env| async move {
        let value = measure(env).await;
        *out.lock().unwrap() = value;
    })
    .await;
    result.lock().unwrap().clone()
}

/// From a click on the FAILED status to rows of only that status in the DOM, in ms.
const FILTER_CHANGE: &str = r#"
    new Promise((resolve) => {
        const input = document.querySelector('input[name=status][value=FAILED]');
        const settled = () => {
            const list = document.querySelector('.job-list');
            const rows = [...document.querySelectorAll('[data-job-id]')];
            return list && list.getAttribute('data-feed-state') !== 'loading' && rows.length > 0
                && rows.every((row) => row.getAttribute('data-status') === 'FAILED');
        };
        const start = performance.now();
        const observer = new MutationObserver(() => {
            if (settled()) { observer.disconnect(); resolve(performance.now() - start); }
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        input.click();
        setTimeout(() => { observer.disconnect(); resolve(null); }, 30000);
    })
"#;

/// Scrolls the list to its end at 20 rows a frame, recording row elements and long tasks.
const SCROLL: &str = r#"
    new Promise((resolve) => {
        const longTasks = [];
        const observer = new PerformanceObserver((entries) => {
            for (const entry of entries.getEntries()) longTasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const viewport = document.querySelector('.job-table-viewport');
        let maxRows = 0;
        const start = performance.now();
        const step = () => {
            const rows = document.querySelectorAll('[data-job-id]').length;
            maxRows = Math.max(maxRows, rows);
            const list = document.querySelector('.job-list');
            const state = list.getAttribute('data-feed-state');
            const loaded = Number(list.getAttribute('data-loaded-count'));
            const bottom = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 2;
            if ((state === 'end' && bottom) || state === 'error' || performance.now() - start > 240000) {
                // Long tasks are reported after they end: one more frame to collect them.
                requestAnimationFrame(() => setTimeout(() => {
                    observer.disconnect();
                    resolve({ state, loaded, maxRows, longTasks,
                        seconds: (performance.now() - start) / 1000 });
                }, 100));
                return;
            }
            viewport.scrollTop += 20 * 44;
            requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    })
"#;

async fn app_first_rows_and_filter() -> Value {
    session(None, "5000", |env| async move {
        env.client.goto(&env.url("/")).await.unwrap();
        let first_rows = first_rows_mark(&env.client).await;
        click(&env.client, "[data-filter=status] summary").await;
        let filter = evaluate(&env.client, FILTER_CHANGE).await;
        json!({ "first_rows": first_rows, "filter": filter })
    })
    .await
}

async fn baseline_first_rows(baseline: PathBuf) -> f64 {
    let value = session(Some(&baseline), "5000", |env| async move {
        env.client.goto(&env.url("/")).await.unwrap();
        json!(first_rows_mark(&env.client).await)
    })
    .await;
    value.as_f64().expect("a time")
}

async fn scroll_ten_thousand() -> Value {
    session(None, "10000", |env| async move {
        env.client.goto(&env.url("/")).await.unwrap();
        first_rows_mark(&env.client).await;
        let scrolled = evaluate(&env.client, SCROLL).await;
        cdp(&env.client, "HeapProfiler.collectGarbage", json!({})).await;
        cdp(&env.client, "Performance.enable", json!({})).await;
        let metrics = cdp(&env.client, "Performance.getMetrics", json!({})).await;
        let heap = metrics["metrics"]
            .as_array()
            .and_then(|all| all.iter().find(|m| m["name"] == "JSHeapUsedSize"))
            .and_then(|m| m["value"].as_f64());
        let wasm = evaluate(&env.client, "window.wasmBindings.wasm_memory_bytes()").await;
        let elements = evaluate(&env.client, "document.getElementsByTagName('*').length").await;
        json!({ "scrolled": scrolled, "heap": heap, "wasm": wasm, "elements": elements })
    })
    .await
}

#[tokio::main]
async fn main() {
    let runs = std::env::var("JOBSCOPE_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(15_usize);
    let baseline = workspace_root().join("bench").join("baseline");
    let mut samples = Samples::default();

    for run in 0..runs {
        // The order alternates too, so neither page always goes first on a warm machine.
        let (app, base) = if run % 2 == 0 {
            let app = app_first_rows_and_filter().await;
            (app, baseline_first_rows(baseline.clone()).await)
        } else {
            let base = baseline_first_rows(baseline.clone()).await;
            (app_first_rows_and_filter().await, base)
        };
        let first_rows = app["first_rows"].as_f64().expect("a time");
        samples.push("first_rows_app_ms", first_rows);
        samples.push("first_rows_baseline_ms", base);
        samples.push("first_rows_ratio", first_rows / base);
        let filter = app["filter"]
            .as_f64()
            .unwrap_or_else(|| panic!("the filter change never showed FAILED rows: {app}"));
        samples.push("filter_change_ms", filter);
        eprintln!(
            "run {}/{runs}: first rows {first_rows:.0} ms (baseline {base:.0} ms), filter {filter:.0} ms",
            run + 1
        );
    }

    for run in 0..runs {
        let m = scroll_ten_thousand().await;
        let scrolled = &m["scrolled"];
        assert_eq!(scrolled["state"], "end", "{m}");
        assert_eq!(scrolled["loaded"], 10_000, "{m}");
        let long_tasks: Vec<f64> = scrolled["longTasks"]
            .as_array()
            .map(|all| all.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        let heap = m["heap"].as_f64().expect("JSHeapUsedSize") / 1_048_576.0;
        let wasm = m["wasm"].as_f64().expect("wasm memory") / 1_048_576.0;
        samples.push(
            "scroll_seconds",
            scrolled["seconds"].as_f64().unwrap_or(f64::NAN),
        );
        samples.push(
            "scroll_max_row_elements",
            scrolled["maxRows"].as_f64().unwrap_or(f64::NAN),
        );
        samples.push("scroll_long_tasks", long_tasks.len() as f64);
        samples.push(
            "scroll_longest_task_ms",
            long_tasks.iter().copied().fold(0.0, f64::max),
        );
        samples.push(
            "elements_after_scroll",
            m["elements"].as_f64().unwrap_or(f64::NAN),
        );
        samples.push("memory_js_heap_mb", heap);
        samples.push("memory_wasm_mb", wasm);
        samples.push("memory_total_mb", heap + wasm);
        eprintln!(
            "scroll {}/{runs}: {} long tasks, {} rows at most, {:.1} MB",
            run + 1,
            long_tasks.len(),
            scrolled["maxRows"],
            heap + wasm
        );
    }

    let out = json!({ "runs": runs, "samples": Value::Object(samples.0) });
    match std::env::var_os("JOBSCOPE_BENCH_OUT") {
        Some(path) => std::fs::write(&path, out.to_string())
            .unwrap_or_else(|err| panic!("cannot write {}: {err}", PathBuf::from(path).display())),
        None => println!("{out:#}"),
    }
}
