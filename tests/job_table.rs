//! Browser tests of the job table: rows, states, windowing and the hooks for automation.
#![cfg(target_arch = "wasm32")]

use jobscope::api::ApiError;
use jobscope::api::backend::Row;
use jobscope::components::job_table::JobTable;
use jobscope::feed::{Feed, Page};
use jobscope_wire::config::BackendKind;
use jobscope_wire::scripe::{Job, JobStatus, JobType, Progress};
use jobscope_wire::{Field, Fraction, Timestamp};
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
    let failed = status == JobStatus::Failed;
    Job {
        job_type: JobType::KNOWN[i % JobType::KNOWN.len()].clone().into(),
        project_id: Field::Value("proj_test".into()),
        started_at: Field::Value(stamp(created + chrono::Duration::seconds(2))),
        completed_at: (status == JobStatus::Done || failed)
            .then(|| stamp(created + chrono::Duration::seconds(14)))
            .into(),
        progress: (status == JobStatus::Running)
            .then(|| Progress {
                progress: Fraction::new(0.42).into(),
                updated_at: Field::Absent,
                message: Field::Value("Embedding".into()),
            })
            .into(),
        error_code: failed.then(|| "TIMEOUT".to_owned()).into(),
        error_message: failed
            .then(|| "<script>window.__pwned = true</script> took too long".to_owned())
            .into(),
        attempt_count: Field::Value(1),
        created_at: Field::Value(stamp(created)),
        ..Job::new(format!("job_{i:016}"), status)
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

/// A feed of these jobs, at its end.
fn feed_of(jobs: Vec<Job>) -> RwSignal<Feed<Row>> {
    let mut feed = Feed::new();
    let request = feed.next_request().unwrap();
    feed.on_page(
        request.generation,
        Page {
            rows: jobs.into_iter().map(Row::Scripe).collect(),
            next: None,
        },
    );
    RwSignal::new(feed)
}

/// The id label of each row drawn, by id.
fn id_labels(root: &HtmlElement) -> std::collections::BTreeMap<String, String> {
    let rows = root.query_selector_all("[data-job-id]").unwrap();
    (0..rows.length())
        .map(|i| rows.item(i).unwrap().unchecked_into::<web_sys::Element>())
        .map(|row| {
            let id = row.get_attribute("data-job-id").unwrap();
            (id, text_of(&row, ".id-label"))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn ids_sharing_a_long_start_get_labels_that_tell_them_apart() {
    // Time-ordered ids (ULIDs): the first 20 characters after `job_` are the same.
    let start = "job_01HZX3K9QW8E7R5T6Y2U";
    let ids = ["1I0OPA", "1I0OPB", "9XYZ00"].map(|end| format!("{start}{end}"));
    let jobs = ids.iter().map(|id| Job::new(id.clone(), JobStatus::Done));
    let m = mount(feed_of(jobs.collect()), "");
    settle().await;
    let labels = id_labels(&m.root);
    assert_eq!(labels.len(), 3);
    for (id, label) in &labels {
        assert!(
            id.ends_with(label.as_str()) && label.len() < 10,
            "{label} is not a short end of {id}"
        );
    }
    let distinct: std::collections::HashSet<&String> = labels.values().collect();
    assert_eq!(distinct.len(), 3, "{labels:?}");
    // The label says the start is left out; the whole id is on hover and in the description.
    let button = one(&m.root, &format!("[data-job-id='{}'] .copy-id", ids[0]));
    assert_eq!(text_of(&button, ".id-elided"), "…");
    let title = button.get_attribute("title").unwrap();
    assert!(title.ends_with(&ids[0]), "{title}");
    let name = button.get_attribute("aria-label").unwrap();
    assert_eq!(name, format!("Copy job id …{}", labels[&ids[0]]));
}

#[wasm_bindgen_test]
async fn a_label_grows_when_a_loaded_id_shares_its_end() {
    let mut first = Feed::new();
    let request = first.next_request().unwrap();
    first.on_page(
        request.generation,
        Page {
            rows: vec![Row::Scripe(Job::new("job_aaaaXYZ12345", JobStatus::Done))],
            next: Some("c".into()),
        },
    );
    let feed = RwSignal::new(first);
    let m = mount(feed, "");
    settle().await;
    assert_eq!(id_labels(&m.root)["job_aaaaXYZ12345"], "XYZ12345");
    // The next page brings an id with the same last 8 characters: both labels grow.
    feed.update(|f| {
        let request = f.next_request().unwrap();
        f.on_page(
            request.generation,
            Page {
                rows: vec![Row::Scripe(Job::new("job_bbbbXYZ12345", JobStatus::Done))],
                next: None,
            },
        );
    });
    settle().await;
    let labels = id_labels(&m.root);
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert_eq!(labels["job_aaaaXYZ12345"], "aXYZ12345");
    assert_eq!(labels["job_bbbbXYZ12345"], "bXYZ12345");
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

/// Scripe rows as the API sent them, read as the list reads pages (field by field).
fn sent(rows: serde_json::Value) -> Vec<Job> {
    let page = serde_json::json!({ "data": rows, "pagination": { "has_more": false } });
    let rows = serde_json::from_value::<jobscope_wire::scripe::JobRows>(page)
        .unwrap()
        .data;
    assert_eq!(rows.dropped, 0);
    rows.rows
}

#[wasm_bindgen_test]
async fn odd_fields_read_unknown_and_running_without_progress_is_not_zero() {
    let at = |secs: i64| {
        Timestamp::from_epoch_ms(NOW_MS + secs * 1000)
            .as_str()
            .to_owned()
    };
    let created = at(-600);
    let jobs = sent(serde_json::json!([
        // Running, no progress: how long it has run, not a 0 % bar.
        { "id": "job_run", "type": "KB_INGEST_URL", "status": "RUNNING", "createdAt": created,
          "startedAt": at(-90), "progress": null },
        { "id": "job_half", "type": "KB_INGEST_URL", "status": "RUNNING", "createdAt": created,
          "startedAt": at(-90), "progress": { "progress": "half" } },
        { "id": "job_attempts", "type": "KB_INGEST_URL", "status": "DONE", "createdAt": created,
          "startedAt": at(-100), "completedAt": at(-40), "attemptCount": -1 },
        { "id": "job_status", "type": [1], "status": 5, "createdAt": created },
        // Skewed: ended before it started; and an end without a start.
        { "id": "job_skew", "type": "KB_INGEST_URL", "status": "DONE", "createdAt": created,
          "startedAt": at(-40), "completedAt": at(-100) },
        { "id": "job_nostart", "type": "KB_INGEST_URL", "status": "FAILED", "createdAt": created,
          "completedAt": at(-100), "errorMessage": 404 },
    ]));
    let m = mount(feed_of(jobs), "");
    settle().await;
    let row = |id: &str| one(&m.root, &format!("[data-job-id='{id}']"));
    for id in ["job_run", "job_half"] {
        let progress = text_of(&row(id), ".cell-progress");
        assert_eq!(count(&row(id), "[role=progressbar]"), 0, "{id}");
        assert!(progress.contains("progress unknown"), "{id}: {progress}");
        assert!(
            progress.contains("running for 1 min 30 s"),
            "{id}: {progress}"
        );
    }
    assert_eq!(text_of(&row("job_attempts"), ".cell-attempts"), "unknown");
    let title = one(&row("job_attempts"), ".cell-attempts [data-unknown]")
        .get_attribute("title")
        .unwrap_or_default();
    assert!(
        title.contains("could not be read") && title.contains("-1"),
        "{title}"
    );
    assert_eq!(
        text_of(&row("job_attempts"), ".cell-progress"),
        "1 min 00 s"
    );
    assert_eq!(text_of(&row("job_status"), ".cell-status"), "unknown");
    assert_eq!(text_of(&row("job_status"), ".cell-type"), "unknown");
    assert_eq!(
        row("job_status").get_attribute("data-status").as_deref(),
        Some("")
    );
    for id in ["job_skew", "job_nostart"] {
        assert_eq!(
            text_of(&row(id), ".cell-progress"),
            "unknown",
            "{id}: never 0 ms"
        );
    }
    assert!(text_of(&row("job_nostart"), ".cell-error").contains("unknown"));
}
