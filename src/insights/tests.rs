//! Tests of counting a window's jobs and the figures derived from them.

use jobscope_wire::Timestamp;
use jobscope_wire::booper::ScheduledJob;
use jobscope_wire::scripe::{Job, JobStatus, JobType};

use super::report::{MIN_SAMPLES, STUCK_MARGIN_MS};
use super::*;
use crate::filters::Filters;
use crate::filters::dates::{Preset, Utc};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// 2026-12-01T12:00:00Z.
const NOW: i64 = 1_796_126_400_000;

fn sample<'a>(id: &'a str, status: &'a str, created_ms: i64) -> Sample<'a> {
    let phase = match status {
        "QUEUED" => Phase::Queued,
        "RUNNING" => Phase::Running,
        "DONE" => Phase::Succeeded,
        "FAILED" => Phase::Failed,
        "CANCELLED" => Phase::Cancelled,
        _ => Phase::Other,
    };
    Sample {
        id,
        status: Some(status),
        phase,
        job_type: Some("POST_GENERATION"),
        created_ms: Some(created_ms),
        ..Sample::default()
    }
}

fn day_span() -> Span {
    Span {
        from_ms: NOW - 24 * HOUR,
        to_ms: NOW,
    }
}

#[test]
fn each_job_counts_once_by_status_and_type() {
    let mut tally = Tally::new(Fields::ALL, DEFAULT_CAP);
    let ids: Vec<String> = (0..10).map(|i| format!("job_{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let status = if i < 7 { "DONE" } else { "FAILED" };
        let mut s = sample(id, status, NOW - i as i64 * MINUTE);
        if i == 9 {
            s.job_type = Some("KB_INGEST_URL");
        }
        assert_eq!(tally.add(&s), Added::Counted);
    }
    // A page read again after a 429 or a restart from the first page.
    for id in &ids[..5] {
        assert_eq!(tally.add(&sample(id, "DONE", NOW)), Added::Duplicate);
    }
    let report = tally.report(day_span(), &Utc, NOW);
    assert_eq!(report.jobs, 10);
    assert_eq!(
        report.statuses,
        [("DONE".to_owned(), 7), ("FAILED".to_owned(), 3)]
    );
    assert_eq!(
        report.types.unwrap(),
        [
            ("POST_GENERATION".to_owned(), 9),
            ("KB_INGEST_URL".to_owned(), 1)
        ]
    );
    let charted: usize = report.chart.bars.iter().map(|bar| bar.total()).sum();
    assert_eq!(charted, 10);
}

#[test]
fn the_cap_keeps_the_newest_jobs_and_says_it_is_full() {
    let mut tally = Tally::new(Fields::ALL, 3);
    let ids: Vec<String> = (0..5).map(|i| format!("job_{i}")).collect();
    let added: Vec<Added> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| tally.add(&sample(id, "DONE", NOW - i as i64 * HOUR)))
        .collect();
    assert_eq!(
        added,
        [
            Added::Counted,
            Added::Counted,
            Added::Counted,
            Added::Full,
            Added::Full
        ]
    );
    assert!(tally.is_full());
    assert_eq!(tally.jobs(), 3);
    // The newest three: back to two hours ago.
    assert_eq!(tally.oldest_ms, Some(NOW - 2 * HOUR));
    assert_eq!(
        Tally::new(Fields::ALL, 0).cap(),
        1,
        "a cap of 0 still reads a job"
    );
}

#[test]
fn partial_results_are_figures_of_what_was_read_and_reach_says_how_far() {
    let mut tally = Tally::new(Fields::ALL, DEFAULT_CAP);
    assert_eq!(tally.reach(day_span()), 0.0);
    let report = tally.report(day_span(), &Utc, NOW);
    assert_eq!(report.jobs, 0);
    assert_eq!(report.chart.bars.len(), 25);
    assert_eq!(report.chart.peak, 1, "an empty chart still has a scale");
    assert_eq!(report.errors.unwrap(), []);
    assert_eq!(report.times.unwrap(), []);
    assert_eq!(report.oldest_queued, None);

    tally.add(&sample("job_a", "DONE", NOW - 6 * HOUR));
    assert!((tally.reach(day_span()) - 0.25).abs() < 1e-9);
    tally.add(&sample("job_b", "DONE", NOW - 30 * HOUR));
    assert_eq!(tally.reach(day_span()), 1.0, "read past the start");
    let report = tally.report(day_span(), &Utc, NOW);
    assert_eq!(report.jobs, 2);
    let charted: usize = report.chart.bars.iter().map(|bar| bar.total()).sum();
    assert_eq!(charted, 1, "a job outside the span counts, but has no bar");
}

#[test]
fn bars_stack_by_status_and_give_a_failure_rate_of_finished_jobs() {
    let mut tally = Tally::new(Fields::ALL, DEFAULT_CAP);
    let ids: Vec<String> = (0..8).map(|i| format!("job_{i}")).collect();
    // The hour before NOW (bar 23 of 25): 3 done, 1 failed, 2 queued. Three hours
    // before: 2 cancelled.
    let plan = [
        ("DONE", 10),
        ("DONE", 20),
        ("DONE", 30),
        ("FAILED", 40),
        ("QUEUED", 50),
        ("QUEUED", 55),
        ("CANCELLED", 170),
        ("CANCELLED", 175),
    ];
    for (id, (status, minutes_ago)) in ids.iter().zip(plan) {
        tally.add(&sample(id, status, NOW - 1 - minutes_ago * MINUTE));
    }
    let chart = tally.report(day_span(), &Utc, NOW).chart;
    let names: Vec<&str> = chart.statuses.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(names, ["DONE", "FAILED", "QUEUED", "CANCELLED"]);
    let last_hour = &chart.bars[23];
    assert_eq!(last_hour.counts, [3, 1, 2, 0]);
    assert_eq!(last_hour.failure_rate, Some(0.25));
    assert_eq!(last_hour.start_ms, NOW - HOUR);
    let earlier = &chart.bars[21];
    assert_eq!(earlier.counts, [0, 0, 0, 2]);
    assert_eq!(
        earlier.failure_rate, None,
        "nothing finished: no rate, not 0 %"
    );
    assert_eq!(chart.peak, 6);
}

#[test]
fn top_errors_have_counts_shares_and_the_newest_example() {
    let mut tally = Tally::new(Fields::ALL, DEFAULT_CAP);
    let ids: Vec<String> = (0..6).map(|i| format!("job_{i}")).collect();
    let codes = [
        Some("TIMEOUT"),
        Some("QUOTA"),
        Some("TIMEOUT"),
        None,
        Some("TIMEOUT"),
        Some("QUOTA"),
    ];
    for (i, (id, code)) in ids.iter().zip(codes).enumerate() {
        let mut s = sample(id, "FAILED", NOW - i as i64 * MINUTE);
        s.error_code = code;
        tally.add(&s);
    }
    tally.add(&sample("job_ok", "DONE", NOW));
    let errors = tally.report(day_span(), &Utc, NOW).errors.unwrap();
    let rows: Vec<(&str, usize, &str)> = errors
        .iter()
        .map(|e| (e.code.as_str(), e.count, e.example_id.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("TIMEOUT", 3, "job_0"),
            ("QUOTA", 2, "job_1"),
            ("", 1, "job_3")
        ]
    );
    assert!((errors[0].share - 0.5).abs() < 1e-9, "of the six failures");
}

#[test]
fn wait_and_run_times_per_type_skip_what_cannot_be_measured() {
    let mut tally = Tally::new(Fields::ALL, DEFAULT_CAP);
    let ids: Vec<String> = (0..4).map(|i| format!("job_{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let created = NOW - HOUR;
        let mut s = sample(id, "DONE", created);
        s.started_ms = Some(created + (i as i64 + 1) * 1_000);
        s.completed_ms = Some(created + 60_000);
        if i == 3 {
            // Completed before it started: no run time, but a wait.
            s.completed_ms = Some(created);
        }
        tally.add(&s);
    }
    let mut running = sample("job_r", "RUNNING", NOW - HOUR);
    running.started_ms = Some(NOW - HOUR + 9_000);
    tally.add(&running);
    let times = tally.report(day_span(), &Utc, NOW).times.unwrap();
    assert_eq!(times.len(), 1);
    let wait = times[0].wait.unwrap();
    assert_eq!((wait.count, wait.p50_ms, wait.max_ms), (5, 3_000, 9_000));
    let run = times[0].run.unwrap();
    assert_eq!(
        run.count, 3,
        "the running job and the reversed one have no run time"
    );
    assert_eq!((run.p50_ms, run.max_ms), (58_000, 59_000));
}

#[test]
fn a_job_far_beyond_its_types_p95_looks_stuck_and_few_samples_judge_nobody() {
    let mut tally = Tally::new(Fields::ALL, DEFAULT_CAP);
    let ids: Vec<String> = (0..MIN_SAMPLES).map(|i| format!("job_{i}")).collect();
    for id in &ids {
        let mut s = sample(id, "DONE", NOW - 2 * HOUR);
        s.started_ms = Some(NOW - 2 * HOUR + 1_000);
        s.completed_ms = Some(NOW - 2 * HOUR + 61_000);
        tally.add(&s);
    }
    // p95 run is 60 s: the limit is max(2 × 60 s, 60 s + 5 min) = 6 min.
    let limit = 60_000 + STUCK_MARGIN_MS as i64;
    let mut slow = sample("job_slow", "RUNNING", NOW - HOUR);
    slow.started_ms = Some(NOW - limit - 1);
    let mut fine = sample("job_fine", "RUNNING", NOW - HOUR);
    fine.started_ms = Some(NOW - limit);
    let mut other = sample("job_other", "RUNNING", NOW - HOUR);
    other.job_type = Some("KB_INGEST_URL");
    other.started_ms = Some(NOW - 10 * HOUR);
    for s in [&slow, &fine, &other] {
        tally.add(s);
    }
    let stuck = tally.report(day_span(), &Utc, NOW).stuck.unwrap();
    let ids: Vec<&str> = stuck.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["job_slow"],
        "job_other's type has no finished jobs to compare"
    );
    assert_eq!(stuck[0].p95_ms, 60_000);
    assert_eq!(stuck[0].phase, Phase::Running);
}

#[test]
fn the_oldest_queued_job_is_named() {
    let mut tally = Tally::new(Fields::ALL, DEFAULT_CAP);
    tally.add(&sample("job_new", "QUEUED", NOW - MINUTE));
    tally.add(&sample("job_old", "QUEUED", NOW - HOUR));
    tally.add(&sample("job_done", "DONE", NOW - 2 * HOUR));
    let report = tally.report(day_span(), &Utc, NOW);
    assert_eq!(
        report.oldest_queued,
        Some(("job_old".to_owned(), NOW - HOUR))
    );
}

#[test]
fn an_api_without_types_errors_or_times_has_those_figures_absent() {
    let mut tally = Tally::new(Fields::STATES_ONLY, DEFAULT_CAP);
    let mut s = sample("b1", "discarded", NOW - MINUTE);
    s.phase = Phase::Failed;
    tally.add(&s);
    let report = tally.report(day_span(), &Utc, NOW);
    assert_eq!(report.statuses, [("discarded".to_owned(), 1)]);
    assert_eq!(report.types, None);
    assert_eq!(report.errors, None);
    assert_eq!(report.times, None);
    assert_eq!(report.stuck, None);
    assert_eq!(report.chart.bars[23].failure_rate, Some(1.0));
}

#[test]
fn samples_read_what_each_api_sends() {
    let mut job = Job::new("job_1", JobStatus::Failed);
    job.job_type = JobType::KbIngestUrl.into();
    job.created_at = Timestamp::raw("2026-12-01T11:00:00Z").into();
    job.started_at = Timestamp::raw("2026-12-01T11:00:05Z").into();
    job.completed_at = Timestamp::raw("not a time").into();
    job.error_code = "TIMEOUT".to_owned().into();
    let row = Row::Scripe(job);
    let s = Sample::of(&row);
    assert_eq!(
        (s.id, s.status, s.phase, s.job_type, s.error_code),
        (
            "job_1",
            Some("FAILED"),
            Phase::Failed,
            Some("KB_INGEST_URL"),
            Some("TIMEOUT")
        )
    );
    assert_eq!(
        s.started_ms.zip(s.created_ms).map(|(a, b)| a - b),
        Some(5_000)
    );
    assert_eq!(s.completed_ms, None, "an unreadable time is no time");

    let fixture = include_str!("../../../shared/api/fixtures/booper-list-jobs.json");
    let page: jobscope_wire::booper::BooperPage = serde_json::from_str(fixture).unwrap();
    let job: ScheduledJob = page.data.into_iter().next().unwrap();
    let row = Row::Booper(job);
    let s = Sample::of(&row);
    assert!(s.created_ms.is_some(), "inserted_at, read as UTC");
    assert_eq!((s.job_type, s.error_code, s.started_ms), (None, None, None));
}

#[test]
fn the_window_comes_from_the_url_and_a_date_range_wins() {
    let plain = Filters::default();
    assert_eq!(Window::from_query(None, &plain), (Window::default(), None));
    assert_eq!(
        Window::from_query(Some("7d"), &plain),
        (Window::Last(Preset::LastWeek), None)
    );
    assert_eq!(
        Window::from_query(Some("2w"), &plain),
        (Window::default(), Some("2w")),
        "reported, and the default used"
    );
    let ranged = Filters {
        date_from: Some("2026-11-20".into()),
        ..Filters::default()
    };
    assert_eq!(
        Window::from_query(Some("7d"), &ranged),
        (Window::Range, None)
    );
    assert_eq!(
        Window::default().key(),
        None,
        "the default is left out of URLs"
    );
    assert_eq!(Window::Last(Preset::LastHour).key(), Some("1h"));
}

#[test]
fn a_window_asks_the_api_for_its_range_and_spans_it() {
    let asked = Window::Last(Preset::LastHour).filters(&Filters::default(), NOW + 30_000);
    assert_eq!(asked.date_from.as_deref(), Some("2026-12-01T11:00:00Z"));
    assert_eq!(
        Window::span(&asked, NOW, None),
        Span {
            from_ms: NOW - HOUR,
            to_ms: NOW
        }
    );
    // A bare date is the API's whole UTC day.
    let days = Filters {
        date_from: Some("2026-11-20".into()),
        date_to: Some("2026-11-21".into()),
        ..Filters::default()
    };
    let span = Window::span(&days, NOW, None);
    assert_eq!(
        Timestamp::from_epoch_ms(span.from_ms).as_str(),
        "2026-11-20T00:00:00Z"
    );
    assert_eq!(
        Timestamp::from_epoch_ms(span.to_ms).as_str(),
        "2026-11-21T23:59:59.999Z"
    );
    // Open at the start: from the oldest job read, or nothing yet.
    let open = Filters {
        date_to: Some("2026-11-21".into()),
        ..Filters::default()
    };
    let empty = Window::span(&open, NOW, None);
    assert_eq!(empty.from_ms, empty.to_ms);
    let oldest = empty.to_ms - 100 * HOUR;
    assert_eq!(Window::span(&open, NOW, Some(oldest)).from_ms, oldest);
}

#[test]
fn the_cap_is_one_on_offer_or_the_default() {
    use super::window::cap_from_query;
    assert_eq!(cap_from_query(None), DEFAULT_CAP);
    assert_eq!(cap_from_query(Some("50000")), 50_000);
    assert_eq!(cap_from_query(Some("7")), DEFAULT_CAP, "not on offer");
    assert_eq!(cap_from_query(Some("-1")), DEFAULT_CAP);
    assert_eq!(cap_from_query(Some("99999999999999999999999")), DEFAULT_CAP);
}
