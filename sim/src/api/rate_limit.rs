//! `--rate-limit N`: N requests per sliding 60 s window.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(60);

/// The headers' values after a request was counted (or refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the oldest request in the window leaves it.
    pub reset_secs: u64,
    /// Set when the request was refused: seconds to wait.
    pub retry_after: Option<u64>,
}

pub struct RateLimiter {
    limit: Option<u32>,
    seen: VecDeque<Instant>,
    /// Requests refused so far (shown by `/_sim/state`).
    refused: u64,
}

impl RateLimiter {
    pub fn new(limit: Option<u32>) -> Self {
        Self {
            limit,
            seen: VecDeque::new(),
            refused: 0,
        }
    }

    /// How many requests were refused so far.
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// Counts a request at `now`; `None` when no limit is set.
    pub fn check(&mut self, now: Instant) -> Option<Quota> {
        let limit = self.limit?;
        while self
            .seen
            .front()
            .is_some_and(|at| now.duration_since(*at) >= WINDOW)
        {
            self.seen.pop_front();
        }
        let reset = |seen: &VecDeque<Instant>| {
            seen.front().map_or(WINDOW.as_secs(), |oldest| {
                let left = WINDOW.saturating_sub(now.duration_since(*oldest));
                left.as_secs() + u64::from(left.subsec_nanos() > 0)
            })
        };
        if self.seen.len() >= limit as usize {
            let wait = reset(&self.seen).max(1);
            self.refused += 1;
            return Some(Quota {
                limit,
                remaining: 0,
                reset_secs: wait,
                retry_after: Some(wait),
            });
        }
        self.seen.push_back(now);
        Some(Quota {
            limit,
            remaining: limit - self.seen.len() as u32,
            reset_secs: reset(&self.seen),
            retry_after: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_limit_no_quota() {
        assert_eq!(RateLimiter::new(None).check(Instant::now()), None);
    }

    #[test]
    fn the_window_slides() {
        let start = Instant::now();
        let mut limiter = RateLimiter::new(Some(3));
        let at = |secs| start + Duration::from_secs(secs);
        assert_eq!(limiter.check(at(0)).unwrap().remaining, 2);
        assert_eq!(limiter.check(at(10)).unwrap().remaining, 1);
        let last = limiter.check(at(20)).unwrap();
        assert_eq!(
            (last.remaining, last.reset_secs, last.retry_after),
            (0, 40, None)
        );
        let refused = limiter.check(at(30)).unwrap();
        assert_eq!(
            refused.retry_after,
            Some(30),
            "until the first leaves the window"
        );
        // Refusals do not count: at 60 s the first request has left.
        let again = limiter.check(at(60)).unwrap();
        assert_eq!((again.remaining, again.retry_after), (0, None));
        assert!(limiter.check(at(61)).unwrap().retry_after.is_some());
        assert_eq!(limiter.refused(), 2);
    }
}
