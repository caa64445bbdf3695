//! Browser tests of reading pages as the dashboard does: the browser's `JSON.parse`, then
//! serde-wasm-bindgen, row by row and field by field (issue 15, item 2).
#![cfg(target_arch = "wasm32")]

use jobscope::api::http::{Fetched, decode};
use jobscope_wire::booper::BooperRows;
use jobscope_wire::scripe::{JobRows, JobStatus};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn parsed<T: serde::de::DeserializeOwned>(json: &str) -> T {
    let value = js_sys::JSON::parse(json).unwrap();
    decode::<T>(Fetched {
        value,
        deprecation: None,
        quota: None,
    })
    .unwrap()
    .value
}

#[wasm_bindgen_test]
fn one_odd_field_costs_that_field_and_a_row_without_id_is_counted() {
    let page: JobRows = parsed(
        r#"{"data": [
            {"id": "job_a", "type": "KB_INGEST_URL", "status": "RUNNING", "createdAt": "2026-11-01T12:00:00Z", "progress": {"progress": null}},
            {"id": "job_b", "type": "KB_INGEST_URL", "status": "RUNNING", "createdAt": "2026-11-01T12:00:00Z", "progress": {"progress": "half"}},
            {"id": "job_c", "type": "KB_INGEST_URL", "status": "DONE", "attemptCount": -1},
            {"id": "job_d", "type": "KB_INGEST_URL", "status": "DONE", "attemptCount": 1e12, "estimatedCompletionMs": 3.0},
            {"type": "KB_INGEST_URL", "status": "DONE"},
            {"id": "", "status": "DONE"},
            {"id": 42},
            null,
            {"id": "job_e", "type": 1, "status": {"s": 1}, "createdAt": 5, "progress": [0.5], "errorMessage": false}
        ], "pagination": {"next_cursor": null, "has_more": false}}"#,
    );
    let ids: Vec<&str> = page.data.rows.iter().map(|job| job.id.as_str()).collect();
    assert_eq!(ids, ["job_a", "job_b", "job_c", "job_d", "job_e"]);
    assert_eq!(page.data.dropped, 4);
    let [a, b, c, d, e] = &page.data.rows[..] else {
        unreachable!()
    };
    assert!(a.progress.value().unwrap().progress.is_absent());
    assert!(b.progress.value().unwrap().progress.is_invalid());
    assert_eq!(a.status, JobStatus::Running);
    assert!(c.attempt_count.is_invalid() && c.created_at.is_absent());
    assert!(d.attempt_count.is_invalid());
    assert_eq!(
        d.estimated_completion_ms, 3,
        "a whole number is one, however written"
    );
    for invalid in [
        e.job_type.is_invalid(),
        e.status.is_invalid(),
        e.created_at.is_invalid(),
        e.progress.is_invalid(),
        e.error_message.is_invalid(),
    ] {
        assert!(invalid, "{e:?}");
    }
    // Kept as sent.
    assert_eq!(
        serde_json::to_value(e).unwrap()["status"],
        serde_json::json!({"s": 1})
    );
}

#[wasm_bindgen_test]
fn booper_rows_read_the_same_way() {
    let page: BooperRows = parsed(
        r#"{"data": [
            {"id": "u1", "inserted_at": "2023-09-01T18:25:49", "job": {"id": "x", "state": 3}, "args": {"method": "post", "url": 5}},
            {"id": null},
            {"id": "u2", "job": "completed", "args": {"method": "get", "url": "https://x", "headers": []}}
        ]}"#,
    );
    assert_eq!(page.data.dropped, 1);
    let [one, two] = &page.data.rows[..] else {
        unreachable!()
    };
    let oban = one.job.value().unwrap();
    assert!(oban.id.is_invalid() && oban.state.is_invalid());
    assert!(one.args.value().unwrap().url.is_invalid());
    assert_eq!(one.args.value().unwrap().method, "post".to_owned());
    assert!(two.job.is_invalid() && two.inserted_at.is_absent());
    assert!(two.args.value().unwrap().headers.is_invalid());
}

#[wasm_bindgen_test]
fn long_texts_are_cut_before_they_reach_wasm_and_the_row_says_so() {
    use jobscope::api::http::cut_long_texts;
    use jobscope_wire::field::LIST_TEXT_CHARS;

    let long = "x".repeat(50_000);
    let emoji = "😀".repeat(5_000);
    let json = serde_json::json!({"data": [
        {"id": "job_a", "status": "FAILED", "errorMessage": long, "progress": {"message": emoji}},
        {"id": "job_b", "status": "FAILED", "errorMessage": "short", "progress": null},
        null,
        {"id": "job_c", "errorMessage": 5, "progress": "odd"}
    ], "pagination": {"has_more": false}})
    .to_string();
    let value = js_sys::JSON::parse(&json).unwrap();
    let paths: &[&[&str]] = &[&["errorMessage"], &["progress", "message"]];
    cut_long_texts(&value, paths, LIST_TEXT_CHARS);
    let cut = js_sys::Reflect::get(
        &js_sys::Reflect::get(&value, &"data".into()).unwrap(),
        &0.into(),
    )
    .unwrap();
    let message = js_sys::Reflect::get(&cut, &"errorMessage".into()).unwrap();
    let units = js_sys::JsString::from(message).length() as usize;
    assert!(
        units > LIST_TEXT_CHARS && units <= 2 * (LIST_TEXT_CHARS + 1),
        "{units}"
    );

    let mut rows = decode::<JobRows>(Fetched {
        value,
        deprecation: None,
        quota: None,
    })
    .unwrap()
    .value
    .data;
    assert_eq!(rows.dropped, 1);
    for job in &mut rows.rows {
        job.shorten(LIST_TEXT_CHARS);
    }
    let [a, b, c] = &rows.rows[..] else {
        unreachable!()
    };
    assert!(a.shortened, "still marked shortened");
    let text = a.error_message.value().unwrap();
    assert_eq!(text.chars().count(), LIST_TEXT_CHARS + 1);
    assert!(text.starts_with("xxx") && text.ends_with('…'));
    let progress = a.progress.value().unwrap().message.value().unwrap();
    assert_eq!(progress.chars().count(), LIST_TEXT_CHARS + 1);
    assert!(progress.starts_with('😀'));
    assert!(!b.shortened);
    assert_eq!(b.error_message, "short".to_owned());
    assert!(c.error_message.is_invalid() && c.progress.is_invalid());
}
