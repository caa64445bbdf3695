//! jobscope: a Leptos (CSR) dashboard for asynchronous job APIs.
//!
//! The crate is a library so that the browser tests in `tests/` can mount the same [`App`]
//! that `main.rs` mounts into the page.

pub mod api;
pub mod app;
pub mod components;
pub mod feed;
pub mod filters;
pub mod format;
pub mod hooks;
pub mod routes;

pub use app::App;

/// The version shown in the footer (the workspace version, one number for all crates).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
