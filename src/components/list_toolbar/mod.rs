//! Above the list: jump to a job by id, refresh interval, how times read, export, and the
//! keyboard shortcuts (`/` focuses the search, `?` lists the keys).

mod export_menu;
mod jump_to_job;
mod keyboard_help;

use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::chunks;
use crate::components::lazy::Lazy;
use crate::feed::RefreshInterval;
use crate::format::TimeDisplay;
use crate::hooks::use_export::UseExportReturn;
use crate::hooks::use_remembered::{Remembered, use_remembered};
pub use export_menu::ExportMenu;
pub use jump_to_job::{JumpToJob, job_id_in};
pub use keyboard_help::KeyboardHelp;

#[component]
pub fn ListToolbar(
    /// Opens a job's drawer.
    open: Callback<String>,
    export: UseExportReturn,
    /// Why live refreshes are spaced out (rate limited, or failing), when they are.
    #[prop(into)]
    slowed: Signal<Option<String>>,
) -> impl IntoView {
    let search = NodeRef::<Input>::new();
    let help = RwSignal::new(false);
    // Global keys, unless the user is typing somewhere.
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || is_typing(&event) {
            return;
        }
        match event.key().as_str() {
            "/" => {
                if let Some(input) = search.get_untracked() {
                    event.prevent_default();
                    let _ = input.focus();
                }
            }
            "?" => {
                event.prevent_default();
                help.set(true);
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <div class="list-toolbar">
            <JumpToJob open input=search/>
            <RememberedSelect<RefreshInterval> name="refresh" label="Refresh"/>
            <Show when=move || slowed.with(Option::is_some)>
                <span class="toolbar-hint" role="status">{move || slowed.get()}</span>
            </Show>
            <RememberedSelect<TimeDisplay> name="time-display" label="Times"/>
            <ExportMenu export/>
            <button
                type="button"
                class="button button-secondary keys-button"
                aria-haspopup="dialog"
                aria-keyshortcuts="?"
                on:click=move |_| help.set(true)
            >
                "Keys"
            </button>
            <Lazy when=help what="the keyboard shortcuts" load=move || chunks::keyboard_help(help)/>
        </div>
    }
}

/// In a text field, a select or an open dialog's form: keys belong to it.
fn is_typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(
                element.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select"
            ) || element
                .closest("[contenteditable], dialog[open]")
                .ok()
                .flatten()
                .is_some()
        })
}

/// A choice of one remembered on this device, as a labelled `<select>`.
#[component]
fn RememberedSelect<T: Remembered>(
    /// The `name` of the select (a hook for tests and automation).
    name: &'static str,
    label: &'static str,
    #[prop(optional)] _choice: std::marker::PhantomData<T>,
) -> impl IntoView {
    let choice = use_remembered::<T>();
    view! {
        <label class="toolbar-field">
            <span class="field-label">{label}</span>
            <select
                name=name
                on:change=move |event| {
                    if let Some(next) = T::from_key(&event_target_value(&event)) {
                        choice.set.run(next);
                    }
                }
            >
                {T::ALL
                    .iter()
                    .map(|option| {
                        let option = *option;
                        view! {
                            <option value=option.key() selected=move || choice.value.get() == option>
                                {option.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
