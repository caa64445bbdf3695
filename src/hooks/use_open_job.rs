//! `use_open_job`: the job shown in the detail drawer, kept in the URL as `?job=<id>` beside
//! the filters, so a drawer can be linked to, reloaded, and closed with Back. The id is data:
//! written with the one query-value encoder and read back decoded exactly once, so any id the
//! API returns (`job_a b`, `job_a+b`, `job_%41`, `job_é✓`…) opens itself.

use leptos::prelude::*;

use crate::filters::Filters;
use crate::filters::query::{self, JOB_PARAM};
use crate::hooks::use_filters::{
    Write, first_value, pairs, use_page_query_pairs, use_query_writer,
};

/// The open job's id, and how to open another or close it.
#[derive(Clone, Copy)]
pub struct UseOpenJobReturn {
    pub id: Signal<Option<String>>,
    pub open: Callback<String>,
    pub close: Callback<()>,
}

/// The drawer's job under `filters` (the query is rewritten with them, in canonical form).
pub fn use_open_job(filters: Signal<Filters>) -> UseOpenJobReturn {
    let query = use_page_query_pairs();
    // The first `job=`, as written (not trimmed: a space may be part of an id); an empty one
    // is none.
    let id = Memo::new(move |_| {
        query.with(|query| {
            first_value(query, JOB_PARAM)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
        })
    });
    let go_to = use_query_writer();
    let write = move |job: Option<&str>| {
        let search = query.with_untracked(|map| {
            filters
                .with_untracked(|filters| query::to_query_with(filters, pairs(map), JOB_PARAM, job))
        });
        // Opening and closing are both history entries: Back undoes either.
        go_to(search, Write::Push);
    };
    UseOpenJobReturn {
        id: id.into(),
        open: Callback::new(move |job: String| {
            if id.get_untracked().as_deref() != Some(job.as_str()) {
                write(Some(&job));
            }
        }),
        close: Callback::new(move |()| {
            if id.get_untracked().is_some() {
                write(None);
            }
        }),
    }
}
