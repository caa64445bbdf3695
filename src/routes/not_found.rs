use leptos::prelude::*;

use crate::components::empty_state::EmptyState;

/// Any unknown path: say so, and offer the way back.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1 class="page-title">"Page not found"</h1>
        <EmptyState title="There is nothing at this address">
            <p>
                <a href="./">"Go to the job list"</a>
            </p>
        </EmptyState>
    }
}
