//! The first page, asked for early: the feed's first request is sent as soon as the client and
//! the filters are known, before the list's view is built (issue 16, item 3), and the feed
//! takes that request as its own instead of sending a second one.
//!
//! [`EarlySlot`] is the one-shot hand-over, as plain state with no browser in it. It is keyed
//! by the exact request ([`Ask`]): an early answer is only ever used for the very request the
//! feed would send. One that does not match (another backend, key, API version or URL), one
//! that comes after the slot was closed, and one nobody claims are dropped, never shown.

use jobscope_wire::config::BackendKind;

use crate::api::ApiKey;
use crate::api::backend::{Backend, PAGE_SIZE};
use crate::filters::Filters;

/// The request for a first page, exactly: what the answer depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    backend: BackendKind,
    /// The whole URL, query included, as the client builds it (so in canonical form: it is
    /// written from the parsed filters, never from the address as typed).
    url: String,
    /// Sent as `Authorization`; compared, never shown (its `Debug` is redacted).
    key: Option<ApiKey>,
    /// Scripe's `Scripe-Api-Version` header (Booper has none).
    version: Option<String>,
}

impl Ask {
    /// The first page (no token, [`PAGE_SIZE`] rows) `client` sends for `filters`: the URL as
    /// [`Backend::list`] builds it for that page.
    pub fn first_page(client: &Backend, filters: &Filters) -> Self {
        let (url, key, version) = match client {
            Backend::Scripe(scripe) => (
                scripe.list_url(filters, None, PAGE_SIZE),
                scripe.api_key.clone(),
                Some(scripe.version.clone()),
            ),
            Backend::Booper(booper) => (
                booper.list_url(filters.states.first(), 0, PAGE_SIZE),
                booper.api_key.clone(),
                None,
            ),
        };
        Self {
            backend: client.kind(),
            url,
            key,
            version,
        }
    }
}

/// What the feed gets when it comes to send its first page (see [`EarlySlot::claim`]).
#[derive(Debug, PartialEq)]
pub enum Claim<H, T> {
    /// The early request for exactly this page is still out: keep its `H` (to abort it when
    /// superseded); its answer will be delivered to the claiming generation.
    InFlight(H),
    /// It was answered already: the answer, to land as the page's.
    Answered(T),
    /// It was for another request: stop it (`H`, when still out); its answer is dropped and
    /// the feed sends its own request.
    Stale(Option<H>),
    /// Nothing was asked early, or the slot was used already: send as usual.
    Nothing,
}

/// What becomes of the early answer when it arrives (see [`EarlySlot::answer`]).
#[derive(Debug, PartialEq)]
pub enum Delivery<T> {
    /// The feed claimed the request: land the answer as the page of this generation (the feed
    /// itself still ignores it if that generation is over).
    To(u64, T),
    /// Not claimed yet: kept for [`EarlySlot::claim`].
    Kept,
    /// Nobody will show it (stale, closed): dropped.
    Dropped,
}

#[derive(Debug, Default)]
enum State<H, T> {
    /// Nothing asked yet.
    #[default]
    Empty,
    Out {
        ask: Ask,
        handle: H,
    },
    Answered {
        ask: Ask,
        answer: T,
    },
    /// Claimed while out: the answer goes to this generation's page.
    Claimed {
        generation: u64,
    },
    /// Used or dropped: never again.
    Closed,
}

/// A one-shot slot for the early first page: started once, claimed at most once, closed
/// after. `H` is what stops a request (an `AbortController`), `T` its answer.
#[derive(Debug, Default)]
pub struct EarlySlot<H, T> {
    state: State<H, T>,
}

impl<H, T> EarlySlot<H, T> {
    pub fn new() -> Self {
        Self {
            state: State::Empty,
        }
    }

    /// Records the early request `ask`, sent with `handle`. Only once, and only before the feed
    /// came to claim it: answers false otherwise (the caller then sends nothing).
    pub fn start(&mut self, ask: Ask, handle: H) -> bool {
        if !matches!(self.state, State::Empty) {
            return false;
        }
        self.state = State::Out { ask, handle };
        true
    }

    /// The feed is about to send `ask` as the first page of `generation`: the early request if
    /// it is exactly that one. Closes the slot in every case, so it is used at most once.
    pub fn claim(&mut self, ask: &Ask, generation: u64) -> Claim<H, T> {
        match std::mem::replace(&mut self.state, State::Closed) {
            State::Out { ask: early, handle } if early == *ask => {
                self.state = State::Claimed { generation };
                Claim::InFlight(handle)
            }
            State::Out { handle, .. } => Claim::Stale(Some(handle)),
            State::Answered { ask: early, answer } if early == *ask => Claim::Answered(answer),
            State::Answered { .. } => Claim::Stale(None),
            State::Claimed { .. } | State::Empty | State::Closed => Claim::Nothing,
        }
    }

    /// The early request ended with `answer` (a page or an error).
    pub fn answer(&mut self, answer: T) -> Delivery<T> {
        match std::mem::replace(&mut self.state, State::Closed) {
            State::Out { ask, .. } => {
                self.state = State::Answered { ask, answer };
                Delivery::Kept
            }
            State::Claimed { generation } => Delivery::To(generation, answer),
            State::Empty | State::Answered { .. } | State::Closed => Delivery::Dropped,
        }
    }

    /// The feed is going away: the request to stop, if one is still out unclaimed; any answer
    /// is dropped and nothing is delivered any more.
    pub fn close(&mut self) -> Option<H> {
        match std::mem::replace(&mut self.state, State::Closed) {
            State::Out { handle, .. } => Some(handle),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use jobscope_wire::booper::BooperState;
    use jobscope_wire::scripe::JobStatus;

    use super::*;
    use crate::api::booper::BooperClient;
    use crate::api::scripe::ScripeClient;

    fn scripe(key: Option<&str>) -> Backend {
        Backend::Scripe(ScripeClient {
            api_key: key.and_then(ApiKey::new),
            ..ScripeClient::new("https://api.example/v1")
        })
    }

    fn failed() -> Filters {
        Filters {
            statuses: vec![JobStatus::Failed],
            ..Filters::default()
        }
    }

    /// A slot with an early request for `ask` out; handles are numbers, answers strings.
    fn out(ask: &Ask) -> EarlySlot<u32, &'static str> {
        let mut slot = EarlySlot::new();
        assert!(slot.start(ask.clone(), 7));
        slot
    }

    #[test]
    fn the_ask_is_the_clients_own_first_page_url() {
        let client = scripe(Some("k1"));
        let ask = Ask::first_page(&client, &failed());
        let Backend::Scripe(scripe_client) = &client else {
            unreachable!()
        };
        assert_eq!(
            ask.url,
            scripe_client.list_url(&failed(), None, PAGE_SIZE),
            "the URL the feed's request goes to"
        );
        assert!(
            ask.url.ends_with("/jobs?limit=100&status=FAILED"),
            "{}",
            ask.url
        );
        let booper = Backend::Booper(BooperClient::new("/api"));
        let filters = Filters {
            states: vec![BooperState::Completed],
            ..Filters::default()
        };
        assert_eq!(
            Ask::first_page(&booper, &filters).url,
            "/api/jobs?state=completed&limit=100&offset=0"
        );
    }

    #[test]
    fn the_key_never_shows_in_an_ask() {
        let ask = Ask::first_page(&scripe(Some("scripe_sk_live_secret123")), &failed());
        assert!(!format!("{ask:?}").contains("secret123"), "{ask:?}");
    }

    #[test]
    fn a_matching_request_still_out_is_taken_once() {
        let ask = Ask::first_page(&scripe(Some("k1")), &failed());
        let mut slot = out(&ask);
        assert_eq!(slot.claim(&ask, 3), Claim::InFlight(7));
        // Its answer goes to the generation that claimed it, once.
        assert_eq!(slot.answer("page"), Delivery::To(3, "page"));
        assert_eq!(slot.answer("again"), Delivery::Dropped);
        // A second first page (new filters, a retry) is the feed's own.
        assert_eq!(slot.claim(&ask, 4), Claim::Nothing);
        assert!(!slot.start(ask, 8), "one-shot: never started twice");
    }

    #[test]
    fn an_answer_that_came_first_waits_for_its_claim() {
        let ask = Ask::first_page(&scripe(None), &Filters::default());
        let mut slot = out(&ask);
        assert_eq!(slot.answer("page"), Delivery::Kept);
        assert_eq!(slot.claim(&ask, 1), Claim::Answered("page"));
        assert_eq!(slot.claim(&ask, 1), Claim::Nothing, "taken once");
    }

    #[test]
    fn another_key_drops_the_early_answer() {
        let early = Ask::first_page(&scripe(Some("old-key")), &failed());
        let now = Ask::first_page(&scripe(Some("new-key")), &failed());
        let mut slot = out(&early);
        assert_eq!(slot.claim(&now, 1), Claim::Stale(Some(7)), "stopped");
        assert_eq!(slot.answer("old rows"), Delivery::Dropped);
        // No key at first, one now (or the reverse) is another request too.
        let mut slot = out(&Ask::first_page(&scripe(None), &failed()));
        assert_eq!(slot.claim(&now, 1), Claim::Stale(Some(7)));
    }

    #[test]
    fn other_filters_or_another_url_drop_the_early_answer() {
        let client = scripe(None);
        let early = Ask::first_page(&client, &Filters::default());
        let mut slot = out(&early);
        assert_eq!(slot.answer("all jobs"), Delivery::Kept);
        assert_eq!(
            slot.claim(&Ask::first_page(&client, &failed()), 1),
            Claim::Stale(None),
            "an answer for other filters is never taken"
        );
        let elsewhere = Backend::Scripe(ScripeClient::new("https://other.example/v1"));
        let mut slot = out(&early);
        assert_eq!(
            slot.claim(&Ask::first_page(&elsewhere, &Filters::default()), 1),
            Claim::Stale(Some(7))
        );
    }

    #[test]
    fn another_backend_or_api_version_drops_the_early_answer() {
        let early = Ask::first_page(&scripe(None), &Filters::default());
        let booper = Backend::Booper(BooperClient::new("https://api.example/v1"));
        let mut slot = out(&early);
        assert_eq!(
            slot.claim(&Ask::first_page(&booper, &Filters::default()), 1),
            Claim::Stale(Some(7))
        );
        let older = Backend::Scripe(ScripeClient {
            version: "2024-01-01".to_owned(),
            ..ScripeClient::new("https://api.example/v1")
        });
        let mut slot = out(&early);
        assert_eq!(
            slot.claim(&Ask::first_page(&older, &Filters::default()), 1),
            Claim::Stale(Some(7))
        );
    }

    #[test]
    fn a_closed_slot_drops_what_comes_late() {
        let ask = Ask::first_page(&scripe(None), &Filters::default());
        let mut slot = out(&ask);
        assert_eq!(slot.close(), Some(7), "the request still out is stopped");
        assert_eq!(slot.answer("late"), Delivery::Dropped);
        assert_eq!(slot.claim(&ask, 1), Claim::Nothing);
        // An answer kept for a feed that went away is dropped with it.
        let mut slot = out(&ask);
        assert_eq!(slot.answer("page"), Delivery::Kept);
        assert_eq!(slot.close(), None);
        assert_eq!(slot.claim(&ask, 1), Claim::Nothing);
    }

    #[test]
    fn a_claim_before_any_start_closes_the_slot() {
        let ask = Ask::first_page(&scripe(None), &Filters::default());
        let mut slot = EarlySlot::<u32, &str>::new();
        assert_eq!(slot.claim(&ask, 1), Claim::Nothing);
        assert!(!slot.start(ask, 7), "too late: the feed sent its own");
        assert_eq!(slot.answer("page"), Delivery::Dropped);
    }
}
