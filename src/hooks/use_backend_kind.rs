//! `use_backend_kind`: which job API is in view. It is part of the view, so of the URL
//! (`backend=booper`); without it, the deployment's `config.json` decides.

use jobscope_wire::config::BackendKind;
use leptos::prelude::*;

use crate::hooks::use_config::{UseConfigReturn, use_config};
use crate::hooks::use_filters::{pairs, use_query_pairs};

/// The backend of the current URL (inside a `<Router>`).
pub fn use_backend_kind() -> Memo<BackendKind> {
    let UseConfigReturn { config, .. } = use_config();
    let query = use_query_pairs();
    Memo::new(move |_| {
        query
            .with(|query| {
                pairs(query)
                    .find(|(name, _)| *name == "backend")
                    .and_then(|(_, value)| BackendKind::known(value))
            })
            .unwrap_or_else(|| {
                config.with(|config| {
                    config
                        .as_ref()
                        .map_or(BackendKind::Scripe, |config| config.backend.clone())
                })
            })
    })
}
