//! The window Insights reads: the last hour, day, week or month up to now (`window=` in the
//! URL, beside the list's filters), or the list's own date range when the URL has one.

use super::report::Span;
use super::tally::DEFAULT_CAP;
use crate::filters::Filters;
use crate::filters::dates::Preset;
use crate::filters::query::bound_ms;

/// The query parameter naming the window: a [`Preset`] key (`1h`, `24h`, `7d`, `30d`).
pub const PARAM: &str = "window";

/// The query parameter changing the cap on jobs read ([`CAPS`]; default [`DEFAULT_CAP`]).
pub const CAP_PARAM: &str = "cap";

/// The caps on offer.
pub const CAPS: [usize; 4] = [5_000, DEFAULT_CAP, 50_000, 100_000];

/// The cap a URL's `cap=` value names: one of [`CAPS`], else the default.
pub fn cap_from_query(value: Option<&str>) -> usize {
    value
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|cap| CAPS.contains(cap))
        .unwrap_or(DEFAULT_CAP)
}

/// The jobs Insights reads: created within a span of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// From that long before now, to now.
    Last(Preset),
    /// The filters' `dateFrom` ..= `dateTo` (either may be open).
    Range,
}

impl Default for Window {
    /// The last 24 hours: what someone on call asks about first.
    fn default() -> Self {
        Self::Last(Preset::LastDay)
    }
}

impl Window {
    /// The window of a URL: its date range when it has one, else its `window=` value, else
    /// the default. A `window=` value that names no window is returned to be reported.
    pub fn from_query<'a>(value: Option<&'a str>, filters: &Filters) -> (Self, Option<&'a str>) {
        if filters.date_from.is_some() || filters.date_to.is_some() {
            return (Self::Range, None);
        }
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => (Self::default(), None),
            Some(key) => match Preset::from_key(key) {
                Some(preset) => (Self::Last(preset), None),
                None => (Self::default(), value),
            },
        }
    }

    /// The `window=` value that names it; `None` for the date range (it is in the URL
    /// already) and for the default (canonical URLs leave it out).
    pub fn key(self) -> Option<&'static str> {
        match self {
            Self::Last(preset) if self != Self::default() => Some(preset.key()),
            _ => None,
        }
    }

    /// What the API is asked for at `now_ms`: `filters` with this window's date range.
    pub fn filters(self, filters: &Filters, now_ms: i64) -> Filters {
        match self {
            Self::Last(preset) => preset.apply(filters, now_ms),
            Self::Range => filters.clone(),
        }
    }

    /// The instants the window covers in `asked` (what [`Window::filters`] gave), UTC ms: its
    /// start (`None` for a range open at the start) and its end (now, when open).
    pub fn bounds(asked: &Filters, now_ms: i64) -> (Option<i64>, i64) {
        let from = asked.date_from.as_deref().and_then(|b| bound_ms(b, false));
        let to = asked.date_to.as_deref().and_then(|b| bound_ms(b, true));
        (from, to.unwrap_or(now_ms))
    }

    /// The span the figures are drawn over: the window, or from the oldest job read when the
    /// window is open at the start (the whole history).
    pub fn span(asked: &Filters, now_ms: i64, oldest_read: Option<i64>) -> Span {
        let (from, to_ms) = Self::bounds(asked, now_ms);
        let from_ms = from.or(oldest_read).unwrap_or(to_ms).min(to_ms);
        Span { from_ms, to_ms }
    }
}
