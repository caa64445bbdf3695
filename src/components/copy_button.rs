//! Copying to the clipboard, with a quiet "Copied" for screen readers.

use leptos::prelude::*;

/// Puts `text` on the clipboard (the browser may refuse without a user gesture).
pub fn write_clipboard(text: &str) {
    let _ = window().navigator().clipboard().write_text(text);
}

/// Copies `text` to the clipboard and says so.
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, label: &'static str) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        write_clipboard(&text.get_untracked());
        copied.set(true);
    };
    view! {
        <button type="button" class="button button-secondary copy-button" on:click=copy>
            {label}
            <span class="copy-done" aria-live="polite">{move || if copied.get() { " ✓ Copied" } else { "" }}</span>
        </button>
    }
}
