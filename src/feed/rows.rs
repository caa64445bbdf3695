//! What the feed needs of a row: its id, and its place in the list order.

use jobscope_wire::booper::ScheduledJob;
use jobscope_wire::scripe::Job;

/// `(milliseconds, id)`: lists run from the largest key to the smallest, newest first.
pub type OrderKey<'a> = (i64, &'a str);

pub trait FeedRow {
    fn id(&self) -> &str;
    fn order_key(&self) -> OrderKey<'_>;
    /// Still changing (queued, running, scheduled): worth re-reading while on screen.
    fn is_active(&self) -> bool;
}

impl FeedRow for Job {
    fn id(&self) -> &str {
        &self.id
    }

    /// Scripe lists by `(createdAt DESC, id DESC)`; an unreadable `createdAt` sorts last.
    fn order_key(&self) -> OrderKey<'_> {
        (self.created_at.epoch_ms().unwrap_or(i64::MIN), &self.id)
    }

    fn is_active(&self) -> bool {
        self.status.is_active()
    }
}

impl FeedRow for ScheduledJob {
    fn id(&self) -> &str {
        &self.id
    }

    /// Booper lists by `inserted_at` newest first, ties by `id` descending (as the simulator
    /// does); `inserted_at` is naive UTC, which `epoch_ms` reads so. Unreadable sorts last.
    fn order_key(&self) -> OrderKey<'_> {
        (self.inserted_at.epoch_ms().unwrap_or(i64::MIN), &self.id)
    }

    /// Waiting, retrying or running in the Oban queue.
    fn is_active(&self) -> bool {
        self.job.as_ref().is_some_and(|oban| {
            oban.state.filter() == Some(jobscope_wire::booper::BooperState::Scheduled)
        })
    }
}
