//! `cargo xtask`: the project's tasks. `demo` serves the dashboard against the simulator,
//! `test` runs every check and test suite, `bench` measures and writes BENCHMARKS.md. All
//! install whatever is missing first. `post-build` is trunk's post-build step (`Trunk.toml`).

mod asset_name;
mod bench;
mod browsers;
mod cmd;
mod csp;
mod demo;
mod e2e;
mod install;
mod parts_css;
mod precompress;
mod split;
mod summary;
mod test;
mod tools;
mod workspace;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "jobscope's project tasks", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the dashboard (release) and serve it with the simulator on one origin.
    Demo {
        /// Where the simulator listens.
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
        /// More flags for jobscope-sim (see `jobscope-sim --help`), after `--`.
        #[arg(last = true)]
        sim_args: Vec<String>,
    },
    /// Run fmt, clippy (native and wasm32), native tests, browser tests, the release build and
    /// the end-to-end tests; ends with `N passed, N failed`.
    Test,
    /// Measure the release dashboard against a vanilla-JS baseline, the simulator's latency
    /// and the first-load size; write the figures into BENCHMARKS.md and the README.
    Bench {
        /// Runs of each browser measure (median and spread are taken over them).
        #[arg(long, default_value_t = 15)]
        runs: usize,
    },
    /// trunk's post-build step: (release builds only) `split`, then the parts' stylesheet
    /// (`parts-<hash>.css`), then `csp`, then (release builds only) `precompress`.
    PostBuild,
    /// Write `.br` and `.gz` copies beside a release build's JS, wasm and CSS.
    Precompress {
        /// The built directory; default: trunk's TRUNK_STAGING_DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Put a built index.html under the Content-Security-Policy: move its inline scripts to
    /// hashed files and add the policy's <meta> (trunk runs this after each build; extra
    /// `connect-src` sources come from JOBSCOPE_CONNECT_SRC).
    Csp {
        /// The built directory; default: trunk's TRUNK_STAGING_DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => {
            // `cargo xtask` alone lists the commands.
            let _ = Cli::command().print_help();
            return ExitCode::SUCCESS;
        }
        Some(Command::Demo { addr, sim_args }) => demo::run(addr, &sim_args),
        Some(Command::Test) => test::run(),
        Some(Command::Bench { runs }) => bench::run(runs),
        Some(Command::PostBuild) => split::run(None)
            .and_then(|_| parts_css::run(None))
            .and_then(|_| csp::run(None))
            .and_then(|_| precompress::run(None)),
        Some(Command::Precompress { dir }) => precompress::run(dir),
        Some(Command::Csp { dir }) => csp::run(dir),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}
