//! Browser tests of the list's footer when the feed stops: a plain sentence and Retry that
//! read well with no rows loaded, never "No jobs yet" or "All … loaded" for an API that
//! contradicted itself, and what the browser or decoder said only under "Technical details".
#![cfg(target_arch = "wasm32")]

use jobscope::api::ApiError;
use jobscope::api::backend::Row;
use jobscope::api::error::Contradiction;
use jobscope::components::job_table::JobTable;
use jobscope::feed::{Feed, Page, backoff};
use jobscope_wire::Timestamp;
use jobscope_wire::scripe::{Job, JobStatus};
use leptos::prelude::*;
use support::{count, one, settle, text_of};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

fn job(i: usize) -> Row {
    let at = chrono::DateTime::from_timestamp(1_790_000_000 - i as i64, 0)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Row::Scripe(Job {
        created_at: Timestamp::raw(at).into(),
        ..Job::new(format!("job_{i:04}"), JobStatus::Done)
    })
}

struct Mounted {
    root: HtmlElement,
    retries: RwSignal<usize>,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

fn mount(feed: Feed<Row>) -> Mounted {
    support::install_stylesheet();
    let root = support::container();
    let retries = RwSignal::new(0);
    let feed = RwSignal::new(feed);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <JobTable
                feed=feed.read_only()
                backend=jobscope_wire::config::BackendKind::Scripe
                load_more=Callback::new(|()| {})
                retry=Callback::new(move |()| retries.update(|n| *n += 1))
                now_ms=Signal::stored(1_790_000_000_000)
            />
        }
        .into_any()
    });
    Mounted {
        root,
        retries,
        _handle: handle,
    }
}

#[wasm_bindgen_test]
async fn a_contradiction_with_no_rows_is_a_plain_error_with_retry_not_an_empty_list() {
    let mut feed = Feed::<Row>::new();
    let request = feed.next_request().unwrap();
    feed.on_page_with(
        request.generation,
        Page {
            rows: Vec::new(),
            next: None,
        },
        Some(Contradiction::MoreWithoutToken),
    );
    let m = mount(feed);
    settle().await;
    let list = one(&m.root, ".job-list");
    assert_eq!(
        list.get_attribute("data-feed-state").as_deref(),
        Some("error")
    );
    let alert = one(&m.root, ".list-error[role=alert]");
    assert_eq!(
        text_of(&alert, "p"),
        "The job API said there are more jobs but gave no way to fetch them, so the list \
         stopped here."
    );
    assert_eq!(count(&alert, "p.muted"), 0, "no \"0 jobs kept\"");
    assert_eq!(
        count(&alert, ".error-detail"),
        0,
        "nothing technical to show"
    );
    assert_eq!(count(&m.root, ".empty-state"), 0, "not \"No jobs yet\"");
    assert_eq!(count(&m.root, ".list-end"), 0, "not \"All … loaded\"");
    let retry: HtmlElement = one(&alert, "button.button").unchecked_into();
    assert_eq!(retry.text_content().as_deref(), Some("Retry"));
    retry.click();
    assert_eq!(m.retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn decoder_internals_stay_under_technical_details() {
    let mut feed = Feed::<Row>::new();
    let request = feed.next_request().unwrap();
    feed.on_page(
        request.generation,
        Page {
            rows: (0..20).map(job).collect(),
            next: Some("c1".into()),
        },
    );
    // Unreadable answers until the feed stops retrying by itself.
    let mut request = feed.next_request();
    for _ in 0..=backoff::MAX_ATTEMPTS {
        let r = request.take().unwrap();
        feed.on_error(
            r.generation,
            ApiError::Decode("Reflect.get called on non-object".into()),
            0.5,
        );
        request = feed.retry_due(feed.generation());
    }
    let m = mount(feed);
    settle().await;
    let alert = one(&m.root, ".list-error[role=alert]");
    assert_eq!(
        text_of(&alert, "p"),
        "The job API sent a response jobscope could not read."
    );
    assert_eq!(
        text_of(&alert, "p.muted"),
        "The 20 jobs loaded so far are kept."
    );
    let details = one(&alert, "details.error-detail");
    assert!(!details.has_attribute("open"), "collapsed");
    assert_eq!(text_of(&details, "summary"), "Technical details");
    assert_eq!(text_of(&details, "p"), "Reflect.get called on non-object");
    assert!(count(&m.root, "[data-job-id]") > 0, "rows kept on screen");
}
