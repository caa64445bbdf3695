//! The live refresh's head check, reading no more rows than it needs. Each tick used to read
//! a full 100-row first page; it needs only the rows down to the lowest one it must check:
//! the first shown row (anything above it is new), or, while the user looks at the head of
//! the list, the last row on screen (so rows on screen that changed or left are seen), plus
//! the new rows already waiting and a few spare for jobs added since. Only when that read
//! does not reach its lowest row (more new jobs than it holds) does it read a full page, as
//! before, to count them.

use std::ops::Range;

use super::{Feed, FeedRow, Page};

/// Rows read past the lowest row the check must cover: room for a few jobs added since the
/// last tick without a second read.
pub const HEAD_SPARE: u32 = 10;

/// How one tick reads the head: `limit` rows first, then perhaps a full page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadCheck {
    /// Rows to ask for first.
    pub limit: u32,
    /// A full page: what a second read asks for.
    full: u32,
    /// The order key of the lowest shown row the check must reach (`None`: no rows shown).
    reach: Option<(i64, String)>,
}

impl HeadCheck {
    /// After the first read gave `page`: `Some(limit)` of a second read (a full page) when
    /// the first stopped above the row it had to reach while the API has more, so there may
    /// be more new rows than it held, or rows on screen it did not check. `None`: it is
    /// enough, hand it to [`Feed::on_refresh`].
    pub fn follow_up<R: FeedRow>(&self, page: &Page<R>) -> Option<u32> {
        if self.limit >= self.full || page.next.is_none() {
            return None;
        }
        let reached = match (&self.reach, page.rows.last()) {
            (Some((millis, id)), Some(last)) => last.order_key() <= (*millis, id.as_str()),
            // Nothing shown: a full first read may all be new; count up to a page, as before.
            _ => false,
        };
        (!reached).then_some(self.full)
    }
}

impl<R: FeedRow + Clone> Feed<R> {
    /// The head check of a refresh tick with `visible` rows on screen; `full` is a page's
    /// size (the most a read may ask for).
    pub fn head_check(&self, visible: Range<usize>, full: u32) -> HeadCheck {
        let full = full.max(1);
        if self.pending_more {
            // More new rows than a page already: only a full page says how things stand.
            return HeadCheck {
                limit: full,
                full,
                reach: None,
            };
        }
        // The head page's rows: above the first row of the next page read with a token.
        let below_head = self
            .marks
            .iter()
            .filter(|mark| mark.token.is_some())
            .map(|mark| (mark.top.0, mark.top.1.as_str()))
            .max();
        let head_len = below_head.map_or(self.rows.len(), |top| {
            self.rows.partition_point(|row| row.order_key() > top)
        });
        let end = visible.end.min(head_len);
        // The lowest row to reach: the last one on screen while the head is on screen, else
        // the first row (whatever is above it is new).
        let lowest = if visible.start < end { end - 1 } else { 0 };
        let reach = self.rows.get(lowest).map(|row| {
            let (millis, id) = row.order_key();
            (millis, id.to_owned())
        });
        let needed = u32::try_from(lowest + 1 + self.pending.len()).unwrap_or(u32::MAX);
        HeadCheck {
            limit: needed.saturating_add(HEAD_SPARE).min(full),
            full,
            reach,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::NewRows;
    use crate::feed::tests::page;
    use jobscope_wire::scripe::{Job, JobStatus};

    const FULL: u32 = 100;

    fn loaded(pages: &[(usize, usize, Option<&str>)]) -> Feed<Job> {
        let mut feed = Feed::new();
        for (from, to, next) in pages {
            let request = feed.next_request().unwrap();
            assert!(feed.on_page(request.generation, page(*from, *to, *next)));
        }
        feed
    }

    /// The head as the API has it after `added` new jobs: `limit` rows from the top of a list
    /// whose first shown row was `job_{first}` (new jobs are `job_0000…`, above it).
    fn head(first: usize, added: usize, limit: u32) -> Page<Job> {
        let from = first - added;
        let to = from + limit as usize;
        page(from, to, Some("c"))
    }

    #[test]
    fn away_from_the_head_a_tick_reads_a_few_rows_not_a_page() {
        let feed = loaded(&[(20, 120, Some("c1")), (120, 220, Some("c2"))]);
        let check = feed.head_check(150..170, FULL);
        assert_eq!(check.limit, 1 + HEAD_SPARE, "the first row and the spare");
        // Nothing new, or a few new jobs: the first read is all it takes.
        assert_eq!(check.follow_up(&head(20, 0, check.limit)), None);
        assert_eq!(check.follow_up(&head(20, 4, check.limit)), None);
    }

    #[test]
    fn at_the_head_it_reads_down_to_the_last_row_on_screen() {
        let feed = loaded(&[(20, 120, Some("c1")), (120, 220, Some("c2"))]);
        let check = feed.head_check(0..25, FULL);
        assert_eq!(check.limit, 25 + HEAD_SPARE);
        assert_eq!(check.follow_up(&head(20, 3, check.limit)), None);
        // A screen lower down the head page still reaches down to its last row...
        assert_eq!(feed.head_check(60..85, FULL).limit, 85 + HEAD_SPARE);
        // ...but never past the head page, and never more than a page.
        assert_eq!(feed.head_check(90..130, FULL).limit, FULL);
        let short = loaded(&[(20, 60, Some("c1")), (60, 100, None)]);
        assert_eq!(short.head_check(30..50, FULL).limit, 40 + HEAD_SPARE);
    }

    #[test]
    fn more_new_jobs_than_the_first_read_holds_call_for_a_full_page() {
        let feed = loaded(&[(50, 150, Some("c1"))]);
        let check = feed.head_check(0..20, FULL);
        assert_eq!(check.limit, 30);
        // 40 new jobs: the first read is all new and stops above the last row on screen.
        let first = head(50, 40, check.limit);
        assert_eq!(check.follow_up(&first), Some(FULL));
        // The full page counts them, as the tick always did.
        let mut feed = feed;
        feed.on_refresh(feed.generation(), None, head(50, 40, FULL));
        assert_eq!(
            feed.new_rows(),
            NewRows {
                count: 40,
                more: false
            }
        );
        // Then the next tick reads past the waiting rows at once.
        assert_eq!(feed.head_check(0..20, FULL).limit, 20 + 40 + HEAD_SPARE);
    }

    #[test]
    fn the_last_page_needs_no_second_read() {
        let feed = loaded(&[(0, 5, None)]);
        let check = feed.head_check(0..5, FULL);
        let mut all_new = page(0, 3, None);
        all_new.rows.iter_mut().for_each(|job| job.id.push('x'));
        assert_eq!(check.follow_up(&all_new), None);
    }

    #[test]
    fn with_nothing_shown_a_full_first_read_is_followed_by_a_page() {
        let feed = Feed::<Job>::new();
        let check = feed.head_check(0..0, FULL);
        assert_eq!(check.limit, 1 + HEAD_SPARE);
        assert_eq!(check.follow_up(&page(0, 11, Some("c"))), Some(FULL));
        assert_eq!(check.follow_up(&page(0, 7, None)), None);
    }

    #[test]
    fn overflowing_new_rows_read_a_full_page_straight_away() {
        let mut feed = loaded(&[(200, 250, Some("c1"))]);
        feed.on_refresh(feed.generation(), None, page(0, 100, Some("y")));
        assert!(feed.new_rows().more);
        let check = feed.head_check(0..20, FULL);
        assert_eq!(check.limit, FULL);
        assert_eq!(check.follow_up(&page(0, 100, Some("y"))), None);
    }

    #[test]
    fn a_small_head_read_keeps_live_updates_of_the_rows_on_screen() {
        let mut feed = loaded(&[(0, 100, Some("c1"))]);
        for id in ["job_0003", "job_0007"] {
            let mut job = feed.find(id).unwrap().clone();
            job.status = JobStatus::Running.into();
            feed.replace(job);
        }
        let check = feed.head_check(0..10, FULL);
        assert_eq!(check.limit, 20);
        // job_0003 finished (and changed), job_0007 left the filtered set: the read of 20
        // rows updates the one and names the other; rows below it are not called gone.
        let mut fresh = page(0, 21, Some("c"));
        fresh.rows.retain(|job| job.id != "job_0007");
        fresh.rows[3].attempt_count = 3.into();
        assert_eq!(check.follow_up(&fresh), None);
        let gone = feed.on_refresh(feed.generation(), None, fresh);
        assert_eq!(gone, ["job_0007".to_owned()]);
        assert_eq!(feed.find("job_0003").unwrap().attempt_count, 3);
        assert_eq!(feed.len(), 100);
        assert_eq!(feed.new_rows().count, 0);
    }
}
