//! `use_job_feed`: drives a [`Feed`] of jobs from the network: one request at a time, each
//! with an AbortController (aborted when superseded or on unmount), backoff timers, and a
//! reset whenever the client or the filters change. With a refresh interval it also keeps
//! the list live: each tick checks the head (no more rows than it needs, see
//! [`crate::feed::head`]) and re-reads the pages under the visible active rows. The first page
//! is asked for from the hook's body, before the view is built ([`early`]).

mod early;

use std::ops::Range;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::ApiError;
use crate::api::backend::{Backend, Listed, PAGE_SIZE, Row};
use crate::api::scripe::Deprecation;
use crate::components::unreadable_rows::UnreadableRows;
use crate::feed::live::TickEnd;
use crate::feed::{
    AfterError, Feed, FeedCache, FeedState, NewRows, RECENT_FEEDS, RefreshInterval, Request,
    ShowNew, Ticker,
};
use crate::filters::Filters;
use crate::hooks::use_now::now_ms;
use crate::hooks::use_visible_interval::use_visible_interval;
use crate::hooks::{abort_in, begin_tick};
use early::EarlyPage;
pub use early::FIRST_PAGE_MARK;

/// Shown rows that left the filters' set are read one by one, at most this many per tick.
const MAX_SINGLE_READS: usize = 5;

/// Options of [`use_job_feed_with_options`].
#[derive(Clone, Copy)]
pub struct UseJobFeedOptions {
    /// How often to refresh; off by default (a plain feed).
    interval: Signal<RefreshInterval>,
    /// The rows on screen: their active rows are re-read by each tick.
    visible: Signal<Range<usize>>,
}

impl Default for UseJobFeedOptions {
    fn default() -> Self {
        Self {
            interval: Signal::stored(RefreshInterval::Off),
            visible: Signal::stored(0..0),
        }
    }
}

impl UseJobFeedOptions {
    pub fn interval(self, interval: impl Into<Signal<RefreshInterval>>) -> Self {
        Self {
            interval: interval.into(),
            ..self
        }
    }

    pub fn visible(self, visible: impl Into<Signal<Range<usize>>>) -> Self {
        Self {
            visible: visible.into(),
            ..self
        }
    }
}

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
    /// Rows of the loaded pages that could not be read (no usable id) and are not shown.
    pub unreadable: Signal<usize>,
    /// New rows found at the head by live refreshes, not shown yet.
    pub new_rows: Signal<NewRows>,
    /// Shows them (or starts over when there were too many to hold).
    pub show_new: Callback<()>,
    /// Puts a fresher copy of a shown row in its place (a polled job, a cancel).
    pub replace_row: Callback<Row>,
    /// Why live refreshes are spaced out (rate limiting, or the failure), when they are.
    pub slowed: Signal<Option<String>>,
}

#[derive(Clone, Copy)]
struct Driver {
    feed: RwSignal<Feed<Row>>,
    in_flight: StoredValue<Option<AbortController>, LocalStorage>,
    client: Signal<Backend>,
    filters: Signal<Filters>,
    deprecation: RwSignal<Option<Deprecation>>,
    unreadable: RwSignal<UnreadableRows>,
    /// The live refresh's own request, apart from the walk's.
    ticking: StoredValue<Option<AbortController>, LocalStorage>,
    ticker: RwSignal<Ticker>,
    /// The failure that ended the last tick (not a 429), for the toolbar to name.
    tick_error: RwSignal<Option<ApiError>>,
    /// The first page, asked for before the view was built, until the feed takes it.
    early: StoredValue<EarlyPage, LocalStorage>,
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
        abort_in(self.in_flight);
        abort_in(self.ticking);
    }

    /// One live refresh: the head, then the pages of the visible active rows, one request at
    /// a time; skipped while the previous tick is still out or after a 429 until it is due.
    fn tick(self, visible: Range<usize>, interval_ms: u32) {
        // An API that contradicted itself is asked nothing more until the user retries.
        let contradicted = self.feed.with_untracked(|feed| {
            feed.state() == FeedState::Error
                && matches!(feed.error(), Some(ApiError::Contradiction(_)))
        });
        if contradicted {
            return;
        }
        let Some(controller) = begin_tick(self.ticker, self.ticking, interval_ms) else {
            return;
        };
        let (plan, head, generation) = self.feed.with_untracked(|feed| {
            (
                feed.refresh_plan(visible.clone()),
                feed.head_check(visible, PAGE_SIZE),
                feed.generation(),
            )
        });
        let client = self.client.get_untracked();
        let filters = self.filters.get_untracked();
        spawn_local(async move {
            let mut outcome = TickEnd::Done;
            let mut failure = None;
            let mut gone = Vec::new();
            for token in plan {
                let read = match &token {
                    // The head: as few rows as the check needs, a full page only when they
                    // do not reach far enough.
                    None => match client
                        .list_some(&filters, None, head.limit, &controller)
                        .await
                    {
                        Ok(first) => match head.follow_up(&first.page) {
                            Some(limit) => {
                                client.list_some(&filters, None, limit, &controller).await
                            }
                            None => Ok(first),
                        },
                        Err(error) => Err(error),
                    },
                    Some(token) => client.list(&filters, Some(token), &controller).await,
                };
                match read {
                    Ok(listed) => {
                        gone.extend(
                            self.feed
                                .try_update(|feed| {
                                    feed.on_refresh(generation, token.as_deref(), listed.page)
                                })
                                .unwrap_or_default(),
                        );
                        // Nearly out of quota: pause until the window resets, before a 429.
                        if let Some(quota) = listed.quota.filter(|q| q.pause_ms().is_some()) {
                            outcome = TickEnd::RateLimited(Some(quota.reset_secs));
                            break;
                        }
                    }
                    Err(error) => {
                        outcome = if error.is_rate_limited() {
                            TickEnd::RateLimited(error.retry_after_secs())
                        } else if error == ApiError::Aborted {
                            TickEnd::Done
                        } else {
                            failure = Some(error);
                            TickEnd::Failed
                        };
                        break;
                    }
                }
            }
            // Rows that left the filters' set (a job finished under "Running"): read them one
            // by one so they show their new state instead of a stale one.
            if let (TickEnd::Done, Backend::Scripe(scripe)) = (outcome, &client) {
                for id in gone.into_iter().take(MAX_SINGLE_READS) {
                    match scripe.job(&id, &controller).await {
                        Ok(job) => {
                            // The list's copy: long texts cut, as in pages.
                            let mut row = Row::Scripe(job);
                            row.shorten();
                            self.feed.try_update(|feed| feed.replace(row));
                        }
                        Err(error) if error.is_rate_limited() => {
                            outcome = TickEnd::RateLimited(error.retry_after_secs());
                            break;
                        }
                        Err(ApiError::Aborted) => break,
                        // One job that cannot be read (deleted, an unaddressable id) must not
                        // keep the ones after it from being read on every tick.
                        Err(_) => {}
                    }
                }
            }
            self.tick_error.try_set(failure);
            self.ticker
                .try_update(|ticker| ticker.end(now_ms(), interval_ms, outcome));
        });
    }

    fn send(self, request: Request) {
        let client = self.client.get_untracked();
        let filters = self.filters.get_untracked();
        // The first page may be out already, asked for before the view was built.
        if request.token.is_none() && self.take_early(&request, &client, &filters) {
            return;
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        self.abort();
        self.in_flight.set_value(Some(controller.clone()));
        spawn_local(async move {
            let result = client
                .list(&filters, request.token.as_deref(), &controller)
                .await;
            self.land(request, result);
        });
    }

    /// The answer to `request` (sent by [`Driver::send`], or early).
    fn land(self, request: Request, result: Result<Listed<Row>, ApiError>) {
        let generation = request.generation;
        match result {
            Ok(Listed {
                page,
                deprecation,
                contradiction,
                dropped,
                ..
            }) => {
                // `try_update`: the view may be gone by the time the page arrives.
                if self
                    .feed
                    .try_update(|feed| feed.on_page_with(generation, page, contradiction))
                    .unwrap_or(false)
                {
                    self.unreadable.maybe_update(|tally| {
                        tally.record(generation, request.token.clone(), dropped)
                    });
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
    }
}

/// A feed of jobs for `filters` from `client`; starts loading at once. The feeds of the last
/// few filters are kept, so going back to them shows their rows at once (then refreshes the
/// head) instead of an empty list.
pub fn use_job_feed(client: Signal<Backend>, filters: Signal<Filters>) -> UseJobFeedReturn {
    use_job_feed_with_options(client, filters, UseJobFeedOptions::default())
}

/// [`use_job_feed`], live: refreshed every `options.interval` while the tab is visible.
pub fn use_job_feed_with_options(
    client: Signal<Backend>,
    filters: Signal<Filters>,
    options: UseJobFeedOptions,
) -> UseJobFeedReturn {
    let driver = Driver {
        feed: RwSignal::new(Feed::new()),
        in_flight: StoredValue::new_local(None),
        client,
        filters,
        deprecation: RwSignal::new(None),
        unreadable: RwSignal::new(UnreadableRows::default()),
        ticking: StoredValue::new_local(None),
        ticker: RwSignal::new(Ticker::default()),
        tick_error: RwSignal::new(None),
        early: StoredValue::new_local(EarlyPage::new()),
    };
    // Now, not in the Effect below: that runs only once the view is built and mounted.
    driver.ask_early();
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
    on_cleanup(move || {
        driver.abort();
        driver.drop_early();
    });

    // The refresh runs only while the tab is visible and refreshing is on; coming back to the
    // tab refreshes at once.
    use_visible_interval(
        move || options.interval.get().ms(),
        move |ms| driver.tick(options.visible.get_untracked(), ms),
        true,
    );

    let feed = driver.feed.read_only();
    UseJobFeedReturn {
        feed,
        state: Signal::derive(move || feed.with(Feed::state)),
        len: Signal::derive(move || feed.with(Feed::len)),
        load_more: Callback::new(move |()| driver.load_more()),
        retry: Callback::new(move |()| driver.retry()),
        deprecation: driver.deprecation.into(),
        unreadable: {
            let (feed, unreadable) = (driver.feed, driver.unreadable);
            // Only the current walk's pages count.
            Signal::derive(move || {
                let generation = feed.with(Feed::generation);
                unreadable.with(|tally| tally.total_for(generation))
            })
        },
        new_rows: Signal::derive(move || feed.with(Feed::new_rows)),
        show_new: Callback::new(move |()| {
            if driver.feed.try_update(Feed::show_new) == Some(ShowNew::Reload) {
                driver.abort();
                driver.load_more();
            }
        }),
        replace_row: Callback::new(move |mut row: Row| {
            // The drawer's poll and the cancel answer bring whole jobs: keep the list's copy.
            row.shorten();
            driver.feed.update(|feed| {
                feed.replace(row);
            });
        }),
        slowed: Signal::derive(move || {
            let (slowed, rate_limited) = driver
                .ticker
                .with(|ticker| (ticker.is_slowed(), ticker.is_rate_limited()));
            if !slowed {
                return None;
            }
            // A 500 or a revoked key is no rate limit: name what failed.
            Some(match (rate_limited, driver.tick_error.get()) {
                (false, Some(error)) => format!("Live updates slowed down: {error}"),
                (false, None) => "Live updates slowed down: the last refresh failed".to_owned(),
                (true, _) => "Slowed down: the API is rate limiting".to_owned(),
            })
        }),
    }
}
