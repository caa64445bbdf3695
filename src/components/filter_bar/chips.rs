//! One removable chip per active filter, and "Clear all".

use std::time::Duration;

use jobscope_wire::booper::BooperState;
use jobscope_wire::scripe::{JobStatus, JobType};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::filters::Filters;
use crate::filters::dates::{self, Edge, Preset, Zone};
use crate::format;
use crate::hooks::use_filters::Write;
use crate::hooks::use_remembered::use_remembered;
use crate::hooks::use_time_zone::local_zone_name;

/// A chip: its hook (`status:FAILED`, `dateFrom`), its text, and what removing it removes.
struct Chip {
    key: String,
    text: String,
    removes: Removes,
}

/// Applied to the filters current at the click, never to a copy taken when the chip was drawn.
#[derive(Clone)]
enum Removes {
    Status(JobStatus),
    Type(JobType),
    State(BooperState),
    From,
    To,
}

impl Removes {
    fn apply(&self, filters: &Filters) -> Filters {
        let mut next = filters.clone();
        match self {
            Self::Status(status) => next.statuses.retain(|other| other != status),
            Self::Type(job_type) => next.types.retain(|other| other != job_type),
            Self::State(state) => next.states.retain(|other| other != state),
            Self::From => next.date_from = None,
            Self::To => next.date_to = None,
        }
        next
    }
}

/// The chips for `filters`; dates are read in `zone`, named `zone_name` ("Europe/Berlin",
/// "UTC"; `None`: by its offset).
fn chips(filters: &Filters, now_ms: i64, zone: &dates::Zone, zone_name: Option<&str>) -> Vec<Chip> {
    let mut chips = Vec::new();
    for status in &filters.statuses {
        chips.push(Chip {
            key: format!("status:{}", status.as_str()),
            text: format!("Status: {}", format::status_label(status)),
            removes: Removes::Status(status.clone()),
        });
    }
    for job_type in &filters.types {
        chips.push(Chip {
            key: format!("type:{}", job_type.as_str()),
            text: format!("Type: {}", format::type_label(job_type)),
            removes: Removes::Type(job_type.clone()),
        });
    }
    for state in &filters.states {
        chips.push(Chip {
            key: format!("state:{}", state.as_str()),
            text: format!("State: {}", state.as_str()),
            removes: Removes::State(state.clone()),
        });
    }
    let preset = Preset::active(filters, now_ms);
    if let Some(from) = &filters.date_from {
        chips.push(Chip {
            key: "dateFrom".to_owned(),
            text: match preset {
                Some(preset) => preset.label().to_owned(),
                None => format!(
                    "From {}",
                    dates::bound_label(from, Edge::From, zone, zone_name)
                ),
            },
            removes: Removes::From,
        });
    }
    if let Some(to) = &filters.date_to {
        chips.push(Chip {
            key: "dateTo".to_owned(),
            text: format!("To {}", dates::bound_label(to, Edge::To, zone, zone_name)),
            removes: Removes::To,
        });
    }
    chips
}

#[component]
pub fn FilterChips(
    filters: Signal<Filters>,
    set: Callback<(Filters, Write)>,
    #[prop(into)] now_ms: Signal<i64>,
) -> impl IntoView {
    let zone = use_remembered::<Zone>().value;
    let local_name = StoredValue::new(local_zone_name());
    let list = move || {
        let zone = zone.get();
        local_name.with_value(|local_name| {
            let name = match zone {
                Zone::Utc => Some("UTC"),
                Zone::Local => local_name.as_deref(),
            };
            filters.with(|filters| chips(filters, now_ms.get(), &zone, name))
        })
    };
    view! {
        <Show when=move || filters.with(|filters| !filters.is_empty())>
            <ul class="chips" aria-label="Active filters">
                <For each=list key=|chip| (chip.key.clone(), chip.text.clone()) let(chip)>
                    <li>
                        <button
                            type="button"
                            class="chip"
                            data-chip=chip.key
                            aria-label=format!("Remove filter {}", chip.text)
                            on:click=move |event| {
                                keep_focus(&event);
                                let next = filters.with_untracked(|filters| chip.removes.apply(filters));
                                set.run((next, Write::Push));
                            }
                        >
                            {chip.text.clone()}
                            <span class="chip-x" aria-hidden="true">"×"</span>
                        </button>
                    </li>
                </For>
                <li>
                    <button
                        type="button"
                        class="clear-all"
                        on:click=move |event| {
                            keep_focus(&event);
                            set.run((Filters::default(), Write::Push));
                        }
                    >
                        "Clear all"
                    </button>
                </li>
            </ul>
        </Show>
    }
}

/// The clicked chip goes away: focus moves to the next chip (or "Clear all"), or to the
/// filter bar's first menu when none is left, so keyboard users keep their place.
fn keep_focus(event: &ev::MouseEvent) {
    let Some(button) = event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let first_menu = button
        .closest(".filter-bar")
        .ok()
        .flatten()
        .and_then(|bar| bar.query_selector("summary").ok().flatten());
    let next = button
        .parent_element()
        .and_then(|item| item.next_element_sibling())
        .and_then(|item| item.query_selector("button").ok().flatten());
    // After the change has rendered.
    set_timeout(
        move || {
            let target = next.filter(|next| next.is_connected()).or(first_menu);
            if let Some(target) = target.and_then(|target| target.dyn_into::<HtmlElement>().ok()) {
                let _ = target.focus();
            }
        },
        Duration::ZERO,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_chip_removes_exactly_its_filter() {
        let filters = Filters {
            statuses: vec![JobStatus::Running, JobStatus::Failed],
            types: vec![JobType::KbIngestUrl],
            states: Vec::new(),
            date_from: Some("2026-11-20T05:00:00Z".into()),
            date_to: Some("2026-11-20".into()),
        };
        let list = chips(&filters, 0, &dates::Zone::Utc, Some("UTC"));
        let texts: Vec<&str> = list.iter().map(|chip| chip.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Status: Running",
                "Status: Failed",
                "Type: URL ingest",
                "From 2026-11-20 05:00 (UTC)",
                "To 2026-11-20 (UTC)"
            ]
        );
        // The local zone, unnamed (as outside a browser): named by its offset.
        let local = chips(&filters, 0, &dates::Zone::Local, None);
        assert_eq!(local[3].text, "From 2026-11-20 05:00 (UTC)");
        let without = |i: usize| list[i].removes.apply(&filters);
        assert_eq!(without(1).statuses, [JobStatus::Running]);
        assert_eq!(without(1).types, filters.types);
        assert!(without(2).types.is_empty());
        assert_eq!(without(3).date_from, None);
        assert_eq!(without(3).date_to, filters.date_to);
        assert_eq!(without(4).date_to, None);
        assert_eq!(without(4).statuses, filters.statuses);
    }
}
