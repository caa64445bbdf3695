//! `use_filters`: the list's filters, read from and written to the URL query through the
//! router. The URL is the one source of truth: controls call `set`, and everything shown is
//! derived from the URL, so reload, shared links and back/forward all just work.

use jobscope_wire::config::BackendKind;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::url;
use crate::filters::Filters;
use crate::filters::query::{self, Ignored};

/// How a change enters the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// A discrete change (a checkbox, a preset, a chip): Back undoes it.
    Push,
    /// The next keystroke of an edit already pushed: Back skips the intermediate states.
    Replace,
}

/// The filters, what the URL held that could not be used, and how to change them.
#[derive(Clone, Copy)]
pub struct UseFiltersReturn {
    pub filters: Signal<Filters>,
    /// What the last link or hand-edited URL held that was ignored (empty once dismissed).
    pub ignored: Signal<Vec<Ignored>>,
    /// Forgets `ignored` (the notice's close button).
    pub dismiss: Callback<()>,
    pub set: Callback<(Filters, Write)>,
}

/// Filters from the URL, for what `backend` can filter by. A URL that is not in canonical
/// form (odd casing, repeats, bad values, unknown parameters) is rewritten to it in place (no
/// new history entry), and what was dropped is kept in `ignored` for a notice.
pub fn use_filters(backend: Signal<BackendKind>) -> UseFiltersReturn {
    let query = use_page_query_pairs();
    let parsed = Memo::new(move |_| {
        let backend = backend.get();
        query.with(|map| query::parse_for(pairs(map), &backend))
    });
    let filters = Memo::new(move |_| parsed.with(|parsed| parsed.filters.clone()));
    let ignored = RwSignal::new(Vec::<Ignored>::new());
    let go_to = use_query_writer();
    let go = move |filters: &Filters, write: Write| {
        go_to(
            query.with_untracked(|map| query::to_query(filters, pairs(map))),
            write,
        );
    };

    // Canonical form: compare the query as written with how we would write it. Both come from
    // the same query map, so they always describe the same URL.
    Effect::new(move |_| {
        let (written, canonical) = parsed.with(|parsed| {
            if !parsed.ignored.is_empty() {
                ignored.set(parsed.ignored.clone());
            }
            query.with(|map| {
                (
                    query::as_written(pairs(map)),
                    query::to_query(&parsed.filters, pairs(map)),
                )
            })
        });
        if canonical != written {
            go_to(canonical, Write::Replace);
        }
    });

    UseFiltersReturn {
        filters: filters.into(),
        ignored: ignored.into(),
        dismiss: Callback::new(move |()| ignored.set(Vec::new())),
        set: Callback::new(move |(next, write): (Filters, Write)| {
            // The user has moved on; the notice was about the link they opened.
            ignored.set(Vec::new());
            go(&next, write);
        }),
    }
}

/// Navigates within this page to `search` (a canonical query string), keeping the list's
/// scroll position. The router's navigate function is not `Send`, so the returned function is
/// `Copy` through a local stored value.
pub fn use_query_writer() -> impl Fn(String, Write) + Copy + 'static {
    let location = use_location();
    let navigate = StoredValue::new_local(use_navigate());
    move |search: String, write: Write| {
        let path = location.pathname.get_untracked();
        let url = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        let options = NavigateOptions {
            // `pathname` already holds the router's base (a sub-path deployment).
            resolve: false,
            replace: write == Write::Replace,
            // The list keeps its own place; the page itself does not jump.
            scroll: false,
            ..NavigateOptions::default()
        };
        navigate.with_value(|navigate| navigate(&url, options));
    }
}

/// The page's query as `(name, value)` pairs, repeats included, each decoded exactly once
/// from the address as written. Not the router's query map: it decodes values a second time,
/// so an open job `job_%41` (written `job=job_%2541`) would read as `job_A`.
pub fn use_query_pairs() -> Memo<Vec<(String, String)>> {
    let location = use_location();
    Memo::new(move |_| location.search.with(|search| url::query_pairs(search)))
}

/// [`use_query_pairs`] for a page (a route's view): it follows the query of its own path only.
/// While the router moves to another page, the page being left keeps the query it had, or it
/// would act on the next page's (the list would ask the API for a page of Insights' filters,
/// or of another backend, on its way out).
pub fn use_page_query_pairs() -> Memo<Vec<(String, String)>> {
    let location = use_location();
    let path = location.pathname.get_untracked();
    Memo::new(
        move |previous: Option<&Vec<(String, String)>>| match previous {
            Some(previous) if location.pathname.with(|now| *now != path) => previous.clone(),
            _ => location.search.with(|search| url::query_pairs(search)),
        },
    )
}

/// Query pairs as borrowed `(name, value)`s.
pub fn pairs(query: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    query
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
}

/// The first value of the parameter `name` in `query`, as written.
pub fn first_value<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs(query)
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}
