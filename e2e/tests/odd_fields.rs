//! One odd field never costs a page (issue 15, items 2 and 7), end to end: a page crafted with
//! `POST /_sim/responses` from the API's own first page, with a progress of `null` and of
//! `"half"`, an `attemptCount` of `-1` and `1e12`, a row without `createdAt`, and two rows
//! without a usable id. The odd rows and their neighbours show, odd values read "unknown",
//! a running job without progress says so (not 0 %), the list says how many rows it left
//! out, and the odd row's drawer shows "unknown" with the raw JSON as sent. Heavy rows
//! (`--error-bytes`) are kept short in the list, whole in the drawer and in both exports.

use std::time::Duration;

use fantoccini::Client;
use jobscope_e2e::app::{CAPTURE_DOWNLOADS, export, set_refresh};
use jobscope_e2e::list::{
    FROZEN_3000, api_jobs, api_page, click, js, open_list, settled_state, sim_json, wait_for_js,
};
use jobscope_e2e::{UI_TIMEOUT, with_app};
use serde_json::{Value, json};

const LEFT_OUT: &str = "2 jobs in the loaded pages could not be read (the API sent no usable \
                        id) and are not shown.";

/// The next `count` answers on `path` are `body`.
async fn answer(client: &Client, path: &str, body: Value, count: u64) {
    sim_json(
        client,
        "POST",
        "/_sim/responses",
        json!({ "path": path, "body": body, "count": count }),
    )
    .await;
}

/// The text of the first element matching `css` inside the row of job `id` (null if none).
async fn cell(client: &Client, id: &str, css: &str) -> Value {
    let script = "const [id, css] = arguments; \
                  const row = Array.from(document.querySelectorAll('[data-job-id]')).find((r) => r.dataset.jobId === id); \
                  return row?.querySelector(css)?.textContent ?? null;";
    client
        .execute(script, vec![json!(id), json!(css)])
        .await
        .unwrap()
}

/// Scrolls the list down until the row of job `id` is drawn.
async fn scroll_to_row(client: &Client, id: &str) {
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    let script = "const [id] = arguments; \
                  const viewport = document.querySelector('.job-table-viewport'); \
                  viewport.scrollTop = viewport.scrollHeight; \
                  return Array.from(document.querySelectorAll('[data-job-id]')).some((r) => r.dataset.jobId === id);";
    while client.execute(script, vec![json!(id)]).await.unwrap() != json!(true) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "row {id} never drawn"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn one_odd_field_costs_that_field_and_rows_without_an_id_are_counted() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        let mut page = api_page(&client, "/v1/jobs?limit=100").await;
        let rows = page["data"].as_array_mut().unwrap();
        let id = |rows: &[Value], i: usize| rows[i]["id"].as_str().unwrap().to_owned();
        let started = rows[0]["createdAt"].clone();
        // Row 1: running with `{"progress": null}`; row 2: running with `"half"` and
        // `attemptCount: -1`; row 3: `attemptCount: 1e12`; row 6: no `createdAt`.
        rows[1]["status"] = json!("RUNNING");
        rows[1]["startedAt"] = started.clone();
        rows[1]["progress"] = json!({ "progress": null });
        rows[2]["status"] = json!("RUNNING");
        rows[2]["startedAt"] = started;
        rows[2]["progress"] = json!("half");
        rows[2]["attemptCount"] = json!(-1);
        rows[3]["attemptCount"] = json!(1e12);
        rows[6].as_object_mut().unwrap().remove("createdAt");
        let (null_progress, odd, huge, no_created) =
            (id(rows, 1), id(rows, 2), id(rows, 3), id(rows, 6));
        let neighbours = [id(rows, 0), id(rows, 4), id(rows, 5)];
        let odd_row = rows[2].clone();
        // Two rows without a usable id.
        rows.insert(4, json!({ "type": "KB_INGEST_URL", "status": "DONE" }));
        rows.insert(8, json!({ "id": 42, "status": "DONE" }));
        answer(&client, "/v1/jobs", page, 1).await;
        // The odd job read alone (the drawer, and its polls while it runs) is as odd.
        answer(&client, &format!("/v1/jobs/{odd}"), json!({ "data": odd_row }), 200).await;

        client.goto(&env.url("/")).await.unwrap();
        assert_eq!(settled_state(&client).await, "idle", "the page is no error");
        wait_for_js(
            &client,
            "return document.querySelector('[data-unreadable-rows]')?.textContent ?? null;",
            json!(LEFT_OUT),
        )
        .await;
        let loaded = js(&client, "return document.querySelector('.job-list').getAttribute('data-loaded-count');").await;
        assert_eq!(loaded, json!("100"), "every readable row of the page is loaded");
        for neighbour in &neighbours {
            assert!(cell(&client, neighbour, ".cell-status").await.is_string(), "{neighbour} shows");
        }
        // Running without progress: how long it has run, never a 0 % bar.
        for running in [&null_progress, &odd] {
            let progress = cell(&client, running, ".cell-progress").await;
            let progress = progress.as_str().unwrap_or_default();
            assert!(progress.contains("progress unknown"), "{running}: {progress}");
            assert!(progress.contains("running for"), "{running}: {progress}");
            assert!(!progress.contains('%'), "{running}: {progress}");
        }
        assert_eq!(cell(&client, &odd, ".cell-attempts").await, json!("unknown"));
        assert_eq!(cell(&client, &huge, ".cell-attempts").await, json!("unknown"));
        let title = cell(&client, &odd, ".cell-attempts [data-unknown]").await;
        assert_eq!(title, json!("unknown"));

        // The odd row's drawer: "unknown" for what could not be read, the raw JSON as sent.
        click(&client, &format!("[data-job-id='{odd}'] .cell-type")).await;
        wait_for_js(
            &client,
            "return document.querySelector('dialog.drawer[open] [data-drawer-attempts]')?.textContent ?? null;",
            json!("unknown"),
        )
        .await;
        let drawer = js(
            &client,
            r#"
            const drawer = document.querySelector('dialog.drawer[open]');
            return {
                progressUnknown: drawer.querySelector('[data-progress-unknown]') !== null,
                bars: drawer.querySelectorAll('[role=progressbar]').length,
                raw: drawer.querySelector('.raw-json pre')?.textContent ?? null,
                title: drawer.querySelector('[data-drawer-attempts] [data-unknown]')?.getAttribute('title') ?? null,
            };
            "#,
        )
        .await;
        assert_eq!(drawer["progressUnknown"], true, "{drawer}");
        assert_eq!(drawer["bars"], 0, "{drawer}");
        let raw = drawer["raw"].as_str().unwrap_or_default();
        assert!(raw.contains("\"attemptCount\": -1"), "{raw}");
        assert!(raw.contains("\"progress\": \"half\""), "{raw}");
        let title = drawer["title"].as_str().unwrap_or_default();
        assert!(title.contains("could not be read"), "{title}");
        client
            .active_element()
            .await
            .unwrap()
            .send_keys(&fantoccini::key::Key::Escape.to_string())
            .await
            .unwrap();

        // The row without `createdAt` is kept too (an unreadable time sorts last).
        // Scrolling to the end may load the next page, which moves the row further down
        // again, and drawn rows are filled in a moment later on a busy machine: scroll
        // and read until the cell is there.
        let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
        let mut created = Value::Null;
        while created != json!("–") && tokio::time::Instant::now() < deadline {
            scroll_to_row(&client, &no_created).await;
            created = cell(&client, &no_created, ".cell-created").await;
            if created != json!("–") {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        assert_eq!(created, json!("–"), "not set");
    })
    .await;
}

#[tokio::test]
async fn booper_rows_keep_their_other_fields_and_paging_counts_left_out_rows() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        let mut page = api_page(&client, "/api/jobs?limit=100&offset=0").await;
        let rows = page["data"].as_array_mut().unwrap();
        assert_eq!(rows.len(), 100);
        let id = |rows: &[Value], i: usize| rows[i]["id"].as_str().unwrap().to_owned();
        rows[0]["job"]["state"] = json!(3);
        rows[1]["args"]["url"] = json!({ "not": "a url" });
        let (odd_state, odd_url, neighbour) = (id(rows, 0), id(rows, 1), id(rows, 2));
        // The last row loses its id: still 100 rows sent, so the next page is asked for.
        rows[99]["id"] = json!("");
        answer(&client, "/api/jobs", page, 1).await;
        sim_json(&client, "DELETE", "/_sim/requests", Value::Null).await;

        client.goto(&env.url("/?backend=booper")).await.unwrap();
        assert_eq!(settled_state(&client).await, "idle");
        wait_for_js(
            &client,
            "return document.querySelector('[data-unreadable-rows]')?.getAttribute('data-unreadable-rows') ?? null;",
            json!("1"),
        )
        .await;
        assert_eq!(cell(&client, &odd_state, ".cell-status").await, json!("unknown"));
        let request = cell(&client, &odd_url, ".cell-request").await;
        assert!(request.as_str().unwrap_or_default().contains("unknown"), "{request}");
        assert!(cell(&client, &neighbour, ".cell-status").await.is_string());
        // Offset paging goes on past the left-out row: the next page starts at 100.
        let viewport = "const v = document.querySelector('.job-table-viewport'); v.scrollTop = v.scrollHeight; return null;";
        js(&client, viewport).await;
        let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
        loop {
            let log = sim_json(&client, "GET", "/_sim/requests", Value::Null).await;
            let asked = log["requests"].as_array().unwrap().iter().any(|r| {
                r["path"] == "/api/jobs" && r["query"].as_str().unwrap_or_default().contains("offset=100")
            });
            if asked {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "never asked for offset 100: {log}");
            js(&client, viewport).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn heavy_rows_are_short_in_the_list_and_whole_in_the_drawer_and_exports() {
    let mut args = FROZEN_3000.to_vec();
    args.extend(["--error-bytes", "20000"]);
    with_app(&args, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list(&env, "/?status=FAILED").await;
        assert_eq!(settled_state(&client).await, "idle");
        let api = api_jobs(&client, "&status=FAILED").await;
        assert!(api.len() > 100, "more than one page: {}", api.len());
        let first = api[0]["id"].as_str().unwrap().to_owned();
        // The row's popover holds the start of the message, and says it is shortened.
        let popover = cell(&client, &first, ".error-popover").await;
        let popover = popover.as_str().unwrap_or_default();
        assert!(popover.len() < 2_000, "{} bytes in the row", popover.len());
        assert!(popover.contains("Shortened in the list"), "{popover}");
        // The drawer reads the job whole.
        click(&client, &format!("[data-job-id='{first}'] .cell-type")).await;
        wait_for_js(
            &client,
            "return document.querySelector('dialog.drawer[open] .drawer-error .error-message')?.textContent.length ?? 0;",
            json!(20_000),
        )
        .await;
        client
            .active_element()
            .await
            .unwrap()
            .send_keys(&fantoccini::key::Key::Escape.to_string())
            .await
            .unwrap();

        // Both exports: every message whole, the API's data field for field.
        js(&client, CAPTURE_DOWNLOADS).await;
        let loaded: Vec<Value> = serde_json::from_str(&export(&client, "loaded-json").await).unwrap();
        assert_eq!(loaded.len(), 100);
        assert_eq!(loaded[..], api[..100], "loaded rows, whole");
        let all: Vec<Value> = serde_json::from_str(&export(&client, "all-json").await).unwrap();
        assert_eq!(all, api, "all matching, whole");
        assert!(all.iter().all(|job| job["errorMessage"].as_str().unwrap().len() == 20_000));
    })
    .await;
}
