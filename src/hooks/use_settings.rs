//! `use_settings`: what the user set on this device for each backend (API address, version,
//! key), over the deployment's configuration. A key stays in this tab's `sessionStorage`
//! unless the user chose to remember it on the device.

use jobscope_wire::config::BackendKind;
use leptos::prelude::*;

use crate::api::ApiKey;
use crate::settings::Settings;

/// One backend's settings and key.
#[derive(Clone, Copy)]
pub struct Stored {
    pub settings: Signal<Settings>,
    pub key: Signal<Option<ApiKey>>,
}

/// The settings of both backends, and how to change them.
#[derive(Clone, Copy)]
pub struct UseSettingsReturn {
    scripe: Stored,
    booper: Stored,
    /// Why stored settings were dropped or could not be saved, for a notice.
    pub problem: Signal<Option<String>>,
    /// Saves a backend's settings and key (the key `None` forgets it).
    pub save: Callback<(BackendKind, Settings, Option<ApiKey>)>,
}

impl UseSettingsReturn {
    /// The settings and key of `backend`.
    pub fn of(&self, backend: &BackendKind) -> Stored {
        match backend {
            BackendKind::Booper => self.booper,
            _ => self.scripe,
        }
    }
}

/// Reads the stored settings and shares them; call once, at the top.
pub fn provide_settings() -> UseSettingsReturn {
    let problem = RwSignal::new(None::<String>);
    let mut signals = Vec::new();
    for kind in [BackendKind::Scripe, BackendKind::Booper] {
        let loaded = load(&kind);
        if loaded.problem.is_some() {
            problem.set(loaded.problem);
        }
        signals.push((RwSignal::new(loaded.settings), RwSignal::new(loaded.key)));
    }
    let [(scripe_settings, scripe_key), (booper_settings, booper_key)] = [signals[0], signals[1]];
    let hook = UseSettingsReturn {
        scripe: Stored {
            settings: scripe_settings.into(),
            key: scripe_key.into(),
        },
        booper: Stored {
            settings: booper_settings.into(),
            key: booper_key.into(),
        },
        problem: problem.into(),
        save: Callback::new(
            move |(kind, next, next_key): (BackendKind, Settings, Option<ApiKey>)| {
                problem.set((!store(&kind, &next, next_key.as_ref())).then(|| {
                    "The browser refused to store the settings: they last until this page is closed."
                        .to_owned()
                }));
                let (settings, key) = match kind {
                    BackendKind::Booper => (booper_settings, booper_key),
                    _ => (scripe_settings, scripe_key),
                };
                settings.set(next);
                key.set(next_key);
            },
        ),
    };
    provide_context(hook);
    hook
}

/// The app's settings; a component used on its own (in a test) gets its own.
pub fn use_settings() -> UseSettingsReturn {
    use_context::<UseSettingsReturn>().unwrap_or_else(provide_settings)
}

#[cfg(target_arch = "wasm32")]
fn load(kind: &BackendKind) -> crate::settings::storage::Loaded {
    use crate::settings::storage::{self, Stores, browser};
    let (local, session) = (browser::WebStore::local(), browser::WebStore::session());
    storage::load(
        &Stores {
            local: &local,
            session: &session,
        },
        kind,
        browser::parse,
    )
}

#[cfg(target_arch = "wasm32")]
fn store(kind: &BackendKind, settings: &Settings, key: Option<&ApiKey>) -> bool {
    use crate::settings::storage::{self, Stores, browser};
    let (local, session) = (browser::WebStore::local(), browser::WebStore::session());
    storage::save(
        &Stores {
            local: &local,
            session: &session,
        },
        kind,
        settings,
        key,
    )
}

// Native builds (unit tests of other modules) have no storage.
#[cfg(not(target_arch = "wasm32"))]
fn load(_kind: &BackendKind) -> crate::settings::storage::Loaded {
    crate::settings::storage::Loaded::default()
}

#[cfg(not(target_arch = "wasm32"))]
fn store(_kind: &BackendKind, _settings: &Settings, _key: Option<&ApiKey>) -> bool {
    true
}
