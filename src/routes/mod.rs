//! One file per route.

pub mod insights;
pub mod jobs;
pub mod not_found;
