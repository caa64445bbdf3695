use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::settings_panel::SettingsDialog;

/// The banner: product name, linking home, the pages (the list, Insights), and the settings.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let dialog = SettingsDialog::use_it();
    // Plain links (the router follows them): `aria-current` names the page in view.
    let pathname = use_location().pathname;
    let on_insights = Memo::new(move |_| pathname.with(|path| path.ends_with("/insights")));
    let current = move |insights: bool| move || (on_insights.get() == insights).then_some("page");
    view! {
        <header class="site-header">
            <a class="brand" href="./">
                <span class="brand-mark" aria-hidden="true"></span>
                "jobscope"
            </a>
            <nav class="site-nav" aria-label="Pages">
                <a href="./" aria-current=current(false)>"Jobs"</a>
                // Its page is a chunk, fetched when the browser is idle (`chunks::prefetch`).
                <a href="./insights" aria-current=current(true)>"Insights"</a>
            </nav>
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
