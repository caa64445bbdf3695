//! The keyboard shortcuts, listed in a dialog (`?`).

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::hooks::use_modal::use_modal;

const KEYS: [(&str, &str); 7] = [
    ("↓ or j", "Next job"),
    ("↑ or k", "Previous job"),
    ("Home / End", "First / last loaded job"),
    ("Enter", "Open the focused job"),
    ("Esc", "Close the job or this dialog"),
    ("/", "Find a job by its id"),
    ("?", "Show these keys"),
];

#[component]
pub fn KeyboardHelp(open: RwSignal<bool>) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    use_modal(dialog, move || open.get());
    view! {
        <dialog class="confirm keys-dialog" node_ref=dialog aria-labelledby="keys-title" on:close=move |_| open.set(false)>
            <h2 id="keys-title">"Keyboard shortcuts"</h2>
            <dl class="keys">
                {KEYS
                    .iter()
                    .map(|(key, what)| view! { <dt><kbd>{*key}</kbd></dt><dd>{*what}</dd> })
                    .collect_view()}
            </dl>
            <div class="dialog-actions">
                <button type="button" class="button" autofocus on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </dialog>
    }
}
