//! `use_client`: the configured client of the job API in view: the deployment's
//! `config.json`, then the user's settings and key over it. A new client (another backend, a
//! changed key or version) is a new value, and whatever reads through it starts again.

use leptos::prelude::*;

use crate::api::backend::Backend;
use crate::hooks::use_backend_kind::use_page_backend_kind;
use crate::hooks::use_config::{UseConfigReturn, use_config};
use crate::hooks::use_settings::use_settings;
use crate::settings;

/// The client of the current URL's backend (inside a `<Router>`, under the app's config and
/// settings contexts).
pub fn use_client() -> Memo<Backend> {
    let UseConfigReturn { config, .. } = use_config();
    let hook = use_settings();
    let backend = use_page_backend_kind();
    Memo::new(move |_| {
        let kind = backend.get();
        let stored = hook.of(&kind);
        config.with(|config| {
            settings::backend(
                &kind,
                &config.clone().unwrap_or_default(),
                &stored.settings.get(),
                stored.key.get(),
            )
        })
    })
}
