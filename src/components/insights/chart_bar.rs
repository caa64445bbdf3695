//! One bar of the Insights chart ([`super::chart`]): a `<g>` keyed by its time bucket that
//! stays in the DOM while pages stream in. Its name, link, place and segments are derived from
//! the chart on each change and update in place, so a bar focused from the keyboard keeps the
//! focus (and its tooltip) while the walk reads on.

use leptos::prelude::*;
use leptos::svg;
use wasm_bindgen::JsCast;

use jobscope_wire::config::BackendKind;

use crate::filters::Filters;
use crate::filters::dates::Zone;
use crate::insights::Phase;
use crate::insights::links::list_href;
use crate::insights::report::Chart;

use super::chart::{LEFT, MIN_SEGMENT, PLOT_H, TOP, bar_lines, nice_top, slot_width, within};
use super::types::{go_to, phase_class, stack_order};

/// A bar's time bucket, `(start, end)` in UTC ms, end exclusive. The same bucket keeps the
/// same element from one read to the next; another layout of buckets (another window or zone,
/// a range open at its start reaching further back) may replace it.
pub type BarKey = (i64, i64);

/// The buckets of `chart`'s bars, oldest first.
pub fn bar_keys(chart: &Chart) -> Vec<BarKey> {
    chart
        .bars
        .iter()
        .map(|bar| (bar.start_ms, bar.end_ms))
        .collect()
}

/// Where the bar of bucket `key` is in `chart`; `None` when the chart has no such bucket.
pub fn bar_index(chart: &Chart, key: BarKey) -> Option<usize> {
    let index = chart.buckets.index_of(key.0)?;
    let bar = chart.bars.get(index)?;
    (bar.start_ms == key.0 && bar.end_ms == key.1).then_some(index)
}

/// Gives the focus back to the bar that has it once the keyed list of bars in `group` has been
/// updated: bars added before others (a range open at its start reaching further back with
/// each page) make the list move the bars after them in the DOM, and a moved element loses
/// the focus. Called as the list reads its keys, just before it updates.
pub fn keep_focus(group: NodeRef<svg::G>) {
    let Some(group) = group.get_untracked() else {
        return;
    };
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Some(bar) = document
        .active_element()
        .filter(|focused| group.contains(Some(focused)))
    else {
        return;
    };
    // A task spawned now runs after the list has applied the update.
    leptos::task::spawn_local(async move {
        // Only when the focus went nowhere (the body), not to something the user chose.
        let lost = match document.active_element() {
            None => true,
            Some(focused) => document.body().is_some_and(|body| *body == focused),
        };
        if lost
            && bar.is_connected()
            && let Some(bar) = bar.dyn_ref::<web_sys::SvgElement>()
        {
            // Cannot fail for an element in the document; nothing to do if it did.
            let _ = bar.focus();
        }
    });
}

/// One status's jobs in a bar, as drawn.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    status: String,
    phase: Phase,
    /// Its rectangle, viewBox units: the bar's slot less a gap to its neighbours.
    x: f64,
    y: f64,
    width: f64,
    h: f64,
    /// The list of the bar's jobs of this status.
    href: String,
}

/// A bar as drawn from the chart as it is now.
#[derive(Debug, Clone, PartialEq)]
struct Drawn {
    /// The left edge and width of the bar's slot (what the pointer hits), viewBox units.
    x: f64,
    slot: f64,
    /// The accessible name: the tooltip's lines.
    name: String,
    /// The list of the bar's jobs.
    href: String,
    /// Bottom to top.
    segments: Vec<Segment>,
}

impl Drawn {
    fn of(
        chart: &Chart,
        key: BarKey,
        asked: &Filters,
        backend: &BackendKind,
        zone: &Zone,
    ) -> Option<Self> {
        let index = bar_index(chart, key)?;
        let bar = chart.bars.get(index)?;
        let top = nice_top(chart.peak) as f64;
        let slot = slot_width(chart);
        let x = LEFT + slot * index as f64;
        let gap = if slot > 4.0 { 1.0 } else { 0.0 };
        let span = within(chart, bar);
        let mut y = TOP + PLOT_H;
        let segments = stack_order(&chart.statuses)
            .into_iter()
            .filter(|status| bar.counts[*status] > 0)
            .map(|status| {
                let (name, phase) = &chart.statuses[status];
                // Even one job is a segment one can see and click.
                let h = (bar.counts[status] as f64 / top * PLOT_H).max(MIN_SEGMENT);
                y -= h;
                Segment {
                    status: name.clone(),
                    phase: *phase,
                    x: x + gap / 2.0,
                    y,
                    width: (slot - gap).max(0.5),
                    h,
                    href: list_href(asked, backend, Some(name), Some(span)),
                }
            })
            .collect();
        Some(Self {
            x,
            slot,
            name: bar_lines(chart, index, zone).join(", "),
            href: list_href(asked, backend, None, Some(span)),
            segments,
        })
    }
}

/// The bar of `bucket` in `chart` (for the filters `asked`): one tab stop and a link to its
/// jobs (Enter or a click), the tooltip's bar (`active`) under focus or the pointer, and a
/// segment per status, whose click opens the list of that status.
#[component]
pub fn ChartBar(
    bucket: BarKey,
    chart: Signal<Option<Chart>>,
    asked: Signal<Option<Filters>>,
    backend: Signal<BackendKind>,
    zone: Signal<Zone>,
    active: RwSignal<Option<BarKey>>,
) -> impl IntoView {
    let navigate = go_to();
    let drawn = Memo::new(move |_| {
        let zone = zone.get();
        let backend = backend.get();
        asked.with(|asked| {
            chart.with(|chart| Drawn::of(chart.as_ref()?, bucket, asked.as_ref()?, &backend, &zone))
        })
    });
    // A bar taken away (another layout) takes its tooltip along: no pointer or focus event
    // need say so.
    on_cleanup(move || {
        active.maybe_update(|active| {
            let mine = *active == Some(bucket);
            if mine {
                *active = None;
            }
            mine
        });
    });
    let read = move |f: fn(&Drawn) -> String| move || drawn.with(|d| d.as_ref().map(f));
    let open = move || {
        if let Some(href) = drawn.with_untracked(|d| d.as_ref().map(|d| d.href.clone())) {
            navigate(&href);
        }
    };
    let statuses = move || {
        drawn.with(|d| {
            d.as_ref().map_or_else(Vec::new, |d| {
                d.segments.iter().map(|s| s.status.clone()).collect()
            })
        })
    };
    view! {
        <g
            class="bar"
            tabindex="0"
            role="link"
            aria-label=read(|d| d.name.clone())
            data-href=read(|d| d.href.clone())
            on:mouseenter=move |_| active.set(Some(bucket))
            on:mouseleave=move |_| active.set(None)
            on:focus=move |_| active.set(Some(bucket))
            on:blur=move |_| active.set(None)
            on:click=move |_| open()
            on:keydown=move |event: web_sys::KeyboardEvent| {
                if event.key() == "Enter" {
                    open();
                }
            }
        >
            <rect
                class="bar-hit"
                x=read(|d| format!("{:.2}", d.x))
                y=format!("{TOP:.2}")
                width=read(|d| format!("{:.2}", d.slot))
                height=format!("{PLOT_H:.2}")
            ></rect>
            <For
                each=statuses
                key=|status| status.clone()
                children=move |status| segment(status, drawn, navigate)
            />
        </g>
    }
}

/// The segment of `status` in the bar `drawn`, kept while the bar has jobs of that status.
fn segment(
    status: String,
    drawn: Memo<Option<Drawn>>,
    navigate: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name = status.clone();
    let this = Memo::new(move |_| {
        drawn.with(|d| {
            d.as_ref()
                .and_then(|d| d.segments.iter().find(|s| s.status == name).cloned())
        })
    });
    let read = move |f: fn(&Segment) -> String| move || this.with(|s| s.as_ref().map(f));
    view! {
        <rect
            class=read(|s| format!("segment {}", phase_class(s.phase)))
            x=read(|s| format!("{:.2}", s.x))
            y=read(|s| format!("{:.2}", s.y))
            width=read(|s| format!("{:.2}", s.width))
            height=read(|s| format!("{:.2}", s.h))
            data-status=status
            on:click=move |event| {
                event.stop_propagation();
                if let Some(href) = this.with_untracked(|s| s.as_ref().map(|s| s.href.clone())) {
                    navigate(&href);
                }
            }
        ></rect>
    }
}
