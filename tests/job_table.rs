//! Browser tests of the job table: rows, states, windowing and the hooks for automation.
#![cfg(target_arch = "wasm32")]

use jobscope::api::ApiError;
use jobscope::api::backend::Row;
use jobscope::components::job_table::JobTable;
use jobscope::feed::{Feed, Page};
use jobscope_wire::Timestamp;
use jobscope_wire::config::BackendKind;
use jobscope_wire::scripe::{Job, JobStatus, JobType, Progress};
use leptos::prelude::*;
use support::{count, one, settle, text_of};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

const NOW_MS: i64 = 1_790_000_000_000;

fn job(i: usize) -> Job {
    let created = chrono::DateTime::from_timestamp(1_790_000_000 - i as i64 * 7, 0).unwrap();
    let stamp = |at: chrono::DateTime<chrono::Utc>| {
        Timestamp::raw(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    let status = JobStatus::KNOWN[i % JobStatus::KNOWN.len()].clone();
    Job {
        id: format!("job_{i:016}"),
        job_type: JobType::KNOWN[i % JobType::KNOWN.len()].clone(),
        status: status.clone(),
        project_id: Some("proj_test".into()),
        started_at: Some(stamp(created + chrono::Duration::seconds(2))),
        completed_at: (status == JobStatus::Done || status == JobStatus::Failed)
            .then(|| stamp(created + chrono::Duration::seconds(14))),
        progress: (status == JobStatus::Running).then(|| Progress {
            progress: 0.42,
            updated_at: None,
            message: Some("Embedding".into()),
        }),
        result: None,
        error_code: (status == JobStatus::Failed).then(|| "TIMEOUT".to_owned()),
        error_message: (status == JobStatus::Failed)
            .then(|| "<script>window.__pwned = true</script> took too long".to_owned()),
        attempt_count: Some(1),
        estimated_completion_ms: None,
        created_at: stamp(created),
        updated_at: None,
    }
}

/// A feed holding `count` loaded jobs, with more to come (`next`) or at its end.
fn feed_with(count: usize, more: bool) -> RwSignal<Feed<Row>> {
    let mut feed = Feed::new();
    let request = feed.next_request().unwrap();
    feed.on_page(
        request.generation,
        Page {
            rows: (0..count).map(|i| Row::Scripe(job(i))).collect(),
            next: more.then(|| "next".to_owned()),
        },
    );
    RwSignal::new(feed)
}

struct Mounted {
    root: HtmlElement,
    loads: RwSignal<usize>,
    retries: RwSignal<usize>,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

fn mount(feed: RwSignal<Feed<Row>>, filters_text: &str) -> Mounted {
    mount_for(feed, filters_text, BackendKind::Scripe)
}

fn mount_for(feed: RwSignal<Feed<Row>>, filters_text: &str, backend: BackendKind) -> Mounted {
    support::install_stylesheet();
    let root = support::container();
    let loads = RwSignal::new(0);
    let retries = RwSignal::new(0);
    let filters_text = filters_text.to_owned();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <JobTable
                feed=feed.read_only()
                backend=backend.clone()
                load_more=Callback::new(move |()| loads.update(|n| *n += 1))
                retry=Callback::new(move |()| retries.update(|n| *n += 1))
                filters_text=filters_text.clone()
                now_ms=Signal::stored(NOW_MS)
            />
        }
        .into_any()
    });
    Mounted {
        root,
        loads,
        retries,
        _handle: handle,
    }
}

#[wasm_bindgen_test]
async fn rows_show_readable_cells_and_hooks() {
    let m = mount(feed_with(12, true), "");
    settle().await;
    let list = one(&m.root, ".job-list");
    assert_eq!(
        list.get_attribute("data-feed-state").as_deref(),
        Some("idle")
    );
    assert_eq!(
        list.get_attribute("data-loaded-count").as_deref(),
        Some("12")
    );
    assert_eq!(list.get_attribute("aria-busy").as_deref(), Some("false"));
    let table = one(&m.root, "[role=table]");
    assert_eq!(table.get_attribute("aria-rowcount").as_deref(), Some("13"));

    let first = one(&m.root, "[data-job-id='job_0000000000000000']");
    assert_eq!(first.get_attribute("aria-rowindex").as_deref(), Some("2"));
    let text = first.text_content().unwrap();
    assert!(text.contains("00000000"), "short id: {text}");
    assert!(text.contains("Post generation"), "type label: {text}");
    assert!(text.contains("Queued"), "status as text: {text}");
    assert!(text.contains("just now"), "relative time: {text}");
    let time = one(&first, "time");
    let title = time.get_attribute("title").unwrap_or_default();
    // The absolute time on hover, in UTC (and first in the browser's zone when it differs).
    assert!(title.ends_with("2026-09-21 14:13:20 UTC"), "{title}");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-09-21T14:13:20Z")
    );

    let running = one(
        &m.root,
        "[data-job-id='job_0000000000000001'] [role=progressbar]",
    );
    assert_eq!(
        running.get_attribute("aria-valuenow").as_deref(),
        Some("42")
    );
    let done = one(&m.root, "[data-job-id='job_0000000000000002']");
    assert!(done.text_content().unwrap().contains("12.0 s"), "duration");

    // Hostile text renders as text.
    let failed = one(&m.root, "[data-job-id='job_0000000000000003']");
    assert!(failed.text_content().unwrap().contains("<script>"));
    assert_eq!(count(&failed, "script"), 0);
    assert!(
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into())
            .unwrap()
            .is_undefined()
    );
    assert_eq!(count(&failed, "[popover]"), 1, "the full error on demand");
}

#[wasm_bindgen_test]
async fn ten_thousand_rows_keep_a_small_window_in_the_dom() {
    let m = mount(feed_with(10_000, false), "");
    settle().await;
    assert!(count(&m.root, "[data-job-id]") <= 150);
    assert!(count(&m.root, "[data-job-id]") > 5);
    let body: HtmlElement = one(&m.root, ".job-table-body").unchecked_into();
    assert_eq!(
        body.offset_height(),
        10_000 * 44,
        "the scrollbar reflects every loaded row"
    );

    let viewport: HtmlElement = one(&m.root, ".job-table-viewport").unchecked_into();
    viewport.set_scroll_top(200_000);
    viewport
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    settle().await;
    let rows = m.root.query_selector_all("[data-job-id]").unwrap();
    assert!(rows.length() <= 150);
    let index: usize = one(&m.root, "[data-job-id]")
        .get_attribute("aria-rowindex")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (4_500..4_560).contains(&index),
        "window follows the scroll: {index}"
    );
    assert!(
        one(&m.root, ".list-end")
            .text_content()
            .unwrap()
            .contains("All 10,000 jobs loaded")
    );
}

#[wasm_bindgen_test]
async fn nearing_the_end_asks_for_more_but_not_at_the_end() {
    let more = mount(feed_with(5, true), "");
    settle().await;
    assert!(
        more.loads.get_untracked() >= 1,
        "a short list asks for the next page"
    );

    let ended = mount(feed_with(5, false), "");
    settle().await;
    assert_eq!(ended.loads.get_untracked(), 0);
    assert_eq!(
        one(&ended.root, ".job-list")
            .get_attribute("data-feed-state")
            .as_deref(),
        Some("end")
    );
}

#[wasm_bindgen_test]
async fn first_load_shows_skeleton_rows_and_is_busy() {
    let feed = RwSignal::new(Feed::<Row>::new());
    feed.update(|f| {
        f.next_request();
    });
    let m = mount(feed, "");
    settle().await;
    let list = one(&m.root, ".job-list");
    assert_eq!(
        list.get_attribute("data-feed-state").as_deref(),
        Some("loading")
    );
    assert_eq!(list.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(count(&m.root, ".skeleton-row"), 8);
    assert!(
        one(&m.root, "[role=status]")
            .text_content()
            .unwrap()
            .contains("Loading jobs")
    );

    // The first page lands: skeleton gone, rows in.
    feed.update(|f| {
        f.on_page(
            0,
            Page {
                rows: (0..3).map(|i| Row::Scripe(job(i))).collect(),
                next: Some("c".into()),
            },
        );
    });
    settle().await;
    assert_eq!(count(&m.root, ".skeleton-row"), 0);
    assert_eq!(count(&m.root, "[data-job-id]"), 3);
}

#[wasm_bindgen_test]
async fn an_empty_result_names_the_filters() {
    let feed = RwSignal::new(Feed::<Row>::new());
    feed.update(|f| {
        let r = f.next_request().unwrap();
        f.on_page(
            r.generation,
            Page {
                rows: vec![],
                next: None,
            },
        );
    });
    let m = mount(feed, "status Failed, type URL ingest");
    settle().await;
    let status = one(&m.root, "[role=status]").text_content().unwrap();
    assert!(
        status.contains("No jobs match status Failed, type URL ingest"),
        "{status}"
    );
}

#[wasm_bindgen_test]
async fn an_error_keeps_the_rows_and_offers_retry() {
    let feed = feed_with(20, true);
    feed.update(|f| {
        let r = f.next_request().unwrap();
        f.on_error(
            r.generation,
            ApiError::Http {
                status: 403,
                code: Some("forbidden".into()),
                message: None,
                retry_after: None,
            },
            0.5,
        );
    });
    let m = mount(feed, "");
    settle().await;
    let list = one(&m.root, ".job-list");
    assert_eq!(
        list.get_attribute("data-feed-state").as_deref(),
        Some("error")
    );
    assert_eq!(
        list.get_attribute("data-loaded-count").as_deref(),
        Some("20")
    );
    let alert = one(&m.root, "[role=alert]");
    let text = alert.text_content().unwrap();
    assert!(text.contains("refused the API key"), "{text}");
    assert!(
        text.contains("The 20 jobs loaded so far are kept"),
        "{text}"
    );
    assert!(count(&m.root, "[data-job-id]") > 0);
    // A refused key comes with the way to fix it.
    assert_eq!(text_of(&alert, "button.button-secondary"), "Open settings");
    let button: HtmlElement = one(&alert, "button.button").unchecked_into();
    assert_eq!(button.text_content().as_deref(), Some("Retry"));
    button.click();
    assert_eq!(m.retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn booper_rows_show_the_request_schedule_and_oban_state() {
    let page: jobscope_wire::booper::BooperPage = serde_json::from_str(include_str!(
        "../../shared/api/fixtures/booper-list-jobs.json"
    ))
    .unwrap();
    let mut feed = Feed::new();
    let request = feed.next_request().unwrap();
    feed.on_page(
        request.generation,
        Page {
            rows: page.data.into_iter().map(Row::Booper).collect(),
            next: None,
        },
    );
    let m = mount_for(RwSignal::new(feed), "", BackendKind::Booper);
    settle().await;
    let headers: Vec<String> = (0..6)
        .map(|i| {
            m.root
                .query_selector_all("[role=columnheader]")
                .unwrap()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(
        headers,
        [
            "Name", "Request", "Schedule", "State", "Created", "Finished"
        ]
    );
    let row = one(&m.root, "[data-job-id]");
    let text = row.text_content().unwrap();
    assert!(
        text.contains("POST https://scheduler.booper.dev/api/channels/discord"),
        "{text}"
    );
    assert!(text.contains("in 30 seconds"), "{text}");
    assert_eq!(text_of(&row, ".badge"), "completed");
    assert_eq!(
        row.get_attribute("data-status").as_deref(),
        Some("completed")
    );
    // Naive times are UTC: the exact time on hover says so.
    let created = one(&row, "time");
    let title = created.get_attribute("title").unwrap();
    assert!(title.ends_with("2023-09-01 18:25:49 UTC"), "{title}");
}
