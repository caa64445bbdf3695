//! `use_document_visibility`: whether the tab is hidden, so timers can stop while nobody looks.

use leptos::prelude::*;

/// True while the document is hidden (another tab, a minimised window).
pub fn use_document_visibility() -> Signal<bool> {
    let hidden = RwSignal::new(is_hidden());
    // `visibilitychange` is fired at the document and bubbles to the window.
    let handle = window_event_listener_untyped("visibilitychange", move |_| {
        hidden.set(is_hidden());
    });
    on_cleanup(move || handle.remove());
    hidden.into()
}

fn is_hidden() -> bool {
    document().hidden()
}
