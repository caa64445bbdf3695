//! The created-at range: quick presets, and from/to as a date with an optional time, entered
//! in the chosen zone (the browser's or UTC) and written to the URL as UTC instants.

use leptos::ev;
use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::filters::Filters;
use crate::filters::dates::{self, Edge, Preset, Zone};
use crate::filters::query::{self, Ignored};
use crate::hooks::use_filters::Write;
use crate::hooks::use_now;
use crate::hooks::use_remembered::{UseRememberedReturn, use_remembered};
use crate::hooks::use_time_zone::local_zone_name;

/// The preset `<select>`'s value for a range that is none of the presets.
const CUSTOM: &str = "custom";

#[component]
pub fn DateRange(
    filters: Signal<Filters>,
    set: Callback<(Filters, Write)>,
    /// Now, refreshed now and then: a preset stops being shown once time has moved on.
    #[prop(into)]
    now_ms: Signal<i64>,
) -> impl IntoView {
    let UseRememberedReturn {
        value: zone,
        set: set_zone,
        ..
    } = use_remembered::<Zone>();
    let error = RwSignal::new(None::<String>);
    // The custom option, once picked, shows until a preset or "any time" is.
    let custom = RwSignal::new(false);
    // Typing into one input pushes one history entry, then replaces it until focus leaves.
    let editing = StoredValue::new(None::<Edge>);
    let from_date = NodeRef::<Input>::new();

    let preset_value = Memo::new(move |_| {
        filters.with(|filters| match Preset::active(filters, now_ms.get()) {
            Some(preset) => preset.key(),
            None if filters.date_from.is_some() || filters.date_to.is_some() || custom.get() => {
                CUSTOM
            }
            None => "",
        })
    });
    let on_preset = move |event| {
        let value = event_target_value(&event);
        let current = filters.get_untracked();
        let next = if value == CUSTOM {
            custom.set(true);
            if let Some(input) = from_date.get_untracked() {
                let _ = input.focus();
            }
            return;
        } else if let Some(preset) = Preset::from_key(&value) {
            preset.apply(&current, use_now::now_ms())
        } else {
            Filters {
                date_from: None,
                date_to: None,
                ..current
            }
        };
        custom.set(false);
        error.set(None);
        set.run((next, Write::Push));
    };

    // Focus moving between the date and the time of one bound stays one edit.
    let end_edit = move |event: ev::FocusEvent| {
        let within = event
            .current_target()
            .and_then(|edge| edge.dyn_into::<web_sys::Node>().ok())
            .zip(
                event
                    .related_target()
                    .and_then(|to| to.dyn_into::<web_sys::Node>().ok()),
            )
            .is_some_and(|(edge, to)| edge.contains(Some(&to)));
        if !within {
            editing.set_value(None);
        }
    };
    let edge_view = move |edge: Edge| {
        // The `from` date input is also the one "Custom range" focuses.
        let date = if edge == Edge::From {
            from_date
        } else {
            NodeRef::<Input>::new()
        };
        let time = NodeRef::<Input>::new();
        let (word, date_name, time_name) = match edge {
            Edge::From => ("From", "fromDate", "fromTime"),
            Edge::To => ("To", "toDate", "toTime"),
        };
        let shown = move || {
            let zone = zone.get();
            filters.with(|filters| {
                let bound = match edge {
                    Edge::From => filters.date_from.as_deref(),
                    Edge::To => filters.date_to.as_deref(),
                };
                bound
                    .map(|bound| dates::inputs_from_bound(bound, edge, &zone))
                    .unwrap_or_default()
            })
        };
        let shown = Memo::new(move |_| shown());
        let on_change = move |_| {
            let (Some(date), Some(time)) = (date.get_untracked(), time.get_untracked()) else {
                return;
            };
            // A half-typed date or time reads as empty: wait for the rest.
            if date.validity().bad_input() || time.validity().bad_input() {
                return;
            }
            let bound = match dates::bound_from_inputs(
                &date.value(),
                &time.value(),
                edge,
                &zone.get_untracked(),
            ) {
                Ok(bound) => bound,
                Err(problem) => {
                    error.set(Some(problem.to_string()));
                    return;
                }
            };
            let mut next = filters.get_untracked();
            match edge {
                Edge::From => next.date_from = bound,
                Edge::To => next.date_to = bound,
            }
            let check = query::parse(
                query::to_pairs(&next)
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            );
            if check.ignored.contains(&Ignored::Reversed) {
                error.set(Some("“To” is before “From”.".to_owned()));
                return;
            }
            error.set(None);
            let write = if editing.get_value() == Some(edge) {
                Write::Replace
            } else {
                editing.set_value(Some(edge));
                Write::Push
            };
            set.run((next, write));
        };
        view! {
            <div class="date-edge" on:focusout=end_edit>
                <label class="field-label" for=date_name>{word}</label>
                // Empty, a bound says "not set": WebKit fills an empty date input with
                // today's date (and a time input with now) in grey, which reads as set.
                <span class="date-field">
                    <input
                        type="date"
                        id=date_name
                        name=date_name
                        node_ref=date
                        class:is-empty=move || shown.with(|shown| shown.0.is_empty())
                        prop:value=move || shown.with(|shown| shown.0.clone())
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby="date-range-error"
                        on:change=on_change
                    />
                    <span class="date-unset" aria-hidden="true">"not set"</span>
                </span>
                <input
                    type="time"
                    name=time_name
                    node_ref=time
                    class:is-empty=move || shown.with(|shown| shown.1.is_empty())
                    aria-label=format!("{word} time (optional: the whole day when empty)")
                    prop:value=move || shown.with(|shown| shown.1.clone())
                    on:change=on_change
                />
            </div>
        }
    };

    let zone_label = match local_zone_name() {
        Some(name) => format!("Local ({name})"),
        None => "Local".to_owned(),
    };
    let zone_choices = vec![
        (Zone::Local.key(), zone_label),
        (Zone::Utc.key(), "UTC".to_owned()),
    ];
    let zone_value = Memo::new(move |_| zone.get().key());
    view! {
        <fieldset class="date-range">
            <legend class="field-label">"Created"</legend>
            <select name="preset" aria-label="Created within" on:change=on_preset>
                {options(preset_choices(), preset_value)}
            </select>
            {edge_view(Edge::From)}
            {edge_view(Edge::To)}
            <select
                name="zone"
                aria-label="Time zone of the dates"
                on:change=move |event| {
                    if let Some(choice) = Zone::from_key(&event_target_value(&event)) {
                        set_zone.run(choice);
                    }
                }
            >
                {options(zone_choices, zone_value)}
            </select>
            <p id="date-range-error" class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// The preset `<select>`'s options: any time, the presets, custom.
fn preset_choices() -> Vec<(&'static str, String)> {
    let mut choices = vec![("", "Any time".to_owned())];
    choices.extend(Preset::ALL.map(|preset| (preset.key(), preset.label().to_owned())));
    choices.push((CUSTOM, "Custom range".to_owned()));
    choices
}

/// A `<select>`'s options with `current` selected. `selected` goes on the options: the
/// select's own value would be set before its options exist.
fn options(choices: Vec<(&'static str, String)>, current: Memo<&'static str>) -> impl IntoView {
    choices
        .into_iter()
        .map(|(value, label)| {
            view! { <option value=value prop:selected=move || current.get() == value>{label}</option> }
        })
        .collect_view()
}
