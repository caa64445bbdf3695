//! `cargo xtask bench`: builds the release dashboard and simulator, measures them, and writes
//! the figures into `BENCHMARKS.md` (between its markers) and the README's headline.
//!
//! Sizes are computed here (they do not vary) from `dist/`'s files and their `.gz`/`.br`
//! copies, whatever the build named or split them into; times and memory come from the browser
//! bench (`e2e/benches/job_list/`) as samples, summarised here as median and spread, and with
//! them the URLs the browser fetched (Resource Timing), which [`assets`] maps to files of
//! `dist/` to size the first load; the simulator's latency table comes from
//! `sim/benches/list_latency.rs`. [`report`] writes the markdown.

mod assets;
mod machine;
mod markers;
mod report;
mod spread;
mod tables;

use std::process::{ExitCode, Stdio};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::cmd::{self, step};
use crate::{demo, tools, workspace};

use assets::assets;
use machine::Machine;
use markers::{BENCH_MARKERS, HEADLINE_MARKERS, replace_between};
use report::Report;

pub fn run(runs: usize) -> Result<ExitCode> {
    anyhow::ensure!(runs >= 1, "--runs must be at least 1");
    let target = workspace::target_dir()?;
    let tools = tools::ensure(&target, tools::Purpose::Bench)?;
    let build_tools = &tools.build;
    let browser = tools.browsers.chromium()?;

    // As `demo` builds them, so the dist/ left behind serves it too (the extra connect-src of
    // the tests' build costs 22 bytes of index.html).
    demo::build_release(build_tools)?;

    let app = assets(&workspace::dist())?;
    let baseline = assets(&workspace::root().join("bench").join("baseline"))?;

    step("simulator list latency (200,000 jobs)");
    let latency = capture(cargo(&[
        "bench",
        "--quiet",
        "--package",
        "jobscope-sim",
        "--bench",
        "list_latency",
    ]))?;

    step(&format!(
        "the dashboard and the baseline in headless Chromium ({runs} runs each)"
    ));
    let out = target.join("bench").join("browser.json");
    std::fs::create_dir_all(out.parent().unwrap_or(&target))?;
    cmd::run_ok(
        cargo(&[
            "bench",
            "--quiet",
            "--package",
            "jobscope-e2e",
            "--bench",
            "job_list",
        ])
        .env(
            "JOBSCOPE_SIM_BIN",
            target.join("release").join("jobscope-sim"),
        )
        .env("JOBSCOPE_DIST", workspace::dist())
        .env("JOBSCOPE_BENCH_OUT", &out)
        .env("JOBSCOPE_BENCH_RUNS", runs.to_string())
        .env("CHROMEDRIVER", &browser.driver)
        .env("CHROME_BIN", &browser.browser)
        // The bench reads Chromium's performance metrics (CDP).
        .env("JOBSCOPE_BROWSER", "chromium"),
    )?;
    let text =
        std::fs::read_to_string(&out).with_context(|| format!("cannot read {}", out.display()))?;
    let samples: Value = serde_json::from_str(&text).context("the browser bench wrote no JSON")?;

    let machine = Machine::probe(&browser.browser);
    let report = Report {
        machine,
        runs,
        app,
        baseline,
        samples: &samples["samples"],
        fetched: &samples["fetched"],
        latency: latency_table(&latency),
    };
    let section = report.markdown();
    let benchmarks = workspace::root().join("BENCHMARKS.md");
    replace_between(&benchmarks, BENCH_MARKERS, &section)?;
    let readme = workspace::root().join("README.md");
    replace_between(&readme, HEADLINE_MARKERS, &report.headline())?;
    println!("{section}");
    println!("wrote BENCHMARKS.md and the README's headline");
    Ok(ExitCode::SUCCESS)
}

fn cargo(args: &[&str]) -> std::process::Command {
    let mut command = cmd::command(&workspace::cargo(), args);
    command.current_dir(workspace::root());
    command
}

/// Runs `command`, echoing nothing; its stdout, or an error with its stderr's tail.
fn capture(mut command: std::process::Command) -> Result<String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot start {:?}", command.get_program()))?;
    anyhow::ensure!(
        output.status.success(),
        "{:?} failed: {}",
        command.get_program(),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The markdown table rows (`| … |`) of the simulator bench's output.
fn latency_table(output: &str) -> String {
    output
        .lines()
        .filter(|line| line.starts_with('|'))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latency_table_keeps_only_table_lines() {
        let output = "generated 200000 jobs in 0.8 s\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(latency_table(output), "| a | b |\n|---|---|\n| 1 | 2 |\n");
    }
}
