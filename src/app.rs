//! The application shell: router, header, main landmark and footer.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::chunks;
use crate::components::lazy::Lazy;
use crate::components::parts_style::{PartsStyle, PartsStylesheet};
use crate::components::settings_panel::SettingsDialog;
use crate::components::site_footer::SiteFooter;
use crate::components::site_header::SiteHeader;
use crate::feed::RefreshInterval;
use crate::filters::dates::Zone;
use crate::format::TimeDisplay;
use crate::hooks::use_config::{UseConfigReturn, provide_config};
use crate::hooks::use_remembered::provide_remembered;
use crate::hooks::use_settings::provide_settings;
use crate::routes::insights::InsightsRoute;
use crate::routes::jobs::JobsPage;
use crate::routes::not_found::NotFound;

/// The whole dashboard; every route renders inside the one `main` landmark.
#[component]
pub fn App() -> impl IntoView {
    // `config.json` (read once), then the user's settings over it.
    let UseConfigReturn { problem, .. } = provide_config();
    let settings = provide_settings();
    let SettingsDialog(settings_open) = SettingsDialog::provide();
    let parts_style = PartsStyle::provide();
    provide_remembered::<Zone>();
    provide_remembered::<TimeDisplay>();
    provide_remembered::<RefreshInterval>();
    let notices = Signal::derive(move || {
        [problem.get(), settings.problem.get()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
    });
    view! {
        <Router base=crate::base::router_base()>
            <div class="app">
                <PartsStylesheet style=parts_style/>
                <SiteHeader/>
                <Lazy when=settings_open what="the settings" load=chunks::settings/>
                <main id="main" class="app-main">
                    <For each=move || notices.get() key=String::clone let(notice)>
                        <p class="notice app-notice" role="status">{notice}</p>
                    </For>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=JobsPage/>
                        <Route path=path!("/insights") view=InsightsRoute/>
                    </Routes>
                </main>
                <SiteFooter/>
            </div>
        </Router>
    }
}
