//! `use_time_zone`: the zone people enter (and read) dates in, the browser's or UTC,
//! remembered on this device. One choice for the whole app, shared through context.

use leptos::prelude::*;

use crate::filters::dates::Zone;
use crate::hooks::use_remembered::{Remembered, provide_remembered, use_remembered};

/// Where the choice is remembered (`localStorage`).
pub const STORAGE_KEY: &str = <Zone as Remembered>::STORAGE_KEY;

/// The zone, and how to change it.
#[derive(Clone, Copy)]
pub struct UseTimeZoneReturn {
    pub zone: Signal<Zone>,
    /// Switches the zone and remembers it (when storage is available).
    pub set_zone: Callback<Zone>,
}

/// Makes the remembered choice (or the browser's zone) the app's; call once, at the top.
pub fn provide_time_zone() -> UseTimeZoneReturn {
    let hook = provide_remembered::<Zone>();
    UseTimeZoneReturn {
        zone: hook.value,
        set_zone: hook.set,
    }
}

/// The app's zone; a component used on its own (in a test) gets a fresh one.
pub fn use_time_zone() -> UseTimeZoneReturn {
    let hook = use_remembered::<Zone>();
    UseTimeZoneReturn {
        zone: hook.value,
        set_zone: hook.set,
    }
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
