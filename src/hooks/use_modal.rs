//! `use_modal`: keeps a native `<dialog>` shown as a modal exactly while `open` holds (focus
//! trapped inside, Escape closes it, the page behind inert).

use leptos::html::Dialog;
use leptos::prelude::*;

pub fn use_modal(dialog: NodeRef<Dialog>, open: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let open = open();
        let Some(element) = dialog.get() else { return };
        if open && !element.open() {
            let _ = element.show_modal();
        } else if !open && element.open() {
            element.close();
        }
    });
}
