//! A timestamp as the user chose to read times (relative, local or UTC), with the absolute
//! time in both zones as its tooltip; an unreadable timestamp is shown as sent.

use jobscope_wire::Timestamp;
use leptos::prelude::*;

use crate::filters::dates::{Offset, Zone};
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
    let text = move || format::time_text(display.get(), now_ms.get(), at_ms, offset);
    view! {
        <time datetime=raw title=format::time_title(at_ms, offset)>
            {text}
        </time>
    }
    .into_any()
}
