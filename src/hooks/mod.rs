//! Hooks: one per file, leptos-use style (`use_x`, returning a `UseXReturn`).

pub mod use_backend_kind;
pub mod use_cancel_job;
pub mod use_config;
pub mod use_document_visibility;
pub mod use_export;
pub mod use_filters;
pub mod use_job_detail;
pub mod use_job_feed;
pub mod use_modal;
pub mod use_now;
pub mod use_open_job;
pub mod use_remembered;
pub mod use_settings;
pub mod use_time_zone;

use leptos::prelude::*;
use web_sys::AbortController;

/// Aborts the request kept in `slot`, if any.
pub(crate) fn abort_in(slot: StoredValue<Option<AbortController>, LocalStorage>) {
    slot.update_value(|slot| {
        if let Some(controller) = slot.take() {
            controller.abort();
        }
    });
}

/// Stops the timer kept in `slot`, if any.
pub(crate) fn clear_in(slot: StoredValue<Option<IntervalHandle>, LocalStorage>) {
    slot.update_value(|slot| {
        if let Some(handle) = slot.take() {
            handle.clear();
        }
    });
}
