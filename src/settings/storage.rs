//! The user's settings and API keys in the browser's storage. Settings (no secrets) live in
//! `localStorage`; a key lives in `sessionStorage` (this tab only) unless the user opted in to
//! `localStorage`, and is removed from the other store whenever it is saved.

use serde_json::Value;

use super::Settings;
use crate::api::ApiKey;

/// Where the settings are kept.
pub const SETTINGS_KEY: &str = "jobscope.settings.scripe";
/// Where the key is kept (in one of the two stores).
pub const API_KEY_KEY: &str = "jobscope.apiKey.scripe";

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
pub fn load(stores: &Stores<'_>, parse: impl Fn(&str) -> Option<Value>) -> Loaded {
    let mut loaded = Loaded::default();
    if let Some(text) = stores.local.get(SETTINGS_KEY) {
        match parse(&text).and_then(|value| serde_json::from_value::<Settings>(value).ok()) {
            Some(settings) => loaded.settings = settings,
            None => {
                stores.local.remove(SETTINGS_KEY);
                loaded.problem =
                    Some("Saved settings could not be read and were reset.".to_owned());
            }
        }
    }
    let stored = if loaded.settings.remember_key {
        stores.local.get(API_KEY_KEY)
    } else {
        stores.session.get(API_KEY_KEY)
    };
    loaded.key = stored.as_deref().and_then(ApiKey::new);
    loaded
}

/// Saves the settings and the key where the user chose; `false` when a store refused (the
/// values then last only as long as the page).
pub fn save(stores: &Stores<'_>, settings: &Settings, key: Option<&ApiKey>) -> bool {
    let text = serde_json::to_string(settings).unwrap_or_default();
    let mut stored = stores.local.set(SETTINGS_KEY, &text);
    let (chosen, other) = if settings.remember_key {
        (stores.local, stores.session)
    } else {
        (stores.session, stores.local)
    };
    other.remove(API_KEY_KEY);
    match key {
        Some(key) => stored &= chosen.set(API_KEY_KEY, key.expose()),
        None => chosen.remove(API_KEY_KEY),
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
        assert!(save(&stores, &tab_only, key.as_ref()));
        assert_eq!(
            session.get(API_KEY_KEY).as_deref(),
            Some("scripe_sk_test_abc")
        );
        assert_eq!(local.get(API_KEY_KEY), None);
        assert!(
            !local.get(SETTINGS_KEY).unwrap().contains("scripe_sk"),
            "no key among the settings"
        );
        assert_eq!(load(&stores, parse).key, key);

        let remembered = Settings {
            remember_key: true,
            ..Settings::default()
        };
        assert!(save(&stores, &remembered, key.as_ref()));
        assert_eq!(
            local.get(API_KEY_KEY).as_deref(),
            Some("scripe_sk_test_abc")
        );
        assert_eq!(session.get(API_KEY_KEY), None, "moved, not copied");
        let loaded = load(&stores, parse);
        assert_eq!((loaded.settings, loaded.key), (remembered.clone(), key));

        // Forgetting the key removes it from both stores.
        assert!(save(&stores, &remembered, None));
        assert_eq!(
            (local.get(API_KEY_KEY), session.get(API_KEY_KEY)),
            (None, None)
        );
    }

    #[test]
    fn unreadable_settings_are_reset_with_a_sentence() {
        let (local, session) = (Memory::default(), Memory::default());
        local.set(SETTINGS_KEY, "{not json");
        session.set(API_KEY_KEY, "   ");
        let stores = Stores {
            local: &local,
            session: &session,
        };
        let loaded = load(&stores, parse);
        assert_eq!(loaded.settings, Settings::default());
        assert_eq!(loaded.key, None);
        assert!(loaded.problem.unwrap().contains("reset"));
        assert_eq!(local.get(SETTINGS_KEY), None);
        local.set(SETTINGS_KEY, r#"{"baseUrl": 5}"#);
        assert!(load(&stores, parse).problem.is_some());
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
        assert!(!save(&stores, &Settings::default(), None));
        assert!(save(
            &Stores {
                local: &session,
                session: &session
            },
            &Settings::default(),
            None
        ));
    }
}
