//! Live updates without re-walking the list: re-read only the pages under the visible active
//! rows, check the head for new rows (held back until asked for, so nothing moves under the
//! pointer; the head read is no larger than it needs, see [`super::head`]), and a ticker that
//! never overlaps ticks and slows down when rate limited.

use std::collections::HashSet;
use std::ops::Range;

use super::{Feed, FeedRow, Page, Phase};

/// How often the list refreshes itself, chosen by the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RefreshInterval {
    Off,
    S2,
    #[default]
    S5,
    S15,
    S60,
}

impl RefreshInterval {
    pub const ALL: [Self; 5] = [Self::Off, Self::S2, Self::S5, Self::S15, Self::S60];

    /// How the choice is stored and named in `<option>` values.
    pub fn key(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::S2 => "2s",
            Self::S5 => "5s",
            Self::S15 => "15s",
            Self::S60 => "60s",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|choice| choice.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Off => "Off",
            Self::S2 => "Every 2 s",
            Self::S5 => "Every 5 s",
            Self::S15 => "Every 15 s",
            Self::S60 => "Every 60 s",
        }
    }

    /// The choice nearest to `config.json`'s `refreshIntervalSecs` (0 is off).
    pub fn nearest(secs: u32) -> Self {
        if secs == 0 {
            return Self::Off;
        }
        let ms = secs.saturating_mul(1_000);
        Self::ALL[1..]
            .iter()
            .copied()
            .min_by_key(|choice| choice.ms().unwrap_or(0).abs_diff(ms))
            .unwrap_or_default()
    }

    /// `None` when off.
    pub fn ms(self) -> Option<u32> {
        match self {
            Self::Off => None,
            Self::S2 => Some(2_000),
            Self::S5 => Some(5_000),
            Self::S15 => Some(15_000),
            Self::S60 => Some(60_000),
        }
    }
}

/// The longest a slowed-down refresh waits between ticks, however many 429s in a row.
pub const MAX_SLOWDOWN_MS: u32 = 120_000;

/// How a tick ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickEnd {
    Done,
    /// 429, with the API's `Retry-After` in seconds.
    RateLimited(Option<u32>),
    /// Any other failure (the list's own error handling speaks for it).
    Failed,
}

/// Decides whether a refresh tick may run: never two at once, and after a 429 (or another
/// failure) not before the API's `Retry-After` and a doubling pause have passed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ticker {
    busy: bool,
    strikes: u32,
    resume_at_ms: i64,
    /// The last strike was a 429 or the quota running low, not another failure.
    rate_limited: bool,
}

impl Ticker {
    /// A tick is due at `now_ms`: true to run it (the caller must call [`Ticker::end`]).
    pub fn begin(&mut self, now_ms: i64) -> bool {
        if self.busy || now_ms < self.resume_at_ms {
            return false;
        }
        self.busy = true;
        true
    }

    /// The tick that began ended at `now_ms`; `interval_ms` is the chosen refresh interval.
    pub fn end(&mut self, now_ms: i64, interval_ms: u32, outcome: TickEnd) {
        self.busy = false;
        let retry_after_ms = match outcome {
            TickEnd::Done => {
                self.strikes = 0;
                self.resume_at_ms = 0;
                return;
            }
            TickEnd::RateLimited(secs) => secs.unwrap_or(0).saturating_mul(1_000),
            TickEnd::Failed => 0,
        };
        self.rate_limited = matches!(outcome, TickEnd::RateLimited(_));
        self.strikes = self.strikes.saturating_add(1);
        let doubled = interval_ms
            .saturating_mul(1 << self.strikes.min(6))
            .min(MAX_SLOWDOWN_MS);
        self.resume_at_ms = now_ms + i64::from(doubled.max(retry_after_ms));
    }

    /// Rate limited or failing: ticks are spaced out.
    pub fn is_slowed(&self) -> bool {
        self.strikes > 0
    }

    /// Spaced out because of rate limiting (rather than failures).
    pub fn is_rate_limited(&self) -> bool {
        self.is_slowed() && self.rate_limited
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }
}

/// Where a loaded page started: the token it was read with and its first row's order key.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mark {
    pub(super) token: Option<String>,
    pub(super) top: (i64, String),
}

/// New rows found at the head and not shown yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NewRows {
    pub count: usize,
    /// More than one page of them: there may be others between them and the shown rows.
    pub more: bool,
}

/// What showing the new rows did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShowNew {
    /// They are in the list now.
    Inserted(usize),
    /// Too many to know them all: the list starts over (the caller fetches the first page).
    Reload,
    Nothing,
}

/// At most this many pages are re-read per tick, the head included.
pub const MAX_PAGES_PER_TICK: usize = 3;

impl<R: FeedRow> Feed<R> {
    pub(super) fn mark(&mut self, token: Option<String>, rows: &[R]) {
        if let Some(first) = rows.first() {
            let (millis, id) = first.order_key();
            self.marks.push(Mark {
                token,
                top: (millis, id.to_owned()),
            });
        }
    }
}

impl<R: FeedRow + Clone> Feed<R> {
    /// The page tokens a refresh tick reads: the head (`None`) first, then the pages holding
    /// active rows within `visible`, without repeats.
    pub fn refresh_plan(&self, visible: Range<usize>) -> Vec<Option<String>> {
        let mut plan = vec![None];
        let end = visible.end.min(self.rows.len());
        let start = visible.start.min(end);
        for row in self.rows[start..end].iter().filter(|row| row.is_active()) {
            let token = self.page_of(row);
            if !plan.contains(&token) {
                plan.push(token);
            }
            if plan.len() == MAX_PAGES_PER_TICK {
                break;
            }
        }
        plan
    }

    /// The token of the page a row was read in: the page whose first row is the nearest at
    /// or above it.
    fn page_of(&self, row: &R) -> Option<String> {
        let key = row.order_key();
        self.marks
            .iter()
            .filter(|mark| (mark.top.0, mark.top.1.as_str()) >= key)
            .min_by(|a, b| (a.top.0, a.top.1.as_str()).cmp(&(b.top.0, b.top.1.as_str())))
            .and_then(|mark| mark.token.clone())
    }

    /// A page re-read by a refresh tick of `generation` with `token` (`None`: the head).
    /// Rows shown are updated in place; at the head, unseen rows within the loaded range are
    /// held as new rows. Returns the ids of shown active rows the page should have held but did not
    /// (they left the filters' set, e.g. finished): worth reading one by one.
    pub fn on_refresh(
        &mut self,
        generation: u64,
        token: Option<&str>,
        page: Page<R>,
    ) -> Vec<String> {
        if generation != self.generation || self.refresh.is_some() {
            return Vec::new();
        }
        let top = self
            .rows
            .first()
            .map(|row| (row.order_key().0, row.order_key().1.to_owned()));
        let head = token.is_none();
        let fresh: HashSet<String> = page.rows.iter().map(|row| row.id().to_owned()).collect();
        // The key range the page covers: from its first row (or the top, at the head) down to
        // its last row, or to the end when it is the last page.
        let upper = page
            .rows
            .first()
            .map(|row| (row.order_key().0, row.order_key().1.to_owned()));
        let lower = page
            .rows
            .last()
            .filter(|_| page.next.is_some())
            .map(|row| (row.order_key().0, row.order_key().1.to_owned()));
        let mut newer = Vec::new();
        let overflow = head
            && page.next.is_some()
            && !page.rows.is_empty()
            && page.rows.iter().all(|row| self.is_above(row, top.as_ref()));
        // Below the last loaded row, unseen rows are simply not loaded yet (unless the list
        // has ended); above it they are new: created since, or newly matching the filters.
        let bottom = self
            .rows
            .last()
            .filter(|_| self.phase != Phase::End)
            .map(|row| (row.order_key().0, row.order_key().1.to_owned()));
        for row in page.rows {
            if self.seen.contains(row.id()) {
                self.replace(row);
            } else if head && self.is_above(&row, bottom.as_ref()) {
                newer.push(row);
            }
        }
        if head {
            if self.rows.is_empty() && self.phase != Phase::End {
                // Nothing shown yet and the walk is still going: its first page will tell.
                newer.clear();
            }
            self.pending = newer;
            self.pending_more = overflow;
        }
        let Some(upper) = upper else {
            return Vec::new();
        };
        let upper = if head { None } else { Some(upper) };
        self.rows
            .iter()
            .filter(|row| row.is_active() && !fresh.contains(row.id()))
            .filter(|row| {
                let key = row.order_key();
                upper
                    .as_ref()
                    .is_none_or(|(millis, id)| key <= (*millis, id.as_str()))
                    && lower
                        .as_ref()
                        .is_none_or(|(millis, id)| key >= (*millis, id.as_str()))
            })
            .map(|row| row.id().to_owned())
            .collect()
    }

    fn is_above(&self, row: &R, top: Option<&(i64, String)>) -> bool {
        match top {
            Some((millis, id)) => row.order_key() > (*millis, id.as_str()),
            None => true,
        }
    }

    /// New rows waiting to be shown (newest first).
    pub fn new_rows(&self) -> NewRows {
        NewRows {
            count: self.pending.len(),
            more: self.pending_more,
        }
    }

    /// Shows the new rows at the head, or starts over when there were too many to hold.
    pub fn show_new(&mut self) -> ShowNew {
        if self.pending_more {
            self.reset();
            return ShowNew::Reload;
        }
        let pending = std::mem::take(&mut self.pending);
        let count = pending.len();
        if count == 0 {
            return ShowNew::Nothing;
        }
        self.mark(None, &pending);
        for row in pending {
            self.upsert(row);
        }
        ShowNew::Inserted(count)
    }

    /// Puts a fresher copy of a shown row in its place (a polled job, a cancel answer).
    /// Returns false when the row is not shown.
    pub fn replace(&mut self, row: R) -> bool {
        if !self.seen.contains(row.id()) {
            return false;
        }
        match self
            .rows
            .iter_mut()
            .find(|existing| existing.id() == row.id())
        {
            Some(existing) => {
                *existing = row;
                true
            }
            None => false,
        }
    }

    /// A shown row by id.
    pub fn find(&self, id: &str) -> Option<&R> {
        if !self.seen.contains(id) {
            return None;
        }
        self.rows.iter().find(|row| row.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::tests::{page as page_of, rows};
    use jobscope_wire::scripe::{Job, JobStatus};

    fn loaded(pages: &[(usize, usize, Option<&str>)]) -> Feed<Job> {
        let mut feed = Feed::new();
        for (from, to, next) in pages {
            let request = feed.next_request().unwrap();
            assert!(feed.on_page(request.generation, page_of(*from, *to, *next)));
        }
        feed
    }

    fn running(mut job: Job) -> Job {
        job.status = JobStatus::Running.into();
        job
    }

    #[test]
    fn intervals_round_trip_and_default_to_five_seconds() {
        for choice in RefreshInterval::ALL {
            assert_eq!(RefreshInterval::from_key(choice.key()), Some(choice));
        }
        assert_eq!(RefreshInterval::default().ms(), Some(5_000));
        assert_eq!(RefreshInterval::Off.ms(), None);
        assert_eq!(RefreshInterval::from_key("1s"), None);
        let nearest = |secs| RefreshInterval::nearest(secs);
        assert_eq!(
            [0, 1, 2, 4, 5, 10, 11, 30, 60, 3_600].map(nearest),
            [
                RefreshInterval::Off,
                RefreshInterval::S2,
                RefreshInterval::S2,
                RefreshInterval::S5,
                RefreshInterval::S5,
                RefreshInterval::S5,
                RefreshInterval::S15,
                RefreshInterval::S15,
                RefreshInterval::S60,
                RefreshInterval::S60,
            ]
        );
    }

    #[test]
    fn a_tick_never_overlaps_the_previous_one() {
        let mut ticker = Ticker::default();
        assert!(ticker.begin(0));
        assert!(!ticker.begin(5_000), "the first is still in flight");
        ticker.end(6_000, 5_000, TickEnd::Done);
        assert!(ticker.begin(10_000));
    }

    #[test]
    fn rate_limits_slow_ticks_down_until_a_success() {
        let mut ticker = Ticker::default();
        assert!(ticker.begin(0));
        ticker.end(0, 5_000, TickEnd::RateLimited(None));
        assert!(ticker.is_slowed() && ticker.is_rate_limited());
        assert!(!ticker.begin(9_999), "twice the interval");
        assert!(ticker.begin(10_000));
        ticker.end(10_000, 5_000, TickEnd::RateLimited(Some(60)));
        assert!(!ticker.begin(69_999), "Retry-After is a floor");
        assert!(ticker.begin(70_000));
        ticker.end(70_000, 60_000, TickEnd::RateLimited(None));
        assert!(!ticker.begin(70_000 + i64::from(MAX_SLOWDOWN_MS) - 1));
        assert!(ticker.begin(70_000 + i64::from(MAX_SLOWDOWN_MS)));
        ticker.end(200_000, 5_000, TickEnd::Done);
        assert!(!ticker.is_slowed());
        assert!(ticker.begin(200_000));
    }

    #[test]
    fn other_failures_slow_ticks_down_without_calling_it_rate_limiting() {
        let mut ticker = Ticker::default();
        assert!(ticker.begin(0));
        ticker.end(0, 2_000, TickEnd::Failed);
        assert!(ticker.is_slowed() && !ticker.is_rate_limited());
        assert!(!ticker.begin(3_999), "twice the interval");
        assert!(ticker.begin(4_000));
        ticker.end(4_000, 2_000, TickEnd::RateLimited(Some(1)));
        assert!(ticker.is_rate_limited());
        assert!(ticker.begin(20_000));
        ticker.end(20_000, 2_000, TickEnd::Done);
        assert!(!ticker.is_slowed() && !ticker.is_rate_limited());
    }

    #[test]
    fn a_tick_reads_the_head_and_the_pages_of_visible_active_rows() {
        let mut feed = loaded(&[(0, 50, Some("c1")), (50, 100, Some("c2")), (100, 150, None)]);
        assert_eq!(feed.refresh_plan(0..20), vec![None], "nothing active");
        for id in ["job_0060", "job_0070", "job_0120", "job_0010"] {
            let row = running(feed.find(id).unwrap().clone());
            feed.replace(row);
        }
        assert_eq!(
            feed.refresh_plan(55..130),
            vec![None, Some("c1".to_owned()), Some("c2".to_owned())]
        );
        assert_eq!(feed.refresh_plan(0..20), vec![None]);
        assert_eq!(feed.refresh_plan(140..10_000), vec![None], "clamped");
    }

    #[test]
    fn a_refreshed_page_updates_rows_in_place_and_names_those_that_left() {
        let mut feed = loaded(&[(0, 50, Some("c1")), (50, 100, None)]);
        for id in ["job_0060", "job_0061"] {
            let row = running(feed.find(id).unwrap().clone());
            feed.replace(row);
        }
        // Re-read of page two under a RUNNING filter: 60 still running, 61 finished (gone).
        let mut fresh = page_of(50, 100, None);
        fresh.rows.retain(|job| job.id != "job_0061");
        fresh.rows.iter_mut().for_each(|job| {
            if job.id == "job_0060" {
                job.status = JobStatus::Running.into();
                job.attempt_count = 2.into();
            }
        });
        let gone = feed.on_refresh(feed.generation(), Some("c1"), fresh);
        assert_eq!(gone, vec!["job_0061".to_owned()]);
        assert_eq!(feed.find("job_0060").unwrap().attempt_count, 2);
        assert_eq!(feed.len(), 100, "nothing added or removed");
    }

    #[test]
    fn new_rows_at_the_head_wait_until_shown() {
        let mut feed = loaded(&[(10, 60, Some("c1"))]);
        let generation = feed.generation();
        // Five newer jobs arrived: the head page now starts with them.
        let head = Page {
            rows: rows(5, 55),
            next: Some("x".into()),
        };
        assert!(feed.on_refresh(generation, None, head).is_empty());
        assert_eq!(
            feed.new_rows(),
            NewRows {
                count: 5,
                more: false
            }
        );
        assert_eq!(feed.rows()[0].id, "job_0010", "nothing moved");
        assert_eq!(feed.show_new(), ShowNew::Inserted(5));
        assert_eq!(feed.rows()[0].id, "job_0005");
        assert_eq!(feed.len(), 55);
        assert_eq!(feed.new_rows().count, 0);
        assert_eq!(feed.show_new(), ShowNew::Nothing);
    }

    #[test]
    fn a_new_row_that_sorts_between_shown_rows_is_new_too() {
        // Created in the same second as the first row, with a smaller id: it sorts below it.
        let mut feed = loaded(&[(0, 50, Some("c1"))]);
        let mut head = page_of(0, 50, Some("c1"));
        let mut twin = head.rows[0].clone();
        twin.id = "job_000".into();
        head.rows.insert(1, twin);
        head.rows.pop();
        feed.on_refresh(feed.generation(), None, head);
        assert_eq!(feed.new_rows().count, 1);
        assert_eq!(feed.show_new(), ShowNew::Inserted(1));
        assert_eq!(feed.rows()[1].id, "job_000");
        // But not an unseen row below the last loaded one while more pages are to come.
        let mut feed = loaded(&[(0, 50, Some("c1"))]);
        feed.on_refresh(feed.generation(), None, page_of(0, 60, Some("c1")));
        assert_eq!(feed.new_rows().count, 0);
    }

    #[test]
    fn more_new_rows_than_a_page_start_the_list_over() {
        let mut feed = loaded(&[(200, 250, Some("c1"))]);
        let head = page_of(0, 50, Some("y"));
        feed.on_refresh(feed.generation(), None, head);
        assert_eq!(
            feed.new_rows(),
            NewRows {
                count: 50,
                more: true
            }
        );
        let generation = feed.generation();
        assert_eq!(feed.show_new(), ShowNew::Reload);
        assert!(feed.is_empty());
        assert!(feed.generation() > generation);
    }

    #[test]
    fn a_late_refresh_of_earlier_filters_is_ignored() {
        let mut feed = loaded(&[(10, 60, Some("c1"))]);
        let old = feed.generation();
        feed.reset();
        let request = feed.next_request().unwrap();
        feed.on_page(request.generation, page_of(20, 30, None));
        assert!(feed.on_refresh(old, None, page_of(0, 50, None)).is_empty());
        assert_eq!(feed.new_rows().count, 0);
        assert_eq!(feed.len(), 10);
    }

    #[test]
    fn new_rows_are_found_for_an_empty_list_at_its_end() {
        let mut feed = Feed::<Job>::new();
        let request = feed.next_request().unwrap();
        feed.on_page(request.generation, page_of(0, 0, None));
        feed.on_refresh(feed.generation(), None, page_of(0, 3, None));
        assert_eq!(feed.new_rows().count, 3);
        assert_eq!(feed.show_new(), ShowNew::Inserted(3));
        assert_eq!(feed.state(), crate::feed::FeedState::End);
    }
}
