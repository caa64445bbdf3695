use leptos::prelude::*;

use crate::chunks;
use crate::components::lazy::Lazy;
use crate::hooks::use_config::{UseConfigReturn, use_config};

/// `/insights`: counts, a chart over time, failures and wait times of the filters' window. The
/// page itself is a chunk, fetched when this route is first opened.
#[component]
pub fn InsightsRoute() -> impl IntoView {
    let UseConfigReturn { config, .. } = use_config();
    view! {
        <h1 class="page-title">"Insights"</h1>
        <Show
            when=move || config.with(Option::is_some)
            fallback=|| view! { <p class="muted" role="status">"Reading the configuration…"</p> }
        >
            <Lazy when=Signal::stored(true) what="Insights" load=chunks::insights/>
        </Show>
    }
}
