//! Capped exponential backoff with jitter.

/// The first retry waits about this long.
pub const BASE_MS: u32 = 500;
/// No computed wait is longer (a server's `Retry-After` may be).
pub const CAP_MS: u32 = 30_000;
/// Transient failures in a row before the feed stops and asks the user.
pub const MAX_ATTEMPTS: u32 = 6;

/// The wait before retry number `attempt` (1-based). `jitter` in 0..=1 spreads clients out
/// (half the wait is fixed, half random); a server's `Retry-After` is a floor.
pub fn delay_ms(attempt: u32, jitter: f64, retry_after_secs: Option<u32>) -> u32 {
    let doublings = attempt.saturating_sub(1).min(16);
    let exponential = BASE_MS.saturating_mul(1 << doublings).min(CAP_MS);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let spread = (f64::from(exponential) * (0.5 + 0.5 * jitter)) as u32;
    let floor = retry_after_secs.unwrap_or(0).saturating_mul(1000);
    spread.max(floor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap() {
        let full = |attempt| delay_ms(attempt, 1.0, None);
        assert_eq!(
            (1..=8).map(full).collect::<Vec<_>>(),
            [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]
        );
        assert_eq!(full(1_000), CAP_MS);
    }

    #[test]
    fn jitter_spreads_between_half_and_all_of_the_wait() {
        assert_eq!(delay_ms(3, 0.0, None), 1_000);
        assert_eq!(delay_ms(3, 0.5, None), 1_500);
        assert_eq!(delay_ms(3, f64::NAN, None), 1_500);
        assert_eq!(delay_ms(3, 7.0, None), 2_000);
    }

    #[test]
    fn retry_after_is_a_floor_even_past_the_cap() {
        assert_eq!(delay_ms(1, 0.0, Some(5)), 5_000);
        assert_eq!(delay_ms(1, 0.0, Some(120)), 120_000);
        assert_eq!(delay_ms(4, 1.0, Some(1)), 4_000);
    }
}
