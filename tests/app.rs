//! Browser tests: mount the real `App` into the document of headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the test page, so tests never see each other's DOM.
fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches `{selector}`"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn app_renders_the_shell_landmarks() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), jobscope::App);

    assert!(text_of(&root, "header .brand").contains("jobscope"));
    // Exactly one `main` landmark, and the footer names the version.
    assert_eq!(root.query_selector_all("main").unwrap().length(), 1);
    assert_eq!(
        text_of(&root, "footer"),
        format!("jobscope v{}", jobscope::VERSION)
    );
}

#[wasm_bindgen_test]
fn jobs_page_shows_an_empty_state_to_screen_readers() {
    let root = container();
    let _page = leptos::mount::mount_to(root.clone(), jobscope::routes::jobs::JobsPage);

    assert_eq!(text_of(&root, "h1"), "Jobs");
    let status = root.query_selector("[role=status]").unwrap().unwrap();
    assert!(
        status
            .text_content()
            .unwrap()
            .contains("No jobs to show yet")
    );
}

#[wasm_bindgen_test]
fn unmounting_removes_the_app() {
    let root = container();
    let app = leptos::mount::mount_to(root.clone(), jobscope::App);
    assert!(root.query_selector("main").unwrap().is_some());
    drop(app);
    assert!(root.query_selector("main").unwrap().is_none());
}
