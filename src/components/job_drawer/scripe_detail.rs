//! The drawer's body for a Scripe job: status, progress with ETA, timeline with durations,
//! error, result, and the remaining fields. A field the API sent but that could not be read
//! shows "unknown" (the raw JSON below keeps it as sent).

use jobscope_wire::scripe::{Job, JobStatus};
use jobscope_wire::{Field, Timestamp};
use leptos::prelude::*;

use crate::components::cancel_dialog::CancelButton;
use crate::components::copy_button::CopyButton;
use crate::components::field::{NotSet, Span, Unknown, epoch_ms, field_view};
use crate::components::job_table::ProgressBar;
use crate::components::time::FieldTime;
use crate::format;

#[component]
pub fn ScripeDetail(job: Job, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    let status = job.status.value().cloned();
    let status_class = format!(
        "badge badge-{}",
        status
            .as_ref()
            .map_or_else(|| "unknown".to_owned(), |s| s.as_str().to_ascii_lowercase())
    );
    let active = job.is_active();
    let eta = match &job.estimated_completion_ms {
        Field::Value(ms) if active => Some(format::eta(i64::try_from(*ms).unwrap_or(i64::MAX))),
        Field::Invalid(_) if active => Some("time left unknown".to_owned()),
        _ => None,
    };
    let result = job
        .result
        .value()
        .filter(|value| !value.is_null())
        .and_then(|value| serde_json::to_string_pretty(value).ok())
        .map(|json| format::json_with_visible_bidi(&json));
    let error = (!job.error_code.is_absent() || !job.error_message.is_absent())
        .then(|| (job.error_code.clone(), job.error_message.clone()));
    view! {
        <div class="drawer-summary">
            <span
                class=status_class
                data-drawer-status=status.as_ref().map_or("", |s| s.as_str()).to_owned()
            >
                {field_view(&job.status, format::status_label)}
            </span>
            <span>{field_view(&job.job_type, format::type_label)}</span>
            <CancelButton job=job.clone() explain=true/>
        </div>
        {job.shortened.then(|| view! {
            <p class="muted" role="status">"The list's copy of this job, with long values shortened: the whole job is read from the API."</p>
        })}
        {progress_section(&job, status.as_ref(), eta)}
        <section class="drawer-section" aria-labelledby="drawer-timeline">
            <h3 id="drawer-timeline">"Timeline"</h3>
            <Timeline job=job.clone() now_ms/>
        </section>
        {error.map(|(code, message)| view! {
            <section class="drawer-section drawer-error" aria-labelledby="drawer-error">
                <h3 id="drawer-error">"Error"</h3>
                {(!code.is_absent()).then(|| view! { <p class="error-code"><code>{field_view(&code, Clone::clone)}</code></p> })}
                {(!message.is_absent()).then(|| view! { <p class="error-message">{field_view(&message, Clone::clone)}</p> })}
            </section>
        })}
        {result.map(|result| {
            let text = result.clone();
            view! {
                <section class="drawer-section" aria-labelledby="drawer-result">
                    <h3 id="drawer-result">"Result"</h3>
                    <CopyButton text=Signal::stored(text) label="Copy result"/>
                    <pre class="code-block" tabindex="0" role="region" aria-label="Result as JSON"><code>{result}</code></pre>
                </section>
            }
        })}
        <section class="drawer-section" aria-labelledby="drawer-fields">
            <h3 id="drawer-fields">"Details"</h3>
            <dl class="fields">
                <dt>"ID"</dt>
                <dd><code>{job.id.clone()}</code></dd>
                <dt>"Project"</dt>
                <dd>{match &job.project_id {
                    Field::Value(project) => view! { <code>{project.clone()}</code> }.into_any(),
                    other => field_view(other, Clone::clone),
                }}</dd>
                <dt>"Attempts"</dt>
                <dd data-drawer-attempts="">{field_view(&job.attempt_count, u32::to_string)}</dd>
                <dt>"Updated"</dt>
                <dd><FieldTime at=job.updated_at.clone() now_ms/></dd>
            </dl>
        </section>
    }
}

/// Progress while the job is queued or running (and just after it is done): a bar for a
/// progress the API sent and that reads; "progress unknown" and how long it has run for a
/// running job without one (never a 0 % bar); "waiting to start" only while queued.
fn progress_section(job: &Job, status: Option<&JobStatus>, eta: Option<String>) -> Option<AnyView> {
    let running = status == Some(&JobStatus::Running);
    let shown = job.is_active() || status == Some(&JobStatus::Done);
    if !shown || (job.progress.is_absent() && !running) {
        // Queued without progress: not started yet.
        return job.is_active().then(|| {
            let text = eta.map_or_else(
                || "Waiting to start.".to_owned(),
                |eta| format!("Waiting to start; {eta}."),
            );
            view! { <p class="muted">{text}</p> }.into_any()
        });
    }
    let progress = job.progress.value();
    let fraction = progress.and_then(|p| p.progress.value()).map(|f| f.get());
    let message = progress.map_or(Field::Absent, |p| p.message.clone());
    let bar = match fraction {
        Some(fraction) => {
            let label = message.value().cloned().unwrap_or_default();
            view! { <ProgressBar fraction message=label/> }.into_any()
        }
        None => {
            // What was sent, when it was sent and unreadable (the whole object or its number).
            let odd = progress
                .and_then(|p| p.progress.invalid())
                .or_else(|| job.progress.invalid())
                .cloned();
            // How long it has run is in the timeline below.
            view! {
                <p class="progress-unknown" data-progress-unknown="">
                    "Progress "
                    {match odd {
                        Some(raw) => view! { <Unknown raw/> }.into_any(),
                        None => "unknown".into_any(),
                    }}
                    {if running { ": see how long it has run below." } else { "." }}
                </p>
            }
            .into_any()
        }
    };
    Some(
        view! {
            <section class="drawer-section" aria-labelledby="drawer-progress">
                <h3 id="drawer-progress">"Progress"</h3>
                {bar}
                {(!message.is_absent()).then(|| view! {
                    <p class="progress-message">{field_view(&message, Clone::clone)}</p>
                })}
                {eta.map(|eta| view! { <p class="eta">{eta}</p> })}
            </section>
        }
        .into_any(),
    )
}

/// Created → started → ended, with how long each step took; a step whose times are missing,
/// unreadable or out of order says "unknown", never "0 ms".
#[component]
fn Timeline(job: Job, now_ms: Signal<i64>) -> impl IntoView {
    let end_label = match job.status.value() {
        Some(JobStatus::Failed) => "Failed",
        Some(JobStatus::Cancelled) => "Cancelled",
        _ => "Completed",
    };
    // Only once there is a start: a queued job has not waited "unknown".
    let waited = (!job.started_at.is_absent())
        .then(|| Span::between(&job.created_at, &job.started_at).text())
        .flatten();
    let ran = (!job.completed_at.is_absent())
        .then(|| Span::between(&job.started_at, &job.completed_at).text())
        .flatten();
    // While running, the time so far (from the page's clock).
    let running = job.status == JobStatus::Running;
    let started = epoch_ms(&job.started_at);
    let so_far = move || {
        let span = started.map_or(Span::Unknown, |at| Span::since(at, now_ms.get()));
        format!("running for {}", span.text().unwrap_or_default())
    };
    let pending = |at: &Field<Timestamp>| {
        if at.is_absent() {
            view! { <span class="muted">"not yet"</span> }.into_any()
        } else {
            view! { <FieldTime at=at.clone() now_ms/> }.into_any()
        }
    };
    view! {
        <ol class="timeline">
            <li>
                <span class="timeline-label">"Created"</span>
                {match &job.created_at {
                    Field::Absent => view! { <NotSet/> }.into_any(),
                    at => view! { <FieldTime at=at.clone() now_ms/> }.into_any(),
                }}
            </li>
            {waited.map(|waited| view! { <li class="timeline-gap">{format!("queued for {waited}")}</li> })}
            <li class:timeline-pending=job.started_at.is_absent()>
                <span class="timeline-label">"Started"</span>
                {pending(&job.started_at)}
            </li>
            {ran.map(|ran| view! { <li class="timeline-gap">{format!("ran for {ran}")}</li> })}
            {running.then(|| view! { <li class="timeline-gap">{so_far}</li> })}
            <li class:timeline-pending=job.completed_at.is_absent()>
                <span class="timeline-label">{end_label}</span>
                {pending(&job.completed_at)}
            </li>
        </ol>
    }
}
