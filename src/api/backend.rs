//! The job APIs behind one interface: a backend turns filters and a page token into rows and
//! the next token, and declares what it can filter by. The feed, the list and the filter bar
//! work with [`Backend`] and [`Row`] and never ask which API they talk to.

use jobscope_wire::booper::ScheduledJob;
use jobscope_wire::config::BackendKind;
use jobscope_wire::field::LIST_TEXT_CHARS;
use jobscope_wire::scripe::Job;

use crate::api::booper::BooperClient;
use crate::api::error::Contradiction;
use crate::api::quota::Quota;
use crate::api::scripe::{Deprecation, ScripeClient};
use crate::feed::{FeedRow, OrderKey, Page};
use crate::filters::capabilities::{self, Capabilities};

/// Rows per request (both APIs allow 100).
pub const PAGE_SIZE: u32 = 100;

/// A configured client of one of the job APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Scripe(ScripeClient),
    Booper(BooperClient),
}

/// One row of either API.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Scripe(Job),
    Booper(ScheduledJob),
}

/// A page of rows, and the deprecation notice and rate-limit quota the API sent with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed<R> {
    pub page: Page<R>,
    pub deprecation: Option<Deprecation>,
    pub quota: Option<Quota>,
    /// What the answer itself contradicts (Scripe's `has_more` without a cursor), for the
    /// feed to stop on ([`crate::feed::Feed::on_page_with`]); `page.next` is then `None`.
    pub contradiction: Option<Contradiction>,
    /// Rows of the page that could not be read (no usable id) and are not in it.
    pub dropped: usize,
}

impl Backend {
    pub fn kind(&self) -> BackendKind {
        match self {
            Self::Scripe(_) => BackendKind::Scripe,
            Self::Booper(_) => BackendKind::Booper,
        }
    }

    /// What this API can filter by.
    pub fn capabilities(&self) -> Capabilities {
        capabilities::of(&self.kind())
    }

    /// The base URL requests go to (for messages).
    pub fn base_url(&self) -> &str {
        match self {
            Self::Scripe(client) => &client.base_url,
            Self::Booper(client) => &client.base_url,
        }
    }
}

impl Row {
    /// What changes when a row is refreshed, so the view redraws it (status and times).
    pub fn version(&self) -> String {
        match self {
            Self::Scripe(job) => format!(
                "{}{}",
                job.status.value().map_or("", |status| status.as_str()),
                job.updated_at.value().map_or("", |at| at.as_str())
            ),
            Self::Booper(job) => job
                .state()
                .map_or_else(String::new, |state| state.as_str().to_owned()),
        }
    }

    /// The copy a list keeps: Scripe's long texts cut to what a row shows ([`Job::shorten`];
    /// the drawer and exports read them whole). Booper rows stay whole: that API cannot read
    /// one job again, and its rows hold no long free text of their own.
    pub fn shorten(&mut self) {
        if let Self::Scripe(job) = self {
            job.shorten(LIST_TEXT_CHARS);
        }
    }

    /// This copy lacks part of what the API sent (see [`Row::shorten`]).
    pub fn is_shortened(&self) -> bool {
        matches!(self, Self::Scripe(job) if job.shortened)
    }
}

impl FeedRow for Row {
    fn id(&self) -> &str {
        match self {
            Self::Scripe(job) => job.id(),
            Self::Booper(job) => job.id(),
        }
    }

    fn order_key(&self) -> OrderKey<'_> {
        match self {
            Self::Scripe(job) => job.order_key(),
            Self::Booper(job) => job.order_key(),
        }
    }

    fn is_active(&self) -> bool {
        match self {
            Self::Scripe(job) => job.is_active(),
            Self::Booper(job) => job.is_active(),
        }
    }
}

mod requests {
    use web_sys::AbortController;

    use jobscope_wire::field::LIST_TEXT_CHARS;

    use super::{Backend, Listed, PAGE_SIZE, Row};
    use crate::api::ApiError;
    use crate::feed::Page;
    use crate::filters::Filters;

    impl Backend {
        /// One page of rows ([`PAGE_SIZE`] of them) for `filters` after `token` (a cursor or an
        /// offset).
        pub async fn list(
            &self,
            filters: &Filters,
            token: Option<&str>,
            abort: &AbortController,
        ) -> Result<Listed<Row>, ApiError> {
            self.list_some(filters, token, PAGE_SIZE, abort).await
        }

        /// [`Backend::list`], asking for `limit` rows (the live refresh's head check reads no
        /// more than it needs). The rows are the list's copies ([`Row::shorten`]).
        pub async fn list_some(
            &self,
            filters: &Filters,
            token: Option<&str>,
            limit: u32,
            abort: &AbortController,
        ) -> Result<Listed<Row>, ApiError> {
            self.list_rows(filters, token, limit, true, abort).await
        }

        /// [`Backend::list_some`] with every value as sent, none cut (for exports).
        pub async fn list_whole(
            &self,
            filters: &Filters,
            token: Option<&str>,
            limit: u32,
            abort: &AbortController,
        ) -> Result<Listed<Row>, ApiError> {
            self.list_rows(filters, token, limit, false, abort).await
        }

        async fn list_rows(
            &self,
            filters: &Filters,
            token: Option<&str>,
            limit: u32,
            shortened: bool,
            abort: &AbortController,
        ) -> Result<Listed<Row>, ApiError> {
            match self {
                Self::Scripe(client) => {
                    let listed = if shortened {
                        client
                            .list_shortened(filters, token, limit, LIST_TEXT_CHARS, abort)
                            .await?
                    } else {
                        client.list(filters, token, limit, abort).await?
                    };
                    Ok(Listed {
                        page: Page {
                            rows: listed.page.rows.into_iter().map(Row::Scripe).collect(),
                            next: listed.page.next,
                        },
                        deprecation: listed.deprecation,
                        quota: listed.quota,
                        contradiction: listed.contradiction,
                        dropped: listed.dropped,
                    })
                }
                Self::Booper(client) => {
                    let (page, dropped) = client
                        .list(filters.states.first(), token, limit, abort)
                        .await?;
                    Ok(Listed {
                        page: Page {
                            rows: page.rows.into_iter().map(Row::Booper).collect(),
                            next: page.next,
                        },
                        deprecation: None,
                        quota: None,
                        // Offset paging has no claim to contradict; a server that ignores
                        // the offset is caught by the feed (a page of nothing new).
                        contradiction: None,
                        dropped,
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_backend_names_its_kind_and_filters() {
        let scripe = Backend::Scripe(ScripeClient::default());
        let booper = Backend::Booper(BooperClient::default());
        assert_eq!(scripe.kind(), BackendKind::Scripe);
        assert_eq!(booper.capabilities(), capabilities::BOOPER);
        assert_eq!((scripe.base_url(), booper.base_url()), ("/v1", "/api"));
    }
}
