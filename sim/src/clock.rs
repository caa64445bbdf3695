//! Simulated time: starts at a chosen instant, runs at `--speed` times real time unless
//! `--frozen`, and can be advanced by the control API.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone)]
pub struct Clock {
    origin_real: Instant,
    origin_sim: DateTime<Utc>,
    advanced: Duration,
    speed: f64,
    frozen: bool,
}

impl Clock {
    pub fn new(start: DateTime<Utc>, speed: f64, frozen: bool) -> Self {
        Self {
            origin_real: Instant::now(),
            origin_sim: start,
            advanced: Duration::zero(),
            speed,
            frozen,
        }
    }

    /// The simulated now.
    pub fn now(&self) -> DateTime<Utc> {
        let mut now = self.origin_sim + self.advanced;
        if !self.frozen {
            let elapsed = self.origin_real.elapsed().as_secs_f64() * self.speed;
            now += Duration::milliseconds((elapsed * 1000.0) as i64);
        }
        now
    }

    /// Moves simulated time forward (never back).
    pub fn advance(&mut self, by: Duration) {
        if by > Duration::zero() {
            self.advanced += by;
        }
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_frozen_clock_moves_only_when_advanced() {
        let start = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        let mut clock = Clock::new(start, 1.0, true);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::seconds(90));
        clock.advance(Duration::seconds(-30));
        assert_eq!(clock.now(), start + Duration::seconds(90));
    }

    #[test]
    fn a_live_clock_runs_at_its_speed() {
        let start = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        let clock = Clock::new(start, 1000.0, false);
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() >= start + Duration::seconds(10));
    }
}
