//! What one walk through the pages has followed, so that an API contradicting itself stops
//! the walk with an error instead of ending it early or looping it: a page that says there is
//! more but gives no token, a token this walk has already followed (the same cursor again),
//! and pages that bring nothing new (a server that ignores the cursor or the offset). Without
//! this, the list's prefetch asks again the moment a page lands: about 2,000 requests in 15 s.

use std::collections::HashSet;

use super::{FeedRow, Page};
use crate::api::error::Contradiction;

/// Pages in a row that bring nothing new and reach no deeper, followed anyway before the
/// walk stops. One, because offset paging meets exactly one such page honestly: when exactly
/// a page's worth of jobs was added at the head between two reads, the next offset returns
/// the rows already shown, and the page after it is new again. A server that ignores the
/// offset or cursor sends the same page every time, and stops the walk at the second.
pub const MAX_STALE_PAGES: u32 = 1;

/// The verdict on a page, before its rows land.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Follow the page's token (or end there). `progress`: it reached below every earlier
    /// page of this walk.
    Go { progress: bool },
    /// Keep its rows, stop, and say why; nothing is asked until the user retries.
    Stop(Contradiction),
}

/// The tokens a walk has followed and how far down it has reached. A new walk starts with
/// new filters and with every restart from the first page (`bad_cursor`, a fresh head).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Walk {
    /// Tokens asked with and answered (the first page's "no token" is not one).
    followed: HashSet<String>,
    /// The order key of the lowest last row of the pages this walk accepted.
    floor: Option<(i64, String)>,
    /// Pages in a row that made no progress.
    stale: u32,
}

impl Walk {
    /// A walk that has already read down to `last` (the rows kept above it were read by an
    /// earlier walk: a restored list's head).
    pub(super) fn from_row<R: FeedRow>(last: Option<&R>) -> Self {
        Self {
            floor: last.map(owned_key),
            ..Self::default()
        }
    }

    /// Judges `page`, read with `token`, against the walk so far; `claim` is what the client
    /// found contradictory in the answer itself (has_more without a cursor).
    pub(super) fn judge<R: FeedRow>(
        &self,
        token: Option<&str>,
        page: &Page<R>,
        claim: Option<Contradiction>,
    ) -> Verdict {
        if let Some(why) = claim {
            return Verdict::Stop(why);
        }
        // Only reaching deeper counts: new rows above the floor are no progress, since a
        // server that ignores the cursor while jobs keep arriving sends a new head each time.
        let deeper = page.rows.last().is_some_and(|last| {
            self.floor
                .as_ref()
                .is_none_or(|(millis, id)| last.order_key() < (*millis, id.as_str()))
        });
        let progress = deeper;
        let Some(next) = page.next.as_deref() else {
            // The end: nothing more to follow, so nothing to loop on.
            return Verdict::Go { progress };
        };
        if token == Some(next) || self.followed.contains(next) {
            return Verdict::Stop(Contradiction::RepeatedToken);
        }
        if !progress && self.stale >= MAX_STALE_PAGES {
            return Verdict::Stop(Contradiction::NothingNew);
        }
        Verdict::Go { progress }
    }

    /// A page read with `token` was followed; `last` is its last row.
    pub(super) fn accept<R: FeedRow>(
        &mut self,
        token: Option<String>,
        last: Option<&R>,
        progress: bool,
    ) {
        if let Some(token) = token {
            self.followed.insert(token);
        }
        if !progress {
            self.stale += 1;
            return;
        }
        self.stale = 0;
        if let Some(last) = last {
            let key = last.order_key();
            if self
                .floor
                .as_ref()
                .is_none_or(|(millis, id)| key < (*millis, id.as_str()))
            {
                self.floor = Some(owned_key(last));
            }
        }
    }
}

fn owned_key<R: FeedRow>(row: &R) -> (i64, String) {
    let (millis, id) = row.order_key();
    (millis, id.to_owned())
}
