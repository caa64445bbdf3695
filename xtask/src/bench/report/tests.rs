//! The report's targets, tables and headline from made-up figures.

use serde_json::json;

use super::*;

fn asset(name: &str, gzip: u64) -> Asset {
    Asset {
        name: name.to_owned(),
        raw: gzip * 3,
        gzip,
        brotli: gzip * 4 / 5,
    }
}

fn report<'a>(samples: &'a Value, fetched: &'a Value, wasm_gzip: u64) -> Report<'a> {
    Report {
        machine: Machine {
            date: "2026-12-01 04:00 UTC".into(),
            cpu: "CPU".into(),
            cores: 2,
            memory: "24 GiB".into(),
            chromium: "Chromium".into(),
            rustc: "rustc".into(),
        },
        runs: 2,
        app: vec![
            asset("index.html", 1_024),
            asset("jobscope-0123.js", 10_240),
            asset("jobscope-0123_bg.wasm", wasm_gzip),
            asset("split_drawer-4567.wasm", 40_960),
            asset("main-89ab.css", 5_120),
        ],
        baseline: vec![asset("index.html", 2_048)],
        samples,
        fetched,
        latency: "| request | p50 ms |\n".into(),
    }
}

fn fetched() -> Value {
    let run = json!([
        "http://127.0.0.1:1/",
        "http://127.0.0.1:1/jobscope-0123.js",
        "http://127.0.0.1:1/jobscope-0123_bg.wasm",
        "http://127.0.0.1:1/main-89ab.css",
        "http://127.0.0.1:1/config.json",
        "http://127.0.0.1:1/v1/jobs?limit=100&",
    ]);
    json!({
        "first_load": [run.clone(), run],
        "drawer_prefetched_before": [["http://127.0.0.1:1/split_drawer-4567.wasm"], ["http://127.0.0.1:1/split_drawer-4567.wasm"]],
        "drawer_prefetched_after": [[], []],
        "drawer_cold_before": [[], []],
        "drawer_cold_after": [["http://127.0.0.1:1/split_drawer-4567.wasm"], []],
    })
}

#[test]
fn targets_hold_or_are_missed_by_the_first_load_the_ratio_at_100_ms_and_the_drawer() {
    let samples = json!({
        "first_rows_app_100ms_ms": [300.0, 320.0],
        "first_rows_ratio_100ms": [1.2, 1.25],
        "first_rows_ratio": [1.9, 2.1],
        "drawer_open_prefetched_ms": [40.0, 60.0],
        "drawer_open_cold_ms": [140.0, 160.0],
    });
    let fetched = fetched();
    // 1 + 10 + 100 + 5 KB: the drawer's chunk is not part of the first load.
    let good = report(&samples, &fetched, 102_400);
    let text = good.markdown();
    assert!(
        text.contains("| first load (the files fetched before the first rows) at most 150 KB gzip | 116.0 KB gzip, 92.8 KB brotli (all code, every chunk: 150.0 KB gzip) | holds |"),
        "{text}"
    );
    assert!(
        text.contains("| time to first rows at most 1.3× the baseline's at 100 ms API latency | 1.23× (median of the runs' ratios; 1.20× to 1.25×) | holds |"),
        "{text}"
    );
    assert!(
        text.contains("| the first drawer open at most 100 ms after the click | 50 ms (median; 40 to 60 ms) | holds |"),
        "{text}"
    );
    assert!(
        text.contains("| `jobscope-0123_bg.wasm` | 2 of 2 runs |"),
        "{text}"
    );
    assert!(
        !text.contains("| `split_drawer-4567.wasm` | 2 of 2"),
        "{text}"
    );
    assert!(
        text.contains("API calls before the first rows (not counted): `/v1/jobs` (2 of 2 runs)."),
        "{text}"
    );
    assert!(
        text.contains("- First open: fetched between the first rows and the click: `split_drawer-4567.wasm` (40.0 KB gzip) in 2 of 2 runs."),
        "{text}"
    );
    assert!(
        text.contains("- Cold open: fetched after the click, until the content showed: `split_drawer-4567.wasm` (40.0 KB gzip) in 1 of 2 runs."),
        "{text}"
    );
    assert!(
        text.contains("- Cold open: fetched between the first rows and the click: nothing."),
        "{text}"
    );
    let headline = good.headline();
    assert!(
        headline.starts_with("**First load 116.0 KB gzip** (92.8 KB brotli; target 150 KB; all code 150.0 KB gzip) · **first rows in 310 ms, 1.23× a vanilla-JS page** fetching the same page from an API 100 ms away (target 1.3×; 2.00× at 0 ms) · **a job's details 50 ms after the click** (target 100 ms)"),
        "{headline}"
    );

    let slow = json!({
        "first_rows_app_100ms_ms": [500.0],
        "first_rows_ratio_100ms": [1.31],
        "drawer_open_prefetched_ms": [101.0],
    });
    let bad = report(&slow, &fetched, 300_000);
    let text = bad.markdown();
    assert_eq!(text.matches("| **missed** |").count(), 3, "{text}");
    let headline = bad.headline();
    assert_eq!(headline.matches("missed").count(), 3, "{headline}");
}
