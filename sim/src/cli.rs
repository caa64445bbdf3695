//! Command-line flags.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use clap::Parser;

/// Simulator of the Scripe and Booper job APIs; with `--dist`, also serves the dashboard.
#[derive(Debug, Clone, Parser)]
#[command(name = "jobscope-sim", version, about)]
pub struct Args {
    /// Address to listen on. Port 0 picks a free port; the address bound is printed.
    #[arg(long, visible_alias = "listen", default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,

    /// Serve this directory (the dashboard's built `dist/`) as a CDN would: SPA fallback to
    /// index.html, compression, immutable caching of hashed assets, and a default
    /// `/config.json` when the directory has none.
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,

    /// Serve `--dist` under this path (e.g. `/tools/jobs/`), as a CDN sub-path would; the APIs
    /// stay at `/v1`, `/api`, `/healthz` and `/_sim`.
    #[arg(long, value_name = "PATH", default_value = "/")]
    pub base_path: BasePath,

    /// Seed of the generated data: the same seed gives the same jobs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// How many Scripe jobs to generate (Booper gets one for every 20, 50 to 2,000).
    #[arg(long, default_value_t = 5_000)]
    pub jobs: usize,

    /// Simulated start time (RFC 3339); default: now.
    #[arg(long, value_name = "RFC3339")]
    pub start_time: Option<DateTime<Utc>>,

    /// Stop the clock: no new jobs, no progress, until the control API advances it.
    #[arg(long)]
    pub frozen: bool,

    /// How fast simulated time runs, relative to real time.
    #[arg(long, default_value_t = 1.0, value_parser = positive_f64)]
    pub speed: f64,

    /// Make every failed Scripe job's `errorMessage` N bytes long, without spaces (to measure
    /// a list of heavy rows); the jobs are otherwise the same as without it.
    #[arg(long, value_name = "N")]
    pub error_bytes: Option<usize>,

    /// New jobs per simulated second while live.
    #[arg(long, default_value_t = 0.2, value_parser = non_negative_f64)]
    pub arrival_rate: f64,

    /// Delay every API response by MS, or by a random MIN..MAX milliseconds.
    #[arg(long, value_name = "MS|MIN..MAX")]
    pub latency: Option<Latency>,

    /// Fraction (0..=1) of API requests that fail: 500, 502, 503, a stall, malformed JSON, a
    /// truncated body, or 429.
    #[arg(long, default_value_t = 0.0, value_parser = probability)]
    pub fault_rate: f64,

    /// How long a `slow` fault stalls before answering (past any sane client timeout).
    #[arg(long, default_value_t = 30_000, value_name = "MS")]
    pub slow_ms: u64,

    /// Enable the control API under `/_sim/` (faults, inserts, clock, reset) for tests.
    #[arg(long)]
    pub control: bool,

    /// Require `Authorization: Bearer KEY` (missing: 401, another key: 403).
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,

    /// Allow N API requests per sliding 60 s window; more get 429 with `Retry-After`.
    #[arg(long, value_name = "N")]
    pub rate_limit: Option<u32>,
}

/// Where the dashboard is served: `/`, or a path such as `/tools/jobs/`; always starts and
/// ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasePath(String);

impl BasePath {
    /// The path, with its leading and trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0 == "/"
    }
}

impl Default for BasePath {
    fn default() -> Self {
        Self("/".to_owned())
    }
}

impl FromStr for BasePath {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text == "/" {
            return Ok(Self::default());
        }
        let Some(inner) = text.strip_prefix('/') else {
            return Err(format!("`{text}` must start with `/`"));
        };
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        for segment in inner.split('/') {
            // Plain path segments only: the prefix goes into a `<base href>` and a redirect.
            let plain = segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b));
            if segment.is_empty() || segment == "." || segment == ".." || !plain {
                return Err(format!(
                    "`{text}`: use plain path segments, like `/tools/jobs/`"
                ));
            }
        }
        let first = inner.split('/').next().unwrap_or_default();
        if ["v1", "api", "healthz", "_sim"].contains(&first) {
            return Err(format!("`{text}` would hide the API at `/{first}`"));
        }
        Ok(Self(format!("/{inner}/")))
    }
}

/// A fixed or random response delay, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latency {
    pub min: u64,
    pub max: u64,
}

impl FromStr for Latency {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let number = |part: &str| {
            part.trim()
                .parse::<u64>()
                .map_err(|_| format!("`{part}` is not a number of milliseconds"))
        };
        let (min, max) = match text.split_once("..") {
            Some((min, max)) => (number(min)?, number(max)?),
            None => (number(text)?, number(text)?),
        };
        if min > max {
            return Err(format!("{min}..{max}: the minimum exceeds the maximum"));
        }
        Ok(Self { min, max })
    }
}

fn positive_f64(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
        _ => Err(format!("`{text}` is not a positive number")),
    }
}

fn non_negative_f64(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(value),
        _ => Err(format!("`{text}` is not a number ≥ 0")),
    }
}

fn probability(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a probability between 0 and 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_listen_on_loopback_8787_without_dist() {
        let args = Args::try_parse_from(["jobscope-sim"]).unwrap();
        assert_eq!(args.addr, "127.0.0.1:8787".parse().unwrap());
        assert!(args.dist.is_none());
        assert_eq!(args.jobs, 5_000);
        assert!(!args.frozen && !args.control);
        assert_eq!(args.fault_rate, 0.0);
    }

    #[test]
    fn flags_set_addr_and_dist() {
        let args =
            Args::try_parse_from(["jobscope-sim", "--listen", "0.0.0.0:0", "--dist", "dist"])
                .unwrap();
        assert_eq!(args.addr, "0.0.0.0:0".parse().unwrap());
        assert_eq!(args.dist, Some(PathBuf::from("dist")));
    }

    #[test]
    fn bad_values_are_rejected() {
        for argv in [
            &["jobscope-sim", "--addr", "localhost"][..],
            &["jobscope-sim", "--fault-rate", "1.5"],
            &["jobscope-sim", "--speed", "0"],
            &["jobscope-sim", "--latency", "50..10"],
            &["jobscope-sim", "--latency", "fast"],
            &["jobscope-sim", "--start-time", "yesterday"],
        ] {
            assert!(Args::try_parse_from(argv).is_err(), "{argv:?}");
        }
    }

    #[test]
    fn base_path_defaults_to_the_root_and_gains_its_slashes() {
        let args = Args::try_parse_from(["jobscope-sim"]).unwrap();
        assert!(args.base_path.is_root());
        for (given, expected) in [
            ("/", "/"),
            ("/tools/jobs/", "/tools/jobs/"),
            ("/tools/jobs", "/tools/jobs/"),
            ("/a", "/a/"),
        ] {
            let args = Args::try_parse_from(["jobscope-sim", "--base-path", given]).unwrap();
            assert_eq!(args.base_path.as_str(), expected, "{given}");
        }
    }

    #[test]
    fn base_path_refuses_odd_paths_and_the_api_prefixes() {
        for bad in [
            "tools/jobs/",
            "//",
            "/tools//jobs/",
            "/tools/../jobs/",
            "/tools/jobs?x",
            "/tools/\"jobs\"/",
            "/v1/",
            "/api",
            "/_sim/app/",
        ] {
            assert!(bad.parse::<BasePath>().is_err(), "{bad}");
        }
    }

    #[test]
    fn latency_is_fixed_or_a_range() {
        assert_eq!("50".parse(), Ok(Latency { min: 50, max: 50 }));
        assert_eq!("20..200".parse(), Ok(Latency { min: 20, max: 200 }));
    }
}
