//! The settings dialog: API address, API key (this tab only, or remembered on the device
//! after a warning), API version, and "Test connection". A native modal `<dialog>`: focus
//! stays inside, Escape closes it, and focus returns to what opened it.

use jobscope_wire::config::BackendKind;
use leptos::html::{Dialog, Input};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use web_sys::AbortController;

use crate::api::ApiKey;
use crate::filters::Filters;
use crate::hooks::use_backend_kind::use_backend_kind;
use crate::hooks::use_config::{UseConfigReturn, use_config};
use crate::hooks::use_modal::use_modal;
use crate::hooks::use_settings::{Stored, use_settings};
use crate::settings::{self, Settings};

/// Opens and closes the settings dialog from anywhere (the header, an error asking for a key).
#[derive(Clone, Copy)]
pub struct SettingsDialog(pub RwSignal<bool>);

impl SettingsDialog {
    /// Shares a closed dialog's switch; call once, at the top.
    pub fn provide() -> Self {
        let dialog = Self(RwSignal::new(false));
        provide_context(dialog);
        dialog
    }

    /// The app's switch (a fresh one for a component used on its own).
    pub fn use_it() -> Self {
        use_context::<Self>().unwrap_or_else(Self::provide)
    }

    pub fn open(self) {
        self.0.set(true);
    }
}

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let SettingsDialog(open) = SettingsDialog::use_it();
    // The form edits the settings of the backend in view.
    let active = use_backend_kind();
    use_modal(dialog, move || open.get());
    view! {
        <dialog
            class="settings"
            node_ref=dialog
            aria-labelledby="settings-title"
            // Escape and the close button both end here.
            on:close=move |_| open.set(false)
        >
            <Show when=move || open.get()>
                // Drawn again for the other backend when the user switches.
                {move || {
                    let kind = active.get();
                    view! { <SettingsForm kind close=Callback::new(move |()| open.set(false))/> }
                }}
            </Show>
        </dialog>
    }
}

/// The form, drawn afresh each time the dialog opens, from the saved settings.
#[component]
fn SettingsForm(kind: BackendKind, close: Callback<()>) -> impl IntoView {
    let hook = use_settings();
    let Stored { settings, key } = hook.of(&kind);
    let save = hook.save;
    let UseConfigReturn { config, .. } = use_config();
    let saved = settings.get_untracked();
    let saved_key = key.get_untracked();
    let configured = config.get_untracked().unwrap_or_default();
    let default_base = settings::backend(&kind, &configured, &Settings::default(), None)
        .base_url()
        .to_owned();
    let is_scripe = kind == BackendKind::Scripe;
    let (save_kind, test_kind) = (kind.clone(), kind);
    let navigate = StoredValue::new_local(use_navigate());
    let location = use_location();
    // Another API: the list shows it (its own filters), and the form its settings.
    let switch_backend = move |event| {
        let Some(next) = BackendKind::known(&event_target_value(&event)) else {
            return;
        };
        let url = format!(
            "{}?backend={}",
            location.pathname.get_untracked(),
            next.as_str()
        );
        navigate.with_value(|navigate| {
            navigate(
                &url,
                NavigateOptions {
                    resolve: false,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        });
    };

    let base_url = NodeRef::<Input>::new();
    let key_input = NodeRef::<Input>::new();
    let version = NodeRef::<Input>::new();
    let remember = RwSignal::new(saved.remember_key);
    let show_key = RwSignal::new(false);
    let forget = RwSignal::new(false);
    let typed_live = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<(bool, String)>);
    let testing = StoredValue::new_local(None::<AbortController>);
    on_cleanup(move || {
        if let Some(Some(controller)) = testing.try_get_value() {
            controller.abort();
        }
    });

    let saved_live = saved_key.as_ref().is_some_and(ApiKey::is_live_secret);
    let key_hint = saved_key.as_ref().map(ApiKey::hint);
    let has_saved_key = saved_key.is_some();

    // The form's values: settings checked, and the key (typed, else the saved one unless
    // the user asked to forget it).
    let read = move || -> Result<(Settings, Option<ApiKey>), String> {
        let value =
            |input: NodeRef<Input>| input.get_untracked().map(|i| i.value()).unwrap_or_default();
        let next = Settings::from_form(&value(base_url), &value(version), remember.get_untracked())
            .map_err(|err| err.to_string())?;
        let typed = ApiKey::new(&value(key_input));
        let key = typed.or_else(|| {
            if forget.get_untracked() {
                None
            } else {
                key.get_untracked()
            }
        });
        Ok((next, key))
    };

    let on_save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match read() {
            Ok(values) => {
                error.set(None);
                save.run((save_kind.clone(), values.0, values.1));
                close.run(());
            }
            Err(message) => error.set(Some(message)),
        }
    };

    let on_test = move |_| {
        let (next, test_key) = match read() {
            Ok(values) => values,
            Err(message) => {
                error.set(Some(message));
                return;
            }
        };
        error.set(None);
        let config = config.get_untracked().unwrap_or_default();
        let client = settings::backend(&test_kind, &config, &next, test_key);
        let Ok(controller) = AbortController::new() else {
            return;
        };
        if let Some(Some(previous)) = testing.try_get_value() {
            previous.abort();
        }
        testing.set_value(Some(controller.clone()));
        report.set(Some((true, "Testing…".to_owned())));
        leptos::task::spawn_local(async move {
            let result = client
                .list(&Filters::default(), None, &controller)
                .await
                .map(|_| ());
            if result == Err(crate::api::ApiError::Aborted) {
                return;
            }
            report.try_set(Some(settings::connection_report(
                &result,
                client.base_url(),
            )));
        });
    };

    view! {
        <form class="settings-form" on:submit=on_save novalidate>
            <h2 id="settings-title">"Settings"</h2>
            <p class="muted">"Stored in this browser only. jobscope has no server of its own."</p>

            <label class="field" for="settings-backend">
                <span class="field-label">"Job API"</span>
                <select id="settings-backend" name="backend" on:change=switch_backend>
                    <option value="scripe" selected=is_scripe>"Scripe jobs"</option>
                    <option value="booper" selected=!is_scripe>"Booper scheduler"</option>
                </select>
            </label>

            <label class="field" for="settings-base-url">
                <span class="field-label">"API address"</span>
                <input
                    id="settings-base-url"
                    name="baseUrl"
                    type="text"
                    inputmode="url"
                    autocomplete="off"
                    spellcheck="false"
                    node_ref=base_url
                    value=saved.base_url.clone().unwrap_or_default()
                    placeholder=default_base.clone()
                    aria-describedby="settings-base-url-help"
                />
            </label>
            <p id="settings-base-url-help" class="field-help">
                "Empty: " {default_base.clone()} " (this deployment's configuration)."
            </p>

            <label class="field" for="settings-key">
                <span class="field-label">"API key"</span>
                <span class="key-row">
                    <input
                        id="settings-key"
                        name="apiKey"
                        type=move || if show_key.get() { "text" } else { "password" }
                        autocomplete="off"
                        spellcheck="false"
                        node_ref=key_input
                        placeholder=key_hint.clone().map(|hint| format!("Saved: {hint}")).unwrap_or_default()
                        aria-describedby="settings-key-help"
                        on:input=move |event| {
                            typed_live.set(event_target_value(&event).trim().starts_with(crate::api::key::LIVE_PREFIX));
                        }
                    />
                    <button
                        type="button"
                        class="link-button"
                        aria-pressed=move || show_key.get().to_string()
                        on:click=move |_| show_key.update(|shown| *shown = !*shown)
                    >
                        {move || if show_key.get() { "Hide" } else { "Show" }}
                    </button>
                </span>
            </label>
            <p id="settings-key-help" class="field-help">
                {if has_saved_key {
                    "Leave empty to keep the saved key. Sent only as an Authorization header."
                } else {
                    "Sent only as an Authorization header, never in an address."
                }}
            </p>
            <Show when=move || has_saved_key>
                <label class="check">
                    <input type="checkbox" name="forgetKey" prop:checked=forget on:change=move |event| forget.set(event_target_checked(&event))/>
                    "Forget the saved key"
                </label>
            </Show>
            <Show when=move || typed_live.get() || (saved_live && !forget.get())>
                <p class="warning live-key-warning" role="alert">
                    "This is a live secret key. Kept in a browser, it can be read by anything that runs in this profile. "
                    "Prefer a test key, or the proxy that adds the key on the server (see “Deploy” in the README)."
                </p>
            </Show>
            <label class="check">
                <input
                    type="checkbox"
                    name="rememberKey"
                    prop:checked=remember
                    on:change=move |event| remember.set(event_target_checked(&event))
                />
                "Remember the key on this device"
            </label>
            <Show when=move || remember.get()>
                <p class="warning remember-warning">
                    "The key will stay in this browser’s local storage, readable by anyone who uses this profile, until you forget it here."
                </p>
            </Show>

            <Show when=move || is_scripe>
            <label class="field" for="settings-version">
                <span class="field-label">"API version"</span>
                <input
                    id="settings-version"
                    name="apiVersion"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    node_ref=version
                    value=saved.api_version.clone().unwrap_or_default()
                    placeholder=configured.api_version.clone()
                />
            </label>
            </Show>

            <p class="field-error" role="alert">{move || error.get()}</p>
            <p
                class="connection-report"
                class:connection-ok=move || report.with(|r| r.as_ref().is_some_and(|r| r.0))
                role="status"
            >
                {move || report.with(|r| r.as_ref().map(|r| r.1.clone()))}
            </p>

            <div class="dialog-actions">
                <button type="button" class="button-secondary test-connection" on:click=on_test>"Test connection"</button>
                <span class="spacer"></span>
                <button type="button" class="button-secondary" on:click=move |_| close.run(())>"Cancel"</button>
                <button type="submit" class="button">"Save"</button>
            </div>
        </form>
    }
}
