use leptos::prelude::*;

/// The content info: product version, so bug reports can name the build.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"jobscope v" {crate::VERSION}</p>
        </footer>
    }
}
