//! Where the figures were taken.

use std::path::Path;

use crate::cmd;

/// The machine, browser and compiler of a run, for the report's opening line.
pub struct Machine {
    pub date: String,
    pub cpu: String,
    pub cores: usize,
    pub memory: String,
    pub chromium: String,
    pub rustc: String,
}

impl Machine {
    /// Reads `/proc` and asks `chromium` and `rustc` their versions; unknowns stay blank.
    pub fn probe(chromium: &Path) -> Self {
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
