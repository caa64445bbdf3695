//! Not a hook: an export's work once it is asked for, in the export chunk (`src/chunks.rs`),
//! so the list's first load carries none of it. It reads the pages the export needs
//! ([`read_pages`], the walk Insights shares), reads again one by one the loaded jobs that
//! left the filters' set, writes the file (CSV or JSON, [`crate::export`]) and downloads it.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use crate::api::backend::{Backend, PAGE_SIZE, Row};
use crate::export::{self, ExportFormat};
use crate::feed::{Feed, FeedRow};
use crate::filters::Filters;
use crate::hooks::page_walk::{PageWalk, Stopped, read_pages};
use crate::hooks::use_export::ExportProgress;
use crate::hooks::use_now::now_ms;

/// An export as the list asks for it: what to write and where to report.
pub struct ExportJob {
    pub client: Backend,
    pub filters: Filters,
    pub format: ExportFormat,
    /// The list's rows, in its order, for "loaded"; `None` for every row matching `filters`.
    pub loaded: Option<Vec<Row>>,
    /// Ids of loaded rows whose long values the list shortened ([`Row::shorten`]): read
    /// again whole before they are written.
    pub shortened: HashSet<String>,
    /// The feed the walk goes on from: the list's own when its rows are whole, else empty.
    pub walk: Feed<Row>,
    /// Aborted by Cancel, or when the page goes away.
    pub controller: AbortController,
    /// Rows read so far, and whether the walk waits; `None` once the export has ended.
    pub progress: RwSignal<Option<ExportProgress>>,
    /// Why the export stopped, or what it could not read again.
    pub error: RwSignal<Option<String>>,
}

/// Runs `job` to its download (or its error); ends early, silently, when aborted.
pub async fn run(job: ExportJob) {
    let ExportJob {
        client,
        filters,
        format,
        loaded,
        mut shortened,
        walk,
        controller,
        progress,
        error,
    } = job;
    if let Some(loaded) = &loaded
        && shortened.is_empty()
    {
        // Every loaded value is whole: nothing to read.
        save(&client, format, loaded.clone());
        return;
    }
    let keep_whole = loaded.is_some();
    let mut whole = HashMap::new();
    let read = read_whole_pages(&client, &filters, walk, &controller, progress, |rows| {
        if !keep_whole {
            return false;
        }
        for row in rows.iter_mut() {
            if shortened.remove(row.id()) {
                whole.insert(row.id().to_owned(), row.clone());
            }
            // The walk only orders and de-duplicates: it needs no long values.
            row.shorten();
        }
        shortened.is_empty()
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
        None => save(&client, format, walk.rows().to_vec()),
        Some(loaded) => {
            // Rows that left the filters' set since: read one by one (Scripe can).
            let unread = read_jobs(&client, shortened, &controller, &mut whole).await;
            if controller.signal().aborted() {
                return;
            }
            if unread > 0 {
                error.try_set(Some(format!(
                    "{} jobs could not be read again: their long values are shortened in the export.",
                    crate::format::count(unread)
                )));
            }
            save(&client, format, export::with_whole(loaded, whole));
        }
    }
    progress.try_set(None);
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

/// Writes `rows` as `format` (CSV with a byte-order mark, or Excel misreads UTF-8) and hands
/// the file to the browser as a download.
fn save(client: &Backend, format: ExportFormat, rows: Vec<Row>) {
    let name = export::file_name(&client.kind(), format, now_ms());
    let text = match format {
        ExportFormat::Csv => format!("\u{feff}{}", export::csv(&rows)),
        ExportFormat::Json => export::json(&rows),
    };
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
