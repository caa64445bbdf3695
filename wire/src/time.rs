//! Timestamps as the servers send them.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// A timestamp kept exactly as sent (so an odd format never fails a whole page), parsed on use.
/// Scripe sends RFC 3339 (`2023-11-07T05:31:56Z`); Booper also sends naive date-times
/// (`2023-09-01T18:25:49`), which are UTC.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// RFC 3339 in UTC with `Z`, fractional seconds only when there are any.
    pub fn utc(at: DateTime<Utc>) -> Self {
        Self(at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    /// A naive date-time (no zone), as Booper writes `inserted_at`.
    pub fn naive(at: DateTime<Utc>) -> Self {
        Self(at.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f").to_string())
    }

    /// Keeps any text as a timestamp.
    pub fn raw(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant: RFC 3339 with any offset, or a naive date-time read as UTC. `None` when
    /// the text is neither.
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        let text = self.0.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Some(at.with_timezone(&Utc));
        }
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
            .ok()
            .map(|naive| naive.and_utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn utc_prints_seconds_and_only_needed_fractions() {
        let at = Utc.with_ymd_and_hms(2023, 11, 7, 5, 31, 56).unwrap();
        assert_eq!(Timestamp::utc(at).as_str(), "2023-11-07T05:31:56Z");
        let with_micros = at + chrono::Duration::microseconds(353_046);
        assert_eq!(
            Timestamp::utc(with_micros).as_str(),
            "2023-11-07T05:31:56.353046Z"
        );
        assert_eq!(Timestamp::naive(at).as_str(), "2023-11-07T05:31:56");
    }

    #[test]
    fn parses_zoned_naive_and_rejects_garbage() {
        let at = Utc.with_ymd_and_hms(2023, 9, 1, 18, 25, 49).unwrap();
        assert_eq!(Timestamp::raw("2023-09-01T18:25:49Z").to_utc(), Some(at));
        assert_eq!(
            Timestamp::raw("2023-09-01T20:25:49+02:00").to_utc(),
            Some(at)
        );
        assert_eq!(Timestamp::raw("2023-09-01T18:25:49").to_utc(), Some(at));
        assert_eq!(Timestamp::raw("yesterday").to_utc(), None);
        assert_eq!(Timestamp::raw("").to_utc(), None);
    }
}
