//! Browser tests: mount the real `App` into the document of headless Chromium.
#![cfg(target_arch = "wasm32")]

mod support;

use support::{container, text_of, until};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

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
async fn jobs_page_requests_its_first_page_and_reports_failure() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), jobscope::App);

    assert!(until(|| root.query_selector(".job-list").unwrap().is_some()).await);
    assert_eq!(text_of(&root, "main h1"), "Jobs");
    let list = root.query_selector(".job-list").unwrap().unwrap();
    let state = || list.get_attribute("data-feed-state").unwrap_or_default();
    // The test page's server has no API: the first page is requested, and its 404 is
    // reported in words, as a permanent error.
    assert!(
        until(|| state() == "error").await,
        "state stayed {}",
        state()
    );
    assert!(text_of(&root, ".job-list [role=alert]").contains("no such resource (404)"));
}

#[wasm_bindgen_test]
fn unmounting_removes_the_app() {
    let root = container();
    let app = leptos::mount::mount_to(root.clone(), jobscope::App);
    assert!(root.query_selector("main").unwrap().is_some());
    drop(app);
    assert!(root.query_selector("main").unwrap().is_none());
}
