//! One Booper scheduled job as a table row: name, the HTTP request it makes, its schedule,
//! the Oban state and its times (naive timestamps are UTC).

use jobscope_wire::Timestamp;
use jobscope_wire::booper::{ObanState, ScheduleIn, ScheduledJob};
use leptos::prelude::*;

use super::types::{ROW_HEIGHT_PX, RowFocus};
use crate::components::time::Time;
use crate::format;

/// The column headings, in order.
pub const COLUMNS: [&str; 6] = [
    "Name", "Request", "Schedule", "State", "Created", "Finished",
];

#[component]
pub fn BooperRow(
    index: usize,
    job: ScheduledJob,
    #[prop(into)] now_ms: Signal<i64>,
    focus: RowFocus,
) -> impl IntoView {
    let id = job.id.clone();
    let top = format!("translateY({}px)", index * ROW_HEIGHT_PX);
    let oban = job.job.clone();
    let state = oban.as_ref().map(|oban| oban.state.clone());
    let state_text = state
        .as_ref()
        .map_or("unknown", ObanState::as_str)
        .to_owned();
    let badge = format!("badge badge-{}", badge_tone(state.as_ref()));
    let request = job
        .args
        .as_ref()
        .map(|args| format!("{} {}", args.method.to_ascii_uppercase(), args.url))
        .unwrap_or_default();
    let schedule = schedule_text(&job);
    let name = job
        .name
        .clone()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| job.id.clone());
    let finished = oban.as_ref().and_then(|oban| {
        oban.completed_at
            .clone()
            .or_else(|| oban.cancelled_at.clone())
            .or_else(|| oban.discarded_at.clone())
    });
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
            data-status=state_text.clone()
            style:transform=top
        >
            <div role="cell" class="cell cell-name" title=job.description.clone().unwrap_or_default()>
                {name}
            </div>
            <div role="cell" class="cell cell-request" title=request.clone()>
                <code>{request.clone()}</code>
            </div>
            <div role="cell" class="cell">{schedule}</div>
            <div role="cell" class="cell cell-status">
                <span class=badge>{state_text.clone()}</span>
            </div>
            <div role="cell" class="cell">{time_cell(Some(job.inserted_at.clone()), now_ms)}</div>
            <div role="cell" class="cell">{time_cell(finished, now_ms)}</div>
        </div>
    }
}

/// Oban states in the status badge colours people already read: waiting, running, done,
/// failed, stopped.
fn badge_tone(state: Option<&ObanState>) -> &'static str {
    match state {
        Some(ObanState::Available | ObanState::Scheduled) => "queued",
        Some(ObanState::Executing | ObanState::Retryable) => "running",
        Some(ObanState::Completed) => "done",
        Some(ObanState::Discarded) => "failed",
        _ => "cancelled",
    }
}

/// "Recurring", "in 30 s", "in 2 hours", or "Once".
fn schedule_text(job: &ScheduledJob) -> String {
    if job.schedule_id.is_some() {
        return "Recurring".to_owned();
    }
    match job.args.as_ref().and_then(|args| args.schedule_in.as_ref()) {
        Some(ScheduleIn::Seconds(secs)) => {
            format!("in {}", format::duration(secs.saturating_mul(1000)))
        }
        Some(ScheduleIn::Unit(n, unit)) => format!("in {n} {unit}"),
        _ => "Once".to_owned(),
    }
}

/// The time as the user reads times, the exact time on hover; a dash when there is none.
fn time_cell(at: Option<Timestamp>, now_ms: Signal<i64>) -> AnyView {
    match at {
        Some(at) => view! { <Time at now_ms/> }.into_any(),
        None => view! { <span class="muted" aria-label="None">"–"</span> }.into_any(),
    }
}
