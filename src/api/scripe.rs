//! The Scripe v1 client: URLs and headers (plain Rust), and the requests (browser only).

use jobscope_wire::config::AppConfig;
use jobscope_wire::error::ellipsize;
use jobscope_wire::scripe::{self, Pagination, params};

use crate::api::error::Contradiction;
use crate::api::{ApiError, ApiKey, url};
use crate::filters::Filters;

/// Where and how to reach a Scripe API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScripeClient {
    /// Without a trailing slash, e.g. `/v1` or `https://api.scripe.io/v1`.
    pub base_url: String,
    /// Sent as `Authorization: Bearer …` when set; never put in a URL.
    pub api_key: Option<ApiKey>,
    /// `Scripe-Api-Version`.
    pub version: String,
}

impl Default for ScripeClient {
    fn default() -> Self {
        Self::new("/v1")
    }
}

impl ScripeClient {
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key: None,
            version: scripe::CURRENT_VERSION.to_owned(),
        }
    }

    /// The client a configuration describes (base URL and API version; the key comes from the
    /// user's settings, never from `config.json`).
    pub fn from_config(config: &AppConfig) -> Self {
        Self {
            version: config.api_version.clone(),
            ..Self::new(config.base_url())
        }
    }

    /// `GET /jobs` for `filters`, after `cursor`. Every value (the cursor included: it is
    /// opaque and may hold `+`, `/` or `=`) is encoded once, by [`url::Query`].
    pub fn list_url(&self, filters: &Filters, cursor: Option<&str>, limit: u32) -> String {
        let mut query = url::Query::new();
        query.push(params::LIMIT, &limit.to_string());
        if !filters.statuses.is_empty() {
            let list: Vec<&str> = filters.statuses.iter().map(|s| s.as_str()).collect();
            query.push(params::STATUS, &list.join(","));
        }
        if !filters.types.is_empty() {
            let list: Vec<&str> = filters.types.iter().map(|t| t.as_str()).collect();
            query.push(params::TYPE, &list.join(","));
        }
        if let Some(from) = &filters.date_from {
            query.push(params::DATE_FROM, from);
        }
        if let Some(to) = &filters.date_to {
            query.push(params::DATE_TO, to);
        }
        if let Some(cursor) = cursor {
            query.push(params::CURSOR, cursor);
        }
        format!("{}/jobs?{}", self.base_url, query.finish())
    }

    /// `GET /jobs/{id}`: the id as one path segment ([`url::path_segment`]); an id no URL
    /// can carry is an error rather than a request for another resource.
    pub fn job_url(&self, id: &str) -> Result<String, ApiError> {
        let segment =
            url::path_segment(id).ok_or_else(|| ApiError::UnaddressableId(id.to_owned()))?;
        Ok(format!("{}/jobs/{segment}", self.base_url))
    }

    /// `POST /jobs/{id}/cancel`.
    pub fn cancel_url(&self, id: &str) -> Result<String, ApiError> {
        Ok(format!("{}/cancel", self.job_url(id)?))
    }

    /// The headers every request carries.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![(scripe::VERSION_HEADER, self.version.clone())];
        if let Some(key) = &self.api_key {
            headers.push(("Authorization", key.authorization()));
        }
        headers
    }
}

/// A `Scripe-Deprecation` notice: `<version>; sunset=<date>; replacement=<version>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    pub version: String,
    pub sunset: Option<String>,
    pub replacement: Option<String>,
}

impl Deprecation {
    /// Reads the header; odd parts are skipped, a notice without a version is none.
    pub fn parse(header: &str) -> Option<Self> {
        let mut parts = header.split(';').map(str::trim);
        let version = parts.next().filter(|v| !v.is_empty() && !v.contains('='))?;
        let mut notice = Self {
            version: ellipsize(version, 40),
            sunset: None,
            replacement: None,
        };
        for part in parts {
            match part.split_once('=') {
                Some(("sunset", date)) => notice.sunset = Some(ellipsize(date.trim(), 40)),
                Some(("replacement", next)) => {
                    notice.replacement = Some(ellipsize(next.trim(), 40));
                }
                _ => {}
            }
        }
        Some(notice)
    }
}

/// The cursor of the page after one whose `pagination` is this: `None` at the end
/// (`has_more: false`, whatever the cursor says). `has_more: true` without a usable cursor
/// (none, or empty, which the API would read as "the first page") is a contradiction, reported
/// rather than taken for the end.
pub fn next_cursor(pagination: Pagination) -> Result<Option<String>, Contradiction> {
    if !pagination.has_more {
        return Ok(None);
    }
    match pagination.next_cursor {
        Some(cursor) if !cursor.is_empty() => Ok(Some(cursor)),
        _ => Err(Contradiction::MoreWithoutToken),
    }
}

mod requests {
    use jobscope_wire::scripe::{Job, JobEnvelope, JobRows};
    use web_sys::AbortController;

    use super::{Deprecation, ScripeClient, next_cursor};
    use crate::api::backend::Listed;
    use crate::api::{ApiError, http};
    use crate::feed::Page;
    use crate::filters::Filters;

    /// The free texts of a job that can be long, cut for the list ([`Job::shorten`]).
    const LONG_TEXTS: &[&[&str]] = &[
        &["errorMessage"],
        &["errorCode"],
        &["projectId"],
        &["progress", "message"],
    ];

    impl ScripeClient {
        /// One page of jobs, every value whole.
        pub async fn list(
            &self,
            filters: &Filters,
            cursor: Option<&str>,
            limit: u32,
            abort: &AbortController,
        ) -> Result<Listed<Job>, ApiError> {
            self.list_with(filters, cursor, limit, None, abort).await
        }

        /// One page of jobs as a list keeps them: long texts cut to `max_chars` characters
        /// ([`Job::shorten`]), before they are even copied into wasm memory.
        pub async fn list_shortened(
            &self,
            filters: &Filters,
            cursor: Option<&str>,
            limit: u32,
            max_chars: usize,
            abort: &AbortController,
        ) -> Result<Listed<Job>, ApiError> {
            let mut listed = self
                .list_with(filters, cursor, limit, Some(max_chars), abort)
                .await?;
            for job in &mut listed.page.rows {
                job.shorten(max_chars);
            }
            Ok(listed)
        }

        async fn list_with(
            &self,
            filters: &Filters,
            cursor: Option<&str>,
            limit: u32,
            cut: Option<usize>,
            abort: &AbortController,
        ) -> Result<Listed<Job>, ApiError> {
            let url = self.list_url(filters, cursor, limit);
            // Row by row: a row that does not read is left out and counted, not the page.
            let fetched = http::get_fetched_with::<JobRows>(&url, &self.headers(), abort, |page| {
                if let Some(max_chars) = cut {
                    http::cut_long_texts(page, LONG_TEXTS, max_chars);
                }
            })
            .await?;
            let page = fetched.value;
            let (next, contradiction) = match next_cursor(page.pagination) {
                Ok(next) => (next, None),
                Err(why) => (None, Some(why)),
            };
            Ok(Listed {
                page: Page {
                    rows: page.data.rows,
                    next,
                },
                dropped: page.data.dropped,
                deprecation: fetched.deprecation.as_deref().and_then(Deprecation::parse),
                quota: fetched.quota,
                contradiction,
            })
        }

        /// One job by id.
        pub async fn job(&self, id: &str, abort: &AbortController) -> Result<Job, ApiError> {
            let envelope: JobEnvelope =
                http::get_json(&self.job_url(id)?, &self.headers(), abort).await?;
            Ok(envelope.data)
        }

        /// One job by id, with its JSON exactly as sent (fields this build does not know
        /// included), pretty-printed.
        pub async fn job_with_raw(
            &self,
            id: &str,
            abort: &AbortController,
        ) -> Result<(Job, String), ApiError> {
            let value = http::get_value(&self.job_url(id)?, &self.headers(), abort).await?;
            let data = js_sys::Reflect::get(&value, &"data".into()).unwrap_or(value);
            let raw = js_sys::JSON::stringify_with_replacer_and_space(
                &data,
                &wasm_bindgen::JsValue::NULL,
                &2.into(),
            )
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default();
            let fetched = http::decode::<Job>(http::Fetched {
                value: data,
                deprecation: None,
                quota: None,
            })?;
            Ok((fetched.value, raw))
        }

        /// Cancels a queued job; the API answers with the job as it is now.
        pub async fn cancel(&self, id: &str, abort: &AbortController) -> Result<Job, ApiError> {
            let envelope: JobEnvelope =
                http::post_json(&self.cancel_url(id)?, &self.headers(), abort).await?;
            Ok(envelope.data)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobscope_wire::scripe::{JobStatus, JobType};

    #[test]
    fn builds_the_list_query_from_typed_filters() {
        let client = ScripeClient::new("https://api.example/v1/");
        let filters = Filters {
            statuses: vec![JobStatus::Failed, JobStatus::Running],
            types: vec![JobType::KbIngestUrl],
            states: Vec::new(),
            date_from: Some("2026-11-01T00:00:00+01:00".into()),
            date_to: None,
        };
        assert_eq!(
            client.list_url(&filters, Some("abc_-"), 50),
            "https://api.example/v1/jobs?limit=50&status=FAILED,RUNNING&type=KB_INGEST_URL\
             &dateFrom=2026-11-01T00:00:00%2B01:00&cursor=abc_-"
        );
        assert_eq!(
            ScripeClient::default().list_url(&Filters::default(), None, 200),
            "/v1/jobs?limit=200"
        );
        // An opaque cursor keeps its `+`, `/` and `=` (base64) and is encoded once.
        assert_eq!(
            ScripeClient::default().list_url(&Filters::default(), Some("a+b/c=="), 1),
            "/v1/jobs?limit=1&cursor=a%2Bb%2Fc%3D%3D"
        );
    }

    #[test]
    fn puts_each_id_in_one_path_segment_for_every_request() {
        let client = ScripeClient::new("https://api.example/v1/");
        for (id, segment) in [
            ("job_1", "job_1"),
            ("job_a b", "job_a%20b"),
            ("job_a+b", "job_a%2Bb"),
            ("job_a/b", "job_a%2Fb"),
            ("job_a#b", "job_a%23b"),
            ("job_100%", "job_100%25"),
            ("job_a?b", "job_a%3Fb"),
            ("job_a&b=c", "job_a%26b%3Dc"),
            ("job_a.b", "job_a.b"),
            ("job_a:b", "job_a%3Ab"),
            ("job_é✓", "job_%C3%A9%E2%9C%93"),
        ] {
            assert_eq!(
                client.job_url(id),
                Ok(format!("https://api.example/v1/jobs/{segment}")),
                "{id:?}"
            );
            assert_eq!(
                client.cancel_url(id),
                Ok(format!("https://api.example/v1/jobs/{segment}/cancel")),
                "{id:?}"
            );
        }
        for unsendable in ["", ".", ".."] {
            assert_eq!(
                client.job_url(unsendable),
                Err(ApiError::UnaddressableId(unsendable.to_owned()))
            );
            assert!(client.cancel_url(unsendable).is_err());
        }
    }

    #[test]
    fn has_more_without_a_cursor_is_a_contradiction_not_the_end() {
        let pagination = |next_cursor: Option<&str>, has_more| Pagination {
            next_cursor: next_cursor.map(str::to_owned),
            has_more,
        };
        assert_eq!(
            next_cursor(pagination(Some("c1"), true)),
            Ok(Some("c1".to_owned()))
        );
        assert_eq!(next_cursor(pagination(None, false)), Ok(None));
        // `has_more: false` ends the list whatever the cursor says.
        assert_eq!(next_cursor(pagination(Some("c1"), false)), Ok(None));
        for cursor in [None, Some("")] {
            assert_eq!(
                next_cursor(pagination(cursor, true)),
                Err(Contradiction::MoreWithoutToken),
                "{cursor:?}"
            );
        }
    }

    #[test]
    fn follows_the_configuration() {
        let config: AppConfig = serde_json::from_str(
            r#"{"apiBaseUrl": "https://api.scripe.io/v1/", "apiVersion": "2025-11-01"}"#,
        )
        .unwrap();
        let client = ScripeClient::from_config(&config);
        assert_eq!(client.base_url, "https://api.scripe.io/v1");
        assert_eq!(client.version, "2025-11-01");
        assert_eq!(
            ScripeClient::from_config(&AppConfig::default()),
            ScripeClient::default()
        );
    }

    #[test]
    fn sends_the_version_and_the_key_only_as_headers() {
        let mut client = ScripeClient::default();
        assert_eq!(
            client.headers(),
            vec![("Scripe-Api-Version", "2026-08-01".to_owned())]
        );
        client.api_key = ApiKey::new("scripe_sk_test_1");
        assert!(
            client
                .headers()
                .contains(&("Authorization", "Bearer scripe_sk_test_1".to_owned()))
        );
        assert!(
            !client
                .list_url(&Filters::default(), None, 1)
                .contains("scripe_sk")
        );
    }

    #[test]
    fn reads_deprecation_notices() {
        assert_eq!(
            Deprecation::parse("2025-11-01; sunset=2027-02-01; replacement=2026-08-01"),
            Some(Deprecation {
                version: "2025-11-01".into(),
                sunset: Some("2027-02-01".into()),
                replacement: Some("2026-08-01".into()),
            })
        );
        assert_eq!(
            Deprecation::parse("2025-11-01"),
            Some(Deprecation {
                version: "2025-11-01".into(),
                sunset: None,
                replacement: None,
            })
        );
        assert_eq!(Deprecation::parse(""), None);
        assert_eq!(Deprecation::parse("sunset=2027-01-01"), None);
    }
}
