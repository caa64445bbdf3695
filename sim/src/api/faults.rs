//! Injected failures: queued by the control API for exact scenarios, or drawn at random with
//! `--fault-rate`.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

/// A way for a response to go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// 500 with the API's error body.
    ServerError,
    /// 502 with a gateway's HTML page (no JSON error body).
    BadGateway,
    /// 503 with `Retry-After`.
    Unavailable,
    /// Stalls `--slow-ms`, then answers normally.
    Slow,
    /// 200 with a body that is not JSON.
    Malformed,
    /// 200 with the real body cut in half.
    Truncated,
    /// 429 with `Retry-After`.
    RateLimited,
    /// 400 `bad_cursor`.
    BadCursor,
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 400 `version_unsupported`, accepting every version but the one the request asked for.
    VersionUnsupported,
}

impl FaultKind {
    /// What `--fault-rate` draws from: what infrastructure does to a healthy API.
    pub const RANDOM: &'static [FaultKind] = &[
        Self::ServerError,
        Self::BadGateway,
        Self::Unavailable,
        Self::Slow,
        Self::Malformed,
        Self::Truncated,
        Self::RateLimited,
    ];
}

pub struct Faults {
    queue: VecDeque<FaultKind>,
    rate: f64,
    rng: fastrand::Rng,
    /// Faults served so far, queued or random (shown by `/_sim/state`).
    served: u64,
}

impl Faults {
    pub fn new(rate: f64, seed: u64) -> Self {
        Self {
            queue: VecDeque::new(),
            rate,
            rng: fastrand::Rng::with_seed(seed ^ 0x5eed_fa17),
            served: 0,
        }
    }

    /// Queues `count` responses of `kind`, served before any random fault.
    pub fn push(&mut self, kind: FaultKind, count: usize) {
        self.queue.extend(std::iter::repeat_n(kind, count));
    }

    pub fn clear(&mut self) {
        self.queue.clear();
    }

    pub fn queued(&self) -> Vec<FaultKind> {
        self.queue.iter().copied().collect()
    }

    /// How many faults were served so far.
    pub fn served(&self) -> u64 {
        self.served
    }

    /// The fault for the next API response, if any.
    pub fn draw(&mut self) -> Option<FaultKind> {
        let kind = self.queue.pop_front().or_else(|| {
            (self.rate > 0.0 && self.rng.f64() < self.rate)
                .then(|| FaultKind::RANDOM[self.rng.usize(0..FaultKind::RANDOM.len())])
        });
        self.served += u64::from(kind.is_some());
        kind
    }

    /// A random delay in `min..=max` milliseconds.
    pub fn jitter(&mut self, min: u64, max: u64) -> u64 {
        self.rng.u64(min..=max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_faults_come_first_and_in_order() {
        let mut faults = Faults::new(0.0, 1);
        faults.push(FaultKind::ServerError, 2);
        faults.push(FaultKind::Truncated, 1);
        assert_eq!(faults.draw(), Some(FaultKind::ServerError));
        assert_eq!(faults.draw(), Some(FaultKind::ServerError));
        assert_eq!(faults.draw(), Some(FaultKind::Truncated));
        assert_eq!(faults.draw(), None);
        assert_eq!(faults.served(), 3);
    }

    #[test]
    fn the_fault_rate_is_roughly_honoured_with_every_kind() {
        let mut faults = Faults::new(0.1, 1);
        let drawn: Vec<FaultKind> = (0..20_000).filter_map(|_| faults.draw()).collect();
        assert!((1_600..2_400).contains(&drawn.len()), "{}", drawn.len());
        for kind in FaultKind::RANDOM {
            assert!(drawn.contains(kind), "{kind:?} never drawn");
        }
    }
}
