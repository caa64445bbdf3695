//! Driving the app's own features from a test: choices remembered on the device, the
//! settings dialog, a keyed API, and the export downloads.

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::UI_TIMEOUT;
use crate::list::{click, js, wait_for_js};
use crate::process::Sim;

/// Stores `choices` (localStorage key → value) on the device before the app reads them, as a
/// user's saved choices: from a page of the app's origin that is not the app.
pub async fn remember(client: &Client, base_url: &str, choices: &[(&str, &str)]) {
    client.goto(&format!("{base_url}/healthz")).await.unwrap();
    let script =
        "for (const [key, value] of arguments[0]) localStorage.setItem(key, value); return null;";
    client.execute(script, vec![json!(choices)]).await.unwrap();
}

/// Sets the refresh interval (`off`, `2s`, `5s`…) on the device before the app reads it.
pub async fn set_refresh(client: &Client, base_url: &str, interval: &str) {
    remember(client, base_url, &[("jobscope.refreshInterval", interval)]).await;
}

/// A simulator that requires `key`, on its own port (another origin than the app's), with
/// the same 400 frozen jobs every time; `extra` adds flags (`--control`).
pub fn keyed_api(key: &str, extra: &[&str]) -> Sim {
    let mut args = vec![
        "--frozen",
        "--jobs",
        "400",
        "--seed",
        "9",
        "--start-time",
        "2026-11-01T12:00:00Z",
        "--api-key",
        key,
    ];
    args.extend_from_slice(extra);
    Sim::start(&args)
}

/// Opens the settings, fills the given fields (name → value), ticks or clears "remember the
/// key on this device" when `remember` says so, and saves.
pub async fn save_settings(client: &Client, fields: &[(&str, &str)], remember: Option<bool>) {
    click(client, ".open-settings").await;
    for (name, value) in fields {
        let input = client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(&format!("dialog[open] input[name={name}]")))
            .await
            .unwrap();
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
    }
    if let Some(remember) = remember {
        let checked = js(
            client,
            "return document.querySelector('dialog[open] input[name=rememberKey]').checked;",
        )
        .await;
        if checked != json!(remember) {
            click(client, "dialog[open] input[name=rememberKey]").await;
        }
    }
    click(client, "dialog[open] button[type=submit]").await;
    wait_for_js(
        client,
        "return !document.querySelector('dialog[open]');",
        json!(true),
    )
    .await;
}

/// Run in the page before exporting: captures each download (`URL.createObjectURL` of a
/// blob) as text in `window.__downloads`, a byte-order mark kept (to check it is there).
pub const CAPTURE_DOWNLOADS: &str = r#"
    window.__downloads = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = (blob) => {
        blob.arrayBuffer().then((bytes) => window.__downloads.push(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)));
        return create(blob);
    };
    return null;
"#;

/// The text of download number `index` (0-based) since [`CAPTURE_DOWNLOADS`], once it is there.
pub async fn next_download(client: &Client, index: usize) -> String {
    wait_for_js(
        client,
        &format!("return window.__downloads.length > {index};"),
        json!(true),
    )
    .await;
    js(client, &format!("return window.__downloads[{index}];"))
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

/// Exports through the menu (`all-csv`, `loaded-json`, …) and answers the file's text.
pub async fn export(client: &Client, which: &str) -> String {
    let index = js(client, "return window.__downloads.length;").await;
    let index = usize::try_from(index.as_u64().unwrap()).unwrap();
    click(client, ".export-menu summary").await;
    click(client, &format!("[data-export=\"{which}\"]")).await;
    next_download(client, index).await
}
