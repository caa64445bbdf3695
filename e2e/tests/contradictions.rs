//! An API that contradicts itself (answers crafted with `POST /_sim/responses`): `has_more`
//! without a cursor on the first page and on a later one, the same cursor again with rows
//! already shown, and an offset server that ignores the offset. Each stops the list with a
//! plain sentence and Retry, keeps the rows, and sends no further request until Retry (the
//! storm this replaces was about 2,000 requests in 15 s); a Retry that meets the same answer
//! stops again after one request.

use std::time::Duration;

use fantoccini::Client;
use jobscope_e2e::app::set_refresh;
use jobscope_e2e::chaos::{loaded_count, scroll_to_bottom};
use jobscope_e2e::list::{
    FROZEN_3000, api_page, click, js, list_error, open_list, settled_state, sim_json, wait_for_js,
};
use jobscope_e2e::with_app;
use serde_json::{Value, json};

const MORE_WITHOUT_CURSOR: &str = "The job API said there are more jobs but gave no way to fetch \
                                   them, so the list stopped here.";
const SAME_CURSOR: &str = "The job API pointed back to a page it had already sent, so the list \
                           stopped rather than ask for the same jobs again and again.";
const NOTHING_NEW: &str = "The job API said there are more jobs but sent none that are new, so \
                           the list stopped rather than ask for the same jobs again and again.";

/// How long a stopped list is watched for requests: a storm sends hundreds in this time.
const QUIET: Duration = Duration::from_secs(3);

/// The next `count` answers on `path` are `body` (a storm would use them all up).
async fn answer(client: &Client, path: &str, body: Value, count: u64) {
    sim_json(
        client,
        "POST",
        "/_sim/responses",
        json!({ "path": path, "body": body, "count": count }),
    )
    .await;
}

async fn clear_requests(client: &Client) {
    sim_json(client, "DELETE", "/_sim/requests", Value::Null).await;
}

/// The list requests (`GET <path>`, any query) the simulator received since the log was
/// cleared, as their queries.
async fn list_requests(client: &Client, path: &str) -> Vec<String> {
    let log = sim_json(client, "GET", "/_sim/requests", Value::Null).await;
    log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == "GET" && r["path"] == path)
        .map(|r| r["query"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The list stopped with `message` and Retry, with `kept` rows loaded and saying so (or
/// saying nothing of kept rows when there are none), and never called itself finished or
/// empty.
async fn stopped_with(client: &Client, message: &str, kept: u64) {
    let shown = list_error(client).await;
    assert_eq!(shown["message"], message);
    assert_eq!(shown["role"], "alert");
    assert_eq!(shown["buttons"], json!(["Retry"]));
    let kept_line = (kept > 0).then(|| format!("The {kept} jobs loaded so far are kept."));
    assert_eq!(shown["kept"], json!(kept_line));
    assert_eq!(shown["empty"], false, "not \"No jobs yet\"");
    assert_eq!(shown["end"], false, "not \"All … loaded\"");
    assert_eq!(loaded_count(client).await, kept);
    assert_eq!(shown["rows"].as_u64().unwrap() > 0, kept > 0);
}

/// Presses Retry and waits until the simulator has received list request number `count`.
async fn retry_until_sent(client: &Client, path: &str, count: usize) {
    click(client, ".list-error-actions > button.button").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while list_requests(client, path).await.len() < count {
        assert!(tokio::time::Instant::now() < deadline, "Retry sent nothing");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// No list request for [`QUIET`] past the `sent` already counted.
async fn stays_quiet(client: &Client, path: &str, sent: usize) {
    tokio::time::sleep(QUIET).await;
    let requests = list_requests(client, path).await;
    assert_eq!(requests.len(), sent, "no request until Retry: {requests:?}");
}

#[tokio::test]
async fn has_more_without_a_cursor_on_the_first_page_is_an_error_not_no_jobs() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        let contradiction =
            json!({ "data": [], "pagination": { "has_more": true, "next_cursor": null } });
        answer(&client, "/v1/jobs", contradiction, 1_000).await;
        clear_requests(&client).await;
        client.goto(&env.url("/")).await.unwrap();
        stopped_with(&client, MORE_WITHOUT_CURSOR, 0).await;
        stays_quiet(&client, "/v1/jobs", 1).await;
        // Retry asks once, meets the same answer, stops again.
        retry_until_sent(&client, "/v1/jobs", 2).await;
        stopped_with(&client, MORE_WITHOUT_CURSOR, 0).await;
        stays_quiet(&client, "/v1/jobs", 2).await;
        // The API mends its ways: Retry brings the jobs.
        sim_json(&client, "DELETE", "/_sim/responses", Value::Null).await;
        click(&client, ".list-error-actions > button.button").await;
        wait_for_js(
            &client,
            "return document.querySelectorAll('[data-job-id]').length > 0;",
            json!(true),
        )
        .await;
        assert_eq!(settled_state(&client).await, "idle");
        assert_eq!(loaded_count(&client).await, 100);
    })
    .await;
}

#[tokio::test]
async fn has_more_without_a_cursor_on_a_later_page_keeps_the_rows_and_stops() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list(&env, "/").await;
        assert_eq!(settled_state(&client).await, "idle");
        let contradiction =
            json!({ "data": [], "pagination": { "has_more": true, "next_cursor": null } });
        answer(&client, "/v1/jobs", contradiction, 1_000).await;
        clear_requests(&client).await;
        scroll_to_bottom(&client).await;
        stopped_with(&client, MORE_WITHOUT_CURSOR, 100).await;
        stays_quiet(&client, "/v1/jobs", 1).await;
    })
    .await;
}

#[tokio::test]
async fn the_same_cursor_again_with_rows_already_shown_stops_instead_of_a_storm() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list(&env, "/").await;
        assert_eq!(settled_state(&client).await, "idle");
        // The first page again, pointing at the cursor that asked for it.
        let first = api_page(&client, "/v1/jobs?limit=100").await;
        let cursor = first["pagination"]["next_cursor"].as_str().unwrap().to_owned();
        let echo = json!({
            "data": first["data"],
            "pagination": { "has_more": true, "next_cursor": cursor },
        });
        answer(&client, "/v1/jobs", echo, 1_000).await;
        clear_requests(&client).await;
        scroll_to_bottom(&client).await;
        stopped_with(&client, SAME_CURSOR, 100).await;
        stays_quiet(&client, "/v1/jobs", 1).await;
        let asked = list_requests(&client, "/v1/jobs").await;
        let sent_cursor = url::form_urlencoded::parse(asked[0].as_bytes())
            .find(|(name, _)| name == "cursor")
            .map(|(_, value)| value.into_owned());
        assert_eq!(sent_cursor.as_deref(), Some(cursor.as_str()), "{asked:?}");
        let ids = js(&client, "return new Set(Array.from(document.querySelectorAll('[data-job-id]'), (r) => r.getAttribute('data-job-id'))).size === document.querySelectorAll('[data-job-id]').length;").await;
        assert_eq!(ids, true, "no row shown twice");

        // Retry: one request, the same answer, stopped again.
        retry_until_sent(&client, "/v1/jobs", 2).await;
        stopped_with(&client, SAME_CURSOR, 100).await;
        stays_quiet(&client, "/v1/jobs", 2).await;

        // Mended: Retry reads the real next page.
        sim_json(&client, "DELETE", "/_sim/responses", Value::Null).await;
        click(&client, ".list-error-actions > button.button").await;
        wait_for_js(
            &client,
            "return Number(document.querySelector('.job-list').getAttribute('data-loaded-count')) >= 200;",
            json!(true),
        )
        .await;
        let state = settled_state(&client).await;
        assert!(state == "idle" || state == "end", "{state}");
    })
    .await;
}

#[tokio::test]
async fn an_offset_server_that_ignores_the_offset_stops_at_the_second_same_page() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        // Every page is the first, whatever the offset.
        let first = api_page(&client, "/api/jobs?limit=100&offset=0").await;
        assert_eq!(first["data"].as_array().unwrap().len(), 100);
        answer(&client, "/api/jobs", first, 1_000).await;
        clear_requests(&client).await;
        open_list(&env, "/?backend=booper").await;
        scroll_to_bottom(&client).await;
        stopped_with(&client, NOTHING_NEW, 100).await;
        stays_quiet(&client, "/api/jobs", 3).await;
        let offsets: Vec<String> = list_requests(&client, "/api/jobs")
            .await
            .iter()
            .map(|query| {
                url::form_urlencoded::parse(query.as_bytes())
                    .find(|(name, _)| name == "offset")
                    .map(|(_, value)| value.into_owned())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(offsets, ["0", "100", "200"]);
    })
    .await;
}
