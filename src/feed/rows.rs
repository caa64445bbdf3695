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
        let created = self.created_at.value().and_then(|at| at.epoch_ms());
        (created.unwrap_or(i64::MIN), &self.id)
    }

    fn is_active(&self) -> bool {
        Job::is_active(self)
    }
}

impl FeedRow for ScheduledJob {
    fn id(&self) -> &str {
        &self.id
    }

    /// Booper lists by `inserted_at` newest first, ties by `id` descending (as the simulator
    /// does); `inserted_at` is naive UTC, which `epoch_ms` reads so. Unreadable sorts last.
    fn order_key(&self) -> OrderKey<'_> {
        let inserted = self.inserted_at.value().and_then(|at| at.epoch_ms());
        (inserted.unwrap_or(i64::MIN), &self.id)
    }

    /// Waiting, retrying or running in the Oban queue.
    fn is_active(&self) -> bool {
        self.state().is_some_and(|state| {
            state.filter() == Some(jobscope_wire::booper::BooperState::Scheduled)
        })
    }
}
