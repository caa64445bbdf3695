//! `use_insights`: reads every job of a window into a [`Tally`], page by page (Scripe: 200 a
//! page, Booper: 100), one request at a time and paced by the API's quota ([`read_pages`]).
//! The figures show as the pages arrive. The walk ends at the window's start, at the cap, at
//! Stop, or when the page goes away; its result is kept for the session, so coming back to the
//! same filters and window shows it at once, with its age, until Refresh.

use std::cell::RefCell;
use std::collections::VecDeque;

use jobscope_wire::booper::MAX_LIMIT as BOOPER_LIMIT;
use jobscope_wire::scripe::MAX_LIMIT as SCRIPE_LIMIT;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::backend::{Backend, Row};
use crate::feed::Feed;
use crate::filters::Filters;
use crate::filters::dates::instant;
use crate::hooks::abort_in;
use crate::hooks::page_walk::{PageWalk, Stopped, read_pages};
use crate::hooks::use_now::now_ms;
use crate::insights::{Added, Fields, InsightsState, Sample, Span, Tally, Window};

/// Results kept for the session, the most recent last.
const KEPT_RESULTS: usize = 8;

/// A walk's result and what it was a result of.
#[derive(Debug, Clone)]
pub struct InsightsResult {
    pub tally: Tally,
    pub state: InsightsState,
    /// What the API was asked for (the window's range resolved when the walk started).
    pub asked: Filters,
    /// When the walk started (UTC ms): the end of an open window, and the result's age.
    pub read_at_ms: i64,
    /// Why the walk ended early, when it did.
    pub error: Option<String>,
}

impl InsightsResult {
    /// The span the figures are drawn over.
    pub fn span(&self) -> Span {
        Window::span(&self.asked, self.read_at_ms, self.tally.oldest_ms)
    }

    /// What the figures' links open: the filters asked, closed at the time of the read (a
    /// window up to now would take in jobs created since).
    pub fn linked(&self) -> Filters {
        let mut filters = self.asked.clone();
        if filters.date_to.is_none() {
            filters.date_to = Some(instant(self.read_at_ms));
        }
        filters
    }
}

thread_local! {
    /// Results by the query they answer (the client with its key and version, the filters, the
    /// window, the cap), for the session (this page's life).
    static KEPT: RefCell<VecDeque<(InsightsQuery, InsightsResult)>> = const { RefCell::new(VecDeque::new()) };
}

#[derive(Clone, Copy)]
pub struct UseInsightsReturn {
    /// The figures so far (or the kept ones); `None` before the configuration is known.
    pub result: Signal<Option<InsightsResult>>,
    /// The walk is paused: the quota ran low or a request is being retried.
    pub waiting: Signal<bool>,
    /// The result was kept from earlier in the session, not read just now.
    pub kept: Signal<bool>,
    pub stop: Callback<()>,
    /// Reads the window again, from now.
    pub refresh: Callback<()>,
}

/// What a walk reads: an API, filters and a window.
#[derive(Debug, Clone, PartialEq)]
pub struct InsightsQuery {
    pub client: Backend,
    pub filters: Filters,
    pub window: Window,
    pub cap: usize,
}

/// Reads `query`'s window whenever it changes (or shows its kept result).
pub fn use_insights(query: Signal<InsightsQuery>) -> UseInsightsReturn {
    let result = RwSignal::new(None::<InsightsResult>);
    let waiting = RwSignal::new(false);
    let kept = RwSignal::new(false);
    let in_flight = StoredValue::new_local(None::<AbortController>);
    // The key of the walk under way, to keep what it read under it when it stops.
    let walking = StoredValue::new_local(None::<InsightsQuery>);

    // Ends the walk under way, keeping what it read for the session.
    let halt = move |state: InsightsState| {
        abort_in(in_flight);
        waiting.try_set(false);
        if let Some(key) = walking.try_update_value(Option::take).flatten() {
            settle(result, key, state, None);
        }
    };
    on_cleanup(move || halt(InsightsState::Stopped));

    let start = move |query: InsightsQuery| {
        halt(InsightsState::Stopped);
        let Ok(controller) = AbortController::new() else {
            return;
        };
        in_flight.set_value(Some(controller.clone()));
        walking.set_value(Some(query.clone()));
        kept.set(false);
        let read_at_ms = now_ms();
        let asked = query.window.filters(&query.filters, read_at_ms);
        let (from, to) = Window::bounds(&asked, read_at_ms);
        // A window up to now takes what the API lists, even if its clock is ahead of ours.
        let to = asked.date_to.is_some().then_some(to);
        let (fields, limit) = match query.client {
            Backend::Scripe(_) => (Fields::ALL, SCRIPE_LIMIT),
            Backend::Booper(_) => (Fields::STATES_ONLY, BOOPER_LIMIT),
        };
        result.set(Some(InsightsResult {
            tally: Tally::new(fields, query.cap),
            state: InsightsState::Loading,
            asked: asked.clone(),
            read_at_ms,
            error: None,
        }));
        let how = PageWalk {
            limit,
            whole: false,
        };
        spawn_local(async move {
            let mut full = false;
            let signal = controller.signal();
            let count = |rows: &mut Vec<Row>| {
                // Stopped, or a newer walk has begun: this page is not the figures' any more.
                if signal.aborted() {
                    rows.clear();
                    return true;
                }
                let mut past = false;
                result.try_update(|result| {
                    let Some(result) = result.as_mut() else {
                        return;
                    };
                    for row in rows.iter() {
                        let sample = Sample::of(row);
                        match sample.created_ms {
                            // Newest first: once below the window's start, the rest is too
                            // (an API that cannot filter by date, Booper, is read until then).
                            Some(at) if from.is_some_and(|from| at < from) => past = true,
                            Some(at) if to.is_some_and(|to| at > to) => {}
                            _ => {
                                // A job beyond the cap: the window has more than is counted.
                                if result.tally.add(&sample) == Added::Full {
                                    full = true;
                                    break;
                                }
                            }
                        }
                    }
                });
                // The feed only orders and ends the walk: the last row is all it needs.
                let last = rows.pop();
                rows.clear();
                rows.extend(last);
                full || past
            };
            let read = read_pages(
                &query.client,
                &asked,
                how,
                Feed::default(),
                &controller,
                count,
                |_: &Feed<Row>, paused| {
                    waiting.try_set(paused);
                },
            )
            .await;
            let (state, error) = match read {
                // Stopped, or the page went away: `halt` said so.
                None => return,
                Some(Ok(_)) if full => (InsightsState::Capped, None),
                Some(Ok(_)) => (InsightsState::Done, None),
                Some(Err(Stopped { failure, .. })) => {
                    (InsightsState::Error, Some(failure.to_string()))
                }
            };
            in_flight.try_set_value(None);
            walking.try_set_value(None);
            waiting.try_set(false);
            settle(result, query, state, error);
        });
    };

    Effect::new(move |_| {
        let query = query.get();
        match kept_result(&query) {
            Some(saved) => {
                halt(InsightsState::Stopped);
                result.set(Some(saved));
                kept.set(true);
            }
            None => start(query),
        }
    });

    UseInsightsReturn {
        result: result.into(),
        waiting: waiting.into(),
        kept: kept.into(),
        stop: Callback::new(move |()| halt(InsightsState::Stopped)),
        refresh: Callback::new(move |()| {
            if let Some(query) = query.try_get_untracked() {
                forget(&query);
                start(query);
            }
        }),
    }
}

/// Ends the walk of `query` that `result` shows, if it is still loading, as `state` (with why,
/// for an error), and keeps what it read for the session.
fn settle(
    result: RwSignal<Option<InsightsResult>>,
    query: InsightsQuery,
    state: InsightsState,
    error: Option<String>,
) {
    let settled = result.try_update(|result| {
        if let Some(result) = result
            .as_mut()
            .filter(|r| r.state == InsightsState::Loading)
        {
            result.state = state;
            result.error = error;
            result.tally.forget_ids();
        }
        result.clone()
    });
    if let Some(Some(settled)) = settled {
        keep(query, settled);
    }
}

fn kept_result(query: &InsightsQuery) -> Option<InsightsResult> {
    KEPT.with(|kept| {
        kept.borrow()
            .iter()
            .find(|(k, _)| k == query)
            .map(|(_, result)| result.clone())
    })
}

/// Keeps `result` for `query`; a failed read is not kept (coming back reads again).
fn keep(query: InsightsQuery, result: InsightsResult) {
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        kept.retain(|(k, _)| *k != query);
        if result.state == InsightsState::Error {
            return;
        }
        if kept.len() >= KEPT_RESULTS {
            kept.pop_front();
        }
        kept.push_back((query, result));
    });
}

fn forget(query: &InsightsQuery) {
    KEPT.with(|kept| kept.borrow_mut().retain(|(k, _)| k != query));
}
