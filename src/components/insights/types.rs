//! What the Insights views share: a status's colour class, the order statuses stack in, and
//! the navigation from a figure to the list.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::insights::Phase;

/// The stylesheet's class for a status's colour (`seg-failed`), by what it means.
pub fn phase_class(phase: Phase) -> &'static str {
    match phase {
        Phase::Queued => "phase-queued",
        Phase::Running => "phase-running",
        Phase::Succeeded => "phase-done",
        Phase::Failed => "phase-failed",
        Phase::Cancelled => "phase-cancelled",
        Phase::Other => "phase-other",
    }
}

/// A share (0 to 1) as a whole percentage: "37 %".
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// A status, type or error code as sent, or `placeholder` ("(no type)") when the API sent
/// none that could be read (counted under `""`).
pub fn or_placeholder(text: String, placeholder: &str) -> String {
    if text.is_empty() {
        placeholder.to_owned()
    } else {
        text
    }
}

/// Indexes of `statuses` bottom to top: finished (failures first, so a spike sits on the
/// axis), then cancelled, running, queued, unknown; ties by name.
pub fn stack_order(statuses: &[(String, Phase)]) -> Vec<usize> {
    let rank = |phase: Phase| match phase {
        Phase::Failed => 0,
        Phase::Succeeded => 1,
        Phase::Cancelled => 2,
        Phase::Running => 3,
        Phase::Queued => 4,
        Phase::Other => 5,
    };
    let mut order: Vec<usize> = (0..statuses.len()).collect();
    order.sort_by(|a, b| {
        let (name_a, phase_a) = &statuses[*a];
        let (name_b, phase_b) = &statuses[*b];
        rank(*phase_a)
            .cmp(&rank(*phase_b))
            .then_with(|| name_a.cmp(name_b))
    });
    order
}

/// Follows a link of [`crate::insights::links`] (`./?…`, relative to the app's base) within
/// the app, as a click on it would.
pub fn go_to() -> impl Fn(&str) + Copy + 'static {
    let location = use_location();
    let navigate = StoredValue::new_local(use_navigate());
    move |href: &str| {
        // `pathname` is `<base>insights`: the list is `<base>`.
        let path = location.pathname.get_untracked();
        let base = path.rsplit_once('/').map_or("/", |(dir, _)| dir);
        let url = format!("{base}/{}", href.trim_start_matches("./"));
        let options = NavigateOptions {
            resolve: false,
            ..NavigateOptions::default()
        };
        navigate.with_value(|navigate| navigate(&url, options));
    }
}
