//! The dashboard in headless Chromium, measured, not tested. `cargo xtask bench` runs this
//! (with the release `dist/` and the release simulator) and turns the samples into
//! `BENCHMARKS.md`; alone: `cargo bench -p jobscope-e2e --bench job_list`.
//!
//! Each run starts a fresh simulator and a fresh browser profile (cold cache):
//! - time to first rows, the dashboard and the vanilla baseline (`bench/baseline/`) in
//!   alternation, so each pair shares the machine's state of the moment and their ratio is
//!   taken within the pair; both set `performance.mark("jobscope:first-rows")` when their first
//!   rows are in the DOM, read through the DevTools protocol. Once with the simulator's API
//!   answering at once, once with it answering after 100 ms (`--latency`, a remote API);
//! - what the dashboard fetched before its first rows (the page and every Resource Timing
//!   entry that started before the mark), as URLs: `cargo xtask bench` sizes them by `dist/`;
//! - a filter change (a click on a status) to the new rows in the DOM;
//! - a click on a row to the drawer's content (`dialog.drawer[open]` with the job's status),
//!   once the network has settled after the first rows: on the first open after load (the
//!   app's idle prefetch done) and on a second open; and cold, with the browser asking to save
//!   data, for which the app prefetches nothing; with the URLs fetched between the first rows
//!   and the click, and after it;
//! - scrolling 10,000 rows at 20 rows a frame: the most row elements in the DOM at once, long
//!   tasks (over 50 ms, the browser's `longtask` entries), and then JS heap (after a forced
//!   garbage collection) plus wasm memory;
//! - loading 10,000 heavy rows (failed jobs whose error messages are 50 kB each, the
//!   simulator's `--error-bytes`): long tasks while loading, then JS heap and wasm memory, the
//!   weight the list keeps of rows it shows only the start of.
//!
//! - Insights over 10,000 jobs at the rate limit Scripe documents (120 a minute), API latency
//!   0 and 100 ms: navigation to the complete result.
//!
//! Samples (numbers by measure) and fetches (URLs by stretch of time, one list per run) go to
//! `JOBSCOPE_BENCH_OUT` as JSON (or stdout); `JOBSCOPE_BENCH_RUNS` runs of each (default 15),
//! `JOBSCOPE_BENCH_HEAVY_RUNS` of the heavy rows (default 3: each moves 500 MB).
//! `JOBSCOPE_BENCH_ONLY=heavy` runs only the heavy rows, `JOBSCOPE_BENCH_ONLY=first` only the
//! first rows and the drawer, `JOBSCOPE_BENCH_ONLY=insights` only Insights.

mod scripts;
mod sessions;

use std::path::{Path, PathBuf};

use jobscope_e2e::workspace_root;
use serde_json::{Map, Value, json};

use sessions::{
    HEAVY_ROWS, app_first_rows, baseline_first_rows, drawer, heavy_rows, insights_complete,
    scroll_ten_thousand,
};

/// Samples by measure name; and the URLs fetched, by stretch of time, one list per run.
#[derive(Default)]
struct Samples {
    samples: Map<String, Value>,
    fetched: Map<String, Value>,
}

impl Samples {
    fn push(&mut self, name: &str, value: f64) {
        let entry = self.samples.entry(name).or_insert_with(|| json!([]));
        if let Value::Array(values) = entry {
            values.push(json!(value));
        }
    }

    /// One run's URLs (a JSON array of strings) for the stretch `name`.
    fn fetched(&mut self, name: &str, urls: &Value) {
        let urls: Vec<&str> = urls
            .as_array()
            .map(|urls| urls.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let entry = self.fetched.entry(name).or_insert_with(|| json!([]));
        if let Value::Array(runs) = entry {
            runs.push(json!(urls));
        }
    }
}

/// A whole number from the environment.
fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(default)
}

/// The numbers of a JSON array.
fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .map(|all| all.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// The API's paths: calls, not files (as `xtask/src/bench/assets.rs` and `scripts.rs` tell
/// them apart).
fn is_api(url: &str) -> bool {
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
        .unwrap_or(url);
    ["/v1", "/api", "/healthz", "/_sim"].iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
    })
}

/// The dashboard and the baseline, one after the other (which goes first alternates with
/// `run`, so neither page always meets a warm machine), with the API `latency_ms` away:
/// first rows, their ratio and the dashboard's first load; at 0 ms also the filter change.
async fn first_rows_pair(
    samples: &mut Samples,
    run: usize,
    baseline: &Path,
    latency_ms: Option<&'static str>,
) -> String {
    let filter = latency_ms.is_none();
    let (app, base) = if run.is_multiple_of(2) {
        let app = app_first_rows(latency_ms, filter).await;
        (
            app,
            baseline_first_rows(baseline.to_owned(), latency_ms).await,
        )
    } else {
        let base = baseline_first_rows(baseline.to_owned(), latency_ms).await;
        (app_first_rows(latency_ms, filter).await, base)
    };
    let suffix = latency_ms.map_or_else(String::new, |ms| format!("_{ms}ms"));
    let first_rows = app["first_rows"].as_f64().expect("a time");
    samples.push(&format!("first_rows_app{suffix}_ms"), first_rows);
    samples.push(&format!("first_rows_baseline{suffix}_ms"), base);
    samples.push(&format!("first_rows_ratio{suffix}"), first_rows / base);
    samples.fetched("first_load", &app["first_load"]["urls"]);
    let received = app["first_load"]["received"]
        .as_f64()
        .unwrap_or_else(|| panic!("no first load: {app}"));
    samples.push("first_load_received_kb", received / 1024.0);
    let mut line = format!(
        "API at {} ms: first rows {first_rows:.0} ms (baseline {base:.0} ms), {:.1} KB received",
        latency_ms.unwrap_or("0"),
        received / 1024.0
    );
    if filter {
        let ms = app["filter"]
            .as_f64()
            .unwrap_or_else(|| panic!("the filter change never showed FAILED rows: {app}"));
        samples.push("filter_change_ms", ms);
        line.push_str(&format!(", filter {ms:.0} ms"));
    }
    line
}

/// The drawer's opens (which session goes first alternates with `run`): the first after load
/// with the app's idle prefetch, then a second; and cold, the app asked to prefetch nothing.
async fn drawer_opens(samples: &mut Samples, run: usize) -> String {
    let (prefetched, cold) = if run.is_multiple_of(2) {
        let prefetched = drawer(true).await;
        (prefetched, drawer(false).await)
    } else {
        let cold = drawer(false).await;
        (drawer(true).await, cold)
    };
    let ms = |opened: &Value, what: &str| {
        opened["ms"].as_f64().unwrap_or_else(|| {
            panic!("the drawer ({what}) never showed the job's content: {opened}")
        })
    };
    let first = &prefetched["first"];
    let cold_first = &cold["first"];
    let (warm_ms, second_ms, cold_ms) = (
        ms(first, "first open"),
        ms(&prefetched["second"], "second open"),
        ms(cold_first, "cold"),
    );
    samples.push("drawer_open_prefetched_ms", warm_ms);
    samples.push("drawer_open_second_ms", second_ms);
    samples.push("drawer_open_cold_ms", cold_ms);
    samples.push(
        "drawer_settled_ms",
        prefetched["settled"].as_f64().unwrap_or(f64::NAN),
    );
    // A cold open is cold only if no file came between the first rows and its click.
    let early = cold_first["before"].as_array().map_or(0, |urls| {
        urls.iter()
            .filter_map(Value::as_str)
            .filter(|url| !is_api(url))
            .count()
    });
    samples.push("drawer_cold_prefetched_files", early as f64);
    samples.fetched("drawer_prefetched_before", &first["before"]);
    samples.fetched("drawer_prefetched_after", &first["after"]);
    samples.fetched("drawer_cold_before", &cold_first["before"]);
    samples.fetched("drawer_cold_after", &cold_first["after"]);
    format!(
        "drawer {warm_ms:.0} ms prefetched (second {second_ms:.0} ms), {cold_ms:.0} ms cold \
         ({early} files fetched before its click)"
    )
}

fn heavy(samples: &mut Samples, run: usize, heavy_runs: usize, m: &Value) {
    let loaded = &m["loaded"];
    assert!(
        loaded["loaded"].as_u64().is_some_and(|n| n >= HEAVY_ROWS),
        "the heavy rows did not all load: {m}"
    );
    let long_tasks = numbers(&loaded["longTasks"]);
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

fn scroll(samples: &mut Samples, run: usize, runs: usize, m: &Value) {
    let scrolled = &m["scrolled"];
    assert_eq!(scrolled["state"], "end", "{m}");
    assert_eq!(scrolled["loaded"], 10_000, "{m}");
    let long_tasks = numbers(&scrolled["longTasks"]);
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

#[tokio::main]
async fn main() {
    let only = std::env::var("JOBSCOPE_BENCH_ONLY").unwrap_or_default();
    let runs = if only.is_empty() || only == "first" {
        env_count("JOBSCOPE_BENCH_RUNS", 15)
    } else {
        0
    };
    let heavy_runs = if only.is_empty() || only == "heavy" {
        env_count("JOBSCOPE_BENCH_HEAVY_RUNS", 3)
    } else {
        0
    };
    let scroll_runs = if only.is_empty() { runs } else { 0 };
    let insights_runs = if only.is_empty() || only == "insights" {
        env_count("JOBSCOPE_BENCH_RUNS", 15)
    } else {
        0
    };
    let baseline = workspace_root().join("bench").join("baseline");
    let mut samples = Samples::default();

    for run in 0..heavy_runs {
        let m = heavy_rows().await;
        heavy(&mut samples, run, heavy_runs, &m);
    }

    for run in 0..runs {
        let local = first_rows_pair(&mut samples, run, &baseline, None).await;
        let remote = first_rows_pair(&mut samples, run, &baseline, Some("100")).await;
        let drawer = drawer_opens(&mut samples, run).await;
        eprintln!("run {}/{runs}: {local}; {remote}; {drawer}", run + 1);
    }

    for run in 0..scroll_runs {
        let m = scroll_ten_thousand().await;
        scroll(&mut samples, run, scroll_runs, &m);
    }

    for run in 0..insights_runs {
        let mut line = Vec::new();
        for latency_ms in [None, Some("100")] {
            let m = insights_complete(latency_ms).await;
            assert_eq!(m["state"], "done", "Insights did not complete: {m}");
            assert_eq!(m["jobs"], 10_000, "Insights read every job: {m}");
            let ms = m["ms"].as_f64().expect("a time");
            let suffix = latency_ms.map_or_else(String::new, |ms| format!("_{ms}ms"));
            samples.push(&format!("insights_complete{suffix}_ms"), ms);
            line.push(format!("{ms:.0} ms at {} ms", latency_ms.unwrap_or("0")));
        }
        eprintln!(
            "insights {}/{insights_runs}: 10,000 jobs complete {}",
            run + 1,
            line.join(", ")
        );
    }

    let out = json!({
        "runs": runs,
        "samples": Value::Object(samples.samples),
        "fetched": Value::Object(samples.fetched),
    });
    match std::env::var_os("JOBSCOPE_BENCH_OUT") {
        Some(path) => std::fs::write(&path, out.to_string())
            .unwrap_or_else(|err| panic!("cannot write {}: {err}", PathBuf::from(path).display())),
        None => println!("{out:#}"),
    }
}
