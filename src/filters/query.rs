//! The URL query ⇄ [`Filters`], in one canonical form. The URL is the one source of truth for
//! what the list shows; anything it holds that is not a filter we understand is dropped and
//! reported, never a panic.
//!
//! Canonical form: the API's parameter names (`status`, `type`, `dateFrom`, `dateTo`), lists
//! comma-separated in the API's documented order without repeats, dates as `YYYY-MM-DD` or as
//! an RFC 3339 instant in UTC.

use std::fmt;

use jobscope_wire::Timestamp;
use jobscope_wire::booper::{BooperState, params as booper};
use jobscope_wire::config::BackendKind;
use jobscope_wire::error::ellipsize;
use jobscope_wire::scripe::{JobStatus, JobType, params};

use super::dates::{DAY_MS, instant};
use super::{Filters, capabilities};
use crate::api::url;

/// Longer values are not read at all.
pub const MAX_VALUE_LEN: usize = 512;

/// Parameters owned by other parts of the app (the open job, the backend, the Insights window
/// and cap): kept as they are, after the filters. Any other parameter is dropped and reported.
pub const OTHER_PARAMS: [&str; 4] = [JOB_PARAM, "backend", "window", "cap"];

/// The job open in the detail drawer.
pub const JOB_PARAM: &str = "job";

/// Something in the URL that was not used, to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    UnknownStatus(String),
    UnknownType(String),
    BadDate {
        param: &'static str,
        value: String,
    },
    /// `dateTo` before `dateFrom`: `dateTo` is dropped.
    Reversed,
    /// A parameter given more than once; the values were merged (lists) or the first kept.
    Repeated(&'static str),
    TooLong(&'static str),
    /// A filter the backend in use does not offer (`status` with Booper).
    Unsupported(&'static str),
    /// A filter that takes one value was given several; the first known one is kept.
    OneValue(&'static str),
    UnknownState(String),
    /// A parameter nothing in the app reads.
    UnknownParam(String),
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownStatus(value) => write!(f, "unknown status “{}”", ellipsize(value, 40)),
            Self::UnknownType(value) => write!(f, "unknown type “{}”", ellipsize(value, 40)),
            Self::BadDate { param, value } => {
                write!(f, "{param} “{}” is not a date", ellipsize(value, 40))
            }
            Self::Reversed => f.write_str("dateTo before dateFrom"),
            Self::Repeated(param) => write!(f, "{param} given more than once"),
            Self::TooLong(param) => write!(f, "{param} too long"),
            Self::Unsupported(param) => write!(f, "{param} is not a filter of this API"),
            Self::OneValue(param) => write!(f, "{param} takes one value"),
            Self::UnknownState(value) => write!(f, "unknown state “{}”", ellipsize(value, 40)),
            Self::UnknownParam(name) => write!(f, "unknown parameter “{}”", ellipsize(name, 40)),
        }
    }
}

/// What a query string means: the filters, and what was ignored on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub filters: Filters,
    pub ignored: Vec<Ignored>,
}

/// Reads decoded `(name, value)` pairs (the router's query map, or a test's) for Scripe, the
/// primary backend. See [`parse_for`].
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Parsed {
    parse_for(pairs, &BackendKind::Scripe)
}

/// Reads decoded `(name, value)` pairs for the filters `backend` declares. The
/// [`OTHER_PARAMS`] belong to other parts of the app and are left alone; filters the backend
/// does not offer, and anything else, are dropped and reported.
pub fn parse_for<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    backend: &BackendKind,
) -> Parsed {
    let offered = capabilities::of(backend);
    let mut parsed = Parsed::default();
    let mut seen = Vec::new();
    let mut from: Option<(i64, String)> = None;
    let mut to: Option<(i64, String)> = None;
    for (name, value) in pairs {
        let Some(param) = [
            params::STATUS,
            params::TYPE,
            booper::STATE,
            params::DATE_FROM,
            params::DATE_TO,
        ]
        .into_iter()
        .find(|known| *known == name) else {
            let unknown = Ignored::UnknownParam(name.to_owned());
            if !OTHER_PARAMS.contains(&name) && !parsed.ignored.contains(&unknown) {
                parsed.ignored.push(unknown);
            }
            continue;
        };
        if !offered.supports(param) {
            if !parsed.ignored.contains(&Ignored::Unsupported(param)) {
                parsed.ignored.push(Ignored::Unsupported(param));
            }
            continue;
        }
        if seen.contains(&param) {
            if !parsed.ignored.contains(&Ignored::Repeated(param)) {
                parsed.ignored.push(Ignored::Repeated(param));
            }
            if matches!(param, params::DATE_FROM | params::DATE_TO) {
                continue;
            }
        }
        seen.push(param);
        if value.len() > MAX_VALUE_LEN {
            parsed.ignored.push(Ignored::TooLong(param));
            continue;
        }
        match param {
            params::STATUS => {
                for item in items(value) {
                    match JobStatus::known(&item.to_ascii_uppercase()) {
                        Some(status) => parsed.filters.statuses.push(status),
                        None => parsed.ignored.push(Ignored::UnknownStatus(item.to_owned())),
                    }
                }
            }
            params::TYPE => {
                for item in items(value) {
                    match JobType::known(&item.to_ascii_uppercase()) {
                        Some(job_type) => parsed.filters.types.push(job_type),
                        None => parsed.ignored.push(Ignored::UnknownType(item.to_owned())),
                    }
                }
            }
            booper::STATE => {
                for item in items(value) {
                    match BooperState::known(&item.to_ascii_lowercase()) {
                        Some(_) if !parsed.filters.states.is_empty() => {
                            if !parsed.ignored.contains(&Ignored::OneValue(param)) {
                                parsed.ignored.push(Ignored::OneValue(param));
                            }
                        }
                        Some(state) => parsed.filters.states.push(state),
                        None => parsed.ignored.push(Ignored::UnknownState(item.to_owned())),
                    }
                }
            }
            _ => {
                let bound = match date(value.trim()) {
                    Some(bound) => bound,
                    None if value.trim().is_empty() => continue,
                    None => {
                        parsed.ignored.push(Ignored::BadDate {
                            param,
                            value: value.to_owned(),
                        });
                        continue;
                    }
                };
                if param == params::DATE_FROM {
                    from = Some(bound);
                } else {
                    to = Some(bound);
                }
            }
        }
    }
    if let (Some((from_ms, _)), Some((to_start_ms, to_text))) = (&from, &to) {
        // A bare `dateTo` covers its whole day.
        let to_end = if to_text.len() == 10 {
            to_start_ms + 86_399_999
        } else {
            *to_start_ms
        };
        if to_end < *from_ms {
            parsed.ignored.push(Ignored::Reversed);
            to = None;
        }
    }
    parsed.filters.date_from = from.map(|(_, text)| text);
    parsed.filters.date_to = to.map(|(_, text)| text);
    canonicalize(&mut parsed.filters);
    parsed
}

/// The query pairs of `filters`, in canonical form and order; empty filters give none.
pub fn to_pairs(filters: &Filters) -> Vec<(&'static str, String)> {
    let mut filters = filters.clone();
    canonicalize(&mut filters);
    let mut pairs = Vec::new();
    if !filters.statuses.is_empty() {
        let list: Vec<&str> = filters.statuses.iter().map(JobStatus::as_str).collect();
        pairs.push((params::STATUS, list.join(",")));
    }
    if !filters.types.is_empty() {
        let list: Vec<&str> = filters.types.iter().map(JobType::as_str).collect();
        pairs.push((params::TYPE, list.join(",")));
    }
    if let Some(state) = filters.states.first() {
        pairs.push((booper::STATE, state.as_str().to_owned()));
    }
    if let Some(from) = filters.date_from {
        pairs.push((params::DATE_FROM, from));
    }
    if let Some(to) = filters.date_to {
        pairs.push((params::DATE_TO, to));
    }
    pairs
}

/// The whole query string (without `?`) in canonical form: the filters, then the first value
/// of each of the [`OTHER_PARAMS`] present in `pairs`; everything else is dropped. Commas and
/// colons stay readable (`status=RUNNING,FAILED&dateFrom=2026-11-01T10:00:00Z`).
pub fn to_query<'a>(
    filters: &Filters,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let mut out = String::new();
    let mut append = |name: &str, value: &str| {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        encode_into(&mut out, value);
    };
    for (name, value) in to_pairs(filters) {
        append(name, &value);
    }
    for other in OTHER_PARAMS {
        if let Some((_, value)) = pairs.iter().find(|(name, _)| *name == other) {
            append(other, value);
        }
    }
    out
}

/// [`to_query`] with one of the [`OTHER_PARAMS`], `name`, set to `value` (left out when
/// `None`) in place of any value `pairs` has for it: opening a job, choosing a window.
pub fn to_query_with<'a>(
    filters: &Filters,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    name: &'a str,
    value: Option<&'a str>,
) -> String {
    let others = pairs
        .into_iter()
        .filter(|(other, _)| *other != name)
        .chain(value.map(|value| (name, value)));
    to_query(filters, others)
}

/// `pairs` written back as they are, in the same encoding as [`to_query`]: a query is in
/// canonical form exactly when this equals its [`to_query`].
pub fn as_written<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        encode_into(&mut out, name);
        out.push('=');
        encode_into(&mut out, value);
    }
    out
}

/// Every value of the app's own query (the open job's id included) is encoded once, by the
/// one query-value encoder: all but unreserved characters and `,` `:` are percent-encoded, so
/// an id with `+`, `&`, `#`, `%` or `=` reads back as itself.
fn encode_into(out: &mut String, value: &str) {
    url::push_query_value(out, value);
}

/// Known values only, each once, in the API's order.
fn canonicalize(filters: &mut Filters) {
    // Picked from the API's list rather than sorted: no sort code in the bundle.
    filters.statuses = JobStatus::KNOWN
        .iter()
        .filter(|known| filters.statuses.contains(known))
        .cloned()
        .collect();
    filters.types = JobType::KNOWN
        .iter()
        .filter(|known| filters.types.contains(known))
        .cloned()
        .collect();
    filters.states.retain(BooperState::is_known);
    filters.states.truncate(1);
}

fn items(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// A date bound's instant (start of day for a bare date) and canonical text.
fn date(value: &str) -> Option<(i64, String)> {
    let ms = bound_ms(value, false)?;
    let text = if value.len() == 10 {
        value.to_owned()
    } else {
        instant(ms)
    };
    Some((ms, text))
}

/// A `dateFrom`/`dateTo` value in UTC ms: an instant, or a bare `YYYY-MM-DD`, which is the
/// API's whole UTC day (its first millisecond as a start, its last as an `end`).
pub(crate) fn bound_ms(value: &str, end: bool) -> Option<i64> {
    if value.len() == 10 {
        let midnight = Timestamp::raw(format!("{value}T00:00:00Z")).epoch_ms()?;
        return Some(if end { midnight + DAY_MS - 1 } else { midnight });
    }
    Timestamp::raw(value).epoch_ms()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(query: &str) -> Parsed {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    fn query_of(filters: &Filters) -> String {
        to_query(filters, [])
    }

    #[test]
    fn one_other_parameter_is_set_replaced_or_left_out() {
        let filters = Filters::default();
        let query = [("cap", "5000"), ("job", "job_a"), ("job", "job_b")];
        assert_eq!(
            to_query_with(&filters, query, JOB_PARAM, Some("job_c")),
            "job=job_c&cap=5000"
        );
        assert_eq!(to_query_with(&filters, query, JOB_PARAM, None), "cap=5000");
        assert_eq!(
            to_query_with(&filters, query, "window", Some("7d")),
            "job=job_a&window=7d&cap=5000"
        );
    }

    #[test]
    fn reads_the_canonical_form() {
        let parsed = parse_str(
            "status=FAILED,RUNNING&type=KB_INGEST_URL&dateFrom=2026-11-01&dateTo=2026-11-02T10:00:00Z",
        );
        assert!(parsed.ignored.is_empty());
        assert_eq!(
            parsed.filters.statuses,
            [JobStatus::Running, JobStatus::Failed]
        );
        assert_eq!(parsed.filters.types, [JobType::KbIngestUrl]);
        assert_eq!(parsed.filters.date_from.as_deref(), Some("2026-11-01"));
        assert_eq!(
            parsed.filters.date_to.as_deref(),
            Some("2026-11-02T10:00:00Z")
        );
        assert_eq!(
            query_of(&parsed.filters),
            "status=RUNNING,FAILED&type=KB_INGEST_URL&dateFrom=2026-11-01&dateTo=2026-11-02T10:00:00Z"
        );
    }

    #[test]
    fn salvages_what_it_can_and_says_what_it_dropped() {
        let parsed = parse_str(
            "status=failed,PAUSED,FAILED&status=DONE&type=NOPE&dateFrom=2026-02-30\
             &dateTo=2026-11-01T12:00:00%2B02:00&job=job_x",
        );
        assert_eq!(
            parsed.filters.statuses,
            [JobStatus::Done, JobStatus::Failed]
        );
        assert!(parsed.filters.types.is_empty());
        assert_eq!(parsed.filters.date_from, None);
        assert_eq!(
            parsed.filters.date_to.as_deref(),
            Some("2026-11-01T10:00:00Z")
        );
        assert_eq!(
            parsed.ignored,
            [
                Ignored::UnknownStatus("PAUSED".into()),
                Ignored::Repeated("status"),
                Ignored::UnknownType("NOPE".into()),
                Ignored::BadDate {
                    param: "dateFrom",
                    value: "2026-02-30".into()
                },
            ]
        );
        assert_eq!(parsed.ignored[0].to_string(), "unknown status “PAUSED”");
    }

    #[test]
    fn other_parts_parameters_are_kept_and_unknown_ones_reported() {
        let query = "utm=x&backend=booper&job=job_%C3%A9%20a&status=DONE&job=job_b&utm=y";
        let parsed = parse_str(query);
        assert_eq!(parsed.ignored, [Ignored::UnknownParam("utm".into())]);
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let canonical = to_query(
            &parsed.filters,
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        assert_eq!(canonical, "status=DONE&job=job_%C3%A9%20a&backend=booper");
        assert_eq!(parse_str(&canonical).filters, parsed.filters);
    }

    #[test]
    fn the_open_jobs_id_reads_back_as_itself_whatever_it_holds() {
        for id in [
            "job_a b",
            "job_a+b",
            "job_a/b",
            "job_a#b",
            "job_100%",
            "job_%41",
            "job_a?b",
            "job_a&b=c",
            "job_a.b",
            "job_a:b",
            "job_é✓",
        ] {
            let query = to_query(
                &parse([("status", "FAILED")]).filters,
                [(JOB_PARAM, id), ("backend", "scripe")],
            );
            let pairs = url::query_pairs(&query);
            let job = pairs.iter().find(|(name, _)| name == JOB_PARAM);
            assert_eq!(job.map(|(_, v)| v.as_str()), Some(id), "{query}");
            // Read back and written again: the same address (a reload changes nothing).
            let again = to_query(
                &parse_str(&query).filters,
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            );
            assert_eq!(again, query);
            assert!(!query.contains('+'), "{query}");
        }
    }

    #[test]
    fn each_backend_keeps_only_the_filters_it_offers() {
        let pairs = [
            ("backend", "booper"),
            ("state", "Completed,cancelled"),
            ("status", "FAILED"),
            ("dateFrom", "2026-11-01"),
        ];
        let booper = parse_for(pairs, &BackendKind::Booper);
        assert_eq!(booper.filters.states, [BooperState::Completed]);
        assert!(booper.filters.statuses.is_empty() && booper.filters.date_from.is_none());
        assert_eq!(
            booper.ignored,
            [
                Ignored::OneValue("state"),
                Ignored::Unsupported("status"),
                Ignored::Unsupported("dateFrom"),
            ]
        );
        assert_eq!(
            to_query(&booper.filters, pairs),
            "state=completed&backend=booper"
        );
        let scripe = parse(pairs);
        assert_eq!(scripe.filters.statuses, [JobStatus::Failed]);
        assert_eq!(scripe.ignored, [Ignored::Unsupported("state")]);
        assert_eq!(
            parse_for([("state", "paused")], &BackendKind::Booper).ignored,
            [Ignored::UnknownState("paused".into())]
        );
        assert_eq!(
            Ignored::Unsupported("status").to_string(),
            "status is not a filter of this API"
        );
    }

    #[test]
    fn a_canonical_query_reads_back_as_written() {
        for query in [
            "status=RUNNING,FAILED&type=KB_INGEST_URL&dateFrom=2026-11-01",
            "state=completed&backend=booper",
            "",
        ] {
            let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            let pairs = || pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            let parsed = parse_for(pairs(), &BackendKind::Booper);
            let parsed = if query.contains("status") {
                parse(pairs())
            } else {
                parsed
            };
            assert_eq!(
                as_written(pairs()),
                to_query(&parsed.filters, pairs()),
                "{query}"
            );
        }
        assert_ne!(
            as_written([("status", "failed")]),
            to_query(&parse([("status", "failed")]).filters, [])
        );
    }

    #[test]
    fn a_reversed_range_drops_date_to_but_a_bare_day_covers_itself() {
        let reversed = parse_str("dateFrom=2026-11-02&dateTo=2026-11-01T23:00:00Z");
        assert_eq!(reversed.filters.date_to, None);
        assert_eq!(reversed.ignored, [Ignored::Reversed]);
        let same_day = parse_str("dateFrom=2026-11-01T09:00:00Z&dateTo=2026-11-01");
        assert!(same_day.ignored.is_empty(), "{:?}", same_day.ignored);
    }

    #[test]
    fn absurd_lengths_are_not_read() {
        let long = "A".repeat(MAX_VALUE_LEN + 1);
        let parsed = parse_str(&format!("status={long}"));
        assert_eq!(parsed.ignored, [Ignored::TooLong("status")]);
        assert!(parsed.filters.is_empty());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_query_parses_and_canonicalising_twice_changes_nothing(query in ".{0,200}") {
                let once = parse_str(&query);
                let again = parse_str(&query_of(&once.filters));
                prop_assert!(again.ignored.is_empty(), "{:?}", again.ignored);
                prop_assert_eq!(&again.filters, &once.filters);
            }

            #[test]
            fn near_miss_queries_parse_too(
                statuses in prop::collection::vec("(QUEUED|running|DONE|Failed|CANCELLED|PAUSED| )", 0..6),
                dates in prop::collection::vec("(2026-(0[1-9]|1[0-3])-([0-3][0-9])(T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|[+-][01][0-9]:[0-5][0-9]))?)", 0..3),
            ) {
                let mut query = format!("status={}", statuses.join(","));
                for (i, date) in dates.iter().enumerate() {
                    let name = if i % 2 == 0 { "dateFrom" } else { "dateTo" };
                    query.push_str(&format!("&{name}={}", date.replace('+', "%2B")));
                }
                let once = parse_str(&query);
                let again = parse_str(&query_of(&once.filters));
                prop_assert!(again.ignored.is_empty(), "{:?}", again.ignored);
                prop_assert_eq!(&again.filters, &once.filters);
            }

            #[test]
            fn filters_to_url_to_filters_is_identity(
                statuses in prop::collection::btree_set(0usize..5, 0..5),
                types in prop::collection::btree_set(0usize..6, 0..6),
                from in prop::option::of(0i64..4_000_000_000_000),
                span in prop::option::of(0i64..400_000_000_000),
                bare_from in any::<bool>(),
            ) {
                let from_text = from.map(|ms| {
                    let text = Timestamp::from_epoch_ms(ms).as_str().to_owned();
                    if bare_from { text[..10].to_owned() } else { text }
                });
                let start = from_text.as_deref().and_then(date).map(|(ms, _)| ms);
                let to_text = span.map(|span| {
                    Timestamp::from_epoch_ms(start.unwrap_or(0) + span).as_str().to_owned()
                });
                let filters = Filters {
                    statuses: statuses.into_iter().map(|i| JobStatus::KNOWN[i].clone()).collect(),
                    types: types.into_iter().map(|i| JobType::KNOWN[i].clone()).collect(),
                    states: Vec::new(),
                    date_from: from_text,
                    date_to: to_text,
                };
                let back = parse_str(&query_of(&filters));
                prop_assert!(back.ignored.is_empty(), "{:?}", back.ignored);
                prop_assert_eq!(back.filters, filters);
            }
        }
    }
}
