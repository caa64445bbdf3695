use std::time::Duration;

use jobscope_wire::config::AppConfig;
use leptos::prelude::*;

use crate::api::scripe::ScripeClient;
use crate::components::filter_bar::{FilterBar, FilterNotice};
use crate::components::job_table::JobTable;
use crate::filters::Filters;
use crate::hooks::use_filters::{UseFiltersReturn, use_filters};
use crate::hooks::use_job_feed::{UseJobFeedReturn, use_job_feed};
use crate::hooks::use_now::use_now;

/// `/`: the job list under the filters of the URL.
#[component]
pub fn JobsPage() -> impl IntoView {
    let config = use_context::<AppConfig>().unwrap_or_default();
    let client = Signal::stored(ScripeClient::from_config(&config));
    let UseFiltersReturn {
        filters,
        ignored,
        dismiss,
        set,
    } = use_filters();
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
        <FilterNotice ignored dismiss/>
        <FilterBar filters set now_ms/>
        <JobTable feed load_more retry filters_text now_ms/>
    }
}
