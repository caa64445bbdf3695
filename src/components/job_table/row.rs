use jobscope_wire::Field;
use jobscope_wire::scripe::{Job, JobStatus};
use leptos::prelude::*;

use super::types::{ROW_HEIGHT_PX, RowFocus};
use crate::components::cancel_dialog::CancelButton;
use crate::components::copy_button::write_clipboard;
use crate::components::field::{Span, epoch_ms, field_view};
use crate::components::time::FieldTime;
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
    /// Where the id's label starts (see [`format::ids::label_starts`]): it changes as rows
    /// sharing more of the id's end are loaded.
    #[prop(into)]
    label_start: Signal<usize>,
) -> impl IntoView {
    let status_text = job.status.value().map_or("", |status| status.as_str());
    let status_class = format!(
        "badge badge-{}",
        if status_text.is_empty() {
            "unknown".to_owned()
        } else {
            status_text.to_ascii_lowercase()
        }
    );
    let status_text = status_text.to_owned();
    let job_type = job.job_type.value().map_or("", |t| t.as_str()).to_owned();
    view! {
        <RowFrame
            index
            id=job.id.clone()
            focus
            // Hooks for tests that check no row of other filters ever shows.
            status=status_text
            attr:data-type=job_type
        >
            <div role="cell" class="cell cell-id">
                <CopyId id=job.id.clone() label_start/>
            </div>
            <div role="cell" class="cell cell-type">{field_view(&job.job_type, format::type_label)}</div>
            <div role="cell" class="cell cell-status">
                <span class=status_class>{field_view(&job.status, format::status_label)}</span>
            </div>
            <div role="cell" class="cell cell-created">
                <FieldTime at=job.created_at.clone() now_ms/>
            </div>
            <div role="cell" class="cell cell-progress">{progress_or_duration(&job, now_ms)}</div>
            <div role="cell" class="cell cell-attempts">
                {match &job.attempt_count {
                    Field::Absent => ().into_any(),
                    count => field_view(count, u32::to_string),
                }}
            </div>
            <div role="cell" class="cell cell-error">{error_text(&job)}</div>
            <div role="cell" class="cell cell-actions"><CancelButton job=job.clone()/></div>
        </RowFrame>
    }
}

/// The id's label (the shortest end of it that no other loaded id shares), a button that
/// copies the full id.
#[component]
fn CopyId(id: String, label_start: Signal<usize>) -> impl IntoView {
    let copied = RwSignal::new(false);
    let id = StoredValue::new(id);
    // The start clamped to the id (a stale index reads as the whole id, never panics).
    let label = move || {
        let start = label_start.get();
        id.with_value(|id| match id.get(start..) {
            Some(label) => (label.to_owned(), format::ids::is_elided(id, start)),
            None => (id.clone(), false),
        })
    };
    let label = Memo::new(move |_| label());
    // The name holds the visible label (speech input finds the button by what it shows); the
    // full id, which is what is copied, is in the description and the tooltip.
    let name = move || {
        label.with(|(label, elided)| {
            format!("Copy job id {}{label}", if *elided { "…" } else { "" })
        })
    };
    let description = id.with_value(|id| format!("Copy the full id {id}"));
    let copy = move |_| {
        id.with_value(|id| write_clipboard(id));
        copied.set(true);
    };
    view! {
        <button type="button" class="copy-id" aria-label=name title=description on:click=copy>
            <Show when=move || label.with(|(_, elided)| *elided)>
                <span class="id-elided" aria-hidden="true">"…"</span>
            </Show>
            <code class="id-label">{move || label.with(|(label, _)| label.clone())}</code>
            <span class="copy-done" aria-live="polite">{move || if copied.get() { "Copied" } else { "" }}</span>
        </button>
    }
}

fn progress_or_duration(job: &Job, now_ms: Signal<i64>) -> AnyView {
    if job.status == JobStatus::Running {
        // A bar only for a progress the API sent and that reads; otherwise say that it is
        // unknown (not 0 %), and how long the job has run.
        let progress = job.progress.value();
        if let Some(fraction) = progress.and_then(|p| p.progress.value()) {
            let message = progress
                .and_then(|p| p.message.value().cloned())
                .unwrap_or_default();
            return view! { <ProgressBar fraction=fraction.get() message/> }.into_any();
        }
        let started = epoch_ms(&job.started_at);
        let ran = move || {
            let span = started.map_or(Span::Unknown, |start| Span::since(start, now_ms.get()));
            format!("running for {}", span.text().unwrap_or_default())
        };
        return view! {
            <span class="progress-unknown" data-progress-unknown="">"progress unknown"</span>
            <span class="muted running-for">{ran}</span>
        }
        .into_any();
    }
    match Span::between(&job.started_at, &job.completed_at) {
        Span::NotYet => view! { <span class="muted" aria-label="No duration">"–"</span> }.into_any(),
        Span::Took(ms) => view! { <span class="duration">{format::duration(ms)}</span> }.into_any(),
        Span::Unknown => view! {
            <span class="duration muted" title="The start or end time is missing, unreadable, or out of order">"unknown"</span>
        }
        .into_any(),
    }
}

fn error_text(job: &Job) -> AnyView {
    let message = match &job.error_message {
        Field::Value(message) if !message.is_empty() => message.clone(),
        // An error sent but unreadable is still an error.
        Field::Invalid(_) => "unknown".to_owned(),
        _ => return ().into_any(),
    };
    let code = match &job.error_code {
        Field::Value(code) => code.clone(),
        Field::Invalid(_) => "unknown".to_owned(),
        Field::Absent => String::new(),
    };
    let popover_id = format!("error-{}", job.id);
    let summary = if code.is_empty() {
        message.clone()
    } else {
        format!("{code}: {message}")
    };
    // The list keeps the start of long texts; the job itself has all of it.
    let shortened = (job.shortened && message.ends_with('…')).then(|| {
        view! { <p class="muted">"Shortened in the list: open the job to read all of it."</p> }
    });
    view! {
        <span class="error-summary">{summary.clone()}</span>
        <button type="button" class="link-button" popovertarget=popover_id.clone()>
            "Full error"
        </button>
        // Focused when it opens (the invoker gets the focus back when it closes): a long
        // error scrolls within it, from the keyboard too.
        <div
            id=popover_id
            popover="auto"
            class="error-popover"
            role="dialog"
            aria-label="Full error"
            tabindex="0"
            autofocus
        >
            <p class="error-code">{code}</p>
            <p class="error-message">{message}</p>
            {shortened}
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

/// The row element every kind of row shares: placed at its index (the list is virtualised),
/// with the list's one tab stop and the click that opens the drawer. `status` is a hook for
/// tests that check no row of other filters ever shows.
#[component]
pub fn RowFrame(
    index: usize,
    id: String,
    focus: RowFocus,
    #[prop(optional, into)] status: Option<String>,
    children: Children,
) -> impl IntoView {
    // Integer pixels: no float formatting code in the bundle.
    let top = format!("translateY({}px)", index * ROW_HEIGHT_PX);
    let clicked = id.clone();
    view! {
        <div
            role="row"
            class="job-row"
            aria-rowindex=index + 2
            tabindex=move || focus.tab_index(index)
            on:focus=move |_| focus.focused(index)
            on:click=move |event| focus.clicked(&event, &clicked)
            data-row-index=index
            data-job-id=id
            data-status=status
            // A `style:` property (set through CSSOM), not a `style` attribute, which the
            // Content-Security-Policy (`style-src 'self'`) blocks.
            style:transform=top
        >
            {children()}
        </div>
    }
}

/// A row whose view is in a chunk that is not loaded (see [`crate::chunks::booper_row`]): its
/// id only, so the list keeps its length and keyboard order. The chunk decoded the row, so this
/// is not expected to show.
#[component]
pub fn UndrawnRow(index: usize, id: String, focus: RowFocus) -> impl IntoView {
    view! {
        <RowFrame index id=id.clone() focus>
            <div role="cell" class="cell cell-name">{id}</div>
        </RowFrame>
    }
}
