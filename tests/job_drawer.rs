//! Browser tests of the job drawer and the cancel confirmation.
#![cfg(target_arch = "wasm32")]

use jobscope::api::ApiError;
use jobscope::api::backend::{Backend, Row};
use jobscope::api::scripe::ScripeClient;
use jobscope::components::cancel_dialog::{CancelButton, CancelDialog, CancelNoticeView};
use jobscope::components::job_drawer::JobDrawer;
use jobscope::feed::FeedRow;
use jobscope::hooks::use_cancel_job::use_cancel_job;
use jobscope::hooks::use_job_detail::UseJobDetailReturn;
use jobscope_wire::scripe::{Job, JobRows, JobStatus, JobType, Progress};
use jobscope_wire::{Field, Fraction, Timestamp};
use leptos::prelude::*;
use support::{count, one, settle, text_of, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlDialogElement, HtmlElement};

mod support;

wasm_bindgen_test_configure!(run_in_browser);

const NOW_MS: i64 = 1_790_000_100_000;

fn at(secs: i64) -> Timestamp {
    Timestamp::from_epoch_ms((1_790_000_000 + secs) * 1000)
}

fn job(id: &str, status: JobStatus) -> Job {
    let finished = matches!(status, JobStatus::Done | JobStatus::Failed);
    Job {
        job_type: JobType::KbIngestUrl.into(),
        project_id: Field::Value("proj_docs".into()),
        started_at: (status != JobStatus::Queued).then(|| at(2)).into(),
        completed_at: finished.then(|| at(14)).into(),
        progress: (status == JobStatus::Running)
            .then(|| Progress {
                progress: Fraction::new(0.42).into(),
                updated_at: Field::Absent,
                message: Field::Value("Embedding chunks".into()),
            })
            .into(),
        result: (status == JobStatus::Done)
            .then(|| serde_json::json!({ "documentId": "doc_1" }))
            .into(),
        error_code: (status == JobStatus::Failed)
            .then(|| "FETCH_FAILED".to_owned())
            .into(),
        error_message: (status == JobStatus::Failed)
            .then(|| "<img src=x onerror=\"window.__pwned=1\"> 404 from origin".to_owned())
            .into(),
        attempt_count: Field::Value(3),
        estimated_completion_ms: (status == JobStatus::Running).then_some(125_000).into(),
        created_at: Field::Value(at(0)),
        updated_at: Field::Value(at(14)),
        ..Job::new(id, status)
    }
}

struct Drawer {
    root: HtmlElement,
    id: RwSignal<Option<String>>,
    row: RwSignal<Option<Row>>,
    closes: RwSignal<usize>,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

fn mount_drawer(job: Job, raw: Option<&str>) -> Drawer {
    mount_drawer_row(Row::Scripe(job), raw)
}

fn mount_drawer_row(job: Row, raw: Option<&str>) -> Drawer {
    support::install_stylesheet();
    let root = support::container();
    // The row the drawer was opened from, to get the focus back.
    let row_element = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap();
    row_element.set_inner_html(&format!(
        "<div class='job-table-body'><div class='job-row' tabindex='-1' data-job-id='{}'>row</div></div>",
        job.id()
    ));
    root.append_child(&row_element).unwrap();
    let id = RwSignal::new(None::<String>);
    let row = RwSignal::new(Some(job));
    let raw = RwSignal::new(raw.map(str::to_owned));
    let closes = RwSignal::new(0);
    let detail = UseJobDetailReturn {
        row: row.into(),
        raw: raw.into(),
        error: Signal::stored(None::<ApiError>),
        loading: Signal::stored(false),
    };
    let mount_root = root.clone();
    let handle = leptos::mount::mount_to(mount_root, move || {
        view! {
            <JobDrawer
                id
                detail
                close=Callback::new(move |()| {
                    closes.update(|n| *n += 1);
                    id.set(None);
                })
                now_ms=Signal::stored(NOW_MS)
            />
        }
        .into_any()
    });
    Drawer {
        root,
        id,
        row,
        closes,
        _handle: handle,
    }
}

fn dialog(root: &HtmlElement, selector: &str) -> HtmlDialogElement {
    one(root, selector).unchecked_into()
}

#[wasm_bindgen_test]
async fn the_drawer_shows_every_field_of_a_finished_job() {
    let raw = r#"{"id": "job_done1", "futureField": true}"#;
    let d = mount_drawer(job("job_done1", JobStatus::Done), Some(raw));
    settle().await;
    assert!(
        !dialog(&d.root, "dialog.drawer").open(),
        "closed without an id"
    );
    d.id.set(Some("job_done1".into()));
    settle().await;
    let drawer = dialog(&d.root, "dialog.drawer");
    assert!(drawer.open());
    assert_eq!(text_of(&d.root, "#drawer-title"), "Job done1");
    let status = one(&d.root, "[data-drawer-status]");
    assert_eq!(
        status.get_attribute("data-drawer-status").as_deref(),
        Some("DONE")
    );
    let timeline = text_of(&d.root, ".timeline");
    assert!(timeline.contains("Created"), "{timeline}");
    assert!(timeline.contains("queued for 2.0 s"), "{timeline}");
    assert!(timeline.contains("ran for 12.0 s"), "{timeline}");
    assert!(timeline.contains("Completed"), "{timeline}");
    let result = text_of(&d.root, "#drawer-result + button + pre");
    assert_eq!(result, "{\n  \"documentId\": \"doc_1\"\n}");
    let fields = text_of(&d.root, ".fields");
    for expected in ["job_done1", "proj_docs", "Attempts3"] {
        assert!(fields.contains(expected), "{expected} in {fields}");
    }
    assert_eq!(text_of(&d.root, ".raw-json pre"), raw);
    assert_eq!(
        count(&d.root, "[role=progressbar]"),
        0,
        "no progress once done"
    );
    assert_eq!(count(&d.root, ".cancel-job"), 0, "nothing to cancel");

    // Closing (Escape ends here too) tells the page, and the row gets the focus back.
    drawer.close();
    settle().await;
    assert_eq!(d.closes.get_untracked(), 1);
    assert!(!drawer.open());
    let active = support::active_element();
    assert_eq!(
        active.get_attribute("data-job-id").as_deref(),
        Some("job_done1")
    );
}

#[wasm_bindgen_test]
async fn a_running_job_shows_progress_and_eta_and_a_failure_its_error_as_text() {
    let d = mount_drawer(job("job_run1", JobStatus::Running), None);
    d.id.set(Some("job_run1".into()));
    settle().await;
    let bar = one(&d.root, "dialog.drawer [role=progressbar]");
    assert_eq!(bar.get_attribute("aria-valuenow").as_deref(), Some("42"));
    assert_eq!(text_of(&d.root, ".progress-message"), "Embedding chunks");
    assert_eq!(text_of(&d.root, ".eta"), "about 2 min left");
    assert!(text_of(&d.root, ".timeline").contains("running for"));
    assert_eq!(count(&d.root, ".raw-json"), 0, "no raw JSON before a read");

    // The same drawer, now showing a newer copy: the job failed.
    d.row
        .set(Some(Row::Scripe(job("job_run1", JobStatus::Failed))));
    settle().await;
    assert_eq!(count(&d.root, "dialog.drawer [role=progressbar]"), 0);
    assert_eq!(
        text_of(&d.root, ".drawer-error .error-code"),
        "FETCH_FAILED"
    );
    assert!(text_of(&d.root, ".drawer-error .error-message").starts_with("<img src=x"));
    assert_eq!(count(&d.root, ".drawer-error img"), 0, "markup stays text");
    assert!(
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into())
            .unwrap()
            .is_undefined()
    );
}

struct Cancelling {
    root: HtmlElement,
    changes: RwSignal<Vec<Field<JobStatus>>>,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

/// The cancel button, dialog and notice, against an API that cannot be reached.
fn mount_cancel(jobs: Vec<(Job, bool)>) -> Cancelling {
    support::install_stylesheet();
    let root = support::container();
    let changes = RwSignal::new(Vec::new());
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let client = Backend::Scripe(ScripeClient::new("http://127.0.0.1:9/v1"));
        let cancel = use_cancel_job(
            Signal::stored(client),
            Callback::new(move |row: Row| {
                if let Row::Scripe(job) = row {
                    changes.update(|c| c.push(job.status));
                }
            }),
        );
        provide_context(cancel);
        view! {
            <CancelNoticeView cancel/>
            {jobs.clone().into_iter().map(|(job, explain)| {
                let (id, label) = (job.id.clone(), job.id.clone());
                view! { <div class="row" data-id=id>{label}<CancelButton job explain/></div> }
            }).collect_view()}
            <CancelDialog cancel/>
        }
        .into_any()
    });
    Cancelling {
        root,
        changes,
        _handle: handle,
    }
}

fn click(root: &HtmlElement, selector: &str) {
    one(root, selector).unchecked_into::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn cancelling_asks_first_and_rolls_back_with_the_reason() {
    let c = mount_cancel(vec![
        (job("job_q1", JobStatus::Queued), false),
        // As in the drawer: a running job's button explains itself.
        (job("job_r1", JobStatus::Running), true),
        // As in a row: no dead button.
        (job("job_r2", JobStatus::Running), false),
        (job("job_d1", JobStatus::Done), true),
    ]);
    settle().await;
    assert_eq!(
        count(&c.root, ".cancel-job"),
        2,
        "queued, and running in the drawer"
    );
    let running = one(&c.root, ".row[data-id=job_r1] .cancel-job");
    assert_eq!(
        running.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert_eq!(
        text_of(&c.root, "#cancel-why"),
        "Running jobs cannot be cancelled: the API cancels only queued jobs."
    );
    let queued = one(&c.root, ".cancel-job");
    assert_eq!(
        queued.get_attribute("aria-label").as_deref(),
        Some("Cancel job q1")
    );

    // Keep job: nothing happens.
    click(&c.root, ".cancel-job");
    settle().await;
    let confirm = dialog(&c.root, "dialog.cancel-dialog");
    assert!(confirm.open());
    assert!(text_of(&c.root, "#cancel-summary").contains("job_q1 will not run"));
    let active = support::active_element();
    assert!(
        active.class_list().contains("keep-job"),
        "the safe choice has the focus"
    );
    click(&c.root, ".keep-job");
    settle().await;
    assert!(!confirm.open());
    assert!(c.changes.get_untracked().is_empty());

    // Cancel job: shown cancelled at once, back to queued when the API cannot be reached.
    click(&c.root, ".cancel-job");
    settle().await;
    click(&c.root, ".confirm-cancel");
    settle().await;
    assert!(!confirm.open());
    assert_eq!(
        c.changes.get_untracked().first(),
        Some(&Field::Value(JobStatus::Cancelled))
    );
    assert!(until(|| c.changes.get_untracked().len() >= 2).await);
    assert_eq!(
        c.changes.get_untracked()[1],
        JobStatus::Queued,
        "rolled back"
    );
    assert!(until(|| count(&c.root, ".cancel-notice[role=alert]") == 1).await);
    let notice = text_of(&c.root, ".cancel-notice");
    assert!(
        notice.starts_with("Job job_q1 was not cancelled. Could not reach the job API"),
        "{notice}"
    );

    // A running job: the reason, and no dialog.
    click(&c.root, ".row[data-id=job_r1] .cancel-job");
    settle().await;
    assert!(!confirm.open());
    assert!(text_of(&c.root, ".cancel-notice").contains("is running and cannot be cancelled"));
}

#[wasm_bindgen_test]
async fn a_booper_job_shows_its_request_state_and_times() {
    let page: jobscope_wire::booper::BooperPage = serde_json::from_str(include_str!(
        "../../shared/api/fixtures/booper-list-jobs.json"
    ))
    .unwrap();
    let job = page.data[0].clone();
    let id = job.id.clone();
    let d = mount_drawer_row(Row::Booper(job), Some("{}"));
    d.id.set(Some(id.clone()));
    settle().await;
    let status = one(&d.root, "[data-drawer-status]");
    assert_eq!(
        status.get_attribute("data-drawer-status").as_deref(),
        Some("completed")
    );
    let request = text_of(&d.root, "#drawer-request + p");
    assert!(
        request.contains("https://scheduler.booper.dev/api/channels/discord"),
        "{request}"
    );
    let fields = text_of(&d.root, ".fields");
    assert!(fields.contains(&id), "{fields}");
    assert!(fields.contains("Inserted"), "{fields}");
    assert!(fields.contains("Completed"), "{fields}");
    assert_eq!(
        count(&d.root, ".cancel-job"),
        0,
        "Booper jobs are not cancelled from here"
    );
}

/// A Scripe job as the API sent it, read as the list reads pages (field by field).
fn sent(row: serde_json::Value) -> Job {
    let page = serde_json::json!({ "data": [row], "pagination": { "has_more": false } });
    let mut rows = serde_json::from_value::<JobRows>(page).unwrap().data;
    assert_eq!(rows.dropped, 0);
    rows.rows.remove(0)
}

#[wasm_bindgen_test]
async fn a_running_job_without_progress_says_so_and_how_long_it_has_run() {
    // `null`, `{"progress": null}` and a text there: never a 0 % bar, never "Waiting to start".
    for progress in [
        serde_json::Value::Null,
        serde_json::json!({ "progress": null }),
        serde_json::json!({ "progress": "half" }),
        serde_json::json!("50%"),
    ] {
        let mut row = serde_json::to_value(job("job_run2", JobStatus::Running)).unwrap();
        row["progress"] = progress.clone();
        let d = mount_drawer(sent(row), None);
        d.id.set(Some("job_run2".into()));
        settle().await;
        let body = text_of(&d.root, ".drawer-body");
        assert_eq!(
            count(&d.root, "dialog.drawer [role=progressbar]"),
            0,
            "{progress}"
        );
        assert_eq!(
            count(&d.root, "dialog.drawer [data-progress-unknown]"),
            1,
            "{progress}"
        );
        assert!(body.contains("Progress unknown"), "{progress}: {body}");
        assert!(!body.contains("Waiting to start"), "{progress}: {body}");
        assert!(!body.contains("0%"), "{progress}: {body}");
        // Started at +2 s, now is +100 s.
        let timeline = text_of(&d.root, ".timeline");
        assert!(timeline.contains("running for 1 min 38 s"), "{timeline}");
        if !progress.is_null() && progress != serde_json::json!({ "progress": null }) {
            let unknown = one(&d.root, ".progress-unknown [data-unknown]");
            let title = unknown.get_attribute("title").unwrap_or_default();
            assert!(title.contains("could not be read"), "{title}");
        }
        d.id.set(None);
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn odd_fields_read_unknown_and_the_raw_json_keeps_them() {
    let raw = r#"{"id": "job_odd1", "type": 7, "status": "FAILED", "attemptCount": -1, "startedAt": "2026-09-21T14:15:00Z", "completedAt": "2026-09-21T14:14:00Z", "errorMessage": {"text": "x"}}"#;
    let job = sent(serde_json::from_str(raw).unwrap());
    assert!(job.created_at.is_absent());
    let d = mount_drawer(job, Some(raw));
    d.id.set(Some("job_odd1".into()));
    settle().await;
    let summary = text_of(&d.root, ".drawer-summary");
    assert!(
        summary.contains("Failed") && summary.contains("unknown"),
        "{summary}"
    );
    assert_eq!(text_of(&d.root, "[data-drawer-attempts]"), "unknown");
    let attempts = one(&d.root, "[data-drawer-attempts] [data-unknown]");
    let title = attempts.get_attribute("title").unwrap_or_default();
    assert!(
        title.contains("could not be read") && title.contains("-1"),
        "{title}"
    );
    assert_eq!(text_of(&d.root, ".drawer-error .error-message"), "unknown");
    // An end before the start: no duration, and never "0 ms".
    let timeline = text_of(&d.root, ".timeline");
    assert!(timeline.contains("ran for unknown"), "{timeline}");
    assert!(!timeline.contains("0 ms"), "{timeline}");
    assert_eq!(text_of(&d.root, ".raw-json pre"), raw, "kept as sent");
}
