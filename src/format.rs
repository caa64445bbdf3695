//! Words and numbers for people: labels, relative times, durations, counts.

use jobscope_wire::Timestamp;
use jobscope_wire::scripe::{JobStatus, JobType};

/// "URL ingest" for `KB_INGEST_URL`; unknown types are shown as sent.
pub fn type_label(job_type: &JobType) -> String {
    match job_type {
        JobType::PostGeneration => "Post generation",
        JobType::KbIngestText => "Text ingest",
        JobType::KbIngestFile => "File ingest",
        JobType::KbIngestUrl => "URL ingest",
        JobType::KbIngestYoutube => "YouTube ingest",
        JobType::SourceIngestFile => "Source file ingest",
        JobType::Other(raw) => raw,
    }
    .to_owned()
}

/// "Failed" for `FAILED`; unknown statuses are shown as sent.
pub fn status_label(status: &JobStatus) -> String {
    match status {
        JobStatus::Queued => "Queued",
        JobStatus::Running => "Running",
        JobStatus::Done => "Done",
        JobStatus::Failed => "Failed",
        JobStatus::Cancelled => "Cancelled",
        JobStatus::Other(raw) => raw,
    }
    .to_owned()
}

/// "just now", "42 s ago", "5 min ago", "3 h ago", "12 d ago"; future times (clock skew)
/// read "just now".
pub fn relative(now_ms: i64, then_ms: i64) -> String {
    let secs = (now_ms - then_ms) / 1000;
    match secs {
        ..=4 => "just now".to_owned(),
        5..=59 => format!("{secs} s ago"),
        60..=3_599 => format!("{} min ago", secs / 60),
        3_600..=86_399 => format!("{} h ago", secs / 3_600),
        _ => format!("{} d ago", secs / 86_400),
    }
}

/// "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min".
pub fn duration(ms: i64) -> String {
    let ms = ms.max(0);
    match ms {
        ..=999 => format!("{ms} ms"),
        // Integer tenths: float formatting would add kilobytes to the bundle.
        1_000..=59_999 => format!("{}.{} s", ms / 1000, (ms % 1000) / 100),
        60_000..=3_599_999 => format!("{} min {:02} s", ms / 60_000, (ms / 1000) % 60),
        _ => format!("{} h {:02} min", ms / 3_600_000, (ms / 60_000) % 60),
    }
}

/// "1,234".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The id without its `job_` prefix, shortened to 8 characters: enough to tell rows apart.
pub fn short_id(id: &str) -> String {
    let bare = id.strip_prefix("job_").unwrap_or(id);
    bare.chars().take(8).collect()
}

/// How times are shown in the list: people pick between glanceable and exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TimeDisplay {
    /// "5 min ago".
    #[default]
    Relative,
    /// The browser's wall clock.
    Local,
    /// UTC, to compare with server logs.
    Utc,
}

impl TimeDisplay {
    /// Every choice, in the order the picker lists them.
    pub const ALL: [Self; 3] = [Self::Relative, Self::Local, Self::Utc];

    /// How the choice is stored and named in `<option>` values.
    pub fn key(self) -> &'static str {
        match self {
            Self::Relative => "relative",
            Self::Local => "local",
            Self::Utc => "utc",
        }
    }

    /// The choice stored as `key`; `None` for anything else (old or edited settings).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|display| display.key() == key)
    }

    /// What the picker shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Relative => "Relative",
            Self::Local => "Local",
            Self::Utc => "UTC",
        }
    }
}

/// `("2026-11-23", "18:30:05")` for a wall-clock instant, from the wire crate's RFC 3339
/// printer so there is one calendar implementation.
fn date_and_time(wall_ms: i64) -> (String, String) {
    let text = Timestamp::from_epoch_ms(wall_ms).as_str().to_owned();
    match text.split_once('T') {
        Some((date, rest)) => match rest.get(..8) {
            Some(time) => (date.to_owned(), time.to_owned()),
            None => (date.to_owned(), rest.trim_end_matches('Z').to_owned()),
        },
        None => (text, String::new()),
    }
}

/// "2026-11-23 18:30:05": the wall clock `offset_ms` east of UTC at `ms` (UTC epoch ms);
/// whole seconds, which is what people compare against logs.
pub fn date_time(ms: i64, offset_ms: i64) -> String {
    let (date, time) = date_and_time(ms.saturating_add(offset_ms));
    format!("{date} {time}")
}

/// "UTC", "UTC+01:00", "UTC-05:30": names the zone a [`date_time`] is in.
pub fn offset_label(offset_ms: i64) -> String {
    if offset_ms == 0 {
        return "UTC".to_owned();
    }
    let sign = if offset_ms < 0 { '-' } else { '+' };
    let minutes = offset_ms.unsigned_abs() / 60_000;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A time as the chosen [`TimeDisplay`] shows it; `offset_ms` is the local zone's offset.
pub fn time_text(display: TimeDisplay, now_ms: i64, at_ms: i64, offset_ms: i64) -> String {
    match display {
        TimeDisplay::Relative => relative(now_ms, at_ms),
        TimeDisplay::Local => date_time(at_ms, offset_ms),
        TimeDisplay::Utc => format!("{} UTC", date_time(at_ms, 0)),
    }
}

/// The tooltip of a shown time: the exact instant locally and in UTC, whatever is displayed.
pub fn time_title(at_ms: i64, offset_ms: i64) -> String {
    let utc = format!("{} UTC", date_time(at_ms, 0));
    if offset_ms == 0 {
        utc
    } else {
        format!(
            "{} {} · {utc}",
            date_time(at_ms, offset_ms),
            offset_label(offset_ms)
        )
    }
}

/// "about 4 min left" from Scripe's `estimatedCompletionMs` (time until the job should
/// finish), rounded to the nearest minute: an estimate reads better coarse.
pub fn eta(ms_left: i64) -> String {
    match ms_left {
        ..=0 => "any moment now".to_owned(),
        1..=59_999 => "less than a minute left".to_owned(),
        _ => {
            let minutes = ms_left / 60_000 + i64::from(ms_left % 60_000 >= 30_000);
            if minutes < 60 {
                format!("about {minutes} min left")
            } else {
                format!("about {} h {:02} min left", minutes / 60, minutes % 60)
            }
        }
    }
}

/// How long a job took (or has been running), when both ends are known and in order.
pub fn duration_between(start_ms: Option<i64>, end_ms: Option<i64>) -> Option<String> {
    let elapsed = end_ms?.checked_sub(start_ms?)?;
    (elapsed >= 0).then(|| duration(elapsed))
}

/// JSON text with its invisible bidirectional controls (U+061C, U+200E/F, U+202A–E,
/// U+2066–9) written as `\uXXXX` escapes: the same JSON when parsed, but a right-to-left
/// override inside a string can no longer reorder the quotes and commas after it on the
/// line. JSON allows these characters only inside strings, where the escape is valid.
pub fn json_with_visible_bidi(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
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
        assert_eq!(short_id("job_a1b2c3d4e5f6g7h8"), "a1b2c3d4");
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
        assert_eq!(time_text(TimeDisplay::Relative, now, AT, HOUR), "5 min ago");
        assert_eq!(
            time_text(TimeDisplay::Local, now, AT, HOUR),
            "2026-11-23 18:30:05"
        );
        assert_eq!(
            time_text(TimeDisplay::Utc, now, AT, HOUR),
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
}
