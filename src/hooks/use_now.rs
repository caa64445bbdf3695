//! `use_now`: the current time, refreshed every few seconds, for relative times.

use std::time::Duration;

use leptos::prelude::*;

/// Milliseconds since the epoch, updated every `every` (and never on the server).
pub fn use_now(every: Duration) -> Signal<i64> {
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), every) {
        on_cleanup(move || handle.clear());
    }
    now.into()
}

/// The browser's clock; 0 outside a browser (native tests).
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}
