//! The drawer's body for each API: status, progress with ETA, timeline with durations, error,
//! result, and the remaining fields.

use jobscope_wire::Timestamp;
use jobscope_wire::booper::ScheduledJob;
use jobscope_wire::scripe::{Job, JobStatus};
use leptos::prelude::*;

use crate::components::cancel_dialog::CancelButton;
use crate::components::copy_button::CopyButton;
use crate::components::job_table::ProgressBar;
use crate::components::time::Time;
use crate::format;

#[component]
pub fn ScripeDetail(job: Job, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    let status_class = format!("badge badge-{}", job.status.as_str().to_ascii_lowercase());
    let active = job.status.is_active();
    let eta = job
        .estimated_completion_ms
        .filter(|_| active)
        .map(|ms| format::eta(i64::try_from(ms).unwrap_or(i64::MAX)));
    let progress = job
        .progress
        .clone()
        .filter(|_| active || job.status == JobStatus::Done);
    let result = job
        .result
        .as_ref()
        .filter(|value| !value.is_null())
        .and_then(|value| serde_json::to_string_pretty(value).ok())
        .map(|json| format::json_with_visible_bidi(&json));
    let error = (job.error_code.is_some() || job.error_message.is_some())
        .then(|| (job.error_code.clone(), job.error_message.clone()));
    view! {
        <div class="drawer-summary">
            <span class=status_class data-drawer-status=job.status.as_str().to_owned()>
                {format::status_label(&job.status)}
            </span>
            <span>{format::type_label(&job.job_type)}</span>
            <CancelButton job=job.clone() explain=true/>
        </div>
        {progress.map(|progress| view! {
            <section class="drawer-section" aria-labelledby="drawer-progress">
                <h3 id="drawer-progress">"Progress"</h3>
                <ProgressBar fraction=progress.progress message=progress.message.clone().unwrap_or_default()/>
                <p class="progress-message">{progress.message.clone().unwrap_or_default()}</p>
                {eta.clone().map(|eta| view! { <p class="eta">{eta}</p> })}
            </section>
        })}
        {(job.progress.is_none() && active).then(|| view! {
            <p class="muted">{eta.clone().map_or_else(|| "Waiting to start.".to_owned(), |eta| format!("Waiting to start; {eta}."))}</p>
        })}
        <section class="drawer-section" aria-labelledby="drawer-timeline">
            <h3 id="drawer-timeline">"Timeline"</h3>
            <Timeline job=job.clone() now_ms/>
        </section>
        {error.map(|(code, message)| view! {
            <section class="drawer-section drawer-error" aria-labelledby="drawer-error">
                <h3 id="drawer-error">"Error"</h3>
                {code.map(|code| view! { <p class="error-code"><code>{code}</code></p> })}
                {message.map(|message| view! { <p class="error-message">{message}</p> })}
            </section>
        })}
        {result.map(|result| {
            let text = result.clone();
            view! {
                <section class="drawer-section" aria-labelledby="drawer-result">
                    <h3 id="drawer-result">"Result"</h3>
                    <CopyButton text=Signal::stored(text) label="Copy result"/>
                    <pre class="code-block"><code>{result}</code></pre>
                </section>
            }
        })}
        <section class="drawer-section" aria-labelledby="drawer-fields">
            <h3 id="drawer-fields">"Details"</h3>
            <dl class="fields">
                <dt>"ID"</dt>
                <dd><code>{job.id.clone()}</code></dd>
                <dt>"Project"</dt>
                <dd>{job.project_id.clone().map_or_else(|| view! { <span class="muted">"–"</span> }.into_any(), |p| view! { <code>{p}</code> }.into_any())}</dd>
                <dt>"Attempts"</dt>
                <dd>{job.attempt_count.map_or_else(|| "–".to_owned(), |n| n.to_string())}</dd>
                <dt>"Updated"</dt>
                <dd>{job.updated_at.clone().map(|at| view! { <Time at now_ms/> })}</dd>
            </dl>
        </section>
    }
}

/// Created → started → ended, with how long each step took.
#[component]
fn Timeline(job: Job, now_ms: Signal<i64>) -> impl IntoView {
    let ms = |at: &Option<Timestamp>| at.as_ref().and_then(Timestamp::epoch_ms);
    let created = job.created_at.epoch_ms();
    let started = ms(&job.started_at);
    let ended = ms(&job.completed_at);
    let end_label = match job.status {
        JobStatus::Failed => "Failed",
        JobStatus::Cancelled => "Cancelled",
        _ => "Completed",
    };
    let waited = format::duration_between(created, started);
    let ran = format::duration_between(started, ended);
    // While running, the time so far (from the page's clock).
    let running = job.status == JobStatus::Running;
    let so_far = move || {
        started
            .map(|start| format!("running for {}", format::duration(now_ms.get() - start)))
            .unwrap_or_default()
    };
    view! {
        <ol class="timeline">
            <li>
                <span class="timeline-label">"Created"</span>
                <Time at=job.created_at.clone() now_ms/>
            </li>
            {waited.map(|waited| view! { <li class="timeline-gap">{format!("queued for {waited}")}</li> })}
            <li class:timeline-pending=job.started_at.is_none()>
                <span class="timeline-label">"Started"</span>
                {job.started_at.clone().map_or_else(
                    || view! { <span class="muted">"not yet"</span> }.into_any(),
                    |at| view! { <Time at now_ms/> }.into_any(),
                )}
            </li>
            {ran.map(|ran| view! { <li class="timeline-gap">{format!("ran for {ran}")}</li> })}
            {running.then(|| view! { <li class="timeline-gap">{so_far}</li> })}
            <li class:timeline-pending=job.completed_at.is_none()>
                <span class="timeline-label">{end_label}</span>
                {job.completed_at.clone().map_or_else(
                    || view! { <span class="muted">"not yet"</span> }.into_any(),
                    |at| view! { <Time at now_ms/> }.into_any(),
                )}
            </li>
        </ol>
    }
}

#[component]
pub fn BooperDetail(job: ScheduledJob, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    let oban = job.job.clone();
    let state = oban
        .as_ref()
        .map(|oban| oban.state.as_str().to_owned())
        .unwrap_or_default();
    let stamp = move |label: &'static str, at: Option<Timestamp>| {
        at.map(|at| view! { <dt>{label}</dt><dd><Time at now_ms/></dd> })
    };
    let (method, url) = job
        .args
        .as_ref()
        .map(|args| (args.method.clone(), args.url.clone()))
        .unwrap_or_default();
    view! {
        <div class="drawer-summary">
            <span class=format!("badge badge-oban-{state}") data-drawer-status=state.clone()>{state.clone()}</span>
            <span>{job.name.clone().unwrap_or_default()}</span>
        </div>
        {job.description.clone().map(|d| view! { <p>{d}</p> })}
        <section class="drawer-section" aria-labelledby="drawer-request">
            <h3 id="drawer-request">"Request"</h3>
            <p><code>{method}" "{url}</code></p>
        </section>
        <section class="drawer-section" aria-labelledby="drawer-fields">
            <h3 id="drawer-fields">"Details"</h3>
            <dl class="fields">
                <dt>"ID"</dt>
                <dd><code>{job.id.clone()}</code></dd>
                <dt>"Inserted"</dt>
                <dd><Time at=job.inserted_at.clone() now_ms/></dd>
                {oban.clone().map(|oban| view! {
                    {stamp("Scheduled", oban.scheduled_at)}
                    {stamp("Attempted", oban.attempted_at)}
                    {stamp("Completed", oban.completed_at)}
                    {stamp("Cancelled", oban.cancelled_at)}
                    {stamp("Discarded", oban.discarded_at)}
                })}
                {job.schedule_id.clone().map(|id| view! { <dt>"Schedule"</dt><dd><code>{id}</code></dd> })}
            </dl>
        </section>
    }
}
