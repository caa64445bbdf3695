//! A multi-select as a disclosure menu of checkboxes: native `<details>`, so it opens with
//! Enter or Space, every option is a real checkbox (Tab, Space), and Escape or a click
//! elsewhere closes it.

use leptos::ev;
use leptos::html::Details;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::types::{Choice, summary};

#[component]
pub fn MultiSelect(
    /// The filter's query name (`status`): the checkboxes' `name` and the menu's `data-filter`.
    name: &'static str,
    /// What people read ("Status").
    label: &'static str,
    choices: Vec<Choice>,
    /// The values checked now.
    #[prop(into)]
    selected: Signal<Vec<&'static str>>,
    /// A value was checked (`true`) or unchecked.
    on_toggle: Callback<(&'static str, bool)>,
    /// One value at most: radio buttons, with "Any" first.
    #[prop(optional)]
    single: bool,
) -> impl IntoView {
    let menu = NodeRef::<Details>::new();
    let close = move |refocus: bool| {
        if let Some(details) = menu.get_untracked()
            && details.open()
        {
            details.set_open(false);
            if refocus && let Ok(Some(summary)) = details.query_selector("summary") {
                let _ = summary.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    };
    let on_keydown = move |event: ev::KeyboardEvent| {
        if event.key() == "Escape" {
            close(true);
        }
    };
    // A pointer press outside the open menu closes it, as menus do.
    let outside = window_event_listener(ev::pointerdown, move |event| {
        let inside = menu.get_untracked().is_some_and(|details| {
            event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|node| details.contains(Some(&node)))
        });
        if !inside {
            close(false);
        }
    });
    on_cleanup(move || outside.remove());

    let summary_choices = choices.clone();
    let shown = move || selected.with(|selected| summary(&summary_choices, selected));
    // A single choice offers "Any" (the empty value) to clear it, as radios cannot be unticked.
    let any = single.then(|| Choice {
        value: "",
        label: "Any".to_owned(),
    });
    let kind = if single { "radio" } else { "checkbox" };
    let items = any
        .into_iter()
        .chain(choices)
        .map(|choice| {
            let value = choice.value;
            let checked = move || {
                selected.with(|selected| {
                    selected.contains(&value) || (value.is_empty() && selected.is_empty())
                })
            };
            view! {
                <label class="menu-item">
                    <input
                        type=kind
                        name=name
                        value=value
                        prop:checked=checked
                        on:change=move |event| {
                            if value.is_empty() {
                                // "Any": untick whatever was chosen.
                                for chosen in selected.get_untracked() {
                                    on_toggle.run((chosen, false));
                                }
                            } else {
                                on_toggle.run((value, event_target_checked(&event)));
                            }
                        }
                    />
                    {choice.label}
                </label>
            }
        })
        .collect_view();

    view! {
        <details class="menu" data-filter=name node_ref=menu on:keydown=on_keydown>
            <summary class="menu-button">
                <span class="menu-label">{label}</span>
                <span class="menu-value" class:menu-value-set=move || selected.with(|s| !s.is_empty())>
                    {shown}
                </span>
            </summary>
            <fieldset class="menu-panel">
                <legend class="visually-hidden">{label}</legend>
                {items}
            </fieldset>
        </details>
    }
}
