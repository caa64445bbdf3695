//! `use_export`: the loaded rows, or all rows matching the filters, as a CSV or JSON download,
//! with every value whole (the list keeps only the start of long ones). "All matching" walks
//! the remaining pages on its own copy of the feed (so de-duplication, `bad_cursor` restarts
//! and backoff with `Retry-After` are the list's own), one request at a time, pausing when the
//! API's quota runs low, and can be cancelled. The work itself is in the export chunk
//! ([`crate::hooks::export_run`]): this hook holds only its state.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::backend::{Backend, Row};
use crate::export::ExportFormat;
use crate::feed::{Feed, FeedRow};
use crate::filters::Filters;
use crate::hooks::abort_in;
use crate::hooks::export_run::ExportJob;

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
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let filters = filters.get_untracked();
        let loaded = (scope == Scope::Loaded).then(|| feed.with_untracked(|f| f.rows().to_vec()));
        // Loaded rows that are all whole are written at once, with nothing to show or cancel.
        let at_once = loaded.is_some() && shortened.is_empty();
        // All matching carries on from the loaded rows when they are whole; else (and to make
        // loaded rows whole) the pages are read again from the first.
        let walk = match scope {
            Scope::All if shortened.is_empty() => {
                feed.with_untracked(Feed::snapshot).unwrap_or_default()
            }
            _ => Feed::default(),
        };
        if !at_once {
            in_flight.set_value(Some(controller.clone()));
            progress.set(Some(ExportProgress {
                format,
                rows: walk.len(),
                waiting: false,
            }));
        }
        run(
            ExportJob {
                client,
                filters,
                format,
                loaded,
                shortened,
                walk,
                controller,
                progress,
                error,
            },
            code_missing,
        );
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

/// Runs `job` in the export chunk, fetched on the first export; when the chunk cannot load,
/// `error` says so and `code_missing` asks for a reload.
fn run(job: ExportJob, code_missing: RwSignal<bool>) {
    let (error, progress) = (job.error, job.progress);
    spawn_local(async move {
        match crate::chunks::export_run(job).await {
            Ok(export) => export.await,
            Err(failure) => {
                error.try_set(Some(format!("The export could not start: {failure}.")));
                code_missing.try_set(true);
                progress.try_set(None);
            }
        }
    });
}
