//! Insights end to end: the page's counts equal a ground-truth walk of the API for three
//! filter sets; a 429 during the walk loses no job and counts none twice; Stop stops the
//! requests; a click on a failed bar lands on the list of those failed jobs; the result is
//! kept for the session; axe finds nothing in light and dark.

use std::collections::BTreeMap;
use std::time::Duration;

use fantoccini::{Client, Locator};
use jobscope_e2e::app::remember;
use jobscope_e2e::axe;
use jobscope_e2e::cdp::emulate_color_scheme;
use jobscope_e2e::chaos::{sim_state, truth_walk};
use jobscope_e2e::list::{
    FROZEN_3000, api_jobs, click, js, list_queries, post, settled_state, sim_json, wait_for_js,
};
use jobscope_e2e::{Env, UI_TIMEOUT, with_app};
use serde_json::{Value, json};

/// The frozen data's last week (its clock stands at 2026-11-01T12:00Z).
const WEEK: &str = "dateFrom=2026-10-25T12:00:00Z&dateTo=2026-11-01T12:00:00Z";

/// The shared frozen simulator, each API answer 150 ms late so a walk takes a few seconds.
fn slow_sim() -> Vec<&'static str> {
    let mut args = FROZEN_3000.to_vec();
    args.extend(["--latency", "150"]);
    args
}

/// Opens `/insights?{query}` (a fresh page: nothing kept from before) and waits for its root.
async fn open_insights(env: &Env, query: &str) {
    remember(
        &env.client,
        &env.base_url,
        &[("jobscope.refreshInterval", "off")],
    )
    .await;
    env.client
        .goto(&env.url(&format!("/insights?{query}")))
        .await
        .unwrap();
    env.client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-insights-state]"))
        .await
        .unwrap();
}

/// The page's `data-insights-state`.
async fn state(client: &Client) -> String {
    let state = js(
        client,
        "return document.querySelector('[data-insights-state]')?.getAttribute('data-insights-state') ?? 'none';",
    )
    .await;
    state.as_str().unwrap_or_default().to_owned()
}

/// Waits until the walk has ended and answers how (`done`, `capped`, `stopped`, `error`).
async fn finished(client: &Client) -> String {
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT * 4;
    loop {
        let now = state(client).await;
        if !matches!(now.as_str(), "loading" | "none") {
            return now;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "Insights stayed {now}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn jobs_read(client: &Client) -> u64 {
    let read = js(
        client,
        "return Number(document.querySelector('[data-jobs-read]').getAttribute('data-jobs-read'));",
    )
    .await;
    read.as_u64().unwrap_or_default()
}

/// Each status count the page shows, by `data-status`.
async fn shown_counts(client: &Client) -> BTreeMap<String, u64> {
    let counts = js(
        client,
        "return Array.from(document.querySelectorAll('[data-status][data-count]'), (el) => [el.getAttribute('data-status'), Number(el.getAttribute('data-count'))]);",
    )
    .await;
    serde_json::from_value::<Vec<(String, u64)>>(counts)
        .unwrap()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// What a walk of the API past the app counts per status for `query` (`&status=…`).
async fn true_counts(client: &Client, query: &str) -> (usize, BTreeMap<String, u64>) {
    let jobs = api_jobs(client, query).await;
    let mut counts = BTreeMap::new();
    for job in &jobs {
        *counts
            .entry(job["status"].as_str().unwrap_or_default().to_owned())
            .or_default() += 1;
    }
    (jobs.len(), counts)
}

#[tokio::test]
async fn the_counts_equal_a_walk_of_the_api_for_three_filter_sets() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        for query in [
            WEEK.to_owned(),
            format!("status=FAILED,QUEUED,RUNNING&{WEEK}"),
            "type=KB_INGEST_URL&dateFrom=2026-08-01".to_owned(),
        ] {
            open_insights(&env, &query).await;
            assert_eq!(finished(&client).await, "done", "{query}");
            let (total, truth) = true_counts(&client, &format!("&{query}")).await;
            assert!(total > 0, "{query}: the data has jobs there");
            assert_eq!(jobs_read(&client).await as usize, total, "{query}");
            assert_eq!(shown_counts(&client).await, truth, "{query}");
            // The chart holds every job of the window once.
            let charted = js(
                &client,
                "return Array.from(document.querySelectorAll('.bar')).length > 0;",
            )
            .await;
            assert_eq!(charted, json!(true), "{query}: the chart has bars");
        }
    })
    .await;
}

#[tokio::test]
async fn a_429_during_the_walk_loses_no_job_and_counts_none_twice() {
    with_app(&slow_sim(), |env| async move {
        let client = env.client.clone();
        let query = "dateFrom=2026-09-01";
        open_insights(&env, query).await;
        wait_for_js(
            &client,
            "return Number(document.querySelector('[data-jobs-read]')?.getAttribute('data-jobs-read') ?? 0) > 0;",
            json!(true),
        )
        .await;
        post(&client, "/_sim/faults", json!({ "kind": "rate_limited", "count": 2 })).await;
        assert_eq!(finished(&client).await, "done");
        let served = sim_state(&client).await;
        assert!(
            served["faultsServed"].as_u64().unwrap_or(0) >= 2,
            "the walk met the 429s: {served}"
        );
        let truth = truth_walk(&client, &format!("&{query}")).await;
        assert_eq!(jobs_read(&client).await as usize, truth.len());
        let (_, counts) = true_counts(&client, &format!("&{query}")).await;
        assert_eq!(shown_counts(&client).await, counts);
    })
    .await;
}

#[tokio::test]
async fn stop_stops_the_requests_and_keeps_the_figures_read() {
    with_app(&slow_sim(), |env| async move {
        let client = env.client.clone();
        open_insights(&env, "dateFrom=2026-08-01").await;
        wait_for_js(
            &client,
            "return Number(document.querySelector('[data-jobs-read]')?.getAttribute('data-jobs-read') ?? 0) >= 200;",
            json!(true),
        )
        .await;
        click(&client, ".insights-stop").await;
        wait_for_js(
            &client,
            "return document.querySelector('[data-insights-state]').getAttribute('data-insights-state');",
            json!("stopped"),
        )
        .await;
        let read = jobs_read(&client).await;
        let asked = list_queries(&client).await.len();
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        assert_eq!(list_queries(&client).await.len(), asked, "no request after Stop");
        assert_eq!(jobs_read(&client).await, read, "the figures read stay");
        assert!(read < 3_000, "stopped before the end: {read}");
        let line = js(&client, "return document.getElementById('insights-progress').textContent;").await;
        assert!(line.as_str().unwrap().starts_with("Stopped"), "{line}");
    })
    .await;
}

#[tokio::test]
async fn a_failed_bar_opens_the_list_of_those_failed_jobs_and_the_result_is_kept() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        open_insights(&env, WEEK).await;
        assert_eq!(finished(&client).await, "done");
        // The tallest failed segment of the week: the bar with most failures.
        js(
            &client,
            "const all = Array.from(document.querySelectorAll('.bar .segment.phase-failed'));\
             all.sort((a, b) => b.getBBox().height - a.getBBox().height);\
             all[0]?.setAttribute('data-picked', ''); return all.length;",
        )
        .await;
        let segment = client
            .find(Locator::Css("[data-picked]"))
            .await
            .expect("a failed segment in the week");
        segment.click().await.unwrap();
        wait_for_js(&client, "return location.pathname;", json!("/")).await;
        let search = js(&client, "return location.search;").await;
        let search = search.as_str().unwrap().to_owned();
        assert!(search.starts_with("?status=FAILED&dateFrom="), "{search}");
        settled_state(&client).await;
        let statuses = js(
            &client,
            "return Array.from(new Set(Array.from(document.querySelectorAll('[data-job-id]'), (row) => row.dataset.status)));",
        )
        .await;
        assert_eq!(statuses, json!(["FAILED"]), "{search}");
        let truth = api_jobs(&client, &format!("&{}", &search[1..])).await;
        let loaded = js(&client, "return Number(document.querySelector('.job-list').getAttribute('data-loaded-count'));").await;
        assert_eq!(loaded.as_u64().unwrap() as usize, truth.len().min(100));

        // Back to Insights from the header: the result shows at once, with its age, and
        // nothing is read again.
        sim_json(&client, "DELETE", "/_sim/requests", Value::Null).await;
        client.back().await.unwrap();
        wait_for_js(&client, "return location.pathname;", json!("/insights")).await;
        assert_eq!(state(&client).await, "done");
        let age = js(&client, "return document.querySelector('.insights-actions').textContent;").await;
        assert!(age.as_str().unwrap().contains("Read "), "{age}");
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(list_queries(&client).await, Vec::<String>::new());
        // Refresh reads the window again.
        click(&client, ".insights-refresh").await;
        assert_eq!(finished(&client).await, "done");
        assert!(!list_queries(&client).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_chart_is_read_by_keyboard_and_axe_finds_nothing_in_light_and_dark() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        for scheme in ["light", "dark"] {
            emulate_color_scheme(&client, scheme).await;
            open_insights(&env, WEEK).await;
            assert_eq!(finished(&client).await, "done");
            // A bar takes the focus and shows the pointer's tooltip.
            js(&client, "document.querySelector('.bar').focus(); return null;").await;
            wait_for_js(&client, "return !!document.querySelector('.chart-tip');", json!(true)).await;
            let label = js(&client, "return document.querySelector('.bar').getAttribute('aria-label');").await;
            let tip = js(&client, "return Array.from(document.querySelectorAll('.chart-tip text'), (t) => t.textContent).join(', ');").await;
            assert_eq!(label, tip, "the tooltip says what the bar's name says");
            for state in ["the chart", "the table"] {
                let audit = axe::audit(&client, "main").await;
                assert!(audit.examined > 0);
                assert!(
                    audit.violations.is_empty(),
                    "{}",
                    axe::report(&format!("{state}, {scheme}"), &audit.violations)
                );
                click(&client, ".chart-toggle").await;
            }
            // The table has the chart's numbers.
            let rows = js(&client, "return document.querySelectorAll('.chart-table tbody tr').length;").await;
            let bars = js(&client, "return document.querySelectorAll('.bar').length;").await;
            assert_eq!(rows, json!(0), "back to the chart after the second toggle");
            assert!(bars.as_u64().unwrap() > 0);
        }
    })
    .await;
}

/// Every Booper job by walking the API's offsets past the app: `[state, inserted_at ms]`.
async fn booper_jobs(client: &Client) -> Vec<(String, f64)> {
    let script = r#"
        const done = arguments[0];
        (async () => {
            const jobs = [];
            for (let offset = 0; ; offset += 100) {
                const response = await fetch(`/api/jobs?limit=100&offset=${offset}`, { headers: { 'X-Sim-Bypass': '1' } });
                if (!response.ok) throw new Error(String(response.status));
                const page = await response.json();
                // Naive times are UTC, as the app reads them.
                const utc = (at) => Date.parse(/([zZ]|[+-]\d\d:\d\d)$/.test(at) ? at : at + 'Z');
                jobs.push(...page.data.map((job) => [job.job.state, utc(job.inserted_at)]));
                if (page.data.length < 100) break;
            }
            done(jobs);
        })().catch((err) => done(String(err)));
    "#;
    let answer = client.execute_async(script, vec![]).await.unwrap();
    serde_json::from_value(answer.clone()).unwrap_or_else(|_| panic!("walk failed: {answer}"))
}

#[tokio::test]
async fn booper_gives_counts_per_state_and_no_figure_its_data_cannot_give() {
    // Not frozen in the past: Booper cannot filter by date, so its window is up to now.
    let sim = ["--frozen", "--control", "--jobs", "6000", "--seed", "5"];
    with_app(&sim, |env| async move {
        let client = env.client.clone();
        open_insights(&env, "backend=booper&window=30d").await;
        assert_eq!(finished(&client).await, "done");
        let now = js(&client, "return Date.now();").await.as_f64().unwrap();
        let from = now - 30.0 * 86_400_000.0;
        let jobs = booper_jobs(&client).await;
        // The app's window started up to a minute before (whole minutes): count what is
        // surely in, and what may be.
        let count = |since: f64| {
            let mut counts = BTreeMap::new();
            for (state, _) in jobs.iter().filter(|(_, at)| *at >= since) {
                *counts.entry(state.clone()).or_insert(0u64) += 1;
            }
            counts
        };
        let (surely, maybe) = (count(from), count(from - 120_000.0));
        let shown = shown_counts(&client).await;
        assert!(
            shown == surely || shown == maybe,
            "{shown:?} vs {surely:?} / {maybe:?}"
        );
        assert!(shown.values().sum::<u64>() > 100, "{shown:?}");
        let headings = js(
            &client,
            "return Array.from(document.querySelectorAll('.insights h2'), (h) => h.textContent);",
        )
        .await;
        assert_eq!(
            headings,
            json!([]),
            "no types, error codes, times or stuck jobs"
        );
        assert_eq!(
            js(
                &client,
                "return document.querySelectorAll('.bar').length > 0;"
            )
            .await,
            json!(true)
        );
    })
    .await;
}
