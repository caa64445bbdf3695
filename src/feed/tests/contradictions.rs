//! An API that contradicts itself stops the feed with a plain error and Retry: rows kept, and
//! no request until the user retries (a retry that meets the same answer stops again). Each
//! "storm" test drives the feed as the list's prefetch does (ask whenever it is idle) against a
//! server that keeps contradicting itself, and counts the requests.

use super::*;
use crate::api::error::Contradiction;

/// Asks for pages as the list's prefetch does, as long as the feed lets it (at most
/// `budget` requests), answering each with `server(token)`; returns the requests sent.
fn prefetch(
    feed: &mut Feed<Job>,
    budget: usize,
    mut server: impl FnMut(Option<&str>) -> (Page<Job>, Option<Contradiction>),
) -> Vec<Option<String>> {
    let mut sent = Vec::new();
    while sent.len() < budget {
        let Some(request) = feed.next_request() else {
            break;
        };
        let (page, claim) = server(request.token.as_deref());
        sent.push(request.token);
        assert!(feed.on_page_with(request.generation, page, claim));
    }
    sent
}

/// The user presses Retry once; answers the requests it led to (the same prefetch after it).
fn retry_once(
    feed: &mut Feed<Job>,
    server: impl FnMut(Option<&str>) -> (Page<Job>, Option<Contradiction>),
) -> Vec<Option<String>> {
    let mut server = server;
    let Some(request) = feed.retry() else {
        return Vec::new();
    };
    let (page, claim) = server(request.token.as_deref());
    assert!(feed.on_page_with(request.generation, page, claim));
    let mut sent = vec![request.token];
    sent.extend(prefetch(feed, 1_000, server));
    sent
}

fn stopped_by(feed: &Feed<Job>, why: Contradiction) {
    assert_eq!(feed.state(), FeedState::Error);
    assert_eq!(feed.error(), Some(&ApiError::Contradiction(why)));
}

fn token(text: &str) -> Option<String> {
    Some(text.to_owned())
}

#[test]
fn more_without_a_cursor_on_the_first_page_is_an_error_not_an_empty_list() {
    let mut feed = Feed::<Job>::new();
    let empty = |_: Option<&str>| (page(0, 0, None), Some(Contradiction::MoreWithoutToken));
    let sent = prefetch(&mut feed, 10_000, empty);
    assert_eq!(sent, [None], "one request, then nothing");
    stopped_by(&feed, Contradiction::MoreWithoutToken);
    assert!(feed.is_empty());
    // Retry reads the first page again; the same answer stops it again.
    assert_eq!(retry_once(&mut feed, empty), [None]);
    stopped_by(&feed, Contradiction::MoreWithoutToken);
    assert_eq!(feed.next_request(), None);
}

#[test]
fn more_without_a_cursor_on_a_later_page_keeps_the_rows_and_stops() {
    let mut feed = loaded(50, Some("c1"));
    let later = |_: Option<&str>| (page(0, 0, None), Some(Contradiction::MoreWithoutToken));
    let sent = prefetch(&mut feed, 10_000, later);
    assert_eq!(sent, [token("c1")]);
    stopped_by(&feed, Contradiction::MoreWithoutToken);
    assert_eq!(feed.len(), 50, "rows kept");
    assert_ne!(feed.state(), FeedState::End, "never \"all loaded\"");
    // Its own rows land too; a retry asks for the same page, and a fixed API goes on.
    let mut feed = loaded(50, Some("c1"));
    prefetch(&mut feed, 10, |_| {
        (page(50, 80, None), Some(Contradiction::MoreWithoutToken))
    });
    assert_eq!(feed.len(), 80);
    let fixed = |t: Option<&str>| match t {
        Some("c1") => (page(50, 100, Some("c2")), None),
        _ => (page(100, 120, None), None),
    };
    assert_eq!(retry_once(&mut feed, fixed), [token("c1"), token("c2")]);
    assert_eq!(feed.state(), FeedState::End);
    assert_eq!(feed.len(), 120);
}

#[test]
fn the_same_cursor_again_with_rows_already_shown_stops_instead_of_a_storm() {
    let mut feed = loaded(50, Some("c1"));
    // The server answers `c1` with the first page and `c1` again: today's ~2,000 requests.
    let echo = |_: Option<&str>| (page(0, 50, Some("c1")), None);
    let sent = prefetch(&mut feed, 10_000, echo);
    assert_eq!(sent, [token("c1")]);
    stopped_by(&feed, Contradiction::RepeatedToken);
    assert_eq!(feed.len(), 50);
    assert_eq!(
        retry_once(&mut feed, echo),
        [token("c1")],
        "a retry is one request"
    );
    stopped_by(&feed, Contradiction::RepeatedToken);
}

#[test]
fn a_cursor_already_followed_earlier_in_the_walk_stops_it() {
    let mut feed = Feed::<Job>::new();
    // c1 → c2 → c1: a cycle, with new rows on each page.
    let mut n = 0;
    let cycle = |t: Option<&str>| {
        n += 1;
        let next = if t == Some("c1") { "c2" } else { "c1" };
        (page(n * 10, n * 10 + 10, Some(next)), None)
    };
    let sent = prefetch(&mut feed, 10_000, cycle);
    assert_eq!(sent, [None, token("c1"), token("c2")]);
    stopped_by(&feed, Contradiction::RepeatedToken);
    assert_eq!(feed.len(), 30, "every page's rows landed");
}

#[test]
fn an_offset_server_that_ignores_the_offset_stops_at_the_second_same_page() {
    // Booper's tokens are offsets the client counts itself, so they never repeat; the page
    // does.
    let mut feed = Feed::<Job>::new();
    let ignores_offset = |t: Option<&str>| {
        let offset: u64 = t.map_or(0, |t| t.parse().unwrap());
        (page(0, 100, Some(&(offset + 100).to_string())), None)
    };
    let sent = prefetch(&mut feed, 10_000, ignores_offset);
    assert_eq!(sent, [None, token("100"), token("200")]);
    stopped_by(&feed, Contradiction::NothingNew);
    assert_eq!(feed.len(), 100);
    assert_eq!(
        retry_once(&mut feed, ignores_offset),
        [token("200")],
        "a retry that meets the same stops again"
    );
    stopped_by(&feed, Contradiction::NothingNew);
}

#[test]
fn a_server_ignoring_the_offset_while_jobs_keep_arriving_stops_too() {
    // Each answer is the head again, with one job newer than any before it: every page
    // brings a row not shown yet, but none reaches below the rows already read.
    let mut feed = Feed::<Job>::new();
    let mut arrivals = 0;
    let head_again = |t: Option<&str>| {
        arrivals += 1;
        let offset: u64 = t.map_or(0, |t| t.parse().unwrap());
        let mut rows = vec![super::job(
            &format!("job_new{arrivals:04}"),
            5_000 + arrivals,
        )];
        rows.extend(super::rows(0, 99));
        let next = (offset + 100).to_string();
        (
            Page {
                rows,
                next: Some(next),
            },
            None,
        )
    };
    let sent = prefetch(&mut feed, 10_000, head_again);
    assert_eq!(sent, [None, token("100"), token("200")]);
    stopped_by(&feed, Contradiction::NothingNew);
}

#[test]
fn pages_of_nothing_with_fresh_cursors_stop_too() {
    let mut feed = loaded(50, Some("c1"));
    let mut n = 0;
    let empties = |_: Option<&str>| {
        n += 1;
        (page(0, 0, Some(&format!("e{n}"))), None)
    };
    let sent = prefetch(&mut feed, 10_000, empties);
    assert_eq!(sent, [token("c1"), token("e1")]);
    stopped_by(&feed, Contradiction::NothingNew);
    assert_eq!(feed.len(), 50);
}

#[test]
fn an_offset_list_that_shifted_by_exactly_a_page_is_no_contradiction() {
    // 100 jobs were added at the head after the first page: the page at offset 100 is the
    // rows already shown, and the one at 200 is new again.
    let mut feed = Feed::<Job>::new();
    let shifted = |t: Option<&str>| match t {
        None => (page(100, 200, Some("100")), None),
        Some("100") => (page(100, 200, Some("200")), None),
        Some("200") => (page(200, 300, Some("300")), None),
        _ => (page(300, 310, None), None),
    };
    let sent = prefetch(&mut feed, 10_000, shifted);
    assert_eq!(sent.len(), 4);
    assert_eq!(feed.state(), FeedState::End);
    assert_eq!(feed.len(), 210);
}

#[test]
fn a_bad_cursor_restart_re_reads_shown_rows_and_even_their_cursors_without_stopping() {
    let mut feed = Feed::<Job>::new();
    let mut restarted = false;
    let sent = {
        let mut sent = Vec::new();
        while let Some(request) = feed.next_request() {
            sent.push(request.token.clone());
            let answer = match request.token.as_deref() {
                None => page(0, 50, Some("c1")),
                Some("c1") => page(50, 100, Some("c2")),
                Some("c2") if !restarted => {
                    restarted = true;
                    assert_eq!(
                        feed.on_error(request.generation, http(400, "bad_cursor"), 0.0),
                        AfterError::FetchNow
                    );
                    continue;
                }
                Some("c2") => page(100, 150, None),
                Some(other) => panic!("{other}"),
            };
            assert!(feed.on_page(request.generation, answer));
        }
        sent
    };
    // The restarted walk reads pages of rows already shown, with the same keyset cursors.
    assert_eq!(
        sent,
        [
            None,
            token("c1"),
            token("c2"),
            None,
            token("c1"),
            token("c2")
        ]
    );
    assert_eq!(feed.state(), FeedState::End);
    assert!(feed.error().is_none());
    assert_eq!(feed.len(), 150);
}

#[test]
fn a_restored_feed_whose_fresh_head_contradicts_itself_keeps_its_rows_and_stops() {
    let cached = loaded(50, Some("c1")).snapshot().unwrap();
    let mut feed = Feed::<Job>::new();
    let refresh = feed.restore(cached);
    assert!(feed.on_page_with(
        refresh.generation,
        page(0, 0, None),
        Some(Contradiction::MoreWithoutToken)
    ));
    stopped_by(&feed, Contradiction::MoreWithoutToken);
    assert_eq!(feed.len(), 50);
    assert_eq!(feed.next_request(), None);
    // Retry starts a new walk at the first page.
    let retry = feed.retry().unwrap();
    assert_eq!(retry.token, None);
    assert!(feed.on_page(retry.generation, page(0, 50, Some("c1"))));
    assert_eq!(feed.state(), FeedState::Idle);
}

#[test]
fn a_copy_of_a_stopped_feed_walks_into_the_same_stop_once() {
    // The export walks a snapshot of the list's feed: the rule is the feed's, so it holds there.
    let mut feed = loaded(50, Some("c1"));
    let echo = |_: Option<&str>| (page(0, 50, Some("c1")), None);
    prefetch(&mut feed, 10, echo);
    let mut copy = feed.snapshot().unwrap();
    assert_eq!(prefetch(&mut copy, 10_000, echo), [token("c1")]);
    stopped_by(&copy, Contradiction::RepeatedToken);
    assert_eq!(copy.len(), 50);
}
