//! The job list: a virtualised table (only rows near the viewport are in the DOM) with
//! infinite scroll, and the states people and screen readers perceive: skeleton rows, loading
//! more, the end, empty, and an inline error with Retry that keeps the loaded rows.

pub(crate) mod booper_row;
mod footer;
mod row;
pub mod types;

use std::ops::Range;
use std::time::Duration;

use jobscope_wire::config::BackendKind;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::backend::Row;
use crate::chunks;
use crate::components::empty_state::EmptyState;
use crate::feed::{Feed, FeedRow, FeedState, NewRows};
use crate::format::{self, TimeDisplay};
use crate::hooks::use_element_height::use_element_height;
use crate::hooks::use_remembered::use_remembered;
use footer::ListFooter;
pub use row::ProgressBar;
use row::{JobRow, UndrawnRow};
use types::{ROW_HEIGHT_PX, RowFocus, near_end, on_screen, scroll_to_show, window};

/// Focuses the row of job `id` if it is drawn, else the row holding the list's tab stop (rows
/// come and go as the list scrolls and refreshes, so they are looked up by their id, never
/// kept).
pub fn focus_row(id: &str) {
    let rows = document().query_selector_all(".job-table-body .job-row");
    let found = rows.ok().and_then(|rows| {
        (0..rows.length())
            .filter_map(|i| rows.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
            .find(|row| row.get_attribute("data-job-id").as_deref() == Some(id))
    });
    let target = found.or_else(|| {
        document()
            .query_selector(".job-table-body .job-row[tabindex=\"0\"]")
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    });
    if let Some(target) = target {
        let _ = target.focus();
    }
}

/// Focuses the row drawn at `index`, if it is.
fn focus_index(index: usize) {
    let selector = format!(".job-table-body .job-row[data-row-index=\"{index}\"]");
    if let Some(row) = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = row.focus();
    }
}

/// The column headings of each API's rows.
fn columns(backend: &BackendKind) -> &'static [&'static str] {
    match backend {
        BackendKind::Booper => &booper_row::COLUMNS,
        _ => &row::COLUMNS,
    }
}

/// Skeleton rows shown while the first page loads.
const SKELETON_ROWS: usize = 8;

#[component]
pub fn JobTable(
    /// The feed to show.
    feed: ReadSignal<Feed<Row>>,
    /// Which API the rows come from: its columns.
    #[prop(into)]
    backend: Signal<BackendKind>,
    /// Asks for the next page; called when the user nears the end of the loaded rows.
    load_more: Callback<()>,
    /// Resumes after an error.
    retry: Callback<()>,
    /// The active filters in words, for the empty state ("" when none).
    #[prop(optional, into)]
    filters_text: Signal<String>,
    /// Now, in ms, for relative times.
    #[prop(into)]
    now_ms: Signal<i64>,
    /// Opens a job's details (a click on its row, or Enter).
    #[prop(optional, into)]
    open: Option<Callback<String>>,
    /// New rows found at the head, held until the user asks for them.
    #[prop(optional, into)]
    new_rows: Signal<NewRows>,
    /// Shows the new rows.
    #[prop(optional, into)]
    show_new: Option<Callback<()>>,
    /// Receives the rows on screen (live updates re-read their active ones).
    #[prop(optional, into)]
    on_screen_rows: Option<WriteSignal<Range<usize>>>,
) -> impl IntoView {
    let viewport = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let height = use_element_height(viewport);
    let shown = Memo::new(move |_| on_screen(scroll_top.get(), height.get(), feed.with(Feed::len)));
    if let Some(report) = on_screen_rows {
        Effect::new(move |_| report.set(shown.get()));
    }
    let focus = RowFocus {
        index: RwSignal::new(None),
        first_visible: Signal::derive(move || shown.with(|range| range.start)),
        open: open.unwrap_or_else(|| Callback::new(|_| ())),
    };

    // Each row's id label, unique among the loaded rows: derived from the feed's ids (in
    // row order), never stored with the rows.
    let label_starts = Memo::new(move |_| {
        feed.with(|f| {
            let ids: Vec<&str> = f.rows().iter().map(FeedRow::id).collect();
            format::ids::label_starts(&ids)
        })
    });
    let label_start = move |index: usize| {
        Signal::derive(move || label_starts.with(|starts| starts.get(index).copied().unwrap_or(0)))
    };
    let state = Signal::derive(move || feed.with(Feed::state));
    let len = Signal::derive(move || feed.with(Feed::len));
    let error = Signal::derive(move || feed.with(|f| f.error().cloned()));
    let refreshing = Signal::derive(move || feed.with(Feed::is_refreshing));
    let range = Memo::new(move |_| window(scroll_top.get(), height.get(), len.get()));
    let visible_rows = move || {
        let range = range.get();
        feed.with(|f| {
            f.rows()[range.clone()]
                .iter()
                .cloned()
                .zip(range)
                .collect::<Vec<_>>()
        })
    };

    // Prefetch: once within about two viewports of the end, ask for more. The feed itself
    // refuses while a request is in flight, after the end, or after an error.
    let wants_more = Memo::new(move |_| near_end(scroll_top.get(), height.get(), len.get()));
    Effect::new(move |_| {
        if wants_more.get() && state.get() == FeedState::Idle {
            load_more.run(());
        }
    });

    // `performance.mark("jobscope:first-rows")` once, when the first rows are on screen:
    // time to first rows for benchmarks and real-user monitoring.
    Effect::new(move |marked: Option<bool>| {
        if marked == Some(true) || len.get() == 0 {
            return marked.unwrap_or(false);
        }
        #[cfg(target_arch = "wasm32")]
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("jobscope:first-rows");
        }
        true
    });

    let scroll_to = move |top: f64| {
        scroll_top.set(top);
        if let Some(element) = viewport.get_untracked() {
            element.set_scroll_top(top as i32);
        }
    };
    // New filters (a new feed generation): back to the top of the list.
    let generation = Memo::new(move |_| feed.with(Feed::generation));
    Effect::new(move |previous: Option<u64>| {
        let current = generation.get();
        if previous.is_some_and(|previous| previous != current) {
            scroll_to(0.0);
            focus.index.set(None);
        }
        current
    });

    let on_scroll = move |_| {
        if let Some(element) = viewport.get_untracked() {
            scroll_top.set(f64::from(element.scroll_top()));
        }
    };
    // Arrows or j/k move the focused row (scrolling it into view), Home/End jump, Enter opens.
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let len = len.get_untracked();
        if len == 0 || event.alt_key() || event.ctrl_key() || event.meta_key() {
            return;
        }
        let on_row = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|element| element.class_list().contains("job-row"));
        let current = focus
            .index
            .get_untracked()
            .unwrap_or_else(|| focus.first_visible.get_untracked())
            .min(len - 1);
        let next = match event.key().as_str() {
            "ArrowDown" | "j" => current + 1,
            "ArrowUp" | "k" => current.saturating_sub(1),
            "Home" => 0,
            "End" => len - 1,
            "Enter" if on_row => {
                let id =
                    feed.with_untracked(|f| f.rows().get(current).map(|row| row.id().to_owned()));
                if let Some(id) = id {
                    event.prevent_default();
                    focus.open.run(id);
                }
                return;
            }
            _ => return,
        }
        .min(len - 1);
        event.prevent_default();
        focus.index.set(Some(next));
        let top = scroll_to_show(next, scroll_top.get_untracked(), height.get_untracked());
        if top != scroll_top.get_untracked() {
            scroll_to(top);
        }
        // After the window has drawn the row.
        request_animation_frame(move || focus_index(next));
    };
    // A refreshed row is drawn anew, and the old element takes the focus with it: give it
    // back to the row at the same place while the focus was in the list.
    let focus_inside = RwSignal::new(false);
    Effect::new(move |_| {
        feed.track();
        if focus_inside.get_untracked()
            && let Some(index) = focus.index.get_untracked()
        {
            request_animation_frame(move || {
                let lost = document()
                    .active_element()
                    .is_none_or(|active| active.tag_name().eq_ignore_ascii_case("body"));
                if lost {
                    focus_index(index);
                }
            });
        }
    });
    let on_focusout = move |event: web_sys::FocusEvent| {
        let to = event
            .related_target()
            .and_then(|target| target.dyn_into::<web_sys::Node>().ok());
        let inside = match (to, viewport.get_untracked()) {
            (Some(to), Some(list)) => list.contains(Some(&to)),
            // Nowhere: the focused row was removed; it comes back above.
            (None, _) => true,
            _ => false,
        };
        focus_inside.set(inside);
    };
    let show_new_rows = move |_| {
        if let Some(show_new) = show_new {
            show_new.run(());
        }
        // Asked for: the new rows are at the top, so that is where the list goes.
        scroll_to(0.0);
        focus.index.set(None);
        set_timeout(move || focus_index(0), Duration::from_millis(0));
    };
    let new_rows_text = move || {
        let NewRows { count, more } = new_rows.get();
        let jobs = if count == 1 && !more { "job" } else { "jobs" };
        let plus = if more { "+" } else { "" };
        format!("{}{plus} new {jobs} · Show", format::count(count))
    };
    let time_display = use_remembered::<TimeDisplay>().value;
    let body_height = move || format!("{}px", len.get() * ROW_HEIGHT_PX);
    let first_load = move || len.get() == 0 && state.get() == FeedState::Loading;

    view! {
        <div class="new-rows" aria-live="polite">
            <Show when=move || new_rows.with(|new| new.count > 0)>
                <button type="button" class="button new-rows-bar" on:click=show_new_rows>
                    {new_rows_text}
                </button>
            </Show>
        </div>
        <div
            class="job-list"
            class:job-list-booper=move || backend.get() == BackendKind::Booper
            // Dates and times need wider time columns than "5 min ago" to be read whole.
            class:job-list-absolute-times=move || time_display.get() != TimeDisplay::Relative
            data-feed-state=move || state.get().as_str()
            data-loaded-count=move || len.get()
            aria-busy=move || (state.get() == FeedState::Loading).to_string()
        >
            <Show
                when=move || !(len.get() == 0 && state.get() == FeedState::End)
                fallback=move || view! { <NoJobs filters_text=filters_text/> }
            >
                <div role="table" class="job-table" aria-label="Jobs" aria-rowcount=move || len.get() + 1>
                    <div role="rowgroup" class="job-table-head">
                        <div role="row" class="job-row job-row-head" aria-rowindex="1">
                            {move || {
                                columns(&backend.get())
                                    .iter()
                                    .map(|name| view! { <div role="columnheader" class="cell">{*name}</div> })
                                    .collect_view()
                            }}
                        </div>
                    </div>
                    <div
                        class="job-table-viewport"
                        node_ref=viewport
                        on:scroll=on_scroll
                        on:keydown=on_keydown
                        on:focusin=move |_| focus_inside.set(true)
                        on:focusout=on_focusout
                        // Not focusable itself: the rows hold the list's one tab stop and
                        // scroll it from the keyboard, and a focusable element here would
                        // sit between the table and its rows in the accessibility tree.
                    >
                        <Show when=first_load>
                            <Skeleton/>
                        </Show>
                        <div role="rowgroup" class="job-table-body" style:height=body_height>
                            <For
                                each=visible_rows
                                key=|(row, index)| (row.id().to_owned(), *index, row.version())
                                children=move |(row, index)| match row {
                                    Row::Scripe(job) => view! { <JobRow index job now_ms focus label_start=label_start(index)/> }.into_any(),
                                    // Drawn by the Booper chunk, which decoded the row.
                                    Row::Booper(job) => match chunks::booper_row() {
                                        Some(draw) => draw(index, job, now_ms, focus),
                                        None => view! { <UndrawnRow index id=job.id focus/> }.into_any(),
                                    },
                                }
                            />
                        </div>
                        <ListFooter state len error retry refreshing/>
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// Placeholder rows while the first page loads; announced once as "Loading jobs".
#[component]
fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-hidden="true">
            {(0..SKELETON_ROWS).map(|_| view! { <div class="skeleton-row"></div> }).collect_view()}
        </div>
        <p class="visually-hidden" role="status">"Loading jobs…"</p>
    }
}

/// The empty state names the filters that matched nothing.
#[component]
fn NoJobs(filters_text: Signal<String>) -> impl IntoView {
    let title = move || {
        let text = filters_text.get();
        if text.is_empty() {
            "No jobs yet".to_owned()
        } else {
            format!("No jobs match {text}")
        }
    };
    view! {
        <EmptyState title=Signal::derive(title)>
            <p>"Jobs appear here as soon as they are submitted to the API."</p>
        </EmptyState>
    }
}
