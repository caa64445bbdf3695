//! The browser table's rows: which samples, labelled how, in which unit.

/// The rows of the browser table: sample name, label, unit.
pub const BROWSER_ROWS: [(&str, &str, &str); 29] = [
    (
        "first_rows_app_ms",
        "dashboard: navigation to first rows, API latency 0 ms",
        "ms",
    ),
    (
        "first_rows_baseline_ms",
        "vanilla baseline: navigation to first rows, API latency 0 ms",
        "ms",
    ),
    (
        "first_rows_ratio",
        "ratio dashboard / baseline at 0 ms (same run)",
        "×",
    ),
    (
        "first_rows_app_100ms_ms",
        "dashboard: navigation to first rows, API latency 100 ms",
        "ms",
    ),
    (
        "first_rows_baseline_100ms_ms",
        "vanilla baseline: navigation to first rows, API latency 100 ms",
        "ms",
    ),
    (
        "first_rows_ratio_100ms",
        "ratio dashboard / baseline at 100 ms (same run)",
        "×",
    ),
    (
        "first_load_received_kb",
        "bytes received before the first rows, as the simulator serves them (page and files, no API)",
        "KB",
    ),
    (
        "drawer_open_prefetched_ms",
        "click on a row to the drawer's content: first open after load (idle prefetch done)",
        "ms",
    ),
    (
        "drawer_open_second_ms",
        "click on a row to the drawer's content: second open (another row)",
        "ms",
    ),
    (
        "drawer_open_cold_ms",
        "click on a row to the drawer's content: first open, nothing prefetched (Save-Data)",
        "ms",
    ),
    (
        "drawer_cold_prefetched_files",
        "files fetched between the first rows and the cold click (0: truly cold)",
        "",
    ),
    (
        "drawer_settled_ms",
        "first rows to the click: a settled network (code fetched or 2.5 s, then no file for 300 ms)",
        "ms",
    ),
    (
        "filter_change_ms",
        "filter change (click on a status) to new rows",
        "ms",
    ),
    (
        "insights_complete_ms",
        "Insights: navigation to the complete result, 10,000 jobs, rate limit 120/min, API latency 0 ms",
        "ms",
    ),
    (
        "insights_complete_100ms_ms",
        "Insights: navigation to the complete result, 10,000 jobs, rate limit 120/min, API latency 100 ms",
        "ms",
    ),
    ("scroll_seconds", "scrolling 10,000 rows to the end", "s"),
    (
        "scroll_max_row_elements",
        "row elements in the DOM while scrolling (most at once)",
        "",
    ),
    (
        "elements_after_scroll",
        "all elements in the DOM at the end",
        "",
    ),
    (
        "scroll_long_tasks",
        "long tasks (over 50 ms) while scrolling",
        "",
    ),
    (
        "scroll_longest_task_ms",
        "the longest task while scrolling",
        "ms",
    ),
    (
        "memory_js_heap_mb",
        "JS heap with 10,000 rows (after GC)",
        "MB",
    ),
    ("memory_wasm_mb", "wasm memory with 10,000 rows", "MB"),
    ("memory_total_mb", "JS heap + wasm memory", "MB"),
    (
        "heavy_seconds",
        "loading 10,000 rows with 50 kB error messages",
        "s",
    ),
    (
        "heavy_long_tasks",
        "long tasks (over 50 ms) while loading them",
        "",
    ),
    (
        "heavy_longest_task_ms",
        "the longest task while loading them",
        "ms",
    ),
    (
        "heavy_memory_js_heap_mb",
        "JS heap with them loaded (after GC)",
        "MB",
    ),
    ("heavy_memory_wasm_mb", "wasm memory with them loaded", "MB"),
    (
        "heavy_memory_total_mb",
        "JS heap + wasm memory with them loaded",
        "MB",
    ),
];
