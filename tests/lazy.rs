//! Browser tests of `Lazy`, the place of a part whose code is a chunk: nothing is fetched until
//! the part is needed; a chunk that cannot load says so with Try again and Reload, keeps what
//! the page shows, and loads on Try again; once loaded the part stays; in the app, a part
//! waits for the parts' stylesheet too.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use jobscope::chunks::{ChunkError, ChunkView};
use jobscope::components::lazy::Lazy;
use jobscope::components::parts_style::{HREF, PartsStyle, PartsStylesheet};
use leptos::prelude::*;
use support::{count, settle, text_of, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    root: HtmlElement,
    when: RwSignal<bool>,
    /// How many times the chunk was asked for.
    calls: Rc<Cell<u32>>,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

/// `Lazy` whose chunk fails the first `failures` times it is asked for.
fn mount(failures: u32) -> Mounted {
    mount_with(failures, false)
}

/// [`mount`], inside the app's stylesheet context (`PartsStyle`) when `styled`.
fn mount_with(failures: u32, styled: bool) -> Mounted {
    support::install_stylesheet();
    let root = support::container();
    let when = RwSignal::new(false);
    let calls = Rc::new(Cell::new(0));
    let counted = calls.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let style = styled.then(PartsStyle::provide);
        let counted = counted.clone();
        view! {
            {style.map(|style| view! { <PartsStylesheet style/> })}
            <p class="page">"The list"</p>
            <Lazy
                when
                what="the job details"
                load=move || {
                    counted.set(counted.get() + 1);
                    let fails = counted.get() <= failures;
                    async move {
                        if fails {
                            Err(ChunkError::NotLoaded)
                        } else {
                            Ok(ChunkView::from(|| view! { <section class="part">"Details"</section> }))
                        }
                    }
                }
            />
        }
        .into_any()
    });
    Mounted {
        root,
        when,
        calls,
        _handle: handle,
    }
}

fn click(root: &HtmlElement, label: &str) {
    let buttons = root.query_selector_all("button").unwrap();
    for i in 0..buttons.length() {
        let button = buttons.item(i).unwrap().dyn_into::<HtmlElement>().unwrap();
        if button.text_content().unwrap_or_default() == label {
            button.click();
            return;
        }
    }
    panic!("no button {label}");
}

#[wasm_bindgen_test]
async fn nothing_is_fetched_until_needed_and_the_part_stays_once_loaded() {
    let m = mount(0);
    settle().await;
    assert_eq!(m.calls.get(), 0, "not needed yet");
    assert_eq!(count(&m.root, ".part"), 0);
    m.when.set(true);
    assert!(
        until(|| count(&m.root, ".part") == 1).await,
        "the part is shown"
    );
    assert_eq!(count(&m.root, "[data-chunk-loading]"), 0);
    // Closed and opened again: the same chunk, not asked for again.
    m.when.set(false);
    settle().await;
    assert_eq!(
        count(&m.root, ".part"),
        1,
        "a loaded part stays (it hides itself)"
    );
    m.when.set(true);
    settle().await;
    assert_eq!(m.calls.get(), 1);
}

#[wasm_bindgen_test]
async fn a_chunk_that_cannot_load_says_so_keeps_the_page_and_loads_on_try_again() {
    let m = mount(1);
    m.when.set(true);
    assert!(until(|| count(&m.root, "[data-chunk-error]") == 1).await);
    let alert = text_of(&m.root, "[data-chunk-error]");
    assert!(alert.contains("Cannot show the job details"), "{alert}");
    assert!(alert.contains("new version was deployed"), "{alert}");
    assert_eq!(
        m.root
            .query_selector("[data-chunk-error]")
            .unwrap()
            .unwrap()
            .get_attribute("role")
            .as_deref(),
        Some("alert")
    );
    assert!(alert.contains("Reload jobscope"), "{alert}");
    assert_eq!(
        text_of(&m.root, ".page"),
        "The list",
        "nothing else is lost"
    );
    assert_eq!(count(&m.root, ".part"), 0);

    click(&m.root, "Try again");
    assert!(
        until(|| count(&m.root, ".part") == 1).await,
        "loaded on Try again"
    );
    assert_eq!(count(&m.root, "[data-chunk-error]"), 0);
    assert_eq!(m.calls.get(), 2);
}

#[wasm_bindgen_test]
async fn needed_again_after_a_failure_tries_again_once() {
    let m = mount(1);
    m.when.set(true);
    assert!(until(|| count(&m.root, "[data-chunk-error]") == 1).await);
    // Closed: the alert goes with what it was about; no retry loop meanwhile.
    m.when.set(false);
    settle().await;
    assert_eq!(count(&m.root, "[data-chunk-error]"), 0);
    assert_eq!(m.calls.get(), 1, "a failure is not retried on its own");
    // Needed again (another row clicked): asked for once more, and shown.
    m.when.set(true);
    assert!(until(|| count(&m.root, ".part") == 1).await);
    assert_eq!(m.calls.get(), 2);
}

/// `Lazy` inside the app's stylesheet context (`PartsStyle`): the test server has no
/// `parts-<hash>.css`, so each `<link>` ends in `error`, as on a host that lost the file.
#[wasm_bindgen_test]
async fn a_part_waits_for_the_parts_stylesheet_and_one_that_cannot_load_says_so() {
    // The handle is kept: dropping it unmounts the app.
    let Mounted {
        root,
        when,
        calls,
        _handle,
    } = mount_with(0, true);
    let link = || root.query_selector("link[rel=stylesheet]").unwrap();
    // Each fetch of the stylesheet, as Resource Timing lists it (a 404 too).
    let url = web_sys::Url::new_with_base(HREF, &root.base_uri().unwrap().unwrap())
        .unwrap()
        .href();
    let fetches = move || {
        web_sys::window()
            .unwrap()
            .performance()
            .unwrap()
            .get_entries_by_name(&url)
            .length()
    };
    settle().await;
    assert!(link().is_none(), "not asked for before a part is needed");
    assert_eq!(fetches(), 0);

    when.set(true);
    assert!(until(|| count(&root, "[data-chunk-error]") == 1).await);
    assert!(
        HREF.starts_with("parts-") && HREF.ends_with(".css"),
        "{HREF}"
    );
    assert_eq!(fetches(), 1);
    let alert = text_of(&root, "[data-chunk-error]");
    assert!(alert.contains("Cannot show the job details"), "{alert}");
    // The chunk is in, but not shown without its style; nothing else is lost.
    assert_eq!(calls.get(), 1);
    assert_eq!(count(&root, ".part"), 0);
    assert_eq!(text_of(&root, ".page"), "The list");
    assert!(link().is_none(), "the failed <link> is taken out");

    // Try again asks for the stylesheet again, with a new element.
    click(&root, "Try again");
    assert!(until(|| fetches() == 2).await, "fetched again");
    assert!(until(|| count(&root, "[data-chunk-error]") == 1).await);
    assert_eq!(count(&root, ".part"), 0);
    assert_eq!(calls.get(), 2);
}
