//! Timestamps as the servers send them.

use serde::{Deserialize, Serialize};

/// A timestamp kept exactly as sent (so an odd format never fails a whole page), parsed on use.
/// Scripe sends RFC 3339 (`2023-11-07T05:31:56Z`); Booper also sends naive date-times
/// (`2023-09-01T18:25:49`), which are UTC.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// Keeps any text as a timestamp.
    pub fn raw(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// RFC 3339 in UTC (`2026-11-01T12:00:00Z`, milliseconds only when there are any), without
    /// a date library.
    pub fn from_epoch_ms(ms: i64) -> Self {
        let days = ms.div_euclid(86_400_000);
        let in_day = ms.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        let (hour, minute) = (in_day / 3_600_000, in_day / 60_000 % 60);
        let (second, millis) = (in_day / 1_000 % 60, in_day % 1_000);
        let fraction = if millis == 0 {
            String::new()
        } else {
            format!(".{millis:03}")
        };
        Self(format!(
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}Z"
        ))
    }

    /// Milliseconds since the Unix epoch: RFC 3339 with any offset, or a naive date-time read
    /// as UTC. `None` when the text is neither, or names an impossible date.
    pub fn epoch_ms(&self) -> Option<i64> {
        parse_epoch_ms(self.0.trim())
    }
}

#[cfg(feature = "chrono")]
mod with_chrono {
    use chrono::{DateTime, SecondsFormat, Utc};

    use super::Timestamp;

    impl Timestamp {
        /// RFC 3339 in UTC with `Z`, fractional seconds only when there are any.
        pub fn utc(at: DateTime<Utc>) -> Self {
            Self(at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        }

        /// A naive date-time (no zone), as Booper writes `inserted_at`.
        pub fn naive(at: DateTime<Utc>) -> Self {
            Self(at.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f").to_string())
        }

        /// The instant, as [`Timestamp::epoch_ms`] reads it (to the millisecond).
        pub fn to_utc(&self) -> Option<DateTime<Utc>> {
            DateTime::from_timestamp_millis(self.epoch_ms()?)
        }
    }
}

/// `YYYY-MM-DD(T| )HH:MM:SS(.fraction)?(Z|±HH:MM)?`, strictly.
fn parse_epoch_ms(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() < 19 || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = bytes.get(range)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|(at, sep)| bytes[*at] != *sep) {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &bytes[19..];
    let mut millis = 0;
    if let Some((b'.', fraction)) = rest.split_first() {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for (i, digit) in fraction[..digits.min(3)].iter().enumerate() {
            millis += i64::from(digit - b'0') * [100, 10, 1][i];
        }
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let field = |a: u8, b: u8| -> Option<i64> {
                (a.is_ascii_digit() && b.is_ascii_digit())
                    .then(|| i64::from(a - b'0') * 10 + i64::from(b - b'0'))
            };
            let (hours, minutes) = (field(*h1, *h2)?, field(*m1, *m2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let magnitude = hours * 60 + minutes;
            if *sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return None,
    };
    // A leap second reads as the last second of its minute.
    let second = second.min(59);
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1_000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date of a day number since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

    fn ms(text: &str) -> Option<i64> {
        Timestamp::raw(text).epoch_ms()
    }

    #[test]
    fn parses_zoned_naive_and_fractions() {
        let at = Utc
            .with_ymd_and_hms(2023, 9, 1, 18, 25, 49)
            .unwrap()
            .timestamp_millis();
        assert_eq!(ms("2023-09-01T18:25:49Z"), Some(at));
        assert_eq!(ms("2023-09-01T20:25:49+02:00"), Some(at));
        assert_eq!(ms("2023-09-01T15:55:49-02:30"), Some(at));
        assert_eq!(ms("2023-09-01T18:25:49"), Some(at), "naive reads as UTC");
        assert_eq!(ms("2023-09-01 18:25:49z"), Some(at));
        assert_eq!(ms(" 2023-09-01T18:25:49.353046Z "), Some(at + 353));
        assert_eq!(ms("1969-12-31T23:59:59Z"), Some(-1_000));
    }

    #[test]
    fn rejects_garbage_and_impossible_dates() {
        for text in [
            "",
            "yesterday",
            "2023-09-01",
            "2023-9-01T18:25:49Z",
            "2023-02-29T00:00:00Z",
            "2023-13-01T00:00:00Z",
            "2023-09-01T24:00:00Z",
            "2023-09-01T18:25:49.Z",
            "2023-09-01T18:25:49+2:00",
            "2023-09-01T18:25:49 UTC",
            "２０２３-09-01T18:25:49Z",
        ] {
            assert_eq!(ms(text), None, "{text:?}");
        }
        assert!(ms("2024-02-29T00:00:00Z").is_some(), "a leap day");
    }

    #[test]
    fn agrees_with_chrono_on_many_instants() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let secs = (state % 8_000_000_000) as i64 - 1_000_000_000;
            let millis = (state % 1_000) as i64;
            let at = DateTime::from_timestamp_millis(secs * 1_000 + millis).unwrap();
            let text = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            assert_eq!(ms(&text), Some(at.timestamp_millis()), "{text}");
            let naive = at.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f").to_string();
            let expected = NaiveDateTime::parse_from_str(&naive, "%Y-%m-%dT%H:%M:%S%.f")
                .unwrap()
                .and_utc()
                .timestamp_millis();
            assert_eq!(ms(&naive), Some(expected), "{naive}");
            let printed = Timestamp::from_epoch_ms(at.timestamp_millis());
            assert_eq!(printed.as_str(), Timestamp::utc(at).as_str(), "{text}");
        }
    }

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
        assert_eq!(Timestamp::utc(at).to_utc(), Some(at));
    }
}
