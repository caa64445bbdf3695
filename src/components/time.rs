//! A timestamp as the user chose to read times (relative, local or UTC), with the absolute
//! time in both zones as its tooltip; a local time the zone's clocks show twice says its
//! offset; an unreadable timestamp is shown as sent.

use jobscope_wire::{Field, Timestamp};
use leptos::prelude::*;

use crate::components::field::Unknown;
use crate::filters::dates::{self, Offset, Zone};
use crate::format::{self, TimeDisplay};
use crate::hooks::use_remembered::use_remembered;

#[component]
pub fn Time(at: Timestamp, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    let display = use_remembered::<TimeDisplay>().value;
    let raw = at.as_str().to_owned();
    let Some(at_ms) = at.epoch_ms() else {
        return view! { <time>{raw}</time> }.into_any();
    };
    let offset = Zone::Local.offset_ms(at_ms);
    // In the hour a daylight-saving change repeats, a local time names two instants: it
    // says its offset then.
    let repeated = dates::repeated_wall_time(at_ms, &Zone::Local);
    let text = move || format::time_text(display.get(), now_ms.get(), at_ms, offset, repeated);
    view! {
        <time datetime=raw title=format::time_title(at_ms, offset)>
            {text}
        </time>
    }
    .into_any()
}

/// A time field of a job as sent: the [`Time`], a dash when there is none, or "unknown" when
/// what was sent is not a time (it stays, as sent, in the drawer's raw JSON).
#[component]
pub fn FieldTime(at: Field<Timestamp>, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    match at {
        Field::Value(at) => view! { <Time at now_ms/> }.into_any(),
        Field::Absent => view! { <span class="muted" aria-label="None">"–"</span> }.into_any(),
        Field::Invalid(raw) => view! { <Unknown raw=*raw/> }.into_any(),
    }
}
