//! `cargo xtask demo`: build the dashboard and serve it with the simulator on one origin.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{ExitCode, Stdio};

use anyhow::{Context, Result};

use crate::cmd::{self, step};
use crate::{csp, tools, workspace};

/// The release `dist/` and the release simulator, as the demo and the benchmark serve them.
pub fn build_release(build_tools: &tools::BuildTools) -> Result<()> {
    step("building the dashboard (release)");
    let mut trunk = build_tools.trunk_release();
    // Like the tests' build: an API on another local port may be used (cross-origin), unless
    // the caller chose the sources.
    if std::env::var_os(csp::CONNECT_SRC_VAR).is_none() {
        trunk.env(csp::CONNECT_SRC_VAR, csp::TEST_CONNECT_SRC);
    }
    cmd::run_ok(&mut trunk)?;
    step("building the simulator (release)");
    cmd::run_ok(
        cmd::command(
            &workspace::cargo(),
            &["build", "--quiet", "--release", "--package", "jobscope-sim"],
        )
        .current_dir(workspace::root()),
    )
}

pub fn run(addr: SocketAddr, sim_args: &[String]) -> Result<ExitCode> {
    let target = workspace::target_dir()?;
    let tools = tools::ensure(&target, tools::Purpose::Demo)?;

    build_release(&tools.build)?;

    let sim = target.join("release").join("jobscope-sim");
    let mut child = cmd::command(&sim.to_string_lossy(), &["--addr", &addr.to_string()])
        .arg("--dist")
        .arg(workspace::dist())
        .args(sim_args)
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", sim.display()))?;

    // The simulator prints where it serves the dashboard (under `--base-path`, if given); pass
    // its other output through.
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                match line.strip_prefix("jobscope-sim serving the dashboard at ") {
                    Some(url) => {
                        println!("\n  jobscope is running: open {url}\n  (Ctrl-C stops it)\n")
                    }
                    None => println!("{line}"),
                }
            }
        });
    }
    let status = child.wait().context("the simulator vanished")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
