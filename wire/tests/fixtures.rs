//! The documented sample payloads in `shared/api/fixtures/` parse unchanged and serialize
//! back with the same fields and values.

use std::path::PathBuf;

use jobscope_wire::booper::{BooperPage, ObanState, ScheduleIn};
use jobscope_wire::scripe::{JobPage, JobStatus, JobType};
use serde_json::Value;

/// `shared/` sits beside the repository (CI clones it there too).
fn fixture(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = root.join("shared/api/fixtures").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read fixture {}: {err}", path.display()))
}

#[test]
fn scripe_list_fixture_round_trips() {
    let text = fixture("scripe-list-jobs.json");
    let page: JobPage = serde_json::from_str(&text).unwrap();
    let job = &page.data[0];
    assert_eq!(job.id, "job_a1b2c3d4e5f6g7h8");
    assert_eq!(job.job_type, JobType::PostGeneration);
    assert_eq!(job.status, JobStatus::Queued);
    assert_eq!(
        job.progress
            .value()
            .unwrap()
            .progress
            .value()
            .unwrap()
            .get(),
        0.5
    );
    assert_eq!(job.estimated_completion_ms, 123);
    assert!(job.created_at.value().unwrap().to_utc().is_some());
    assert_eq!(page.pagination.next_cursor.as_deref(), Some("<string>"));
    assert!(page.pagination.has_more);

    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), original);
}

#[test]
fn booper_list_fixture_round_trips() {
    let text = fixture("booper-list-jobs.json");
    let page: BooperPage = serde_json::from_str(&text).unwrap();
    let job = &page.data[0];
    assert_eq!(job.id, "41d7f28b-dfbe-44b8-b716-b91898bb0ce0");
    // The naive `inserted_at` reads as UTC.
    assert_eq!(
        job.inserted_at
            .value()
            .unwrap()
            .to_utc()
            .unwrap()
            .to_rfc3339(),
        "2023-09-01T18:25:49+00:00"
    );
    let oban = job.job.value().unwrap();
    assert_eq!(oban.state, ObanState::Completed);
    assert_eq!(oban.has_confict, false);
    let args = job.args.value().unwrap();
    assert_eq!(args.method, "post".to_owned());
    assert_eq!(args.schedule_in, ScheduleIn::Unit(30, "seconds".into()));

    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), original);
}

#[test]
fn unknown_enum_values_and_fields_are_kept_or_ignored() {
    let text = r#"{"data": [{"id": "job_x", "type": "VIDEO_RENDER", "status": "PAUSED",
        "createdAt": "soon", "brandNewField": {"a": 1}}],
        "pagination": {"next_cursor": null, "has_more": false, "total": 9}}"#;
    let page: JobPage = serde_json::from_str(text).unwrap();
    let job = &page.data[0];
    assert_eq!(job.job_type, JobType::Other("VIDEO_RENDER".into()));
    assert_eq!(job.status, JobStatus::Other("PAUSED".into()));
    assert!(!job.status.value().unwrap().is_known());
    // A timestamp that does not parse is kept, not a failure of the whole page.
    let created = job.created_at.value().unwrap();
    assert_eq!(created.as_str(), "soon");
    assert_eq!(created.to_utc(), None);
    // Unknown values serialize back verbatim.
    let back = serde_json::to_value(job).unwrap();
    assert_eq!(back["type"], "VIDEO_RENDER");
    assert_eq!(back["status"], "PAUSED");

    let booper = r#"{"data": [{"id": "u", "inserted_at": "2023-09-01T18:25:49",
        "job": {"id": 1, "state": "suspended", "has_conflict": true},
        "args": {"method": "get", "url": "https://x", "schedule_in": {"every": "day"}}}]}"#;
    let page: BooperPage = serde_json::from_str(booper).unwrap();
    let oban = page.data[0].job.value().unwrap();
    assert_eq!(oban.state, ObanState::Other("suspended".into()));
    assert_eq!(oban.has_confict, true);
    assert!(matches!(
        page.data[0].args.value().unwrap().schedule_in.value(),
        Some(ScheduleIn::Other(_))
    ));
}

#[test]
fn enums_list_known_values_in_the_documented_order() {
    let statuses: Vec<&str> = JobStatus::KNOWN.iter().map(JobStatus::as_str).collect();
    assert_eq!(
        statuses,
        ["QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED"]
    );
    assert_eq!(JobType::KNOWN.len(), 6);
    assert_eq!(JobType::parse("KB_INGEST_URL"), JobType::KbIngestUrl);
    assert_eq!(JobType::known("kb_ingest_url"), None);
}

#[test]
fn config_defaults_and_partial_files() {
    use jobscope_wire::config::{AppConfig, BackendKind};
    let empty: AppConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, AppConfig::default());
    assert_eq!(empty.base_url(), "/v1");
    let booper: AppConfig = serde_json::from_str(r#"{"backend": "booper"}"#).unwrap();
    assert_eq!(booper.backend, BackendKind::Booper);
    assert_eq!(booper.base_url(), "/api");
    let custom: AppConfig = serde_json::from_str(
        r#"{"apiBaseUrl": "https://api.example/v1", "refreshIntervalSecs": 0}"#,
    )
    .unwrap();
    assert_eq!(custom.base_url(), "https://api.example/v1");
    assert_eq!(custom.refresh_interval_secs, 0);
}
