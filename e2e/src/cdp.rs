//! Chrome DevTools Protocol commands through chromedriver (`POST /session/{id}/goog/cdp/execute`),
//! for what WebDriver has no command of its own: emulating the colour scheme, reading the
//! page's performance metrics, disabling the cache.

use fantoccini::Client;
use serde_json::{Value, json};

use crate::browser::{BROWSER_VAR, Browser};
use crate::chromedriver::session_post;

/// Runs the CDP method `cmd` (say `Performance.getMetrics`) in the session's current page and
/// answers its result; panics naming the method when chromedriver or Chromium refuses it, and
/// in any other browser (a test that needs CDP is a Chromium test).
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Value {
    let browser = Browser::from_env();
    assert!(
        browser == Browser::Chromium,
        "CDP {cmd} needs Chromium, not {}: run this test with {BROWSER_VAR}=chromium",
        browser.name()
    );
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
