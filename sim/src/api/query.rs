//! Query strings: every parameter at most once, lists comma-separated, dates as RFC 3339
//! date-times or `YYYY-MM-DD`.

use crate::error::ApiError;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Timelike};

/// The decoded pairs of a query string.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(raw: Option<&str>) -> Self {
        Self(
            form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// The value of `name`, if given; given twice is an error, not a silent pick.
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.0.iter().filter(|(key, _)| key == name);
        let first = values.next().map(|(_, value)| value.as_str());
        if values.next().is_some() {
            return Err(ApiError::invalid(format!(
                "`{name}` is given more than once; send one comma-separated value"
            )));
        }
        Ok(first)
    }
}

/// A comma list of known values (any order, repeats allowed, blanks ignored); an unknown
/// value is a 400 naming it.
pub fn known_list<T: Clone>(
    name: &str,
    raw: Option<&str>,
    known: impl Fn(&str) -> Option<T>,
    all: impl Fn() -> Vec<String>,
) -> Result<Vec<T>, ApiError> {
    let mut values = Vec::new();
    for item in raw.unwrap_or_default().split(',') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        match known(item) {
            Some(value) => values.push(value),
            None => {
                return Err(ApiError::invalid(format!(
                    "unknown {name} `{}`; expected one of {}",
                    printable(item),
                    all().join(", ")
                )));
            }
        }
    }
    Ok(values)
}

/// Which end of a date range a bound is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    From,
    To,
}

/// An inclusive bound in whole seconds. A bare date means the start of that UTC day for
/// `dateFrom` and its last second for `dateTo`; a date-time is rounded inwards to whole
/// seconds (`createdAt` has whole seconds).
pub fn date_bound(name: &str, raw: &str, end: End) -> Result<i64, ApiError> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        let secs = at.timestamp();
        return Ok(match end {
            End::From if at.nanosecond() > 0 => secs + 1,
            _ => secs,
        });
    }
    if let Ok(day) = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        && raw.len() == 10
        && let Some(midnight) = day.and_hms_opt(0, 0, 0)
    {
        let start = midnight.and_utc().timestamp();
        return Ok(match end {
            End::From => start,
            End::To => start + 86_399,
        });
    }
    Err(ApiError::invalid(format!(
        "`{name}` must be an RFC 3339 date-time (2026-08-01T12:00:00Z) or a date (2026-08-01), not `{}`",
        printable(raw)
    )))
}

/// A whole number in `min..=max`, or `code` naming the rule.
pub fn bounded_number(
    name: &str,
    raw: &str,
    min: u64,
    max: u64,
    code: &str,
) -> Result<u64, ApiError> {
    match raw.trim().parse::<u64>() {
        Ok(value) if (min..=max).contains(&value) => Ok(value),
        _ => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            code,
            format!(
                "`{name}` must be a whole number from {min} to {max}, not `{}`",
                printable(raw)
            ),
        )),
    }
}

/// Echoed input, shortened so an absurd parameter cannot blow up the error body.
pub fn printable(raw: &str) -> String {
    jobscope_wire::error::ellipsize(raw, 64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobscope_wire::error::codes;

    #[test]
    fn repeated_parameters_are_refused() {
        let params = Params::parse(Some("status=DONE&status=FAILED&limit=5"));
        assert!(params.one("status").is_err());
        assert_eq!(params.one("limit").unwrap(), Some("5"));
        assert_eq!(params.one("cursor").unwrap(), None);
    }

    #[test]
    fn bare_dates_cover_whole_days() {
        let from = date_bound("dateFrom", "2026-08-01", End::From).unwrap();
        let to = date_bound("dateTo", "2026-08-01", End::To).unwrap();
        assert_eq!(to - from, 86_399);
        assert_eq!(
            date_bound("dateFrom", "2026-08-01T00:00:00Z", End::From).unwrap(),
            from
        );
        assert_eq!(
            date_bound("dateFrom", "2026-08-01T02:00:00.5+02:00", End::From).unwrap(),
            from + 1
        );
        assert_eq!(
            date_bound("dateTo", "2026-08-01T23:59:59.9Z", End::To).unwrap(),
            to
        );
    }

    #[test]
    fn impossible_dates_are_refused_with_the_value() {
        for raw in [
            "2026-02-30",
            "2026-8-1",
            "yesterday",
            "2026-08-01T25:00:00Z",
            "",
        ] {
            let err = date_bound("dateFrom", raw, End::From).unwrap_err();
            assert_eq!(err.code(), codes::INVALID_REQUEST);
        }
        let long = "x".repeat(10_000);
        let err = date_bound("dateTo", &long, End::To).unwrap_err();
        assert!(err.body.error.message.len() < 300);
    }

    #[test]
    fn lists_ignore_blanks_and_name_unknown_values() {
        let parse = |raw| {
            known_list(
                "status",
                Some(raw),
                |s| (s == "A" || s == "B").then(|| s.to_owned()),
                || vec!["A".into(), "B".into()],
            )
        };
        assert_eq!(parse("B, A,,A").unwrap(), ["B", "A", "A"]);
        let err = parse("A,PAUSED").unwrap_err();
        assert!(err.body.error.message.contains("`PAUSED`"));
    }
}
