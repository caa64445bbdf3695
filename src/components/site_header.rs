use leptos::prelude::*;

use crate::components::settings_panel::SettingsDialog;

/// The banner: product name, linking home, and the settings.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let dialog = SettingsDialog::use_it();
    view! {
        <header class="site-header">
            <a class="brand" href="./">
                <span class="brand-mark" aria-hidden="true"></span>
                "jobscope"
            </a>
            <button
                type="button"
                class="header-button open-settings"
                aria-haspopup="dialog"
                on:click=move |_| dialog.open()
            >
                "Settings"
            </button>
        </header>
    }
}
