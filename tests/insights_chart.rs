//! Browser tests of the Insights chart: a bar per time step with a segment per status, no
//! inline style (the CSP forbids it); every bar takes the keyboard focus and shows the same
//! tooltip as the pointer, which says what the bar's accessible name says; "Show as table"
//! gives the same numbers.
#![cfg(target_arch = "wasm32")]

use jobscope::components::insights::chart::JobsChart;
use jobscope::filters::Filters;
use jobscope::filters::dates::Zone;
use jobscope::insights::report::Chart;
use jobscope::insights::{DEFAULT_CAP, Fields, Phase, Sample, Span, Tally};
use jobscope_wire::config::BackendKind;
use leptos::prelude::*;
use leptos_router::components::Router;
use support::{count, one, settle, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, MouseEvent, MouseEventInit};

mod support;

wasm_bindgen_test_configure!(run_in_browser);

const HOUR: i64 = 3_600_000;
/// 2026-12-01T12:00:00Z.
const NOW: i64 = 1_796_126_400_000;

/// The jobs of [`chart`]: 3 done and 1 failed in the hour before now, 2 queued at now (the
/// last bar), as (status, phase, created at).
const PLAN: [(&str, Phase, i64); 6] = [
    ("DONE", Phase::Succeeded, NOW - HOUR + 1),
    ("DONE", Phase::Succeeded, NOW - HOUR + 2),
    ("DONE", Phase::Succeeded, NOW - HOUR + 3),
    ("FAILED", Phase::Failed, NOW - HOUR + 4),
    ("QUEUED", Phase::Queued, NOW),
    ("QUEUED", Phase::Queued, NOW),
];

/// The last 24 hours (25 hourly bars) with [`PLAN`]'s jobs.
fn chart() -> Chart {
    chart_of(&PLAN, NOW - 24 * HOUR)
}

/// From `from_ms` to now (hourly bars, the same for any jobs) with `plan`'s jobs.
fn chart_of(plan: &[(&str, Phase, i64)], from_ms: i64) -> Chart {
    let mut tally = Tally::new(Fields::ALL, DEFAULT_CAP);
    let ids: Vec<String> = (0..plan.len()).map(|i| format!("job_{i}")).collect();
    for (id, (status, phase, at)) in ids.iter().zip(plan) {
        tally.add(&Sample {
            id,
            status: Some(*status),
            phase: *phase,
            created_ms: Some(*at),
            ..Sample::default()
        });
    }
    let span = Span {
        from_ms,
        to_ms: NOW,
    };
    tally.report(span, &Zone::Utc, NOW).chart
}

struct Mounted {
    root: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

fn mount() -> Mounted {
    mount_with(Signal::stored(Some(chart())))
}

/// The chart of `chart`, which a test may change as a page read would.
fn mount_with(chart: Signal<Option<Chart>>) -> Mounted {
    support::install_stylesheet();
    let root = support::container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let asked = Signal::stored(Some(Filters::default()));
        let backend = Signal::stored(BackendKind::Scripe);
        let zone = Signal::stored(Zone::Utc);
        view! { <Router><JobsChart chart asked backend zone/></Router> }.into_any()
    });
    Mounted {
        root,
        _handle: handle,
    }
}

fn bar(root: &HtmlElement, index: u32) -> web_sys::Element {
    root.query_selector_all(".bar")
        .unwrap()
        .item(index)
        .unwrap()
        .unchecked_into()
}

fn tip_text(root: &HtmlElement) -> Option<String> {
    let tip = root.query_selector(".chart-tip").unwrap()?;
    let lines = tip.query_selector_all("text").unwrap();
    Some(
        (0..lines.length())
            .map(|i| lines.item(i).unwrap().text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

#[wasm_bindgen_test]
async fn a_bar_per_step_a_segment_per_status_and_no_inline_style() {
    let m = mount();
    settle().await;
    assert_eq!(count(&m.root, ".bar"), 25);
    // The hour before now: failed at the bottom, then done; now: queued.
    let last_hour = bar(&m.root, 23);
    let segments = last_hour.query_selector_all(".segment").unwrap();
    let statuses: Vec<String> = (0..segments.length())
        .map(|i| {
            segments
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("data-status")
                .unwrap()
        })
        .collect();
    assert_eq!(statuses, ["FAILED", "DONE"]);
    assert_eq!(count(&bar(&m.root, 24), ".segment.phase-queued"), 1);
    assert_eq!(count(&m.root, ".segment"), 3);
    assert_eq!(count(&m.root, "[style]"), 0, "the CSP forbids inline style");
    let summary = one(&m.root, ".chart-axes")
        .get_attribute("aria-label")
        .unwrap();
    assert_eq!(
        one(&m.root, ".chart-axes").get_attribute("role").as_deref(),
        Some("img")
    );
    assert!(summary.contains("6 jobs in all"), "{summary}");
    assert!(summary.contains("highest failure rate 25 %"), "{summary}");
}

#[wasm_bindgen_test]
async fn focus_and_the_pointer_show_the_same_tooltip_as_the_bars_name() {
    let m = mount();
    settle().await;
    assert_eq!(tip_text(&m.root), None);
    let hovered = bar(&m.root, 23);
    assert_eq!(hovered.get_attribute("tabindex").as_deref(), Some("0"));
    let name = hovered.get_attribute("aria-label").unwrap();
    assert_eq!(
        name,
        "2026-12-01 11:00–12:00, 4 jobs, FAILED: 1, DONE: 3, Failure rate 25 %"
    );

    let init = MouseEventInit::new();
    let enter = MouseEvent::new_with_mouse_event_init_dict("mouseenter", &init).unwrap();
    hovered.dispatch_event(&enter).unwrap();
    assert!(until(|| tip_text(&m.root).is_some()).await);
    assert_eq!(tip_text(&m.root).as_deref(), Some(name.as_str()));
    let leave = MouseEvent::new_with_mouse_event_init_dict("mouseleave", &init).unwrap();
    hovered.dispatch_event(&leave).unwrap();
    assert!(until(|| tip_text(&m.root).is_none()).await);

    let focused = bar(&m.root, 24);
    focused
        .unchecked_ref::<web_sys::SvgElement>()
        .focus()
        .unwrap();
    assert!(until(|| tip_text(&m.root).is_some()).await);
    assert_eq!(support::active_element(), focused);
    assert_eq!(tip_text(&m.root), focused.get_attribute("aria-label"));
    focused
        .unchecked_ref::<web_sys::SvgElement>()
        .blur()
        .unwrap();
    assert!(until(|| tip_text(&m.root).is_none()).await);
}

#[wasm_bindgen_test]
async fn a_focused_bar_keeps_its_element_focus_and_hour_as_pages_arrive() {
    let chart = RwSignal::new(Some(chart()));
    let m = mount_with(chart.into());
    settle().await;
    let focused = bar(&m.root, 23);
    let failed = one(&focused, ".segment[data-status='FAILED']");
    let height = |segment: &web_sys::Element| {
        segment
            .get_attribute("height")
            .and_then(|h| h.parse::<f64>().ok())
            .unwrap_or_default()
    };
    let failed_height = height(&failed);
    focused
        .unchecked_ref::<web_sys::SvgElement>()
        .focus()
        .unwrap();
    assert!(until(|| tip_text(&m.root).is_some()).await);
    assert_eq!(support::active_element(), focused);

    // A page read: two more failed jobs in that hour, the same 25 buckets.
    let mut plan = PLAN.to_vec();
    plan.extend([
        ("FAILED", Phase::Failed, NOW - HOUR + 5),
        ("FAILED", Phase::Failed, NOW - HOUR + 6),
    ]);
    chart.set(Some(chart_of(&plan, NOW - 24 * HOUR)));
    let renamed = "2026-12-01 11:00–12:00, 6 jobs, FAILED: 3, DONE: 3, Failure rate 50 %";
    assert!(
        until(|| bar(&m.root, 23).get_attribute("aria-label").as_deref() == Some(renamed)).await,
        "{:?}",
        bar(&m.root, 23).get_attribute("aria-label")
    );
    assert_eq!(count(&m.root, ".bar"), 25);
    assert_eq!(
        support::active_element(),
        focused,
        "the focused bar is still the same element, with the focus"
    );
    assert_eq!(bar(&m.root, 23), focused);
    assert_eq!(
        focused.get_attribute("aria-label").as_deref(),
        Some(renamed)
    );
    assert_eq!(tip_text(&m.root).as_deref(), Some(renamed));
    // Its segments stay too, redrawn to the new counts (and the new scale).
    let still = one(&focused, ".segment[data-status='FAILED']");
    assert_eq!(still, failed);
    assert!(
        height(&still) > failed_height,
        "{failed_height} → {}",
        height(&still)
    );

    // A range open at its start: the next page reaches 3 hours further back, so 3 bars come
    // before the others. The focused bar is still that hour's, in its new place.
    plan.push(("DONE", Phase::Succeeded, NOW - 27 * HOUR));
    chart.set(Some(chart_of(&plan, NOW - 27 * HOUR)));
    assert!(until(|| count(&m.root, ".bar") == 28).await);
    assert_eq!(
        support::active_element(),
        focused,
        "the focused bar is still the same element, with the focus"
    );
    assert_eq!(
        focused.get_attribute("aria-label").as_deref(),
        Some(renamed),
        "the focused bar is still the same hour's"
    );
    assert_eq!(bar(&m.root, 26), focused);
    assert_eq!(tip_text(&m.root).as_deref(), Some(renamed));
    assert_eq!(one(&focused, ".segment[data-status='FAILED']"), failed);
    assert_eq!(count(&m.root, "[style]"), 0, "the CSP forbids inline style");
}

#[wasm_bindgen_test]
async fn show_as_table_gives_the_same_numbers_with_links() {
    let m = mount();
    settle().await;
    let toggle = one(&m.root, ".chart-toggle").unchecked_into::<HtmlElement>();
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    toggle.click();
    assert!(until(|| count(&m.root, ".chart-table") == 1).await);
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(count(&m.root, ".bar"), 0);
    assert_eq!(count(&m.root, ".chart-table tbody tr"), 25);
    let row = m
        .root
        .query_selector_all(".chart-table tbody tr")
        .unwrap()
        .item(23)
        .unwrap()
        .unchecked_into::<web_sys::Element>();
    let cells: Vec<String> = {
        let cells = row.query_selector_all("th, td").unwrap();
        (0..cells.length())
            .map(|i| cells.item(i).unwrap().text_content().unwrap_or_default())
            .collect()
    };
    // Time, FAILED, DONE, QUEUED, all, failure rate.
    assert_eq!(
        cells,
        ["2026-12-01 11:00–12:00", "1", "3", "0", "4", "25 %"]
    );
    let link = row.query_selector("td a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("./?status=FAILED&dateFrom=2026-12-01T11:00:00Z&dateTo=2026-12-01T11:59:59.999Z")
    );
    toggle.click();
    assert!(until(|| count(&m.root, ".bar") == 25).await);
}
