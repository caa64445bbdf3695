//! Chrome DevTools Protocol commands through chromedriver (`POST /session/{id}/goog/cdp/execute`),
//! for what WebDriver has no command of its own: emulating the colour scheme, reading the
//! page's performance metrics, disabling the cache.

use fantoccini::Client;
use serde_json::{Value, json};

use crate::chromedriver::session_post;

/// Runs the CDP method `cmd` (say `Performance.getMetrics`) in the session's current page and
/// answers its result; panics naming the method when chromedriver or Chromium refuses it.
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Value {
    session_post(
        client,
        "goog/cdp/execute",
        json!({ "cmd": cmd, "params": params }),
    )
    .await
    .unwrap_or_else(|err| panic!("CDP {cmd} failed: {err}"))
}

/// Makes the page match `(prefers-color-scheme: <scheme>)` for `"light"` or `"dark"` (`""`
/// restores the system's); lasts for the session, across navigations.
pub async fn emulate_color_scheme(client: &Client, scheme: &str) {
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
    )
    .await;
}
