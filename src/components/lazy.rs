//! A part of the page whose code is a chunk ([`crate::chunks`]): nothing until it is first
//! needed, then fetched once and kept. While it loads a status says so; when it cannot load,
//! an alert says why with Try again and Reload, and nothing else on the page is lost.

use std::future::Future;

use leptos::prelude::*;

use crate::chunks::{ChunkError, ChunkView};

/// What the part is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Not needed yet.
    Waiting,
    Loading,
    Ready,
    Failed(ChunkError),
}

#[component]
pub fn Lazy<L, Fut>(
    /// The part is needed (latched: once loaded it stays, even when this turns false).
    #[prop(into)]
    when: Signal<bool>,
    /// What the part is, for people: "the job details".
    what: &'static str,
    /// Fetches the chunk and returns the part's view (one of [`crate::chunks`]' functions).
    load: L,
) -> impl IntoView
where
    L: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<ChunkView, ChunkError>> + 'static,
{
    let phase = RwSignal::new(Phase::Waiting);
    let part = RwSignal::new(None::<ChunkView>);
    let load = StoredValue::new_local(load);
    let start = move || {
        phase.set(Phase::Loading);
        let future = load.with_value(|load| load());
        leptos::task::spawn_local(async move {
            match future.await {
                Ok(view) => {
                    part.set(Some(view));
                    phase.set(Phase::Ready);
                }
                Err(error) => phase.set(Phase::Failed(error)),
            }
        });
    };
    // Needed again after a failure (another row clicked): try again.
    Effect::new(move |_| {
        if when.get() && matches!(phase.get_untracked(), Phase::Waiting | Phase::Failed(_)) {
            start();
        }
    });
    let retry = move |_| start();
    let reload = move |_| {
        let _ = window().location().reload();
    };
    view! {
        {move || part.get().map(|view| view.run())}
        {move || match phase.get() {
            Phase::Loading if when.get() => Some(view! {
                <p class="chunk-status muted" role="status" data-chunk-loading=what>
                    {format!("Loading {what}…")}
                </p>
            }.into_any()),
            Phase::Failed(error) if when.get() => Some(view! {
                <div class="chunk-status notice notice-error" role="alert" data-chunk-error=what>
                    <p>{format!("Cannot show {what}: {error}.")}</p>
                    <p class="chunk-actions">
                        <button type="button" class="button" on:click=retry>"Try again"</button>
                        <button type="button" class="button button-secondary" on:click=reload>
                            "Reload jobscope"
                        </button>
                    </p>
                </div>
            }.into_any()),
            _ => None,
        }}
    }
}
