//! Chaos end to end: a live simulator (new jobs arriving, statuses moving on) that fails one
//! API request in ten at random and allows only 15 requests a minute. Under three filter sets
//! the list is scrolled to its end, as a user would (Retry clicked if the list ever gives up),
//! and compared with a ground-truth walk of the API: zero rows duplicated, zero missing.
//!
//! What "missing" means under a live clock: new jobs arrive at the top, and statuses change.
//! The filter sets are chosen so that a job's membership never changes once it exists: no
//! filter, a type (types never change), and terminal statuses (DONE and FAILED never change)
//! with types and a closed date range in the past. The ground truth is the API's own cursor
//! walk, read right after the scroll past the faults and the rate limit (`X-Sim-Bypass`).
//! Every job in it created in a second before the list was opened existed then and still
//! matches, so it must have been shown, exactly once; a job created since may or may not be
//! (the list holds new jobs back in its "new jobs" bar, which nobody clicks here). Nothing may
//! be shown that the API does not list, and the rows must be in the API's order.
//!
//! Duplicates are looked for three ways: an id drawn twice at once, a row index that ever
//! showed another id (rows moved), and the rows in index order (every index from 0 to the
//! loaded count, as drawn while scrolling) holding an id twice.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use fantoccini::Client;
use jobscope_e2e::app::set_refresh;
use jobscope_e2e::chaos::{
    TrueJob, open_and_watch, scroll_to_end_retrying, sim_state, truth_walk, watched,
};
use jobscope_e2e::list::js;
use jobscope_e2e::with_app;

/// Live from a fixed start (same data every run), about three new jobs a real second, one
/// request in ten failing (a `slow` one stalls 1.5 s, under the app's 15 s limit), answers
/// taking up to 100 ms, and 15 requests a minute: the unfiltered list alone needs 16 pages, so
/// its walk meets a 429 (and the live refresh its quota pause) within its first minute.
const SIM: &[&str] = &[
    "--control",
    "--jobs",
    "1500",
    "--seed",
    "11",
    "--start-time",
    "2026-11-01T12:00:00Z",
    "--speed",
    "5",
    "--arrival-rate",
    "0.6",
    "--fault-rate",
    "0.1",
    "--slow-ms",
    "1500",
    "--rate-limit",
    "15",
    "--latency",
    "0..100",
];

/// A first page or a scroll may wait out a whole rate-limit window (60 s), more than once.
const OPEN_LIMIT: Duration = Duration::from_secs(150);
const SCROLL_LIMIT: Duration = Duration::from_secs(300);

/// The filter sets: the page's query, and the same filters for the API.
const FILTER_SETS: [(&str, &str); 3] = [
    ("", ""),
    ("?type=KB_INGEST_FILE", "&type=KB_INGEST_FILE"),
    (
        "?status=DONE,FAILED&type=POST_GENERATION,KB_INGEST_TEXT&dateFrom=2026-10-01T00:00:00Z&dateTo=2026-10-31T00:00:00Z",
        "&status=DONE,FAILED&type=POST_GENERATION,KB_INGEST_TEXT&dateFrom=2026-10-01T00:00:00Z&dateTo=2026-10-31T00:00:00Z",
    ),
];

/// The simulator's clock, to the second (`YYYY-MM-DDTHH:MM:SS`).
async fn sim_second(client: &Client) -> String {
    let now = sim_state(client).await["now"]
        .as_str()
        .expect("the simulator's time")
        .to_owned();
    now[..19].to_owned()
}

/// Scrolls the list under `page_query` to its end and checks it against the API; answers
/// the errors Retry was clicked for and the toolbar hints shown.
async fn scroll_and_compare(
    client: &Client,
    base: &str,
    page_query: &str,
    api_query: &str,
) -> (Vec<String>, Vec<String>) {
    let opened = sim_second(client).await;
    open_and_watch(client, &format!("{base}/{page_query}"), OPEN_LIMIT).await;
    let started = Instant::now();
    let scrolled = scroll_to_end_retrying(client, SCROLL_LIMIT).await;
    let seen = watched(client).await;
    let truth: Vec<TrueJob> = truth_walk(client, api_query).await;
    eprintln!(
        "{page_query:?}: {} rows in {:?}, {} in the API now, Retry clicked for {:?}, footers {:?}, hints {:?}",
        scrolled.loaded,
        started.elapsed(),
        truth.len(),
        scrolled.retried,
        seen.footers,
        seen.hints
    );

    assert!(
        seen.twice.is_empty(),
        "{page_query:?}: drawn twice at once: {:?}",
        seen.twice
    );
    assert!(
        seen.moved.is_empty(),
        "{page_query:?}: rows moved: {:?}",
        seen.moved
    );
    let rows = seen.rows_in_order();
    assert_eq!(
        rows.len() as u64,
        scrolled.loaded,
        "{page_query:?}: every loaded row was drawn at its index"
    );
    let shown: HashSet<&str> = rows.iter().map(String::as_str).collect();
    assert_eq!(
        shown.len(),
        rows.len(),
        "{page_query:?}: a loaded row is duplicated"
    );

    let listed: HashSet<&str> = truth.iter().map(|job| job.id.as_str()).collect();
    assert_eq!(
        listed.len(),
        truth.len(),
        "the ground truth has no duplicates"
    );
    let expected: Vec<&str> = truth
        .iter()
        .filter(|job| job.created_at[..19] < *opened)
        .map(|job| job.id.as_str())
        .collect();
    assert!(
        expected.len() > 200,
        "{page_query:?}: more than two pages: {}",
        expected.len()
    );
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|id| !shown.contains(**id))
        .take(10)
        .collect();
    assert!(
        missing.is_empty(),
        "{page_query:?}: {} of {} jobs never shown, e.g. {missing:?}",
        expected.iter().filter(|id| !shown.contains(**id)).count(),
        expected.len()
    );
    let extra: Vec<&&str> = shown
        .iter()
        .filter(|id| !listed.contains(**id))
        .take(10)
        .collect();
    assert!(
        extra.is_empty(),
        "{page_query:?}: shown but not listed by the API: {extra:?}"
    );
    let in_api_order: Vec<&str> = truth
        .iter()
        .map(|job| job.id.as_str())
        .filter(|id| shown.contains(id))
        .collect();
    assert!(
        in_api_order
            .iter()
            .copied()
            .eq(rows.iter().map(String::as_str)),
        "{page_query:?}: the rows are not in the API's order"
    );
    let end = js(
        client,
        "return document.querySelector('.list-end')?.textContent ?? null;",
    )
    .await;
    assert_eq!(
        end.as_str(),
        Some(format!("All {} jobs loaded", format_count(scrolled.loaded)).as_str()),
        "{page_query:?}"
    );
    (scrolled.retried, seen.hints)
}

/// `1,234` as the app writes counts.
fn format_count(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[tokio::test]
async fn under_faults_inserts_and_a_tight_rate_limit_every_filter_set_scrolls_to_the_exact_set() {
    with_app(SIM, |env| async move {
        let client = env.client.clone();
        // The live refresh at its busiest, racing the scroll for the API and its quota.
        set_refresh(&client, &env.base_url, "2s").await;
        let (mut retried, mut hints) = (Vec::new(), Vec::new());
        for (page_query, api_query) in FILTER_SETS {
            let (retries, hinted) =
                scroll_and_compare(&client, &env.base_url, page_query, api_query).await;
            retried.extend(retries);
            hints.extend(hinted);
        }
        // The live refresh met the limit too (a 429, or its pause before one) and said so.
        assert!(
            hints
                .iter()
                .any(|hint| hint == "Slowed down: the API is rate limiting"),
            "{hints:?}"
        );
        // The chaos happened: faults were served, the rate limit refused requests, jobs arrived.
        let state = sim_state(&client).await;
        eprintln!("simulator: {state}; Retry clicked for {retried:?}");
        assert!(state["faultsServed"].as_u64().unwrap_or(0) > 0, "{state}");
        assert!(state["rateLimited"].as_u64().unwrap_or(0) > 0, "{state}");
        assert!(
            state["jobs"].as_u64().unwrap_or(0) > 1_500,
            "new jobs arrived: {state}"
        );
    })
    .await;
}
