use std::time::Duration;

use jobscope_wire::config::AppConfig;
use leptos::prelude::*;

use crate::api::scripe::ScripeClient;
use crate::components::job_table::JobTable;
use crate::filters::Filters;
use crate::hooks::use_job_feed::{UseJobFeedReturn, use_job_feed};
use crate::hooks::use_now::use_now;

/// `/`: the job list.
#[component]
pub fn JobsPage() -> impl IntoView {
    let config = use_context::<AppConfig>().unwrap_or_default();
    let client = Signal::stored(ScripeClient::from_config(&config));
    // No filters until they come from the URL.
    let filters = Signal::stored(Filters::default());
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
