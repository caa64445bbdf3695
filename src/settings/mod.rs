//! Where the dashboard reads its jobs from: the deployment's `config.json`, then what the user
//! set on this device. Plain Rust; the browser's storage is behind [`Store`], so the rules
//! (which store holds the key, what a broken value means) are tested natively.

pub mod storage;

use jobscope_wire::config::{AppConfig, BackendKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::api::backend::Backend;
use crate::api::booper::BooperClient;
use crate::api::scripe::ScripeClient;
use crate::api::{ApiError, ApiKey};

/// Why a `config.json` or a settings value was not used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SettingsError {
    #[error("config.json is not valid: {0}")]
    Config(String),
    #[error("The API address must start with http://, https:// or /.")]
    BaseUrl,
    #[error("The API version must be a date, YYYY-MM-DD.")]
    Version,
}

/// A deployment's `config.json`, checked: a key of the wrong type, a relative-looking base URL
/// or a malformed version is an error (the app then says so and uses the defaults).
pub fn parse_config(value: Value) -> Result<AppConfig, SettingsError> {
    if !value.is_object() {
        return Err(SettingsError::Config("it is not a JSON object".to_owned()));
    }
    let config: AppConfig = serde_json::from_value(value).map_err(|err| {
        SettingsError::Config(jobscope_wire::error::ellipsize(&err.to_string(), 160))
    })?;
    if !config.backend.is_known() {
        return Err(SettingsError::Config(format!(
            "backend “{}” is not scripe or booper",
            jobscope_wire::error::ellipsize(config.backend.as_str(), 40)
        )));
    }
    if let Some(url) = &config.api_base_url {
        check_base_url(url).map_err(|err| SettingsError::Config(err.to_string()))?;
    }
    check_version(&config.api_version).map_err(|err| SettingsError::Config(err.to_string()))?;
    Ok(config)
}

/// What the user set for a backend on this device (the key is kept apart, see [`storage`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Overrides the configured base URL.
    pub base_url: Option<String>,
    /// Overrides the configured `Scripe-Api-Version`.
    pub api_version: Option<String>,
    /// Keep the key in `localStorage` (opt-in) rather than for this tab only.
    pub remember_key: bool,
}

impl Settings {
    /// Checks a form's values; blank fields mean "as configured".
    pub fn from_form(
        base_url: &str,
        api_version: &str,
        remember_key: bool,
    ) -> Result<Self, SettingsError> {
        let base_url = Some(base_url.trim()).filter(|url| !url.is_empty());
        if let Some(url) = base_url {
            check_base_url(url)?;
        }
        let api_version = Some(api_version.trim()).filter(|v| !v.is_empty());
        if let Some(version) = api_version {
            check_version(version)?;
        }
        Ok(Self {
            base_url: base_url.map(str::to_owned),
            api_version: api_version.map(str::to_owned),
            remember_key,
        })
    }
}

/// The client of `kind` that `config` and the user's `settings` for it describe, with `key`.
/// The configured address applies to the configured backend; the other one has its
/// same-origin default until the user sets one.
pub fn backend(
    kind: &BackendKind,
    config: &AppConfig,
    settings: &Settings,
    key: Option<ApiKey>,
) -> Backend {
    match kind {
        BackendKind::Booper => {
            let configured = (config.backend == BackendKind::Booper).then(|| config.base_url());
            let base = settings
                .base_url
                .as_deref()
                .or(configured)
                .unwrap_or(DEFAULT_BOOPER_BASE);
            Backend::Booper(BooperClient {
                api_key: key,
                ..BooperClient::new(base)
            })
        }
        _ => {
            let config = if config.backend == BackendKind::Scripe {
                config.clone()
            } else {
                AppConfig {
                    backend: BackendKind::Scripe,
                    api_base_url: None,
                    ..config.clone()
                }
            };
            Backend::Scripe(scripe_client(&config, settings, key))
        }
    }
}

/// Where Booper is looked for when nothing says otherwise.
const DEFAULT_BOOPER_BASE: &str = "/api";

/// The Scripe client `config` and `settings` describe, with `key`.
pub fn scripe_client(config: &AppConfig, settings: &Settings, key: Option<ApiKey>) -> ScripeClient {
    let mut client = ScripeClient::from_config(config);
    if let Some(url) = &settings.base_url {
        client = ScripeClient {
            version: client.version,
            ..ScripeClient::new(url)
        };
    }
    if let Some(version) = &settings.api_version {
        client.version = version.clone();
    }
    client.api_key = key;
    client
}

/// What "Test connection" tells the user: whether it worked, in plain words.
pub fn connection_report(result: &Result<(), ApiError>, base_url: &str) -> (bool, String) {
    let base = jobscope_wire::error::ellipsize(base_url, 80);
    let text = match result {
        Ok(()) => return (true, format!("Connected: {base} listed jobs with this key and version.")),
        Err(ApiError::Http { status: 401, .. }) => {
            "The API needs an API key (401): enter one, or check that it is complete.".to_owned()
        }
        Err(ApiError::Http { status: 403, .. }) => {
            "The API refused this key (403): it is revoked, from another workspace, or not allowed to list jobs.".to_owned()
        }
        Err(ApiError::VersionUnsupported { accepted }) if !accepted.is_empty() => format!(
            "The API does not support this API version. It accepts: {}.",
            accepted.join(", ")
        ),
        Err(ApiError::Network(_)) => format!(
            "Could not reach {base}: the address is wrong, the API is down, or it does not allow requests from this page (CORS)."
        ),
        Err(ApiError::Http { status: 404, .. }) => {
            format!("{base} has no job list (404): check the API address.")
        }
        Err(other) => other.to_string(),
    };
    (false, text)
}

fn check_base_url(url: &str) -> Result<(), SettingsError> {
    let ok = (url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/'))
        && !url.chars().any(char::is_whitespace)
        && url.len() <= 2_048;
    if ok {
        Ok(())
    } else {
        Err(SettingsError::BaseUrl)
    }
}

fn check_version(version: &str) -> Result<(), SettingsError> {
    let bytes = version.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shape {
        Ok(())
    } else {
        Err(SettingsError::Version)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn config_json_is_read_and_checked() {
        let config = parse_config(json!({
            "backend": "scripe",
            "apiBaseUrl": "https://api.example.com/v1",
            "apiVersion": "2025-11-01",
            "refreshIntervalSecs": 15,
            "somethingNew": true
        }))
        .unwrap();
        assert_eq!(config.base_url(), "https://api.example.com/v1");
        assert_eq!(config.api_version, "2025-11-01");
        assert_eq!(config.refresh_interval_secs, 15);
        assert_eq!(parse_config(json!({})).unwrap(), AppConfig::default());
        assert_eq!(
            parse_config(json!({"backend": "booper"})).unwrap().backend,
            BackendKind::Booper
        );

        for broken in [
            json!([1, 2]),
            json!({"backend": "nope"}),
            json!({"apiBaseUrl": 7}),
            json!({"apiBaseUrl": "api.example.com"}),
            json!({"apiVersion": "latest"}),
            json!({"refreshIntervalSecs": -1}),
        ] {
            let err = parse_config(broken.clone()).unwrap_err();
            assert!(
                err.to_string().starts_with("config.json is not valid: "),
                "{broken}: {err}"
            );
        }
    }

    #[test]
    fn connection_tests_answer_in_plain_words() {
        let http = |status| {
            Err(ApiError::Http {
                status,
                code: None,
                message: None,
                retry_after: None,
            })
        };
        let report = |result| connection_report(&result, "https://api.example.com/v1");
        assert!(report(Ok(())).0);
        assert!(report(http(401)).1.contains("needs an API key (401)"));
        assert!(report(http(403)).1.contains("refused this key (403)"));
        assert!(report(http(404)).1.contains("check the API address"));
        let version = report(Err(ApiError::VersionUnsupported {
            accepted: vec!["2026-08-01".into()],
        }));
        assert_eq!(
            version,
            (
                false,
                "The API does not support this API version. It accepts: 2026-08-01.".to_owned()
            )
        );
        let cors = report(Err(ApiError::Network("Failed to fetch".into())));
        assert!(cors.1.contains("CORS") && cors.1.contains("https://api.example.com/v1"));
        assert!(!report(http(500)).0);
    }

    #[test]
    fn each_backend_gets_its_own_address() {
        let scripe_config = AppConfig {
            api_base_url: Some("https://api.scripe.io/v1".into()),
            ..AppConfig::default()
        };
        let none = Settings::default();
        assert_eq!(
            backend(&BackendKind::Booper, &scripe_config, &none, None).base_url(),
            "/api"
        );
        assert_eq!(
            backend(&BackendKind::Scripe, &scripe_config, &none, None).base_url(),
            "https://api.scripe.io/v1"
        );
        let booper_config = AppConfig {
            backend: BackendKind::Booper,
            api_base_url: Some("https://scheduler.booper.dev/api".into()),
            ..AppConfig::default()
        };
        assert_eq!(
            backend(&BackendKind::Booper, &booper_config, &none, None).base_url(),
            "https://scheduler.booper.dev/api"
        );
        assert_eq!(
            backend(&BackendKind::Scripe, &booper_config, &none, None).base_url(),
            "/v1"
        );
        let own = Settings::from_form("https://b.example/api", "", false).unwrap();
        let client = backend(&BackendKind::Booper, &booper_config, &own, ApiKey::new("k"));
        assert_eq!(client.base_url(), "https://b.example/api");
        assert!(matches!(
            client,
            Backend::Booper(BooperClient {
                api_key: Some(_),
                ..
            })
        ));
    }

    #[test]
    fn settings_override_the_configuration() {
        let config = AppConfig::default();
        let none = scripe_client(&config, &Settings::default(), None);
        assert_eq!(none, ScripeClient::from_config(&config));
        let settings =
            Settings::from_form(" https://api.scripe.io/v1/ ", "2025-11-01", true).unwrap();
        let client = scripe_client(&config, &settings, ApiKey::new("scripe_sk_test_1"));
        assert_eq!(client.base_url, "https://api.scripe.io/v1");
        assert_eq!(client.version, "2025-11-01");
        assert_eq!(client.api_key, ApiKey::new("scripe_sk_test_1"));
        assert_eq!(
            Settings::from_form("", "", false).unwrap(),
            Settings::default()
        );
        assert_eq!(
            Settings::from_form("ftp://x", "", false),
            Err(SettingsError::BaseUrl)
        );
        assert_eq!(
            Settings::from_form("/v1", "2026-8-1", false),
            Err(SettingsError::Version)
        );
    }
}
