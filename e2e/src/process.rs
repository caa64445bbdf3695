//! The two processes a test needs, each in its own process group so that dropping the guard
//! stops it and everything it started (chromedriver's Chromium included).

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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

/// A running `chromedriver` on a free port.
pub struct ChromeDriver {
    _group: Group,
    port: u16,
}

impl ChromeDriver {
    /// Starts chromedriver; retries on another port if the one picked was taken meanwhile.
    pub fn start() -> Self {
        Self::start_in(None)
    }

    /// Starts chromedriver whose browsers run in `time_zone` (an IANA name, through `TZ`).
    pub fn start_in(time_zone: Option<&str>) -> Self {
        let bin = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("chromedriver"));
        for _ in 0..3 {
            let port = free_port();
            let mut command = Command::new(&bin);
            command
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            if let Some(zone) = time_zone {
                command.env("TZ", zone);
            }
            let mut group = Group::spawn(command, &bin);
            if wait_for_port(port, &mut group.child) {
                return Self {
                    _group: group,
                    port,
                };
            }
        }
        panic!(
            "{} did not start listening (is Chromium's driver installed? `cargo xtask test` installs it)",
            bin.display()
        );
    }

    /// The WebDriver endpoint.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// A child process that leads its own process group; dropping it stops the whole group.
struct Group {
    child: Child,
}

impl Group {
    fn spawn(mut command: Command, bin: &Path) -> Self {
        command.process_group(0);
        let child = command
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", bin.display()));
        Self { child }
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
