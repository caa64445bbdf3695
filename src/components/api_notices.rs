//! What the API says about the connection itself, with the one action that fixes it: a
//! deprecated version (switch to its replacement), an unsupported one (pick an accepted
//! version), a missing or refused key (open the settings).

use jobscope_wire::config::BackendKind;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::api::scripe::Deprecation;
use crate::components::settings_panel::SettingsDialog;
use crate::hooks::use_settings::use_settings;
use crate::settings::Settings;

/// Saves `version` as the Scripe API version to use (keeps the key and the rest).
fn use_version_switch() -> Callback<String> {
    let hook = use_settings();
    Callback::new(move |version: String| {
        let stored = hook.of(&BackendKind::Scripe);
        let next = Settings {
            api_version: Some(version),
            ..stored.settings.get_untracked()
        };
        hook.save
            .run((BackendKind::Scripe, next, stored.key.get_untracked()));
    })
}

/// A non-blocking banner while the API version in use is deprecated.
#[component]
pub fn DeprecationNotice(
    deprecation: Signal<Option<Deprecation>>,
    /// The version the dashboard sends.
    version: Signal<String>,
) -> impl IntoView {
    let switch = use_version_switch();
    let text = move || {
        deprecation.with(|notice| {
            let notice = notice.as_ref()?;
            let when = notice
                .sunset
                .as_deref()
                .map_or_else(|| "soon".to_owned(), |date| format!("on {date}"));
            Some(format!(
                "API version {} is deprecated: the API stops accepting it {when}.",
                version.get()
            ))
        })
    };
    view! {
        <Show when=move || deprecation.with(Option::is_some)>
            <div class="notice deprecation-notice" role="status">
                <p>{text}</p>
                {move || {
                    deprecation
                        .get()
                        .and_then(|notice| notice.replacement)
                        .map(|replacement| {
                            let label = format!("Switch to {replacement}");
                            view! {
                                <button
                                    type="button"
                                    class="button-secondary"
                                    on:click=move |_| switch.run(replacement.clone())
                                >
                                    {label}
                                </button>
                            }
                        })
                }}
            </div>
        </Show>
    }
}

/// The buttons that go with an error: accepted versions to switch to, the settings, or a
/// reload when the app's own code is missing.
#[component]
pub fn ErrorActions(error: ApiError) -> impl IntoView {
    let switch = use_version_switch();
    let dialog = SettingsDialog::use_it();
    match error {
        ApiError::VersionUnsupported { accepted } => accepted
            .into_iter()
            .map(|version| {
                let label = format!("Use version {version}");
                view! {
                    <button
                        type="button"
                        class="button-secondary switch-version"
                        on:click=move |_| switch.run(version.clone())
                    >
                        {label}
                    </button>
                }
            })
            .collect_view()
            .into_any(),
        ApiError::Http {
            status: 401 | 403, ..
        } => view! {
            <button type="button" class="button-secondary" on:click=move |_| dialog.open()>
                "Open settings"
            </button>
        }
        .into_any(),
        // Trying again may be enough (offline); after a deploy only a reload helps.
        ApiError::CodeMissing => view! {
            <button
                type="button"
                class="button-secondary"
                on:click=move |_| {
                    let _ = window().location().reload();
                }
            >
                "Reload jobscope"
            </button>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
