//! Job detail and live updates against the live simulator (its clock moved by the control
//! API): a job seen through QUEUED → RUNNING → DONE in the open drawer, cancel accepted and
//! refused, the new-jobs bar, no request while the tab is hidden, exports equal to the API's
//! data, deep links, jump to a job, the time display and the keyboard.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use jobscope_e2e::app::{CAPTURE_DOWNLOADS, next_download, set_refresh};
use jobscope_e2e::list::{
    FROZEN_3000, api_ids, click, js, open_list, search, settled_state, sim_json, wait_for_js,
};
use jobscope_e2e::{UI_TIMEOUT, with_app};
use serde_json::{Value, json};

/// Inserts `count` new jobs now; answers them.
async fn insert(client: &Client, count: u64) -> Vec<Value> {
    let answer = sim_json(client, "POST", "/_sim/jobs", json!({ "count": count })).await;
    answer["data"].as_array().cloned().unwrap_or_default()
}

async fn advance(client: &Client, seconds: f64) {
    sim_json(
        client,
        "POST",
        "/_sim/clock/advance",
        json!({ "seconds": seconds }),
    )
    .await;
}

async fn api_job(client: &Client, id: &str) -> Value {
    sim_json(client, "GET", &format!("/v1/jobs/{id}"), Value::Null).await["data"].clone()
}

/// JSON numbers compared by value (`1` and `1.0` are one number).
fn numbers_as_f64(value: Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_f64).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_f64(v)))
                .collect(),
        ),
        other => other,
    }
}

async fn drawer_status(client: &Client) -> Value {
    js(
        client,
        "return document.querySelector('dialog.drawer[open] [data-drawer-status]')?.getAttribute('data-drawer-status') ?? null;",
    )
    .await
}

async fn wait_drawer_status(client: &Client, expected: &str) {
    wait_for_js(
        client,
        "return document.querySelector('dialog.drawer[open] [data-drawer-status]')?.getAttribute('data-drawer-status') ?? null;",
        json!(expected),
    )
    .await;
}

async fn row_status(client: &Client, id: &str) -> Value {
    js(
        client,
        &format!("return document.querySelector('[data-job-id=\"{id}\"]')?.getAttribute('data-status') ?? null;"),
    )
    .await
}

#[tokio::test]
async fn a_job_goes_queued_running_done_in_the_open_drawer() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        client.goto(&env.url("/healthz")).await.unwrap();
        let job = insert(&client, 1).await.remove(0);
        let id = job["id"].as_str().unwrap().to_owned();
        assert_eq!(job["status"], "QUEUED");

        // A link with only `?job=`: the drawer reads the job itself.
        client.goto(&env.url(&format!("/?job={id}"))).await.unwrap();
        wait_drawer_status(&client, "QUEUED").await;
        let title = js(
            &client,
            "return document.getElementById('drawer-title').textContent;",
        )
        .await;
        assert!(title.as_str().unwrap().starts_with("Job "), "{title}");

        // The simulated clock moves a second at a time until the API starts the job; the
        // drawer follows by itself.
        let mut api = api_job(&client, &id).await;
        for _ in 0..60 {
            if api["status"] != "QUEUED" {
                break;
            }
            advance(&client, 1.0).await;
            api = api_job(&client, &id).await;
        }
        assert_eq!(api["status"], "RUNNING", "{api}");
        wait_drawer_status(&client, "RUNNING").await;
        let progress = js(
            &client,
            "return !!document.querySelector('dialog.drawer[open] [role=progressbar]');",
        )
        .await;
        assert_eq!(progress, true, "a running job shows its progress");
        let eta = js(
            &client,
            "return document.querySelector('dialog.drawer[open] .eta')?.textContent ?? null;",
        )
        .await;
        assert!(
            eta.as_str()
                .is_some_and(|eta| eta.contains("left") || eta.contains("moment")),
            "{eta}"
        );

        let left = api["estimatedCompletionMs"].as_f64().unwrap_or(600_000.0);
        advance(&client, left / 1000.0 + 1.0).await;
        let api = api_job(&client, &id).await;
        assert_eq!(api["status"], "DONE", "{api}");
        wait_drawer_status(&client, "DONE").await;
        let result = js(
            &client,
            "return document.getElementById('drawer-result') !== null;",
        )
        .await;
        assert_eq!(result, true, "the result is shown");
        let raw = js(
            &client,
            "return JSON.parse(document.querySelector('.raw-json pre').textContent);",
        )
        .await;
        assert_eq!(
            numbers_as_f64(raw),
            numbers_as_f64(api),
            "the raw JSON is the API's"
        );

        // Escape closes it and drops `job=` from the URL.
        client
            .find(Locator::Css("dialog.drawer[open]"))
            .await
            .unwrap()
            .send_keys(&Key::Escape.to_string())
            .await
            .unwrap();
        wait_for_js(&client, "return location.search;", json!("")).await;
    })
    .await;
}

#[tokio::test]
async fn cancel_succeeds_for_a_queued_job_and_is_refused_for_a_running_one() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        let jobs = insert(&client, 2).await;
        let first = jobs[0]["id"].as_str().unwrap().to_owned();
        let second = jobs[1]["id"].as_str().unwrap().to_owned();
        open_list(&env, "/").await;
        assert_eq!(row_status(&client, &first).await, "QUEUED");

        // Accepted: confirm, the row says cancelled at once and stays so.
        click(&client, &format!("[data-job-id=\"{first}\"] .cancel-job")).await;
        wait_for_js(&client, "return !!document.querySelector('dialog.cancel-dialog[open]');", json!(true)).await;
        let focused = js(&client, "return document.activeElement.className;").await;
        assert!(focused.as_str().unwrap().contains("keep-job"), "Keep job has the focus: {focused}");
        click(&client, "dialog.cancel-dialog[open] .confirm-cancel").await;
        wait_for_js(&client, &format!("return document.querySelector('[data-job-id=\"{first}\"]').getAttribute('data-status');"), json!("CANCELLED")).await;
        wait_for_js(&client, "return document.querySelector('.cancel-notice')?.textContent.includes('was cancelled') ?? false;", json!(true)).await;
        assert_eq!(api_job(&client, &first).await["status"], "CANCELLED");

        // Refused: the second job started meanwhile (the list, not refreshing, still says
        // QUEUED); the row rolls back and then shows the job as it is, with the reason.
        let mut api = api_job(&client, &second).await;
        for _ in 0..60 {
            if api["status"] != "QUEUED" {
                break;
            }
            advance(&client, 1.0).await;
            api = api_job(&client, &second).await;
        }
        assert_eq!(api["status"], "RUNNING", "{api}");
        assert_eq!(row_status(&client, &second).await, "QUEUED");
        click(&client, &format!("[data-job-id=\"{second}\"] .cancel-job")).await;
        click(&client, "dialog.cancel-dialog[open] .confirm-cancel").await;
        wait_for_js(&client, "return document.querySelector('.cancel-notice[role=alert]')?.textContent ?? '';", json!(format!(
            "Job {second} was not cancelled. The job API refused the request (409): job {second} cannot be cancelled: it is already RUNNING, and running jobs cannot be cancelled in v1; only QUEUED jobs can be×"
        ))).await;
        wait_for_js(&client, &format!("return document.querySelector('[data-job-id=\"{second}\"]').getAttribute('data-status');"), json!("RUNNING")).await;
        assert_eq!(api_job(&client, &second).await["status"], "RUNNING");

        // A running row has no Cancel; its drawer's says why it cannot be, without asking.
        let in_row = js(&client, &format!("return !!document.querySelector('[data-job-id=\"{second}\"] .cancel-job');")).await;
        assert_eq!(in_row, false);
        click(&client, &format!("[data-job-id=\"{second}\"] .cell-type")).await;
        wait_drawer_status(&client, "RUNNING").await;
        let why = js(&client, "return document.querySelector('dialog.drawer[open] #cancel-why').textContent;").await;
        assert_eq!(why, "Running jobs cannot be cancelled: the API cancels only queued jobs.");
        click(&client, "dialog.drawer[open] .cancel-job").await;
        wait_for_js(&client, "return document.querySelector('.cancel-notice')?.textContent.includes('is running and cannot be cancelled') ?? false;", json!(true)).await;
        let dialog_open = js(&client, "return !!document.querySelector('dialog.cancel-dialog[open]');").await;
        assert_eq!(dialog_open, false);
    })
    .await;
}

#[tokio::test]
async fn new_jobs_wait_in_a_bar_and_never_shift_the_rows() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "2s").await;
        open_list(&env, "/").await;
        let first = js(&client, "return document.querySelector('[data-row-index=\"0\"]').getAttribute('data-job-id');").await;
        let inserted: Vec<String> = insert(&client, 3)
            .await
            .iter()
            .map(|job| job["id"].as_str().unwrap().to_owned())
            .collect();
        wait_for_js(&client, "return document.querySelector('.new-rows-bar')?.textContent ?? null;", json!("3 new jobs · Show")).await;
        let still_first = js(&client, "return document.querySelector('[data-row-index=\"0\"]').getAttribute('data-job-id');").await;
        assert_eq!(still_first, first, "nothing moved under the pointer");

        click(&client, ".new-rows-bar").await;
        wait_for_js(&client, "return document.querySelector('.new-rows-bar') === null;", json!(true)).await;
        let top: Vec<String> = serde_json::from_value(js(&client, "return [0, 1, 2, 3].map((i) => document.querySelector(`[data-row-index=\"${i}\"]`).getAttribute('data-job-id'));").await).unwrap();
        // In the API's order: a job created in the same second as the old first row, with a
        // smaller id, sorts below it.
        assert_eq!(api_ids(&client, "").await[..4], top[..]);
        for id in &inserted {
            assert!(top.contains(id), "{id} is shown: {top:?}");
        }
        assert!(top.contains(&first.as_str().unwrap().to_owned()));
    })
    .await;
}

#[tokio::test]
async fn no_request_is_made_while_the_tab_is_hidden() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "2s").await;
        // With a running job's drawer open: it polls too.
        let running = sim_json(&client, "GET", "/v1/jobs?status=RUNNING&limit=1", Value::Null).await;
        let running = running["data"][0]["id"].as_str().expect("a running job").to_owned();
        open_list(&env, &format!("/?job={running}")).await;
        wait_drawer_status(&client, "RUNNING").await;
        settled_state(&client).await;
        let count = "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/v1/')).length;";
        // Ticks run while visible.
        let before = js(&client, count).await.as_u64().unwrap();
        tokio::time::sleep(Duration::from_millis(4_500)).await;
        let visible = js(&client, count).await.as_u64().unwrap();
        assert!(visible > before, "refreshes run while visible ({before} → {visible})");
        let polls = format!("return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/v1/jobs/{running}')).length;");
        assert!(js(&client, &polls).await.as_u64().unwrap() >= 2, "the drawer polls its running job");

        // Minimised, the page is hidden (headless Chromium keeps background tabs visible).
        client.minimize_window().await.unwrap();
        wait_for_js(&client, "return document.visibilityState;", json!("hidden")).await;
        let at_hide = js(&client, count).await.as_u64().unwrap();
        tokio::time::sleep(Duration::from_millis(7_000)).await;
        let after = js(&client, count).await.as_u64().unwrap();
        assert_eq!(after, at_hide, "no request while hidden");

        // Visible again: a refresh at once.
        client.maximize_window().await.unwrap();
        wait_for_js(&client, "return document.visibilityState;", json!("visible")).await;
        let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
        while js(&client, count).await.as_u64().unwrap() == after {
            assert!(tokio::time::Instant::now() < deadline, "no refresh after coming back");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_429_slows_the_refresh_down_until_a_tick_passes() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "2s").await;
        open_list(&env, "/").await;
        settled_state(&client).await;
        let count = "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/v1/jobs?')).length;";
        sim_json(&client, "POST", "/_sim/faults", json!({ "kind": "rate_limited", "count": 1 })).await;
        let hint = "return document.querySelector('.toolbar-hint')?.textContent ?? null;";
        wait_for_js(&client, hint, json!("Slowed down: the API is rate limiting")).await;
        // Twice the interval (4 s) at least: no tick for the next 2.5 s.
        let at_429 = js(&client, count).await.as_u64().unwrap();
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        assert_eq!(js(&client, count).await.as_u64().unwrap(), at_429, "a pause after the 429");
        // The next tick passes and the list is live again; its rows were never touched.
        wait_for_js(&client, hint, Value::Null).await;
        assert_eq!(settled_state(&client).await, "idle");
    })
    .await;
}

#[tokio::test]
async fn the_refresh_pauses_before_the_api_would_refuse() {
    let mut args = FROZEN_3000.to_vec();
    args.extend(["--rate-limit", "14"]);
    with_app(&args, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "2s").await;
        open_list(&env, "/").await;
        // `X-RateLimit-Remaining` falls to the reserve: the refresh waits for the window.
        let hint = "return document.querySelector('.toolbar-hint')?.textContent ?? null;";
        wait_for_js(&client, hint, json!("Slowed down: the API is rate limiting")).await;
        let requests = "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/v1/')).map((e) => e.responseStatus);";
        let paused = js(&client, requests).await.as_array().unwrap().len();
        tokio::time::sleep(Duration::from_millis(5_000)).await;
        let statuses: Vec<u64> = serde_json::from_value(js(&client, requests).await).unwrap();
        assert_eq!(statuses.len(), paused, "no request while paused");
        assert!(statuses.iter().all(|status| *status == 200), "never refused: {statuses:?}");
    })
    .await;
}

#[tokio::test]
async fn exports_equal_the_apis_data_for_the_same_filters() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list(&env, "/?status=FAILED").await;
        settled_state(&client).await;
        js(&client, CAPTURE_DOWNLOADS).await;
        let expected = api_ids(&client, "&status=FAILED").await;
        assert!(expected.len() > 100, "more than one page: {}", expected.len());

        // All matching as JSON, through a 429 (it waits its `Retry-After`): the API's jobs,
        // field for field.
        sim_json(&client, "POST", "/_sim/faults", json!({ "kind": "rate_limited", "count": 1 })).await;
        click(&client, ".export-menu summary").await;
        click(&client, "[data-export=\"all-json\"]").await;
        wait_for_js(&client, "return document.querySelector('.export-progress')?.textContent.includes('waiting for the API') ?? false;", json!(true)).await;
        let text = next_download(&client, 0).await;
        let exported: Vec<Value> = serde_json::from_str(&text).unwrap();
        let api: Vec<Value> = serde_json::from_value(
            client
                .execute_async(r#"
                    const done = arguments[0];
                    (async () => {
                        const jobs = []; let cursor = null;
                        do {
                            const r = await fetch('/v1/jobs?limit=200&status=FAILED' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
                            const page = await r.json(); jobs.push(...page.data); cursor = page.pagination.next_cursor;
                        } while (cursor);
                        done(jobs);
                    })();
                "#, vec![])
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(exported.len(), expected.len());
        assert_eq!(exported, api, "the JSON export is the API's data");

        // Loaded rows as CSV: one line per loaded row, in order, and no live formula.
        click(&client, ".export-menu summary").await;
        click(&client, "[data-export=\"loaded-csv\"]").await;
        let csv = next_download(&client, 1).await;
        let csv = csv.strip_prefix('\u{feff}').expect("a UTF-8 byte-order mark for spreadsheets");
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert!(lines[0].starts_with("id,type,status,"), "{}", lines[0]);
        let loaded = js(&client, "return Number(document.querySelector('.job-list').getAttribute('data-loaded-count'));").await.as_u64().unwrap() as usize;
        let ids: Vec<&str> = lines[1..].iter().filter_map(|line| line.split(',').next()).filter(|id| id.starts_with("job_")).collect();
        assert_eq!(ids, expected[..ids.len()].iter().map(String::as_str).collect::<Vec<_>>());
        assert!(ids.len() <= loaded && ids.len() >= loaded.min(100), "{} of {loaded}", ids.len());
        for line in &lines[1..] {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                assert!(!cell.starts_with(['=', '+', '@']), "a live formula: {line}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn keyboard_and_jump_to_job_open_the_drawer_and_times_can_read_utc() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list(&env, "/?status=DONE").await;
        settled_state(&client).await;
        let ids = api_ids(&client, "&status=DONE").await;

        // Tab into the rows, j moves down, Enter opens, Escape closes and returns the focus.
        js(&client, "document.querySelector('[data-row-index=\"0\"]').focus(); return null;").await;
        let keys = |key: &str| key.to_owned();
        client.active_element().await.unwrap().send_keys(&keys("j")).await.unwrap();
        wait_for_js(&client, "return document.activeElement.getAttribute('data-row-index');", json!("1")).await;
        client.active_element().await.unwrap().send_keys(&Key::Enter.to_string()).await.unwrap();
        wait_for_js(&client, "return location.search;", json!(format!("?status=DONE&job={}", ids[1]))).await;
        wait_drawer_status(&client, "DONE").await;
        client.active_element().await.unwrap().send_keys(&Key::Escape.to_string()).await.unwrap();
        wait_for_js(&client, "return location.search;", json!("?status=DONE")).await;
        wait_for_js(&client, "return document.activeElement.getAttribute('data-job-id');", json!(ids[1])).await;
        client.active_element().await.unwrap().send_keys(&keys("k")).await.unwrap();
        wait_for_js(&client, "return document.activeElement.getAttribute('data-row-index');", json!("0")).await;

        // `/` focuses the search; a pasted id far down the list opens its drawer.
        client.active_element().await.unwrap().send_keys("/").await.unwrap();
        wait_for_js(&client, "return document.activeElement.name;", json!("jump")).await;
        let far = api_ids(&client, "").await[2_500].clone();
        js(&client, &format!("const input = document.activeElement; input.value = '  {far} '; input.dispatchEvent(new Event('paste', {{ bubbles: true }})); return null;")).await;
        wait_for_js(&client, "return new URLSearchParams(location.search).get('job');", json!(far)).await;
        let shown = api_job(&client, &far).await["status"].clone();
        wait_for_js(&client, "return document.querySelector('dialog.drawer[open] [data-drawer-status]')?.getAttribute('data-drawer-status') ?? null;", shown).await;
        assert!(drawer_status(&client).await.is_string());
        client.active_element().await.unwrap().send_keys(&Key::Escape.to_string()).await.unwrap();

        // `?` lists the keys.
        js(&client, "document.querySelector('[data-row-index=\"0\"]').focus(); return null;").await;
        client.active_element().await.unwrap().send_keys("?").await.unwrap();
        wait_for_js(&client, "return !!document.querySelector('dialog.keys-dialog[open]');", json!(true)).await;
        client.active_element().await.unwrap().send_keys(&Key::Escape.to_string()).await.unwrap();

        // Times in UTC, remembered after a reload, with the absolute time on hover.
        let select = client.find(Locator::Css("select[name=time-display]")).await.unwrap();
        select.select_by_value("utc").await.unwrap();
        let created = "return document.querySelector('[data-row-index=\"0\"] .cell-created time').textContent;";
        let text = js(&client, created).await;
        assert!(text.as_str().unwrap().ends_with(" UTC"), "{text}");
        client.refresh().await.unwrap();
        client.wait().for_element(Locator::Css("[data-job-id]")).await.unwrap();
        let text = js(&client, created).await;
        assert!(text.as_str().unwrap().ends_with(" UTC"), "after reload: {text}");
        let title = js(&client, "return document.querySelector('[data-row-index=\"0\"] .cell-created time').title;").await;
        assert!(title.as_str().unwrap().contains("UTC"), "{title}");
        let _ = search(&client).await;
    })
    .await;
}
