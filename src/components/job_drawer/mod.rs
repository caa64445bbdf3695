//! The job detail drawer: everything about one job, deep-linked as `?job=<id>`. A native
//! modal `<dialog>` at the side: focus stays inside, Escape closes it, and focus goes back to
//! the job's row.

mod booper_detail;
mod scripe_detail;

use std::time::Duration;

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::api::backend::Row;
use crate::components::cancel_dialog::CancelNoticeView;
use crate::components::copy_button::CopyButton;
use crate::components::job_table::focus_row;
use crate::format;
use crate::hooks::use_cancel_job::UseCancelJobReturn;
use crate::hooks::use_job_detail::UseJobDetailReturn;
use crate::hooks::use_modal::use_modal;
use crate::hooks::use_now::use_now;
use booper_detail::BooperDetail;
use scripe_detail::ScripeDetail;

#[component]
pub fn JobDrawer(
    /// The open job's id (`None`: closed).
    #[prop(into)]
    id: Signal<Option<String>>,
    detail: UseJobDetailReturn,
    close: Callback<()>,
    /// Now, in ms; `None`: the drawer keeps its own clock, ticking every second, so "running
    /// for" counts up while a job runs.
    #[prop(optional, into)]
    now_ms: Option<Signal<i64>>,
) -> impl IntoView {
    let now_ms = now_ms.unwrap_or_else(|| use_now(Duration::from_secs(1)));
    let dialog = NodeRef::<Dialog>::new();
    use_modal(dialog, move || id.with(Option::is_some));
    // Closed: back to the row it was opened from (found again: rows are redrawn).
    Effect::new(move |previous: Option<Option<String>>| {
        let current = id.get();
        if let (Some(Some(closed)), None) = (&previous, &current) {
            focus_row(closed);
        }
        current
    });
    let UseJobDetailReturn {
        row,
        raw,
        error,
        loading,
        ..
    } = detail;
    // Shown and copied with bidi controls escaped: a right-to-left override in a value must
    // not reorder the JSON after it.
    let raw = Signal::derive(move || raw.get().map(|raw| format::json_with_visible_bidi(&raw)));
    let title = move || {
        id.get()
            .map(|id| format!("Job {}", format::short_id(&id)))
            .unwrap_or_default()
    };
    view! {
        <dialog
            class="drawer"
            node_ref=dialog
            aria-labelledby="drawer-title"
            on:close=move |_| close.run(())
        >
            <Show when=move || id.with(Option::is_some)>
                <header class="drawer-head">
                    // Focusable from script only: where the focus goes when its Cancel button goes.
                    <h2 id="drawer-title" class="drawer-title" tabindex="-1">{title}</h2>
                    // The address already names the job (and the filters): share it.
                    <CopyButton
                        text=Signal::derive(move || {
                            id.track();
                            window().location().href().unwrap_or_default()
                        })
                        label="Copy link"
                    />
                    <button
                        type="button"
                        class="drawer-close"
                        aria-label="Close job details"
                        on:click=move |_| close.run(())
                    >
                        "×"
                    </button>
                </header>
                <div class="drawer-body" data-drawer-job=move || id.get().unwrap_or_default()>
                    {use_context::<UseCancelJobReturn>().map(|cancel| view! { <CancelNoticeView cancel/> })}
                    {move || error.get().map(|error| view! { <p class="notice notice-error" role="alert">{error.to_string()}</p> })}
                    {move || match row.get() {
                        Some(Row::Scripe(job)) => view! { <ScripeDetail job now_ms/> }.into_any(),
                        Some(Row::Booper(job)) => view! { <BooperDetail job now_ms/> }.into_any(),
                        None if loading.get() => view! { <p class="muted" role="status">"Loading the job…"</p> }.into_any(),
                        None if error.with(Option::is_none) => view! {
                            <p class="muted">
                                "This job is not among the loaded rows, and this API cannot read one job by its id."
                            </p>
                        }
                        .into_any(),
                        None => ().into_any(),
                    }}
                    <Show when=move || raw.with(Option::is_some)>
                        <details class="raw-json">
                            <summary>"Raw JSON"</summary>
                            <CopyButton text=Signal::derive(move || raw.get().unwrap_or_default()) label="Copy raw JSON"/>
                            <pre class="code-block" tabindex="0" role="region" aria-label="Raw JSON"><code>{move || raw.get()}</code></pre>
                        </details>
                    </Show>
                </div>
            </Show>
        </dialog>
    }
}
