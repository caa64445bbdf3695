use std::time::Duration;

use leptos::prelude::*;

use crate::api::backend::{Backend, Row};

use crate::chunks;
use crate::components::cancel_dialog::CancelNoticeView;
use crate::components::filter_bar::{FilterBar, FilterNotice};
use crate::components::job_table::JobTable;
use crate::components::lazy::Lazy;
use crate::components::list_toolbar::ListToolbar;
use crate::components::unreadable_rows::UnreadableRowsNotice;
use crate::feed::{FeedState, RefreshInterval};
use crate::filters::Filters;
use crate::hooks::use_backend_kind::use_page_backend_kind;
use crate::hooks::use_cancel_job::use_cancel_job;
use crate::hooks::use_client::use_client;
use crate::hooks::use_config::{UseConfigReturn, use_config};
use crate::hooks::use_export::use_export;
use crate::hooks::use_filters::{UseFiltersReturn, use_filters};
use crate::hooks::use_job_detail::DetailSource;
use crate::hooks::use_job_feed::{UseJobFeedOptions, UseJobFeedReturn, use_job_feed_with_options};
use crate::hooks::use_now::use_now;
use crate::hooks::use_open_job::{UseOpenJobReturn, use_open_job};
use crate::hooks::use_remembered::use_remembered;

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
    let backend = use_page_backend_kind();
    // Configuration, then the user's settings and key: a new client resets the list.
    let client = use_client();
    let UseFiltersReturn {
        filters,
        ignored,
        dismiss,
        set,
    } = use_filters(backend.into());
    let refresh = use_remembered::<RefreshInterval>();
    // The deployment's default, unless this device chose.
    Effect::new(move |_| {
        if let Some(config) = config.get() {
            refresh
                .suggest
                .run(RefreshInterval::nearest(config.refresh_interval_secs));
        }
    });
    let interval = refresh.value;
    let on_screen = RwSignal::new(0..0);
    let UseJobFeedReturn {
        feed,
        load_more,
        retry,
        deprecation,
        new_rows,
        show_new,
        replace_row,
        slowed,
        unreadable,
        ..
    } = use_job_feed_with_options(
        client.into(),
        filters,
        UseJobFeedOptions::default()
            .interval(interval)
            .visible(on_screen),
    );
    let UseOpenJobReturn { id, open, close } = use_open_job(filters);
    // A cancel's every step shows in the list, and in the drawer through `cancelled`.
    let cancelled = RwSignal::new(None::<Row>);
    let cancel = use_cancel_job(
        client.into(),
        Callback::new(move |row: Row| {
            replace_row.run(row.clone());
            cancelled.set(Some(row));
        }),
    );
    provide_context(cancel);
    // The drawer's chunk reads the open job (`use_job_detail`) from these.
    let source = DetailSource {
        id,
        client: client.into(),
        feed,
        replace_row,
        cancelled: cancelled.into(),
        cancel_busy: cancel.busy,
    };
    let export = use_export(client.into(), filters, feed);
    let version = Signal::derive(move || {
        client.with(|client| match client {
            Backend::Scripe(scripe) => scripe.version.clone(),
            Backend::Booper(_) => String::new(),
        })
    });
    let offered = Signal::derive(move || client.with(Backend::capabilities));
    // The first page has answered (rows, none, or an error): fetch what a click needs next
    // while the browser is idle.
    Effect::new(move |done: Option<bool>| {
        let answered = done == Some(true)
            || feed.with(|feed| {
                !feed.is_empty() || matches!(feed.state(), FeedState::End | FeedState::Error)
            });
        if answered && done != Some(true) {
            chunks::prefetch();
        }
        answered
    });
    let now_ms = use_now(Duration::from_secs(15));
    let filters_text = Signal::derive(move || filters.with(Filters::describe));
    view! {
        <Lazy
            when=Signal::derive(move || deprecation.with(Option::is_some))
            what="the API version notice"
            load=move || chunks::deprecation_notice(deprecation, version)
        />
        <FilterNotice ignored dismiss/>
        <FilterBar filters set now_ms capabilities=offered/>
        <ListToolbar open export slowed/>
        <CancelNoticeView cancel when=Signal::derive(move || id.with(Option::is_none))/>
        <UnreadableRowsNotice count=unreadable/>
        <JobTable
            feed
            backend
            load_more
            retry
            filters_text
            now_ms
            open
            new_rows
            show_new
            on_screen_rows=on_screen.write_only()
        />
        <Lazy
            when=Signal::derive(move || id.with(Option::is_some))
            what="the job details"
            load=move || chunks::drawer(source, close)
        />
        <Lazy
            when=Signal::derive(move || cancel.asking.with(Option::is_some))
            what="the cancel dialog"
            load=move || chunks::cancel_dialog(cancel)
        />
    }
}
