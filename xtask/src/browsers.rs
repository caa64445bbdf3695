//! The browsers the tests run in, and their WebDriver servers: Debian's Chromium with
//! ChromeDriver, Debian's Firefox ESR with geckodriver (built by `cargo install`, as Debian
//! ships none), and WebKitGTK's MiniBrowser with WebKitWebDriver on an Xvfb display. Found
//! where Debian and cargo put them (or where the environment variables the tests read say),
//! installed when missing.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::tools::{self, Plan, Purpose, which};

/// The geckodriver `cargo xtask test` installs (any installed geckodriver is used as it is).
pub const GECKODRIVER_VERSION: &str = "0.37.1";

/// Headless Chromium and its driver (`test` and `bench`).
pub struct Chromium {
    pub browser: PathBuf,
    pub driver: PathBuf,
}

/// Headless Firefox and geckodriver (`test`).
pub struct Firefox {
    pub browser: PathBuf,
    pub driver: PathBuf,
}

/// WebKitGTK's MiniBrowser, WebKitWebDriver, and Xvfb for its display (`test`).
pub struct WebKit {
    pub browser: PathBuf,
    pub driver: PathBuf,
    pub xvfb: PathBuf,
}

/// The browsers a task needs; `None` for those it does not.
#[derive(Default)]
pub struct Browsers {
    pub chromium: Option<Chromium>,
    pub firefox: Option<Firefox>,
    pub webkit: Option<WebKit>,
}

impl Browsers {
    /// Chromium, which `test` and `bench` always have.
    pub fn chromium(&self) -> Result<&Chromium> {
        self.chromium.as_ref().context("Chromium was not set up")
    }

    /// The environment the e2e harness and the wasm test runner read to find every browser
    /// here (`CHROMEDRIVER`, `GECKODRIVER`, `WEBKIT_DRIVER`, …).
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        let mut env = Vec::new();
        if let Some(chromium) = &self.chromium {
            env.push(("CHROME_BIN", chromium.browser.clone().into()));
            env.push(("CHROMEDRIVER", chromium.driver.clone().into()));
        }
        if let Some(firefox) = &self.firefox {
            env.push(("FIREFOX_BIN", firefox.browser.clone().into()));
            env.push(("GECKODRIVER", firefox.driver.clone().into()));
        }
        if let Some(webkit) = &self.webkit {
            env.push(("WEBKIT_BROWSER", webkit.browser.clone().into()));
            env.push(("WEBKIT_DRIVER", webkit.driver.clone().into()));
            env.push(("XVFB", webkit.xvfb.clone().into()));
        }
        env
    }
}

fn wants_all(purpose: Purpose) -> bool {
    purpose == Purpose::Test
}

/// Adds to `plan` whatever of `purpose`'s browsers is missing.
pub fn plan(purpose: Purpose, plan: &mut Plan) {
    if purpose == Purpose::Demo {
        return;
    }
    if find_chromium().is_none() {
        plan.apt(
            &["chromium", "chromium-driver"],
            "Chromium and ChromeDriver",
        );
    }
    if !wants_all(purpose) {
        return;
    }
    if firefox_binary().is_none() {
        plan.apt(&["firefox-esr"], "Firefox ESR");
    }
    if geckodriver().is_none() {
        plan.lanes.push(vec![tools::cargo_install(
            "geckodriver",
            GECKODRIVER_VERSION,
            &["--locked"],
            "geckodriver",
        )]);
    }
    if webkit_driver().is_none() || minibrowser().is_none() {
        plan.apt(&["webkit2gtk-driver"], "WebKitWebDriver and MiniBrowser");
    }
    if xvfb().is_none() {
        plan.apt(&["xvfb"], "Xvfb (WebKit's display)");
    }
}

/// Finds `purpose`'s browsers (after [`plan`]'s installs); errs naming the one missing.
pub fn find(purpose: Purpose) -> Result<Browsers> {
    let mut browsers = Browsers::default();
    if purpose == Purpose::Demo {
        return Ok(browsers);
    }
    let (browser, driver) = find_chromium().context(
        "chromium or chromedriver still missing (set CHROME_BIN and CHROMEDRIVER, or install \
         Debian's chromium and chromium-driver)",
    )?;
    browsers.chromium = Some(Chromium { browser, driver });
    if !wants_all(purpose) {
        return Ok(browsers);
    }
    browsers.firefox = Some(Firefox {
        browser: firefox_binary()
            .context("firefox still missing (set FIREFOX_BIN, or install Debian's firefox-esr)")?,
        driver: geckodriver().with_context(|| {
            format!(
                "geckodriver still missing (set GECKODRIVER, or `cargo install geckodriver \
                 --version {GECKODRIVER_VERSION} --locked`)"
            )
        })?,
    });
    browsers.webkit = Some(WebKit {
        browser: minibrowser().context(
            "WebKit's MiniBrowser still missing (set WEBKIT_BROWSER, or install Debian's \
             webkit2gtk-driver)",
        )?,
        driver: webkit_driver().context(
            "WebKitWebDriver still missing (set WEBKIT_DRIVER, or install Debian's \
             webkit2gtk-driver)",
        )?,
        xvfb: xvfb().context("Xvfb still missing (set XVFB, or install Debian's xvfb)")?,
    });
    Ok(browsers)
}

/// `var` when set to an existing file, else `fallback`.
fn from_env_or(var: &str, fallback: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)).filter(|path| path.is_file()),
        _ => fallback(),
    }
}

fn find_chromium() -> Option<(PathBuf, PathBuf)> {
    let browser = from_env_or("CHROME_BIN", || which("chromium"));
    let driver = from_env_or("CHROMEDRIVER", || which("chromedriver"));
    browser.zip(driver)
}

fn firefox_binary() -> Option<PathBuf> {
    from_env_or("FIREFOX_BIN", || {
        which("firefox-esr").or_else(|| which("firefox"))
    })
}

/// geckodriver on the PATH, or where `cargo install` put it (`$CARGO_HOME/bin`).
fn geckodriver() -> Option<PathBuf> {
    from_env_or("GECKODRIVER", || {
        which("geckodriver").or_else(|| {
            let home = std::env::var_os("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo"))
                })?;
            Some(home.join("bin").join("geckodriver")).filter(|path| path.is_file())
        })
    })
}

fn webkit_driver() -> Option<PathBuf> {
    from_env_or("WEBKIT_DRIVER", || which("WebKitWebDriver"))
}

fn xvfb() -> Option<PathBuf> {
    from_env_or("XVFB", || which("Xvfb"))
}

/// Debian's MiniBrowser: `/usr/lib/<multiarch>/webkit2gtk-4.1/MiniBrowser` (the e2e harness
/// looks in the same places).
fn minibrowser() -> Option<PathBuf> {
    from_env_or("WEBKIT_BROWSER", || {
        let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib")
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .flat_map(|arch| {
                ["webkit2gtk-4.1", "webkitgtk-6.0", "webkit2gtk-4.0"]
                    .map(|api| arch.path().join(api).join("MiniBrowser"))
            })
            .filter(|path| path.is_file())
            .collect();
        found.sort();
        found.into_iter().next()
    })
}
