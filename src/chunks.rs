//! The parts of the dashboard that are not on the first screen, each a chunk of wasm that the
//! browser fetches on first use (or when idle, see [`prefetch`]): the first screen downloads,
//! compiles and starts only the shell, the filter bar, the list and its feed.
//!
//! Each chunk is one split point: a function that builds the part's view, split off by
//! Leptos's code splitting (`leptos::wasm_split`, what `#[lazy]` expands to) and cut out of
//! the release module by the build's post-build step (`xtask/src/split/`). Unlike `#[lazy]`
//! the points are `fallible`: a chunk that cannot be fetched (offline, or a deploy replaced the files) is a
//! [`ChunkError`] the page shows with a Reload button; with `#[lazy]` it would panic, and a
//! panic aborts the whole app.
//!
//! Debug builds (`trunk serve`, the browser tests) have no split points: the functions are
//! plain calls there, as the split tool only runs on release builds.

use std::future::Future;

use leptos::prelude::*;

use jobscope_wire::booper::{BooperRows, ScheduledJob};
use wasm_bindgen::JsValue;

use crate::api::ApiError;
use crate::api::scripe::Deprecation;
use crate::components::api_notices::DeprecationNotice;
use crate::components::cancel_dialog::CancelDialog;
use crate::components::insights::InsightsPage;
use crate::components::job_drawer::JobDrawer;
use crate::components::job_table::booper_row;
use crate::components::job_table::types::RowFocus;
use crate::components::list_toolbar::KeyboardHelp;
use crate::components::parts_style::PartsStyle;
use crate::components::settings_panel::SettingsPanel;
use crate::hooks::export_run::{self, ExportJob};
use crate::hooks::use_cancel_job::UseCancelJobReturn;
use crate::hooks::use_job_detail::{DetailSource, use_job_detail};

/// Why a chunk's code is not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    /// The browser could not fetch or start the chunk: offline, or the files on the server
    /// belong to a newer deploy (their names carry content hashes, so old names vanish).
    #[error(
        "this part of jobscope could not be loaded: the connection may be down, or a new \
         version was deployed since this page was opened"
    )]
    NotLoaded,
}

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self::NotLoaded
    }
}

impl From<ChunkError> for ApiError {
    fn from(_: ChunkError) -> Self {
        Self::CodeMissing
    }
}

/// A chunk's view: built again whenever the part is redrawn.
pub type ChunkView = ViewFn;

/// Work built in a chunk (so its code is the chunk's) and run by the caller.
pub type Task<T> = std::pin::Pin<Box<dyn Future<Output = T>>>;

/// Declares a split point `$name` in chunk `$chunk`, with `$preload` fetching the chunk
/// without running it. The function returns `Result<$ret, ChunkError>`; in debug builds both
/// are plain calls.
macro_rules! split_point {
    ($(#[$doc:meta])* $chunk:ident, $preload:ident,
     fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$doc])*
        #[cfg(not(debug_assertions))]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload(#[doc = "Fetches and starts the chunk without running it."] $preload)
        )]
        pub fn $name($($arg: $ty),*) -> Result<$ret, ChunkError> {
            Ok($body)
        }

        $(#[$doc])*
        #[cfg(debug_assertions)]
        pub async fn $name($($arg: $ty),*) -> Result<$ret, ChunkError> {
            Ok($body)
        }

        /// Fetches and starts the chunk without running it.
        #[cfg(debug_assertions)]
        pub async fn $preload() -> Result<(), leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}

split_point! {
    /// The job drawer (`?job=<id>`) with both APIs' detail views, and the reads of the open
    /// job ([`use_job_detail`]), which start with the drawer's first opening.
    drawer, preload_drawer,
    fn drawer(source: DetailSource, close: Callback<()>) -> ChunkView {
        ChunkView::from(move || {
            let detail = use_job_detail(source);
            view! { <JobDrawer id=source.id detail close/> }
        })
    }
}

split_point! {
    /// The Insights page (`/insights`): its walk over the window's jobs, figures and chart.
    insights, preload_insights,
    fn insights() -> ChunkView {
        ChunkView::from(|| view! { <InsightsPage/> })
    }
}

split_point! {
    /// The dialog that confirms a cancel.
    cancel_dialog, preload_cancel_dialog,
    fn cancel_dialog(cancel: UseCancelJobReturn) -> ChunkView {
        ChunkView::from(move || view! { <CancelDialog cancel/> })
    }
}

split_point! {
    /// The settings dialog (opened by the header's button or an error asking for a key).
    settings, preload_settings,
    fn settings() -> ChunkView {
        ChunkView::from(|| view! { <SettingsPanel/> })
    }
}

split_point! {
    /// The list of keyboard shortcuts (`?`).
    keyboard_help, preload_keyboard_help,
    fn keyboard_help(open: RwSignal<bool>) -> ChunkView {
        ChunkView::from(move || view! { <KeyboardHelp open/> })
    }
}

split_point! {
    /// An export's work: the pages it reads, the file it writes (CSV or JSON) and its
    /// download ([`export_run::run`]). The future is built here, so its code is the chunk's.
    export, preload_export,
    fn export_run(job: ExportJob) -> Task<()> {
        Box::pin(export_run::run(job))
    }
}

split_point! {
    /// The banner while the Scripe API version in use is deprecated (the API's
    /// `Scripe-Deprecation` header), with the switch to its replacement: `version` is the
    /// version the dashboard sends.
    notices, preload_notices,
    fn deprecation_notice(deprecation: Signal<Option<Deprecation>>, version: Signal<String>) -> ChunkView {
        ChunkView::from(move || view! { <DeprecationNotice deprecation version/> })
    }
}

split_point! {
    /// Reads a Booper page as the browser parsed it (row by row: a row that does not read is
    /// left out, not the page). Everything that only the Booper scheduler needs is in this
    /// chunk: the decoder of its rows and their view, which this makes [`booper_row`] return
    /// (a Booper row exists only once a page was read here).
    booper, preload_booper,
    fn decode_booper_page(page: JsValue) -> Result<BooperRows, ApiError> {
        #[cfg(not(debug_assertions))]
        BOOPER_ROW.with(|drawn| {
            let _ = drawn.set(booper_row::render);
        });
        crate::api::http::decode_value(page)
    }
}

/// How the list draws a Booper row: `(index, job, now in ms since the epoch, focus)`.
pub type BooperRowView = fn(usize, ScheduledJob, Signal<i64>, RowFocus) -> AnyView;

#[cfg(not(debug_assertions))]
thread_local! {
    /// Set by the Booper chunk when it runs.
    static BOOPER_ROW: std::cell::OnceCell<BooperRowView> = const { std::cell::OnceCell::new() };
}

/// The view of a Booper row, once the Booper chunk has run ([`decode_booper_page`]); `None`
/// before (there is no Booper row to draw then).
pub fn booper_row() -> Option<BooperRowView> {
    #[cfg(not(debug_assertions))]
    return BOOPER_ROW.with(|drawn| drawn.get().copied());
    #[cfg(debug_assertions)]
    Some(booper_row::render)
}

/// Fetches the parts' stylesheet and the chunks a user is likely to need next, most likely
/// first, when the browser is idle after the first rows: the first click on a row then opens
/// the drawer as fast as the second. Skipped when the user asked the browser to save data
/// (`Save-Data`). What fails here is fetched again on first use, which reports the failure.
pub fn prefetch() {
    if save_data() {
        return;
    }
    let style = PartsStyle::use_it();
    when_idle(move || {
        // Their stylesheet first: small, and every part shows only once it is in.
        if let Some(style) = style {
            style.request();
        }
        leptos::task::spawn_local(async {
            // In order, one at a time: the drawer is what a first click wants.
            let _ = preload_drawer().await;
            let _ = preload_cancel_dialog().await;
            let _ = preload_settings().await;
            let _ = preload_keyboard_help().await;
            let _ = preload_export().await;
            // A page away (the header's link), and the largest: last.
            let _ = preload_insights().await;
        });
    });
}

/// `navigator.connection.saveData` (not in every browser: absent means no).
fn save_data() -> bool {
    let navigator = window().navigator();
    js_sys::Reflect::get(&navigator, &"connection".into())
        .ok()
        .filter(|connection| connection.is_object())
        .and_then(|connection| js_sys::Reflect::get(&connection, &"saveData".into()).ok())
        .and_then(|value| value.as_bool())
        .unwrap_or(false)
}

/// Runs `then` when the browser is idle (`requestIdleCallback`, with a 2 s deadline), or after
/// 200 ms where it is missing (WebKit).
fn when_idle(then: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast as _;
    use wasm_bindgen::closure::Closure;

    let window = window();
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|idle| idle.dyn_into::<js_sys::Function>().ok());
    let callback = Closure::once_into_js(then);
    let scheduled = match idle {
        Some(idle) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &2000.into());
            idle.call2(&window, &callback, &options).is_ok()
        }
        None => false,
    };
    if !scheduled {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 200);
    }
}
