//! End-to-end harness: starts `jobscope-sim` serving the release `dist/` and a WebDriver
//! server on free ports, opens a browser through it (headless Chromium by default; Firefox
//! or WebKit with `JOBSCOPE_BROWSER`, see [`browser`]), and always tears both down, also when
//! a test fails.
//!
//! `cargo xtask test` builds what this needs and sets `JOBSCOPE_SIM_BIN`, `JOBSCOPE_DIST` and
//! the drivers' paths (`CHROMEDRIVER`, `GECKODRIVER`, `WEBKIT_DRIVER`), and runs the core
//! flows once per browser; run alone, the harness falls back to
//! `target/debug/jobscope-sim`, `dist/` and the drivers on the `PATH`.

pub mod app;
pub mod axe;
pub mod browser;
pub mod cdp;
pub mod chaos;
pub mod chromedriver;
pub mod chunks;
pub mod list;
pub mod process;
pub mod security;

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::browser::Browser;
use crate::process::{Driver, Sim};

/// What a test gets: the browser and the origin serving the app.
pub struct Env {
    pub client: Client,
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub base_url: String,
    /// The browser engine this run drives (`JOBSCOPE_BROWSER`).
    pub browser: Browser,
    webdriver: String,
    time_zone: Option<String>,
    /// The drivers of further sessions, for drivers that run one session each.
    drivers: Arc<Mutex<Vec<Driver>>>,
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
        let client = if self.browser.one_session_per_driver() {
            let driver = Driver::start_in(self.browser, self.time_zone.as_deref());
            let client = connect(self.browser, &driver.url()).await;
            self.drivers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(driver);
            client
        } else {
            connect(self.browser, &self.webdriver).await
        };
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
/// [`Env::expect_csp_violations`] (in Chromium, the one browser whose console the harness
/// can read: see [`Browser::reads_console`]).
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
    let browser = Browser::from_env();
    let driver = Driver::start_in(browser, time_zone);
    let client = connect(browser, &driver.url()).await;
    let sessions = Arc::new(Mutex::new(vec![client.clone()]));
    let drivers = Arc::new(Mutex::new(Vec::new()));
    let csp_expected = Arc::new(AtomicBool::new(false));
    let env = Env {
        client: client.clone(),
        base_url: sim.base_url().to_owned(),
        browser,
        webdriver: driver.url(),
        time_zone: time_zone.map(str::to_owned),
        drivers: drivers.clone(),
        sessions: sessions.clone(),
        csp_expected: csp_expected.clone(),
    };
    // A spawned task turns a panic into a value, so the cleanup below always runs.
    let outcome = tokio::spawn(test(env)).await;
    // A `<meta>` policy cannot report to a URL; Chromium logs each violation to the console.
    // geckodriver and WebKitWebDriver hand out no console: there the check cannot run.
    let sessions = std::mem::take(&mut *sessions.lock().unwrap_or_else(PoisonError::into_inner));
    let mut violations = Vec::new();
    for (index, session) in sessions.into_iter().enumerate() {
        if outcome.is_ok() && browser.reads_console() && !csp_expected.load(Ordering::SeqCst) {
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
    drop(std::mem::take(
        &mut *drivers.lock().unwrap_or_else(PoisonError::into_inner),
    ));
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

/// Opens a session of `browser` at the WebDriver server `webdriver`: a fresh profile, the
/// same window size in every browser ([`browser::WINDOW`]).
async fn connect(browser: Browser, webdriver: &str) -> Client {
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(browser.capabilities());
    // A driver may need a moment after it starts listening before it takes sessions.
    let mut last_error = None;
    for _ in 0..20 {
        match builder.connect(webdriver).await {
            Ok(client) => {
                // Chromium's headless window has this size already (its flags set none).
                if browser != Browser::Chromium {
                    let (width, height) = browser::WINDOW;
                    client
                        .set_window_size(width, height)
                        .await
                        .unwrap_or_else(|err| panic!("cannot size the {browser:?} window: {err}"));
                }
                return client;
            }
            Err(err) => last_error = Some(err),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!(
        "cannot open a {} session at {webdriver}: {}",
        browser.name(),
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
