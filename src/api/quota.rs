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
