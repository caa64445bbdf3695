//! A part of the page whose code is a chunk ([`crate::chunks`]): nothing until it is first
//! needed, then fetched once and kept, with the parts' stylesheet
//! ([`crate::components::parts_style`]): it shows when both are in. While they load a status
//! says so; when either cannot load, an alert says why with Try again and Reload, and nothing
//! else on the page is lost.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

use crate::chunks::{ChunkError, ChunkView, Task};
use crate::components::parts_style::{PartsStyle, StyleState};

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
    // One copy of the part's machinery for every use: only this boxing is generic.
    lazy_part(
        when,
        what,
        Rc::new(move || Box::pin(load()) as Task<Result<ChunkView, ChunkError>>),
    )
}

/// [`Lazy`]'s `load`, boxed.
type LoadPart = Rc<dyn Fn() -> Task<Result<ChunkView, ChunkError>>>;

fn lazy_part(when: Signal<bool>, what: &'static str, load: LoadPart) -> impl IntoView {
    // The chunk's phase; what shows also waits for the stylesheet (`shown`).
    let phase = RwSignal::new(Phase::Waiting);
    let part = RwSignal::new(None::<ChunkView>);
    let load = StoredValue::new_local(load);
    let style = PartsStyle::use_it();
    let shown = move || match (
        phase.get(),
        style.map_or(StyleState::Loaded, PartsStyle::state),
    ) {
        (Phase::Ready, StyleState::Failed) => Phase::Failed(ChunkError::NotLoaded),
        (Phase::Ready, StyleState::NotAsked | StyleState::Loading) => Phase::Loading,
        (phase, _) => phase,
    };
    let ready = Memo::new(move |_| shown() == Phase::Ready);
    let start = move || {
        if let Some(style) = style {
            style.request();
        }
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
        if when.get() && matches!(untrack(shown), Phase::Waiting | Phase::Failed(_)) {
            start();
        }
    });
    let retry = move |_| start();
    let reload = move |_| {
        let _ = window().location().reload();
    };
    view! {
        {move || ready.get().then(|| part.get().map(|view| view.run()))}
        {move || match shown() {
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
