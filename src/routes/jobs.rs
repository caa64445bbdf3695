use std::time::Duration;

use jobscope_wire::config::AppConfig;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::scripe::ScripeClient;
use crate::components::job_table::JobTable;
use crate::filters::{Filters, query};
use crate::hooks::use_job_feed::{UseJobFeedReturn, use_job_feed};
use crate::hooks::use_now::use_now;

/// `/`: the job list.
#[component]
pub fn JobsPage() -> impl IntoView {
    let config = use_context::<AppConfig>().unwrap_or_default();
    let client = Signal::stored(ScripeClient::from_config(&config));
    // The URL is the one source of truth for the filters (the filter bar writes it).
    let query = use_query_map();
    let filters: Signal<Filters> = Memo::new(move |_| {
        query.with(|map| {
            query::parse(map.into_iter().map(|(name, value)| (name.as_ref(), value))).filters
        })
    })
    .into();
    let UseJobFeedReturn {
        feed,
        load_more,
        retry,
        ..
    } = use_job_feed(client, filters);
    let now_ms = use_now(Duration::from_secs(15));
    let filters_text = Signal::derive(move || filters.with(Filters::describe));
    view! {
        <h1 class="page-title">"Jobs"</h1>
        <JobTable feed load_more retry filters_text now_ms/>
    }
}
