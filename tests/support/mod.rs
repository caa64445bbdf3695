//! Helpers shared by the browser tests.
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A fresh container in the test page, so tests never see each other's DOM.
pub fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// The element that has the focus.
pub fn active_element() -> Element {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .expect("something has the focus")
}

/// The first element matching `selector`; panics naming it when there is none.
pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches `{selector}`"))
}

pub fn text_of(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Waits a few animation frames, so effects, observers and layout have run.
pub async fn settle() {
    for _ in 0..3 {
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        }))
        .await
        .unwrap();
    }
}

/// Adds the app's real stylesheets (the first screen's and the parts') to the test page
/// (once), so layout (row heights, the scrolling viewport, the drawer) is what users get.
pub fn install_stylesheet() {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("jobscope-test-css").is_some() {
        return;
    }
    let style = document.create_element("style").unwrap();
    style.set_id("jobscope-test-css");
    style.set_text_content(Some(concat!(
        include_str!("../../style/main.css"),
        include_str!("../../style/parts.css")
    )));
    document.head().unwrap().append_child(&style).unwrap();
}

/// Waits (up to about two seconds) until `done` holds.
pub async fn until(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..120 {
        if done() {
            return true;
        }
        settle().await;
    }
    done()
}
