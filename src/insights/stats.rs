//! Percentiles of durations (queue wait, run time), by the nearest-rank method: each figure
//! is a duration some job really took, never an interpolation between two.

/// p50, p95 and the longest of a set of durations, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// How many durations the figures are drawn from (at least 1).
    pub count: usize,
    pub p50_ms: u64,
    pub p95_ms: u64,
    pub max_ms: u64,
}

impl Summary {
    /// The summary of `durations` (any order; sorted in place). `None` for an empty set: no
    /// figure is better than a made-up zero.
    pub fn of(durations: &mut [u64]) -> Option<Self> {
        durations.sort_unstable();
        Some(Self {
            count: durations.len(),
            p50_ms: percentile(durations, 50)?,
            p95_ms: percentile(durations, 95)?,
            max_ms: *durations.last()?,
        })
    }
}

/// The nearest-rank `p`th percentile (1–100) of `sorted` (ascending): the smallest value with
/// at least `p` % of the set at or below it. `None` for an empty set.
pub fn percentile(sorted: &[u64], p: u32) -> Option<u64> {
    let p = p.clamp(1, 100) as usize;
    // ceil(p × n / 100), at least 1.
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// `end − start` in milliseconds when both are known and in order; a negative span (clocks
/// of two machines disagreeing, or bad data) is no duration at all.
pub fn span_ms(start_ms: Option<i64>, end_ms: Option<i64>) -> Option<u64> {
    u64::try_from(end_ms?.checked_sub(start_ms?)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_set_has_no_figures() {
        assert_eq!(Summary::of(&mut []), None);
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn one_duration_is_every_figure() {
        let summary = Summary::of(&mut [7_000]).unwrap();
        assert_eq!(
            summary,
            Summary {
                count: 1,
                p50_ms: 7_000,
                p95_ms: 7_000,
                max_ms: 7_000
            }
        );
    }

    #[test]
    fn small_sets_take_the_nearest_rank() {
        // Two values: the median is the lower one (rank ceil(1.0) = 1), p95 the higher.
        let summary = Summary::of(&mut [900, 100]).unwrap();
        assert_eq!(
            (summary.p50_ms, summary.p95_ms, summary.max_ms),
            (100, 900, 900)
        );
        // 1..=20: p50 is rank 10, p95 rank 19.
        let mut twenty: Vec<u64> = (1..=20).rev().collect();
        let summary = Summary::of(&mut twenty).unwrap();
        assert_eq!(
            (summary.p50_ms, summary.p95_ms, summary.max_ms),
            (10, 19, 20)
        );
        // 1..=100: p95 is exactly the 95th value.
        let hundred: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&hundred, 95), Some(95));
        assert_eq!(percentile(&hundred, 100), Some(100));
    }

    #[test]
    fn one_outlier_moves_the_max_not_the_median() {
        let mut set = vec![1_000; 99];
        set.push(3_600_000);
        let summary = Summary::of(&mut set).unwrap();
        assert_eq!((summary.p50_ms, summary.p95_ms), (1_000, 1_000));
        assert_eq!(summary.max_ms, 3_600_000);
    }

    #[test]
    fn a_span_needs_both_ends_in_order() {
        assert_eq!(span_ms(Some(1_000), Some(4_500)), Some(3_500));
        assert_eq!(span_ms(Some(1_000), Some(1_000)), Some(0));
        assert_eq!(
            span_ms(Some(5_000), Some(1_000)),
            None,
            "ends before it starts"
        );
        assert_eq!(span_ms(None, Some(1_000)), None);
        assert_eq!(span_ms(Some(i64::MIN), Some(i64::MAX)), None, "no overflow");
    }
}
