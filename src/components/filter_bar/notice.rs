//! The notice for what a link held that could not be used: says what was ignored, and can
//! be dismissed.

use leptos::prelude::*;

use crate::filters::query::Ignored;

/// "Some of this link's filters were ignored: unknown status “PAUSED”; …"
fn notice_text(ignored: &[Ignored]) -> String {
    let items: Vec<String> = ignored.iter().map(ToString::to_string).collect();
    format!(
        "Some of this link’s filters could not be used and were ignored: {}.",
        items.join("; ")
    )
}

#[component]
pub fn FilterNotice(ignored: Signal<Vec<Ignored>>, dismiss: Callback<()>) -> impl IntoView {
    view! {
        <Show when=move || ignored.with(|ignored| !ignored.is_empty())>
            <div class="notice filters-notice" role="status">
                <p>{move || ignored.with(|ignored| notice_text(ignored))}</p>
                <button
                    type="button"
                    class="notice-dismiss"
                    aria-label="Dismiss this notice"
                    on:click=move |_| dismiss.run(())
                >
                    "×"
                </button>
            </div>
        </Show>
    }
}
