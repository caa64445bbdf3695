//! Words and numbers for people: labels, relative times, durations, counts.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
