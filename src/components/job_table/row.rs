use jobscope_wire::Timestamp;
use jobscope_wire::scripe::{Job, JobStatus};
use leptos::prelude::*;

use super::types::ROW_HEIGHT_PX;
use crate::format;

/// The column headings, in order.
pub const COLUMNS: [&str; 7] = [
    "ID",
    "Type",
    "Status",
    "Created",
    "Progress / duration",
    "Attempts",
    "Error",
];

/// One job as a table row, absolutely placed at its index (the list is virtualised).
#[component]
pub fn JobRow(index: usize, job: Job, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    // Integer pixels: no float formatting code in the bundle.
    let top = format!("translateY({}px)", index * ROW_HEIGHT_PX);
    let status_class = format!("badge badge-{}", job.status.as_str().to_ascii_lowercase());
    let created_ms = job.created_at.epoch_ms();
    let created_raw = job.created_at.as_str().to_owned();
    let created_text = move || match created_ms {
        Some(at) => format::relative(now_ms.get(), at),
        None => created_raw.clone(),
    };
    view! {
        <div
            role="row"
            class="job-row"
            aria-rowindex=index + 2
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
                <time datetime=job.created_at.as_str().to_owned() title=job.created_at.as_str().to_owned()>
                    {created_text}
                </time>
            </div>
            <div role="cell" class="cell cell-progress">{progress_or_duration(&job)}</div>
            <div role="cell" class="cell cell-attempts">
                {job.attempt_count.map(|n| n.to_string()).unwrap_or_default()}
            </div>
            <div role="cell" class="cell cell-error">{error_text(&job)}</div>
        </div>
    }
}

/// The short id, a button that copies the full id.
#[component]
fn CopyId(id: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let label = format!("Copy job id {id}");
    let short = format::short_id(&id);
    let copy = move |_| {
        #[cfg(target_arch = "wasm32")]
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&id);
            copied.set(true);
        }
    };
    view! {
        <button type="button" class="copy-id" aria-label=label title="Copy the full id" on:click=copy>
            <code>{short}</code>
            <span class="copy-done" aria-live="polite">{move || if copied.get() { "Copied" } else { "" }}</span>
        </button>
    }
}

fn progress_or_duration(job: &Job) -> AnyView {
    if job.status == JobStatus::Running {
        let fraction = job
            .progress
            .as_ref()
            .map_or(0.0, |p| p.progress.clamp(0.0, 1.0));
        let percent = (fraction * 100.0).round() as u32;
        let message = job
            .progress
            .as_ref()
            .and_then(|p| p.message.clone())
            .unwrap_or_default();
        let width = format!("{percent}%");
        return view! {
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
        .into_any();
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
