//! `use_visible_interval`: a timer that runs only while the document is visible, so nothing
//! polls a tab nobody looks at.

use std::time::Duration;

use leptos::prelude::*;

use crate::hooks::clear_in;
use crate::hooks::use_document_visibility::use_document_visibility;

/// Calls `tick(ms)` every `every()` ms while the document is visible (`None`: not at all);
/// restarts when `every` or the visibility changes. With `at_return`, coming back to the tab
/// also ticks at once.
pub fn use_visible_interval(
    every: impl Fn() -> Option<u32> + 'static,
    tick: impl Fn(u32) + Clone + 'static,
    at_return: bool,
) {
    let hidden = use_document_visibility();
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    Effect::new(move |was_hidden: Option<bool>| {
        let is_hidden = hidden.get();
        clear_in(timer);
        let Some(ms) = every() else {
            return is_hidden;
        };
        if is_hidden {
            return true;
        }
        if at_return && was_hidden == Some(true) {
            tick(ms);
        }
        let tick = tick.clone();
        if let Ok(handle) =
            set_interval_with_handle(move || tick(ms), Duration::from_millis(u64::from(ms)))
        {
            timer.set_value(Some(handle));
        }
        false
    });
    on_cleanup(move || clear_in(timer));
}
