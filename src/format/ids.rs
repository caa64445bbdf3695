//! Short labels for job ids that tell the loaded rows apart. Each row shows the shortest end
//! of its id that no other loaded id ends with (at least [`MIN_LABEL`] characters): ids that
//! share a long start, as time-ordered ids such as ULIDs do, still read differently, and the
//! label stays the same length as rows come and go unless an id needs more.
//!
//! Labels are computed together, in O(n log n) over n ids: sorted by their reversed text,
//! the id with which an id shares its longest end is next to it.

use std::cmp::Ordering;

/// The prefix every Scripe id starts with: not shown (the whole id is on hover and in the
/// drawer), and not counted toward [`MIN_LABEL`].
pub const KNOWN_PREFIX: &str = "job_";

/// Characters a label has at least, fewer only for shorter ids: enough to recognise a job
/// at a glance and to say it, and the same as [`short_id`] shows where no list is at hand
/// (the drawer's title, whose details hold the whole id).
pub const MIN_LABEL: usize = 8;

/// Where each id's label starts: `ids[i][starts[i]..]` is id `i`'s label (a byte offset on a
/// character boundary). Labels of distinct ids are distinct, and each is an end (or the
/// whole) of its id; an id listed twice gets the same label twice.
pub fn label_starts<S: AsRef<str>>(ids: &[S]) -> Vec<usize> {
    let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_unstable_by(|&a, &b| reversed_cmp(ids[a], ids[b]));
    // The longest end each id shares with another: with its neighbours in this order.
    let mut shared = vec![0; ids.len()];
    for pair in order.windows(2) {
        let common = common_end(ids[pair[0]], ids[pair[1]]);
        shared[pair[0]] = shared[pair[0]].max(common);
        shared[pair[1]] = shared[pair[1]].max(common);
    }
    ids.iter()
        .zip(shared)
        .map(|(id, shared)| label_start(id, shared))
        .collect()
}

/// The label an id has on its own: its last [`MIN_LABEL`] characters (after
/// [`KNOWN_PREFIX`]), "…" first when that is not all of it. For where no list is at hand.
pub fn short_id(id: &str) -> String {
    let start = label_start(id, 0);
    if is_elided(id, start) {
        format!("…{}", &id[start..])
    } else {
        id[start..].to_owned()
    }
}

/// Whether the label starting at `start` leaves out some of the id beyond the known prefix,
/// so it is shown after an ellipsis.
pub fn is_elided(id: &str, start: usize) -> bool {
    start > 0 && !(start == KNOWN_PREFIX.len() && id.starts_with(KNOWN_PREFIX))
}

/// Where the label of `id` starts when another id ends with the same `shared` characters.
/// A label that would reach into the known prefix is the whole id.
fn label_start(id: &str, shared: usize) -> usize {
    let bare = id.strip_prefix(KNOWN_PREFIX).unwrap_or(id);
    let bare_chars = bare.chars().count();
    let wanted = (shared + 1).max(MIN_LABEL.min(bare_chars));
    if wanted > bare_chars {
        return 0;
    }
    bare.char_indices()
        .nth(bare_chars - wanted)
        .map_or(id.len(), |(at, _)| id.len() - bare.len() + at)
}

/// How many characters `a` and `b` end with in common.
fn common_end(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The order of the texts read backwards.
fn reversed_cmp(a: &str, b: &str) -> Ordering {
    a.chars().rev().cmp(b.chars().rev())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn labels<'a>(ids: &[&'a str]) -> Vec<&'a str> {
        ids.iter()
            .zip(label_starts(ids))
            .map(|(id, start)| &id[start..])
            .collect()
    }

    fn assert_labels_tell_apart(ids: &[&str]) {
        let labels = labels(ids);
        for (id, label) in ids.iter().zip(&labels) {
            assert!(id.ends_with(label), "{label:?} is not an end of {id:?}");
        }
        let distinct: HashSet<&&str> = labels.iter().collect();
        assert_eq!(distinct.len(), ids.len(), "{ids:?} → {labels:?}");
    }

    #[test]
    fn ids_with_a_common_start_get_their_distinct_ends() {
        let ids = [
            "job_01HZX3K9QW8E7R5T6Y2U1I0OPA",
            "job_01HZX3K9QW8E7R5T6Y2U1I0OPB",
            "job_01HZX3K9QW8E7R5T6Y2U1I9XYZ",
        ];
        assert_eq!(labels(&ids), ["2U1I0OPA", "2U1I0OPB", "2U1I9XYZ"]);
        assert_labels_tell_apart(&ids);
    }

    #[test]
    fn labels_have_a_minimum_and_skip_the_known_prefix() {
        assert_eq!(labels(&["job_a1b2c3d4e5f6g7h8"]), ["e5f6g7h8"]);
        assert_eq!(labels(&["job_abc", "xyz", ""]), ["abc", "xyz", ""]);
        // "abc" is all of "abc" and the end of "job_abc": the longer one is shown whole.
        assert_eq!(labels(&["job_abc", "abc"]), ["job_abc", "abc"]);
        // Characters, not bytes.
        assert_eq!(labels(&["job_é✓é✓é✓é✓é✓"]), ["é✓é✓é✓é✓"]);
        assert_labels_tell_apart(&["job_é✓", "é✓", "✓", "job_✓", "job_a b", "job_a+b"]);
    }

    #[test]
    fn short_ids_are_the_end_with_an_ellipsis_when_shortened() {
        assert_eq!(short_id("job_a1b2c3d4e5f6g7h8"), "…e5f6g7h8");
        assert_eq!(short_id("job_a1b2c3d4"), "a1b2c3d4");
        assert_eq!(short_id("job_"), "job_");
        assert_eq!(short_id("xyz"), "xyz");
        assert_eq!(short_id("0123456789"), "…23456789");
        assert!(!is_elided("job_a1b2c3d4", 4));
        assert!(is_elided("job_a1b2c3d4", 5));
        assert!(is_elided("abcd_a1b2c3d4", 4));
        assert!(!is_elided("abc", 0));
    }

    /// ULID-like ids: a 10-character time part that many share, 16 random characters.
    fn ulids(count: usize) -> Vec<String> {
        const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            // xorshift64*: reproducible without a random-number crate.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        (0..count)
            .map(|i| {
                let time = format!("01J{:07}", i / 40);
                let random: String = (0..16)
                    .map(|_| char::from(CROCKFORD[(next() % 32) as usize]))
                    .collect();
                format!("job_{time}{random}")
            })
            .collect()
    }

    #[test]
    fn ten_thousand_ulids_all_get_distinct_labels() {
        let ids = ulids(10_000);
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(refs.iter().collect::<HashSet<_>>().len(), 10_000);
        assert_labels_tell_apart(&refs);
        let longest = labels(&refs).iter().map(|l| l.len()).max();
        assert_eq!(longest, Some(MIN_LABEL), "random ends need no more");
        // Sequential ids that differ only at the start need their whole length.
        let sequential: Vec<String> = (0..10_000)
            .map(|i| format!("{i}{}", "x".repeat(30)))
            .collect();
        let refs: Vec<&str> = sequential.iter().map(String::as_str).collect();
        assert_labels_tell_apart(&refs);
    }

    // proptest's randomness does not build for wasm32.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_distinct_ids_get_distinct_ends(
                ids in proptest::collection::hash_set("(job_)?[ab_é]{0,7}", 0..40)
            ) {
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                assert_labels_tell_apart(&ids);
            }

            #[test]
            fn any_distinct_text_gets_distinct_ends(
                ids in proptest::collection::hash_set(any::<String>(), 0..20)
            ) {
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                assert_labels_tell_apart(&ids);
            }
        }
    }
}
