//! Browser tests of the settings dialog: where the key is stored, the warnings, validation,
//! and "Test connection" answering in plain words.
#![cfg(target_arch = "wasm32")]

mod support;

use jobscope::components::settings_panel::{SettingsDialog, SettingsPanel};
use jobscope::hooks::use_settings::provide_settings;
use jobscope::settings::storage::{api_key_key, settings_key};
use jobscope_wire::config::BackendKind;
use leptos::mount::{UnmountHandle, mount_to};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos_router::components::Router;
use support::{container, count, one, text_of, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Event, EventInit, HtmlDialogElement, HtmlElement, HtmlInputElement, Storage};

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    root: HtmlElement,
    _app: UnmountHandle<AnyViewState>,
}

fn stores() -> (Storage, Storage) {
    let window = web_sys::window().unwrap();
    (
        window.local_storage().unwrap().unwrap(),
        window.session_storage().unwrap().unwrap(),
    )
}

/// The dialog with a fresh, empty storage, opened.
fn open_settings() -> Mounted {
    let (local, session) = stores();
    local.clear().unwrap();
    session.clear().unwrap();
    let root = container();
    let app = mount_to(root.clone(), || {
        let dialog = SettingsDialog::provide();
        provide_settings();
        dialog.open();
        view! { <Router><SettingsPanel/></Router> }.into_any()
    });
    Mounted { root, _app: app }
}

fn dialog(root: &HtmlElement) -> HtmlDialogElement {
    one(root, "dialog.settings").unchecked_into()
}

fn type_into(root: &HtmlElement, selector: &str, value: &str) {
    let input: HtmlInputElement = one(root, selector).unchecked_into();
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn click(root: &HtmlElement, selector: &str) {
    one(root, selector).unchecked_into::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn the_key_is_kept_for_this_tab_by_default() {
    let mounted = open_settings();
    let root = &mounted.root;
    assert!(
        until(|| dialog(root).open()).await,
        "the dialog opens as a modal"
    );
    type_into(root, "input[name=apiKey]", " scripe_sk_test_abc123 ");
    click(root, "button[type=submit]");
    assert!(
        until(|| !dialog(root).open()).await,
        "saving closes the dialog"
    );
    let (local, session) = stores();
    assert_eq!(
        session
            .get_item(&api_key_key(&BackendKind::Scripe))
            .unwrap()
            .as_deref(),
        Some("scripe_sk_test_abc123")
    );
    assert_eq!(
        local.get_item(&api_key_key(&BackendKind::Scripe)).unwrap(),
        None
    );
    let saved = local
        .get_item(&settings_key(&BackendKind::Scripe))
        .unwrap()
        .unwrap();
    assert!(!saved.contains("scripe_sk"), "{saved}");
}

#[wasm_bindgen_test]
async fn remembering_the_key_warns_and_moves_it_to_local_storage() {
    let mounted = open_settings();
    let root = &mounted.root;
    assert!(until(|| dialog(root).open()).await);
    assert_eq!(count(root, ".remember-warning"), 0);
    click(root, "input[name=rememberKey]");
    assert!(until(|| count(root, ".remember-warning") == 1).await);
    type_into(root, "input[name=apiKey]", "scripe_sk_test_xyz");
    click(root, "button[type=submit]");
    assert!(until(|| !dialog(root).open()).await);
    let (local, session) = stores();
    assert_eq!(
        local
            .get_item(&api_key_key(&BackendKind::Scripe))
            .unwrap()
            .as_deref(),
        Some("scripe_sk_test_xyz")
    );
    assert_eq!(
        session
            .get_item(&api_key_key(&BackendKind::Scripe))
            .unwrap(),
        None
    );
}

#[wasm_bindgen_test]
async fn a_live_secret_key_is_warned_about() {
    let mounted = open_settings();
    let root = &mounted.root;
    assert!(until(|| dialog(root).open()).await);
    type_into(root, "input[name=apiKey]", "scripe_sk_test_1");
    assert_eq!(count(root, ".live-key-warning"), 0);
    type_into(root, "input[name=apiKey]", "scripe_sk_live_1");
    assert!(until(|| count(root, ".live-key-warning") == 1).await);
    assert!(text_of(root, ".live-key-warning").contains("proxy"));
    // The key is a password field unless the user asks to see it.
    let key: HtmlInputElement = one(root, "input[name=apiKey]").unchecked_into();
    assert_eq!(key.type_(), "password");
    assert_eq!(key.autocomplete(), "off");
    // Scripe is the API in view: its version can be pinned.
    assert_eq!(
        count(root, "select[name=backend] option:checked[value=scripe]"),
        1
    );
    assert_eq!(count(root, "input[name=apiVersion]"), 1);
}

#[wasm_bindgen_test]
async fn bad_values_are_refused_in_words_and_nothing_is_stored() {
    let mounted = open_settings();
    let root = &mounted.root;
    assert!(until(|| dialog(root).open()).await);
    type_into(root, "input[name=baseUrl]", "api.example.com");
    click(root, "button[type=submit]");
    assert!(
        until(|| text_of(root, ".settings-form .field-error").contains("must start with")).await
    );
    assert!(dialog(root).open(), "the dialog stays open");
    type_into(root, "input[name=baseUrl]", "/v1");
    type_into(root, "input[name=apiVersion]", "latest");
    click(root, "button[type=submit]");
    assert!(until(|| text_of(root, ".settings-form .field-error").contains("YYYY-MM-DD")).await);
    let (local, _) = stores();
    assert_eq!(
        local.get_item(&settings_key(&BackendKind::Scripe)).unwrap(),
        None
    );
}

#[wasm_bindgen_test]
async fn test_connection_reports_a_wrong_address_and_an_unreachable_api() {
    let mounted = open_settings();
    let root = &mounted.root;
    assert!(until(|| dialog(root).open()).await);
    // The test page's own server has no job API: a 404.
    type_into(root, "input[name=baseUrl]", "/no-api/v1");
    click(root, ".test-connection");
    assert!(
        until(|| text_of(root, ".connection-report").contains("has no job list (404)")).await,
        "{}",
        text_of(root, ".connection-report")
    );
    // Nothing listens on port 9.
    type_into(root, "input[name=baseUrl]", "http://127.0.0.1:9/v1");
    click(root, ".test-connection");
    let reached = async {
        for _ in 0..20 {
            if text_of(root, ".connection-report").contains("Could not reach") {
                return true;
            }
            support::settle().await;
            gloo_timers_sleep(100).await;
        }
        false
    };
    assert!(reached.await, "{}", text_of(root, ".connection-report"));
    assert!(text_of(root, ".connection-report").contains("CORS"));
    // Testing stores nothing.
    let (local, session) = stores();
    assert_eq!((local.length().unwrap(), session.length().unwrap()), (0, 0));
}

async fn gloo_timers_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
