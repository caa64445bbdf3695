use std::time::Duration;

use leptos::prelude::*;

use crate::api::backend::Backend;

use crate::components::api_notices::DeprecationNotice;
use crate::components::filter_bar::{FilterBar, FilterNotice};
use crate::components::job_table::JobTable;
use crate::filters::Filters;
use crate::hooks::use_backend_kind::use_backend_kind;
use crate::hooks::use_config::{UseConfigReturn, use_config};
use crate::hooks::use_filters::{UseFiltersReturn, use_filters};
use crate::hooks::use_job_feed::{UseJobFeedReturn, use_job_feed};
use crate::hooks::use_now::use_now;
use crate::hooks::use_settings::use_settings;
use crate::settings;

/// `/`: the job list under the filters of the URL, once the configuration is known.
#[component]
pub fn JobsPage() -> impl IntoView {
    let UseConfigReturn { config, .. } = use_config();
    view! {
        <h1 class="page-title">"Jobs"</h1>
        <Show
            when=move || config.with(Option::is_some)
            fallback=|| view! { <p class="muted" role="status">"Reading the configuration…"</p> }
        >
            <JobList/>
        </Show>
    }
}

#[component]
fn JobList() -> impl IntoView {
    let UseConfigReturn { config, .. } = use_config();
    let hook = use_settings();
    let backend = use_backend_kind();
    // Configuration, then the user's settings and key: a new client resets the list.
    let client = Memo::new(move |_| {
        let kind = backend.get();
        let stored = hook.of(&kind);
        config.with(|config| {
            settings::backend(
                &kind,
                &config.clone().unwrap_or_default(),
                &stored.settings.get(),
                stored.key.get(),
            )
        })
    });
    let UseFiltersReturn {
        filters,
        ignored,
        dismiss,
        set,
    } = use_filters(backend.into());
    let UseJobFeedReturn {
        feed,
        load_more,
        retry,
        deprecation,
        ..
    } = use_job_feed(client.into(), filters);
    let version = Signal::derive(move || {
        client.with(|client| match client {
            Backend::Scripe(scripe) => scripe.version.clone(),
            Backend::Booper(_) => String::new(),
        })
    });
    let offered = Signal::derive(move || client.with(Backend::capabilities));
    let now_ms = use_now(Duration::from_secs(15));
    let filters_text = Signal::derive(move || filters.with(Filters::describe));
    view! {
        <DeprecationNotice deprecation version/>
        <FilterNotice ignored dismiss/>
        <FilterBar filters set now_ms capabilities=offered/>
        <JobTable feed backend load_more retry filters_text now_ms/>
    }
}
