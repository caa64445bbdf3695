//! jobscope: a Leptos (CSR) dashboard for asynchronous job APIs.
//!
//! The crate is a library so that the browser tests in `tests/` can mount the same [`App`]
//! that `main.rs` mounts into the page.

pub mod api;
pub mod app;
pub mod base;
pub mod chunks;
pub mod components;
pub mod export;
pub mod feed;
pub mod filters;
pub mod format;
pub mod hooks;
pub mod insights;
pub mod routes;
pub mod settings;

pub use app::App;

/// The version shown in the footer (the workspace version, one number for all crates).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Bytes of the app's wasm memory, for benchmarks and users' own monitoring; trunk exposes it
/// as `window.wasmBindings.wasm_memory_bytes()`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|memory| {
            memory
                .buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |buffer| f64::from(buffer.byte_length()))
        })
        .unwrap_or(0.0)
}
