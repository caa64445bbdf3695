use leptos::prelude::*;

use crate::components::empty_state::EmptyState;

/// `/`: the job list. Until a backend is connected it shows an empty state.
#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <h1 class="page-title">"Jobs"</h1>
        <EmptyState title="No jobs to show yet">
            <p>"Jobs appear here as soon as jobscope is connected to a job API."</p>
        </EmptyState>
    }
}
