//! `use_element_height`: an element's inner height, kept current by a `ResizeObserver`.
//!
//! In place of leptos-use's `use_element_size`: that hook also measures SVG elements, which
//! pulls a float parser and its tables (22 KB gzip, measured with twiggy, issue 16) into the
//! first screen's module; the list only needs one `<div>`'s height.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;

/// The element's `clientHeight` in CSS px (0 until it is mounted): its content box plus
/// padding, which for the list's viewport (no padding, no horizontal scrollbar) is the height
/// rows can fill.
pub fn use_element_height(target: NodeRef<Div>) -> Signal<f64> {
    let height = RwSignal::new(0.0_f64);
    // The observer and its callback live as long as the component; dropped on cleanup.
    let observer = StoredValue::new_local(None::<Observer>);
    Effect::new(move |_| {
        let Some(element) = target.get() else {
            return;
        };
        let measured = element.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            height.set(f64::from(measured.client_height()));
        });
        let Ok(resize) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
            return;
        };
        resize.observe(&element);
        height.set(f64::from(element.client_height()));
        let previous = observer.try_update_value(|slot| {
            slot.replace(Observer {
                resize,
                _callback: callback,
            })
        });
        if let Some(Some(previous)) = previous {
            previous.resize.disconnect();
        }
    });
    on_cleanup(move || {
        if let Some(observer) = observer.try_update_value(Option::take).flatten() {
            observer.resize.disconnect();
        }
    });
    height.into()
}

struct Observer {
    resize: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}
