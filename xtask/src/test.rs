//! `cargo xtask test`: every check and suite, then one closing line over all of them.

use std::process::{Command, ExitCode};

use anyhow::Result;

use crate::cmd::{self, step};
use crate::csp;
use crate::summary::{Counts, settle};
use crate::tools::{self, WASM_TARGET};
use crate::workspace;

/// Collects each suite's counts and the names of those that failed.
#[derive(Default)]
struct Tally {
    total: Counts,
    failed: Vec<&'static str>,
}

impl Tally {
    fn record(&mut self, name: &'static str, counts: Counts) {
        if counts.failed > 0 {
            self.failed.push(name);
        }
        self.total += counts;
    }

    /// A check (fmt, clippy, a build) counts as one passed or failed test.
    fn check(&mut self, name: &'static str, command: &mut Command) -> Result<bool> {
        step(name);
        let ok = cmd::run(command)?;
        self.record(name, if ok { Counts::PASS } else { Counts::FAIL });
        Ok(ok)
    }

    fn suite(&mut self, name: &'static str, command: &mut Command) -> Result<()> {
        step(name);
        let (ok, counts) = cmd::run_tests(command)?;
        self.record(name, settle(ok, counts));
        Ok(())
    }
}

fn cargo(args: &[&str]) -> Command {
    let mut command = cmd::command(&workspace::cargo(), args);
    command.current_dir(workspace::root());
    command
}

pub fn run() -> Result<ExitCode> {
    let target = workspace::target_dir()?;
    let build_tools = tools::ensure_build_tools(&target)?;
    let browser = tools::ensure_browser()?;
    let axe = tools::ensure_axe(&target)?;
    let mut tally = Tally::default();

    tally.check(
        "cargo fmt --check",
        &mut cargo(&["fmt", "--all", "--check"]),
    )?;
    tally.check(
        "clippy (native)",
        &mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    tally.check(
        "clippy (wasm32)",
        &mut cargo(&[
            "clippy",
            "--package",
            "jobscope",
            "--package",
            "jobscope-wire",
            "--target",
            WASM_TARGET,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    tally.suite(
        "native tests (every crate)",
        &mut cargo(&[
            "test",
            "--no-fail-fast",
            "--workspace",
            "--exclude",
            "jobscope-e2e",
        ]),
    )?;
    tally.suite(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        cargo(&[
            "test",
            "--no-fail-fast",
            "--package",
            "jobscope",
            "--target",
            WASM_TARGET,
        ])
        .env("PATH", &build_tools.path)
        .env("CHROMEDRIVER", &browser.chromedriver),
    )?;

    let built = tally.check(
        "release build of dist/ (trunk)",
        // The end-to-end tests also run the API on another local port (cross-origin).
        build_tools
            .trunk_release()
            .env(csp::CONNECT_SRC_VAR, csp::TEST_CONNECT_SRC),
    )? && tally.check(
        "simulator build",
        &mut cargo(&["build", "--quiet", "--package", "jobscope-sim"]),
    )?;
    if built {
        tally.suite(
            "end-to-end tests (jobscope-sim + release dist/ in headless Chromium)",
            cargo(&["test", "--no-fail-fast", "--package", "jobscope-e2e"])
                .env(
                    "JOBSCOPE_SIM_BIN",
                    target.join("debug").join("jobscope-sim"),
                )
                .env("JOBSCOPE_DIST", workspace::dist())
                .env("CHROMEDRIVER", &browser.chromedriver)
                .env("CHROME_BIN", &browser.chromium)
                .env("JOBSCOPE_AXE", &axe),
        )?;
    } else {
        println!("(end-to-end tests skipped: nothing to test without a build)");
        tally.record("end-to-end tests", Counts::FAIL);
    }

    println!();
    for name in &tally.failed {
        println!("FAILED: {name}");
    }
    println!("total: {}", tally.total);
    Ok(if tally.total.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
