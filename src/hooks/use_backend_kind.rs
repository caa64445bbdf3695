//! `use_backend_kind`: which job API is in view. It is part of the view, so of the URL
//! (`backend=booper`); without it, the deployment's `config.json` decides.

use jobscope_wire::config::BackendKind;
use leptos::prelude::*;

use crate::hooks::use_config::{UseConfigReturn, use_config};
use crate::hooks::use_filters::{first_value, use_page_query_pairs, use_query_pairs};

/// The backend of the current URL (inside a `<Router>`), for what outlives a page (the
/// settings).
pub fn use_backend_kind() -> Memo<BackendKind> {
    backend_of(use_query_pairs())
}

/// The backend of a page's URL: it keeps its value while the router leaves the page
/// ([`use_page_query_pairs`]).
pub fn use_page_backend_kind() -> Memo<BackendKind> {
    backend_of(use_page_query_pairs())
}

fn backend_of(query: Memo<Vec<(String, String)>>) -> Memo<BackendKind> {
    let UseConfigReturn { config, .. } = use_config();
    Memo::new(move |_| {
        query
            .with(|query| first_value(query, "backend").and_then(BackendKind::known))
            .unwrap_or_else(|| {
                config.with(|config| {
                    config
                        .as_ref()
                        .map_or(BackendKind::Scripe, |config| config.backend.clone())
                })
            })
    })
}
