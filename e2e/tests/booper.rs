//! The Booper backend end to end: offset pages feed the same infinite list, its one filter
//! (`state`, one value) is drawn from its declared capabilities, and Scripe's filters are
//! refused.

use std::collections::HashSet;

use fantoccini::Client;
use jobscope_e2e::list::{
    FROZEN_3000, click, js, open_list, scroll_to_end, search, seen_ids, settled_state,
    wait_for_search,
};
use jobscope_e2e::with_app;
use serde_json::json;

/// Every scheduled job id for `state`, by walking the API's offsets directly.
async fn offset_walk(client: &Client, state: &str) -> Vec<String> {
    let script = r#"
        const [state, done] = arguments;
        (async () => {
            const ids = [];
            for (let offset = 0; ; offset += 100) {
                const response = await fetch(`/api/jobs?state=${state}&limit=100&offset=${offset}`);
                if (!response.ok) throw new Error(String(response.status));
                const page = await response.json();
                ids.push(...page.data.map((job) => job.id));
                if (page.data.length < 100) break;
            }
            done(ids);
        })().catch((err) => done(String(err)));
    "#;
    let answer = client
        .execute_async(script, vec![json!(state)])
        .await
        .unwrap();
    serde_json::from_value(answer.clone()).unwrap_or_else(|_| panic!("walk failed: {answer}"))
}

#[tokio::test]
async fn scrolling_booper_completed_jobs_shows_exactly_the_offset_walk() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        open_list(&env, "/?backend=booper&state=completed").await;
        let loaded = scroll_to_end(&client, usize::MAX, async || {}).await;
        let api = offset_walk(&client, "completed").await;
        let api_set: HashSet<&String> = api.iter().collect();
        assert!(api.len() > 100, "more than one page: {}", api.len());
        assert_eq!(api_set.len(), api.len(), "the walk has no duplicates");
        assert_eq!(loaded as usize, api.len());
        let seen: HashSet<String> = seen_ids(&client).await.into_iter().collect();
        assert_eq!(seen.iter().collect::<HashSet<_>>(), api_set);
        let states = js(
            &client,
            "return Array.from(new Set(Array.from(document.querySelectorAll('[data-job-id]'), (row) => row.dataset.status)));",
        )
        .await;
        for state in states.as_array().unwrap() {
            assert!(state == "completed" || state == "discarded", "{state}");
        }
        let headers = js(
            &client,
            "return Array.from(document.querySelectorAll('[role=columnheader]'), (h) => h.textContent);",
        )
        .await;
        assert_eq!(
            headers,
            json!(["Name", "Request", "Schedule", "State", "Created", "Finished"])
        );
    })
    .await;
}

#[tokio::test]
async fn booper_offers_its_own_filter_and_refuses_scripes() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        open_list(&env, "/?backend=booper&status=FAILED&dateFrom=2026-10-01").await;
        // Rewritten in place to what Booper can filter by, with a notice.
        wait_for_search(&client, "?backend=booper").await;
        let notice = js(&client, "return document.querySelector('.filters-notice').textContent;").await;
        let notice = notice.as_str().unwrap();
        assert!(notice.contains("status is not a filter of this API"), "{notice}");
        let menus = js(
            &client,
            "return Array.from(document.querySelectorAll('[data-filter]'), (m) => m.dataset.filter);",
        )
        .await;
        assert_eq!(menus, json!(["state"]));
        assert_eq!(
            js(&client, "return document.querySelectorAll('input[name=fromDate]').length;").await,
            json!(0)
        );
        // Choosing a state writes it, and a second choice replaces the first.
        click(&client, "[data-filter=state] summary").await;
        click(&client, "input[name=state][value=cancelled]").await;
        wait_for_search(&client, "?state=cancelled&backend=booper").await;
        click(&client, "input[name=state][value=scheduled]").await;
        wait_for_search(&client, "?state=scheduled&backend=booper").await;
        assert_ne!(settled_state(&client).await, "error");
        assert_eq!(search(&client).await, "?state=scheduled&backend=booper");
        // One state at a time: radio buttons, and "Any" clears it.
        let kinds = js(
            &client,
            "return Array.from(document.querySelectorAll('input[name=state]'), (i) => i.type + ':' + i.value);",
        )
        .await;
        assert_eq!(
            kinds,
            json!(["radio:", "radio:scheduled", "radio:completed", "radio:cancelled"])
        );
        click(&client, "input[name=state][value='']").await;
        wait_for_search(&client, "?backend=booper").await;
    })
    .await;
}
