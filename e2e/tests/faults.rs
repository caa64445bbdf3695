//! The fault matrix: each kind of failure the simulator injects (`POST /_sim/faults`), met by
//! the list's next page with its first page on screen. Each test asserts the exact sentence
//! the user sees, that the rows already loaded stay (none dropped, moved or doubled), and how
//! the list recovers: by itself for transient failures (5xx, 429, a stall past the time
//! limit, an unreadable body), with Retry for the others. The live refresh meeting failures
//! is the last test.
//!
//! Covered elsewhere: one `unavailable` and one `bad_cursor` mid-scroll ending with the exact
//! set (`job_list.rs`), a 429 during the live refresh and the quota pause (`live.rs`), a
//! real missing or wrong key (`settings.rs`).

use fantoccini::Client;
use jobscope_e2e::app::set_refresh;
use jobscope_e2e::chaos::{
    feed_state, loaded_count, scroll_to_bottom, wait_for_footer, wait_for_watched, watch_list,
    watched,
};
use jobscope_e2e::list::{
    FROZEN_3000, click, js, list_error, open_list, post, settled_state, wait_for_js,
};
use jobscope_e2e::{Env, with_app};
use serde_json::json;

/// The shared frozen simulator, with a stall (16 s) past the app's 15 s time limit.
fn sim() -> Vec<&'static str> {
    let mut args = FROZEN_3000.to_vec();
    args.extend(["--slow-ms", "16000"]);
    args
}

/// The list's first page on screen with the refresh off (so the list's walk is the only
/// thing asking the API); then `count` faults of `kind` armed, and the next page asked for.
async fn next_page_meets(env: &Env, kind: &str, count: u64) {
    let client = &env.client;
    set_refresh(client, &env.base_url, "off").await;
    open_list(env, "/").await;
    assert_eq!(settled_state(client).await, "idle");
    assert_eq!(loaded_count(client).await, 100);
    watch_list(client).await;
    post(
        client,
        "/_sim/faults",
        json!({ "kind": kind, "count": count }),
    )
    .await;
    scroll_to_bottom(client).await;
}

/// The first 100 rows stayed: never fewer loaded, none moved, none drawn twice.
async fn rows_kept(client: &Client, kind: &str) {
    let seen = watched(client).await;
    assert!(
        seen.min_loaded >= Some(100),
        "{kind}: rows dropped: {seen:?}"
    );
    assert!(
        seen.moved.is_empty(),
        "{kind}: rows moved: {:?}",
        seen.moved
    );
    assert!(
        seen.twice.is_empty(),
        "{kind}: rows doubled: {:?}",
        seen.twice
    );
}

/// The next page arrives and the list is idle again with its 200 rows.
async fn next_page_arrives(client: &Client, kind: &str) {
    wait_for_js(
        client,
        "return Number(document.querySelector('.job-list').getAttribute('data-loaded-count')) >= 200;",
        json!(true),
    )
    .await;
    let state = settled_state(client).await;
    assert!(state == "idle" || state == "end", "{kind}: {state}");
    rows_kept(client, kind).await;
    let seen = watched(client).await;
    assert!(
        seen.alerts.is_empty(),
        "{kind}: the list never stopped: {:?}",
        seen.alerts
    );
}

/// A transient failure: the footer says `Retrying… <message>` while the list retries by
/// itself, and the page comes.
async fn retries_by_itself(client: &Client, kind: &str, message: &str) {
    wait_for_footer(client, &format!("Retrying… {message}")).await;
    next_page_arrives(client, kind).await;
}

/// A failure the list does not retry: it stops with `message`, says its rows are kept, offers
/// `actions` and Retry; Retry (the fault used up) brings the next page.
async fn stops_until_retry(client: &Client, kind: &str, message: &str, actions: &[&str]) {
    stops_with(client, kind, message, actions).await;
    click(client, ".list-error-actions > button.button").await;
    wait_for_js(
        client,
        "return Number(document.querySelector('.job-list').getAttribute('data-loaded-count')) >= 200;",
        json!(true),
    )
    .await;
    let state = settled_state(client).await;
    assert!(state == "idle" || state == "end", "{kind}: {state}");
    rows_kept(client, kind).await;
}

/// The list stopped with `message` as an alert, says its 100 rows are kept (they are), and
/// offers `actions` and Retry.
async fn stops_with(client: &Client, kind: &str, message: &str, actions: &[&str]) {
    let shown = list_error(client).await;
    assert_eq!(shown["message"], message, "{kind}");
    assert_eq!(shown["role"], "alert", "{kind}");
    assert_eq!(
        shown["kept"], "The 100 jobs loaded so far are kept.",
        "{kind}"
    );
    let mut buttons: Vec<&str> = actions.to_vec();
    buttons.push("Retry");
    assert_eq!(shown["buttons"], json!(buttons), "{kind}");
    assert!(
        shown["rows"].as_u64().unwrap_or(0) > 0,
        "{kind}: rows on screen"
    );
    assert_eq!(loaded_count(client).await, 100, "{kind}");
    rows_kept(client, kind).await;
}

/// Milliseconds between the end of the first answer with `status` and the next request.
async fn wait_after(client: &Client, status: u16) -> f64 {
    let script = format!(
        r#"
        const entries = performance.getEntriesByType('resource').filter((e) => e.name.includes('/v1/jobs?'));
        const i = entries.findIndex((e) => e.responseStatus === {status});
        return i >= 0 && i + 1 < entries.length ? entries[i + 1].startTime - entries[i].responseEnd : null;
        "#
    );
    js(client, &script)
        .await
        .as_f64()
        .unwrap_or_else(|| panic!("no answer {status} followed by a retry"))
}

#[tokio::test]
async fn server_error_is_retried_by_itself() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "server_error", 2).await;
        retries_by_itself(
            &env.client,
            "server_error",
            "The job API had a server error (500): internal error (simulated)",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn bad_gateway_is_retried_by_itself() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "bad_gateway", 1).await;
        // A gateway's HTML page has no message to quote.
        retries_by_itself(
            &env.client,
            "bad_gateway",
            "The job API had a server error (502).",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn unavailable_is_retried_after_its_retry_after() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "unavailable", 1).await;
        retries_by_itself(
            &env.client,
            "unavailable",
            "The job API had a server error (503): the service is briefly unavailable (simulated)",
        )
        .await;
        let waited = wait_after(&env.client, 503).await;
        assert!(waited >= 1_990.0, "Retry-After: 2 honoured: {waited} ms");
    })
    .await;
}

#[tokio::test]
async fn a_stall_past_the_time_limit_is_a_timeout_and_retried() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "slow", 1).await;
        retries_by_itself(
            &env.client,
            "slow",
            "The job API did not answer within 15 seconds.",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn malformed_json_is_retried_by_itself() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "malformed", 1).await;
        retries_by_itself(
            &env.client,
            "malformed",
            // What the decoder said is under "Technical details", not in the sentence.
            "The job API sent a response jobscope could not read.",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn a_truncated_body_is_retried_by_itself() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "truncated", 1).await;
        retries_by_itself(
            &env.client,
            "truncated",
            // What the decoder said is under "Technical details", not in the sentence.
            "The job API sent a response jobscope could not read.",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn rate_limited_is_retried_after_its_retry_after() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "rate_limited", 1).await;
        retries_by_itself(
            &env.client,
            "rate_limited",
            "The job API is rate limiting requests (429): rate limit exceeded; retry in 2 s",
        )
        .await;
        let waited = wait_after(&env.client, 429).await;
        assert!(waited >= 1_990.0, "Retry-After: 2 honoured: {waited} ms");
    })
    .await;
}

#[tokio::test]
async fn bad_cursor_restarts_five_times_then_stops_until_retry() {
    with_app(&sim(), |env| async move {
        // One `bad_cursor` restarts silently (`job_list.rs`); the sixth in a row gives up.
        next_page_meets(&env, "bad_cursor", 6).await;
        stops_until_retry(
            &env.client,
            "bad_cursor",
            "The list position expired: the cursor is no longer valid (simulated); restart from the first page",
            &[],
        )
        .await;
        let seen = watched(&env.client).await;
        assert!(
            !seen.footers.iter().any(|text| text.starts_with("Retrying")),
            "restarts are silent: {:?}",
            seen.footers
        );
    })
    .await;
}

#[tokio::test]
async fn unauthorized_stops_with_the_settings_at_hand() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "unauthorized", 1).await;
        stops_until_retry(
            &env.client,
            "unauthorized",
            "The job API needs an API key (401): missing API key (simulated)",
            &["Open settings"],
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn forbidden_stops_with_the_settings_at_hand() {
    with_app(&sim(), |env| async move {
        next_page_meets(&env, "forbidden", 1).await;
        stops_until_retry(
            &env.client,
            "forbidden",
            "The job API refused the API key (403): the API key was revoked (simulated)",
            &["Open settings"],
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn version_unsupported_stops_and_switching_to_an_accepted_version_recovers() {
    with_app(&sim(), |env| async move {
        let client = env.client.clone();
        // The API "dropped" the version the app sends (2026-08-01) and accepts the other.
        next_page_meets(&env, "version_unsupported", 1).await;
        stops_with(
            &client,
            "version_unsupported",
            "The job API does not support the API version jobscope asked for; it accepts 2025-11-01.",
            &["Use version 2025-11-01"],
        )
        .await;
        // The user takes the offer: the list starts over with that version, which the API
        // still serves with a deprecation notice.
        click(&client, ".list-error-actions .switch-version").await;
        wait_for_js(
            &client,
            "return document.querySelector('.deprecation-notice p')?.textContent ?? null;",
            json!("API version 2025-11-01 is deprecated: the API stops accepting it on 2027-02-01."),
        )
        .await;
        assert_eq!(settled_state(&client).await, "idle");
        assert_eq!(loaded_count(&client).await, 100);
        let error = js(&client, "return document.querySelector('.list-error') === null;").await;
        assert_eq!(error, true, "the error is gone");
    })
    .await;
}

/// The live refresh (every 2 s) meets failures: its rows stay, the list itself never stops,
/// and the toolbar says why updates slowed down until a refresh succeeds again.
#[tokio::test]
async fn the_live_refresh_keeps_its_rows_through_failures_and_says_why_it_slowed() {
    with_app(&sim(), |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "2s").await;
        open_list(&env, "/").await;
        assert_eq!(settled_state(&client).await, "idle");
        watch_list(&client).await;
        let hint = "return document.querySelector('.toolbar-hint')?.textContent ?? null;";
        for (kind, message) in [
            (
                "server_error",
                "Live updates slowed down: The job API had a server error (500): internal error (simulated)",
            ),
            (
                "unauthorized",
                "Live updates slowed down: The job API needs an API key (401): missing API key (simulated)",
            ),
            (
                "rate_limited",
                "Slowed down: the API is rate limiting",
            ),
        ] {
            post(&client, "/_sim/faults", json!({ "kind": kind, "count": 1 })).await;
            let seen = wait_for_watched(&client, |seen| seen.hints.iter().any(|h| h == message))
                .await
                .unwrap_or_else(|seen| panic!("{kind}: hints {:?}", seen.hints));
            assert!(seen.alerts.is_empty(), "{kind}: the list never stops: {:?}", seen.alerts);
            // The next refresh succeeds and the hint goes.
            wait_for_js(&client, hint, serde_json::Value::Null).await;
            assert_eq!(feed_state(&client).await, "idle", "{kind}");
            rows_kept(&client, kind).await;
        }
    })
    .await;
}
