//! `use_job_detail`: the job open in the drawer, read on its own (`GET /jobs/{id}`, so a
//! link to a job outside the list works) and polled while it is queued or running: one
//! request at a time, none while the tab is hidden, slower after a 429. It runs in the
//! drawer's chunk ([`crate::chunks::drawer`]), from the drawer's first opening on.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::ApiError;
use crate::api::backend::{Backend, Row};
use crate::feed::live::TickEnd;
use crate::feed::{Feed, FeedRow, Ticker};
use crate::hooks::use_now::now_ms;
use crate::hooks::use_visible_interval::use_visible_interval;
use crate::hooks::{abort_in, begin_tick};

/// How often an open queued or running job is read again.
pub const POLL_MS: u32 = 2_000;

/// Where the open job comes from: the list's inputs that [`use_job_detail`] reads.
#[derive(Clone, Copy)]
pub struct DetailSource {
    /// The open job's id (`?job=`), `None` while the drawer is closed.
    pub id: Signal<Option<String>>,
    pub client: Signal<Backend>,
    /// The list: its copy shows until the first read lands.
    pub feed: ReadSignal<Feed<Row>>,
    /// Each read of the job refreshes its row in the list.
    pub replace_row: Callback<Row>,
    /// The newest state a cancel gave a job (optimistic, answered, rolled back).
    pub cancelled: Signal<Option<Row>>,
    /// The id whose cancel request is out: once it is answered, the job is read again.
    pub cancel_busy: Signal<Option<String>>,
}

/// The open job as last read, its JSON as sent, and what went wrong reading it.
#[derive(Clone, Copy)]
pub struct UseJobDetailReturn {
    /// The freshest copy known: the last read of it, else the list's row.
    pub row: Signal<Option<Row>>,
    /// The API's JSON for it, pretty-printed (unknown fields included).
    pub raw: Signal<Option<String>>,
    pub error: Signal<Option<ApiError>>,
    /// The first read is under way and the list has no copy to show meanwhile.
    pub loading: Signal<bool>,
}

#[derive(Clone, Copy)]
struct Poller {
    id: Signal<Option<String>>,
    client: Signal<Backend>,
    /// `(id, row, raw)` of the last read.
    read: RwSignal<Option<(String, Row, Option<String>)>>,
    error: RwSignal<Option<ApiError>>,
    in_flight: StoredValue<Option<AbortController>, LocalStorage>,
    ticker: RwSignal<Ticker>,
    /// Bumped when another job is opened: a read of the previous one no longer counts.
    opened: StoredValue<u64>,
    replace_row: Callback<Row>,
}

impl Poller {
    fn abort(self) {
        abort_in(self.in_flight);
    }

    fn fetch(self) {
        let Some(id) = self.id.get_untracked() else {
            return;
        };
        let Backend::Scripe(client) = self.client.get_untracked() else {
            return;
        };
        let Some(controller) = begin_tick(self.ticker, self.in_flight, POLL_MS) else {
            return;
        };
        let opened = self.opened.get_value();
        spawn_local(async move {
            let result = client.job_with_raw(&id, &controller).await;
            if self.opened.try_get_value() != Some(opened) {
                // Another job was opened (and its ticker started afresh) meanwhile.
                return;
            }
            let outcome = match &result {
                Ok(_) => TickEnd::Done,
                Err(error) if error.is_rate_limited() => {
                    TickEnd::RateLimited(error.retry_after_secs())
                }
                Err(_) => TickEnd::Failed,
            };
            self.ticker
                .try_update(|ticker| ticker.end(now_ms(), POLL_MS, outcome));
            match result {
                Ok((job, raw)) => {
                    let row = Row::Scripe(job);
                    self.replace_row.run(row.clone());
                    self.error.set(None);
                    self.read.set(Some((id, row, Some(raw))));
                }
                Err(ApiError::Aborted) => {}
                Err(error) => self.error.set(Some(error)),
            }
        });
    }
}

/// The open job of `source`, with the list's copy shown until the first read lands; each
/// read also refreshes the list's row, and each step of a cancel shows at once.
pub fn use_job_detail(source: DetailSource) -> UseJobDetailReturn {
    let DetailSource {
        id,
        client,
        feed,
        replace_row,
        cancelled,
        cancel_busy,
    } = source;
    let poller = Poller {
        id,
        client,
        read: RwSignal::new(None),
        error: RwSignal::new(None),
        in_flight: StoredValue::new_local(None),
        ticker: RwSignal::new(Ticker::default()),
        opened: StoredValue::new(0),
        replace_row,
    };
    let listed = Signal::derive(move || {
        id.with(|id| {
            let id = id.as_deref()?;
            feed.with(|feed| feed.find(id).cloned())
        })
    });
    let row = Signal::derive(move || {
        let current = id.get()?;
        poller
            .read
            .with(|read| {
                read.as_ref()
                    .filter(|(read_id, _, _)| *read_id == current)
                    .map(|(_, row, _)| row.clone())
            })
            .or_else(|| listed.get())
    });

    // A new job (or another backend): forget the last read and read this one now.
    Effect::new(move |_| {
        let _ = (id.get(), client.get());
        poller.abort();
        poller.opened.update_value(|n| *n += 1);
        poller.read.set(None);
        poller.error.set(None);
        poller.ticker.set(Ticker::default());
        poller.fetch();
    });
    // While it is active and the tab visible: read it again every POLL_MS.
    let active = Memo::new(move |_| row.with(|row| row.as_ref().is_some_and(FeedRow::is_active)));
    use_visible_interval(
        move || active.get().then_some(POLL_MS),
        move |_| poller.fetch(),
        false,
    );
    on_cleanup(move || poller.abort());

    let raw = Signal::derive(move || {
        let current = id.get()?;
        let read = poller.read.with(|read| {
            read.as_ref()
                .filter(|(read_id, _, _)| *read_id == current)
                .and_then(|(_, _, raw)| raw.clone())
        });
        // Booper has no single-job endpoint: its row as this build reads it.
        read.or_else(|| match listed.get()? {
            Row::Booper(job) => serde_json::to_string_pretty(&job).ok(),
            Row::Scripe(_) => None,
        })
    });
    // A cancel's step (of this job) shows at once; one made before this hook ran does not
    // count (the first read is fresher).
    Effect::new(move |seen: Option<()>| {
        let step = cancelled.get();
        if seen.is_some()
            && let Some(row) = step
            && let Some(current) = id.get_untracked()
            && row.id() == current
        {
            let raw = poller
                .read
                .with_untracked(|read| read.as_ref().and_then(|(_, _, raw)| raw.clone()));
            poller.read.set(Some((current, row, raw)));
        }
    });
    // A cancel answered (or given up): read the job again, for its JSON as sent.
    Effect::new(move |was_busy: Option<bool>| {
        let busy = cancel_busy.with(Option::is_some);
        if was_busy == Some(true) && !busy {
            poller.fetch();
        }
        busy
    });
    UseJobDetailReturn {
        row,
        raw,
        error: poller.error.into(),
        loading: Signal::derive(move || {
            row.with(Option::is_none)
                && poller.error.with(Option::is_none)
                && poller.ticker.with(Ticker::is_busy)
        }),
    }
}
