//! `use_export`: the loaded rows, or all rows matching the filters, as a CSV or JSON download,
//! with every value whole (the list keeps only the start of long ones). "All matching" walks
//! the remaining pages on its own copy of the feed (so de-duplication, `bad_cursor` restarts
//! and backoff with `Retry-After` are the list's own), one request at a time, pausing when the
//! API's quota runs low, and can be cancelled.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use crate::api::backend::{Backend, PAGE_SIZE, Row};
use crate::export::{self, ExportFormat};
use crate::feed::{Feed, FeedRow};
use crate::filters::Filters;
use crate::hooks::abort_in;
use crate::hooks::page_walk::{PageWalk, Stopped, read_pages};
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
    /// The export's code (a chunk) could not be loaded: a reload is what helps.
    pub code_missing: Signal<bool>,
    /// Downloads the loaded rows at once.
    pub export_loaded: Callback<ExportFormat>,
    /// Reads the remaining pages, then downloads everything.
    pub export_all: Callback<ExportFormat>,
    pub cancel: Callback<()>,
}

/// Which rows an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The rows of the list, in its order.
    Loaded,
    /// Every row matching the filters.
    All,
}

/// The list keeps only the start of long values ([`Row::shorten`]): an export reads them
/// again whole. The loaded rows export at once when none was shortened; otherwise, and for
/// "all matching", pages are read with every value whole, one request at a time.
pub fn use_export(
    client: Signal<Backend>,
    filters: Signal<Filters>,
    feed: ReadSignal<Feed<Row>>,
) -> UseExportReturn {
    let progress = RwSignal::new(None::<ExportProgress>);
    let error = RwSignal::new(None::<String>);
    let code_missing = RwSignal::new(false);
    let in_flight = StoredValue::new_local(None::<AbortController>);
    let cancel = move || {
        abort_in(in_flight);
        progress.try_set(None);
    };
    on_cleanup(cancel);

    let start = move |format: ExportFormat, scope: Scope| {
        if progress.with_untracked(Option::is_some) {
            return;
        }
        error.set(None);
        code_missing.set(false);
        let client = client.get_untracked();
        let shortened: HashSet<String> = feed.with_untracked(|feed| {
            feed.rows()
                .iter()
                .filter(|row| row.is_shortened())
                .map(|row| row.id().to_owned())
                .collect()
        });
        if scope == Scope::Loaded && shortened.is_empty() {
            feed.with_untracked(|feed| {
                save(&client, format, feed.rows().to_vec(), error, code_missing)
            });
            return;
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        in_flight.set_value(Some(controller.clone()));
        let filters = filters.get_untracked();
        // All matching carries on from the loaded rows when they are whole; else (and to make
        // loaded rows whole) the pages are read again from the first.
        let walk = match scope {
            Scope::All if shortened.is_empty() => {
                feed.with_untracked(Feed::snapshot).unwrap_or_default()
            }
            _ => Feed::default(),
        };
        let loaded = (scope == Scope::Loaded).then(|| feed.with_untracked(|f| f.rows().to_vec()));
        progress.set(Some(ExportProgress {
            format,
            rows: walk.len(),
            waiting: false,
        }));
        spawn_local(async move {
            let mut missing = shortened;
            let mut whole = HashMap::new();
            let read = read_whole_pages(&client, &filters, walk, &controller, progress, |rows| {
                if scope == Scope::All {
                    return false;
                }
                for row in rows.iter_mut() {
                    if missing.remove(row.id()) {
                        whole.insert(row.id().to_owned(), row.clone());
                    }
                    // The walk only orders and de-duplicates: it needs no long values.
                    row.shorten();
                }
                missing.is_empty()
            })
            .await;
            let walk = match read {
                // Cancelled by the user, or the page went away.
                None => return,
                Some(Err(message)) => {
                    error.try_set(Some(message));
                    progress.try_set(None);
                    return;
                }
                Some(Ok(walk)) => walk,
            };
            match loaded {
                None => save(&client, format, walk.rows().to_vec(), error, code_missing),
                Some(loaded) => {
                    // Rows that left the filters' set since: read one by one (Scripe can).
                    let unread = read_jobs(&client, missing, &controller, &mut whole).await;
                    if controller.signal().aborted() {
                        return;
                    }
                    if unread > 0 {
                        error.try_set(Some(format!(
                            "{} jobs could not be read again: their long values are shortened in the export.",
                            crate::format::count(unread)
                        )));
                    }
                    save(
                        &client,
                        format,
                        export::with_whole(loaded, whole),
                        error,
                        code_missing,
                    );
                }
            }
            progress.try_set(None);
        });
    };

    UseExportReturn {
        progress: progress.into(),
        error: error.into(),
        code_missing: code_missing.into(),
        export_loaded: Callback::new(move |format| start(format, Scope::Loaded)),
        export_all: Callback::new(move |format| start(format, Scope::All)),
        cancel: Callback::new(move |()| cancel()),
    }
}

/// Jobs read one by one, at most this many (beyond, their shortened copies are exported).
const MAX_SINGLE_READS: usize = 100;

/// Reads pages with every value whole on `walk` ([`read_pages`]), showing how many rows so
/// far and when it waits; an error says why the export stopped.
async fn read_whole_pages(
    client: &Backend,
    filters: &Filters,
    walk: Feed<Row>,
    controller: &AbortController,
    progress: RwSignal<Option<ExportProgress>>,
    enough: impl FnMut(&mut Vec<Row>) -> bool,
) -> Option<Result<Feed<Row>, String>> {
    let how = PageWalk {
        limit: PAGE_SIZE,
        whole: true,
    };
    let read = read_pages(
        client,
        filters,
        how,
        walk,
        controller,
        enough,
        |walk, waiting| {
            progress.try_update(|p| {
                if let Some(p) = p {
                    p.rows = walk.len();
                    p.waiting = waiting;
                }
            });
        },
    )
    .await?;
    Some(read.map_err(|Stopped { rows, failure }| {
        format!(
            "The export stopped after {} rows: {failure}",
            crate::format::count(rows)
        )
    }))
}

/// Reads the jobs `ids` one by one into `whole` (Scripe only: Booper cannot read one job);
/// returns how many could not be read.
async fn read_jobs(
    client: &Backend,
    ids: HashSet<String>,
    controller: &AbortController,
    whole: &mut HashMap<String, Row>,
) -> usize {
    let Backend::Scripe(scripe) = client else {
        return ids.len();
    };
    let mut unread = 0;
    for (i, id) in ids.into_iter().enumerate() {
        if i >= MAX_SINGLE_READS || controller.signal().aborted() {
            unread += 1;
            continue;
        }
        match scripe.job(&id, controller).await {
            Ok(job) => {
                whole.insert(id, Row::Scripe(job));
            }
            Err(_) => unread += 1,
        }
    }
    unread
}

/// Hands `rows` to the browser as a file download.
/// Writes the file (its code is a chunk, fetched on the first export) and downloads it; when
/// the chunk cannot load, `error` says so.
fn save(
    client: &Backend,
    format: ExportFormat,
    rows: Vec<Row>,
    error: RwSignal<Option<String>>,
    code_missing: RwSignal<bool>,
) {
    let name = export::file_name(&client.kind(), format, now_ms());
    spawn_local(async move {
        match crate::chunks::export_text(format, rows).await {
            Ok(text) => {
                let _ = download(&name, format.mime(), &text);
            }
            Err(failure) => {
                error.try_set(Some(format!("The export could not start: {failure}.")));
                code_missing.try_set(true);
            }
        }
    });
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
