//! The drawer's body for a Booper scheduled job: its state, the request it makes, and its
//! times. A field the API sent but that could not be read shows "unknown".

use jobscope_wire::booper::ScheduledJob;
use jobscope_wire::{Field, Timestamp};
use leptos::prelude::*;

use crate::components::field::{Unknown, field_view};
use crate::components::time::FieldTime;

#[component]
pub fn BooperDetail(job: ScheduledJob, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    let state = job
        .state()
        .map(|state| state.as_str().to_owned())
        .unwrap_or_default();
    let badge = format!(
        "badge badge-oban-{}",
        if state.is_empty() { "unknown" } else { &state }
    );
    // A time row for each time sent (an unreadable one reads "unknown").
    let stamp = move |label: &'static str, at: Field<Timestamp>| {
        (!at.is_absent()).then(|| view! { <dt>{label}</dt><dd><FieldTime at now_ms/></dd> })
    };
    let request = match &job.args {
        Field::Value(args) => {
            let method = field_view(&args.method, |m| m.to_ascii_uppercase());
            let url = field_view(&args.url, Clone::clone);
            view! { <p><code>{method}" "{url}</code></p> }.into_any()
        }
        other => view! { <p>{field_view(other, |_| String::new())}</p> }.into_any(),
    };
    view! {
        <div class="drawer-summary">
            <span class=badge data-drawer-status=state.clone()>
                {match job.job.value().map(|oban| &oban.state) {
                    Some(state) => field_view(state, |s| s.as_str().to_owned()),
                    None => field_view(&job.job, |_| String::new()),
                }}
            </span>
            <span>{match &job.name {
                Field::Absent => ().into_any(),
                name => field_view(name, Clone::clone),
            }}</span>
        </div>
        {match &job.description {
            Field::Absent => None,
            description => Some(view! { <p>{field_view(description, Clone::clone)}</p> }),
        }}
        <section class="drawer-section" aria-labelledby="drawer-request">
            <h3 id="drawer-request">"Request"</h3>
            {request}
        </section>
        <section class="drawer-section" aria-labelledby="drawer-fields">
            <h3 id="drawer-fields">"Details"</h3>
            <dl class="fields">
                <dt>"ID"</dt>
                <dd><code>{job.id.clone()}</code></dd>
                <dt>"Inserted"</dt>
                <dd><FieldTime at=job.inserted_at.clone() now_ms/></dd>
                {match job.job.clone() {
                    Field::Value(oban) => view! {
                        {stamp("Scheduled", oban.scheduled_at)}
                        {stamp("Attempted", oban.attempted_at)}
                        {stamp("Completed", oban.completed_at)}
                        {stamp("Cancelled", oban.cancelled_at)}
                        {stamp("Discarded", oban.discarded_at)}
                    }
                    .into_any(),
                    Field::Invalid(raw) => view! { <dt>"Queue row"</dt><dd><Unknown raw=*raw/></dd> }.into_any(),
                    Field::Absent => ().into_any(),
                }}
                {match &job.schedule_id {
                    Field::Absent => None,
                    Field::Value(id) => Some(view! { <dt>"Schedule"</dt><dd><code>{id.clone()}</code></dd> }.into_any()),
                    odd => Some(view! { <dt>"Schedule"</dt><dd>{field_view(odd, Clone::clone)}</dd> }.into_any()),
                }}
            </dl>
        </section>
    }
}
