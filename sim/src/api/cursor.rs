//! The opaque list cursor: base64url of the last row's keyset and a hash of the filters it
//! was issued under, so a cursor replayed under other filters is refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::data::store::{Key, ListFilter};

const VERSION: &str = "c1";

/// Encodes the position after `key` under `filter`.
pub fn encode(key: &Key, filter: &ListFilter) -> String {
    let text = format!("{VERSION}|{}|{}|{:016x}", key.0, key.1, fingerprint(filter));
    URL_SAFE_NO_PAD.encode(text)
}

/// Why a cursor was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorError {
    /// Not one of ours (garbage, or from another deploy).
    Invalid,
    /// Issued under other filters.
    OtherFilters,
}

/// The position a cursor names, if it was issued under `filter`.
pub fn decode(cursor: &str, filter: &ListFilter) -> Result<Key, CursorError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor.trim_end_matches('='))
        .map_err(|_| CursorError::Invalid)?;
    let text = String::from_utf8(bytes).map_err(|_| CursorError::Invalid)?;
    let mut parts = text.split('|');
    let (Some(VERSION), Some(secs), Some(id), Some(hash), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(CursorError::Invalid);
    };
    let secs: i64 = secs.parse().map_err(|_| CursorError::Invalid)?;
    let hash = u64::from_str_radix(hash, 16).map_err(|_| CursorError::Invalid)?;
    if id.is_empty() {
        return Err(CursorError::Invalid);
    }
    if hash != fingerprint(filter) {
        return Err(CursorError::OtherFilters);
    }
    Ok((secs, id.to_owned()))
}

/// FNV-1a over the filters in canonical form (sorted, de-duplicated), stable across runs.
fn fingerprint(filter: &ListFilter) -> u64 {
    let mut statuses: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
    statuses.sort_unstable();
    statuses.dedup();
    let mut types: Vec<&str> = filter.types.iter().map(|t| t.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    let canonical = format!(
        "s={};t={};f={:?};u={:?}",
        statuses.join(","),
        types.join(","),
        filter.from,
        filter.to
    );
    canonical.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobscope_wire::scripe::JobStatus;

    #[test]
    fn round_trips_under_the_same_filters_in_any_order() {
        let a = ListFilter {
            statuses: vec![JobStatus::Failed, JobStatus::Done, JobStatus::Done],
            ..ListFilter::default()
        };
        let b = ListFilter {
            statuses: vec![JobStatus::Done, JobStatus::Failed],
            ..ListFilter::default()
        };
        let key = (1_700_000_000, "job_abc".to_owned());
        let cursor = encode(&key, &a);
        assert!(
            cursor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(decode(&cursor, &b), Ok(key));
    }

    #[test]
    fn other_filters_and_garbage_are_refused() {
        let key = (1, "job_x".to_owned());
        let cursor = encode(&key, &ListFilter::default());
        let other = ListFilter {
            from: Some(0),
            ..ListFilter::default()
        };
        assert_eq!(decode(&cursor, &other), Err(CursorError::OtherFilters));
        for garbage in ["", "!!!", "bm9wZQ", "YzF8eHx5fHo", &cursor[1..]] {
            assert!(
                decode(garbage, &ListFilter::default()).is_err(),
                "{garbage}"
            );
        }
    }
}
