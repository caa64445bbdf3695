use jobscope_wire::Timestamp;
use jobscope_wire::scripe::{Job, JobStatus};
use leptos::prelude::*;

use super::types::{ROW_HEIGHT_PX, RowFocus};
use crate::components::cancel_dialog::CancelButton;
use crate::components::copy_button::write_clipboard;
use crate::components::time::Time;
use crate::format;

/// The column headings, in order.
pub const COLUMNS: [&str; 8] = [
    "ID",
    "Type",
    "Status",
    "Created",
    "Progress / duration",
    "Attempts",
    "Error",
    "Actions",
];

/// One job as a table row, absolutely placed at its index (the list is virtualised).
#[component]
pub fn JobRow(
    index: usize,
    job: Job,
    #[prop(into)] now_ms: Signal<i64>,
    focus: RowFocus,
) -> impl IntoView {
    // Integer pixels: no float formatting code in the bundle.
    let top = format!("translateY({}px)", index * ROW_HEIGHT_PX);
    let status_class = format!("badge badge-{}", job.status.as_str().to_ascii_lowercase());
    let id = job.id.clone();
    view! {
        <div
            role="row"
            class="job-row"
            aria-rowindex=index + 2
            tabindex=move || focus.tab_index(index)
            on:focus=move |_| focus.focused(index)
            on:click=move |event| focus.clicked(&event, &id)
            data-row-index=index
            data-job-id=job.id.clone()
            // Hooks for tests that check no row of other filters ever shows.
            data-status=job.status.as_str().to_owned()
            data-type=job.job_type.as_str().to_owned()
            // A `style:` property (set through CSSOM), not a `style` attribute, which the
            // Content-Security-Policy (`style-src 'self'`) blocks.
            style:transform=top
        >
            <div role="cell" class="cell cell-id">
                <CopyId id=job.id.clone()/>
            </div>
            <div role="cell" class="cell cell-type">{format::type_label(&job.job_type)}</div>
            <div role="cell" class="cell cell-status">
                <span class=status_class>{format::status_label(&job.status)}</span>
            </div>
            <div role="cell" class="cell cell-created">
                <Time at=job.created_at.clone() now_ms/>
            </div>
            <div role="cell" class="cell cell-progress">{progress_or_duration(&job)}</div>
            <div role="cell" class="cell cell-attempts">
                {job.attempt_count.map(|n| n.to_string()).unwrap_or_default()}
            </div>
            <div role="cell" class="cell cell-error">{error_text(&job)}</div>
            <div role="cell" class="cell cell-actions"><CancelButton job=job.clone()/></div>
        </div>
    }
}

/// The short id, a button that copies the full id.
#[component]
fn CopyId(id: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let short = format::short_id(&id);
    // The name holds the visible short id (speech input finds the button by what it shows);
    // the full id, which is what is copied, is in the description.
    let label = format!("Copy job id {short}");
    let description = format!("Copy the full id {id}");
    let copy = move |_| {
        write_clipboard(&id);
        copied.set(true);
    };
    view! {
        <button type="button" class="copy-id" aria-label=label title=description on:click=copy>
            <code>{short}</code>
            <span class="copy-done" aria-live="polite">{move || if copied.get() { "Copied" } else { "" }}</span>
        </button>
    }
}

fn progress_or_duration(job: &Job) -> AnyView {
    if job.status == JobStatus::Running {
        let progress = job.progress.as_ref();
        let fraction = progress.map_or(0.0, |p| p.progress);
        let message = progress.and_then(|p| p.message.clone()).unwrap_or_default();
        return view! { <ProgressBar fraction message/> }.into_any();
    }
    let started = job.started_at.as_ref().and_then(Timestamp::epoch_ms);
    let ended = job.completed_at.as_ref().and_then(Timestamp::epoch_ms);
    match (started, ended) {
        (Some(start), Some(end)) => {
            let text = format::duration(end - start);
            view! { <span class="duration">{text}</span> }.into_any()
        }
        _ => view! { <span class="muted" aria-label="No duration">"–"</span> }.into_any(),
    }
}

fn error_text(job: &Job) -> AnyView {
    let Some(message) = job.error_message.clone().filter(|m| !m.is_empty()) else {
        return ().into_any();
    };
    let code = job.error_code.clone().unwrap_or_default();
    let popover_id = format!("error-{}", job.id);
    let summary = if code.is_empty() {
        message.clone()
    } else {
        format!("{code}: {message}")
    };
    view! {
        <span class="error-summary">{summary.clone()}</span>
        <button type="button" class="link-button" popovertarget=popover_id.clone()>
            "Full error"
        </button>
        <div id=popover_id popover="auto" class="error-popover" role="dialog" aria-label="Full error">
            <p class="error-code">{code}</p>
            <p class="error-message">{message}</p>
        </div>
    }
    .into_any()
}

/// A progress bar with its percentage; `fraction` is clamped to 0..=1.
#[component]
pub fn ProgressBar(fraction: f64, #[prop(into)] message: String) -> impl IntoView {
    let percent = (fraction.clamp(0.0, 1.0) * 100.0).round() as u32;
    let width = format!("{percent}%");
    view! {
        <div
            class="progress"
            role="progressbar"
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=percent
            aria-valuetext=format!("{percent}% {message}")
            title=message
        >
            <div class="progress-bar" style:width=width></div>
        </div>
        <span class="progress-text">{format!("{percent}%")}</span>
    }
}
