//! The feed: pages of rows from any backend, as a plain state machine with no browser or
//! HTTP in it. It guarantees what the list promises: rows in order without duplicates, at
//! most one request in flight, retries for transient failures, a fresh start after a
//! `bad_cursor`, no late page from earlier filters ever landing, and an error (never an early
//! end or an endless walk) when the API contradicts itself (see [`walk`]).

pub mod backoff;
pub mod cache;
pub mod early;
pub mod head;
pub mod live;
mod rows;
pub mod walk;

use std::collections::HashSet;

pub use cache::{FeedCache, MAX_CACHED_ROWS, RECENT_FEEDS};
pub use head::HeadCheck;
pub use live::{NewRows, RefreshInterval, ShowNew, Ticker};
pub use rows::{FeedRow, OrderKey};

use crate::api::ApiError;
use crate::api::error::Contradiction;
use walk::{Verdict, Walk};

/// One page from a backend: rows in list order, and the token for the next page (`None` at
/// the end). Cursor backends pass their cursor; offset backends their next offset.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<R> {
    pub rows: Vec<R>,
    pub next: Option<String>,
}

/// What the list shows, also as the `data-feed-state` hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedState {
    Loading,
    Idle,
    End,
    Error,
}

impl FeedState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loading => "loading",
            Self::Idle => "idle",
            Self::End => "end",
            Self::Error => "error",
        }
    }
}

/// A page to fetch now: the caller sends it and reports back with its `generation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub generation: u64,
    /// `None` for the first page.
    pub token: Option<String>,
}

/// What to do after a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterError {
    /// Stale or aborted: nothing.
    Ignore,
    /// Fetch again at once (a `bad_cursor` restart from the first page).
    FetchNow,
    /// Call [`Feed::retry_due`] after this many milliseconds.
    RetryIn(u32),
    /// Stopped; the error is shown until [`Feed::retry`].
    Stopped,
}

/// `bad_cursor` restarts allowed per walk before the feed gives up and says so.
pub const MAX_RESTARTS: u32 = 5;

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Idle,
    InFlight,
    Waiting,
    End,
    Failed,
}

#[derive(Debug, Clone)]
pub struct Feed<R> {
    rows: Vec<R>,
    seen: HashSet<String>,
    next: Option<String>,
    phase: Phase,
    generation: u64,
    attempts: u32,
    restarts: u32,
    error: Option<ApiError>,
    /// A head refresh of restored rows is in flight; holds the phase to resume when it
    /// lands or fails (Idle or End), so the restored rows never wait on it.
    refresh: Option<Phase>,
    /// Where each loaded page started, so live refreshes can re-read the page of a row.
    marks: Vec<live::Mark>,
    /// Rows newer than the first one, found by live refreshes, shown only on request.
    pending: Vec<R>,
    /// More new rows than one page holds: showing them means reading the head again.
    pending_more: bool,
    /// The tokens this walk followed and how far it reached, to catch contradictions.
    walk: Walk,
}

impl<R: FeedRow> Default for Feed<R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<R: FeedRow> Feed<R> {
    pub fn new() -> Self {
        Self {
            rows: Vec::new(),
            seen: HashSet::new(),
            next: None,
            phase: Phase::Idle,
            generation: 0,
            attempts: 0,
            restarts: 0,
            error: None,
            refresh: None,
            marks: Vec::new(),
            pending: Vec::new(),
            pending_more: false,
            walk: Walk::default(),
        }
    }

    /// The loaded rows, in list order.
    pub fn rows(&self) -> &[R] {
        &self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn state(&self) -> FeedState {
        match self.phase {
            Phase::Idle => FeedState::Idle,
            Phase::InFlight | Phase::Waiting => FeedState::Loading,
            Phase::End => FeedState::End,
            Phase::Failed => FeedState::Error,
        }
    }

    /// The error that stopped the feed, or the one being retried.
    pub fn error(&self) -> Option<&ApiError> {
        self.error.as_ref()
    }

    /// Failed attempts in a row so far (shown as "retrying").
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Restored rows are shown while their first page is fetched again.
    pub fn is_refreshing(&self) -> bool {
        self.refresh.is_some()
    }

    /// The next page, if one is due: nothing in flight or waiting, not at the end, not
    /// stopped by an error.
    pub fn next_request(&mut self) -> Option<Request> {
        if self.phase != Phase::Idle {
            return None;
        }
        self.phase = Phase::InFlight;
        Some(Request {
            generation: self.generation,
            token: self.next.clone(),
        })
    }

    /// A page arrived. Rows already shown are refreshed in place, new ones take their place
    /// in list order. Returns false for a late page of an earlier generation.
    pub fn on_page(&mut self, generation: u64, page: Page<R>) -> bool {
        self.on_page_with(generation, page, None)
    }

    /// [`Feed::on_page`], with what the client found contradictory in the answer itself
    /// (`has_more` without a cursor). A page that contradicts the API's own word, in itself or
    /// against the walk so far (a token already followed, pages that bring nothing new), still
    /// lands its rows, then stops the feed with [`ApiError::Contradiction`]: nothing more is
    /// asked until [`Feed::retry`], which asks for the same page again (and stops again if the
    /// answer is the same).
    pub fn on_page_with(
        &mut self,
        generation: u64,
        page: Page<R>,
        claim: Option<Contradiction>,
    ) -> bool {
        if generation != self.generation || self.phase != Phase::InFlight {
            return false;
        }
        self.attempts = 0;
        self.error = None;
        if let Some(resume) = self.refresh.take() {
            match claim {
                // The fresh head contradicts itself: keep the restored rows as they are, and
                // let a retry start a new walk from the first page.
                Some(why) => {
                    self.walk = Walk::default();
                    self.next = None;
                    self.stop(why);
                }
                None => self.merge_head(page, resume),
            }
            return true;
        }
        let token = self.next.clone();
        let verdict = self.walk.judge(token.as_deref(), &page, claim);
        if let Verdict::Go { progress } = verdict {
            self.walk.accept(token.clone(), page.rows.last(), progress);
        }
        self.mark(token, &page.rows);
        for row in page.rows {
            self.upsert(row);
        }
        match verdict {
            // `next` stays the token of this page: a retry reads it again.
            Verdict::Stop(why) => self.stop(why),
            Verdict::Go { .. } => {
                self.next = page.next;
                self.phase = if self.next.is_some() {
                    Phase::Idle
                } else {
                    Phase::End
                };
            }
        }
        true
    }

    fn stop(&mut self, why: Contradiction) {
        self.error = Some(ApiError::Contradiction(why));
        self.phase = Phase::Failed;
    }

    /// A request failed. `jitter` (0..=1, random) spreads retries.
    pub fn on_error(&mut self, generation: u64, error: ApiError, jitter: f64) -> AfterError {
        if generation != self.generation || self.phase != Phase::InFlight {
            return AfterError::Ignore;
        }
        if let Some(resume) = self.refresh.take() {
            // The restored rows were right a moment ago: keep them and where they stopped
            // rather than blank the list or stop it; the live refresh retries later.
            self.phase = resume;
            return AfterError::Ignore;
        }
        if error == ApiError::Aborted {
            self.phase = Phase::Idle;
            return AfterError::Ignore;
        }
        if error.is_bad_cursor() && self.restarts < MAX_RESTARTS {
            // Documented recovery: start over without a cursor; rows shown stay, and the
            // restarted pages are de-duplicated against them (a new walk: its pages are
            // expected to bring rows already shown until it passes them).
            self.restarts += 1;
            self.walk = Walk::default();
            self.next = None;
            self.phase = Phase::Idle;
            return AfterError::FetchNow;
        }
        if error.is_transient() && self.attempts < backoff::MAX_ATTEMPTS {
            self.attempts += 1;
            let wait = backoff::delay_ms(self.attempts, jitter, error.retry_after_secs());
            self.error = Some(error);
            self.phase = Phase::Waiting;
            return AfterError::RetryIn(wait);
        }
        self.error = Some(error);
        self.phase = Phase::Failed;
        AfterError::Stopped
    }

    /// The backoff wait of `generation` is over: the same page again.
    pub fn retry_due(&mut self, generation: u64) -> Option<Request> {
        if generation != self.generation || self.phase != Phase::Waiting {
            return None;
        }
        self.phase = Phase::Idle;
        self.next_request()
    }

    /// The user asked to try again: resume where the feed stopped.
    pub fn retry(&mut self) -> Option<Request> {
        if self.phase != Phase::Failed {
            return None;
        }
        self.attempts = 0;
        self.restarts = 0;
        self.error = None;
        self.phase = Phase::Idle;
        self.next_request()
    }

    /// New filters: forget everything; anything still in flight belongs to the old
    /// generation and will be ignored. Returns the new generation.
    pub fn reset(&mut self) -> u64 {
        let generation = self.generation + 1;
        *self = Self::new();
        self.generation = generation;
        generation
    }

    /// A copy fit to cache, or `None` with no rows to show. Whatever was under way is
    /// settled (to where a refresh would resume, else `Idle`; `End` stays), so a restored
    /// copy asks again for the page it was missing rather than waiting on a dead request.
    pub fn snapshot(&self) -> Option<Self>
    where
        R: Clone,
    {
        if self.rows.is_empty() {
            return None;
        }
        let mut copy = self.clone();
        copy.settle();
        Some(copy)
    }

    /// Back to earlier filters: show `cached`'s rows at once under a new generation (so
    /// anything in flight is ignored, as after [`Feed::reset`]) and fetch the first page
    /// again to refresh them. Returns that request; nothing else is asked until it ends.
    pub fn restore(&mut self, cached: Self) -> Request {
        let generation = self.generation + 1;
        *self = cached;
        self.settle();
        self.generation = generation;
        self.refresh = Some(std::mem::replace(&mut self.phase, Phase::InFlight));
        Request {
            generation,
            token: None,
        }
    }

    fn settle(&mut self) {
        self.phase = match (self.refresh.take(), &self.phase) {
            (Some(resume), _) => resume,
            (None, Phase::End) => Phase::End,
            (None, _) => Phase::Idle,
        };
        self.attempts = 0;
        self.restarts = 0;
        self.error = None;
    }

    /// The fresh first page over restored rows. Down to the page's last key the page is the
    /// truth (cached rows it lacks left the filtered set); below it the cached rows and
    /// their token stay, since the page says nothing about them.
    fn merge_head(&mut self, page: Page<R>, resume: Phase) {
        let floor = page.rows.last().map(|row| {
            let (millis, id) = row.order_key();
            (millis, id.to_owned())
        });
        let (Some((millis, id)), Some(_)) = (floor, page.next.as_ref()) else {
            // The whole list in one page, or an empty page: it replaces the rows.
            self.walk = Walk::from_row(page.rows.last());
            self.rows.clear();
            self.seen.clear();
            self.marks.clear();
            self.mark(None, &page.rows);
            for row in page.rows {
                self.upsert(row);
            }
            self.phase = if page.next.is_some() {
                Phase::Idle
            } else {
                Phase::End
            };
            self.next = page.next;
            return;
        };
        let floor = (millis, id.as_str());
        self.marks.retain(|mark| mark.token.is_some());
        self.mark(None, &page.rows);
        let fresh: HashSet<&str> = page.rows.iter().map(FeedRow::id).collect();
        self.rows
            .retain(|row| row.order_key() < floor || fresh.contains(row.id()));
        let kept_below = self.rows.iter().any(|row| row.order_key() < floor);
        self.seen = self.rows.iter().map(|row| row.id().to_owned()).collect();
        if kept_below {
            self.phase = resume;
        } else {
            // The walk goes on from the fresh head's token: a new walk, down from its page.
            self.walk = Walk::from_row(page.rows.last());
            self.next = page.next;
            self.phase = Phase::Idle;
        }
        for row in page.rows {
            self.upsert(row);
        }
    }

    fn upsert(&mut self, row: R) {
        let key = row.order_key();
        let position = self
            .rows
            .partition_point(|existing| existing.order_key() > key);
        if self.seen.contains(row.id()) {
            // Refresh in place when the row is where its key says; a row whose key changed
            // (it should not) keeps its first place rather than appearing twice.
            if let Some(existing) = self.rows.get_mut(position)
                && existing.id() == row.id()
            {
                *existing = row;
            }
            return;
        }
        self.seen.insert(row.id().to_owned());
        self.rows.insert(position, row);
    }
}

#[cfg(test)]
mod tests;
