//! Tools of the chaos and fault tests: a watch on the list that notices duplicated or moved
//! rows and records every footer and toolbar message shown, a scroll to the end that clicks
//! Retry as a user would, and a ground-truth walk of the API that the simulator lets past
//! its faults and rate limit (`X-Sim-Bypass`, control API only).

use std::collections::BTreeMap;
use std::time::Duration;

use fantoccini::Client;
use serde_json::Value;

use crate::UI_TIMEOUT;
use crate::list::{click, js};

/// Watches the list from now on: which id each row index showed (a row index that shows
/// another id later means rows moved), ids present twice in one rendering, the fewest
/// loaded rows, and every distinct footer and toolbar hint text in order.
const WATCH_LIST: &str = r#"
    const c = window.__chaos = {
        byIndex: {}, moved: [], twice: [], minLoaded: null, footers: [], hints: [], alerts: [],
    };
    const push = (list, text) => {
        if (text && list[list.length - 1] !== text && list.length < 500) list.push(text);
    };
    const record = () => {
        const ids = new Set();
        document.querySelectorAll('[data-job-id]').forEach((row) => {
            const id = row.getAttribute('data-job-id');
            const index = row.getAttribute('data-row-index');
            if (ids.has(id) && c.twice.length < 20) c.twice.push(id);
            ids.add(id);
            const before = c.byIndex[index];
            if (before === undefined) c.byIndex[index] = id;
            else if (before !== id && c.moved.length < 20) c.moved.push([index, before, id]);
        });
        const list = document.querySelector('.job-list');
        if (list) {
            const loaded = Number(list.getAttribute('data-loaded-count'));
            c.minLoaded = c.minLoaded === null ? loaded : Math.min(c.minLoaded, loaded);
        }
        push(c.footers, document.querySelector('.list-footer')?.textContent);
        push(c.hints, document.querySelector('.toolbar-hint')?.textContent);
        push(c.alerts, document.querySelector('.list-error p')?.textContent);
    };
    new MutationObserver(record).observe(document.body, {
        childList: true, subtree: true, characterData: true, attributes: true,
        attributeFilter: ['data-loaded-count', 'data-feed-state'],
    });
    record();
    return null;
"#;

/// Starts watching the list (after [`crate::list::open_list`]).
pub async fn watch_list(client: &Client) {
    js(client, WATCH_LIST).await;
}

/// Opens the list at the absolute `url`, waits up to `limit` for its first rows (a first page
/// refused by the rate limit waits out its `Retry-After`), and starts the watch.
pub async fn open_and_watch(client: &Client, url: &str, limit: Duration) {
    client.goto(url).await.unwrap();
    client
        .wait()
        .at_most(limit)
        .for_element(fantoccini::Locator::Css("[data-job-id]"))
        .await
        .unwrap_or_else(|err| panic!("no rows at {url} within {limit:?}: {err}"));
    watch_list(client).await;
}

/// What the watch saw since [`watch_list`].
#[derive(Debug)]
pub struct Watched {
    /// The id each row index showed, for every index ever drawn.
    pub by_index: BTreeMap<String, String>,
    /// `[index, id before, id after]`: a row index that later showed another id.
    pub moved: Vec<Value>,
    /// Ids drawn twice at once.
    pub twice: Vec<String>,
    pub min_loaded: Option<u64>,
    /// Every footer text, in order (consecutive repeats once).
    pub footers: Vec<String>,
    /// Every toolbar hint, in order.
    pub hints: Vec<String>,
    /// Every error the list stopped with, in order.
    pub alerts: Vec<String>,
}

impl Watched {
    /// The loaded rows in list order, as drawn: index 0, 1, 2… while every index was drawn.
    pub fn rows_in_order(&self) -> Vec<String> {
        let mut rows = Vec::with_capacity(self.by_index.len());
        while let Some(id) = self.by_index.get(&rows.len().to_string()) {
            rows.push(id.clone());
        }
        rows
    }
}

pub async fn watched(client: &Client) -> Watched {
    let value = js(client, "return window.__chaos;").await;
    let texts = |key: &str| -> Vec<String> {
        serde_json::from_value(value[key].clone()).unwrap_or_default()
    };
    Watched {
        by_index: serde_json::from_value(value["byIndex"].clone())
            .unwrap_or_else(|err| panic!("no watch on the list ({err}): {value}")),
        moved: serde_json::from_value(value["moved"].clone()).unwrap_or_default(),
        twice: texts("twice"),
        min_loaded: value["minLoaded"].as_u64(),
        footers: texts("footers"),
        hints: texts("hints"),
        alerts: texts("alerts"),
    }
}

/// `data-loaded-count` of the list.
pub async fn loaded_count(client: &Client) -> u64 {
    js(
        client,
        "return Number(document.querySelector('.job-list').getAttribute('data-loaded-count'));",
    )
    .await
    .as_u64()
    .unwrap_or_default()
}

/// `data-feed-state` of the list.
pub async fn feed_state(client: &Client) -> String {
    js(
        client,
        "return document.querySelector('.job-list')?.getAttribute('data-feed-state') ?? 'none';",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Scrolls to the bottom of the loaded rows, so the list asks for its next page.
pub async fn scroll_to_bottom(client: &Client) {
    js(
        client,
        "const v = document.querySelector('.job-table-viewport'); v.scrollTop = v.scrollHeight; return null;",
    )
    .await;
}

/// Scrolls one viewport down once the rows at the current position are drawn (on a busy
/// machine the list may draw late, and a row never drawn could not be checked); answers the
/// list's state.
const SCROLL_STEP: &str = r#"
    const viewport = document.querySelector('.job-table-viewport');
    const list = document.querySelector('.job-list');
    const loaded = Number(list.getAttribute('data-loaded-count'));
    const rowPx = parseFloat(document.querySelector('.job-table-body')?.style.height ?? '0') / Math.max(1, loaded);
    const drawn = (top) => {
        const index = Math.min(loaded - 1, Math.floor(top / rowPx));
        return index < 0 || document.querySelector(`[data-row-index="${index}"]`) !== null;
    };
    if (!(rowPx > 0) || (drawn(viewport.scrollTop) && drawn(viewport.scrollTop + viewport.clientHeight - 1))) {
        viewport.scrollTop += Math.max(100, viewport.clientHeight - 40);
    }
    return {
        state: list.getAttribute('data-feed-state'),
        loaded: Number(list.getAttribute('data-loaded-count')),
        atBottom: viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 2,
        error: document.querySelector('.list-error p')?.textContent ?? null,
    };
"#;

/// How a scroll to the end went.
#[derive(Debug)]
pub struct Scrolled {
    pub loaded: u64,
    /// The errors the list stopped with, each answered with a click on Retry.
    pub retried: Vec<String>,
}

/// Scrolls down step by step, as a user would, until the list says `end` at the bottom;
/// whenever the list stops with an error, clicks its Retry. Panics after `limit`.
pub async fn scroll_to_end_retrying(client: &Client, limit: Duration) -> Scrolled {
    let deadline = tokio::time::Instant::now() + limit;
    let mut retried = Vec::new();
    loop {
        let status = js(client, SCROLL_STEP).await;
        if status["state"] == "end" && status["atBottom"] == true {
            return Scrolled {
                loaded: status["loaded"].as_u64().unwrap_or_default(),
                retried,
            };
        }
        if status["state"] == "error" {
            retried.push(status["error"].as_str().unwrap_or_default().to_owned());
            click(client, ".list-error-actions > button.button").await;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not at the end after {limit:?}: {status}, retried {retried:?}"
        );
        // At the bottom while a page loads (or waits out a 429): no need to hurry.
        let pause = if status["atBottom"] == true { 200 } else { 20 };
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
}

/// A job as the ground-truth walk reads it.
#[derive(Debug, Clone)]
pub struct TrueJob {
    pub id: String,
    pub created_at: String,
}

/// Every job the API lists for `query` (`&type=…`, or empty), in list order, by walking its
/// cursor past the simulator's faults and rate limit (`X-Sim-Bypass`; needs `--control`).
pub async fn truth_walk(client: &Client, query: &str) -> Vec<TrueJob> {
    crate::list::api_jobs(client, query)
        .await
        .iter()
        .map(|job| TrueJob {
            id: job["id"].as_str().unwrap_or_default().to_owned(),
            created_at: job["createdAt"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// `GET /_sim/state`.
pub async fn sim_state(client: &Client) -> Value {
    crate::list::sim_json(client, "GET", "/_sim/state", Value::Null).await
}

/// Waits until the watch has recorded a footer text equal to `expected`; panics with the
/// footers seen.
pub async fn wait_for_footer(client: &Client, expected: &str) {
    wait_for_watched(client, |seen| {
        seen.footers.iter().any(|text| text == expected)
    })
    .await
    .unwrap_or_else(|seen| panic!("no footer read {expected:?}; seen: {:?}", seen.footers));
}

/// Waits until `check` holds of what the watch saw; `Err` with the last watch after
/// [`UI_TIMEOUT`] (twice that, for slow answers).
pub async fn wait_for_watched(
    client: &Client,
    check: impl Fn(&Watched) -> bool,
) -> Result<Watched, Watched> {
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT * 2;
    loop {
        let seen = watched(client).await;
        if check(&seen) {
            return Ok(seen);
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(seen);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
