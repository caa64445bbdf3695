//! The bars of the Insights chart: the window cut into equal steps of wall-clock time in the
//! chosen zone. Minutes and hours are spans of real time aligned to the zone's clock (a zone
//! whose clock changes by half an hour makes the hour that holds the change half an hour
//! long); a day runs from one local midnight to the next, so the day a daylight-saving change
//! happens in is 23 or 25 hours long, as the people reading the chart lived it.

use crate::filters::dates::{DAY_MS, MINUTE_MS, Offset, repeated_wall_time, to_utc};
use crate::format::{date_time, offset_label};

const HOUR_MS: i64 = 60 * MINUTE_MS;

/// The chart aims for at most this many bars: the smallest step that fits is chosen (one more
/// bar may appear, as the first is aligned to the clock before the window starts).
pub const MAX_BARS: i64 = 60;

/// `a ÷ b` rounded up, for positive numbers (`i64::div_ceil` is not stable yet).
fn ceil_div(a: i64, b: i64) -> i64 {
    a / b + i64::from(a % b != 0)
}

/// One bar of `size` ms of real time on from `edge`, put back onto `zone`'s clock (its wall
/// time on a multiple of `size`) when a change of offset by less than `size` has moved it off:
/// the bar holding the change is that much shorter, and the ones after it are back on the
/// clock. Where the wall time to go back to is not on the clock there (the change was in the
/// gap), the edge stays one real step on: the change itself, when the zone changes on its old
/// clock's step, and the next step is then put back. Always at least a minute forward, so
/// no bar is empty or reversed and a walk ends whatever the zone says.
fn next_on_clock(edge: i64, size: i64, zone: &impl Offset) -> i64 {
    let off_clock = |ms: i64| ms.saturating_add(zone.offset_ms(ms)).rem_euclid(size);
    let next = edge + size;
    let back = next - off_clock(next);
    if back >= edge + MINUTE_MS && off_clock(back) == 0 {
        back
    } else {
        next
    }
}

/// How long one bar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Minutes(u32),
    Hours(u32),
    /// Local days (midnight to midnight); 7 starts each bar on a Monday.
    Days(u32),
}

/// The steps on offer, smallest first; each divides the next's unit evenly.
const LADDER: [Step; 8] = [
    Step::Minutes(1),
    Step::Minutes(5),
    Step::Minutes(15),
    Step::Hours(1),
    Step::Hours(3),
    Step::Hours(6),
    Step::Days(1),
    Step::Days(7),
];

impl Step {
    /// The smallest step that draws `span_ms` in at most [`MAX_BARS`] bars; beyond the
    /// ladder (a range of over a year), as many whole days as it takes.
    pub fn for_span(span_ms: i64) -> Self {
        let span_ms = span_ms.max(1);
        LADDER
            .into_iter()
            // One more bar for the window's start rounded down to the minute.
            .find(|step| ceil_div(span_ms, step.nominal_ms()) <= MAX_BARS + 1)
            .unwrap_or_else(|| {
                let days = ceil_div(span_ms, DAY_MS * MAX_BARS);
                Self::Days(u32::try_from(days).unwrap_or(u32::MAX))
            })
    }

    /// Its length when no clock change falls inside (ms).
    pub fn nominal_ms(self) -> i64 {
        match self {
            Self::Minutes(n) => i64::from(n) * MINUTE_MS,
            Self::Hours(n) => i64::from(n) * HOUR_MS,
            Self::Days(n) => i64::from(n) * DAY_MS,
        }
    }

    /// In words, for the chart's caption: "5 minutes", "1 hour", "1 week".
    pub fn label(self) -> String {
        let (n, unit) = match self {
            Self::Minutes(n) => (n, "minute"),
            Self::Hours(n) => (n, "hour"),
            Self::Days(7) => (1, "week"),
            Self::Days(n) => (n, "day"),
        };
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    }
}

/// The bars covering a window: bar `i` holds the instants `edges[i] ..= edges[i + 1] - 1`
/// (UTC ms). The first bar holds the window's start and starts at the clock's step at or
/// before it (or at a change of offset that left no such step), the last ends after the
/// window's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buckets {
    pub step: Step,
    edges: Vec<i64>,
}

impl Buckets {
    /// The bars for `from_ms ..= to_ms` in `zone`, the step chosen by [`Step::for_span`].
    pub fn new(from_ms: i64, to_ms: i64, zone: &impl Offset) -> Self {
        let to_ms = to_ms.max(from_ms);
        Self::with_step(from_ms, to_ms, Step::for_span(to_ms - from_ms), zone)
    }

    /// The bars of `step` for `from_ms ..= to_ms` in `zone`.
    pub fn with_step(from_ms: i64, to_ms: i64, step: Step, zone: &impl Offset) -> Self {
        let wall = from_ms.saturating_add(zone.offset_ms(from_ms));
        let mut edges = Vec::new();
        match step {
            Step::Minutes(_) | Step::Hours(1) => {
                // Real time, aligned to the zone's clock. A change by a whole number of steps
                // (a whole hour) leaves them on it, so the repeated hour is two bars of an hour;
                // a change by less (Lord Howe's half hour) is put right by `next_on_clock`, the
                // bar holding it shorter. The walk starts on the clock a step before the window
                // so a change just before `from_ms` is walked through like any other, and the
                // first bar is the one holding `from_ms`.
                let size = step.nominal_ms();
                let seed = from_ms - size;
                let mut edge = seed - seed.saturating_add(zone.offset_ms(seed)).rem_euclid(size);
                loop {
                    let next = next_on_clock(edge, size, zone);
                    if next > from_ms {
                        break;
                    }
                    edge = next;
                }
                edges.push(edge);
                while edge <= to_ms {
                    edge = next_on_clock(edge, size, zone);
                    edges.push(edge);
                }
            }
            Step::Hours(n) => {
                // Several hours: on the local clock (00:00, 03:00, …), as days are, so the
                // bars stay there after a change; the bar with the change is an hour longer
                // or shorter.
                let size = i64::from(n) * HOUR_MS;
                let mut at = wall.div_euclid(size) * size;
                let mut edge = to_utc(at, zone);
                edges.push(edge);
                while edge <= to_ms {
                    at += size;
                    edge = to_utc(at, zone).max(edge + MINUTE_MS);
                    edges.push(edge);
                }
            }
            Step::Days(n) => {
                let mut day = wall.div_euclid(DAY_MS);
                if n == 7 {
                    // 1970-01-01 was a Thursday: day + 3 counts from a Monday.
                    day -= (day + 3).rem_euclid(7);
                }
                let mut edge = to_utc(day * DAY_MS, zone);
                edges.push(edge);
                while edge <= to_ms {
                    day += i64::from(n.max(1));
                    // Each local midnight on its own offset; always forward, whatever the zone
                    // says, so no bar is empty or reversed and the loop ends.
                    edge = to_utc(day * DAY_MS, zone).max(edge + HOUR_MS);
                    edges.push(edge);
                }
            }
        }
        Self { step, edges }
    }

    /// How many bars.
    pub fn len(&self) -> usize {
        self.edges.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bar `index` as `(start, end)`, UTC ms, end exclusive.
    pub fn bar(&self, index: usize) -> Option<(i64, i64)> {
        Some((*self.edges.get(index)?, *self.edges.get(index + 1)?))
    }

    /// Bar `index` in words, in `zone`: "2026-12-01 14:00–15:00", "2026-12-01" for a day,
    /// "2026-11-23 – 2026-11-29" for a week. An hour the clocks show twice (a daylight-saving
    /// change) names its offset, so its two bars can be told apart.
    pub fn label(&self, index: usize, zone: &impl Offset) -> String {
        let Some((start, end)) = self.bar(index) else {
            return String::new();
        };
        let at = |ms: i64| date_time(ms, zone.offset_ms(ms));
        let (first, last) = (at(start), at(end - 1));
        match self.step {
            Step::Days(1) => first[..10].to_owned(),
            Step::Days(_) => format!("{} – {}", &first[..10], &last[..10]),
            Step::Minutes(_) | Step::Hours(1) => {
                // On the start's clock: the hour before a change ends at 03:00, not 02:00. A
                // bar shortened by a half-hour change says so: 02:30–03:00 after the spring
                // gap, 01:30–02:00 for the repeated half hour. Any part of it the clocks show
                // twice names the offset, as the bar before a repeated half hour runs into it.
                let end_clock = date_time(end, zone.offset_ms(start));
                let mut label = format!("{}–{}", &first[..16], &end_clock[11..16]);
                if repeated_wall_time(start, zone) || repeated_wall_time(end - 1, zone) {
                    label.push_str(&format!(" ({})", offset_label(zone.offset_ms(start))));
                }
                label
            }
            // Stepped on the local clock: each end on its own.
            Step::Hours(_) => format!("{}–{}", &first[..16], &at(end)[11..16]),
        }
    }

    /// The bar an instant falls in; `None` outside every bar.
    pub fn index_of(&self, at_ms: i64) -> Option<usize> {
        let first = *self.edges.first()?;
        let last = *self.edges.last()?;
        if at_ms < first || at_ms >= last {
            return None;
        }
        Some(self.edges.partition_point(|edge| *edge <= at_ms) - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::dates::{Fixed, Utc};
    use jobscope_wire::Timestamp;

    /// UTC+1, and UTC+2 from 2026-03-29T01:00Z to 2026-10-25T01:00Z (the EU rule).
    struct Berlin;

    impl Offset for Berlin {
        fn offset_ms(&self, utc_ms: i64) -> i64 {
            if (1_774_746_000_000..1_792_890_000_000).contains(&utc_ms) {
                7_200_000
            } else {
                3_600_000
            }
        }
    }

    /// Lord Howe Island: UTC+11:00, and UTC+10:30 from 2026-04-04T15:00Z (02:00 there, back to
    /// 01:30) to 2026-10-03T15:30Z (02:00 there, on to 02:30).
    struct LordHowe;

    impl Offset for LordHowe {
        fn offset_ms(&self, utc_ms: i64) -> i64 {
            if (1_775_314_800_000..1_791_041_400_000).contains(&utc_ms) {
                37_800_000
            } else {
                39_600_000
            }
        }
    }

    /// Each bar's start on `zone`'s clock, "HH:MM".
    fn local_starts(buckets: &Buckets, zone: &impl Offset) -> Vec<String> {
        (0..buckets.len())
            .map(|i| {
                let start = buckets.bar(i).unwrap().0;
                date_time(start, zone.offset_ms(start))[11..16].to_owned()
            })
            .collect()
    }

    /// Each bar's length in real minutes.
    fn minutes(buckets: &Buckets) -> Vec<i64> {
        (0..buckets.len())
            .map(|i| {
                let (start, end) = buckets.bar(i).unwrap();
                (end - start) / MINUTE_MS
            })
            .collect()
    }

    /// The bars run on from one to the next, none empty, the first holding `from` and the last
    /// `to`, and every minute between falls in the bar around it.
    fn assert_covers(buckets: &Buckets, from: i64, to: i64) {
        assert!(!buckets.is_empty());
        for i in 0..buckets.len() {
            let (start, end) = buckets.bar(i).unwrap();
            assert!(end > start, "bar {i} is empty or reversed");
            if let Some((next, _)) = buckets.bar(i + 1) {
                assert_eq!(end, next, "a gap or an overlap after bar {i}");
            }
        }
        assert_eq!(buckets.index_of(from), Some(0));
        assert_eq!(buckets.index_of(to), Some(buckets.len() - 1));
        for instant in (from..=to).step_by(60_000) {
            let (start, end) = buckets.bar(buckets.index_of(instant).unwrap()).unwrap();
            assert!((start..end).contains(&instant));
        }
    }

    fn at(text: &str) -> i64 {
        Timestamp::raw(text).epoch_ms().unwrap()
    }

    fn starts(buckets: &Buckets) -> Vec<String> {
        (0..buckets.len())
            .map(|i| {
                let start = buckets.bar(i).unwrap().0;
                Timestamp::from_epoch_ms(start).as_str().to_owned()
            })
            .collect()
    }

    #[test]
    fn the_step_grows_with_the_window() {
        assert_eq!(Step::for_span(HOUR_MS), Step::Minutes(1));
        assert_eq!(
            Step::for_span(HOUR_MS + 59_999),
            Step::Minutes(1),
            "the last hour, its start rounded down to the minute"
        );
        assert_eq!(Step::for_span(DAY_MS), Step::Hours(1));
        assert_eq!(Step::for_span(7 * DAY_MS), Step::Hours(3));
        assert_eq!(Step::for_span(30 * DAY_MS), Step::Days(1));
        assert_eq!(Step::for_span(365 * DAY_MS), Step::Days(7));
        assert_eq!(Step::for_span(3_650 * DAY_MS), Step::Days(61));
        assert_eq!(Step::for_span(0), Step::Minutes(1));
        assert_eq!(Step::Days(7).label(), "1 week");
        assert_eq!(Step::Minutes(15).label(), "15 minutes");
    }

    #[test]
    fn a_day_of_hours_starts_on_the_clock_and_covers_the_window() {
        let from = at("2026-11-30T14:37:00Z");
        let to = at("2026-12-01T14:37:00Z");
        let buckets = Buckets::new(from, to, &Utc);
        assert_eq!(buckets.step, Step::Hours(1));
        assert_eq!(buckets.len(), 25, "a partial hour at each end");
        assert_eq!(buckets.bar(0).unwrap().0, at("2026-11-30T14:00:00Z"));
        assert_eq!(buckets.bar(24).unwrap().1, at("2026-12-01T15:00:00Z"));
        assert_eq!(buckets.index_of(from), Some(0));
        assert_eq!(buckets.index_of(to), Some(24));
        assert_eq!(
            buckets.index_of(at("2026-11-30T15:00:00Z")),
            Some(1),
            "a start"
        );
        assert_eq!(buckets.index_of(at("2026-11-30T15:00:00Z") - 1), Some(0));
        assert_eq!(buckets.index_of(at("2026-11-30T13:59:59Z")), None);
        assert_eq!(buckets.index_of(at("2026-12-01T15:00:00Z")), None);
    }

    #[test]
    fn hours_follow_the_zones_clock_even_at_a_half_hour_offset() {
        let india = Fixed(5 * HOUR_MS + 30 * MINUTE_MS);
        let buckets = Buckets::with_step(
            at("2026-12-01T10:10:00Z"),
            at("2026-12-01T12:00:00Z"),
            Step::Hours(1),
            &india,
        );
        // 10:10Z is 15:40 there: the bar starts at 15:00 there, 09:30Z.
        assert_eq!(starts(&buckets)[0], "2026-12-01T09:30:00Z");
    }

    #[test]
    fn days_run_midnight_to_midnight_and_the_autumn_change_makes_one_25_hours() {
        // Berlin, 24 to 27 October 2026: clocks go back at 03:00 on the 25th.
        let buckets = Buckets::with_step(
            at("2026-10-23T22:00:00Z"),
            at("2026-10-26T22:59:59Z"),
            Step::Days(1),
            &Berlin,
        );
        assert_eq!(
            starts(&buckets),
            [
                "2026-10-23T22:00:00Z", // 24th, CEST midnight
                "2026-10-24T22:00:00Z", // 25th, still CEST at midnight
                "2026-10-25T23:00:00Z", // 26th, CET
            ]
        );
        let hours = |i| {
            let (start, end) = buckets.bar(i).unwrap();
            (end - start) / HOUR_MS
        };
        assert_eq!((hours(0), hours(1), hours(2)), (24, 25, 24));
        assert_eq!(buckets.label(1, &Berlin), "2026-10-25");
    }

    #[test]
    fn the_spring_change_makes_a_23_hour_day() {
        let buckets = Buckets::with_step(
            at("2026-03-28T23:00:00Z"),
            at("2026-03-29T21:59:59Z"),
            Step::Days(1),
            &Berlin,
        );
        assert_eq!(buckets.len(), 1);
        let (start, end) = buckets.bar(0).unwrap();
        assert_eq!((end - start) / HOUR_MS, 23);
        assert_eq!(end, at("2026-03-29T22:00:00Z"));
    }

    #[test]
    fn hours_across_the_autumn_change_are_all_real_hours() {
        // The night of 25 October in Berlin: 02:00–03:00 happens twice; both are bars.
        let buckets = Buckets::with_step(
            at("2026-10-24T22:00:00Z"),
            at("2026-10-25T05:59:59Z"),
            Step::Hours(1),
            &Berlin,
        );
        assert_eq!(
            buckets.len(),
            8,
            "midnight to 07:00 there: 7 hours of clock, 8 real"
        );
        for i in 0..buckets.len() {
            let (start, end) = buckets.bar(i).unwrap();
            assert_eq!(end - start, HOUR_MS);
        }
        assert_eq!(buckets.label(0, &Berlin), "2026-10-25 00:00–01:00");
        assert_eq!(
            buckets.label(2, &Berlin),
            "2026-10-25 02:00–03:00 (UTC+02:00)"
        );
        assert_eq!(
            buckets.label(3, &Berlin),
            "2026-10-25 02:00–03:00 (UTC+01:00)"
        );
    }

    #[test]
    fn three_hour_bars_stay_on_the_local_clock_across_a_change() {
        // Berlin, 24 to 26 October 2026: the clocks go back at 03:00 on the 25th.
        let buckets = Buckets::with_step(
            at("2026-10-24T22:00:00Z"),
            at("2026-10-25T10:59:59Z"),
            Step::Hours(3),
            &Berlin,
        );
        let labels: Vec<String> = (0..buckets.len())
            .map(|i| buckets.label(i, &Berlin)[11..].to_owned())
            .collect();
        assert_eq!(
            labels,
            ["00:00–03:00", "03:00–06:00", "06:00–09:00", "09:00–12:00"]
        );
        let (start, end) = buckets.bar(0).unwrap();
        assert_eq!((end - start) / HOUR_MS, 4, "the bar with the repeated hour");
    }

    #[test]
    fn weeks_start_on_monday() {
        // Thursday 26 November 2026 → Monday the 23rd; Tuesday 1 December is in the next.
        let buckets = Buckets::with_step(
            at("2026-11-26T12:00:00Z"),
            at("2026-12-01T12:00:00Z"),
            Step::Days(7),
            &Utc,
        );
        assert_eq!(
            starts(&buckets),
            ["2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z"]
        );
        assert_eq!(buckets.label(0, &Utc), "2026-11-23 – 2026-11-29");
    }

    #[test]
    fn a_zone_that_goes_back_a_whole_day_still_ends() {
        // Nonsense offsets must not stop the walk forward.
        struct Wobbly;
        impl Offset for Wobbly {
            fn offset_ms(&self, utc_ms: i64) -> i64 {
                if utc_ms.rem_euclid(2 * DAY_MS) < DAY_MS {
                    0
                } else {
                    30 * HOUR_MS
                }
            }
        }
        let from = at("2026-11-01T00:00:00Z");
        let buckets = Buckets::with_step(from, from + 10 * DAY_MS, Step::Days(1), &Wobbly);
        assert!(buckets.len() <= 11 * 24);
        for i in 0..buckets.len() {
            let (start, end) = buckets.bar(i).unwrap();
            assert!(end > start);
        }
        assert!(buckets.index_of(from + 10 * DAY_MS).is_some());
    }

    #[test]
    fn hours_after_a_half_hour_spring_change_are_back_on_the_clock() {
        // Lord Howe, night of 3 to 4 October 2026: at 02:00 the clock goes on to 02:30.
        let (from, to) = (at("2026-10-03T12:30:00Z"), at("2026-10-03T19:59:59Z"));
        let buckets = Buckets::with_step(from, to, Step::Hours(1), &LordHowe);
        assert_covers(&buckets, from, to);
        assert_eq!(
            local_starts(&buckets, &LordHowe),
            [
                "23:00", "00:00", "01:00", "02:30", "03:00", "04:00", "05:00", "06:00"
            ]
        );
        assert_eq!(minutes(&buckets), [60, 60, 60, 30, 60, 60, 60, 60]);
        let change = at("2026-10-03T15:30:00Z");
        assert_eq!(buckets.index_of(change), Some(3));
        assert_eq!(buckets.bar(3), Some((change, at("2026-10-03T16:00:00Z"))));
        assert_eq!(buckets.label(2, &LordHowe), "2026-10-04 01:00–02:00");
        assert_eq!(buckets.label(3, &LordHowe), "2026-10-04 02:30–03:00");
        assert_eq!(buckets.label(4, &LordHowe), "2026-10-04 03:00–04:00");
    }

    #[test]
    fn hours_after_a_half_hour_autumn_change_are_back_on_the_clock() {
        // Lord Howe, night of 4 to 5 April 2026: at 02:00 the clock goes back to 01:30, so
        // 01:30–02:00 happens twice; the second time is a bar of its own.
        let (from, to) = (at("2026-04-04T12:00:00Z"), at("2026-04-04T19:29:59Z"));
        let buckets = Buckets::with_step(from, to, Step::Hours(1), &LordHowe);
        assert_covers(&buckets, from, to);
        assert_eq!(
            local_starts(&buckets, &LordHowe),
            [
                "23:00", "00:00", "01:00", "01:30", "02:00", "03:00", "04:00", "05:00"
            ]
        );
        assert_eq!(minutes(&buckets), [60, 60, 60, 30, 60, 60, 60, 60]);
        let change = at("2026-04-04T15:00:00Z");
        assert_eq!(buckets.index_of(change), Some(3));
        assert_eq!(buckets.bar(3), Some((change, at("2026-04-04T15:30:00Z"))));
        assert_eq!(
            buckets.label(2, &LordHowe),
            "2026-04-05 01:00–02:00 (UTC+11:00)",
            "its last half hour comes again"
        );
        assert_eq!(
            buckets.label(3, &LordHowe),
            "2026-04-05 01:30–02:00 (UTC+10:30)"
        );
        assert_eq!(buckets.label(4, &LordHowe), "2026-04-05 02:00–03:00");
    }

    #[test]
    fn a_window_starting_in_a_half_hour_bar_starts_with_it() {
        for (from, first) in [
            (
                "2026-04-04T15:10:00Z",
                ("2026-04-04T15:00:00Z", "2026-04-04T15:30:00Z"),
            ),
            (
                "2026-04-04T15:00:00Z",
                ("2026-04-04T15:00:00Z", "2026-04-04T15:30:00Z"),
            ),
            (
                "2026-04-04T14:40:00Z",
                ("2026-04-04T14:00:00Z", "2026-04-04T15:00:00Z"),
            ),
            (
                "2026-10-03T15:40:00Z",
                ("2026-10-03T15:30:00Z", "2026-10-03T16:00:00Z"),
            ),
            (
                "2026-10-03T15:20:00Z",
                ("2026-10-03T14:30:00Z", "2026-10-03T15:30:00Z"),
            ),
        ] {
            let (from, to) = (at(from), at(from) + 5 * HOUR_MS);
            let buckets = Buckets::with_step(from, to, Step::Hours(1), &LordHowe);
            assert_covers(&buckets, from, to);
            assert_eq!(buckets.bar(0), Some((at(first.0), at(first.1))));
            // Every bar but the one starting at the change starts on the hour.
            let changes = [at("2026-04-04T15:00:00Z"), at("2026-10-03T15:30:00Z")];
            for (i, local) in local_starts(&buckets, &LordHowe).iter().enumerate() {
                let start = buckets.bar(i).unwrap().0;
                if changes.iter().all(|change| start != *change) {
                    assert!(local.ends_with(":00"), "bar {i} starts at {local}");
                }
            }
        }
    }

    #[test]
    fn quarter_hours_across_a_half_hour_change_are_all_real_quarter_hours() {
        for (from, to) in [
            ("2026-04-04T13:00:00Z", "2026-04-04T17:00:00Z"),
            ("2026-10-03T14:00:00Z", "2026-10-03T17:00:00Z"),
        ] {
            let (from, to) = (at(from), at(to));
            let buckets = Buckets::with_step(from, to, Step::Minutes(15), &LordHowe);
            assert_covers(&buckets, from, to);
            assert!(minutes(&buckets).iter().all(|length| *length == 15));
            assert!(
                local_starts(&buckets, &LordHowe)
                    .iter()
                    .all(|start| ["00", "15", "30", "45"].contains(&&start[3..]))
            );
        }
    }

    #[test]
    fn hours_in_a_zone_that_never_sits_on_the_clock_still_end() {
        // An offset that moves by odd amounts all the time: every step is off the clock.
        struct Drifting;
        impl Offset for Drifting {
            fn offset_ms(&self, utc_ms: i64) -> i64 {
                utc_ms.rem_euclid(7 * MINUTE_MS + 13) * 97
            }
        }
        let from = at("2026-11-01T00:00:00Z");
        let to = from + 2 * DAY_MS;
        for step in [Step::Hours(1), Step::Minutes(1), Step::Minutes(15)] {
            let buckets = Buckets::with_step(from, to, step, &Drifting);
            assert_covers(&buckets, from, to);
            assert!(buckets.len() as i64 <= (to - from) / MINUTE_MS + 2);
            assert!(minutes(&buckets).iter().all(|length| *length >= 1));
        }
    }
}
