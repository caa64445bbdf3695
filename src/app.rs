//! The application shell: router, header, main landmark and footer.

use jobscope_wire::config::AppConfig;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::site_footer::SiteFooter;
use crate::components::site_header::SiteHeader;
use crate::hooks::use_time_zone::provide_time_zone;
use crate::routes::jobs::JobsPage;
use crate::routes::not_found::NotFound;

/// The whole dashboard; every route renders inside the one `main` landmark.
#[component]
pub fn App() -> impl IntoView {
    // Runtime configuration: same-origin defaults (reading `config.json` comes with deployment).
    provide_context(AppConfig::default());
    provide_time_zone();
    view! {
        <Router>
            <div class="app">
                <SiteHeader/>
                <main id="main" class="app-main">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=JobsPage/>
                    </Routes>
                </main>
                <SiteFooter/>
            </div>
        </Router>
    }
}
