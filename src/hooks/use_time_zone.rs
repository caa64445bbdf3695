//! The time zone people enter (and read) dates in, the browser's or UTC: a choice remembered
//! on this device through [`use_remembered`](crate::hooks::use_remembered) (`Zone`).

use crate::filters::dates::Zone;
use crate::hooks::use_remembered::Remembered;

/// Where the choice is remembered (`localStorage`).
pub const STORAGE_KEY: &str = <Zone as Remembered>::STORAGE_KEY;

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
