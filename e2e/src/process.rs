//! The processes a test needs (the simulator, a WebDriver server and, for WebKit, a virtual
//! display), each in its own process group so that dropping the guard stops it and everything
//! it started (the driver's browser included).

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::browser::Browser;
use crate::workspace_root;

/// How long a process may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A running `jobscope-sim` serving the release `dist/` on a free port.
pub struct Sim {
    group: Group,
    base_url: String,
}

impl Sim {
    /// Starts the simulator on port 0 and reads back the address it bound.
    pub fn start(extra_args: &[&str]) -> Self {
        Self::serving(&dist_dir(), extra_args)
    }

    /// [`Sim::start`] serving another copy of the app (say, with its own `config.json`).
    pub fn serving(dist: &Path, extra_args: &[&str]) -> Self {
        let bin = sim_binary();
        let mut command = Command::new(&bin);
        command
            .args(["--addr", "127.0.0.1:0", "--dist"])
            .arg(dist)
            .args(extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut group = Group::spawn(command, &bin);
        let stdout = group
            .child
            .stdout
            .take()
            .expect("the simulator's stdout is piped");

        // A reader thread keeps draining stdout, so the simulator never blocks on a full pipe.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("jobscope-sim listening on ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let base_url = rx.recv_timeout(START_TIMEOUT).unwrap_or_else(|_| {
            panic!(
                "{} did not report its address within {START_TIMEOUT:?}",
                bin.display()
            )
        });
        Self { group, base_url }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The simulator's process id (tests use it to check that nothing is left running).
    pub fn pid(&self) -> u32 {
        self.group.child.id()
    }
}

/// A running WebDriver server (chromedriver, geckodriver or WebKitWebDriver) on a free
/// port, with the X display it draws on when its browser needs one.
pub struct Driver {
    // Dropped in this order: the driver and its browsers first, then their display.
    _group: Group,
    _display: Option<Display>,
    port: u16,
    browser: Browser,
}

impl Driver {
    /// Starts the driver of this run's browser (`JOBSCOPE_BROWSER`).
    pub fn start() -> Self {
        Self::start_in(Browser::from_env(), None)
    }

    /// Starts `browser`'s driver, whose browsers run in `time_zone` (an IANA name, through
    /// `TZ`, which all three engines honour); retries on another port if the one picked was
    /// taken meanwhile.
    pub fn start_in(browser: Browser, time_zone: Option<&str>) -> Self {
        let bin = browser.driver();
        for _ in 0..3 {
            let display = browser.needs_display().then(Display::start);
            let port = free_port();
            let mut command = Command::new(&bin);
            command
                .args(browser.driver_args(port))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            if let Some(zone) = time_zone {
                command.env("TZ", zone);
            }
            if let Some(display) = &display {
                command.env("DISPLAY", display.name());
            }
            let mut group = Group::spawn(command, &bin);
            if wait_for_port(port, &mut group.child) {
                return Self {
                    _group: group,
                    _display: display,
                    port,
                    browser,
                };
            }
        }
        panic!(
            "{} did not start listening (is the {} driver installed? `cargo xtask test` installs it)",
            bin.display(),
            browser.name()
        );
    }

    /// The WebDriver endpoint.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The browser this driver runs.
    pub fn browser(&self) -> Browser {
        self.browser
    }
}

/// A virtual X display (`Xvfb`) for a browser without a headless mode. `-displayfd` lets the
/// X server pick a free display number itself, so tests running in parallel never collide
/// (as two `xvfb-run -a` starting at once can).
struct Display {
    _group: Group,
    number: String,
}

impl Display {
    fn start() -> Self {
        let bin = PathBuf::from(std::env::var_os("XVFB").unwrap_or_else(|| "Xvfb".into()));
        let mut command = Command::new(&bin);
        command
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg("1280x1024x24")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut group = Group::try_spawn(command).unwrap_or_else(|err| {
            panic!(
                "cannot start {} ({err}): WebKit needs a virtual display (`apt-get install xvfb`; \
                 `cargo xtask test` installs it)",
                bin.display()
            )
        });
        let stdout = group.child.stdout.take().expect("Xvfb's stdout is piped");
        // Xvfb writes the display number once it accepts connections.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line.trim().to_owned());
        });
        match rx.recv_timeout(START_TIMEOUT) {
            Ok(number) if !number.is_empty() => Self {
                _group: group,
                number,
            },
            _ => panic!(
                "{} reported no display within {START_TIMEOUT:?}",
                bin.display()
            ),
        }
    }

    /// `:<number>`, for `DISPLAY`.
    fn name(&self) -> String {
        format!(":{}", self.number)
    }
}

/// A child process that leads its own process group; dropping it stops the whole group.
struct Group {
    child: Child,
}

impl Group {
    fn spawn(command: Command, bin: &Path) -> Self {
        Self::try_spawn(command)
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", bin.display()))
    }

    fn try_spawn(mut command: Command) -> std::io::Result<Self> {
        command.process_group(0);
        Ok(Self {
            child: command.spawn()?,
        })
    }

    fn signal(&self, signal: &str) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-s", signal, "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        // Ask politely (chromedriver then closes its browsers), then insist.
        self.signal("TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        self.signal("KILL");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|err| panic!("no free port on 127.0.0.1: {err}"))
}

/// True once `port` accepts connections; false if the child exits or time runs out.
fn wait_for_port(port: u16, child: &mut Child) -> bool {
    let deadline = Instant::now() + START_TIMEOUT;
    while Instant::now() < deadline {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return true;
        }
        if matches!(child.try_wait(), Ok(Some(_))) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

fn sim_binary() -> PathBuf {
    let bin = std::env::var_os("JOBSCOPE_SIM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("jobscope-sim"));
    assert!(
        bin.is_file(),
        "no simulator at {}: run `cargo xtask test`, or `cargo build -p jobscope-sim` first",
        bin.display()
    );
    bin
}

pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("JOBSCOPE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no built app in {}: run `cargo xtask test`, or `trunk build --release` first",
        dist.display()
    );
    dist
}
