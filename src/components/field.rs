//! How a job's fields read when they are odd: a value the API sent that could not be read
//! shows "unknown" (its tooltip says what was sent; the drawer's raw JSON keeps it), a field
//! not set shows a dash, and a duration that cannot be known (a missing start, an end before
//! the start) reads "unknown", never "0 ms".

use jobscope_wire::error::ellipsize;
use jobscope_wire::field::kind;
use jobscope_wire::{Field, Timestamp};
use leptos::prelude::*;
use serde_json::Value;

use crate::format;

/// The tooltip of an "unknown": what the API sent, in short.
pub fn unknown_title(raw: &Value) -> String {
    let sent = serde_json::to_string(raw).unwrap_or_default();
    format!(
        "The API sent a value here that could not be read ({}: {})",
        kind(raw),
        ellipsize(&sent, 60)
    )
}

/// "unknown", for a value the API sent that could not be read.
#[component]
pub fn Unknown(raw: Value) -> impl IntoView {
    view! { <span class="muted field-unknown" data-unknown="" title=unknown_title(&raw)>"unknown"</span> }
}

/// A dash for a field that is not set.
#[component]
pub fn NotSet() -> impl IntoView {
    view! { <span class="muted" aria-label="Not set">"–"</span> }
}

/// A field as text: `text` of its value, a dash when not set, "unknown" when unreadable.
pub fn field_view<T>(field: &Field<T>, text: impl FnOnce(&T) -> String) -> AnyView {
    match field {
        Field::Value(value) => text(value).into_any(),
        Field::Absent => view! { <NotSet/> }.into_any(),
        Field::Invalid(raw) => view! { <Unknown raw=(**raw).clone()/> }.into_any(),
    }
}

/// How long something took, as far as the two times say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Neither end is set: it has not happened (a queued job's run).
    NotYet,
    /// Both ends read and in order: milliseconds.
    Took(i64),
    /// An end is unreadable or missing while the other is set, or the end is before the
    /// start (clocks that disagree): no honest number.
    Unknown,
}

impl Span {
    /// From `start` to `end`.
    pub fn between(start: &Field<Timestamp>, end: &Field<Timestamp>) -> Self {
        match (instant(start), instant(end)) {
            (Some(None), Some(None)) => Self::NotYet,
            (Some(Some(start)), Some(Some(end))) => Self::since(start, end),
            _ => Self::Unknown,
        }
    }

    /// From `start_ms` to `now_ms` (a job still running); a start in the future is unknown.
    pub fn since(start_ms: i64, now_ms: i64) -> Self {
        match now_ms.checked_sub(start_ms) {
            Some(ms) if ms >= 0 => Self::Took(ms),
            _ => Self::Unknown,
        }
    }

    /// "4 min 05 s", "unknown", or `None` when it has not happened.
    pub fn text(self) -> Option<String> {
        match self {
            Self::NotYet => None,
            Self::Took(ms) => Some(format::duration(ms)),
            Self::Unknown => Some("unknown".to_owned()),
        }
    }
}

/// `Some(None)`: not set; `Some(Some(ms))`: a readable instant; `None`: sent but unreadable.
fn instant(at: &Field<Timestamp>) -> Option<Option<i64>> {
    match at {
        Field::Absent => Some(None),
        Field::Value(at) => at.epoch_ms().map(Some),
        Field::Invalid(_) => None,
    }
}

/// The readable instant of a time field, if any.
pub fn epoch_ms(at: &Field<Timestamp>) -> Option<i64> {
    at.value().and_then(Timestamp::epoch_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(text: &str) -> Field<Timestamp> {
        Field::Value(Timestamp::raw(text))
    }

    #[test]
    fn durations_are_known_only_when_both_ends_are_and_in_order() {
        let start = at("2026-11-01T12:00:00Z");
        let end = at("2026-11-01T12:01:30Z");
        assert_eq!(Span::between(&start, &end), Span::Took(90_000));
        assert_eq!(Span::between(&start, &end).text().unwrap(), "1 min 30 s");
        assert_eq!(Span::between(&Field::Absent, &Field::Absent), Span::NotYet);
        assert_eq!(Span::between(&Field::Absent, &Field::Absent).text(), None);
        // Skewed or missing: unknown, never "0 ms".
        for (from, to) in [
            (end.clone(), start.clone()),
            (Field::Absent, end.clone()),
            (start.clone(), Field::Invalid(Box::new(json!(5)))),
            (at("yesterday"), end.clone()),
        ] {
            let span = Span::between(&from, &to);
            assert_eq!(span, Span::Unknown, "{from:?} → {to:?}");
            assert_eq!(span.text().unwrap(), "unknown");
        }
        assert_eq!(
            Span::since(1_000, 500),
            Span::Unknown,
            "a start in the future"
        );
        assert_eq!(
            Span::since(1_000, 1_000),
            Span::Took(0),
            "a real 0 ms is 0 ms"
        );
    }

    #[test]
    fn unknown_says_what_was_sent_in_short() {
        assert_eq!(
            unknown_title(&json!("half")),
            "The API sent a value here that could not be read (a string: \"half\")"
        );
        let long = unknown_title(&json!("x".repeat(1_000)));
        assert!(long.chars().count() < 140, "{long}");
    }
}
