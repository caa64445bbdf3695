//! `config.json`, read by the app at start from beside its `index.html`.

use serde::{Deserialize, Serialize};

wire_enum! {
    /// Which job API the dashboard reads.
    BackendKind {
        Scripe = "scripe",
        Booper = "booper",
    }
}

/// Runtime configuration of a deployed `dist/`; every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppConfig {
    pub backend: BackendKind,
    /// Base URL of the API, absolute or relative to the page; default `/v1` (Scripe) or `/api`.
    pub api_base_url: Option<String>,
    /// `Scripe-Api-Version` to send.
    pub api_version: String,
    /// Default list refresh interval; 0 is off.
    pub refresh_interval_secs: u32,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            backend: BackendKind::Scripe,
            api_base_url: None,
            api_version: crate::scripe::CURRENT_VERSION.to_owned(),
            refresh_interval_secs: 5,
        }
    }
}

impl AppConfig {
    /// The configured base URL, or the backend's same-origin default.
    pub fn base_url(&self) -> &str {
        match (&self.api_base_url, &self.backend) {
            (Some(url), _) => url,
            (None, BackendKind::Booper) => "/api",
            (None, _) => "/v1",
        }
    }
}
