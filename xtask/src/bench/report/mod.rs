//! The generated section of `BENCHMARKS.md` and the README's headline, from the sizes of
//! `dist/`, the browser bench's samples and fetches, and the simulator's latency table.

use std::fmt::Write as _;

use serde_json::Value;

mod headline;
mod rows;

use rows::BROWSER_ROWS;

use crate::bench::assets::{Asset, Fetches, total};
use crate::bench::machine::Machine;
use crate::bench::spread::Spread;
use crate::bench::tables::{asset_table, fetches_line, first_load_table, number};

// The issues' targets: issue 16 (first load, first rows at 100 ms API latency, first drawer
// open) and issue 9 (rows in the DOM, long tasks, memory).
/// First load: the files fetched before the first rows, gzip, in bytes (issue 16).
pub const FIRST_LOAD_GZIP_MAX: u64 = 150 * 1024;
/// Time to first rows over the vanilla page's, at 100 ms API latency (issue 16).
pub const FIRST_ROWS_RATIO_MAX: f64 = 1.3;
/// The first drawer open after load, from the click to its content, in ms (issue 16).
pub const DRAWER_OPEN_MS_MAX: f64 = 100.0;
/// Row elements in the DOM while scrolling 10,000 rows (issue 9).
pub const ROW_ELEMENTS_MAX: f64 = 150.0;
/// JS heap plus wasm memory with 10,000 rows, in MB (issue 9).
pub const MEMORY_MB_MAX: f64 = 40.0;

// The stretches of time whose fetches the browser bench records (keys of its `fetched`
// object, each a list of runs, each run a list of URLs).
/// From navigation to the first rows, each dashboard session.
pub const FIRST_LOAD: &str = "first_load";
/// From the first rows to the first drawer click, the app's idle prefetch on.
pub const DRAWER_PREFETCHED_BEFORE: &str = "drawer_prefetched_before";
/// From that click to the drawer's content.
pub const DRAWER_PREFETCHED_AFTER: &str = "drawer_prefetched_after";
/// From the first rows to the first drawer click, nothing prefetched (Save-Data).
pub const DRAWER_COLD_BEFORE: &str = "drawer_cold_before";
/// From that click to the drawer's content.
pub const DRAWER_COLD_AFTER: &str = "drawer_cold_after";

/// Everything one `cargo xtask bench` measured.
pub struct Report<'a> {
    pub machine: Machine,
    pub runs: usize,
    /// Every file of `dist/`.
    pub app: Vec<Asset>,
    pub baseline: Vec<Asset>,
    /// The browser bench's `samples`: arrays of numbers by measure.
    pub samples: &'a Value,
    /// The browser bench's `fetched`: by stretch of time, for each run the URLs fetched.
    pub fetched: &'a Value,
    /// The simulator bench's markdown table.
    pub latency: String,
}

/// `bytes` in KB (1,024 bytes), one decimal: `12.3 KB`.
pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn verdict(holds: bool) -> &'static str {
    if holds { "holds" } else { "**missed**" }
}

impl Report<'_> {
    pub(super) fn spread(&self, name: &str) -> Option<Spread> {
        let values: Vec<f64> = self.samples[name]
            .as_array()
            .map(|all| all.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        Spread::of(&values)
    }

    /// What the runs fetched in the stretch `key`, mapped to `dist/`'s files.
    pub fn fetches(&self, key: &str) -> Fetches {
        let runs: Vec<Vec<String>> = self.fetched[key]
            .as_array()
            .map(|runs| {
                runs.iter()
                    .map(|urls| {
                        urls.as_array()
                            .map(|urls| {
                                urls.iter()
                                    .filter_map(|url| url.as_str().map(str::to_owned))
                                    .collect()
                            })
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default();
        Fetches::of(&runs, &self.app)
    }

    /// Every wasm module and script of `dist/` (the main module, the chunks, glue, loader).
    pub(super) fn code(&self) -> Asset {
        total("all code", self.app.iter().filter(|a| a.is_code()))
    }

    /// The generated section of `BENCHMARKS.md`.
    pub fn markdown(&self) -> String {
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
        self.targets(&mut out);

        let first_load = self.fetches(FIRST_LOAD);
        let _ = writeln!(out, "\n### First load\n");
        let _ = writeln!(
            out,
            "The files the browser fetched before the first rows: the page and the Resource \
             Timing entries that started before `jobscope:first-rows`, in each of the {} \
             dashboard sessions (API latency 0 and 100 ms), sized by the build's `.gz` and \
             `.br` copies.\n",
            first_load.runs
        );
        first_load_table(&mut out, &first_load);
        fetches_line(
            &mut out,
            "API calls before the first rows (not counted)",
            &first_load.api,
            first_load.runs,
        );
        fetches_line(
            &mut out,
            "Other fetches, not files of `dist/` (not counted)",
            &first_load.other,
            first_load.runs,
        );

        let _ = writeln!(out, "\n### Every file of `dist/`\n");
        asset_table(&mut out, &self.app);
        let code = self.code();
        let _ = writeln!(
            out,
            "\nAll code, the main module and every chunk (each `.wasm` and `.js`, {} files): \
             {} raw, **{} gzip**, {} brotli.",
            self.app.iter().filter(|a| a.is_code()).count(),
            kb(code.raw),
            kb(code.gzip),
            kb(code.brotli)
        );
        if let Some(insights) = self
            .app
            .iter()
            .find(|a| a.name.starts_with("split_insights-") && a.name.ends_with(".wasm"))
        {
            let _ = writeln!(
                out,
                "\nThe Insights page's chunk (`{}`, fetched when its page opens or last in the \
                 idle prefetch): {} raw, **{} gzip**, {} brotli.",
                insights.name,
                kb(insights.raw),
                kb(insights.gzip),
                kb(insights.brotli)
            );
        }
        let base = total("baseline", &self.baseline);
        let _ = writeln!(
            out,
            "\nThe vanilla baseline (`bench/baseline/`): {} raw, {} gzip, {} brotli.\n",
            kb(base.raw),
            kb(base.gzip),
            kb(base.brotli)
        );

        self.drawer_fetches(&mut out);

        let _ = writeln!(out, "### In the browser\n");
        let _ = writeln!(
            out,
            "| measure | median | p25 to p75 | range | runs |\n|---|---|---|---|---|"
        );
        for (key, label, unit) in BROWSER_ROWS {
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

    fn targets(&self, out: &mut String) {
        let _ = writeln!(out, "### Targets\n");
        let _ = writeln!(out, "| target | measured | verdict |\n|---|---|---|");
        let first_load = self.fetches(FIRST_LOAD).total();
        let _ = writeln!(
            out,
            "| first load (the files fetched before the first rows) at most 150 KB gzip | {} gzip, {} brotli (all code, every chunk: {} gzip) | {} |",
            kb(first_load.gzip),
            kb(first_load.brotli),
            kb(self.code().gzip),
            verdict(first_load.gzip <= FIRST_LOAD_GZIP_MAX)
        );
        if let Some(r) = self.spread("first_rows_ratio_100ms") {
            let _ = writeln!(
                out,
                "| time to first rows at most 1.3× the baseline's at 100 ms API latency | {:.2}× (median of the runs' ratios; {:.2}× to {:.2}×) | {} |",
                r.median,
                r.min,
                r.max,
                verdict(r.median <= FIRST_ROWS_RATIO_MAX)
            );
        }
        if let Some(d) = self.spread("drawer_open_prefetched_ms") {
            let _ = writeln!(
                out,
                "| the first drawer open at most 100 ms after the click | {:.0} ms (median; {:.0} to {:.0} ms) | {} |",
                d.median,
                d.min,
                d.max,
                verdict(d.median <= DRAWER_OPEN_MS_MAX)
            );
        }
        if let Some(r) = self.spread("scroll_max_row_elements") {
            let _ = writeln!(
                out,
                "| at most 150 row elements while scrolling 10,000 rows | {:.0} at most (any run) | {} |",
                r.max,
                verdict(r.max <= ROW_ELEMENTS_MAX)
            );
        }
        if let (Some(r), Some(longest)) = (
            self.spread("scroll_long_tasks"),
            self.spread("scroll_longest_task_ms"),
        ) {
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
        if let Some(r) = self.spread("memory_total_mb") {
            let _ = writeln!(
                out,
                "| at most 40 MB memory (JS heap + wasm) with 10,000 rows | {:.1} MB at most (median {:.1} MB) | {} |",
                r.max,
                r.median,
                verdict(r.max <= MEMORY_MB_MAX)
            );
        }
    }

    /// Which files the drawer's two cases fetched: what the idle prefetch took before the
    /// click, and what a click at the first rows had to fetch.
    fn drawer_fetches(&self, out: &mut String) {
        let _ = writeln!(out, "### The drawer's fetches\n");
        for (key, what) in [
            (
                DRAWER_PREFETCHED_BEFORE,
                "First open: fetched between the first rows and the click",
            ),
            (
                DRAWER_PREFETCHED_AFTER,
                "First open: fetched after the click, until the content showed",
            ),
            (
                DRAWER_COLD_BEFORE,
                "Cold open: fetched between the first rows and the click",
            ),
            (
                DRAWER_COLD_AFTER,
                "Cold open: fetched after the click, until the content showed",
            ),
        ] {
            let fetches = self.fetches(key);
            let files = fetches
                .files
                .iter()
                .map(|(asset, runs)| (format!("`{}` ({} gzip)", asset.name, kb(asset.gzip)), *runs))
                .chain(
                    fetches
                        .api
                        .iter()
                        .map(|(path, runs)| (format!("`{path}`"), *runs)),
                )
                .chain(
                    fetches
                        .other
                        .iter()
                        .map(|(path, runs)| (format!("`{path}`"), *runs)),
                )
                .collect::<Vec<_>>();
            let listed = if files.is_empty() {
                "nothing".to_owned()
            } else {
                files
                    .iter()
                    .map(|(file, runs)| format!("{file} in {runs} of {} runs", fetches.runs))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(out, "- {what}: {listed}.");
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests;
