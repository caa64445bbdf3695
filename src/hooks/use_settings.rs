//! `use_settings`: what the user set on this device (API address, version, key), over the
//! deployment's configuration. The key stays in this tab's `sessionStorage` unless the user
//! chose to remember it on the device.

use leptos::prelude::*;

use crate::api::ApiKey;
use crate::settings::Settings;

/// The settings, the key, and how to change them.
#[derive(Clone, Copy)]
pub struct UseSettingsReturn {
    pub settings: Signal<Settings>,
    pub key: Signal<Option<ApiKey>>,
    /// Why stored settings were dropped or could not be saved, for a notice.
    pub problem: Signal<Option<String>>,
    /// Saves settings and key (the key `None` forgets it).
    pub save: Callback<(Settings, Option<ApiKey>)>,
}

/// Reads the stored settings and shares them; call once, at the top.
pub fn provide_settings() -> UseSettingsReturn {
    let loaded = load();
    let settings = RwSignal::new(loaded.settings);
    let key = RwSignal::new(loaded.key);
    let problem = RwSignal::new(loaded.problem);
    let hook = UseSettingsReturn {
        settings: settings.into(),
        key: key.into(),
        problem: problem.into(),
        save: Callback::new(move |(next, next_key): (Settings, Option<ApiKey>)| {
            problem.set((!store(&next, next_key.as_ref())).then(|| {
                "The browser refused to store the settings: they last until this page is closed."
                    .to_owned()
            }));
            settings.set(next);
            key.set(next_key);
        }),
    };
    provide_context(hook);
    hook
}

/// The app's settings; a component used on its own (in a test) gets its own.
pub fn use_settings() -> UseSettingsReturn {
    use_context::<UseSettingsReturn>().unwrap_or_else(provide_settings)
}

#[cfg(target_arch = "wasm32")]
fn load() -> crate::settings::storage::Loaded {
    use crate::settings::storage::{self, Stores, browser};
    let (local, session) = (browser::WebStore::local(), browser::WebStore::session());
    storage::load(
        &Stores {
            local: &local,
            session: &session,
        },
        browser::parse,
    )
}

#[cfg(target_arch = "wasm32")]
fn store(settings: &Settings, key: Option<&ApiKey>) -> bool {
    use crate::settings::storage::{self, Stores, browser};
    let (local, session) = (browser::WebStore::local(), browser::WebStore::session());
    storage::save(
        &Stores {
            local: &local,
            session: &session,
        },
        settings,
        key,
    )
}

// Native builds (unit tests of other modules) have no storage.
#[cfg(not(target_arch = "wasm32"))]
fn load() -> crate::settings::storage::Loaded {
    crate::settings::storage::Loaded::default()
}

#[cfg(not(target_arch = "wasm32"))]
fn store(_settings: &Settings, _key: Option<&ApiKey>) -> bool {
    true
}
