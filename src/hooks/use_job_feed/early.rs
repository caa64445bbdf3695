//! The feed's first page, sent from the hook's body rather than from its Effect, which runs
//! only once the list's view is built and mounted: the view is built while the request is
//! out, and the Effect's first `send` takes it over (see [`crate::feed::early`]).

use std::future::Future;
use std::task::{Context, Waker};

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use super::Driver;
use crate::api::ApiError;
use crate::api::backend::{Backend, Listed, Row};
use crate::feed::Request;
use crate::feed::early::{Ask, Claim, Delivery, EarlySlot};
use crate::filters::Filters;

/// The early first page: stopped with its AbortController, answered with a page or an error.
pub(super) type EarlyPage = EarlySlot<AbortController, Result<Listed<Row>, ApiError>>;

/// `performance.mark` name, when the first page is asked for: with `jobscope:first-rows`, how
/// long the first page took, for benchmarks and real-user monitoring.
pub const FIRST_PAGE_MARK: &str = "jobscope:first-page-request";

impl Driver {
    /// Sends the first page for the client and filters known now. Its answer waits in the
    /// slot until the feed claims it ([`Driver::take_early`]), or goes straight to the page
    /// of the generation that claimed it.
    pub(super) fn ask_early(self) {
        let client = self.client.get_untracked();
        let filters = self.filters.get_untracked();
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let ask = Ask::first_page(&client, &filters);
        let started = self
            .early
            .try_update_value(|slot| slot.start(ask, controller.clone()))
            .unwrap_or(false);
        if !started {
            return;
        }
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(FIRST_PAGE_MARK);
        }
        spawn_now(async move {
            let result = client.list(&filters, None, &controller).await;
            // `try_`: the feed may be gone; then the answer is dropped with it.
            if let Some(Delivery::To(generation, result)) =
                self.early.try_update_value(|slot| slot.answer(result))
            {
                self.land(
                    Request {
                        generation,
                        token: None,
                    },
                    result,
                );
            }
        });
    }

    /// The feed is about to send `request`, a first page for `client` and `filters`: takes
    /// the early request when it is exactly this one (true: nothing more to send). One for
    /// anything else is stopped and its answer dropped (false: send as usual).
    pub(super) fn take_early(self, request: &Request, client: &Backend, filters: &Filters) -> bool {
        let ask = Ask::first_page(client, filters);
        match self
            .early
            .try_update_value(|slot| slot.claim(&ask, request.generation))
        {
            Some(Claim::InFlight(controller)) => {
                self.abort();
                // Superseded or unmounted, it is aborted like any request of the feed.
                self.in_flight.set_value(Some(controller));
                true
            }
            Some(Claim::Answered(result)) => {
                self.abort();
                self.land(request.clone(), result);
                true
            }
            Some(Claim::Stale(controller)) => {
                if let Some(controller) = controller {
                    controller.abort();
                }
                false
            }
            Some(Claim::Nothing) | None => false,
        }
    }

    /// The hook is going away: an early request nobody claimed is stopped.
    pub(super) fn drop_early(self) {
        if let Some(controller) = self.early.try_update_value(EarlySlot::close).flatten() {
            controller.abort();
        }
    }
}

/// Runs `task` up to its first wait now, then hands it to the executor. A spawned task only
/// starts when the executor next runs, which is after the view is built: its `fetch` would
/// leave no sooner than the Effect's. The executor's first poll replaces the no-op waker.
fn spawn_now(task: impl Future<Output = ()> + 'static) {
    let mut task = Box::pin(task);
    if task
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_pending()
    {
        spawn_local(task);
    }
}
