//! Browser tests of the filter bar and the URL: each control writes the URL (push or
//! replace), the bar shows what the URL says, and a bad link is rewritten with a notice.
#![cfg(target_arch = "wasm32")]

mod support;

use jobscope::components::filter_bar::{FilterBar, FilterNotice};
use jobscope::hooks::use_filters::{UseFiltersReturn, use_filters};
use jobscope::hooks::use_time_zone::STORAGE_KEY;
use jobscope_wire::Timestamp;
use jobscope_wire::config::BackendKind;
use leptos::mount::{UnmountHandle, mount_to};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos_router::components::Router;
use support::{container, count, one, text_of, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-11-23T15:00:00Z: presets are computed from the clock, the bar shows them from this.
const NOW_MS: i64 = 1_795_446_000_000;

#[component]
fn Bar() -> impl IntoView {
    let UseFiltersReturn {
        filters,
        ignored,
        dismiss,
        set,
    } = use_filters(Signal::stored(BackendKind::Scripe));
    view! {
        <FilterNotice ignored dismiss/>
        <FilterBar
            filters
            set
            now_ms=Signal::derive(|| js_sys::Date::now() as i64)
            capabilities=jobscope::filters::capabilities::SCRIPE
        />
    }
}

struct Mounted {
    root: HtmlElement,
    _app: UnmountHandle<AnyViewState>,
}

/// Mounts the bar under a router at this page's path with `search` as its query.
fn mount(search: &str) -> Mounted {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        )
        .unwrap();
    if let Ok(Some(storage)) = window.local_storage() {
        storage.remove_item(STORAGE_KEY).unwrap();
    }
    let root = container();
    let app = mount_to(root.clone(), || {
        view! { <Router><Bar/></Router> }.into_any()
    });
    Mounted { root, _app: app }
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

fn history_len() -> u32 {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .length()
        .unwrap()
}

fn click(root: &HtmlElement, selector: &str) {
    one(root, selector).unchecked_into::<HtmlElement>().click();
}

/// Sets an input's or select's value as a person would, and fires `input` and `change`.
fn set_value(root: &HtmlElement, selector: &str, value: &str) {
    let element = one(root, selector);
    element.unchecked_ref::<HtmlElement>().focus().unwrap();
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else {
        element
            .unchecked_ref::<HtmlSelectElement>()
            .set_value(value);
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    for kind in ["input", "change"] {
        element
            .dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
            .unwrap();
    }
}

fn value_of(root: &HtmlElement, selector: &str) -> String {
    let element = one(root, selector);
    match element.dyn_ref::<HtmlInputElement>() {
        Some(input) => input.value(),
        None => element.unchecked_ref::<HtmlSelectElement>().value(),
    }
}

fn checked(root: &HtmlElement, selector: &str) -> bool {
    one(root, selector)
        .unchecked_into::<HtmlInputElement>()
        .checked()
}

/// The browser's local midnight of a day, as the URL writes it.
fn local_midnight(year: u32, month0: i32, day: i32) -> String {
    let date = js_sys::Date::new_with_year_month_day(year, month0, day);
    Timestamp::from_epoch_ms(date.get_time() as i64)
        .as_str()
        .to_owned()
}

#[wasm_bindgen_test]
async fn status_checkboxes_push_one_entry_each_in_canonical_order() {
    let bar = mount("");
    let root = &bar.root;
    assert_eq!(text_of(root, "[data-filter=status] .menu-value"), "Any");
    let before = history_len();
    click(root, "[data-filter=status] summary");
    click(root, "input[name=status][value=FAILED]");
    assert!(until(|| search() == "?status=FAILED").await, "{}", search());
    click(root, "input[name=status][value=RUNNING]");
    assert!(
        until(|| search() == "?status=RUNNING,FAILED").await,
        "{}",
        search()
    );
    assert_eq!(
        history_len(),
        before + 2,
        "each change is one history entry"
    );
    assert!(until(|| text_of(root, "[data-filter=status] .menu-value") == "2 selected").await);
    click(root, "input[name=status][value=FAILED]");
    assert!(
        until(|| search() == "?status=RUNNING").await,
        "{}",
        search()
    );
    assert!(until(|| text_of(root, "[data-filter=status] .menu-value") == "Running").await);
}

#[wasm_bindgen_test]
async fn the_type_menu_opens_with_the_keyboard_and_escape_closes_it() {
    let bar = mount("?type=KB_INGEST_URL");
    let root = &bar.root;
    let menu = one(root, "[data-filter=type]").unchecked_into::<web_sys::HtmlDetailsElement>();
    assert!(!menu.open());
    click(root, "[data-filter=type] summary");
    assert!(menu.open());
    assert!(checked(root, "input[name=type][value=KB_INGEST_URL]"));
    click(root, "input[name=type][value=POST_GENERATION]");
    assert!(
        until(|| search() == "?type=POST_GENERATION,KB_INGEST_URL").await,
        "{}",
        search()
    );
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    one(root, "input[name=type][value=POST_GENERATION]")
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    assert!(!menu.open(), "Escape closes the menu");
    let focused = support::active_element();
    assert_eq!(
        focused.tag_name(),
        "SUMMARY",
        "focus returns to the menu button"
    );
}

#[wasm_bindgen_test]
async fn dates_are_read_in_the_local_zone_and_typing_replaces() {
    let bar = mount("");
    let root = &bar.root;
    let before = history_len();
    set_value(root, "input[name=fromDate]", "2026-11-20");
    let from = local_midnight(2026, 10, 20);
    assert!(
        until(|| search() == format!("?dateFrom={from}")).await,
        "{}",
        search()
    );
    assert_eq!(history_len(), before + 1);
    // Still in the same control: the next edit replaces the entry.
    set_value(root, "input[name=fromTime]", "14:05");
    let at = js_sys::Date::new_with_year_month_day_hr_min(2026, 10, 20, 14, 5);
    let at = Timestamp::from_epoch_ms(at.get_time() as i64)
        .as_str()
        .to_owned();
    assert!(
        until(|| search() == format!("?dateFrom={at}")).await,
        "{}",
        search()
    );
    assert_eq!(history_len(), before + 1, "typing in one control replaces");
    assert_eq!(value_of(root, "input[name=fromTime]"), "14:05");

    // A `to` before `from` is refused with a message, and the URL keeps its range.
    one(root, "input[name=fromTime]")
        .unchecked_into::<HtmlElement>()
        .blur()
        .unwrap();
    set_value(root, "input[name=toDate]", "2026-11-19");
    assert!(until(|| text_of(root, ".field-error").contains("before")).await);
    assert_eq!(search(), format!("?dateFrom={at}"));
    // A bare `to` date covers its whole day.
    set_value(root, "input[name=toDate]", "2026-11-21");
    let to_end = js_sys::Date::new_with_year_month_day(2026, 10, 22).get_time() as i64 - 1;
    let to_end = Timestamp::from_epoch_ms(to_end).as_str().to_owned();
    assert!(
        until(|| search() == format!("?dateFrom={at}&dateTo={to_end}")).await,
        "{}",
        search()
    );
    assert!(until(|| text_of(root, ".field-error").is_empty()).await);
    assert_eq!(history_len(), before + 2, "another control pushes");
    assert_eq!(value_of(root, "input[name=toDate]"), "2026-11-21");
    assert_eq!(value_of(root, "input[name=toTime]"), "");
    assert_eq!(value_of(root, "select[name=preset]"), "custom");
}

#[wasm_bindgen_test]
async fn the_utc_choice_shows_and_enters_dates_in_utc_and_is_remembered() {
    let bar = mount("?dateFrom=2026-11-20T14:05:00Z");
    let root = &bar.root;
    set_value(root, "select[name=zone]", "utc");
    assert!(until(|| value_of(root, "input[name=fromTime]") == "14:05").await);
    assert_eq!(value_of(root, "input[name=fromDate]"), "2026-11-20");
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        stored.get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("utc")
    );
    set_value(root, "input[name=toDate]", "2026-11-20");
    assert!(
        until(|| search() == "?dateFrom=2026-11-20T14:05:00Z&dateTo=2026-11-20T23:59:59.999Z")
            .await,
        "{}",
        search()
    );
    assert!(until(|| count(root, "[data-chip=dateTo]") == 1).await);
    assert!(text_of(root, "[data-chip=dateTo]").starts_with("To 2026-11-20"));
}

#[wasm_bindgen_test]
async fn date_chips_name_the_zone_their_dates_are_read_in() {
    let bar = mount("?dateFrom=2026-11-20T14:05:00Z&dateTo=2026-11-21");
    let root = &bar.root;
    assert!(until(|| count(root, "[data-chip=dateFrom]") == 1).await);
    let chip = |key: &str| {
        text_of(root, &format!("[data-chip={key}]"))
            .trim_end_matches('×')
            .to_owned()
    };
    // The browser's zone, by the name the browser gives it.
    let zone = js_sys::Reflect::get(
        &js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
            .resolved_options(),
        &"timeZone".into(),
    )
    .unwrap()
    .as_string()
    .unwrap();
    assert!(until(|| !value_of(root, "input[name=fromTime]").is_empty()).await);
    let (date, time) = (
        value_of(root, "input[name=fromDate]"),
        value_of(root, "input[name=fromTime]"),
    );
    assert_eq!(chip("dateFrom"), format!("From {date} {time} ({zone})"));
    // A bare date from a link is the API's day, in UTC.
    assert_eq!(chip("dateTo"), "To 2026-11-21 (UTC)");
    // Dates entered in UTC say so.
    set_value(root, "select[name=zone]", "utc");
    assert!(
        until(|| chip("dateFrom") == "From 2026-11-20 14:05 (UTC)").await,
        "{}",
        chip("dateFrom")
    );
}

#[wasm_bindgen_test]
async fn presets_set_an_open_ended_range_and_any_time_clears_it() {
    let bar = mount("?status=DONE");
    let root = &bar.root;
    assert_eq!(value_of(root, "select[name=preset]"), "");
    set_value(root, "select[name=preset]", "24h");
    assert!(
        until(|| search().contains("dateFrom=")).await,
        "{}",
        search()
    );
    let from = search().split("dateFrom=").nth(1).unwrap().to_owned();
    let from_ms = Timestamp::raw(from.as_str()).epoch_ms().unwrap();
    let expected = js_sys::Date::now() as i64 - 86_400_000;
    assert!(
        (from_ms - expected).abs() < 120_000,
        "{from} is not a day ago"
    );
    assert!(search().starts_with("?status=DONE&dateFrom="));
    assert!(until(|| value_of(root, "select[name=preset]") == "24h").await);
    assert!(until(|| count(root, "[data-chip=dateFrom]") == 1).await);
    assert_eq!(
        text_of(root, "[data-chip=dateFrom]").trim_end_matches('×'),
        "Last 24 hours"
    );
    set_value(root, "select[name=preset]", "");
    assert!(until(|| search() == "?status=DONE").await, "{}", search());
    let _ = NOW_MS;
}

#[wasm_bindgen_test]
async fn chips_remove_one_filter_each_and_clear_all_removes_every_one() {
    let bar = mount("?status=RUNNING,FAILED&type=KB_INGEST_URL&dateFrom=2026-11-01");
    let root = &bar.root;
    assert!(until(|| count(root, ".chip") == 4).await);
    assert_eq!(
        one(root, "[data-chip='status:FAILED']")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Remove filter Status: Failed")
    );
    click(root, "[data-chip='status:FAILED']");
    assert!(
        until(|| search() == "?status=RUNNING&type=KB_INGEST_URL&dateFrom=2026-11-01").await,
        "{}",
        search()
    );
    // Focus moves on to the next chip, for keyboard users.
    let focused = || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .map(|element| element.outer_html())
            .unwrap_or_default()
    };
    assert!(
        until(|| focused().contains("data-chip=\"type:KB_INGEST_URL\"")).await,
        "{}",
        focused()
    );
    // The next chip works on the filters as they are now, not as they were drawn.
    click(root, "[data-chip='type:KB_INGEST_URL']");
    assert!(
        until(|| search() == "?status=RUNNING&dateFrom=2026-11-01").await,
        "{}",
        search()
    );
    click(root, ".clear-all");
    assert!(until(|| search().is_empty()).await, "{}", search());
    assert!(until(|| count(root, ".chip") == 0).await);
    assert!(
        until(|| focused().starts_with("<summary")).await,
        "{}",
        focused()
    );
    assert!(!checked(root, "input[name=status][value=RUNNING]"));
}

#[wasm_bindgen_test]
async fn a_bad_link_is_rewritten_in_place_and_a_notice_says_what_was_dropped() {
    let before = history_len();
    let bar = mount("?status=failed,PAUSED&status=DONE&utm=x&dateFrom=2026-02-30&job=job_1");
    let root = &bar.root;
    assert!(
        until(|| search() == "?status=DONE,FAILED&job=job_1").await,
        "{}",
        search()
    );
    assert_eq!(
        history_len(),
        before,
        "the rewrite replaces, it does not push"
    );
    let notice = text_of(root, ".filters-notice p");
    for part in [
        "unknown status “PAUSED”",
        "status given more than once",
        "unknown parameter “utm”",
        "dateFrom “2026-02-30” is not a date",
    ] {
        assert!(notice.contains(part), "{notice:?} lacks {part:?}");
    }
    assert!(checked(root, "input[name=status][value=FAILED]"));
    click(root, ".notice-dismiss");
    assert!(until(|| count(root, ".filters-notice") == 0).await);
    // The next change after a rewrite is kept (a stale comparison once undid it).
    click(root, "input[name=status][value=RUNNING]");
    assert!(
        until(|| search() == "?status=RUNNING,DONE,FAILED&job=job_1").await,
        "{}",
        search()
    );
    for _ in 0..5 {
        support::settle().await;
    }
    assert_eq!(search(), "?status=RUNNING,DONE,FAILED&job=job_1");
}

#[wasm_bindgen_test]
async fn back_and_forward_restore_the_bar() {
    let bar = mount("");
    let root = &bar.root;
    click(root, "[data-filter=status] summary");
    click(root, "input[name=status][value=QUEUED]");
    assert!(until(|| search() == "?status=QUEUED").await);
    click(root, "input[name=status][value=DONE]");
    assert!(until(|| search() == "?status=QUEUED,DONE").await);
    let history = web_sys::window().unwrap().history().unwrap();
    history.back().unwrap();
    assert!(until(|| search() == "?status=QUEUED").await, "{}", search());
    assert!(until(|| !checked(root, "input[name=status][value=DONE]")).await);
    assert!(checked(root, "input[name=status][value=QUEUED]"));
    history.forward().unwrap();
    assert!(until(|| checked(root, "input[name=status][value=DONE]")).await);
    assert_eq!(search(), "?status=QUEUED,DONE");
}
