//! Which browser the end-to-end tests drive: headless Chromium (the default), headless
//! Firefox or WebKit (MiniBrowser on a virtual X display), chosen for the whole test run by
//! `JOBSCOPE_BROWSER`. Each has its own WebDriver server, capabilities and quirks; a browser
//! or driver that is missing fails the test with what to install, it never passes unnoticed.

use std::path::{Path, PathBuf};

use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use serde_json::json;

use crate::workspace_root;

/// The environment variable that picks the browser: `chromium`, `firefox` or `webkit`.
pub const BROWSER_VAR: &str = "JOBSCOPE_BROWSER";

/// Chromium's window size in `--headless=new` (780 × 580, a 780 × 437 viewport): the other
/// browsers get the same window, so every test sees the layout it was written against.
pub const WINDOW: (u32, u32) = (780, 580);

/// A browser engine and the WebDriver server that drives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    /// Debian's `chromium` through `chromedriver`.
    Chromium,
    /// Debian's `firefox-esr` through `geckodriver` (`cargo install geckodriver`).
    Firefox,
    /// WebKitGTK's `MiniBrowser` through `WebKitWebDriver` (Debian's `webkit2gtk-driver`),
    /// on an `Xvfb` display the harness starts (MiniBrowser has no headless mode).
    WebKit,
}

impl Browser {
    /// Every browser, in the order `cargo xtask test` runs them.
    pub const ALL: [Self; 3] = [Self::Chromium, Self::Firefox, Self::WebKit];

    /// The browser of this test run: `JOBSCOPE_BROWSER`, Chromium when unset. Panics on any
    /// other value, so a typo never quietly tests Chromium instead.
    pub fn from_env() -> Self {
        match std::env::var(BROWSER_VAR) {
            Err(std::env::VarError::NotPresent) => Self::Chromium,
            Ok(name) if name.is_empty() => Self::Chromium,
            Ok(name) => Self::parse(&name).unwrap_or_else(|| {
                panic!("{BROWSER_VAR}={name:?}: expected chromium, firefox or webkit")
            }),
            Err(err) => panic!("{BROWSER_VAR}: {err}"),
        }
    }

    /// The browser called `name` (`chromium`, `firefox`, `webkit`; any case).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|browser| browser.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The name `JOBSCOPE_BROWSER` takes.
    pub fn name(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Firefox => "firefox",
            Self::WebKit => "webkit",
        }
    }

    /// The driver: `CHROMEDRIVER`, `GECKODRIVER` or `WEBKIT_DRIVER` when set, else the
    /// program of that name on the `PATH`; panics saying how to install it when absent.
    pub fn driver(self) -> PathBuf {
        let (var, name) = match self {
            Self::Chromium => ("CHROMEDRIVER", "chromedriver"),
            Self::Firefox => ("GECKODRIVER", "geckodriver"),
            Self::WebKit => ("WEBKIT_DRIVER", "WebKitWebDriver"),
        };
        let found = std::env::var_os(var)
            .map(PathBuf::from)
            .or_else(|| on_path(name));
        match found {
            Some(path) if path.is_file() => path,
            _ => panic!(
                "{name} not found (set {var} or put it on the PATH; `cargo xtask test` installs \
                 it): the {} tests cannot run without it",
                self.name()
            ),
        }
    }

    /// The browser binary: `CHROME_BIN`, `FIREFOX_BIN` or `WEBKIT_BROWSER` when set, else
    /// where Debian puts it; `None` when there is none (chromedriver then looks for a Chrome
    /// itself; the others cannot start without one).
    pub fn binary(self) -> Option<PathBuf> {
        let (var, found) = match self {
            Self::Chromium => ("CHROME_BIN", on_path("chromium")),
            Self::Firefox => (
                "FIREFOX_BIN",
                on_path("firefox-esr").or_else(|| on_path("firefox")),
            ),
            Self::WebKit => ("WEBKIT_BROWSER", minibrowser()),
        };
        std::env::var_os(var).map(PathBuf::from).or(found)
    }

    /// [`Browser::binary`], or a panic saying what to install.
    fn required_binary(self) -> String {
        let (var, package) = match self {
            Self::Chromium => ("CHROME_BIN", "chromium"),
            Self::Firefox => ("FIREFOX_BIN", "firefox-esr"),
            Self::WebKit => ("WEBKIT_BROWSER", "webkit2gtk-driver"),
        };
        match self.binary() {
            Some(path) if path.is_file() => path.to_string_lossy().into_owned(),
            _ => panic!(
                "no {} browser (set {var}, or `apt-get install {package}`; `cargo xtask test` \
                 installs it)",
                self.name()
            ),
        }
    }

    /// The driver's command-line flags to listen on `port` of 127.0.0.1.
    pub fn driver_args(self, port: u16) -> Vec<String> {
        match self {
            Self::Chromium => vec![format!("--port={port}")],
            // `--websocket-port 0`: parallel tests would all want BiDi's default 9222.
            Self::Firefox => vec![
                "--host".into(),
                "127.0.0.1".into(),
                "--port".into(),
                port.to_string(),
                "--websocket-port".into(),
                "0".into(),
            ],
            Self::WebKit => vec![format!("--port={port}"), "--host=local".into()],
        }
    }

    /// Whether each of its drivers runs one session at a time (geckodriver and
    /// WebKitWebDriver do): a second browser then needs a driver of its own.
    pub fn one_session_per_driver(self) -> bool {
        self != Self::Chromium
    }

    /// Whether the browser needs an X display (the harness starts an `Xvfb` for it).
    pub fn needs_display(self) -> bool {
        self == Self::WebKit
    }

    /// Whether the harness can read the browser's console: only chromedriver hands it out
    /// (`goog:loggingPrefs`). Elsewhere the suite-wide Content-Security-Policy check does not
    /// run; the CSP tests themselves are Chromium tests.
    pub fn reads_console(self) -> bool {
        self == Self::Chromium
    }

    /// The processes this browser runs, by the start of their `/proc/<pid>/comm` name.
    pub fn process_names(self) -> &'static [&'static str] {
        match self {
            Self::Chromium => &["chrom"],
            // Firefox's content processes are called `Isolated Web Co`, `Web Content`….
            Self::Firefox => &["firefox", "Isolated", "Web Content", "WebExtensions"],
            Self::WebKit => &["MiniBrowser", "WebKitWebProces", "WebKitNetworkPr"],
        }
    }

    /// The capabilities of a new session: a fresh profile, headless where the browser can
    /// be, Chromium's flags from the crate root's `webdriver.json` (shared with the wasm
    /// tests).
    pub fn capabilities(self) -> Capabilities {
        match self {
            Self::Chromium => {
                let path = workspace_root().join("webdriver.json");
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
                let mut caps: Capabilities = serde_json::from_str(&text)
                    .unwrap_or_else(|err| panic!("{} is not a JSON object: {err}", path.display()));
                if let Some(binary) = self.binary()
                    && let Some(options) = caps
                        .get_mut("goog:chromeOptions")
                        .and_then(|options| options.as_object_mut())
                {
                    options.insert("binary".into(), binary.to_string_lossy().into());
                }
                // The console, every level, for `security::browser_log` (CSP violations,
                // leaked secrets).
                caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
                caps
            }
            Self::Firefox => object(json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": self.required_binary(),
                    "args": ["-headless"],
                    "prefs": {
                        // JSON (`/healthz`, where tests set storage and call the simulator)
                        // as plain text in a page of its origin, not in the JSON viewer, whose
                        // privileged document refuses the page's storage and fetch.
                        "devtools.jsonview.enabled": false,
                        // Downloads (the export) are saved without a dialog.
                        "browser.download.folderList": 2,
                        "browser.download.dir": std::env::temp_dir().to_string_lossy(),
                        "browser.download.useDownloadDir": true,
                        "browser.download.always_ask_before_handling_new_types": false,
                        // No update, telemetry or remote-settings traffic during a test.
                        "app.update.disabledForTesting": true,
                        "toolkit.telemetry.reportingpolicy.firstRun": false,
                    },
                },
            })),
            Self::WebKit => object(json!({
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {
                    "binary": self.required_binary(),
                    "args": ["--automation"],
                },
            })),
        }
    }
}

/// Prepares `element` for a WebDriver click in this run's browser. WebKitWebDriver does not
/// scroll an element in a scrolled box of a modal `<dialog>` into view before clicking it, as
/// the WebDriver spec says a driver does, and answers "element not interactable"; so in WebKit
/// the element is scrolled into view first (the other drivers do that themselves).
pub async fn before_click(element: &Element) {
    if Browser::from_env() == Browser::WebKit {
        let _ = element
            .clone()
            .client()
            .execute(
                "arguments[0].scrollIntoView({ block: 'nearest', inline: 'nearest' }); return null;",
                vec![json!(element)],
            )
            .await;
    }
}

fn object(value: serde_json::Value) -> Capabilities {
    match value {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("capabilities are written as a JSON object"),
    }
}

/// The first executable called `name` on the `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Debian's MiniBrowser: `/usr/lib/<multiarch>/webkit2gtk-4.1/MiniBrowser` (or 4.0, 6.0).
fn minibrowser() -> Option<PathBuf> {
    let lib = Path::new("/usr/lib");
    let mut found: Vec<PathBuf> = std::fs::read_dir(lib)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_typos_are_refused() {
        for browser in Browser::ALL {
            assert_eq!(Browser::parse(browser.name()), Some(browser));
        }
        assert_eq!(Browser::parse(" WebKit "), Some(Browser::WebKit));
        assert_eq!(Browser::parse("chrome"), None);
        assert_eq!(Browser::parse("safari"), None);
    }

    #[test]
    fn each_driver_listens_on_the_given_port_of_the_loopback() {
        for browser in Browser::ALL {
            let args = browser.driver_args(4444).join(" ");
            assert!(args.contains("4444"), "{browser:?}: {args}");
        }
        assert!(
            Browser::Firefox
                .driver_args(1)
                .windows(2)
                .any(|pair| pair == ["--websocket-port", "0"])
        );
    }
}
