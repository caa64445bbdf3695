//! The Insights figures beside the chart: counts per status and per type (each a link to the
//! list), the top error codes, wait and run times per type, the jobs that look stuck and the
//! oldest queued job. Figures an API's data cannot give are not shown at all.

use leptos::prelude::*;

use jobscope_wire::config::BackendKind;

use crate::filters::Filters;
use crate::format::{count, duration, relative};
use crate::insights::links::{job_href, list_href};
use crate::insights::{Phase, Report, Summary};

use super::types::{or_placeholder, percent};

/// The count of each status the filters ask for (even at zero, so nothing moves as pages
/// arrive) and of any other the API sent; each opens the list of that status in the window.
#[component]
pub fn StatusCounts(
    #[prop(into)] report: Signal<Option<Report>>,
    #[prop(into)] asked: Signal<Option<Filters>>,
    #[prop(into)] backend: Signal<BackendKind>,
    /// The statuses the filters ask for, in the API's order.
    #[prop(into)]
    statuses: Signal<Vec<String>>,
) -> impl IntoView {
    move || {
        let asked = asked.get()?;
        let backend = backend.get();
        report.with(|report| {
            let report = report.as_ref()?;
            let mut names = statuses.get();
            for (name, _) in &report.statuses {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
            let items = names
                .into_iter()
                .map(|name| {
                    let n = report
                        .statuses
                        .iter()
                        .find(|(s, _)| *s == name)
                        .map_or(0, |(_, n)| *n);
                    let href = list_href(&asked, &backend, Some(&name), None);
                    let label = or_placeholder(name.clone(), "(no status)");
                    view! {
                        <li class="status-count" data-status=name data-count=n.to_string()>
                            <a href=href>
                                <span class="count-value">{count(n)}</span>
                                <span class="count-label">{label}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <ul class="status-counts" aria-label="Jobs per status">
                    {items}
                </ul>
            })
        })
    }
}

/// The tables below the chart: types, error codes, times, stuck jobs.
#[component]
pub fn Details(
    #[prop(into)] report: Signal<Option<Report>>,
    #[prop(into)] asked: Signal<Option<Filters>>,
    #[prop(into)] backend: Signal<BackendKind>,
    #[prop(into)] now_ms: Signal<i64>,
) -> impl IntoView {
    let details = move || {
        let asked = asked.get()?;
        let backend = backend.get();
        report.with(|report| {
            let report = report.as_ref()?;
            Some(view! {
                {report.types.clone().map(|types| view! { <TypeCounts types/> })}
                {report.errors.clone().map(|errors| {
                    let asked = asked.clone();
                    let backend = backend.clone();
                    view! { <TopErrors errors asked backend/> }
                })}
                {report.times.clone().map(|times| view! { <TimesTable times/> })}
                {report.stuck.clone().map(|stuck| {
                    let asked = asked.clone();
                    let backend = backend.clone();
                    let oldest = report.oldest_queued.clone();
                    view! { <StuckJobs stuck oldest asked backend now=now_ms/> }
                })}
            })
        })
    };
    view! { <div class="insights-details">{details}</div> }
}

#[component]
fn TypeCounts(types: Vec<(String, usize)>) -> impl IntoView {
    let rows = types
        .into_iter()
        .map(|(name, n)| {
            let label = or_placeholder(name, "(no type)");
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td class="num">{count(n)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="figure-block">
            <h2 id="types-title">"Jobs per type"</h2>
            <table class="figures-table">
                <thead>
                    <tr><th scope="col">"Type"</th><th scope="col">"Jobs"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn TopErrors(
    errors: Vec<crate::insights::report::ErrorCount>,
    asked: Filters,
    backend: BackendKind,
) -> impl IntoView {
    let empty = errors.is_empty();
    let rows = errors
        .into_iter()
        .map(|error| {
            let code = or_placeholder(error.code, "(no code)");
            let example = job_href(&asked, &backend, &error.example_id);
            view! {
                <tr>
                    <th scope="row"><code>{code}</code></th>
                    <td class="num">{count(error.count)}</td>
                    <td class="num">{percent(error.share)}</td>
                    <td><a href=example>{crate::format::short_id(&error.example_id)}</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="figure-block">
            <h2 id="errors-title">"Top error codes"</h2>
            {if empty {
                view! { <p class="muted">"No failed job in the window."</p> }.into_any()
            } else {
                view! {
                    <table class="figures-table">
                        <thead>
                            <tr>
                                <th scope="col">"Code"</th>
                                <th scope="col">"Failures"</th>
                                <th scope="col">"Share"</th>
                                <th scope="col">"Example"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

fn summary_cells(summary: Option<Summary>) -> impl IntoView {
    match summary {
        Some(s) => view! {
            <td class="num">{duration(s.p50_ms as i64)}</td>
            <td class="num">{duration(s.p95_ms as i64)}</td>
            <td class="num">{duration(s.max_ms as i64)}</td>
        }
        .into_any(),
        None => view! {
            <td class="num muted">"—"</td>
            <td class="num muted">"—"</td>
            <td class="num muted">"—"</td>
        }
        .into_any(),
    }
}

#[component]
fn TimesTable(times: Vec<crate::insights::report::Times>) -> impl IntoView {
    let empty = times.is_empty();
    let rows = times
        .into_iter()
        .map(|t| {
            let label = or_placeholder(t.job_type, "(no type)");
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    {summary_cells(t.wait)}
                    {summary_cells(t.run)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="figure-block">
            <h2 id="times-title">"Queue wait and run time"</h2>
            {if empty {
                view! { <p class="muted">"No job in the window has started yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="times-title">
                        <table class="figures-table">
                            <thead>
                                <tr>
                                    <th scope="col" rowspan="2">"Type"</th>
                                    <th scope="colgroup" colspan="3">"Queue wait"</th>
                                    <th scope="colgroup" colspan="3">"Run time"</th>
                                </tr>
                                <tr>
                                    <th scope="col">"p50"</th>
                                    <th scope="col">"p95"</th>
                                    <th scope="col">"max"</th>
                                    <th scope="col">"p50"</th>
                                    <th scope="col">"p95"</th>
                                    <th scope="col">"max"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn StuckJobs(
    stuck: Vec<crate::insights::report::Stuck>,
    oldest: Option<(String, i64)>,
    asked: Filters,
    backend: BackendKind,
    /// Now, for the oldest queued job's age (its own text: the list does not redraw).
    now: Signal<i64>,
) -> impl IntoView {
    let total = stuck.len();
    let items = stuck
        .into_iter()
        .take(20)
        .map(|job| {
            let what = match job.phase {
                Phase::Queued => "queued",
                _ => "running",
            };
            let href = job_href(&asked, &backend, &job.id);
            view! {
                <li>
                    <a href=href>{crate::format::short_id(&job.id)}</a>
                    {format!(
                        " {} {} for {} (its type's p95: {})",
                        job.job_type.unwrap_or_default(),
                        what,
                        duration(job.for_ms as i64),
                        duration(job.p95_ms as i64),
                    )}
                </li>
            }
        })
        .collect_view();
    let oldest = oldest.map(|(id, created)| {
        let href = job_href(&asked, &backend, &id);
        view! {
            <p>
                "Oldest queued job: "
                <a href=href>{crate::format::short_id(&id)}</a>
                ", created "
                {move || relative(now.get(), created)}
                "."
            </p>
        }
    });
    view! {
        <section class="figure-block">
            <h2 id="stuck-title">"Jobs that look stuck"</h2>
            {if total == 0 {
                view! {
                    <p class="muted">
                        "None: no job waits or runs more than twice its type's p95."
                    </p>
                }.into_any()
            } else {
                view! {
                    <p>{format!("{} jobs wait or run more than twice their type's p95{}:", count(total), if total > 20 { " (the 20 longest)" } else { "" })}</p>
                    <ul class="stuck-jobs">{items}</ul>
                }.into_any()
            }}
            {oldest}
        </section>
    }
}
