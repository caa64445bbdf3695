//! Hooks: one per file, leptos-use style (`use_x`, returning a `UseXReturn`).

pub mod use_job_feed;
pub mod use_now;
