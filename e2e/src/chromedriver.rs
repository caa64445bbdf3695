//! chromedriver's own endpoints beyond WebDriver (`/session/{id}/goog/cdp/execute`,
//! `/session/{id}/se/log`), sent through fantoccini's custom commands.

use fantoccini::Client;
use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::Value;

/// A POST of `body` to `/session/{id}/<path>`.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        // Every command but New Session has a session; without one chromedriver answers 404.
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// POSTs `body` to the session's chromedriver endpoint `path` and answers its `value`.
pub async fn session_post(
    client: &Client,
    path: &'static str,
    body: Value,
) -> Result<Value, CmdError> {
    client.issue_cmd(SessionPost { path, body }).await
}
