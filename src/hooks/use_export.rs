//! `use_export`: the loaded rows, or all rows matching the filters, as a CSV or JSON download.
//! "All matching" walks the remaining pages on its own copy of the feed (so de-duplication,
//! `bad_cursor` restarts and backoff with `Retry-After` are the list's own), one request at a
//! time, pausing when the API's quota runs low, and can be cancelled.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use crate::api::backend::{Backend, Listed, Row};
use crate::api::quota::Quota;
use crate::export::{self, ExportFormat};
use crate::feed::{AfterError, Feed};
use crate::filters::Filters;
use crate::hooks::abort_in;
use crate::hooks::use_now::now_ms;

/// An export of all matching rows under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportProgress {
    pub format: ExportFormat,
    /// Rows read so far.
    pub rows: usize,
    /// Waiting to retry (rate limited or a failure).
    pub waiting: bool,
}

#[derive(Clone, Copy)]
pub struct UseExportReturn {
    pub progress: Signal<Option<ExportProgress>>,
    /// Why the last export stopped.
    pub error: Signal<Option<String>>,
    /// Downloads the loaded rows at once.
    pub export_loaded: Callback<ExportFormat>,
    /// Reads the remaining pages, then downloads everything.
    pub export_all: Callback<ExportFormat>,
    pub cancel: Callback<()>,
}

pub fn use_export(
    client: Signal<Backend>,
    filters: Signal<Filters>,
    feed: ReadSignal<Feed<Row>>,
) -> UseExportReturn {
    let progress = RwSignal::new(None::<ExportProgress>);
    let error = RwSignal::new(None::<String>);
    let in_flight = StoredValue::new_local(None::<AbortController>);
    let cancel = move || {
        abort_in(in_flight);
        progress.try_set(None);
    };
    on_cleanup(cancel);

    let export_all = move |format: ExportFormat| {
        if progress.with_untracked(Option::is_some) {
            return;
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        in_flight.set_value(Some(controller.clone()));
        error.set(None);
        let client = client.get_untracked();
        let filters = filters.get_untracked();
        // Carry on from the rows already loaded.
        let mut walk = feed.with_untracked(Feed::snapshot).unwrap_or_default();
        progress.set(Some(ExportProgress {
            format,
            rows: walk.len(),
            waiting: false,
        }));
        spawn_local(async move {
            let mut next = walk.next_request();
            while let Some(request) = next {
                let result = client
                    .list(&filters, request.token.as_deref(), &controller)
                    .await;
                next = match result {
                    Ok(Listed { page, quota, .. }) => {
                        walk.on_page(request.generation, page);
                        // Near the rate limit: wait for the window to reset rather than be
                        // refused (and leave requests for the list and the drawer).
                        if let Some(ms) = quota.and_then(Quota::pause_ms) {
                            set_waiting(progress, true);
                            sleep(ms).await;
                        }
                        walk.next_request()
                    }
                    Err(failure) => {
                        let jitter = js_sys::Math::random();
                        match walk.on_error(request.generation, failure.clone(), jitter) {
                            AfterError::FetchNow => walk.next_request(),
                            AfterError::RetryIn(ms) => {
                                set_waiting(progress, true);
                                sleep(ms).await;
                                walk.retry_due(request.generation)
                            }
                            // Aborted: cancelled by the user or the page went away.
                            AfterError::Ignore => return,
                            AfterError::Stopped => {
                                error.try_set(Some(format!(
                                    "The export stopped after {} rows: {failure}",
                                    crate::format::count(walk.len())
                                )));
                                progress.try_set(None);
                                return;
                            }
                        }
                    }
                };
                if controller.signal().aborted() {
                    return;
                }
                progress.try_update(|p| {
                    if let Some(p) = p {
                        p.rows = walk.len();
                        p.waiting = false;
                    }
                });
            }
            if progress.try_get_untracked().flatten().is_some() {
                save(&client, format, walk.rows());
                progress.try_set(None);
            }
        });
    };

    UseExportReturn {
        progress: progress.into(),
        error: error.into(),
        export_loaded: Callback::new(move |format| {
            error.set(None);
            let client = client.get_untracked();
            feed.with_untracked(|feed| save(&client, format, feed.rows()));
        }),
        export_all: Callback::new(export_all),
        cancel: Callback::new(move |()| cancel()),
    }
}

fn set_waiting(progress: RwSignal<Option<ExportProgress>>, waiting: bool) {
    progress.try_update(|p| {
        if let Some(p) = p {
            p.waiting = waiting;
        }
    });
}

/// Waits `ms` without blocking the page.
async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        set_timeout(
            move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            },
            Duration::from_millis(u64::from(ms)),
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Hands `rows` to the browser as a file download.
fn save(client: &Backend, format: ExportFormat, rows: &[Row]) {
    let text = match format {
        // A byte-order mark, or Excel reads the UTF-8 (names, messages) as another encoding.
        ExportFormat::Csv => format!("\u{feff}{}", export::csv(rows)),
        ExportFormat::Json => export::json(rows),
    };
    let name = export::file_name(&client.kind(), format, now_ms());
    let _ = download(&name, format.mime(), &text);
}

fn download(name: &str, mime: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let anchor = document()
        .create_element("a")
        .ok()?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // The click has started the download; the URL can go once the browser has read it.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(30),
    );
    Some(())
}
