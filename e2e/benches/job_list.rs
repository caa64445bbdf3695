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
//!   garbage collection) plus wasm memory;
//! - loading 10,000 heavy rows (failed jobs whose error messages are 50 kB each, the
//!   simulator's `--error-bytes`): long tasks while loading, then JS heap and wasm memory, the
//!   weight the list keeps of rows it shows only the start of.
//!
//! Samples go to `JOBSCOPE_BENCH_OUT` as JSON (or stdout); `JOBSCOPE_BENCH_RUNS` runs of each
//! (default 15), `JOBSCOPE_BENCH_HEAVY_RUNS` of the heavy rows (default 3: each moves 500 MB).
//! `JOBSCOPE_BENCH_ONLY=heavy` runs only the heavy rows.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::Client;
use jobscope_e2e::cdp::cdp;
use jobscope_e2e::list::click;
use jobscope_e2e::{Env, with_site, workspace_root};
use serde_json::{Map, Value, json};

/// The simulator of every run: frozen, the same jobs every time.
fn sim_args(jobs: &'static str) -> Vec<&'static str> {
    vec![
        "--frozen",
        "--jobs",
        jobs,
        "--start-time",
        "2026-11-01T12:00:00Z",
    ]
}

/// Heavy rows: enough jobs for 10,000 failed ones (one job in eight fails), each failure's
/// message [`ERROR_BYTES`] long.
const HEAVY_JOBS: &str = "84000";
const HEAVY_ROWS: u64 = 10_000;
const ERROR_BYTES: &str = "50000";

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
    session_with(site, &sim_args(jobs), measure).await
}

/// [`session`] with the simulator's whole command line.
async fn session_with<F, Fut>(site: Option<&Path>, args: &[&str], measure: F) -> Value
where
    F: FnOnce(Env) -> Fut + Send + 'static,
    Fut: Future<Output = Value> + Send + 'static,
{
    let result = Arc::new(Mutex::new(Value::Null));
    let out = Arc::clone(&result);
    with_site(site, None, args, |env| async move {
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

/// Loads rows (scrolling to the end of the loaded ones each frame) until `__TARGET__` are
/// loaded or the list ends, recording long tasks.
const LOAD_ROWS: &str = r#"
    new Promise((resolve) => {
        const target = __TARGET__;
        const longTasks = [];
        const observer = new PerformanceObserver((entries) => {
            for (const entry of entries.getEntries()) longTasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const viewport = document.querySelector('.job-table-viewport');
        const start = performance.now();
        const step = () => {
            const list = document.querySelector('.job-list');
            const state = list.getAttribute('data-feed-state');
            const loaded = Number(list.getAttribute('data-loaded-count'));
            if (loaded >= target || state === 'end' || state === 'error' || performance.now() - start > 600000) {
                // Long tasks are reported after they end: one more frame to collect them.
                requestAnimationFrame(() => setTimeout(() => {
                    observer.disconnect();
                    resolve({ state, loaded, longTasks, seconds: (performance.now() - start) / 1000 });
                }, 100));
                return;
            }
            viewport.scrollTop = viewport.scrollHeight;
            requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    })
"#;

/// JS heap (after a forced garbage collection) and wasm memory, in bytes.
async fn memory(client: &Client) -> (Option<f64>, Value) {
    cdp(client, "HeapProfiler.collectGarbage", json!({})).await;
    cdp(client, "Performance.enable", json!({})).await;
    let metrics = cdp(client, "Performance.getMetrics", json!({})).await;
    let heap = metrics["metrics"]
        .as_array()
        .and_then(|all| all.iter().find(|m| m["name"] == "JSHeapUsedSize"))
        .and_then(|m| m["value"].as_f64());
    let wasm = evaluate(client, "window.wasmBindings.wasm_memory_bytes()").await;
    (heap, wasm)
}

/// 10,000 failed jobs with 50 kB error messages: long tasks while they load, then memory.
async fn heavy_rows() -> Value {
    let args = [sim_args(HEAVY_JOBS), vec!["--error-bytes", ERROR_BYTES]].concat();
    session_with(None, &args, |env| async move {
        env.client.goto(&env.url("/?status=FAILED")).await.unwrap();
        first_rows_mark(&env.client).await;
        let script = LOAD_ROWS.replace("__TARGET__", &HEAVY_ROWS.to_string());
        let loaded = evaluate(&env.client, &script).await;
        let (heap, wasm) = memory(&env.client).await;
        json!({ "loaded": loaded, "heap": heap, "wasm": wasm })
    })
    .await
}

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
        let (heap, wasm) = memory(&env.client).await;
        let elements = evaluate(&env.client, "document.getElementsByTagName('*').length").await;
        json!({ "scrolled": scrolled, "heap": heap, "wasm": wasm, "elements": elements })
    })
    .await
}

/// A whole number from the environment.
fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let only_heavy = std::env::var("JOBSCOPE_BENCH_ONLY").is_ok_and(|only| only == "heavy");
    let runs = if only_heavy {
        0
    } else {
        env_count("JOBSCOPE_BENCH_RUNS", 15)
    };
    let heavy_runs = env_count("JOBSCOPE_BENCH_HEAVY_RUNS", 3);
    let baseline = workspace_root().join("bench").join("baseline");
    let mut samples = Samples::default();

    for run in 0..heavy_runs {
        let m = heavy_rows().await;
        let loaded = &m["loaded"];
        assert!(
            loaded["loaded"].as_u64().is_some_and(|n| n >= HEAVY_ROWS),
            "the heavy rows did not all load: {m}"
        );
        let long_tasks: Vec<f64> = loaded["longTasks"]
            .as_array()
            .map(|all| all.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        let longest = long_tasks.iter().copied().fold(0.0, f64::max);
        let heap = m["heap"].as_f64().expect("JSHeapUsedSize") / 1_048_576.0;
        let wasm = m["wasm"].as_f64().expect("wasm memory") / 1_048_576.0;
        let seconds = loaded["seconds"].as_f64().unwrap_or(f64::NAN);
        samples.push("heavy_seconds", seconds);
        samples.push("heavy_long_tasks", long_tasks.len() as f64);
        samples.push("heavy_longest_task_ms", longest);
        samples.push("heavy_memory_js_heap_mb", heap);
        samples.push("heavy_memory_wasm_mb", wasm);
        samples.push("heavy_memory_total_mb", heap + wasm);
        eprintln!(
            "heavy rows {}/{heavy_runs}: {} rows in {seconds:.1} s, {} long tasks (longest \
             {longest:.0} ms), JS heap {heap:.1} MB, wasm {wasm:.1} MB",
            run + 1,
            loaded["loaded"],
            long_tasks.len(),
        );
    }

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
