//! `use_remembered`: a choice of one from a few (time zone, time display, refresh interval)
//! kept in `localStorage`, shared by the whole app through context.

use leptos::prelude::*;

use crate::feed::RefreshInterval;
use crate::filters::dates::Zone;
use crate::format::TimeDisplay;

/// A choice that can be remembered on this device.
pub trait Remembered: Copy + Default + PartialEq + Send + Sync + 'static {
    /// Its `localStorage` key.
    const STORAGE_KEY: &'static str;
    /// Every choice, in the order offered.
    const ALL: &'static [Self];
    /// How it is stored and named in `<option>` values.
    fn key(self) -> &'static str;
    fn label(self) -> &'static str;

    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|choice| choice.key() == key)
    }
}

/// One `Remembered` impl from the type's own `ALL`, `key` and `label`.
macro_rules! remembered {
    ($type:ty, $storage:literal) => {
        impl Remembered for $type {
            const STORAGE_KEY: &'static str = $storage;
            const ALL: &'static [Self] = &<$type>::ALL;
            fn key(self) -> &'static str {
                <$type>::key(self)
            }
            fn label(self) -> &'static str {
                <$type>::label(self)
            }
        }
    };
}

remembered!(Zone, "jobscope.timeZone");
remembered!(TimeDisplay, "jobscope.timeDisplay");
remembered!(RefreshInterval, "jobscope.refreshInterval");

/// The choice, and how to change it.
pub struct UseRememberedReturn<T: Remembered> {
    pub value: Signal<T>,
    /// Switches and remembers (when storage is available).
    pub set: Callback<T>,
    /// A deployment's default (`config.json`): taken unless this device remembers a choice.
    pub suggest: Callback<T>,
}

impl<T: Remembered> Clone for UseRememberedReturn<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Remembered> Copy for UseRememberedReturn<T> {}

/// Makes the remembered choice (or the default) the app's; call once, at the top.
pub fn provide_remembered<T: Remembered>() -> UseRememberedReturn<T> {
    let hook = remembered();
    provide_context(hook);
    hook
}

/// The app's choice; a component used on its own (in a test) gets one of its own.
pub fn use_remembered<T: Remembered>() -> UseRememberedReturn<T> {
    use_context::<UseRememberedReturn<T>>().unwrap_or_else(remembered)
}

fn remembered<T: Remembered>() -> UseRememberedReturn<T> {
    let value = RwSignal::new(stored::<T>().unwrap_or_default());
    UseRememberedReturn {
        value: value.into(),
        set: Callback::new(move |choice: T| {
            value.set(choice);
            store(choice);
        }),
        suggest: Callback::new(move |choice: T| {
            if stored::<T>().is_none() {
                value.set(choice);
            }
        }),
    }
}

// Storage can be missing or refuse (private windows, quotas): the choice then lasts the visit,
// and an unknown stored value reads as the default.
fn stored<T: Remembered>() -> Option<T> {
    let storage = web_sys::window()?.local_storage().ok()??;
    <T as Remembered>::from_key(&storage.get_item(T::STORAGE_KEY).ok()??)
}

fn store<T: Remembered>(choice: T) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(T::STORAGE_KEY, choice.key());
    }
}
