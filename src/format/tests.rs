//! Tests of the words and numbers for people.

use super::*;

#[test]
fn bidi_controls_in_json_become_escapes_of_the_same_value() {
    let raw = "{\"m\": \"\u{202e}gnp.exe\", \"h\": \"שלום\"}";
    let shown = json_with_visible_bidi(raw);
    assert_eq!(shown, "{\"m\": \"\\u202egnp.exe\", \"h\": \"שלום\"}");
    let parsed: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        parsed,
        serde_json::from_str::<serde_json::Value>(raw).unwrap()
    );
}

#[test]
fn relative_times() {
    let now = 1_000_000_000;
    assert_eq!(relative(now, now + 5_000), "just now");
    assert_eq!(relative(now, now - 3_000), "just now");
    assert_eq!(relative(now, now - 42_000), "42 s ago");
    assert_eq!(relative(now, now - 5 * 60_000), "5 min ago");
    assert_eq!(relative(now, now - 3 * 3_600_000), "3 h ago");
    assert_eq!(relative(now, now - 12 * 86_400_000), "12 d ago");
}

#[test]
fn durations_in_human_units() {
    assert_eq!(duration(-5), "0 ms");
    assert_eq!(duration(850), "850 ms");
    assert_eq!(duration(12_345), "12.3 s");
    assert_eq!(duration(245_000), "4 min 05 s");
    assert_eq!(duration(7_380_000), "2 h 03 min");
}

#[test]
fn counts_labels_and_ids() {
    assert_eq!(count(0), "0");
    assert_eq!(count(999), "999");
    assert_eq!(count(1_234), "1,234");
    assert_eq!(count(1_234_567), "1,234,567");
    assert_eq!(type_label(&JobType::KbIngestUrl), "URL ingest");
    assert_eq!(type_label(&JobType::Other("VIDEO".into())), "VIDEO");
    assert_eq!(status_label(&JobStatus::Other("PAUSED".into())), "PAUSED");
    assert_eq!(short_id("job_a1b2c3d4e5f6g7h8"), "…e5f6g7h8");
    assert_eq!(short_id("xyz"), "xyz");
}

const HOUR: i64 = 3_600_000;
const MINUTE: i64 = 60_000;
/// 2026-11-23T17:30:05Z.
const AT: i64 = 1_795_455_005_000;

#[test]
fn time_display_keys_round_trip() {
    assert_eq!(TimeDisplay::default(), TimeDisplay::Relative);
    for display in TimeDisplay::ALL {
        assert_eq!(TimeDisplay::from_key(display.key()), Some(display));
    }
    assert_eq!(TimeDisplay::from_key("utc"), Some(TimeDisplay::Utc));
    assert_eq!(TimeDisplay::from_key("UTC"), None);
    assert_eq!(TimeDisplay::from_key(""), None);
    assert_eq!(TimeDisplay::Utc.label(), "UTC");
    assert_eq!(TimeDisplay::Local.label(), "Local");
    assert_eq!(TimeDisplay::Relative.label(), "Relative");
}

#[test]
fn date_times_with_fixed_offsets() {
    assert_eq!(date_time(0, 0), "1970-01-01 00:00:00");
    assert_eq!(date_time(AT, 0), "2026-11-23 17:30:05");
    assert_eq!(
        date_time(AT + 999, 0),
        "2026-11-23 17:30:05",
        "whole seconds"
    );
    assert_eq!(date_time(AT, HOUR), "2026-11-23 18:30:05");
    assert_eq!(
        date_time(AT, -(5 * HOUR + 30 * MINUTE)),
        "2026-11-23 12:00:05"
    );
    // Before the epoch, and across midnight both ways.
    assert_eq!(date_time(-1_000, 0), "1969-12-31 23:59:59");
    assert_eq!(date_time(-1, 0), "1969-12-31 23:59:59");
    assert_eq!(
        date_time(0, -(5 * HOUR + 30 * MINUTE)),
        "1969-12-31 18:30:00"
    );
    let late = AT + 6 * HOUR; // 23:30:05 UTC
    assert_eq!(date_time(late, HOUR), "2026-11-24 00:30:05");
    assert_eq!(date_time(late, 14 * HOUR), "2026-11-24 13:30:05");
    let early = AT - 17 * HOUR; // 00:30:05 UTC
    assert_eq!(date_time(early, -HOUR), "2026-11-22 23:30:05");
    // A leap day and the turn of a year.
    assert_eq!(date_time(1_709_164_800_000, 0), "2024-02-29 00:00:00");
    assert_eq!(date_time(1_767_225_599_000, HOUR), "2026-01-01 00:59:59");
    // Nonsense never panics.
    for ms in [i64::MIN, i64::MAX] {
        for offset in [i64::MIN, 0, i64::MAX] {
            let _ = date_time(ms, offset);
            let _ = time_title(ms, offset);
        }
    }
}

#[test]
fn offset_labels() {
    assert_eq!(offset_label(0), "UTC");
    assert_eq!(offset_label(HOUR), "UTC+01:00");
    assert_eq!(offset_label(-(5 * HOUR + 30 * MINUTE)), "UTC-05:30");
    assert_eq!(offset_label(5 * HOUR + 45 * MINUTE), "UTC+05:45");
    assert_eq!(offset_label(14 * HOUR), "UTC+14:00");
    assert_eq!(offset_label(-12 * HOUR), "UTC-12:00");
    let _ = offset_label(i64::MIN);
}

#[test]
fn time_texts_and_titles() {
    let now = AT + 5 * MINUTE;
    assert_eq!(
        time_text(TimeDisplay::Relative, now, AT, HOUR, false),
        "5 min ago"
    );
    assert_eq!(
        time_text(TimeDisplay::Local, now, AT, HOUR, false),
        "2026-11-23 18:30:05"
    );
    assert_eq!(
        time_text(TimeDisplay::Utc, now, AT, HOUR, false),
        "2026-11-23 17:30:05 UTC"
    );
    assert_eq!(
        time_title(AT, HOUR),
        "2026-11-23 18:30:05 UTC+01:00 · 2026-11-23 17:30:05 UTC"
    );
    assert_eq!(
        time_title(AT, -(5 * HOUR + 30 * MINUTE)),
        "2026-11-23 12:00:05 UTC-05:30 · 2026-11-23 17:30:05 UTC"
    );
    assert_eq!(time_title(AT, 0), "2026-11-23 17:30:05 UTC");
}

#[test]
fn local_times_in_a_repeated_hour_say_their_offset() {
    // 2026-10-25 in Berlin: 02:30 CEST (00:30Z), then 02:30 CET again (01:30Z).
    let first = 1_792_888_200_000;
    let second = first + HOUR;
    let (summer, winter) = (2 * HOUR, HOUR);
    let bare = |at, offset| time_text(TimeDisplay::Local, 0, at, offset, false);
    assert_eq!(
        bare(first, summer),
        bare(second, winter),
        "the same wall time"
    );
    let shown = |at, offset| time_text(TimeDisplay::Local, 0, at, offset, true);
    assert_eq!(shown(first, summer), "2026-10-25 02:30:00 UTC+02:00");
    assert_eq!(shown(second, winter), "2026-10-25 02:30:00 UTC+01:00");
    // Relative and UTC times are never ambiguous.
    assert_eq!(
        time_text(TimeDisplay::Utc, 0, second, winter, true),
        "2026-10-25 01:30:00 UTC"
    );
    assert_eq!(
        time_text(TimeDisplay::Relative, second, second, winter, true),
        "just now"
    );
}

#[test]
fn etas_round_to_the_nearest_minute() {
    assert_eq!(eta(i64::MIN), "any moment now");
    assert_eq!(eta(-1), "any moment now");
    assert_eq!(eta(0), "any moment now");
    assert_eq!(eta(1), "less than a minute left");
    assert_eq!(eta(59_999), "less than a minute left");
    assert_eq!(eta(60_000), "about 1 min left");
    assert_eq!(eta(89_999), "about 1 min left");
    assert_eq!(eta(90_000), "about 2 min left");
    assert_eq!(eta(59 * MINUTE + 29_999), "about 59 min left");
    assert_eq!(eta(59 * MINUTE + 30_000), "about 1 h 00 min left");
    assert_eq!(eta(HOUR), "about 1 h 00 min left");
    assert_eq!(eta(HOUR + 5 * MINUTE + 29_999), "about 1 h 05 min left");
    assert_eq!(eta(HOUR + 5 * MINUTE + 30_000), "about 1 h 06 min left");
    assert_eq!(
        eta(25 * HOUR + 59 * MINUTE + 30_000),
        "about 26 h 00 min left"
    );
    let _ = eta(i64::MAX);
}

#[test]
fn durations_between_known_ends() {
    assert_eq!(
        duration_between(Some(1_000), Some(13_345)),
        Some("12.3 s".into())
    );
    assert_eq!(duration_between(Some(5), Some(5)), Some("0 ms".into()));
    assert_eq!(duration_between(Some(10), Some(5)), None);
    assert_eq!(duration_between(None, Some(5)), None);
    assert_eq!(duration_between(Some(5), None), None);
    assert_eq!(duration_between(None, None), None);
    assert_eq!(duration_between(Some(i64::MIN), Some(i64::MAX)), None);
    assert_eq!(
        duration_between(Some(-HOUR), Some(HOUR + 3 * MINUTE)),
        Some("2 h 03 min".into())
    );
}
