//! The API clients: wire types come from `jobscope-wire`; this module builds requests, sends
//! them (in the browser) and turns every failure into one typed [`ApiError`].

pub mod backend;
pub mod booper;
pub mod error;
pub mod key;
pub mod quota;
pub mod scripe;
pub mod url;

pub mod http;

pub use error::ApiError;
pub use key::ApiKey;
