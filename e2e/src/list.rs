//! Driving and reading the job list: open it, scroll it to the end, watch which rows the DOM
//! ever showed, and ask the API directly for the ground truth to compare with.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::{Env, UI_TIMEOUT};

/// The simulator the list tests share: 3,000 jobs, frozen, the same every run.
pub const FROZEN_3000: &[&str] = &[
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

/// Scrolls one viewport down and answers the list's state once the page has seen the scroll
/// (its `scroll` event and the frame after it), as after a person's scroll. WebKit fires
/// `scroll` only at its next rendering update: without the wait, steps faster than its frames
/// would coalesce, and the list would never render the rows in between.
const SCROLL_STEP: &str = r#"
    const done = arguments[0];
    const viewport = document.querySelector('.job-table-viewport');
    const list = document.querySelector('.job-list');
    const report = () => done({
        state: list.getAttribute('data-feed-state'),
        loaded: Number(list.getAttribute('data-loaded-count')),
        atBottom: viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 2,
    });
    const before = viewport.scrollTop;
    viewport.addEventListener('scroll', () => requestAnimationFrame(report), { once: true });
    viewport.scrollTop += Math.max(100, viewport.clientHeight - 40);
    // Nothing moved (at the bottom already): no scroll event comes.
    if (viewport.scrollTop === before) setTimeout(report, 0);
"#;

/// Every job, by walking the API's cursor directly (the query, `&status=…`, is the first
/// argument). `X-Sim-Bypass`: with `--control`, the walk meets none of the faults and rate
/// limit a test set up for the app (without it the header is ignored).
const API_WALK: &str = r#"
    const [filters, done] = arguments;
    (async () => {
        const jobs = [];
        let cursor = null;
        do {
            const url = '/v1/jobs?limit=200' + filters + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
            const response = await fetch(url, { headers: { 'X-Sim-Bypass': '1' } });
            if (!response.ok) throw new Error(url + ': ' + response.status);
            const page = await response.json();
            jobs.push(...page.data);
            cursor = page.pagination.next_cursor;
        } while (cursor);
        done(jobs);
    })().catch((err) => done(String(err)));
"#;

/// Clicks the first element matching `css`; panics naming it when there is none.
pub async fn click(client: &Client, css: &str) {
    let element = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|err| panic!("no `{css}`: {err}"));
    crate::browser::before_click(&element).await;
    element
        .click()
        .await
        .unwrap_or_else(|err| panic!("cannot click `{css}`: {err}"));
}

pub async fn js(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

/// POSTs JSON to the simulator from the page; panics unless it answers 2xx.
pub async fn post(client: &Client, path: &str, body: Value) {
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
pub async fn open_list(env: &Env, path: &str) {
    open_list_in(&env.client, &env.url(path)).await;
}

/// [`open_list`] in any browser session, at an absolute URL.
pub async fn open_list_in(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-job-id]"))
        .await
        .unwrap();
    js(client, WATCH_ROWS).await;
}

/// Scrolls step by step until the list says `end` and the bottom is reached; `midway` runs
/// once after `at_step` steps. Returns the number of rows loaded.
pub async fn scroll_to_end(client: &Client, at_step: usize, midway: impl AsyncFnOnce()) -> u64 {
    let mut midway = Some(midway);
    for step in 0..5_000 {
        if step == at_step
            && let Some(action) = midway.take()
        {
            action().await;
        }
        let status = client.execute_async(SCROLL_STEP, vec![]).await.unwrap();
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

/// Waits until the list stopped with an error, then reads its footer: `role`, `message`,
/// `kept` (the "N jobs loaded so far are kept" line, `null` without one), `buttons` (their
/// texts), `rows` (row elements drawn), and whether an empty state (`empty`) or the list's
/// end (`end`) shows beside it.
pub async fn list_error(client: &Client) -> Value {
    wait_for_js(
        client,
        "return document.querySelector('.job-list')?.getAttribute('data-feed-state');",
        json!("error"),
    )
    .await;
    js(
        client,
        r#"
        const error = document.querySelector('.list-error');
        return {
            role: error.getAttribute('role'),
            message: error.querySelector('p').textContent,
            kept: error.querySelector('p.muted')?.textContent ?? null,
            buttons: Array.from(error.querySelectorAll('button'), (b) => b.textContent),
            rows: document.querySelectorAll('[data-job-id]').length,
            empty: document.querySelector('.empty-state') !== null,
            end: document.querySelector('.list-end') !== null,
        };
        "#,
    )
    .await
}

/// A page as the API sent it (`url` on the app's origin, with its query), read past the app:
/// `X-Sim-Bypass` meets no fault, no scripted answer and is not logged.
pub async fn api_page(client: &Client, url: &str) -> Value {
    let script = r#"
        const [url, done] = arguments;
        fetch(url, { headers: { 'X-Sim-Bypass': '1' } })
            .then((r) => r.json()).then(done, (err) => done(String(err)));
    "#;
    client
        .execute_async(script, vec![json!(url)])
        .await
        .unwrap()
}

/// Every job the API lists for `query` (`&status=FAILED…`, or empty), whole, in list order.
pub async fn api_jobs(client: &Client, query: &str) -> Vec<Value> {
    let answer = client
        .execute_async(API_WALK, vec![json!(query)])
        .await
        .unwrap();
    serde_json::from_value(answer.clone())
        .unwrap_or_else(|_| panic!("the API walk failed: {answer}"))
}

/// Every job id the API lists for `query` (`&status=FAILED…`, or empty), in list order.
pub async fn api_ids(client: &Client, query: &str) -> Vec<String> {
    api_jobs(client, query)
        .await
        .iter()
        .map(|job| job["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Every row id the DOM showed since [`open_list`].
pub async fn seen_ids(client: &Client) -> Vec<String> {
    serde_json::from_value(js(client, "return Array.from(window.__seen);").await).unwrap()
}

/// The ids of the rows in the DOM, in list order (the DOM holds a window of the list).
pub async fn rendered_ids(client: &Client) -> Vec<String> {
    let script = r#"
        return Array.from(document.querySelectorAll('[data-job-id]'))
            .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
            .map((row) => row.getAttribute('data-job-id'));
    "#;
    serde_json::from_value(js(client, script).await).unwrap()
}

/// Waits until the list is neither loading nor refreshing (`idle`, `end` or `error`) and
/// answers that state.
pub async fn settled_state(client: &Client) -> String {
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    loop {
        let state = js(
            client,
            "return document.querySelector('.job-list')?.getAttribute('data-feed-state') ?? 'none';",
        )
        .await;
        let state = state.as_str().unwrap_or_default().to_owned();
        if matches!(state.as_str(), "idle" | "end" | "error") {
            return state;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the list stayed `{state}`"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The page's query string (`?status=…`, or empty).
pub async fn search(client: &Client) -> String {
    let search = js(client, "return location.search;").await;
    search.as_str().unwrap_or_default().to_owned()
}

/// Waits until the page's query string is `expected`.
pub async fn wait_for_search(client: &Client, expected: &str) {
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    loop {
        let now = search(client).await;
        if now == expected {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the URL query stayed {now:?}, expected {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Sends `method` to the simulator from the page and answers its JSON (`null` for none);
/// panics unless it answers 2xx.
pub async fn sim_json(client: &Client, method: &str, path: &str, body: Value) -> Value {
    let script = r#"
        const [method, path, body, done] = arguments;
        const init = { method, headers: { 'content-type': 'application/json' } };
        if (body !== null) init.body = JSON.stringify(body);
        fetch(path, init)
            .then(async (r) => done({ status: r.status, body: await r.text() }), (err) => done({ status: 0, body: String(err) }));
    "#;
    let answer = client
        .execute_async(script, vec![json!(method), json!(path), body])
        .await
        .unwrap();
    let status = answer["status"].as_u64().unwrap_or(0);
    let text = answer["body"].as_str().unwrap_or_default();
    assert!(
        (200..300).contains(&status),
        "{method} {path}: {status} {text}"
    );
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// Waits until `script` (a JS expression's `return`) answers `expected`; panics with the
/// last answer.
pub async fn wait_for_js(client: &Client, script: &str, expected: Value) {
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    loop {
        let now = js(client, script).await;
        if now == expected {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "`{script}` stayed {now}, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The queries of the list requests (`GET /v1/jobs`) the simulator received since its log was
/// cleared, oldest first, without the empty pair gloo-net's request builder leaves at the end.
pub async fn list_queries(client: &Client) -> Vec<String> {
    let log = sim_json(client, "GET", "/_sim/requests", Value::Null).await;
    log["requests"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|r| r["method"] == "GET" && r["path"] == "/v1/jobs")
        .map(|r| {
            let query = r["query"].as_str().unwrap_or_default();
            query.trim_end_matches('&').to_owned()
        })
        .collect()
}
