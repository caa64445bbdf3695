//! The chart of jobs created per bar of time, stacked by status: SVG drawn from the report
//! (no inline `style`: the CSP forbids it; colours come from the stylesheet, light and dark).
//! Each bar is one tab stop; focus or the pointer shows the same tooltip, Enter or a click
//! opens the list of the bar's jobs, a click on a segment the list of that status. "Show as
//! table" gives the same numbers as a table, with a link for each.

use leptos::prelude::*;

use jobscope_wire::config::BackendKind;

use crate::filters::Filters;
use crate::filters::dates::Zone;
use crate::insights::Phase;
use crate::insights::links::list_href;
use crate::insights::report::{Bar, Chart};

use super::chart_bar::{BarKey, ChartBar, bar_index, bar_keys, keep_focus};
use super::types::{or_placeholder, percent, phase_class, stack_order};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
/// The plot's left edge (room for the scale), viewBox units.
pub(super) const LEFT: f64 = 48.0;
const RIGHT: f64 = 8.0;
/// The plot's top edge, viewBox units.
pub(super) const TOP: f64 = 10.0;
const BOTTOM: f64 = 30.0;
/// The plot's width, viewBox units.
pub(super) const PLOT_W: f64 = WIDTH - LEFT - RIGHT;
/// The plot's height, viewBox units.
pub(super) const PLOT_H: f64 = HEIGHT - TOP - BOTTOM;
const TIP_W: f64 = 220.0;
const LINE: f64 = 16.0;
/// The least height of a segment that has jobs (viewBox units, about as many pixels).
pub(super) const MIN_SEGMENT: f64 = 4.0;

/// The smallest 1, 2 or 5 × 10ⁿ at or above `peak`: the scale's top.
pub(super) fn nice_top(peak: usize) -> usize {
    let mut unit = 1usize;
    loop {
        for step in [1, 2, 5] {
            if let Some(top) = unit.checked_mul(step)
                && top >= peak
            {
                return top;
            }
        }
        match unit.checked_mul(10) {
            Some(next) => unit = next,
            None => return usize::MAX,
        }
    }
}

/// A bar's time for its links: the first and last bars reach beyond the window, their jobs
/// (the ones counted) do not.
pub(super) fn within(chart: &Chart, bar: &Bar) -> (i64, i64) {
    (
        bar.start_ms.max(chart.span.from_ms),
        bar.end_ms.min(chart.span.to_ms.saturating_add(1)),
    )
}

/// The width of one bar's slot in `chart`, viewBox units.
pub(super) fn slot_width(chart: &Chart) -> f64 {
    PLOT_W / chart.bars.len().max(1) as f64
}

/// What a bar's tooltip and its accessible name say.
pub(super) fn bar_lines(chart: &Chart, index: usize, zone: &Zone) -> Vec<String> {
    let Some(bar) = chart.bars.get(index) else {
        return Vec::new();
    };
    let mut lines = vec![
        chart.buckets.label(index, zone),
        format!("{} jobs", crate::format::count(bar.total())),
    ];
    for status in stack_order(&chart.statuses) {
        let count = bar.counts[status];
        if count > 0 {
            lines.push(format!(
                "{}: {}",
                chart.statuses[status].0,
                crate::format::count(count)
            ));
        }
    }
    if let Some(rate) = bar.failure_rate {
        lines.push(format!("Failure rate {}", percent(rate)));
    }
    lines
}

/// The chart's text summary: what it shows, its peak, and its worst failure rate.
pub fn summary(chart: &Chart, zone: &Zone) -> String {
    let total: usize = chart.bars.iter().map(|bar| bar.total()).sum();
    let mut text = format!(
        "Jobs created per {}, {} bars, {} jobs in all",
        chart.buckets.step.label(),
        chart.bars.len(),
        crate::format::count(total)
    );
    if let Some((index, bar)) = chart.bars.iter().enumerate().max_by_key(|(_, b)| b.total())
        && bar.total() > 0
    {
        text.push_str(&format!(
            "; busiest {} with {}",
            chart.buckets.label(index, zone),
            crate::format::count(bar.total())
        ));
    }
    let worst = chart
        .bars
        .iter()
        .enumerate()
        .filter_map(|(i, bar)| bar.failure_rate.map(|rate| (i, rate)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((index, rate)) = worst
        && rate > 0.0
    {
        text.push_str(&format!(
            "; highest failure rate {} in {}",
            percent(rate),
            chart.buckets.label(index, zone)
        ));
    }
    text.push('.');
    text
}

/// The stacked bars of `chart` for `asked` (the filters and window the figures are of).
#[component]
pub fn JobsChart(
    #[prop(into)] chart: Signal<Option<Chart>>,
    #[prop(into)] asked: Signal<Option<Filters>>,
    #[prop(into)] backend: Signal<BackendKind>,
    #[prop(into)] zone: Signal<Zone>,
) -> impl IntoView {
    let as_table = RwSignal::new(false);
    let active = RwSignal::new(None::<BarKey>);
    let caption = move || {
        chart.with(|chart| {
            chart.as_ref().map_or_else(String::new, |chart| {
                format!("Jobs created per {}, by status", chart.buckets.step.label())
            })
        })
    };
    view! {
        <figure class="insights-chart">
            <figcaption class="chart-caption">
                <span>{caption}</span>
                <button
                    type="button"
                    class="button button-secondary chart-toggle"
                    aria-pressed=move || as_table.get().to_string()
                    on:click=move |_| as_table.update(|on| *on = !*on)
                >
                    "Show as table"
                </button>
            </figcaption>
            <Legend chart/>
            {move || {
                if as_table.get() {
                    view! { <ChartTable chart asked backend zone/> }.into_any()
                } else {
                    view! { <ChartSvg chart asked backend zone active/> }.into_any()
                }
            }}
        </figure>
    }
}

#[component]
fn Legend(chart: Signal<Option<Chart>>) -> impl IntoView {
    let entries = move || {
        chart.with(|chart| {
            chart.as_ref().map_or_else(Vec::new, |chart| {
                stack_order(&chart.statuses)
                    .into_iter()
                    .map(|i| chart.statuses[i].clone())
                    .collect::<Vec<(String, Phase)>>()
            })
        })
    };
    view! {
        <ul class="chart-legend">
            <For each=entries key=|(name, _)| name.clone() let((name, phase))>
                <li>
                    <span class=format!("legend-swatch {}", phase_class(phase)) aria-hidden="true"></span>
                    {or_placeholder(name, "(no status)")}
                </li>
            </For>
        </ul>
    }
}

#[component]
fn ChartSvg(
    chart: Signal<Option<Chart>>,
    asked: Signal<Option<Filters>>,
    backend: Signal<BackendKind>,
    zone: Signal<Zone>,
    active: RwSignal<Option<BarKey>>,
) -> impl IntoView {
    // Drawn once the chart and the filters it is of are known. The bars are then keyed by
    // their time bucket: each page read updates them in place, so a focused bar keeps the focus.
    let ready = Memo::new(move |_| chart.with(Option::is_some) && asked.with(Option::is_some));
    let axes = move || {
        let zone = zone.get();
        if !ready.get() {
            return None;
        }
        chart.with(|chart| {
            let chart = chart.as_ref()?;
            let top = nice_top(chart.peak) as f64;
            let first = chart.buckets.label(0, &zone);
            let last = chart.buckets.label(chart.bars.len().saturating_sub(1), &zone);
            Some(view! {
                <g class="chart-axes" role="img" aria-label=summary(chart, &zone)>
                    <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=TOP y2=TOP></line>
                    <line
                        class="grid"
                        x1=LEFT
                        x2=WIDTH - RIGHT
                        y1=TOP + PLOT_H / 2.0
                        y2=TOP + PLOT_H / 2.0
                    ></line>
                    <line class="axis" x1=LEFT x2=WIDTH - RIGHT y1=TOP + PLOT_H y2=TOP + PLOT_H></line>
                    <text class="tick" x=LEFT - 6.0 y=TOP + 4.0 text-anchor="end">
                        {crate::format::count(top as usize)}
                    </text>
                    <text class="tick" x=LEFT - 6.0 y=TOP + PLOT_H / 2.0 + 4.0 text-anchor="end">
                        {crate::format::count(top as usize / 2)}
                    </text>
                    <text class="tick" x=LEFT - 6.0 y=TOP + PLOT_H + 4.0 text-anchor="end">
                        "0"
                    </text>
                    <text class="tick" x=LEFT y=HEIGHT - 8.0 text-anchor="start">
                        {first}
                    </text>
                    <text class="tick" x=WIDTH - RIGHT y=HEIGHT - 8.0 text-anchor="end">
                        {last}
                    </text>
                </g>
            })
        })
    };
    let group = NodeRef::<leptos::svg::G>::new();
    let keys = move || {
        keep_focus(group);
        chart.with(|chart| chart.as_ref().map_or_else(Vec::new, bar_keys))
    };
    let bars = move || {
        ready.get().then(|| {
            view! {
                <g class="bars" node_ref=group>
                    <For each=keys key=|key| *key let(bucket)>
                        <ChartBar bucket chart asked backend zone active/>
                    </For>
                </g>
            }
        })
    };
    let tip = move || {
        let bucket = active.get()?;
        let zone = zone.get();
        chart.with(|chart| {
            let chart = chart.as_ref()?;
            let index = bar_index(chart, bucket)?;
            let lines = bar_lines(chart, index, &zone);
            let slot = slot_width(chart);
            let x = (LEFT + slot * (index as f64 + 1.0) + 6.0).min(WIDTH - RIGHT - TIP_W);
            let x = if x < LEFT + slot * (index as f64 + 1.0) {
                // No room on the right: on the left of the bar.
                (LEFT + slot * index as f64 - TIP_W - 6.0).max(0.0)
            } else {
                x
            };
            let h = LINE * lines.len() as f64 + 10.0;
            let texts = lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| {
                    view! {
                        <text class="tip-text" x="8" y=format!("{:.0}", LINE * (i as f64 + 1.0))>
                            {line}
                        </text>
                    }
                })
                .collect_view();
            Some(view! {
                <g class="chart-tip" aria-hidden="true" transform=format!("translate({x:.1},{TOP:.1})")>
                    <rect class="tip-box" width=TIP_W height=format!("{h:.0}") rx="4"></rect>
                    {texts}
                </g>
            })
        })
    };
    view! {
        <svg
            class="chart-svg"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            preserveAspectRatio="none"
        >
            {axes}
            {bars}
            {tip}
        </svg>
    }
}

#[component]
fn ChartTable(
    chart: Signal<Option<Chart>>,
    asked: Signal<Option<Filters>>,
    backend: Signal<BackendKind>,
    zone: Signal<Zone>,
) -> impl IntoView {
    move || {
        let zone = zone.get();
        chart.with(|chart| {
            let chart = chart.as_ref()?;
            let asked = asked.get()?;
            let backend = backend.get();
            let order = stack_order(&chart.statuses);
            let head = order
                .iter()
                .map(|i| view! { <th scope="col">{chart.statuses[*i].0.clone()}</th> })
                .collect_view();
            let rows = chart
                .bars
                .iter()
                .enumerate()
                .map(|(index, bar)| {
                    let span = within(chart, bar);
                    let cells = order
                        .iter()
                        .map(|status| {
                            let name = &chart.statuses[*status].0;
                            let href = list_href(&asked, &backend, Some(name), Some(span));
                            let count = bar.counts[*status];
                            view! {
                                <td class="num">
                                    <a href=href>{crate::format::count(count)}</a>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{chart.buckets.label(index, &zone)}</th>
                            {cells}
                            <td class="num">
                                <a href=list_href(&asked, &backend, None, Some(span))>
                                    {crate::format::count(bar.total())}
                                </a>
                            </td>
                            <td class="num">
                                {bar.failure_rate.map_or_else(|| "—".to_owned(), percent)}
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            Some(view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label="The chart's numbers">
                    <table class="figures-table chart-table">
                        <thead>
                            <tr>
                                <th scope="col">"Time"</th>
                                {head}
                                <th scope="col">"All"</th>
                                <th scope="col">"Failure rate"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })
        })
    }
}
