//! The user's settings and API keys in the browser's storage. Settings (no secrets) live in
//! `localStorage`; a key lives in `sessionStorage` (this tab only) unless the user opted in to
//! `localStorage`, and is removed from the other store whenever it is saved.

use jobscope_wire::config::BackendKind;
use serde_json::Value;

use super::Settings;
use crate::api::ApiKey;

/// Where a backend's settings are kept: `jobscope.settings.scripe`.
pub fn settings_key(backend: &BackendKind) -> String {
    format!("jobscope.settings.{}", backend.as_str())
}

/// Where a backend's key is kept (in one of the two stores): `jobscope.apiKey.scripe`.
pub fn api_key_key(backend: &BackendKind) -> String {
    format!("jobscope.apiKey.{}", backend.as_str())
}

/// One of the browser's stores, or a test's.
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    /// False when the store refused (full, disabled, private mode).
    fn set(&self, key: &str, value: &str) -> bool;
    fn remove(&self, key: &str);
}

/// Both stores.
pub struct Stores<'a> {
    pub local: &'a dyn Store,
    pub session: &'a dyn Store,
}

/// What was stored, and a sentence when something stored could not be used.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    pub settings: Settings,
    pub key: Option<ApiKey>,
    pub problem: Option<String>,
}

/// Reads the settings and the key; anything unreadable is dropped (and said), never fatal.
/// `parse` turns stored text into JSON (the browser's `JSON.parse` in the app).
pub fn load(
    stores: &Stores<'_>,
    backend: &BackendKind,
    parse: impl Fn(&str) -> Option<Value>,
) -> Loaded {
    let (settings_key, api_key_key) = (settings_key(backend), api_key_key(backend));
    let mut loaded = Loaded::default();
    if let Some(text) = stores.local.get(&settings_key) {
        match parse(&text).and_then(|value| serde_json::from_value::<Settings>(value).ok()) {
            Some(settings) => loaded.settings = settings,
            None => {
                stores.local.remove(&settings_key);
                loaded.problem =
                    Some("Saved settings could not be read and were reset.".to_owned());
            }
        }
    }
    let stored = if loaded.settings.remember_key {
        stores.local.get(&api_key_key)
    } else {
        stores.session.get(&api_key_key)
    };
    loaded.key = stored.as_deref().and_then(ApiKey::new);
    loaded
}

/// Saves the settings and the key where the user chose; `false` when a store refused (the
/// values then last only as long as the page).
pub fn save(
    stores: &Stores<'_>,
    backend: &BackendKind,
    settings: &Settings,
    key: Option<&ApiKey>,
) -> bool {
    let api_key_key = api_key_key(backend);
    let text = serde_json::to_string(settings).unwrap_or_default();
    let mut stored = stores.local.set(&settings_key(backend), &text);
    let (chosen, other) = if settings.remember_key {
        (stores.local, stores.session)
    } else {
        (stores.session, stores.local)
    };
    other.remove(&api_key_key);
    match key {
        Some(key) => stored &= chosen.set(&api_key_key, key.expose()),
        None => chosen.remove(&api_key_key),
    }
    stored
}

/// The browser's stores; a missing one (storage disabled) is a store that keeps nothing.
#[cfg(target_arch = "wasm32")]
pub mod browser {
    use super::Store;

    pub struct WebStore(pub Option<web_sys::Storage>);

    impl WebStore {
        pub fn local() -> Self {
            Self(web_sys::window().and_then(|w| w.local_storage().ok().flatten()))
        }

        pub fn session() -> Self {
            Self(web_sys::window().and_then(|w| w.session_storage().ok().flatten()))
        }
    }

    impl Store for WebStore {
        fn get(&self, key: &str) -> Option<String> {
            self.0.as_ref()?.get_item(key).ok().flatten()
        }

        fn set(&self, key: &str, value: &str) -> bool {
            self.0
                .as_ref()
                .is_some_and(|s| s.set_item(key, value).is_ok())
        }

        fn remove(&self, key: &str) {
            if let Some(storage) = &self.0 {
                let _ = storage.remove_item(key);
            }
        }
    }

    /// Stored text as JSON, by the browser's parser.
    pub fn parse(text: &str) -> Option<serde_json::Value> {
        let value = js_sys::JSON::parse(text).ok()?;
        serde_wasm_bindgen::from_value(value).ok()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use super::*;

    const SCRIPE: BackendKind = BackendKind::Scripe;

    fn keys() -> (String, String) {
        (settings_key(&SCRIPE), api_key_key(&SCRIPE))
    }

    #[derive(Default)]
    struct Memory {
        items: RefCell<HashMap<String, String>>,
        full: bool,
    }

    impl Store for Memory {
        fn get(&self, key: &str) -> Option<String> {
            self.items.borrow().get(key).cloned()
        }
        fn set(&self, key: &str, value: &str) -> bool {
            if !self.full {
                self.items
                    .borrow_mut()
                    .insert(key.to_owned(), value.to_owned());
            }
            !self.full
        }
        fn remove(&self, key: &str) {
            self.items.borrow_mut().remove(key);
        }
    }

    fn parse(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok()
    }

    #[test]
    fn the_key_stays_in_the_tab_unless_remembered() {
        let (local, session) = (Memory::default(), Memory::default());
        let stores = Stores {
            local: &local,
            session: &session,
        };
        let key = ApiKey::new("scripe_sk_test_abc");
        let tab_only = Settings::default();
        assert!(save(&stores, &SCRIPE, &tab_only, key.as_ref()));
        assert_eq!(
            session.get(&keys().1).as_deref(),
            Some("scripe_sk_test_abc")
        );
        assert_eq!(local.get(&keys().1), None);
        assert!(
            !local.get(&keys().0).unwrap().contains("scripe_sk"),
            "no key among the settings"
        );
        assert_eq!(load(&stores, &SCRIPE, parse).key, key);

        let remembered = Settings {
            remember_key: true,
            ..Settings::default()
        };
        assert!(save(&stores, &SCRIPE, &remembered, key.as_ref()));
        assert_eq!(local.get(&keys().1).as_deref(), Some("scripe_sk_test_abc"));
        assert_eq!(session.get(&keys().1), None, "moved, not copied");
        let loaded = load(&stores, &SCRIPE, parse);
        assert_eq!((loaded.settings, loaded.key), (remembered.clone(), key));

        // Forgetting the key removes it from both stores.
        assert!(save(&stores, &SCRIPE, &remembered, None));
        assert_eq!((local.get(&keys().1), session.get(&keys().1)), (None, None));
    }

    #[test]
    fn each_backend_has_its_own_settings_and_key() {
        let (local, session) = (Memory::default(), Memory::default());
        let stores = Stores {
            local: &local,
            session: &session,
        };
        let booper = BackendKind::Booper;
        assert_eq!(api_key_key(&booper), "jobscope.apiKey.booper");
        assert!(save(
            &stores,
            &booper,
            &Settings::default(),
            ApiKey::new("booper_key").as_ref()
        ));
        assert_eq!(load(&stores, &SCRIPE, parse).key, None);
        assert_eq!(load(&stores, &booper, parse).key, ApiKey::new("booper_key"));
    }

    #[test]
    fn unreadable_settings_are_reset_with_a_sentence() {
        let (local, session) = (Memory::default(), Memory::default());
        local.set(&keys().0, "{not json");
        session.set(&keys().1, "   ");
        let stores = Stores {
            local: &local,
            session: &session,
        };
        let loaded = load(&stores, &SCRIPE, parse);
        assert_eq!(loaded.settings, Settings::default());
        assert_eq!(loaded.key, None);
        assert!(loaded.problem.unwrap().contains("reset"));
        assert_eq!(local.get(&keys().0), None);
        local.set(&keys().0, r#"{"baseUrl": 5}"#);
        assert!(load(&stores, &SCRIPE, parse).problem.is_some());
    }

    #[test]
    fn a_refusing_store_is_reported() {
        let (local, session) = (
            Memory {
                full: true,
                ..Memory::default()
            },
            Memory::default(),
        );
        let stores = Stores {
            local: &local,
            session: &session,
        };
        assert!(!save(&stores, &SCRIPE, &Settings::default(), None));
        assert!(save(
            &Stores {
                local: &session,
                session: &session
            },
            &SCRIPE,
            &Settings::default(),
            None
        ));
    }
}
