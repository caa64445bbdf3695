//! Running the installs a fresh machine needs all at once: `cargo install`s, `apt-get` and
//! `npm` overlap (each waits on the network or one core, rarely on the others), so a cold set-up
//! takes about as long as its longest install, not their sum. Each install's output goes to
//! its own log file, so the terminal stays readable: one line when an install starts, one when
//! it ends, a line a minute naming what still runs, and on a failure the end of its log and
//! the command to run by hand.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cmd::step;

/// How often a line names the installs still running, so a cold run never looks stuck.
const HEARTBEAT: Duration = Duration::from_secs(60);
/// How much of a failed install's log is shown.
const TAIL_LINES: usize = 30;

/// One tool to install: the commands to run in order, and how to run them by hand.
pub struct Install {
    /// What it installs, for the messages (`trunk 0.21.14`).
    pub name: String,
    /// A short file-name-safe name for its log (`trunk`).
    pub slug: &'static str,
    pub steps: Vec<Command>,
    /// The command line a person would type instead (`cargo install trunk …`).
    pub by_hand: String,
}

impl Install {
    /// An install of one command.
    pub fn new(name: impl Into<String>, slug: &'static str, command: Command) -> Self {
        let by_hand = command_line(&command);
        Self {
            name: name.into(),
            slug,
            steps: vec![command],
            by_hand,
        }
    }
}

/// Installs that must run one after the other (npm's packages after npm itself); lanes run
/// in parallel.
pub type Lane = Vec<Install>;

/// Runs every lane at once, each in its own thread; returns once all have ended. Errs naming
/// each install that failed (after showing its log's end and how to run it by hand).
pub fn run_all(lanes: Vec<Lane>, log_dir: &Path) -> Result<()> {
    let lanes: Vec<Lane> = lanes.into_iter().filter(|lane| !lane.is_empty()).collect();
    if lanes.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(log_dir)
        .with_context(|| format!("cannot create {}", log_dir.display()))?;
    let started = Instant::now();
    let running: Arc<Mutex<BTreeMap<String, Instant>>> = Arc::default();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let failed = std::thread::scope(|scope| {
        let handles: Vec<_> = lanes
            .into_iter()
            .map(|lane| {
                let running = running.clone();
                let done_tx = done_tx.clone();
                scope.spawn(move || {
                    let failed = run_lane(lane, log_dir, &running);
                    let _ = done_tx.send(());
                    failed
                })
            })
            .collect();
        drop(done_tx);
        // The heartbeat: until every lane has reported, name what still runs once a minute.
        let mut left = handles.len();
        while left > 0 {
            match done_rx.recv_timeout(HEARTBEAT) {
                Ok(()) => left -= 1,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let now = Instant::now();
                    let names: Vec<String> = running
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .iter()
                        .map(|(name, since)| format!("{name} ({})", minutes(now - *since)))
                        .collect();
                    if !names.is_empty() {
                        println!("    still installing: {}", names.join(", "));
                        let _ = std::io::stdout().flush();
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| vec!["(an install thread)".into()])
            })
            .collect::<Vec<String>>()
    });
    if failed.is_empty() {
        println!(
            "    all installs done in {} (logs in {})",
            minutes(started.elapsed()),
            log_dir.display()
        );
        Ok(())
    } else {
        bail!("could not install {}: see above", failed.join(", "))
    }
}

/// Runs one lane's installs in order; answers the names of those that failed (a failure
/// skips the rest of its lane, which needed it).
fn run_lane(lane: Lane, log_dir: &Path, running: &Mutex<BTreeMap<String, Instant>>) -> Vec<String> {
    let mut failed = Vec::new();
    let mut lane = lane.into_iter();
    for mut install in lane.by_ref() {
        let log = log_dir.join(format!("{}.log", install.slug));
        step(&format!(
            "installing {} (in parallel; log: {})",
            install.name,
            log.display()
        ));
        let started = Instant::now();
        running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(install.name.clone(), started);
        let outcome = run_install(&mut install, &log);
        running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&install.name);
        match outcome {
            Ok(()) => println!(
                "    installed {} in {}",
                install.name,
                minutes(started.elapsed())
            ),
            Err(err) => {
                report_failure(&install, &log, &err);
                failed.push(install.name);
                break;
            }
        }
    }
    // What came after a failure in the same lane was never tried.
    for skipped in lane {
        println!(
            "    not installed: {} (it needs what failed before it); by hand: {}",
            skipped.name, skipped.by_hand
        );
        failed.push(skipped.name);
    }
    failed
}

/// Runs an install's steps with stdin closed and stdout and stderr appended to `log`.
fn run_install(install: &mut Install, log: &Path) -> Result<()> {
    let mut file = File::create(log).with_context(|| format!("cannot write {}", log.display()))?;
    for step in &mut install.steps {
        let line = command_line(step);
        let _ = writeln!(file, "$ {line}");
        let out = file.try_clone().context("cannot share the log file")?;
        let err = file.try_clone().context("cannot share the log file")?;
        let status = step
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .status()
            .with_context(|| format!("cannot start `{line}`"))?;
        anyhow::ensure!(status.success(), "`{line}` failed ({status})");
    }
    Ok(())
}

/// Shows the end of a failed install's log, each line prefixed by its name, and how to run
/// it by hand.
fn report_failure(install: &Install, log: &Path, err: &anyhow::Error) {
    let lines: Vec<String> = File::open(log)
        .map(|file| BufReader::new(file).lines().map_while(Result::ok).collect())
        .unwrap_or_default();
    let tail = &lines[lines.len().saturating_sub(TAIL_LINES)..];
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "FAILED to install {}: {err:#}", install.name);
    for line in tail {
        let _ = writeln!(out, "[{}] {line}", install.slug);
    }
    let _ = writeln!(
        out,
        "    the whole log: {}\n    to install it by hand: {}",
        log.display(),
        install.by_hand
    );
}

/// A command as a person would type it (environment settings first).
pub fn command_line(command: &Command) -> String {
    let mut words: Vec<String> = command
        .get_envs()
        .filter_map(|(key, value)| {
            value.map(|value| format!("{}={}", key.to_string_lossy(), value.to_string_lossy()))
        })
        .collect();
    let program = PathBuf::from(command.get_program());
    words.push(
        program
            .file_name()
            .map_or_else(|| program.to_string_lossy(), |name| name.to_string_lossy())
            .into_owned(),
    );
    words.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );
    words.join(" ")
}

/// `12m 03s`, or `45s` under a minute.
pub fn minutes(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    if seconds < 60 {
        format!("{seconds}s")
    } else {
        format!("{}m {:02}s", seconds / 60, seconds % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-install-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn lanes_run_at_the_same_time() {
        let dir = temp_dir("parallel");
        // Each waits for the other's mark: run one after the other, both would time out.
        let a = dir.join("a");
        let b = dir.join("b");
        let wait_for = |mine: &Path, theirs: &Path| {
            shell(&format!(
                "touch {}; for i in $(seq 100); do [ -e {} ] && exit 0; sleep 0.05; done; exit 1",
                mine.display(),
                theirs.display()
            ))
        };
        std::fs::create_dir_all(&dir).unwrap();
        let lanes = vec![
            vec![Install::new("a", "a", wait_for(&a, &b))],
            vec![Install::new("b", "b", wait_for(&b, &a))],
        ];
        run_all(lanes, &dir.join("logs")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failure_names_the_install_keeps_its_log_and_skips_the_rest_of_its_lane() {
        let dir = temp_dir("failure");
        let lanes = vec![
            vec![
                Install::new(
                    "a deliberately failing tool",
                    "first",
                    shell("echo the real reason >&2; exit 3"),
                ),
                Install::new("after it", "after", shell("touch never")),
            ],
            vec![Install::new("other tool", "other", shell("echo fine"))],
        ];
        let err = run_all(lanes, &dir).unwrap_err().to_string();
        assert!(err.contains("a deliberately failing tool"), "{err}");
        assert!(err.contains("after it"), "{err}");
        assert!(!err.contains("other tool"), "{err}");
        let log = std::fs::read_to_string(dir.join("first.log")).unwrap();
        assert!(log.contains("the real reason"), "{log}");
        assert!(
            !dir.join("after.log").exists(),
            "the skipped install never ran"
        );
        let other = std::fs::read_to_string(dir.join("other.log")).unwrap();
        assert!(other.contains("fine"), "{other}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_by_hand_line_reads_as_typed() {
        let mut command = Command::new("/usr/bin/apt-get");
        command
            .args(["install", "-y", "xvfb"])
            .env("DEBIAN_FRONTEND", "noninteractive");
        assert_eq!(
            command_line(&command),
            "DEBIAN_FRONTEND=noninteractive apt-get install -y xvfb"
        );
        assert_eq!(minutes(Duration::from_secs(42)), "42s");
        assert_eq!(minutes(Duration::from_secs(723)), "12m 03s");
    }
}
