use leptos::prelude::*;

/// The banner: product name, linking home.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true"></span>
                "jobscope"
            </a>
        </header>
    }
}
