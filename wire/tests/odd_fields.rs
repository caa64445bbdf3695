//! One odd field never costs a page (issue 15, item 2): a value of the wrong type or out of
//! range makes that field unknown (kept as sent), the rest of the row and the page read; only
//! a row without a usable id is left out, and counted.
#![cfg(not(target_arch = "wasm32"))]

use jobscope_wire::booper::{BooperRows, ObanState};
use jobscope_wire::field::{LIST_TEXT_CHARS, Rows};
use jobscope_wire::scripe::{Job, JobRows, JobStatus, JobType};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A Scripe job with every field set.
fn scripe_row(id: &str) -> Value {
    json!({
        "id": id,
        "type": "KB_INGEST_URL",
        "status": "RUNNING",
        "projectId": "proj_1",
        "startedAt": "2026-11-01T12:00:10Z",
        "completedAt": "2026-11-01T12:01:50Z",
        "progress": {"progress": 0.5, "updatedAt": "2026-11-01T12:01:00Z", "message": "Parsing"},
        "result": {"documentId": "doc_1"},
        "errorCode": "SOURCE_UNREACHABLE",
        "errorMessage": "404 from the source",
        "attemptCount": 2,
        "estimatedCompletionMs": 50000,
        "createdAt": "2026-11-01T12:00:00Z",
        "updatedAt": "2026-11-01T12:01:00Z"
    })
}

/// A Booper scheduled job with every field set.
fn booper_row(id: &str) -> Value {
    json!({
        "id": id,
        "idempotency_key": "idem-1",
        "inserted_at": "2023-09-01T18:25:49",
        "name": "Daily report",
        "description": "Daily report, every day",
        "user_id": "bd2aa099",
        "schedule_id": "sched-1",
        "job_id": 29180,
        "job": {
            "id": 29180,
            "state": "completed",
            "inserted_at": "2023-09-01T18:25:49.705161Z",
            "scheduled_at": "2023-09-01T18:26:19.707539Z",
            "attempted_at": "2023-09-01T18:26:20.353046Z",
            "completed_at": "2023-09-01T18:26:20.636467Z",
            "cancelled_at": "2023-09-01T18:26:21Z",
            "discarded_at": "2023-09-01T18:26:22Z",
            "has_confict": false
        },
        "args": {
            "method": "post",
            "url": "https://scheduler.booper.dev/api/channels/discord",
            "headers": {"content-type": "application/json"},
            "body": {"author": "alex"},
            "query": {"page": 1},
            "schedule_in": [30, "seconds"]
        }
    })
}

fn scripe(rows: Vec<Value>) -> Rows<Job> {
    let page = json!({"data": rows, "pagination": {"next_cursor": null, "has_more": false}});
    serde_json::from_value::<JobRows>(page).unwrap().data
}

fn one(row: Value) -> Job {
    let rows = scripe(vec![row]);
    assert_eq!(rows.dropped, 0);
    rows.rows.into_iter().next().unwrap()
}

fn with(mut row: Value, pointer: &str, value: Value) -> Value {
    *row.pointer_mut(pointer).unwrap() = value;
    row
}

#[test]
fn the_issues_examples_cost_one_field_each() {
    let null_progress = one(with(
        scripe_row("a"),
        "/progress",
        json!({"progress": null}),
    ));
    let progress = null_progress.progress.value().unwrap();
    assert!(progress.progress.is_absent(), "null is not set");
    assert!(progress.message.is_absent());

    let text_progress = one(with(scripe_row("a"), "/progress/progress", json!("half")));
    let progress = text_progress.progress.value().unwrap();
    assert_eq!(progress.progress.invalid(), Some(&json!("half")));
    assert_eq!(progress.message, "Parsing".to_owned(), "its siblings read");

    for odd in [
        json!(-1),
        json!(1e12),
        json!(1_000_000_000_000_u64),
        json!(2.5),
        json!("3"),
    ] {
        let job = one(with(scripe_row("a"), "/attemptCount", odd.clone()));
        assert_eq!(job.attempt_count.invalid(), Some(&odd), "{odd}");
        assert_eq!(job.status, JobStatus::Running);
        assert_eq!(job.error_message, "404 from the source".to_owned());
    }
    // A whole float is a whole number (the browser's JSON.parse makes no difference).
    assert_eq!(
        one(with(scripe_row("a"), "/attemptCount", json!(3.0))).attempt_count,
        3
    );

    let mut no_created = scripe_row("a");
    no_created.as_object_mut().unwrap().remove("createdAt");
    let job = one(no_created);
    assert!(job.created_at.is_absent());
    assert_eq!(job.job_type, JobType::KbIngestUrl);
}

#[test]
fn out_of_range_and_wrong_kinds_are_unknown_and_kept_as_sent() {
    let cases = [
        ("/progress/progress", json!(1.5)),
        ("/progress/progress", json!(-0.1)),
        ("/estimatedCompletionMs", json!(-5)),
        ("/status", json!(5)),
        ("/status", json!("")),
        ("/type", json!(["KB_INGEST_URL"])),
        ("/createdAt", json!({"at": 1})),
        ("/errorMessage", json!(404)),
        ("/progress", json!("50%")),
    ];
    for (pointer, odd) in cases {
        let job = one(with(scripe_row("a"), pointer, odd.clone()));
        let back = serde_json::to_value(&job).unwrap();
        assert_eq!(
            back.pointer(pointer),
            Some(&odd),
            "{pointer} is kept as sent"
        );
        assert_eq!(back["id"], "a");
    }
    let job = one(with(scripe_row("a"), "/status", json!(5)));
    assert!(job.status.is_invalid() && !job.is_active());
    // Unknown texts are values this build does not know yet, not unreadable ones.
    let job = one(with(scripe_row("a"), "/status", json!("PAUSED")));
    assert_eq!(job.status, JobStatus::Other("PAUSED".into()));
}

#[test]
fn only_rows_without_a_usable_id_are_left_out_and_counted() {
    let mut no_id = scripe_row("x");
    no_id.as_object_mut().unwrap().remove("id");
    let rows = scripe(vec![
        scripe_row("a"),
        no_id,
        with(scripe_row("x"), "/id", json!("")),
        with(scripe_row("x"), "/id", json!(7)),
        json!(null),
        json!("job_b"),
        with(scripe_row("b"), "/attemptCount", json!(-1)),
    ]);
    let ids: Vec<&str> = rows.rows.iter().map(|job| job.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(rows.dropped, 5);

    // A page that is not a list at all is still an error (nothing to read row by row).
    let page = json!({"data": {"id": "a"}, "pagination": {"has_more": false}});
    assert!(serde_json::from_value::<JobRows>(page).is_err());
}

#[test]
fn booper_rows_and_their_nested_objects_read_field_by_field() {
    let page = json!({"data": [
        with(booper_row("a"), "/job/state", json!(3)),
        with(booper_row("b"), "/args", json!("GET /")),
        with(booper_row("c"), "/args/url", json!(5)),
        with(booper_row("d"), "/job/has_confict", json!("yes")),
        with(booper_row("e"), "/job_id", json!("29180")),
        with(booper_row("f"), "/job", json!([1])),
        with(booper_row("g"), "/id", json!(null)),
    ]});
    let rows = serde_json::from_value::<BooperRows>(page).unwrap().data;
    assert_eq!(rows.dropped, 1);
    let [a, b, c, d, e, f] = &rows.rows[..] else {
        panic!("{rows:?}");
    };
    assert!(a.job.value().unwrap().state.is_invalid());
    assert_eq!(a.state(), None);
    assert_eq!(a.args.value().unwrap().method, "post".to_owned());
    assert_eq!(b.args.invalid(), Some(&json!("GET /")));
    assert_eq!(b.state(), Some(&ObanState::Completed));
    let c_args = c.args.value().unwrap();
    assert!(c_args.url.is_invalid());
    assert_eq!(c_args.method, "post".to_owned());
    assert!(d.job.value().unwrap().has_confict.is_invalid());
    assert!(e.job_id.is_invalid());
    assert!(f.job.is_invalid());
    assert_eq!(f.name, "Daily report".to_owned());
}

#[test]
fn absent_fields_serialize_as_before() {
    // As `Option` did: `null` for a job's fields, nothing for the request's optional parts.
    let job = Job::new("job_1", JobStatus::Queued);
    let back = serde_json::to_value(&job).unwrap();
    assert_eq!(back["projectId"], Value::Null);
    assert_eq!(back["status"], "QUEUED");
    assert!(back.get("shortened").is_none(), "not a wire field");
    let row = json!({"id": "u", "args": {"method": "get", "url": "https://x"}});
    let page: BooperRows = serde_json::from_value(json!({ "data": [row] })).unwrap();
    let back = serde_json::to_value(&page).unwrap();
    assert_eq!(
        back["data"][0]["args"],
        json!({"method": "get", "url": "https://x", "headers": null})
    );
}

#[test]
fn list_copies_keep_only_what_a_row_shows() {
    let long = "x".repeat(50_000);
    let mut job = one(with(
        with(scripe_row("a"), "/errorMessage", json!(long)),
        "/result",
        json!({"text": "y".repeat(10_000)}),
    ));
    job.shorten(LIST_TEXT_CHARS);
    assert!(job.shortened);
    let message = job.error_message.value().unwrap();
    assert_eq!(message.chars().count(), LIST_TEXT_CHARS + 1);
    assert!(message.ends_with('…'));
    // The memory is given back, not only the length.
    assert_eq!(
        message.capacity(),
        message.len(),
        "no more memory than the text"
    );
    assert!(
        job.result.is_absent(),
        "a big result is left for the drawer"
    );
    assert_eq!(job.progress.value().unwrap().message, "Parsing".to_owned());

    let mut short = one(scripe_row("b"));
    let before = short.clone();
    short.shorten(LIST_TEXT_CHARS);
    assert_eq!(short, before, "nothing to cut: nothing marked");

    let mut odd = one(with(
        scripe_row("c"),
        "/attemptCount",
        json!("9".repeat(5_000)),
    ));
    odd.shorten(LIST_TEXT_CHARS);
    assert!(odd.shortened && odd.attempt_count.is_invalid());
}

/// Values that replace a field: null, text, negative and huge numbers, an object, a list.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        ".{0,12}".prop_map(Value::from),
        (1_i64..i64::MAX).prop_map(|n| json!(-n)),
        Just(json!(-0.5)),
        Just(json!(u64::MAX)),
        Just(json!(1e300)),
        Just(json!(1_000_000_000_000_i64)),
        Just(json!({"nested": [1, "two"]})),
        Just(json!([])),
        Just(json!([null, {"a": 1}])),
    ]
}

/// Every field of `row`, nested ones included, as JSON pointers.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (key, item) in map {
            let pointer = format!("{at}/{key}");
            out.push(pointer.clone());
            pointers(item, &pointer, out);
        }
    }
}

/// Equal JSON, numbers compared by value (`1` and `1.0` are the same number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// `row` without the field at `pointer` (to compare everything else).
fn without(mut row: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    if let Some(Value::Object(map)) = row.pointer_mut(parent) {
        map.remove(key);
    }
    row
}

/// Mutates field `which` of row `target` of a page of `len` rows and reads the page with
/// `read` (rows serialized back): every other row reads as before, the mutated row survives
/// with its other fields intact unless its id was the field, and the field is kept as sent.
fn check(
    base: fn(&str) -> Value,
    read: fn(Vec<Value>) -> (Vec<Value>, usize),
    len: usize,
    target: usize,
    which: usize,
    odd: Value,
) -> Result<(), TestCaseError> {
    let rows: Vec<Value> = (0..len).map(|i| base(&format!("row_{i}"))).collect();
    let (before, dropped) = read(rows.clone());
    prop_assert_eq!(dropped, 0);
    let mut fields = Vec::new();
    pointers(&rows[target], "", &mut fields);
    let pointer = fields[which % fields.len()].clone();
    let original = rows[target]
        .pointer(&pointer)
        .cloned()
        .unwrap_or(Value::Null);
    let mut mutated = rows;
    *mutated[target].pointer_mut(&pointer).unwrap() = odd.clone();
    let (after, dropped) = read(mutated);

    let id_lost = pointer == "/id" && odd.as_str().is_none_or(str::is_empty);
    prop_assert_eq!(dropped, usize::from(id_lost), "{}", pointer);
    let mut after = after.into_iter();
    for (i, row) in before.into_iter().enumerate() {
        if i != target {
            prop_assert_eq!(after.next(), Some(row), "row {} around {}", i, pointer);
            continue;
        }
        if id_lost {
            continue;
        }
        let got = after.next();
        prop_assert!(got.is_some(), "row {} lost to {} = {}", i, pointer, odd);
        let got = got.unwrap();
        prop_assert!(
            same(&without(got.clone(), &pointer), &without(row, &pointer)),
            "the rest of row {} changed by {} = {}: {}",
            i,
            pointer,
            odd,
            got
        );
        // Kept as sent (`null` reads as not set, which is `null` again); an object in place
        // of a nested object reads as one whose fields are not set (unknown fields are
        // ignored everywhere).
        let kept = got.pointer(&pointer).cloned().unwrap_or(Value::Null);
        let nested = odd.is_object() && original.is_object();
        prop_assert!(
            same(&kept, &odd) || (nested && kept.is_object()),
            "{} = {} came back as {}",
            pointer,
            odd,
            kept
        );
    }
    prop_assert!(after.next().is_none());
    Ok(())
}

fn read_scripe(rows: Vec<Value>) -> (Vec<Value>, usize) {
    let rows = scripe(rows);
    let back = rows
        .rows
        .iter()
        .map(|job| serde_json::to_value(job).unwrap());
    (back.collect(), rows.dropped)
}

fn read_booper(rows: Vec<Value>) -> (Vec<Value>, usize) {
    let page: BooperRows = serde_json::from_value(json!({ "data": rows })).unwrap();
    let back = page
        .data
        .rows
        .iter()
        .map(|job| serde_json::to_value(job).unwrap());
    (back.collect(), page.data.dropped)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_odd_scripe_field_costs_only_itself(
        len in 1_usize..6,
        target in 0_usize..6,
        which in 0_usize..64,
        odd in odd_value(),
    ) {
        check(scripe_row, read_scripe, len, target % len, which, odd)?;
    }

    #[test]
    fn any_odd_booper_field_costs_only_itself(
        len in 1_usize..6,
        target in 0_usize..6,
        which in 0_usize..64,
        odd in odd_value(),
    ) {
        check(booper_row, read_booper, len, target % len, which, odd)?;
    }
}

#[test]
fn both_spellings_of_the_conflict_flag_keep_the_oban_row() {
    // The API spells it `has_confict`; a fixed API may send `has_conflict` beside it (a
    // duplicate field, had it been an alias) or alone.
    let mut both = booper_row("a");
    both["job"]["has_conflict"] = json!(true);
    let mut fixed = booper_row("b");
    if let Some(job) = fixed["job"].as_object_mut() {
        job.remove("has_confict");
        job.insert("has_conflict".into(), json!(true));
    }
    let page = json!({"data": [both, fixed]});
    let rows = serde_json::from_value::<BooperRows>(page).unwrap().data;
    let [a, b] = &rows.rows[..] else {
        panic!("{rows:?}");
    };
    let a_job = a.job.value().expect("the Oban row survives both spellings");
    assert_eq!(a_job.has_confict, false, "the API's own spelling first");
    assert_eq!(a.state(), Some(&ObanState::Completed));
    assert_eq!(b.job.value().unwrap().has_confict, true);
}
