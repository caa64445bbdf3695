//! `cargo xtask bench`: builds the release dashboard and simulator, measures them, and writes
//! the figures into `BENCHMARKS.md` (between its markers) and the README's headline.
//!
//! Sizes are computed here (they do not vary); times and memory come from the browser bench
//! (`e2e/benches/job_list.rs`) as samples, summarised here as median and spread; the simulator's
//! latency table comes from `sim/benches/list_latency.rs`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{ExitCode, Stdio};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::cmd::{self, step};
use crate::{demo, precompress, tools, workspace};

/// The issue's targets.
const FIRST_LOAD_GZIP_MAX: u64 = 200 * 1024;
const FIRST_ROWS_RATIO_MAX: f64 = 1.3;
const ROW_ELEMENTS_MAX: f64 = 150.0;
const MEMORY_MB_MAX: f64 = 40.0;

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

/// One file of the first load: its name and sizes.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl Asset {
    /// Sizes computed here, for files the build ships no compressed copies of.
    pub fn of(name: String, bytes: &[u8]) -> Self {
        Self {
            name,
            raw: bytes.len() as u64,
            gzip: precompress::gzip(bytes).len() as u64,
            brotli: precompress::brotli(bytes).len() as u64,
        }
    }

    /// The file at `path`, measured by the `.gz` and `.br` copies beside it (what a host sends)
    /// when the build wrote them, else compressed here the same way.
    fn read(path: &Path) -> Result<Self> {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let copy_len = |ext: &str| {
            std::fs::metadata(path.with_file_name(format!("{name}.{ext}"))).map(|m| m.len())
        };
        match (copy_len("gz"), copy_len("br")) {
            (Ok(gzip), Ok(brotli)) => Ok(Self {
                name,
                raw: bytes.len() as u64,
                gzip,
                brotli,
            }),
            _ => Ok(Self::of(name, &bytes)),
        }
    }
}

/// Every file of a built site (all of them load on first visit), by name.
fn assets(dir: &Path) -> Result<Vec<Asset>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let copy = path
            .extension()
            .is_some_and(|ext| ext == "br" || ext == "gz");
        if path.is_file() && !copy {
            found.push(Asset::read(&path)?);
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// Median and spread of one measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub median: f64,
    pub p25: f64,
    pub p75: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

impl Spread {
    /// `None` for no samples; NaN samples are left out.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let at = |p: f64| {
            // Linear interpolation between the closest ranks.
            let rank = p * (sorted.len() - 1) as f64;
            let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
            sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
        };
        Some(Self {
            median: at(0.5),
            p25: at(0.25),
            p75: at(0.75),
            min: sorted[0],
            max: sorted[sorted.len() - 1],
            runs: sorted.len(),
        })
    }
}

/// Where the figures were taken.
struct Machine {
    date: String,
    cpu: String,
    cores: usize,
    memory: String,
    chromium: String,
    rustc: String,
}

impl Machine {
    fn probe(chromium: &Path) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name"))
            .and_then(|rest| rest.split(':').nth(1))
            .map_or_else(|| "unknown CPU".to_owned(), |name| name.trim().to_owned());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory = meminfo
            .lines()
            .find_map(|line| line.strip_prefix("MemTotal:"))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
            .map_or_else(
                || "unknown memory".to_owned(),
                |kb| format!("{:.0} GiB", kb / 1_048_576.0),
            );
        Self {
            date: cmd::probe("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default(),
            cpu,
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            memory,
            chromium: cmd::probe(&chromium.to_string_lossy(), &["--version"]).unwrap_or_default(),
            rustc: cmd::probe("rustc", &["--version"]).unwrap_or_default(),
        }
    }
}

struct Report<'a> {
    machine: Machine,
    runs: usize,
    app: Vec<Asset>,
    baseline: Vec<Asset>,
    samples: &'a Value,
    latency: String,
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn total(assets: &[Asset]) -> Asset {
    Asset {
        name: "total".to_owned(),
        raw: assets.iter().map(|a| a.raw).sum(),
        gzip: assets.iter().map(|a| a.gzip).sum(),
        brotli: assets.iter().map(|a| a.brotli).sum(),
    }
}

fn verdict(holds: bool) -> &'static str {
    if holds { "holds" } else { "**missed**" }
}

impl Report<'_> {
    fn spread(&self, name: &str) -> Option<Spread> {
        let values: Vec<f64> = self.samples[name]
            .as_array()
            .map(|all| all.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        Spread::of(&values)
    }

    fn markdown(&self) -> String {
        let m = &self.machine;
        let mut out = String::new();
        let _ = writeln!(out, "## Latest run: {}\n", m.date);
        let _ = writeln!(
            out,
            "Written by `cargo xtask bench` on {} ({} cores, {}), {}, {}; each browser figure \
             over {} runs, each run in a fresh browser profile against a fresh release simulator \
             (5,000 or 10,000 frozen jobs; 84,000 for the heavy rows, `--error-bytes 50000`, \
             over `JOBSCOPE_BENCH_HEAVY_RUNS` runs, 3 by default). Median, the middle half (p25 \
             to p75) and the range.\n",
            m.cpu, m.cores, m.memory, m.chromium, m.rustc, self.runs
        );

        let app_total = total(&self.app);
        let ratio = self.spread("first_rows_ratio");
        let rows = self.spread("scroll_max_row_elements");
        let long_tasks = self.spread("scroll_long_tasks");
        let memory = self.spread("memory_total_mb");
        let _ = writeln!(out, "### Targets\n");
        let _ = writeln!(out, "| target | measured | verdict |\n|---|---|---|");
        let _ = writeln!(
            out,
            "| first load at most 200 KB gzip | {} gzip | {} |",
            kb(app_total.gzip),
            verdict(app_total.gzip <= FIRST_LOAD_GZIP_MAX)
        );
        if let Some(r) = ratio {
            let _ = writeln!(
                out,
                "| time to first rows at most 1.3× the baseline's | {:.2}× (median of the runs' ratios; {:.2}× to {:.2}×) | {} |",
                r.median,
                r.min,
                r.max,
                verdict(r.median <= FIRST_ROWS_RATIO_MAX)
            );
        }
        if let Some(r) = rows {
            let _ = writeln!(
                out,
                "| at most 150 row elements while scrolling 10,000 rows | {:.0} at most (any run) | {} |",
                r.max,
                verdict(r.max <= ROW_ELEMENTS_MAX)
            );
        }
        if let (Some(r), Some(longest)) = (long_tasks, self.spread("scroll_longest_task_ms")) {
            let measured = if r.max == 0.0 {
                "none in any run".to_owned()
            } else {
                format!(
                    "{:.0} at most in a run (median {:.0}); the longest {:.0} ms",
                    r.max, r.median, longest.max
                )
            };
            let _ = writeln!(
                out,
                "| no long task (over 50 ms) while scrolling | {measured} | {} |",
                verdict(r.max == 0.0)
            );
        }
        if let Some(r) = memory {
            let _ = writeln!(
                out,
                "| at most 40 MB memory (JS heap + wasm) with 10,000 rows | {:.1} MB at most (median {:.1} MB) | {} |",
                r.max,
                r.median,
                verdict(r.max <= MEMORY_MB_MAX)
            );
        }

        let _ = writeln!(out, "\n### First load\n");
        let _ = writeln!(
            out,
            "Every file of `dist/` (all load on the first visit; `config.json` is optional and \
             not counted).\n"
        );
        asset_table(&mut out, &self.app);
        let base = total(&self.baseline);
        let _ = writeln!(
            out,
            "\nThe vanilla baseline (`bench/baseline/`): {} raw, {} gzip, {} brotli.\n",
            kb(base.raw),
            kb(base.gzip),
            kb(base.brotli)
        );

        let _ = writeln!(out, "### In the browser\n");
        let _ = writeln!(
            out,
            "| measure | median | p25 to p75 | range | runs |\n|---|---|---|---|---|"
        );
        let rows: [(&str, &str, &str); 18] = [
            (
                "first_rows_app_ms",
                "dashboard: navigation to first rows",
                "ms",
            ),
            (
                "first_rows_baseline_ms",
                "vanilla baseline: navigation to first rows",
                "ms",
            ),
            (
                "first_rows_ratio",
                "ratio dashboard / baseline (same run)",
                "×",
            ),
            (
                "filter_change_ms",
                "filter change (click on a status) to new rows",
                "ms",
            ),
            ("scroll_seconds", "scrolling 10,000 rows to the end", "s"),
            (
                "scroll_max_row_elements",
                "row elements in the DOM while scrolling (most at once)",
                "",
            ),
            (
                "elements_after_scroll",
                "all elements in the DOM at the end",
                "",
            ),
            (
                "scroll_long_tasks",
                "long tasks (over 50 ms) while scrolling",
                "",
            ),
            (
                "scroll_longest_task_ms",
                "the longest task while scrolling",
                "ms",
            ),
            (
                "memory_js_heap_mb",
                "JS heap with 10,000 rows (after GC)",
                "MB",
            ),
            ("memory_wasm_mb", "wasm memory with 10,000 rows", "MB"),
            ("memory_total_mb", "JS heap + wasm memory", "MB"),
            (
                "heavy_seconds",
                "loading 10,000 rows with 50 kB error messages",
                "s",
            ),
            (
                "heavy_long_tasks",
                "long tasks (over 50 ms) while loading them",
                "",
            ),
            (
                "heavy_longest_task_ms",
                "the longest task while loading them",
                "ms",
            ),
            (
                "heavy_memory_js_heap_mb",
                "JS heap with them loaded (after GC)",
                "MB",
            ),
            ("heavy_memory_wasm_mb", "wasm memory with them loaded", "MB"),
            (
                "heavy_memory_total_mb",
                "JS heap + wasm memory with them loaded",
                "MB",
            ),
        ];
        for (key, label, unit) in rows {
            if let Some(s) = self.spread(key) {
                let f = |v: f64| number(v, unit);
                let _ = writeln!(
                    out,
                    "| {label} | {} | {} to {} | {} to {} | {} |",
                    f(s.median),
                    f(s.p25),
                    f(s.p75),
                    f(s.min),
                    f(s.max),
                    s.runs
                );
            }
        }
        let _ = writeln!(
            out,
            "\n### Simulator list latency (200,000 jobs, in-process, 400 requests per row)\n"
        );
        let _ = write!(out, "{}", self.latency);
        out
    }

    /// The README's opening figures.
    fn headline(&self) -> String {
        let app_total = total(&self.app);
        let mut out = String::new();
        let _ = write!(
            out,
            "**First load {} gzip** ({} brotli; target 200 KB",
            kb(app_total.gzip),
            kb(app_total.brotli)
        );
        if app_total.gzip > FIRST_LOAD_GZIP_MAX {
            out.push_str(": missed, see [BENCHMARKS.md](BENCHMARKS.md)");
        }
        out.push(')');
        if let (Some(app), Some(ratio)) = (
            self.spread("first_rows_app_ms"),
            self.spread("first_rows_ratio"),
        ) {
            let _ = write!(
                out,
                " · **first rows in {:.0} ms, {:.2}× a vanilla-JS page** fetching the same page",
                app.median, ratio.median
            );
        }
        if let (Some(rows), Some(memory)) = (
            self.spread("scroll_max_row_elements"),
            self.spread("memory_total_mb"),
        ) {
            let _ = write!(
                out,
                " · 10,000 rows scrolled with at most {:.0} row elements and {:.0} MB",
                rows.max, memory.max
            );
        }
        let _ = write!(
            out,
            " (medians of {} runs, {}; `cargo xtask bench`).",
            self.runs, self.machine.date
        );
        out
    }
}

fn number(value: f64, unit: &str) -> String {
    match unit {
        "×" => format!("{value:.2}×"),
        "" => format!("{value:.0}"),
        "s" | "MB" => format!("{value:.1} {unit}"),
        _ => format!("{value:.0} {unit}"),
    }
}

fn asset_table(out: &mut String, assets: &[Asset]) {
    let _ = writeln!(
        out,
        "| asset | raw | gzip -9 | brotli 11 |\n|---|---|---|---|"
    );
    for a in assets {
        let _ = writeln!(
            out,
            "| `{}` | {} B | {} B | {} B |",
            a.name, a.raw, a.gzip, a.brotli
        );
    }
    let t = total(assets);
    let _ = writeln!(
        out,
        "| **total** | {} | **{}** | {} |",
        kb(t.raw),
        kb(t.gzip),
        kb(t.brotli)
    );
}

/// Start and end markers of a generated block.
type Markers = (&'static str, &'static str);
const BENCH_MARKERS: Markers = (
    "<!-- bench:start: written by `cargo xtask bench`; edit outside the markers -->",
    "<!-- bench:end -->",
);
const HEADLINE_MARKERS: Markers = (
    "<!-- headline:start: written by `cargo xtask bench` -->",
    "<!-- headline:end -->",
);

/// `text` with what lies between the markers replaced by `content`.
pub fn replaced(text: &str, (start, end): Markers, content: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(format!(
        "{}\n{}\n{}",
        &text[..from],
        content.trim_end(),
        &text[to..]
    ))
}

fn replace_between(path: &Path, markers: Markers, content: &str) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let new = replaced(&text, markers, content)
        .with_context(|| format!("{} lacks the markers {}", path.display(), markers.0))?;
    std::fs::write(path, new).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_interpolates_between_ranks_and_skips_nan() {
        let s = Spread::of(&[4.0, 1.0, f64::NAN, 3.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.runs), (2.5, 1.0, 4.0, 4));
        assert_eq!((s.p25, s.p75), (1.75, 3.25));
        let odd = Spread::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!(odd.median, 3.0);
        assert_eq!(Spread::of(&[]), None);
    }

    #[test]
    fn compressed_sizes_shrink_repetitive_text() {
        let text = "jobscope ".repeat(1_000);
        let asset = Asset::of("a.txt".into(), text.as_bytes());
        assert_eq!(asset.raw, 9_000);
        assert!(asset.gzip > 0 && asset.gzip < 200, "{asset:?}");
        assert!(asset.brotli > 0 && asset.brotli <= asset.gzip, "{asset:?}");
    }

    #[test]
    fn a_builds_compressed_copies_are_what_is_measured() {
        let dir = std::env::temp_dir().join(format!("jobscope-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "jobscope ".repeat(1_000);
        std::fs::write(dir.join("app.js"), &text).unwrap();
        std::fs::write(dir.join("app.js.gz"), [0u8; 123]).unwrap();
        std::fs::write(dir.join("app.js.br"), [0u8; 45]).unwrap();
        std::fs::write(dir.join("index.html"), &text).unwrap();
        let found = assets(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            found.len(),
            2,
            "copies are not assets of their own: {found:?}"
        );
        assert_eq!(
            (found[0].name.as_str(), found[0].gzip, found[0].brotli),
            ("app.js", 123, 45)
        );
        assert_eq!(found[1], Asset::of("index.html".into(), text.as_bytes()));
    }

    #[test]
    fn only_the_block_between_the_markers_changes() {
        let markers = ("<!-- a -->", "<!-- b -->");
        let text = "head\n<!-- a -->\nold\n<!-- b -->\ntail\n";
        let new = replaced(text, markers, "new\n").unwrap();
        assert_eq!(new, "head\n<!-- a -->\nnew\n<!-- b -->\ntail\n");
        assert_eq!(replaced(&new, markers, "new").unwrap(), new);
        assert_eq!(replaced("no markers", markers, "x"), None);
    }

    #[test]
    fn the_latency_table_keeps_only_table_lines() {
        let output = "generated 200000 jobs in 0.8 s\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(latency_table(output), "| a | b |\n|---|---|\n| 1 | 2 |\n");
    }

    #[test]
    fn the_documents_carry_the_markers() {
        for (file, markers) in [
            ("BENCHMARKS.md", BENCH_MARKERS),
            ("README.md", HEADLINE_MARKERS),
        ] {
            let text = workspace::read(file).unwrap();
            assert!(replaced(&text, markers, "x").is_some(), "{file}");
        }
    }
}
