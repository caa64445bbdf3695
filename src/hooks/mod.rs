//! Hooks: one per file, leptos-use style (`use_x`, returning a `UseXReturn`).

pub mod export_run;
pub(crate) mod page_walk;
pub mod use_backend_kind;
pub mod use_cancel_job;
pub mod use_client;
pub mod use_config;
pub mod use_document_visibility;
pub mod use_element_height;
pub mod use_export;
pub mod use_filters;
pub mod use_insights;
pub mod use_job_detail;
pub mod use_job_feed;
pub mod use_modal;
pub mod use_now;
pub mod use_open_job;
pub mod use_remembered;
pub mod use_settings;
pub mod use_time_zone;
pub mod use_visible_interval;

use leptos::prelude::*;
use web_sys::AbortController;

use crate::feed::Ticker;
use crate::feed::live::TickEnd;
use crate::hooks::use_now::now_ms;

/// Starts a tick of `ticker` (refused while the last one is out or a pause runs) with a fresh
/// request kept in `slot`; `None` when no tick may start now.
pub(crate) fn begin_tick(
    ticker: RwSignal<Ticker>,
    slot: StoredValue<Option<AbortController>, LocalStorage>,
    interval_ms: u32,
) -> Option<AbortController> {
    if !ticker
        .try_update(|ticker| ticker.begin(now_ms()))
        .unwrap_or(false)
    {
        return None;
    }
    let Ok(controller) = AbortController::new() else {
        ticker.update(|t| t.end(now_ms(), interval_ms, TickEnd::Failed));
        return None;
    };
    slot.set_value(Some(controller.clone()));
    Some(controller)
}

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
