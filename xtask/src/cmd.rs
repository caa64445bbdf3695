//! Running commands: quiet probes, visible steps, and test runs whose results are counted.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::summary::Counts;

/// Announces a long step, so a cold run never looks stuck.
pub fn step(what: &str) {
    println!("==> {what}");
    let _ = std::io::stdout().flush();
}

/// A new command for `program` with `args`.
pub fn command<S: AsRef<OsStr>>(program: &str, args: &[S]) -> Command {
    let mut command = Command::new(program);
    command.args(args);
    command
}

/// Runs a probe silently; its trimmed stdout when it succeeded, `None` when it failed or the
/// program does not exist.
pub fn probe<S: AsRef<OsStr>>(program: &str, args: &[S]) -> Option<String> {
    let output = command(program, args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Runs `command` with the terminal attached; whether it succeeded.
pub fn run(command: &mut Command) -> Result<bool> {
    let status = command
        .status()
        .with_context(|| format!("cannot start {:?}", command.get_program()))?;
    Ok(status.success())
}

/// Like [`run`], but an error when the command fails.
pub fn run_ok(command: &mut Command) -> Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    anyhow::ensure!(run(command)?, "`{program}` failed");
    Ok(())
}

/// Runs a test command, echoing its output, and counts the tests from libtest's (and
/// wasm-bindgen-test-runner's) `test result:` lines.
pub fn run_tests(command: &mut Command) -> Result<(bool, Counts)> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {:?}", command.get_program()))?;
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        let mut out = std::io::stdout();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = writeln!(out, "{line}");
            if let Some(found) = Counts::parse_line(&line) {
                counts += found;
            }
        }
    }
    let status = child.wait().context("test command vanished")?;
    Ok((status.success(), counts))
}
