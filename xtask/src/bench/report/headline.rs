//! The README's opening figures.

use std::fmt::Write as _;

use super::{
    DRAWER_OPEN_MS_MAX, FIRST_LOAD, FIRST_LOAD_GZIP_MAX, FIRST_ROWS_RATIO_MAX, Report, kb,
};

impl Report<'_> {
    /// The README's opening figures.
    pub fn headline(&self) -> String {
        let first_load = self.fetches(FIRST_LOAD).total();
        let mut out = String::new();
        let _ = write!(
            out,
            "**First load {} gzip** ({} brotli; target 150 KB",
            kb(first_load.gzip),
            kb(first_load.brotli)
        );
        if first_load.gzip > FIRST_LOAD_GZIP_MAX {
            out.push_str(": missed, see [BENCHMARKS.md](BENCHMARKS.md)");
        }
        let _ = write!(out, "; all code {} gzip)", kb(self.code().gzip));
        if let (Some(app), Some(ratio)) = (
            self.spread("first_rows_app_100ms_ms"),
            self.spread("first_rows_ratio_100ms"),
        ) {
            let _ = write!(
                out,
                " · **first rows in {:.0} ms, {:.2}× a vanilla-JS page** fetching the same page \
                 from an API 100 ms away (target 1.3×",
                app.median, ratio.median
            );
            if ratio.median > FIRST_ROWS_RATIO_MAX {
                out.push_str(": missed");
            }
            if let Some(local) = self.spread("first_rows_ratio") {
                let _ = write!(out, "; {:.2}× at 0 ms", local.median);
            }
            out.push(')');
        }
        if let Some(drawer) = self.spread("drawer_open_prefetched_ms") {
            let _ = write!(
                out,
                " · **a job's details {:.0} ms after the click** (target 100 ms",
                drawer.median
            );
            if drawer.median > DRAWER_OPEN_MS_MAX {
                out.push_str(": missed");
            }
            out.push(')');
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
