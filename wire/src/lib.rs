//! Wire types of the two job APIs jobscope reads, shared by the dashboard (wasm) and the
//! simulator (native), so the two can never drift apart.
//!
//! Servers add fields and enum values without notice: unknown fields are ignored, unknown
//! enum values deserialize into an `Other(raw)` variant, and timestamps are kept as sent
//! ([`Timestamp`]) and parsed only when used. Every field but a row's id is read on its own
//! ([`Field`]): a value of the wrong type or out of range makes that field unknown, never the
//! row or the page an error ([`field::Rows`]).

#[macro_use]
mod wire_enum;

pub mod booper;
pub mod config;
pub mod error;
pub mod field;
pub mod scripe;
pub mod time;

pub use field::{Field, Fraction};
pub use time::Timestamp;
