//! One measured session each: a fresh simulator, a fresh browser profile, one page.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::Client;
use jobscope_e2e::cdp::cdp;
use jobscope_e2e::list::click;
use jobscope_e2e::{Env, with_site};
use serde_json::{Value, json};

use crate::scripts::{
    CLOSE_DRAWER, FILTER_CHANGE, FIRST_LOAD, INSIGHTS_DONE, LOAD_ROWS, OPEN_DRAWER, SAVE_DATA,
    SCROLL, SETTLE,
};

/// The simulator of every run: frozen, the same jobs every time; `latency_ms` delays each API
/// answer (`--latency`), as an API farther away than loopback would.
pub fn sim_args(jobs: &'static str, latency_ms: Option<&'static str>) -> Vec<&'static str> {
    let mut args = vec![
        "--frozen",
        "--jobs",
        jobs,
        "--start-time",
        "2026-11-01T12:00:00Z",
    ];
    if let Some(ms) = latency_ms {
        args.extend(["--latency", ms]);
    }
    args
}

/// Heavy rows: enough jobs for 10,000 failed ones (one job in eight fails), each failure's
/// message [`ERROR_BYTES`] long.
const HEAVY_JOBS: &str = "84000";
pub const HEAVY_ROWS: u64 = 10_000;
const ERROR_BYTES: &str = "50000";

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
    let state = evaluate(
        client,
        "({ url: location.href, rows: document.querySelectorAll('[data-job-id]').length, \
           marks: performance.getEntriesByType('mark').map((e) => e.name), \
           alert: document.querySelector('[role=alert]')?.textContent ?? null })",
    )
    .await;
    panic!("no first rows within 30 s: {state}");
}

/// Runs `measure` against a fresh simulator (`args`) serving `site` (the release `dist/` when
/// `None`) and a fresh browser; answers what it answers.
async fn session<F, Fut>(site: Option<&Path>, args: &[&str], measure: F) -> Value
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
pub async fn heavy_rows() -> Value {
    let args = [
        sim_args(HEAVY_JOBS, None),
        vec!["--error-bytes", ERROR_BYTES],
    ]
    .concat();
    session(None, &args, |env| async move {
        env.client.goto(&env.url("/?status=FAILED")).await.unwrap();
        first_rows_mark(&env.client).await;
        let script = LOAD_ROWS.replace("__TARGET__", &HEAVY_ROWS.to_string());
        let loaded = evaluate(&env.client, &script).await;
        let (heap, wasm) = memory(&env.client).await;
        json!({ "loaded": loaded, "heap": heap, "wasm": wasm })
    })
    .await
}

/// The dashboard's first rows with the API `latency_ms` away: `{ first_rows, first_load }`
/// (what it fetched before them, [`FIRST_LOAD`]); with `filter`, then a filter change
/// (`filter`, in ms).
pub async fn app_first_rows(latency_ms: Option<&'static str>, filter: bool) -> Value {
    session(None, &sim_args("5000", latency_ms), move |env| async move {
        env.client.goto(&env.url("/")).await.unwrap();
        let first_rows = first_rows_mark(&env.client).await;
        let first_load = evaluate(&env.client, FIRST_LOAD).await;
        let filter = if filter {
            click(&env.client, "[data-filter=status] summary").await;
            evaluate(&env.client, FILTER_CHANGE).await
        } else {
            Value::Null
        };
        json!({ "first_rows": first_rows, "first_load": first_load, "filter": filter })
    })
    .await
}

/// The vanilla page's first rows with the API `latency_ms` away, in ms.
pub async fn baseline_first_rows(baseline: PathBuf, latency_ms: Option<&'static str>) -> f64 {
    let value = session(
        Some(&baseline),
        &sim_args("5000", latency_ms),
        |env| async move {
            env.client.goto(&env.url("/")).await.unwrap();
            json!(first_rows_mark(&env.client).await)
        },
    )
    .await;
    value.as_f64().expect("a time")
}

/// A click on a row to the drawer's content, on the first open after load, once the network
/// has settled ([`SETTLE`]): with `prefetch`, what the app fetched when idle is there, and a
/// second open (another row, after closing) follows; without, the browser asks to save data
/// ([`SAVE_DATA`]), so the app prefetches nothing and the click fetches the drawer's code.
/// Answers `{ settled, first, second }`, each open what [`OPEN_DRAWER`] answers.
pub async fn drawer(prefetch: bool) -> Value {
    session(None, &sim_args("5000", None), move |env| async move {
        if !prefetch {
            cdp(
                &env.client,
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": SAVE_DATA }),
            )
            .await;
        }
        env.client.goto(&env.url("/")).await.unwrap();
        first_rows_mark(&env.client).await;
        let settled = evaluate(&env.client, SETTLE).await;
        let open = |index: usize| format!("{OPEN_DRAWER}\njobscopeOpenDrawer({index})");
        let first = evaluate(&env.client, &open(0)).await;
        let second = if prefetch && first["ms"].is_number() {
            let closed = evaluate(&env.client, CLOSE_DRAWER).await;
            assert_eq!(closed, json!(true), "the drawer did not close");
            evaluate(&env.client, &open(1)).await
        } else {
            Value::Null
        };
        json!({ "settled": settled, "first": first, "second": second })
    })
    .await
}

/// Scrolls 10,000 rows to the end: rows, long tasks, then memory and elements.
pub async fn scroll_ten_thousand() -> Value {
    session(None, &sim_args("10000", None), |env| async move {
        env.client.goto(&env.url("/")).await.unwrap();
        first_rows_mark(&env.client).await;
        let scrolled = evaluate(&env.client, SCROLL).await;
        let (heap, wasm) = memory(&env.client).await;
        let elements = evaluate(&env.client, "document.getElementsByTagName('*').length").await;
        json!({ "scrolled": scrolled, "heap": heap, "wasm": wasm, "elements": elements })
    })
    .await
}

/// Insights over a window of 10,000 jobs (the whole frozen history), at Scripe's documented
/// rate limit (120 a minute), with the API `latency_ms` away: navigation to the complete
/// result, `{ state, ms, jobs }` ([`INSIGHTS_DONE`]).
pub async fn insights_complete(latency_ms: Option<&'static str>) -> Value {
    let args = [sim_args("10000", latency_ms), vec!["--rate-limit", "120"]].concat();
    session(None, &args, |env| async move {
        env.client
            .goto(&env.url("/insights?dateFrom=2026-08-01"))
            .await
            .unwrap();
        evaluate(&env.client, INSIGHTS_DONE).await
    })
    .await
}
