//! `cargo xtask test`: every check and suite, then one closing line over all of them.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cmd::{self, step};
use crate::e2e::{self, CORE_FLOWS, OTHER_BROWSERS};
use crate::install::minutes;
use crate::summary::{Counts, settle};
use crate::tools::{self, Purpose, WASM_TARGET};
use crate::{csp, workspace};

/// The wasm-bindgen test runner's drivers, by the variable that selects each: it takes the
/// first one set (geckodriver before chromedriver), so each run unsets the others.
const RUNNER_DRIVER_VARS: [&str; 8] = [
    "GECKODRIVER",
    "GECKODRIVER_REMOTE",
    "SAFARIDRIVER",
    "SAFARIDRIVER_REMOTE",
    "CHROMEDRIVER",
    "CHROMEDRIVER_REMOTE",
    "MSEDGEDRIVER",
    "MSEDGEDRIVER_REMOTE",
];

/// Collects each suite's counts and the names of those that failed.
#[derive(Default)]
struct Tally {
    total: Counts,
    failed: Vec<&'static str>,
}

impl Tally {
    fn record(&mut self, name: &'static str, counts: Counts) {
        if counts.failed > 0 && !self.failed.contains(&name) {
            self.failed.push(name);
        }
        self.total += counts;
    }

    /// A check (fmt, clippy, a build) counts as one passed or failed test.
    fn check(&mut self, name: &'static str, command: &mut Command) -> Result<bool> {
        step(name);
        let started = Instant::now();
        let ok = cmd::run(command)?;
        took(started);
        self.record(name, if ok { Counts::PASS } else { Counts::FAIL });
        Ok(ok)
    }

    fn suite(&mut self, name: &'static str, command: &mut Command) -> Result<Counts> {
        step(name);
        let started = Instant::now();
        let (ok, counts) = cmd::run_tests(command)?;
        took(started);
        let counts = settle(ok, counts);
        self.record(name, counts);
        Ok(counts)
    }

    /// A suite that must run exactly `expected` tests: fewer means a listed test is gone.
    fn suite_of(&mut self, name: &'static str, command: &mut Command, expected: u64) -> Result<()> {
        let counts = self.suite(name, command)?;
        let ran = counts.passed + counts.failed;
        if ran != expected {
            println!("{name}: ran {ran} tests, expected {expected} (is a listed test renamed?)");
            self.record(name, Counts::FAIL);
        }
        Ok(())
    }
}

fn took(started: Instant) {
    println!("    ({})", minutes(started.elapsed()));
}

/// `cargo test` of the wasm-bindgen browser tests with `driver` in `var` as the only driver
/// the runner sees.
fn wasm_tests(path: &std::ffi::OsStr, var: &str, driver: &Path) -> Command {
    let mut command = cargo(&[
        "test",
        "--no-fail-fast",
        "--package",
        "jobscope",
        "--target",
        WASM_TARGET,
    ]);
    command.env("PATH", path);
    for other in RUNNER_DRIVER_VARS {
        command.env_remove(other);
    }
    command.env(var, driver);
    command
}

fn cargo(args: &[&str]) -> Command {
    let mut command = cmd::command(&workspace::cargo(), args);
    command.current_dir(workspace::root());
    command
}

pub fn run() -> Result<ExitCode> {
    let started = Instant::now();
    let target = workspace::target_dir()?;
    let tools = tools::ensure(&target, Purpose::Test)?;
    let build_tools = &tools.build;
    let chromium = tools.browsers.chromium()?;
    let firefox = tools
        .browsers
        .firefox
        .as_ref()
        .context("Firefox was not set up")?;
    let axe = tools.axe.as_ref().context("axe-core was not set up")?;
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
        &mut wasm_tests(&build_tools.path, "CHROMEDRIVER", &chromium.driver),
    )?;
    tally.suite(
        "browser tests (wasm-bindgen-test, headless Firefox)",
        &mut wasm_tests(&build_tools.path, "GECKODRIVER", &firefox.driver),
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
    let e2e_env = |command: &mut Command| {
        command
            .env(
                "JOBSCOPE_SIM_BIN",
                target.join("debug").join("jobscope-sim"),
            )
            .env("JOBSCOPE_DIST", workspace::dist())
            .env("JOBSCOPE_AXE", axe)
            .envs(tools.browsers.env());
    };
    if built {
        let mut all = cargo(&["test", "--no-fail-fast", "--package", "jobscope-e2e"]);
        e2e_env(&mut all);
        tally.suite(
            "end-to-end tests (jobscope-sim + release dist/ in headless Chromium)",
            e2e::in_browser(&mut all, "chromium"),
        )?;
        for browser in OTHER_BROWSERS {
            let mut core = cargo(&[]);
            core.args(e2e::core_flow_args());
            e2e_env(&mut core);
            tally.suite_of(
                match browser {
                    "firefox" => "end-to-end core flows in headless Firefox",
                    _ => "end-to-end core flows in WebKit (MiniBrowser on Xvfb)",
                },
                e2e::in_browser(&mut core, browser),
                CORE_FLOWS.len() as u64,
            )?;
        }
    } else {
        println!("(end-to-end tests skipped: nothing to test without a build)");
        tally.record("end-to-end tests", Counts::FAIL);
    }
    println!("\n`cargo xtask test` took {}", minutes(started.elapsed()));

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
