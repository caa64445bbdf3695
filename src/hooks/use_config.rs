//! `use_config`: the deployment's `config.json`, read once at start from beside `index.html`.
//! No file means the same-origin defaults; a broken one means the defaults and a sentence
//! saying why, never a blank page.

use jobscope_wire::config::AppConfig;
use leptos::prelude::*;

/// The configuration once known, and what was wrong with `config.json`, if anything.
#[derive(Clone, Copy)]
pub struct UseConfigReturn {
    /// `None` while `config.json` is being read.
    pub config: Signal<Option<AppConfig>>,
    pub problem: Signal<Option<String>>,
}

/// Relative, so a deployment under a sub-path reads its own file.
pub const CONFIG_URL: &str = "config.json";

/// Starts reading `config.json` and shares the result; call once, at the top.
pub fn provide_config() -> UseConfigReturn {
    let config = RwSignal::new(None::<AppConfig>);
    let problem = RwSignal::new(None::<String>);
    #[cfg(target_arch = "wasm32")]
    leptos::task::spawn_local(async move {
        let (loaded, trouble) = match fetch::read().await {
            Ok(Some(value)) => match crate::settings::parse_config(value) {
                Ok(parsed) => (parsed, None),
                Err(err) => (AppConfig::default(), Some(err.to_string())),
            },
            Ok(None) => (AppConfig::default(), None),
            Err(reason) => (AppConfig::default(), Some(reason)),
        };
        problem.try_set(trouble);
        config.try_set(Some(loaded));
    });
    #[cfg(not(target_arch = "wasm32"))]
    config.set(Some(AppConfig::default()));
    let hook = UseConfigReturn {
        config: config.into(),
        problem: problem.into(),
    };
    provide_context(hook);
    hook
}

/// The app's configuration; a component used on its own (in a test) gets the defaults at once.
pub fn use_config() -> UseConfigReturn {
    use_context::<UseConfigReturn>().unwrap_or_else(|| UseConfigReturn {
        config: Signal::stored(Some(AppConfig::default())),
        problem: Signal::stored(None),
    })
}

#[cfg(target_arch = "wasm32")]
mod fetch {
    use serde_json::Value;

    use super::CONFIG_URL;

    /// The file as JSON; `None` when there is none (404, or a host that answers every path
    /// with `index.html`); `Err` with a sentence when it is there but unreadable.
    pub async fn read() -> Result<Option<Value>, String> {
        let response = gloo_net::http::Request::get(CONFIG_URL)
            .send()
            .await
            .map_err(|_| "config.json could not be fetched; using the defaults.".to_owned())?;
        if response.status() == 404 {
            return Ok(None);
        }
        let text = response
            .text()
            .await
            .map_err(|_| "config.json could not be read; using the defaults.".to_owned())?;
        if !response.ok() {
            return Err(format!(
                "config.json answered {}; using the defaults.",
                response.status()
            ));
        }
        if text.trim_start().starts_with('<') {
            return Ok(None);
        }
        let parsed = js_sys::JSON::parse(&text)
            .ok()
            .and_then(|value| serde_wasm_bindgen::from_value::<Value>(value).ok());
        match parsed {
            Some(value) => Ok(Some(value)),
            None => Err("config.json is not valid JSON; using the defaults.".to_owned()),
        }
    }
}
