//! The first page is asked for sooner (issue 16, item 3): as soon as the configuration is
//! known, before the list's view is built, and exactly once: the feed takes that request as
//! its own. Filters changed while it is out never show its rows.

use std::collections::HashSet;
use std::time::Duration;

use fantoccini::{Client, Locator};
use jobscope_e2e::app::set_refresh;
use jobscope_e2e::browser::Browser;
use jobscope_e2e::cdp::cdp;
use jobscope_e2e::list::{
    FROZEN_3000, api_ids, api_page, click, js, list_queries, open_list, settled_state, sim_json,
    wait_for_search,
};
use jobscope_e2e::{Env, UI_TIMEOUT, with_app};
use serde_json::{Value, json};

/// Run in every new document before its own scripts (Chromium, through CDP): records each
/// call of `fetch` for the job list, and whether the list's view (`.job-list`) was in the
/// document at that moment; and the time the view first appeared.
const WATCH_FETCH: &str = r#"
    (() => {
        // In a function: a top-level `const fetch` would shadow the global for every script.
        window.__listFetches = [];
        const original = window.fetch;
        window.fetch = function (input) {
            const url = typeof input === 'string' ? input : input.url;
            if (url.includes('/v1/jobs')) {
                window.__listFetches.push({
                    url,
                    at: performance.now(),
                    viewBuilt: document.querySelector('.job-list') !== null,
                });
            }
            return original.apply(this, arguments);
        };
        new MutationObserver((_, observer) => {
            if (document.querySelector('.job-list')) {
                window.__viewSeenAt = performance.now();
                observer.disconnect();
            }
        }).observe(document, { childList: true, subtree: true });
    })();
"#;

async fn clear_requests(client: &Client) {
    sim_json(client, "DELETE", "/_sim/requests", Value::Null).await;
}

/// Opens `path` with the log cleared and waits for the list to settle; answers the list
/// requests the simulator received.
async fn load_and_log(env: &Env, path: &str) -> Vec<String> {
    clear_requests(&env.client).await;
    open_list(env, path).await;
    assert_eq!(settled_state(&env.client).await, "idle", "{path}");
    list_queries(&env.client).await
}

#[tokio::test]
async fn the_first_page_is_asked_for_once_and_before_the_list_is_built() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        // The refresh off: every list request is the feed's own.
        set_refresh(&client, &env.base_url, "off").await;
        let chromium = env.browser == Browser::Chromium;
        if chromium {
            cdp(
                &client,
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": WATCH_FETCH }),
            )
            .await;
        }

        assert_eq!(
            load_and_log(&env, "/").await,
            ["limit=100"],
            "one request for the first page"
        );
        // A link not in canonical form (a repeat, an unknown parameter): rewritten in place,
        // and still one request, the canonical one.
        assert_eq!(
            load_and_log(&env, "/?status=FAILED&status=FAILED&colour=red").await,
            ["limit=100&status=FAILED"]
        );
        wait_for_search(&client, "?status=FAILED").await;

        if chromium {
            let timings = js(
                &client,
                r#"
                const config = performance.getEntriesByName(new URL('config.json', location.href).href)[0];
                return {
                    configAnswered: config ? config.responseEnd : null,
                    firstPageAsked: window.__listFetches[0].at,
                    viewSeen: window.__viewSeenAt ?? null,
                };
                "#,
            )
            .await;
            eprintln!("first page timing (ms since navigation): {timings}");
            let fetches = js(&client, "return window.__listFetches;").await;
            let fetches = fetches.as_array().unwrap();
            assert_eq!(fetches.len(), 1, "{fetches:?}");
            assert_eq!(
                fetches[0]["viewBuilt"], false,
                "the first page was asked for before the list's view was built: {fetches:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn filters_changed_before_the_first_answer_never_show_its_rows() {
    // Every API answer takes 2.5 s: time to change the filters while the first page is out.
    let mut sim = FROZEN_3000.to_vec();
    sim.extend(["--latency", "2500"]);
    with_app(&sim, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        clear_requests(&client).await;
        client.goto(&env.url("/")).await.unwrap();
        // Every row the DOM ever shows, from now on.
        js(
            &client,
            r#"
            window.__seen = new Set();
            const record = () => document.querySelectorAll('[data-job-id]')
                .forEach((row) => window.__seen.add(row.getAttribute('data-job-id')));
            new MutationObserver(record).observe(document.body, { childList: true, subtree: true });
            record();
            return null;
            "#,
        )
        .await;
        client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css("[data-filter=status] summary"))
            .await
            .unwrap();
        let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
        while list_queries(&client).await.is_empty() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no first page asked"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        click(&client, "[data-filter=status] summary").await;
        click(&client, "input[name=status][value=FAILED]").await;
        wait_for_search(&client, "?status=FAILED").await;
        let early_rows = js(
            &client,
            "return document.querySelectorAll('[data-job-id]').length;",
        )
        .await;
        assert_eq!(early_rows, 0, "the filters changed before the first answer");

        client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("[data-job-id]"))
            .await
            .unwrap();
        settled_state(&client).await;
        // Wait past when the first answer arrived (it was sent first).
        tokio::time::sleep(Duration::from_millis(500)).await;

        let requests = list_queries(&client).await;
        assert_eq!(
            requests,
            ["limit=100", "limit=100&status=FAILED"],
            "the first page, then the failed jobs' one"
        );
        let failed: HashSet<String> = api_ids(&client, "&status=FAILED")
            .await
            .into_iter()
            .collect();
        let first_page = api_page(&client, "/v1/jobs?limit=100").await;
        let others: Vec<&str> = first_page["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|job| job["status"] != "FAILED")
            .filter_map(|job| job["id"].as_str())
            .collect();
        assert!(
            !others.is_empty(),
            "the unfiltered first page holds jobs that are not failed: else a weak test"
        );
        let seen: Vec<String> =
            serde_json::from_value(js(&client, "return Array.from(window.__seen);").await).unwrap();
        assert!(!seen.is_empty());
        let leaked: Vec<&String> = seen.iter().filter(|id| !failed.contains(*id)).collect();
        assert!(
            leaked.is_empty(),
            "rows of the first answer (other filters) were shown: {leaked:?}"
        );
    })
    .await;
}
