//! The parts of the page whose code is a chunk, driven as a person would: the job drawer,
//! the settings dialog, and the alert a part shows when its chunk cannot load
//! (`src/components/lazy.rs`).

use fantoccini::Client;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::list::{click, js, wait_for_js};
use crate::security::browser_log;

/// The id of the first row on screen.
pub async fn first_row_id(client: &Client) -> String {
    let id = js(
        client,
        "return document.querySelector('[data-job-id][data-row-index=\"0\"]')?.getAttribute('data-job-id') ?? null;",
    )
    .await;
    id.as_str()
        .unwrap_or_else(|| panic!("no first row: {id}"))
        .to_owned()
}

/// Waits until the drawer is open on job `id` with its content (the status badge) and its
/// style (the parts' stylesheet pins it to the side: `position: fixed`).
pub async fn wait_for_drawer(client: &Client, id: &str) {
    wait_for_js(
        client,
        &format!(
            "const drawer = document.querySelector('dialog.drawer[open]');
             return !!drawer?.querySelector('[data-drawer-job=\"{id}\"] [data-drawer-status]')
                 && getComputedStyle(drawer).position === 'fixed';"
        ),
        json!(true),
    )
    .await;
}

/// Clicks the row of `id` (its type cell: not a control) and waits for the drawer's content.
pub async fn open_drawer(client: &Client, id: &str) {
    click(client, &format!("[data-job-id=\"{id}\"] .cell-type")).await;
    wait_for_drawer(client, id).await;
}

/// Closes the open drawer with its close button, once its slide-in animation is over (a
/// click aimed while it moves may miss: WebKit's driver picks the point first), and waits
/// until no dialog is open.
pub async fn close_drawer(client: &Client) {
    wait_for_js(
        client,
        "return document.querySelector('dialog.drawer[open]')?.getAnimations().every((a) => a.playState !== 'running') ?? null;",
        json!(true),
    )
    .await;
    click(client, "dialog.drawer[open] .drawer-close").await;
    wait_no_open_dialog(client).await;
}

/// Waits until no dialog is open (a failure names the one still open, by its classes).
pub async fn wait_no_open_dialog(client: &Client) {
    wait_for_js(
        client,
        "return document.querySelector('dialog[open]')?.className ?? null;",
        Value::Null,
    )
    .await;
}

/// Opens the settings from the header, checks its form is there, and cancels it.
pub async fn open_and_cancel_settings(client: &Client) {
    click(client, ".open-settings").await;
    wait_for_js(
        client,
        "return !!document.querySelector('dialog.settings[open] input[name=baseUrl]');",
        json!(true),
    )
    .await;
    js(
        client,
        "Array.from(document.querySelectorAll('dialog.settings[open] button')).find((b) => b.textContent === 'Cancel').click(); return null;",
    )
    .await;
    wait_no_open_dialog(client).await;
}

/// The list's loaded count and the rows drawn.
pub async fn list_state(client: &Client) -> Value {
    js(
        client,
        r#"return {
            loaded: document.querySelector('.job-list')?.getAttribute('data-loaded-count') ?? null,
            rows: document.querySelectorAll('[data-job-id]').length,
        };"#,
    )
    .await
}

/// What a part's failure shows (`[data-chunk-error]`), once it does.
pub async fn chunk_error(client: &Client) -> Value {
    wait_for_js(
        client,
        "return !!document.querySelector('[data-chunk-error]');",
        json!(true),
    )
    .await;
    js(
        client,
        r#"
        const error = document.querySelector('[data-chunk-error]');
        return {
            what: error.getAttribute('data-chunk-error'),
            role: error.getAttribute('role'),
            text: error.textContent,
            buttons: Array.from(error.querySelectorAll('button'), (b) => b.textContent),
            loading: document.querySelectorAll('[data-chunk-loading]').length,
        };
        "#,
    )
    .await
}

/// How many parts say they cannot be shown (`data-chunk-error`).
pub async fn chunk_errors_shown(client: &Client) -> Value {
    js(
        client,
        "return document.querySelectorAll('[data-chunk-error]').length;",
    )
    .await
}

/// Clicks the button of the chunk error that reads `label`.
pub async fn click_chunk_button(client: &Client, label: &str) {
    let script = format!(
        "const button = Array.from(document.querySelectorAll('[data-chunk-error] button')).find((b) => b.textContent === '{label}'); if (button) button.click(); return !!button;"
    );
    assert_eq!(js(client, &script).await, json!(true), "no {label} button");
}

/// In Chromium (whose console the harness reads): what the app logged about a panic (its
/// panic hook writes "panicked at"; an abort, "unreachable"). Elsewhere nothing.
pub async fn panics_logged(client: &Client) -> Vec<String> {
    if !Browser::from_env().reads_console() {
        return Vec::new();
    }
    let log = browser_log(client).await.unwrap_or_default();
    log.into_iter()
        .filter(|entry| entry.message.contains("panicked") || entry.message.contains("unreachable"))
        .map(|entry| entry.message)
        .collect()
}

/// Starts collecting the page's Content-Security-Policy violations: in every browser (the
/// `securitypolicyviolation` event, where the console cannot be read), from now on.
pub async fn watch_csp_violations(client: &Client) {
    let script = r#"
        window.__cspViolations = window.__cspViolations || [];
        document.addEventListener('securitypolicyviolation', (event) => {
            window.__cspViolations.push(event.effectiveDirective + ' ' + event.blockedURI);
        });
        return null;
    "#;
    js(client, script).await;
}

/// The violations [`watch_csp_violations`] collected (`<directive> <blocked URI>`).
pub async fn csp_violations_seen(client: &Client) -> Vec<String> {
    // Violation events are dispatched in tasks of their own.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let seen = js(client, "return window.__cspViolations || [];").await;
    serde_json::from_value(seen).unwrap_or_default()
}
