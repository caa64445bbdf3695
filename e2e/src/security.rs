//! The browser's console, as chromedriver records it (`goog:loggingPrefs`), for the checks
//! that no Content-Security-Policy violation happened and that no secret was ever logged.
//! Chromium only: geckodriver and WebKitWebDriver do not hand the console out (WebDriver has
//! no command for it), and a listener added by a test would start after the app's scripts.
//!
//! chromedriver hands each log entry out once (`POST /session/{id}/se/log` drains it), so
//! every read goes through [`browser_log`], which keeps what it drained per session: the
//! harness's check at the end of a test still sees what a test read before. Reading the log
//! any other way would hide those entries from that check.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use fantoccini::Client;
use serde_json::{Value, json};

use crate::browser::{BROWSER_VAR, Browser};
use crate::chromedriver::session_post;

/// One console entry: `SEVERE`, `WARNING`, `INFO`, `DEBUG`; the text as Chromium wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub level: String,
    pub message: String,
}

/// Every entry read so far, by WebDriver session id.
static SEEN: Mutex<BTreeMap<String, Vec<LogEntry>>> = Mutex::new(BTreeMap::new());

/// Everything the session's console logged since the session began (all levels), in order.
/// Errs when the session is gone or chromedriver cannot answer, and in any browser other
/// than Chromium (whose console cannot be read).
pub async fn browser_log(client: &Client) -> Result<Vec<LogEntry>, String> {
    let browser = Browser::from_env();
    if !browser.reads_console() {
        return Err(format!(
            "the console of {} cannot be read through its driver: run this test with \
             {BROWSER_VAR}=chromium",
            browser.name()
        ));
    }
    let session = client
        .session_id()
        .await
        .map_err(|err| err.to_string())?
        .unwrap_or_default();
    // chromedriver's (non-W3C) endpoint for the logs `goog:loggingPrefs` asked for.
    let drained = session_post(client, "se/log", json!({ "type": "browser" }))
        .await
        .map_err(|err| format!("cannot read the browser log: {err}"))?;
    let fresh = entries(&drained);
    let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
    let all = seen.entry(session).or_default();
    all.extend(fresh);
    Ok(all.clone())
}

fn entries(answer: &Value) -> Vec<LogEntry> {
    answer
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| LogEntry {
            level: entry["level"].as_str().unwrap_or_default().to_owned(),
            message: entry["message"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// The entries that report a Content-Security-Policy violation (Chromium words each as
/// "Refused to …" or "Executing inline script violates the following Content Security Policy
/// directive …").
pub fn csp_violations(log: &[LogEntry]) -> Vec<String> {
    log.iter()
        .filter(|entry| {
            entry.message.contains("Content Security Policy")
                || entry.message.contains("Refused to")
        })
        .map(|entry| entry.message.clone())
        .collect()
}
