//! The Booper scheduler client: URLs, headers and offset paging (plain Rust), and the
//! requests (browser only).

use jobscope_wire::booper::{BooperState, MAX_LIMIT, params};

use crate::api::{ApiKey, url};

/// Where and how to reach a Booper API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BooperClient {
    /// Without a trailing slash, e.g. `/api` or `https://scheduler.booper.dev/api`.
    pub base_url: String,
    /// Sent as `Authorization: Bearer …` when set; never put in a URL.
    pub api_key: Option<ApiKey>,
}

impl Default for BooperClient {
    fn default() -> Self {
        Self::new("/api")
    }
}

impl BooperClient {
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key: None,
        }
    }

    /// `GET /jobs` in `state` (all states when `None`), `limit` rows from `offset`.
    ///
    /// `order_by` is left out on purpose: the API's default, newest inserted first, is the
    /// order the feed keeps (see `FeedRow for ScheduledJob`).
    pub fn list_url(&self, state: Option<&BooperState>, offset: u64, limit: u32) -> String {
        let mut query = url::Query::new();
        if let Some(state) = state {
            query.push(params::STATE, state.as_str());
        }
        query.push(params::LIMIT, &page_size(limit).to_string());
        query.push(params::OFFSET, &offset.to_string());
        format!("{}/jobs?{}", self.base_url, query.finish())
    }

    /// The headers every request carries: only the key, as Booper has no version header.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        self.api_key
            .iter()
            .map(|key| ("Authorization", key.authorization()))
            .collect()
    }
}

/// The offset of the page after one that asked for `limit` rows at `offset` and got `got`.
/// The API sends no cursor or total, so a page shorter than `limit` (empty included) is the
/// last: `None`. A full last page costs one more request, which comes back empty.
pub fn next_offset(offset: u64, got: usize, limit: u32) -> Option<u64> {
    let limit = page_size(limit);
    if got < limit as usize {
        return None;
    }
    offset.checked_add(u64::from(limit))
}

/// `limit` as sent: the API takes 1 to [`MAX_LIMIT`] and answers 400 otherwise, and a limit
/// of 0 would never reach a short page.
fn page_size(limit: u32) -> u32 {
    limit.clamp(1, MAX_LIMIT)
}

mod requests {
    use jobscope_wire::booper::{BooperState, ScheduledJob};
    use jobscope_wire::error::ellipsize;
    use jobscope_wire::field::Rows;
    use web_sys::AbortController;

    use super::{BooperClient, next_offset};
    use crate::api::{ApiError, http};
    use crate::chunks;
    use crate::feed::Page;

    impl BooperClient {
        /// One page of jobs, and how many of its rows could not be read (no usable id; they
        /// still count toward the page's length, so paging goes on past them). `token` is the
        /// page's offset in decimal, as the previous page's `next` gave it (`None` for the
        /// first page).
        pub async fn list(
            &self,
            state: Option<&BooperState>,
            token: Option<&str>,
            limit: u32,
            abort: &AbortController,
        ) -> Result<(Page<ScheduledJob>, usize), ApiError> {
            let offset = match token {
                None => 0,
                Some(token) => token.parse::<u64>().map_err(|_| {
                    ApiError::Decode(format!(
                        "the page position `{}` is not an offset",
                        ellipsize(token, 40)
                    ))
                })?,
            };
            let url = self.list_url(state, offset, limit);
            // The reader is a chunk: fetch it beside the page, not after it.
            leptos::task::spawn_local(async {
                let _ = chunks::preload_booper().await;
            });
            let page = http::get_value(&url, &self.headers(), abort).await?;
            let Rows { rows, dropped } = chunks::decode_booper_page(page).await??.data;
            let next = next_offset(offset, rows.len() + dropped, limit).map(|n| n.to_string());
            Ok((Page { rows, next }, dropped))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::FeedRow;
    use jobscope_wire::booper::{BooperPage, ObanState};

    const FIXTURE: &str = include_str!("../../../shared/api/fixtures/booper-list-jobs.json");

    #[test]
    fn builds_the_list_query() {
        let client = BooperClient::new("https://scheduler.booper.dev/api/");
        assert_eq!(client.base_url, "https://scheduler.booper.dev/api");
        assert_eq!(
            client.list_url(Some(&BooperState::Completed), 200, MAX_LIMIT),
            "https://scheduler.booper.dev/api/jobs?state=completed&limit=100&offset=200"
        );
        assert_eq!(
            BooperClient::default().list_url(None, 0, 10),
            "/api/jobs?limit=10&offset=0"
        );
        assert_eq!(
            client.list_url(Some(&BooperState::Other("a b&c=d".into())), 0, 1),
            "https://scheduler.booper.dev/api/jobs?state=a%20b%26c%3Dd&limit=1&offset=0"
        );
        assert!(!client.list_url(None, 0, 1).contains("order_by"));
    }

    #[test]
    fn keeps_the_limit_within_the_api_bounds() {
        let client = BooperClient::default();
        assert_eq!(client.list_url(None, 0, 0), "/api/jobs?limit=1&offset=0");
        assert_eq!(
            client.list_url(None, 0, 500),
            "/api/jobs?limit=100&offset=0"
        );
        assert_eq!(next_offset(0, 1, 0), Some(1));
        assert_eq!(next_offset(0, 100, 500), Some(100));
    }

    #[test]
    fn sends_the_key_only_as_a_header() {
        let mut client = BooperClient::default();
        assert!(client.headers().is_empty());
        client.api_key = ApiKey::new("booper_secret_123");
        assert_eq!(
            client.headers(),
            vec![("Authorization", "Bearer booper_secret_123".to_owned())]
        );
        assert!(!format!("{client:?}").contains("booper_secret"));
        assert!(
            !client
                .list_url(Some(&BooperState::Scheduled), 0, MAX_LIMIT)
                .contains("booper_secret")
        );
    }

    #[test]
    fn pages_by_offset_until_a_short_page() {
        assert_eq!(next_offset(0, 100, 100), Some(100));
        assert_eq!(next_offset(300, 10, 10), Some(310));
        assert_eq!(next_offset(300, 9, 10), None);
        assert_eq!(next_offset(300, 0, 10), None);
        assert_eq!(next_offset(u64::MAX, 10, 10), None);
    }

    #[test]
    fn reads_the_documented_fixture() {
        let page: BooperPage = serde_json::from_str(FIXTURE).unwrap();
        assert_eq!(page.data.len(), 1);
        let job = &page.data[0];
        assert_eq!(job.id(), "41d7f28b-dfbe-44b8-b716-b91898bb0ce0");
        let oban = job.job.value().unwrap();
        assert_eq!(oban.state, ObanState::Completed);
        assert_eq!(oban.has_confict, false);
        // Naive `2023-09-01T18:25:49`, read as UTC.
        assert_eq!(job.order_key(), (1_693_592_749_000, job.id.as_str()));
        // The API lists newest first: the rows are already in descending key order.
        assert!(
            page.data
                .windows(2)
                .all(|pair| pair[0].order_key() > pair[1].order_key())
        );
    }

    #[test]
    fn orders_rows_as_the_api_lists_them() {
        let base: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
        let job = |id: &str, inserted_at: &str| {
            let mut row = base["data"][0].clone();
            row["id"] = id.into();
            row["inserted_at"] = inserted_at.into();
            row
        };
        // Newest inserted first; equal times by id, descending; unreadable times last.
        let listed = serde_json::json!({ "data": [
            job("b", "2023-09-02T08:00:00"),
            job("c", "2023-09-01T18:25:49"),
            job("a", "2023-09-01T18:25:49"),
            job("d", "2023-09-01T18:25:48.999"),
            job("e", "not a time"),
        ]});
        let page: BooperPage = serde_json::from_value(listed).unwrap();
        let mut sorted = page.data.clone();
        sorted.reverse();
        sorted.sort_by(|x, y| y.order_key().cmp(&x.order_key()));
        assert_eq!(sorted, page.data);
    }
}
