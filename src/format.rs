//! Words and numbers for people: labels, relative times, durations, counts.

pub mod ids;

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

pub use ids::short_id;

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
/// `repeated`: the local wall time also names another instant (the hour a daylight-saving
/// change repeats), so the local time says its offset.
pub fn time_text(
    display: TimeDisplay,
    now_ms: i64,
    at_ms: i64,
    offset_ms: i64,
    repeated: bool,
) -> String {
    match display {
        TimeDisplay::Relative => relative(now_ms, at_ms),
        TimeDisplay::Local if repeated => format!(
            "{} {}",
            date_time(at_ms, offset_ms),
            offset_label(offset_ms)
        ),
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
mod tests;
