use leptos::prelude::*;

use crate::chunks;
use crate::components::lazy::Lazy;
use crate::hooks::use_config::{UseConfigReturn, use_config};

/// `/insights`: counts, a chart over time, failures and wait times of the filters' window. The
/// page itself is a chunk, fetched when this route first opens (or when the browser is idle),
/// once the configuration is known; the main module holds only this.
#[component]
pub fn InsightsRoute() -> impl IntoView {
    let UseConfigReturn { config, .. } = use_config();
    view! {
        <h1 class="page-title">"Insights"</h1>
        <Lazy
            when=Signal::derive(move || config.with(Option::is_some))
            what="Insights"
            load=chunks::insights
        />
    }
}
