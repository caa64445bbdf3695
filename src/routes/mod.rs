//! One file per route.

pub mod jobs;
pub mod not_found;
