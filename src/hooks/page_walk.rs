//! Not a hook: the page-by-page reading that long walks share (export all, Insights). A walk
//! runs on its own [`Feed`], so de-duplication, `bad_cursor` restarts, contradictions and
//! backoff with `Retry-After` are the list's own; it sends one request at a time and waits
//! for the window to reset when the API's quota runs low ([`Quota::pause_ms`]), so it slows
//! down before a 429 rather than meet one, and leaves requests for the list and the drawer.

use std::time::Duration;

use leptos::prelude::set_timeout;
use web_sys::AbortController;

use crate::api::ApiError;
use crate::api::backend::{Backend, Listed, Row};
use crate::api::quota::Quota;
use crate::feed::{AfterError, Feed};
use crate::filters::Filters;

/// How a walk reads its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageWalk {
    /// Rows per request.
    pub limit: u32,
    /// Every value whole ([`Backend::list_whole`], for exports) or the list's short copies.
    pub whole: bool,
}

/// Why a walk ended before the last page: the rows it had read, and the failure.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stopped {
    pub rows: usize,
    pub failure: ApiError,
}

/// Reads pages of `filters` on `walk` until the end, or until `enough` (shown each page's
/// rows, before the feed takes them; it may change them) says so. `waiting` is told when the
/// walk pauses (a low quota, a retry) and when it goes on, with the feed so far. `None` when
/// aborted.
pub(crate) async fn read_pages(
    client: &Backend,
    filters: &Filters,
    how: PageWalk,
    mut walk: Feed<Row>,
    controller: &AbortController,
    mut enough: impl FnMut(&mut Vec<Row>) -> bool,
    mut waiting: impl FnMut(&Feed<Row>, bool),
) -> Option<Result<Feed<Row>, Stopped>> {
    let stopped = |walk: &Feed<Row>, failure: ApiError| Stopped {
        rows: walk.len(),
        failure,
    };
    let mut next = walk.next_request();
    while let Some(request) = next {
        let token = request.token.as_deref();
        let result = if how.whole {
            client
                .list_whole(filters, token, how.limit, controller)
                .await
        } else {
            client
                .list_some(filters, token, how.limit, controller)
                .await
        };
        next = match result {
            Ok(Listed {
                mut page,
                quota,
                contradiction,
                ..
            }) => {
                let done = enough(&mut page.rows);
                // A contradiction stops the walk (its rows are kept) as it stops the list.
                walk.on_page_with(request.generation, page, contradiction);
                let next = if done { None } else { walk.next_request() };
                // Near the rate limit, and more to read: wait for the window to reset.
                if next.is_some()
                    && let Some(ms) = quota.and_then(Quota::pause_ms)
                {
                    waiting(&walk, true);
                    sleep(ms, controller).await;
                }
                next
            }
            Err(failure) => {
                let jitter = js_sys::Math::random();
                match walk.on_error(request.generation, failure.clone(), jitter) {
                    AfterError::FetchNow => walk.next_request(),
                    AfterError::RetryIn(ms) => {
                        waiting(&walk, true);
                        sleep(ms, controller).await;
                        walk.retry_due(request.generation)
                    }
                    AfterError::Ignore => return None,
                    AfterError::Stopped => return Some(Err(stopped(&walk, failure))),
                }
            }
        };
        if controller.signal().aborted() {
            return None;
        }
        waiting(&walk, false);
    }
    if let Some(failure) = walk.error().cloned() {
        return Some(Err(stopped(&walk, failure)));
    }
    Some(Ok(walk))
}

/// Waits `ms` without blocking the page, or until `controller` aborts (Stop, or the page
/// went away), so no task outlives its walk by a rate limit's window.
pub(crate) async fn sleep(ms: u32, controller: &AbortController) {
    let signal = controller.signal();
    if signal.aborted() {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let on_abort = resolve.clone();
        signal.set_onabort(Some(&on_abort));
        set_timeout(
            move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            },
            Duration::from_millis(u64::from(ms)),
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    signal.set_onabort(None);
}
