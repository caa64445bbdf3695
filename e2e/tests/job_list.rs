//! The job list against a frozen simulator of 3,000 jobs: scrolling to the end shows exactly
//! the API's jobs, never more than 150 row elements at once, also through a 503 and a
//! `bad_cursor` injected mid-scroll.

use std::collections::HashSet;

use fantoccini::Client;
use jobscope_e2e::list::{FROZEN_3000, api_ids, js, open_list, post, scroll_to_end, seen_ids};
use jobscope_e2e::with_app;
use serde_json::json;

const SIM: &[&str] = FROZEN_3000;

async fn assert_exact_set(client: &Client, loaded: u64) {
    let api = api_ids(client, "").await;
    let api_set: HashSet<&String> = api.iter().collect();
    assert_eq!(api.len(), 3_000);
    assert_eq!(api_set.len(), 3_000, "the API walk has no duplicates");
    assert_eq!(loaded, 3_000, "the feed loaded each job once");

    let seen = seen_ids(client).await;
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
        let api = api_ids(&client, "&status=FAILED,CANCELLED&type=KB_INGEST_URL").await;
        assert!(!api.is_empty() && api.len() < 3_000);
        assert_eq!(loaded as usize, api.len());
        let seen: HashSet<String> = seen_ids(&client).await.into_iter().collect();
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
