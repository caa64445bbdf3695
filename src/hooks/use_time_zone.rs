//! `use_time_zone`: the zone people enter (and read) dates in, the browser's or UTC,
//! remembered on this device. One choice for the whole app, shared through context.

use leptos::prelude::*;

use crate::filters::dates::Zone;

/// Where the choice is remembered (`localStorage`).
pub const STORAGE_KEY: &str = "jobscope.timeZone";

/// The zone, and how to change it.
#[derive(Clone, Copy)]
pub struct UseTimeZoneReturn {
    pub zone: Signal<Zone>,
    /// Switches the zone and remembers it (when storage is available).
    pub set_zone: Callback<Zone>,
}

/// Makes the remembered choice (or the browser's zone) the app's; call once, at the top.
pub fn provide_time_zone() -> UseTimeZoneReturn {
    let zone = RwSignal::new(stored().unwrap_or_default());
    let hook = UseTimeZoneReturn {
        zone: zone.into(),
        set_zone: Callback::new(move |choice: Zone| {
            zone.set(choice);
            store(choice);
        }),
    };
    provide_context(hook);
    hook
}

/// The app's zone; a component used on its own (in a test) gets a fresh one.
pub fn use_time_zone() -> UseTimeZoneReturn {
    use_context::<UseTimeZoneReturn>().unwrap_or_else(provide_time_zone)
}

/// The browser's zone name ("Europe/Berlin"), to label the local choice.
pub fn local_zone_name() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
            .ok()
            .and_then(|name| name.as_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

// Storage can be missing or refuse (private windows, quotas): the choice then lasts the visit.
fn stored() -> Option<Zone> {
    let storage = web_sys::window()?.local_storage().ok()??;
    Zone::from_key(&storage.get_item(STORAGE_KEY).ok()??)
}

fn store(zone: Zone) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(STORAGE_KEY, zone.key());
    }
}
