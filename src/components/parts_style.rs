//! The stylesheet of the parts a click away (`style/parts.css`: the settings, the job drawer,
//! the dialogs, Insights). It is not on the first screen: [`PartsStylesheet`] adds its `<link>`
//! when a part is first needed ([`Lazy`](crate::components::lazy::Lazy) asks) or when the
//! browser is idle ([`crate::chunks::prefetch`]). A part shows once both its chunk and this
//! stylesheet are in, so it never flashes unstyled.
//!
//! A `<link rel="stylesheet">` is allowed in the body (HTML's "body-ok") and by the policy's
//! `style-src 'self'`; it needs no DOM call that the main module does not already make.

use leptos::prelude::*;

/// The stylesheet's URL, relative to the page like `config.json`'s: `parts-<16 hex>.css`,
/// named by its content hash at compile time (`build.rs`). The build writes the file under
/// that name (`xtask/src/parts_css.rs`), so hosts may cache it as immutable.
pub const HREF: &str = env!("JOBSCOPE_PARTS_CSS");

/// Where the stylesheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleState {
    /// No part was needed yet.
    NotAsked,
    Loading,
    Loaded,
    /// It could not be fetched (offline, or a newer deploy replaced the files); asked again
    /// the next time a part is needed.
    Failed,
}

/// The app's handle on the stylesheet, shared as a context by the shell.
#[derive(Debug, Clone, Copy)]
pub struct PartsStyle {
    state: RwSignal<StyleState>,
}

impl PartsStyle {
    /// Shares a handle on the not yet fetched stylesheet; call once, at the top, and draw
    /// [`PartsStylesheet`] with it.
    pub fn provide() -> Self {
        let style = Self {
            state: RwSignal::new(StyleState::NotAsked),
        };
        provide_context(style);
        style
    }

    /// The app's handle; `None` for a part drawn outside the app (a component's test), which
    /// then needs no stylesheet.
    pub fn use_it() -> Option<Self> {
        use_context()
    }

    /// Asks for the stylesheet: the first time, or again after it failed. Does nothing while
    /// it loads or once it is in.
    pub fn request(self) {
        if matches!(
            self.state.get_untracked(),
            StyleState::NotAsked | StyleState::Failed
        ) {
            self.state.set(StyleState::Loading);
        }
    }

    /// Where it is (tracked).
    pub fn state(self) -> StyleState {
        self.state.get()
    }
}

/// The stylesheet's `<link>` while it loads and once it is in. A failed one is taken out, so
/// the next request is a new element, which fetches it again (one kept with the same `href`
/// would not).
#[component]
pub fn PartsStylesheet(style: PartsStyle) -> impl IntoView {
    let PartsStyle { state } = style;
    // Drawn again only when it comes or goes: redrawing the element on its own `load` made
    // WebKit load it again, and again (a loop of ~150 loads a second).
    let present =
        Memo::new(move |_| matches!(state.get(), StyleState::Loading | StyleState::Loaded));
    move || {
        present.get().then(|| {
            view! {
                <link
                    rel="stylesheet"
                    href=HREF
                    on:load=move |_| state.set(StyleState::Loaded)
                    on:error=move |_| state.set(StyleState::Failed)
                />
            }
        })
    }
}
