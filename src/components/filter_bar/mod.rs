//! The filter bar: status and type multi-selects, the created-at range, and a chip for each
//! active filter. It reads the filters and writes changes through `set`; it holds no filter
//! state of its own (the URL does).

mod chips;
mod date_range;
mod multi_select;
mod notice;
pub mod types;

use leptos::prelude::*;

pub use notice::FilterNotice;

use crate::filters::Filters;
use crate::filters::capabilities::Capabilities;
use crate::hooks::use_filters::Write;
use chips::FilterChips;
use date_range::DateRange;
use multi_select::MultiSelect;
use types::list_filter;

#[component]
pub fn FilterBar(
    /// The filters shown, from the URL.
    #[prop(into)]
    filters: Signal<Filters>,
    /// Changes the filters (writes the URL).
    set: Callback<(Filters, Write)>,
    /// Now, refreshed now and then (for the presets).
    #[prop(into)]
    now_ms: Signal<i64>,
    /// What the backend can filter by.
    #[prop(into)]
    capabilities: Signal<Capabilities>,
) -> impl IntoView {
    let selected = move |param: &'static str| {
        Signal::derive(move || filters.with(|filters| filters.selected(param)))
    };
    let toggle = move |param: &'static str| {
        Callback::new(move |(value, on): (&'static str, bool)| {
            let mut next = filters.get_untracked();
            next.toggle(param, value, on);
            set.run((next, Write::Push));
        })
    };

    view! {
        <section class="filter-bar" aria-label="Filters">
            <div class="filter-controls">
                // One menu per list filter the backend declares, the range if it has one.
                {move || {
                    let offered = capabilities.get();
                    offered
                        .lists
                        .iter()
                        .filter_map(|param| list_filter(param).map(|(label, choices)| (*param, label, choices)))
                        .map(|(name, label, choices)| {
                            view! {
                                <MultiSelect
                                    name
                                    label
                                    choices
                                    selected=selected(name)
                                    on_toggle=toggle(name)
                                    single=!offered.takes_many(name)
                                />
                            }
                        })
                        .collect_view()
                }}
                <Show when=move || capabilities.get().dates>
                    <DateRange filters set now_ms/>
                </Show>
            </div>
            <FilterChips filters set now_ms/>
        </section>
    }
}
