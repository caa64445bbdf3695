//! Hooks: one per file, leptos-use style (`use_x`, returning a `UseXReturn`).

pub mod use_backend_kind;
pub mod use_config;
pub mod use_filters;
pub mod use_job_feed;
pub mod use_now;
pub mod use_settings;
pub mod use_time_zone;
