//! Ids and other values in URLs: one encoder per place a value can go (a path segment, a
//! query value), each applied exactly once where the URL is built, and one reader of query
//! strings. Ids are data, never syntax: a job id may hold a space, `+`, `/`, `#`, `%`, `?`,
//! `&`, `.` or any Unicode, and must reach the API (and the app's own links) as itself.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a path segment encodes: every byte but RFC 3986's unreserved characters
/// (`ALPHA / DIGIT / "-" / "." / "_" / "~"`), as UTF-8 percent-escapes.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What a query value encodes: as [`SEGMENT`], but `,` and `:` stay plain (both are literal
/// in a query, and lists and times read better in an address bar).
const QUERY_VALUE: &AsciiSet = &SEGMENT.remove(b',').remove(b':');

/// `value` as one path segment (RFC 3986 `segment`): every byte but the unreserved ones is
/// percent-encoded, so `/` is `%2F`, a space `%20` (never `+`, which a path reads as a plus),
/// `%` is `%25`.
///
/// `None` for a value no request URL can carry as a segment: the empty string (the segment
/// would vanish: `/jobs/` is another resource), and `.` or `..`, which browsers remove as dot
/// segments even when written `%2E` or `%2E%2E` (the WHATWG URL standard treats those as dots),
/// so the request would reach another resource.
pub fn path_segment(value: &str) -> Option<String> {
    if matches!(value, "" | "." | "..") {
        return None;
    }
    Some(utf8_percent_encode(value, SEGMENT).to_string())
}

/// `value` as a query value (or name) of `application/x-www-form-urlencoded`, the way every
/// server and `URLSearchParams` read a query: all but the unreserved characters and `,` `:`
/// are percent-encoded, so `+` (`%2B`), `&` (`%26`), `=` (`%3D`), `#` (`%23`) and `%` (`%25`)
/// survive, and a space is `%20` (read as a space either way). `,` and `:` stay plain so
/// lists and times read well in an address bar (`status=RUNNING,FAILED`); both are literal in
/// a query.
pub fn query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// [`query_value`], appended to `out`.
pub fn push_query_value(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, QUERY_VALUE));
}

/// A query string (without `?`) built from `(name, value)` pairs, each encoded once by
/// [`query_value`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(String);

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `name=value`.
    pub fn push(&mut self, name: &str, value: &str) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        push_query_value(&mut self.0, name);
        self.0.push('=');
        push_query_value(&mut self.0, value);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// The `(name, value)` pairs of a query string (with or without its leading `?`), each
/// decoded exactly once as a browser's `URLSearchParams` does (`+` is a space, `%XX` a byte,
/// invalid UTF-8 replaced). The app reads its own address with this rather than the router's
/// query map, which decodes values a second time (an id `job_%41` would read as `job_A`).
pub fn query_pairs(search: &str) -> Vec<(String, String)> {
    let search = search.strip_prefix('?').unwrap_or(search);
    form_urlencoded::parse(search.as_bytes())
        .into_owned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids as the APIs might return them, one of each kind of character that means something
    /// in a URL, and some that do not.
    const IDS: [&str; 16] = [
        "job_2x7Kf3aQ",
        "job_a b",
        "job_a+b",
        "job_a/b",
        "job_a#b",
        "job_100%",
        "job_%41",
        "job_%2F",
        "job_a?b",
        "job_a&b=c",
        "job_a.b",
        "job_a:b",
        "job_é✓",
        "job_..",
        "...",
        "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
    ];

    /// Percent-decoding alone, as a server's router decodes a path parameter (`+` stays).
    fn percent_decode(text: &str) -> String {
        percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .unwrap()
            .into_owned()
    }

    #[test]
    fn a_path_segment_keeps_only_unreserved_characters() {
        assert_eq!(path_segment("job_AZaz09-._~").unwrap(), "job_AZaz09-._~");
        for (raw, encoded) in [
            (" ", "%20"),
            ("+", "%2B"),
            ("/", "%2F"),
            ("?", "%3F"),
            ("#", "%23"),
            ("%", "%25"),
            ("&", "%26"),
            ("=", "%3D"),
            (":", "%3A"),
            (";", "%3B"),
            ("@", "%40"),
            ("\\", "%5C"),
            ("'", "%27"),
            ("\"", "%22"),
            ("\u{0}", "%00"),
            ("\n", "%0A"),
            ("é", "%C3%A9"),
            ("✓", "%E2%9C%93"),
            ("😀", "%F0%9F%98%80"),
        ] {
            assert_eq!(path_segment(raw).unwrap(), encoded, "{raw:?}");
        }
    }

    #[test]
    fn a_segment_that_would_vanish_or_climb_is_refused() {
        for unsendable in ["", ".", ".."] {
            assert_eq!(path_segment(unsendable), None, "{unsendable:?}");
        }
        // Only whole dot segments: dots inside an id, or three of them, are plain characters.
        assert_eq!(path_segment("...").unwrap(), "...");
        assert_eq!(path_segment("job_..").unwrap(), "job_..");
        assert_eq!(path_segment(".job").unwrap(), ".job");
    }

    #[test]
    fn a_query_value_survives_form_decoding() {
        for (raw, encoded) in [
            ("a b", "a%20b"),
            ("a+b", "a%2Bb"),
            ("a&b=c", "a%26b%3Dc"),
            ("a#b", "a%23b"),
            ("100%", "100%25"),
            ("a/b?c", "a%2Fb%3Fc"),
            ("RUNNING,FAILED", "RUNNING,FAILED"),
            ("2026-11-01T10:00:00Z", "2026-11-01T10:00:00Z"),
            ("é", "%C3%A9"),
        ] {
            assert_eq!(query_value(raw), encoded, "{raw:?}");
        }
    }

    #[test]
    fn every_id_round_trips_through_a_decoder() {
        for id in IDS {
            if let Some(segment) = path_segment(id) {
                assert!(!segment.contains('/'), "{id:?}: one segment");
                // What the server's router does with a path parameter (axum's `Path`).
                assert_eq!(percent_decode(&segment), id, "{id:?} as a path segment");
            }
            let mut query = Query::new();
            query.push("job", id).push("status", "FAILED");
            let query = query.finish();
            let pairs = query_pairs(&query);
            assert_eq!(
                pairs,
                [
                    ("job".to_owned(), id.to_owned()),
                    ("status".to_owned(), "FAILED".to_owned())
                ],
                "{id:?} in {query}"
            );
            // A browser reading the same query, with its `?`.
            assert_eq!(query_pairs(&format!("?{query}"))[0].1, id);
        }
    }

    #[test]
    fn encoding_is_applied_exactly_once() {
        // Encoded output holds no character its own encoder would change but `%`, which
        // starts each escape: decoding once gives back the id, decoding twice would not.
        for id in ["job_%41", "job_%2F", "job_100%25", "job_a%20b"] {
            let segment = path_segment(id).unwrap();
            assert_eq!(percent_decode(&segment), id, "{id:?}");
            assert_ne!(percent_decode(&percent_decode(&segment)), id, "{id:?}");
            let value = query_value(id);
            assert_eq!(query_pairs(&format!("job={value}"))[0].1, id, "{id:?}");
        }
        // The encoders never produce `+`, so no reader can take a space for a plus or back.
        for id in IDS {
            assert!(!query_value(id).contains('+'));
            assert!(path_segment(id).is_none_or(|s| !s.contains('+')));
        }
    }

    #[test]
    fn reading_a_query_decodes_plus_as_a_space_and_keeps_repeats() {
        assert_eq!(
            query_pairs("?job=job_a+b&x=1&x=2&flag"),
            [
                ("job".to_owned(), "job_a b".to_owned()),
                ("x".to_owned(), "1".to_owned()),
                ("x".to_owned(), "2".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
        assert_eq!(query_pairs(""), []);
        // A lone `%` is kept, as `URLSearchParams` keeps it.
        assert_eq!(query_pairs("job=job_100%")[0].1, "job_100%");
    }
}
