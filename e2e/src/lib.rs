//! End-to-end harness: starts `jobscope-sim` serving the release `dist/` and a `chromedriver`
//! on free ports, opens headless Chromium through WebDriver, and always tears both down, also
//! when a test fails.
//!
//! `cargo xtask test` builds what this needs and sets `JOBSCOPE_SIM_BIN`, `JOBSCOPE_DIST` and
//! `CHROMEDRIVER`; run alone, the harness falls back to `target/debug/jobscope-sim`, `dist/`
//! and `chromedriver` on the `PATH`.

pub mod app;
pub mod axe;
pub mod cdp;
pub mod chaos;
pub mod chromedriver;
pub mod list;
pub mod process;
pub mod security;

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::process::{ChromeDriver, Sim};

/// What a test gets: the browser and the origin serving the app.
pub struct Env {
    pub client: Client,
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub base_url: String,
    webdriver: String,
    /// The suite-wide check (see [`with_site`]): the sessions whose console it reads, and
    /// whether this test provokes CSP violations on purpose.
    sessions: Arc<Mutex<Vec<Client>>>,
    csp_expected: Arc<AtomicBool>,
}

impl Env {
    /// The absolute URL of `path` (which starts with `/`) on the app's origin.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Another browser session: a fresh profile (no storage, no cache, no history), as when
    /// a link is opened by someone else. The harness checks its console and closes it when the
    /// test ends (closing it earlier skips that check).
    pub async fn fresh_browser(&self) -> Client {
        let client = connect(&self.webdriver).await;
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(client.clone());
        client
    }

    /// This test violates the Content-Security-Policy on purpose (to prove it is enforced):
    /// the harness then does not fail it for the violations its browsers log.
    pub fn expect_csp_violations(&self) {
        self.csp_expected.store(true, Ordering::SeqCst);
    }
}

/// The workspace root (this crate lives in `<root>/e2e`).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map_or_else(|| manifest.clone(), PathBuf::from)
}

/// Runs `test` against a fresh simulator (with `sim_args` added to its command line) and a
/// fresh browser profile. The browser session is closed and both processes are stopped before
/// this returns or re-raises the test's panic. A test that passes still fails if a browser it
/// used logged a Content-Security-Policy violation, unless it called
/// [`Env::expect_csp_violations`].
pub async fn with_app<F, Fut>(sim_args: &[&str], test: F)
where
    F: FnOnce(Env) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_app_in(None, sim_args, test).await;
}

/// [`with_app`] with the browser in `time_zone` (an IANA name such as `America/New_York`).
pub async fn with_app_in<F, Fut>(time_zone: Option<&str>, sim_args: &[&str], test: F)
where
    F: FnOnce(Env) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_site(None, time_zone, sim_args, test).await;
}

/// [`with_app_in`] with the simulator serving `site` instead of the release `dist/` (the
/// benchmark's vanilla baseline page).
pub async fn with_site<F, Fut>(
    site: Option<&std::path::Path>,
    time_zone: Option<&str>,
    sim_args: &[&str],
    test: F,
) where
    F: FnOnce(Env) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let sim = match site {
        Some(dir) => Sim::serving(dir, sim_args),
        None => Sim::start(sim_args),
    };
    let driver = ChromeDriver::start_in(time_zone);
    let client = connect(&driver.url()).await;
    let sessions = Arc::new(Mutex::new(vec![client.clone()]));
    let csp_expected = Arc::new(AtomicBool::new(false));
    let env = Env {
        client: client.clone(),
        base_url: sim.base_url().to_owned(),
        webdriver: driver.url(),
        sessions: sessions.clone(),
        csp_expected: csp_expected.clone(),
    };
    // A spawned task turns a panic into a value, so the cleanup below always runs.
    let outcome = tokio::spawn(test(env)).await;
    // A `<meta>` policy cannot report to a URL; Chromium logs each violation to the console.
    let sessions = std::mem::take(&mut *sessions.lock().unwrap_or_else(PoisonError::into_inner));
    let mut violations = Vec::new();
    for (index, session) in sessions.into_iter().enumerate() {
        if outcome.is_ok() && !csp_expected.load(Ordering::SeqCst) {
            match security::browser_log(&session).await {
                Ok(log) => violations.extend(security::csp_violations(&log)),
                // Only a fresh browser (after the first) the test closed itself is gone by now.
                Err(err) if index == 0 => violations.push(err),
                Err(_) => {}
            }
        }
        let _ = session.close().await;
    }
    drop(driver);
    drop(sim);
    if let Err(err) = outcome {
        match err.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(err) => panic!("test task failed: {err}"),
        }
    }
    assert!(
        violations.is_empty(),
        "the browser logged Content-Security-Policy violations (a test that provokes them on \
         purpose calls `env.expect_csp_violations()`):\n{}",
        violations.join("\n")
    );
}

/// The Chromium flags live in the crate root's `webdriver.json`, shared with the wasm tests.
fn capabilities() -> Capabilities {
    let path = workspace_root().join("webdriver.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let mut caps: Capabilities = serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not a JSON object: {err}", path.display()));
    if let Some(binary) = chromium_binary()
        && let Some(options) = caps
            .get_mut("goog:chromeOptions")
            .and_then(|options| options.as_object_mut())
    {
        options.insert("binary".into(), binary.into());
    }
    // The console, every level, for `security::browser_log` (CSP violations, leaked secrets).
    caps.insert(
        "goog:loggingPrefs".into(),
        serde_json::json!({ "browser": "ALL" }),
    );
    caps
}

/// `CHROME_BIN` if set, else Debian's Chromium when present; otherwise chromedriver decides.
fn chromium_binary() -> Option<String> {
    std::env::var("CHROME_BIN").ok().or_else(|| {
        let debian = "/usr/bin/chromium";
        std::path::Path::new(debian)
            .exists()
            .then(|| debian.to_owned())
    })
}

async fn connect(webdriver: &str) -> Client {
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities());
    // chromedriver may need a moment after it starts listening before it takes sessions.
    let mut last_error = None;
    for _ in 0..20 {
        match builder.connect(webdriver).await {
            Ok(client) => return client,
            Err(err) => last_error = Some(err),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!(
        "cannot open a browser session at {webdriver}: {}",
        last_error.map_or_else(String::new, |err| err.to_string())
    );
}

/// How long the UI may take to reach an expected state.
pub const UI_TIMEOUT: Duration = Duration::from_secs(15);

/// Waits until the first element matching `css` has exactly the text `expected`; panics with
/// the text last seen when it never does.
pub async fn wait_for_text(client: &Client, css: &str, expected: &str) {
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    let mut seen = None;
    while tokio::time::Instant::now() < deadline {
        if let Ok(element) = client.find(fantoccini::Locator::Css(css)).await {
            match element.text().await {
                Ok(text) if text == expected => return,
                Ok(text) => seen = Some(text),
                Err(_) => {}
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("`{css}` never read {expected:?}; last seen: {seen:?}");
}
