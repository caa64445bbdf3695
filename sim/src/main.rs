use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let args = jobscope_sim::Args::parse();
    match jobscope_sim::run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("jobscope-sim: {err}");
            ExitCode::FAILURE
        }
    }
}
