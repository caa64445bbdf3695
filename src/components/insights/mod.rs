//! The Insights page (`/insights`): the filter bar and a window (`window=`: the last hour,
//! 24 hours, 7 or 30 days, or the filters' date range), then the figures of every job in it,
//! filling in as pages arrive, with how far the walk has got, Stop and Refresh. Everything
//! here is the `insights` chunk: the list's first load carries none of it.

pub mod chart;
mod chart_bar;
mod figures;
pub mod types;

use std::time::Duration;

use leptos::prelude::*;

use jobscope_wire::booper::ObanState;
use jobscope_wire::config::BackendKind;
use jobscope_wire::scripe::JobStatus;

use crate::components::filter_bar::{FilterBar, FilterNotice};
use crate::filters::Filters;
use crate::filters::dates::{Preset, Zone};
use crate::filters::query::to_query_with;
use crate::format::{count, relative};
use crate::hooks::use_backend_kind::use_page_backend_kind;
use crate::hooks::use_client::use_client;
use crate::hooks::use_filters::{
    UseFiltersReturn, Write, first_value, pairs, use_filters, use_page_query_pairs,
    use_query_writer,
};
use crate::hooks::use_insights::{InsightsQuery, UseInsightsReturn, use_insights};
use crate::hooks::use_now::use_now;
use crate::hooks::use_remembered::use_remembered;
use crate::insights::window::{CAP_PARAM, CAPS, PARAM as WINDOW_PARAM, cap_from_query};
use crate::insights::{DEFAULT_CAP, InsightsState, Window};
use chart::JobsChart;
use figures::{Details, StatusCounts};

/// The page's content (the route's heading is in the main module).
#[component]
pub fn InsightsPage() -> impl IntoView {
    let client = use_client();
    let backend = use_page_backend_kind();
    let UseFiltersReturn {
        filters,
        ignored,
        dismiss,
        set,
    } = use_filters(backend.into());
    let query = use_page_query_pairs();
    // The window, and the `window=` value it could not use (for the notice), read once.
    let window_read = Memo::new(move |_| {
        query.with(|query| {
            filters.with(|filters| {
                let (window, bad) = Window::from_query(first_value(query, WINDOW_PARAM), filters);
                (window, bad.map(str::to_owned))
            })
        })
    });
    let window = Memo::new(move |_| window_read.with(|(window, _)| *window));
    let bad_window = Memo::new(move |_| window_read.with(|(_, bad)| bad.clone()));
    let cap = Memo::new(move |_| query.with(|query| cap_from_query(first_value(query, CAP_PARAM))));
    let insights_query = Memo::new(move |_| InsightsQuery {
        client: client.get(),
        filters: filters.get(),
        window: window.get(),
        cap: cap.get(),
    });
    let UseInsightsReturn {
        result,
        waiting,
        kept,
        stop,
        refresh,
    } = use_insights(insights_query.into());
    let zone = use_remembered::<Zone>().value;
    let now_ms = use_now(Duration::from_secs(15));
    // Figures as of the read (stuck jobs are measured to it): they change as pages arrive,
    // not with the clock, so a focused bar or link stays put once the walk has ended.
    let report = Memo::new(move |_| {
        let zone = zone.get();
        result.with(|result| {
            result
                .as_ref()
                .map(|result| result.tally.report(result.span(), &zone, result.read_at_ms))
        })
    });
    let chart = Memo::new(move |_| report.with(|r| r.as_ref().map(|r| r.chart.clone())));
    let asked = Memo::new(move |_| result.with(|r| r.as_ref().map(|r| r.linked())));
    let state = Signal::derive(move || {
        result.with(|r| r.as_ref().map_or(InsightsState::Loading, |r| r.state))
    });
    let jobs_read =
        Signal::derive(move || result.with(|r| r.as_ref().map_or(0, |r| r.tally.jobs())));
    let statuses = Signal::derive(move || asked_statuses(&backend.get(), &filters.get()));
    let offered = Signal::derive(move || client.with(|client| client.capabilities()));
    let write = use_query_writer();
    // One write for each choice: the filters (`next`) and the other parameters, `name` set to
    // `value` (`None` leaves it out).
    let write_with = move |next: Filters, name: &'static str, value: Option<String>| {
        let search = query
            .with_untracked(|query| to_query_with(&next, pairs(query), name, value.as_deref()));
        write(search, Write::Push);
    };
    let choose_window = move |key: String| {
        // A window up to now replaces the date range; the default is left out of the URL.
        let mut next = filters.get_untracked();
        next.date_from = None;
        next.date_to = None;
        let value = Preset::from_key(&key)
            .map(Window::Last)
            .and_then(Window::key)
            .map(str::to_owned);
        write_with(next, WINDOW_PARAM, value);
    };
    let choose_cap = move |value: String| {
        let cap = value
            .parse::<usize>()
            .ok()
            .filter(|cap| *cap != DEFAULT_CAP);
        write_with(
            filters.get_untracked(),
            CAP_PARAM,
            cap.map(|cap| cap.to_string()),
        );
    };

    view! {
        <FilterNotice ignored dismiss/>
        {move || bad_window.get().map(|value| view! {
            <p class="notice" role="status">
                {format!("The window “{}” is not one jobscope offers: showing the last 24 hours.", jobscope_wire::error::ellipsize(&value, 40))}
            </p>
        })}
        <FilterBar filters set now_ms capabilities=offered/>
        <div class="insights-controls">
            <label class="field-inline">
                <span>"Window"</span>
                <select
                    name="window"
                    on:change=move |event| choose_window(event_target_value(&event))
                    prop:value=move || match window.get() {
                        Window::Last(preset) => preset.key().to_owned(),
                        Window::Range => "range".to_owned(),
                    }
                >
                    {Preset::ALL
                        .into_iter()
                        .map(|preset| view! { <option value=preset.key()>{preset.label()}</option> })
                        .collect_view()}
                    <option value="range" disabled=true>"The date range above"</option>
                </select>
            </label>
            <label class="field-inline">
                <span>"Read at most"</span>
                <select
                    name="cap"
                    on:change=move |event| choose_cap(event_target_value(&event))
                    prop:value=move || cap.get().to_string()
                >
                    {CAPS
                        .into_iter()
                        .map(|cap| view! { <option value=cap.to_string()>{format!("{} jobs", count(cap))}</option> })
                        .collect_view()}
                </select>
            </label>
        </div>
        <section
            class="insights"
            aria-labelledby="insights-progress"
            data-insights-state=move || state.get().as_str()
            data-jobs-read=move || jobs_read.get().to_string()
        >
            <Progress result_state=state jobs_read waiting kept result stop refresh now_ms/>
            <StatusCounts report asked backend statuses/>
            <JobsChart chart asked backend zone/>
            <Details report asked backend now_ms/>
        </section>
    }
}

/// The statuses the filters ask for (all the API's known ones when none), as sent.
fn asked_statuses(backend: &BackendKind, filters: &Filters) -> Vec<String> {
    match backend {
        BackendKind::Scripe => {
            let chosen: Vec<&JobStatus> = if filters.statuses.is_empty() {
                JobStatus::KNOWN.iter().collect()
            } else {
                filters.statuses.iter().collect()
            };
            chosen.into_iter().map(|s| s.as_str().to_owned()).collect()
        }
        _ => ObanState::KNOWN
            .iter()
            .filter(|state| {
                filters.states.is_empty()
                    || state
                        .filter()
                        .is_some_and(|group| filters.states.contains(&group))
            })
            .map(|state| state.as_str().to_owned())
            .collect(),
    }
}

#[component]
fn Progress(
    result_state: Signal<InsightsState>,
    jobs_read: Signal<usize>,
    waiting: Signal<bool>,
    kept: Signal<bool>,
    result: Signal<Option<crate::hooks::use_insights::InsightsResult>>,
    stop: Callback<()>,
    refresh: Callback<()>,
    now_ms: Signal<i64>,
) -> impl IntoView {
    let reach = Signal::derive(move || {
        result.with(|r| {
            r.as_ref().map_or(0.0, |r| match r.state {
                InsightsState::Done => 1.0,
                _ => r.tally.reach(r.span()),
            })
        })
    });
    // A range open at its start has no "how far back" until its end: the bar just moves.
    let open_start = Signal::derive(move || {
        result.with(|r| {
            r.as_ref()
                .is_some_and(|r| r.state == InsightsState::Loading && r.asked.date_from.is_none())
        })
    });
    let loading = move || result_state.get() == InsightsState::Loading;
    let line = move || {
        let jobs = count(jobs_read.get());
        let percent = (reach.get() * 100.0).floor();
        match result_state.get() {
            InsightsState::Loading if waiting.get() => format!(
                "Read {jobs} jobs, {percent:.0} % of the window; waiting for the API's rate limit…"
            ),
            InsightsState::Loading => {
                format!("Reading the window: {jobs} jobs, {percent:.0} % of it so far…")
            }
            InsightsState::Done => format!("All {jobs} jobs of the window."),
            InsightsState::Capped => format!(
                "Based on the newest {jobs} jobs of the window ({percent:.0} % of it): the cap was reached."
            ),
            InsightsState::Stopped => format!(
                "Stopped: the figures are the newest {jobs} jobs, {percent:.0} % of the window."
            ),
            InsightsState::Error => {
                format!("The reading stopped after {jobs} jobs ({percent:.0} % of the window).")
            }
        }
    };
    let age = move || {
        let read_at = result.with(|r| r.as_ref().map(|r| r.read_at_ms))?;
        (kept.get() || result_state.get() != InsightsState::Loading)
            .then(|| format!("Read {}.", relative(now_ms.get(), read_at)))
    };
    let error = move || result.with(|r| r.as_ref().and_then(|r| r.error.clone()));
    view! {
        <div class="insights-progress">
            <p id="insights-progress" role="status">{line}</p>
            {move || if open_start.get() {
                view! { <progress aria-label="How far back in the window the reading has got"></progress> }.into_any()
            } else {
                view! {
                    <progress
                        max="1"
                        prop:value=move || reach.get()
                        aria-label="How far back in the window the reading has got"
                    ></progress>
                }.into_any()
            }}
            {move || error().map(|error| view! { <p class="notice notice-error" role="alert">{error}</p> })}
            <p class="insights-actions">
                <span class="muted">{age}</span>
                // One button, Stop while reading and Refresh after, so the focus stays on it.
                <button
                    type="button"
                    class=move || if loading() { "button button-secondary insights-stop" } else { "button insights-refresh" }
                    on:click=move |_| if loading() { stop.run(()) } else { refresh.run(()) }
                >
                    {move || if loading() { "Stop" } else { "Refresh" }}
                </button>
            </p>
        </div>
    }
}
