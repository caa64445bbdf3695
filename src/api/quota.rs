//! The rate-limit quota an API reports with each answer (`X-RateLimit-Remaining`,
//! `X-RateLimit-Reset`), so long walks (export all) can pause before they are refused.

/// Requests left in the window, and when it resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_secs: u32,
}

/// Requests a long walk leaves to the list and the drawer.
pub const RESERVE: u32 = 10;

impl Quota {
    /// Reads the two headers; `X-RateLimit-Reset` may be seconds from now or a Unix time
    /// (anything past the year 2001 is read as one). `None` unless both are numbers.
    pub fn from_headers(
        remaining: Option<&str>,
        reset: Option<&str>,
        now_secs: u64,
    ) -> Option<Self> {
        let remaining = remaining?.trim().parse().ok()?;
        let reset: u64 = reset?.trim().parse().ok()?;
        let seconds = if reset > 1_000_000_000 {
            reset.saturating_sub(now_secs)
        } else {
            reset
        };
        Some(Self {
            remaining,
            reset_secs: u32::try_from(seconds.min(3_600)).unwrap_or(3_600),
        })
    }

    /// How long to wait before the next request of a long walk: until the window resets once
    /// only [`RESERVE`] requests are left, else not at all.
    pub fn pause_ms(self) -> Option<u32> {
        (self.remaining <= RESERVE).then(|| self.reset_secs.max(1).saturating_mul(1_000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_seconds_or_a_unix_time() {
        assert_eq!(
            Quota::from_headers(Some("42"), Some("17"), 0),
            Some(Quota {
                remaining: 42,
                reset_secs: 17
            })
        );
        assert_eq!(
            Quota::from_headers(Some("3"), Some("1790000030"), 1_790_000_000),
            Some(Quota {
                remaining: 3,
                reset_secs: 30
            })
        );
        assert_eq!(Quota::from_headers(Some("x"), Some("1"), 0), None);
        assert_eq!(Quota::from_headers(None, Some("1"), 0), None);
        assert_eq!(
            Quota::from_headers(Some("1"), Some("99999"), 0).map(|q| q.reset_secs),
            Some(3_600),
            "capped at an hour"
        );
    }

    /// A walk of `pages` requests, one after another `gap_ms` apart, against a sliding
    /// window of `limit` requests a minute (as Scripe documents and the simulator does), paced
    /// by [`Quota::pause_ms`]; `others` requests of the list and the drawer arrive every
    /// `other_every_ms`. Answers (refused walk requests, refused other requests, ms taken).
    fn walk(pages: u32, limit: usize, gap_ms: u64, others_every_ms: u64) -> (u32, u32, u64) {
        use std::collections::VecDeque;
        let mut seen: VecDeque<u64> = VecDeque::new();
        let mut ask = |now: u64| {
            while seen.front().is_some_and(|at| now - at >= 60_000) {
                seen.pop_front();
            }
            if seen.len() >= limit {
                return None;
            }
            seen.push_back(now);
            let left = seen
                .front()
                .map_or(60_000, |oldest| 60_000 - (now - oldest));
            Some(Quota {
                remaining: (limit - seen.len()) as u32,
                reset_secs: u32::try_from(left.div_ceil(1_000)).unwrap_or(60),
            })
        };
        let (mut now, mut refused, mut others_refused, mut next_other) = (0, 0, 0, 0);
        let mut done = 0;
        while done < pages {
            while next_other <= now {
                if ask(next_other).is_none() {
                    others_refused += 1;
                }
                next_other += others_every_ms;
            }
            match ask(now) {
                Some(quota) => {
                    done += 1;
                    now += gap_ms + u64::from(quota.pause_ms().unwrap_or(0));
                }
                None => {
                    refused += 1;
                    now += 1_000;
                }
            }
        }
        (refused, others_refused, now)
    }

    #[test]
    fn a_long_walk_slows_down_before_the_limit_instead_of_meeting_it() {
        // 10,000 jobs in pages of 200 at 120 a minute: no wait at all.
        let (refused, _, ms) = walk(50, 120, 50, u64::MAX);
        assert_eq!(refused, 0);
        assert!(ms < 5_000, "{ms}");
        // 100,000 jobs: the walk slows to the window's pace and is never refused, nor is the
        // list's refresh (one request every 5 s) that shares the quota.
        let (refused, others, ms) = walk(500, 120, 50, 5_000);
        assert_eq!((refused, others), (0, 0));
        assert!(ms > 4 * 60_000, "it had to wait for the window: {ms} ms");
        // A tight limit (15 a minute, `--rate-limit 15`): still never refused.
        let (refused, others, _) = walk(40, 15, 50, 20_000);
        assert_eq!((refused, others), (0, 0));
    }

    #[test]
    fn long_walks_pause_only_near_the_limit() {
        let quota = |remaining, reset_secs| Quota {
            remaining,
            reset_secs,
        };
        assert_eq!(quota(11, 30).pause_ms(), None);
        assert_eq!(quota(10, 30).pause_ms(), Some(30_000));
        assert_eq!(quota(0, 0).pause_ms(), Some(1_000));
    }
}
