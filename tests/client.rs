//! The fetch helper in a real browser: every failure becomes the right `ApiError`.
#![cfg(target_arch = "wasm32")]

use jobscope::api::ApiError;
use jobscope::api::http::{get_json, get_json_within};
use serde_json::Value;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::AbortController;

wasm_bindgen_test_configure!(run_in_browser);

fn controller() -> AbortController {
    AbortController::new().unwrap()
}

#[wasm_bindgen_test]
async fn an_error_status_becomes_http_with_the_status() {
    let err = get_json::<Value>("/no/such/resource.json", &[], &controller())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 404, .. }), "{err:?}");
    assert!(!err.is_transient());
}

#[wasm_bindgen_test]
async fn a_page_that_is_not_json_is_a_decode_error() {
    // The test runner serves its HTML page at `/`.
    let err = get_json::<Value>("/", &[], &controller())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Decode(_)), "{err:?}");
}

#[wasm_bindgen_test]
async fn an_unreachable_host_is_a_network_error() {
    let err = get_json::<Value>("http://127.0.0.1:9/jobs", &[], &controller())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    assert!(err.is_transient());
}

#[wasm_bindgen_test]
async fn aborting_ends_the_request_quietly() {
    let abort = controller();
    abort.abort();
    let err = get_json::<Value>("/", &[], &abort).await.unwrap_err();
    assert_eq!(err, ApiError::Aborted);
}

#[wasm_bindgen_test]
async fn a_request_past_its_time_limit_times_out() {
    let err = get_json_within::<Value>("/", &[], &controller(), 0)
        .await
        .unwrap_err();
    assert_eq!(err, ApiError::Timeout { after_ms: 0 });
}
