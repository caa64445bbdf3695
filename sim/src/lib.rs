//! `jobscope-sim`: a simulator of the job APIs the dashboard reads, which also serves the
//! built dashboard the way a CDN would, so the demo and every test run on one origin.

pub mod api;
pub mod cli;
pub mod clock;
pub mod data;
pub mod dist;
pub mod error;
pub mod health;
pub mod state;

use std::io;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};

pub use cli::Args;

/// The whole HTTP surface for the given options.
pub fn router(args: &Args) -> Router {
    let state = state::AppState::new(args.clone());
    let api = Router::new()
        .merge(health::routes())
        .merge(api::routes(state))
        .merge(error::unknown_api_routes());
    let app = match &args.dist {
        Some(dir) => api.merge(dist::routes(dir, &args.base_path)),
        None => api.fallback(error::no_dist),
    };
    // Compress on the fly like a CDN edge; level 6 keeps brotli fast enough per request.
    app.layer(CompressionLayer::new().quality(CompressionLevel::Precise(6)))
}

/// Binds, prints the address actually bound (port 0 picks a free one), and serves until
/// Ctrl-C or SIGTERM.
pub async fn run(args: Args) -> io::Result<()> {
    if let Some(dir) = &args.dist {
        dist::check(dir)?;
    }
    let listener = TcpListener::bind(args.addr).await?;
    let addr = listener.local_addr()?;
    // Tests and `cargo xtask demo` read this exact line to learn the URL.
    println!("jobscope-sim listening on http://{addr}");
    if args.dist.is_some() {
        // `cargo xtask demo` prints this one as the address to open.
        println!(
            "jobscope-sim serving the dashboard at http://{addr}{}",
            args.base_path.as_str()
        );
    }
    axum::serve(listener, router(&args))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, only SIGTERM stops the server.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
