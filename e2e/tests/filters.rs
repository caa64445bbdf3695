//! Filters in the URL, end to end against a frozen simulator of 3,000 jobs: the controls
//! write the URL, the rows are the API's answer for it, and reload, a fresh browser,
//! back/forward and a burst of changes all keep the two in step.

use std::collections::HashSet;
use std::time::Duration;

use fantoccini::Client;
use jobscope_e2e::list::{
    FROZEN_3000, api_ids, click, js, open_list, open_list_in, rendered_ids, scroll_to_end, search,
    seen_ids, settled_state, wait_for_search,
};
use jobscope_e2e::{Env, with_app, with_app_in};
use serde_json::json;

const SIM: &[&str] = FROZEN_3000;

/// Sets a date, time or select control's value as the browser's own picker would, firing
/// `input` and `change`.
async fn set_value(client: &Client, css: &str, value: &str) {
    let script = r#"
        const [css, value] = arguments;
        const element = document.querySelector(css);
        element.focus();
        element.value = value;
        element.dispatchEvent(new Event('input', { bubbles: true }));
        element.dispatchEvent(new Event('change', { bubbles: true }));
    "#;
    client
        .execute(script, vec![json!(css), json!(value)])
        .await
        .unwrap();
}

/// Scrolls the list to its end and asserts it showed exactly the API's jobs for `query`.
async fn assert_rows_match(client: &Client, query: &str) {
    assert_ne!(settled_state(client).await, "error", "{query}");
    let loaded = scroll_to_end(client, usize::MAX, async || {}).await;
    let api = api_ids(client, query).await;
    assert!(!api.is_empty(), "{query} matches no job: a weak test");
    assert_eq!(loaded as usize, api.len(), "{query}");
    let seen: HashSet<String> = seen_ids(client).await.into_iter().collect();
    assert_eq!(seen, api.into_iter().collect::<HashSet<_>>(), "{query}");
}

/// The first rows on screen are the API's first rows for the page's current query.
async fn assert_head_matches_url(client: &Client) {
    settled_state(client).await;
    let query = search(client).await.replacen('?', "&", 1);
    let api = api_ids(client, &query).await;
    let shown = rendered_ids(client).await;
    assert_eq!(
        shown.is_empty(),
        api.is_empty(),
        "rows on screen for {query}"
    );
    assert!(
        shown.len() <= api.len(),
        "more rows than the API has for {query}"
    );
    assert_eq!(
        shown[..],
        api[..shown.len()],
        "the rows on screen for {query}"
    );
}

#[tokio::test]
async fn controls_write_the_url_and_the_rows_follow_it_through_reload_and_a_fresh_browser() {
    with_app(SIM, |env| async move {
        let client = env.client.clone();
        open_list(&env, "/").await;
        click(&client, "[data-filter=status] summary").await;
        click(&client, "input[name=status][value=FAILED]").await;
        click(&client, "input[name=status][value=CANCELLED]").await;
        click(&client, "[data-filter=type] summary").await;
        click(&client, "input[name=type][value=KB_INGEST_URL]").await;
        let query = "?status=FAILED,CANCELLED&type=KB_INGEST_URL";
        wait_for_search(&client, query).await;
        js(&client, "window.__seen = new Set();").await;
        assert_rows_match(&client, &query.replacen('?', "&", 1)).await;

        // Reload: the same filters in the controls, the same rows.
        client.refresh().await.unwrap();
        open_list_in(&client, &env.url(&format!("/{query}"))).await;
        let checked = js(
            &client,
            "return Array.from(document.querySelectorAll('input[type=checkbox]:checked')).map(i => i.value);",
        )
        .await;
        assert_eq!(checked, json!(["FAILED", "CANCELLED", "KB_INGEST_URL"]));
        assert_rows_match(&client, &query.replacen('?', "&", 1)).await;

        // The same link in a browser that never saw the app.
        let fresh = env.fresh_browser().await;
        open_list_in(&fresh, &env.url(&format!("/{query}"))).await;
        let same = async {
            assert_eq!(search(&fresh).await, query);
            assert_rows_match(&fresh, &query.replacen('?', "&", 1)).await;
        };
        same.await;

        // A change while scrolled down (the list is at its end): back to the top, new rows.
        let scrolled = js(&client, "return document.querySelector('.job-table-viewport').scrollTop;").await;
        assert!(scrolled.as_f64().unwrap() > 0.0);
        click(&client, "[data-chip='status:CANCELLED']").await;
        wait_for_search(&client, "?status=FAILED&type=KB_INGEST_URL").await;
        assert_head_matches_url(&client).await;
        let top = js(&client, "return document.querySelector('.job-table-viewport').scrollTop;").await;
        assert_eq!(top.as_f64(), Some(0.0), "the list returns to the top");
    })
    .await;
}

/// Watches the list from now on: whether it was ever empty or showed skeleton rows.
const WATCH_FLASH: &str = r#"
    window.__flash = [];
    const check = () => {
        const list = document.querySelector('.job-list');
        const count = list && list.getAttribute('data-loaded-count');
        if (!list || count === '0' || document.querySelector('.skeleton')) {
            window.__flash.push(location.search + ' ' + count);
        }
    };
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true, attributes: true });
"#;

#[tokio::test]
async fn back_and_forward_walk_three_changes_with_their_rows_and_no_empty_flash() {
    with_app(SIM, |env| async move {
        let client = env.client.clone();
        open_list(&env, "/").await;
        let states = [
            "",
            "?status=FAILED",
            "?status=FAILED&type=KB_INGEST_URL",
            "?status=RUNNING,FAILED&type=KB_INGEST_URL",
        ];
        assert_head_matches_url(&client).await;
        click(&client, "[data-filter=status] summary").await;
        click(&client, "input[name=status][value=FAILED]").await;
        wait_for_search(&client, states[1]).await;
        assert_head_matches_url(&client).await;
        click(&client, "[data-filter=type] summary").await;
        click(&client, "input[name=type][value=KB_INGEST_URL]").await;
        wait_for_search(&client, states[2]).await;
        assert_head_matches_url(&client).await;
        click(&client, "[data-filter=status] summary").await;
        click(&client, "input[name=status][value=RUNNING]").await;
        wait_for_search(&client, states[3]).await;
        assert_head_matches_url(&client).await;

        js(&client, WATCH_FLASH).await;
        for state in states[..3].iter().rev() {
            client.back().await.unwrap();
            wait_for_search(&client, state).await;
            assert_head_matches_url(&client).await;
        }
        for state in &states[1..] {
            client.forward().await.unwrap();
            wait_for_search(&client, state).await;
            assert_head_matches_url(&client).await;
        }
        let flashes = js(&client, "return window.__flash;").await;
        assert_eq!(
            flashes,
            json!([]),
            "the list was empty on the way back or forward"
        );
    })
    .await;
}

/// Records every row added to the DOM whose status or type is outside the URL's filters at
/// that moment: a row of earlier filters appearing under later ones.
const WATCH_STALE: &str = r#"
    window.__stale = [];
    window.__added = 0;
    const allowed = (name) => {
        const value = new URLSearchParams(location.search).get(name);
        return value ? value.split(',') : null;
    };
    new MutationObserver((records) => {
        const statuses = allowed('status');
        const types = allowed('type');
        for (const record of records) {
            for (const node of record.addedNodes) {
                if (!(node instanceof Element)) continue;
                const rows = node.matches('[data-job-id]') ? [node] : Array.from(node.querySelectorAll('[data-job-id]'));
                for (const row of rows) {
                    window.__added += 1;
                    const status = row.getAttribute('data-status');
                    const type = row.getAttribute('data-type');
                    if ((statuses && !statuses.includes(status)) || (types && !types.includes(type))) {
                        window.__stale.push([location.search, row.getAttribute('data-job-id'), status, type]);
                    }
                }
            }
        }
    }).observe(document.body, { childList: true, subtree: true });
"#;

/// Fifty clicks on the status and type checkboxes, 0–40 ms apart (faster than pages load).
const RAPID_CHANGES: &str = r#"
    const done = arguments[arguments.length - 1];
    const boxes = Array.from(document.querySelectorAll('input[name=status], input[name=type]'));
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    (async () => {
        for (let i = 0; i < 50; i++) {
            boxes[Math.floor(next() * boxes.length)].click();
            await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 40)));
        }
        done(location.search);
    })();
"#;

#[tokio::test]
async fn fifty_rapid_changes_end_on_the_final_urls_rows_and_no_stale_row_ever_shows() {
    with_app(SIM, |env| async move {
        let client = env.client.clone();
        open_list(&env, "/").await;
        let before = js(&client, "return history.length;").await;
        js(&client, WATCH_STALE).await;
        let last = client.execute_async(RAPID_CHANGES, vec![]).await.unwrap();
        assert_eq!(search(&client).await, last.as_str().unwrap());
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_head_matches_url(&client).await;
        // Each change is one history entry (Chromium keeps at most 50 per tab).
        let after = js(&client, "return history.length;").await.as_u64().unwrap();
        assert_eq!(after, (before.as_u64().unwrap() + 50).min(50));
        let stale = js(&client, "return window.__stale;").await;
        assert_eq!(stale, json!([]), "rows of earlier filters appeared");
        let added = js(&client, "return window.__added;").await.as_u64().unwrap();
        assert!(added > 0, "no row was added at all: the watch saw nothing");
        // And the whole list for the final URL, not only its head.
        let query = search(&client).await.replacen('?', "&", 1);
        js(&client, "window.__seen = new Set(); document.querySelector('.job-table-viewport').scrollTop = 0;").await;
        if api_ids(&client, &query).await.is_empty() {
            assert_eq!(rendered_ids(&client).await, Vec::<String>::new());
        } else {
            assert_rows_match(&client, &query).await;
        }
    })
    .await;
}

#[tokio::test]
async fn dates_are_entered_in_the_browsers_zone_and_sent_as_utc() {
    with_app_in(Some("America/New_York"), SIM, |env: Env| async move {
        let client = env.client.clone();
        open_list(&env, "/").await;
        // Eastern daylight time (UTC−4) until 2026-11-01 06:00 UTC.
        set_value(&client, "input[name=fromDate]", "2026-10-20").await;
        wait_for_search(&client, "?dateFrom=2026-10-20T04:00:00Z").await;
        set_value(&client, "input[name=toDate]", "2026-10-25").await;
        wait_for_search(
            &client,
            "?dateFrom=2026-10-20T04:00:00Z&dateTo=2026-10-26T03:59:59.999Z",
        )
        .await;
        let chips = js(
            &client,
            "return Array.from(document.querySelectorAll('.chip')).map(c => c.firstChild.textContent);",
        )
        .await;
        assert_eq!(
            chips,
            json!([
                "From 2026-10-20 (America/New_York)",
                "To 2026-10-25 (America/New_York)"
            ])
        );
        js(&client, "window.__seen = new Set();").await;
        assert_rows_match(
            &client,
            "&dateFrom=2026-10-20T04:00:00Z&dateTo=2026-10-26T03:59:59.999Z",
        )
        .await;
    })
    .await;
}
