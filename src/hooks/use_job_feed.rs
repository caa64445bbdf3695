//! `use_job_feed`: drives a [`Feed`] of Scripe jobs from the network: one request at a time,
//! each with an AbortController (aborted when superseded or on unmount), backoff timers, and a
//! reset whenever the client or the filters change.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::backend::{Backend, Listed, Row};
use crate::api::scripe::Deprecation;
use crate::feed::{AfterError, Feed, FeedCache, FeedState, RECENT_FEEDS, Request};
use crate::filters::Filters;

/// What the list view needs from the feed.
#[derive(Clone, Copy)]
pub struct UseJobFeedReturn {
    /// The feed itself; read rows with `feed.with(|f| f.rows()[range].to_vec())`.
    pub feed: ReadSignal<Feed<Row>>,
    pub state: Signal<FeedState>,
    pub len: Signal<usize>,
    /// Ask for the next page (ignored while one is in flight or at the end).
    pub load_more: Callback<()>,
    /// Resume after an error stopped the feed.
    pub retry: Callback<()>,
    /// The API's latest `Scripe-Deprecation` notice for the version in use, if any.
    pub deprecation: Signal<Option<Deprecation>>,
}

#[derive(Clone, Copy)]
struct Driver {
    feed: RwSignal<Feed<Row>>,
    in_flight: StoredValue<Option<AbortController>, LocalStorage>,
    client: Signal<Backend>,
    filters: Signal<Filters>,
    deprecation: RwSignal<Option<Deprecation>>,
}

impl Driver {
    fn load_more(self) {
        if let Some(request) = self.feed.try_update(Feed::next_request).flatten() {
            self.send(request);
        }
    }

    fn retry(self) {
        if let Some(request) = self.feed.try_update(Feed::retry).flatten() {
            self.send(request);
        }
    }

    fn abort(self) {
        self.in_flight.update_value(|slot| {
            if let Some(controller) = slot.take() {
                controller.abort();
            }
        });
    }

    fn send(self, request: Request) {
        let Ok(controller) = AbortController::new() else {
            return;
        };
        self.abort();
        self.in_flight.set_value(Some(controller.clone()));
        let client = self.client.get_untracked();
        let filters = self.filters.get_untracked();
        spawn_local(async move {
            let result = client
                .list(&filters, request.token.as_deref(), &controller)
                .await;
            let generation = request.generation;
            match result {
                Ok(Listed { page, deprecation }) => {
                    // `try_update`: the view may be gone by the time the page arrives.
                    if self
                        .feed
                        .try_update(|feed| feed.on_page(generation, page))
                        .unwrap_or(false)
                    {
                        self.deprecation.maybe_update(|notice| {
                            let changed = *notice != deprecation;
                            *notice = deprecation;
                            changed
                        });
                    }
                }
                Err(error) => {
                    let jitter = js_sys::Math::random();
                    let after = self
                        .feed
                        .try_update(|feed| feed.on_error(generation, error, jitter));
                    match after {
                        Some(AfterError::FetchNow) => self.load_more(),
                        Some(AfterError::RetryIn(ms)) => set_timeout(
                            move || {
                                if let Some(request) =
                                    self.feed.try_update(|f| f.retry_due(generation)).flatten()
                                {
                                    self.send(request);
                                }
                            },
                            Duration::from_millis(u64::from(ms)),
                        ),
                        _ => {}
                    }
                }
            }
        });
    }
}

/// A feed of jobs for `filters` from `client`; starts loading at once. The feeds of the last
/// few filters are kept, so going back to them shows their rows at once (then refreshes the
/// head) instead of an empty list.
pub fn use_job_feed(client: Signal<Backend>, filters: Signal<Filters>) -> UseJobFeedReturn {
    let driver = Driver {
        feed: RwSignal::new(Feed::new()),
        in_flight: StoredValue::new_local(None),
        client,
        filters,
        deprecation: RwSignal::new(None),
    };
    let recent = StoredValue::new(FeedCache::<Filters, Row>::new(RECENT_FEEDS));
    // New client or filters: the old request aborted, a new generation, and either the cached
    // rows of these filters with a head refresh, or the first page.
    Effect::new(move |previous: Option<(Backend, Filters)>| {
        let current = (client.get(), filters.get());
        driver.abort();
        let refresh = driver.feed.try_update(|feed| {
            recent.try_update_value(|recent| {
                match &previous {
                    // Another backend or key: nothing cached belongs to it.
                    Some((old_client, _)) if *old_client != current.0 => recent.clear(),
                    Some((_, old_filters)) => {
                        if let Some(snapshot) = feed.snapshot() {
                            recent.put(old_filters.clone(), snapshot);
                        }
                    }
                    None => {}
                }
                match recent.take(&current.1) {
                    Some(cached) => Some(feed.restore(cached)),
                    None => {
                        feed.reset();
                        None
                    }
                }
            })
        });
        match refresh.flatten().flatten() {
            Some(request) => driver.send(request),
            None => driver.load_more(),
        }
        current
    });
    on_cleanup(move || driver.abort());

    let feed = driver.feed.read_only();
    UseJobFeedReturn {
        feed,
        state: Signal::derive(move || feed.with(Feed::state)),
        len: Signal::derive(move || feed.with(Feed::len)),
        load_more: Callback::new(move |()| driver.load_more()),
        retry: Callback::new(move |()| driver.retry()),
        deprecation: driver.deprecation.into(),
    }
}
