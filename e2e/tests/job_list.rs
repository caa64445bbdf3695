//! The job list against a frozen simulator of 3,000 jobs: scrolling to the end shows exactly
//! the API's jobs, never more than 150 row elements at once, also through a 503 and a
//! `bad_cursor` injected mid-scroll.

use std::collections::HashSet;
use std::time::Duration;

use fantoccini::Client;
use jobscope_e2e::{Env, with_app};
use serde_json::{Value, json};

const SIM: &[&str] = &[
    "--frozen",
    "--control",
    "--jobs",
    "3000",
    "--seed",
    "5",
    "--start-time",
    "2026-11-01T12:00:00Z",
];

/// Records, from the first row on, every row id the DOM ever showed and the most row
/// elements present at once.
const WATCH_ROWS: &str = r#"
    window.__seen = new Set();
    window.__maxRows = 0;
    const record = () => {
        const rows = document.querySelectorAll('[data-job-id]');
        window.__maxRows = Math.max(window.__maxRows, rows.length);
        rows.forEach((row) => window.__seen.add(row.getAttribute('data-job-id')));
    };
    new MutationObserver(record).observe(document.body, { childList: true, subtree: true });
    record();
"#;

/// Scrolls one viewport down; answers the list's state.
const SCROLL_STEP: &str = r#"
    const viewport = document.querySelector('.job-table-viewport');
    const list = document.querySelector('.job-list');
    viewport.scrollTop += Math.max(100, viewport.clientHeight - 40);
    return {
        state: list.getAttribute('data-feed-state'),
        loaded: Number(list.getAttribute('data-loaded-count')),
        atBottom: viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 2,
    };
"#;

/// Every job id, by walking the API's cursor directly (with the filters in the first argument).
const API_WALK: &str = r#"
    const done = arguments[arguments.length - 1];
    const filters = arguments.length > 1 ? arguments[0] : '';
    (async () => {
        const ids = [];
        let cursor = null;
        do {
            const url = '/v1/jobs?limit=200' + filters + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
            const page = await (await fetch(url)).json();
            ids.push(...page.data.map((job) => job.id));
            cursor = page.pagination.next_cursor;
        } while (cursor);
        done(ids);
    })().catch((err) => done(String(err)));
"#;

async fn js(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

async fn post(client: &Client, path: &str, body: Value) {
    let script = r#"
        const [path, body, done] = arguments;
        fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
            .then((r) => done(r.status), (err) => done(String(err)));
    "#;
    let status = client
        .execute_async(script, vec![json!(path), body])
        .await
        .unwrap();
    assert!(status.as_u64().is_some_and(|s| s < 300), "{path}: {status}");
}

/// Opens the list at `path`, waits for its first rows, and starts watching them.
async fn open_list(env: &Env, path: &str) {
    let client = &env.client;
    client.goto(&env.url(path)).await.unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(fantoccini::Locator::Css("[data-job-id]"))
        .await
        .unwrap();
    js(client, WATCH_ROWS).await;
}

/// Scrolls step by step until the list says `end` and the bottom is reached; `midway` runs
/// once after `at_step` steps.
async fn scroll_to_end(client: &Client, at_step: usize, midway: impl AsyncFnOnce()) -> u64 {
    let mut midway = Some(midway);
    for step in 0..5_000 {
        if step == at_step
            && let Some(action) = midway.take()
        {
            action().await;
        }
        let status = js(client, SCROLL_STEP).await;
        if status["state"] == "error" {
            panic!("the list stopped with an error: {status}");
        }
        if status["state"] == "end" && status["atBottom"] == true {
            return status["loaded"].as_u64().unwrap();
        }
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
    panic!("never reached the end");
}

async fn assert_exact_set(client: &Client, loaded: u64) {
    let api: Vec<String> =
        serde_json::from_value(client.execute_async(API_WALK, vec![]).await.unwrap())
            .expect("the API walk answers a list of ids");
    let api_set: HashSet<&String> = api.iter().collect();
    assert_eq!(api.len(), 3_000);
    assert_eq!(api_set.len(), 3_000, "the API walk has no duplicates");
    assert_eq!(loaded, 3_000, "the feed loaded each job once");

    let seen: Vec<String> =
        serde_json::from_value(js(client, "return Array.from(window.__seen);").await).unwrap();
    let seen_set: HashSet<&String> = seen.iter().collect();
    let missing: Vec<_> = api_set.difference(&seen_set).take(5).collect();
    let extra: Vec<_> = seen_set.difference(&api_set).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );

    let max_rows = js(client, "return window.__maxRows;")
        .await
        .as_u64()
        .unwrap();
    assert!(max_rows <= 150, "the DOM held {max_rows} rows at once");
    let end = js(
        client,
        "return document.querySelector('.list-end').textContent;",
    )
    .await;
    assert_eq!(end, "All 3,000 jobs loaded");
}

#[tokio::test]
async fn scrolling_to_the_end_shows_exactly_the_apis_jobs() {
    with_app(SIM, |env| async move {
        open_list(&env, "/").await;
        let client = env.client.clone();
        let loaded = scroll_to_end(&env.client, usize::MAX, async || {}).await;
        assert_exact_set(&client, loaded).await;
    })
    .await;
}

#[tokio::test]
async fn a_503_and_a_bad_cursor_mid_scroll_still_end_with_the_exact_set() {
    with_app(SIM, |env| async move {
        open_list(&env, "/").await;
        let client = env.client.clone();
        let loaded = scroll_to_end(&env.client, 40, async || {
            post(
                &client,
                "/_sim/faults",
                json!({"kind": "unavailable", "count": 1}),
            )
            .await;
            post(
                &client,
                "/_sim/faults",
                json!({"kind": "bad_cursor", "count": 1}),
            )
            .await;
        })
        .await;
        assert_exact_set(&env.client, loaded).await;
        // Both faults were used up by the list's requests.
        let state = client
            .execute_async(
                "const done = arguments[0]; fetch('/_sim/state').then(r => r.json()).then(done);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(state["queuedFaults"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn filters_in_the_url_show_exactly_the_matching_jobs() {
    with_app(SIM, |env| async move {
        // Lower-case and repeated values are salvaged; the list asks the API in canonical form.
        open_list(&env, "/?status=cancelled,FAILED,FAILED&type=KB_INGEST_URL").await;
        let client = env.client.clone();
        let loaded = scroll_to_end(&client, usize::MAX, async || {}).await;
        let api: Vec<String> = serde_json::from_value(
            client
                .execute_async(API_WALK, vec![json!("&status=FAILED,CANCELLED&type=KB_INGEST_URL")])
                .await
                .unwrap(),
        )
        .unwrap();
        assert!(!api.is_empty() && api.len() < 3_000);
        assert_eq!(loaded as usize, api.len());
        let seen: HashSet<String> =
            serde_json::from_value(js(&client, "return Array.from(window.__seen);").await).unwrap();
        assert_eq!(seen, api.into_iter().collect::<HashSet<_>>());
        let statuses = js(
            &client,
            "return Array.from(document.querySelectorAll('[data-job-id] .badge')).map(b => b.textContent);",
        )
        .await;
        for status in statuses.as_array().unwrap() {
            assert!(status == "Failed" || status == "Cancelled", "{status}");
        }
    })
    .await;
}
