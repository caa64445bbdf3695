//! The live refresh's head check reads only as many rows as it needs (issue 15, item 8): down
//! to the last row on screen while the head is shown, the first row and a few spare when the
//! list is scrolled away, and a full page only when more new jobs came than that read holds.
//! Checked on the simulator's side, from the `limit` of each head request it received.

use std::time::Duration;

use fantoccini::Client;
use jobscope_e2e::app::set_refresh;
use jobscope_e2e::chaos::{loaded_count, scroll_to_bottom};
use jobscope_e2e::list::{
    FROZEN_3000, list_queries, open_list, settled_state, sim_json, wait_for_js,
};
use jobscope_e2e::with_app;
use serde_json::{Value, json};

/// The `limit` of each head request (`GET /v1/jobs` without a cursor) since the log was
/// cleared.
async fn head_limits(client: &Client) -> Vec<u32> {
    list_queries(client)
        .await
        .into_iter()
        .filter_map(|query| {
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            if pairs.iter().any(|(name, _)| name == "cursor") {
                return None;
            }
            pairs
                .iter()
                .find(|(name, _)| name == "limit")
                .and_then(|(_, limit)| limit.parse().ok())
        })
        .collect()
}

async fn clear_requests(client: &Client) {
    sim_json(client, "DELETE", "/_sim/requests", Value::Null).await;
}

#[tokio::test]
async fn the_head_check_reads_a_few_rows_and_a_full_page_only_for_many_new_jobs() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "2s").await;
        open_list(&env, "/").await;
        assert_eq!(settled_state(&client).await, "idle");

        // At the head: each tick reads down to the last row on screen and no further.
        clear_requests(&client).await;
        tokio::time::sleep(Duration::from_millis(4_500)).await;
        let at_head = head_limits(&client).await;
        assert!(!at_head.is_empty(), "ticks ran");
        assert!(at_head.iter().all(|limit| *limit < 100), "{at_head:?}");

        // Scrolled away from the head page: the first row and the spare.
        scroll_to_bottom(&client).await;
        wait_for_js(
            &client,
            "return Number(document.querySelector('.job-list').getAttribute('data-loaded-count')) >= 200;",
            json!(true),
        )
        .await;
        scroll_to_bottom(&client).await;
        settled_state(&client).await;
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        clear_requests(&client).await;
        tokio::time::sleep(Duration::from_millis(4_500)).await;
        let away = head_limits(&client).await;
        assert!(!away.is_empty(), "ticks ran");
        assert!(away.iter().all(|limit| *limit == 11), "{away:?}");

        // Forty new jobs: the small read is all new, so a full page counts them.
        clear_requests(&client).await;
        sim_json(&client, "POST", "/_sim/jobs", json!({ "count": 40 })).await;
        wait_for_js(
            &client,
            "return document.querySelector('.new-rows-bar')?.textContent ?? null;",
            json!("40 new jobs · Show"),
        )
        .await;
        let limits = head_limits(&client).await;
        assert!(limits.contains(&100), "a full page: {limits:?}");
        assert!(limits.contains(&11), "after the small read: {limits:?}");
        assert!(loaded_count(&client).await >= 200, "nothing moved");
    })
    .await;
}
