//! One Booper scheduled job as a table row: name, the HTTP request it makes, its schedule,
//! the Oban state and its times (naive timestamps are UTC).

use jobscope_wire::Field;
use jobscope_wire::booper::{ObanState, ScheduleIn, ScheduledJob};
use leptos::prelude::*;

use super::row::RowFrame;
use super::types::RowFocus;
use crate::components::field::unknown_title;
use crate::components::time::FieldTime;
use crate::format;

/// The column headings, in order.
pub const COLUMNS: [&str; 6] = [
    "Name", "Request", "Schedule", "State", "Created", "Finished",
];

/// A Booper row's view, as [`crate::chunks::booper_row`] hands it to the list: this module is
/// in the Booper chunk, not the main module.
pub fn render(index: usize, job: ScheduledJob, now_ms: Signal<i64>, focus: RowFocus) -> AnyView {
    view! { <BooperRow index job now_ms focus/> }.into_any()
}

#[component]
fn BooperRow(
    index: usize,
    job: ScheduledJob,
    #[prop(into)] now_ms: Signal<i64>,
    focus: RowFocus,
) -> impl IntoView {
    let state = job.state().cloned();
    let state_text = state
        .as_ref()
        .map_or("unknown", ObanState::as_str)
        .to_owned();
    // A state sent but unreadable says so on hover.
    let state_title = job
        .job
        .value()
        .and_then(|oban| oban.state.invalid())
        .or_else(|| job.job.invalid())
        .map(unknown_title);
    let badge = format!("badge badge-{}", badge_tone(state.as_ref()));
    let request = request_text(&job);
    let schedule = schedule_text(&job);
    let name = match &job.name {
        Field::Value(name) if !name.is_empty() => name.clone(),
        Field::Invalid(_) => format!("{} (name unknown)", job.id),
        _ => job.id.clone(),
    };
    let description = job.description.value().cloned().unwrap_or_default();
    // The first end time that was sent (an unreadable one shows as unknown).
    let finished = job.job.value().map_or(Field::Absent, |oban| {
        [&oban.completed_at, &oban.cancelled_at, &oban.discarded_at]
            .into_iter()
            .find(|at| !at.is_absent())
            .cloned()
            .unwrap_or_default()
    });
    view! {
        <RowFrame index id=job.id.clone() focus status=state_text.clone()>
            <div role="cell" class="cell cell-name" title=description>
                {name}
            </div>
            <div role="cell" class="cell cell-request" title=request.clone()>
                <code>{request.clone()}</code>
            </div>
            <div role="cell" class="cell">{schedule}</div>
            <div role="cell" class="cell cell-status">
                <span class=badge title=state_title>{state_text.clone()}</span>
            </div>
            <div role="cell" class="cell"><FieldTime at=job.inserted_at.clone() now_ms/></div>
            <div role="cell" class="cell"><FieldTime at=finished now_ms/></div>
        </RowFrame>
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

/// "POST https://…", with "unknown" for a part sent but unreadable; empty without a request.
fn request_text(job: &ScheduledJob) -> String {
    let part = |field: &Field<String>, text: fn(&str) -> String| match field {
        Field::Value(value) => text(value),
        Field::Invalid(_) => "unknown".to_owned(),
        Field::Absent => String::new(),
    };
    match &job.args {
        Field::Value(args) => format!(
            "{} {}",
            part(&args.method, str::to_ascii_uppercase),
            part(&args.url, str::to_owned)
        )
        .trim()
        .to_owned(),
        Field::Invalid(_) => "unknown".to_owned(),
        Field::Absent => String::new(),
    }
}

/// "Recurring", "in 30 s", "in 2 hours", "Once", or "unknown" (a schedule sent but
/// unreadable, or a negative delay).
fn schedule_text(job: &ScheduledJob) -> String {
    match &job.schedule_id {
        Field::Value(_) => return "Recurring".to_owned(),
        Field::Invalid(_) => return "unknown".to_owned(),
        Field::Absent => {}
    }
    match job.args.value().and_then(|args| args.schedule_in.value()) {
        Some(ScheduleIn::Seconds(secs)) if *secs < 0 => "unknown".to_owned(),
        Some(ScheduleIn::Seconds(secs)) => {
            format!("in {}", format::duration(secs.saturating_mul(1000)))
        }
        Some(ScheduleIn::Unit(n, unit)) => format!("in {n} {unit}"),
        _ => "Once".to_owned(),
    }
}
