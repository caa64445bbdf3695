//! Recent feeds by their filters, so back and forward show earlier rows at once (then
//! refresh them) instead of an empty list.

use super::{Feed, FeedRow};

/// Feeds the app keeps: enough for a few steps of back and forward.
pub const RECENT_FEEDS: usize = 5;

/// Larger feeds are not kept: this bounds the cache's memory at about
/// `RECENT_FEEDS * MAX_CACHED_ROWS` rows, and such a feed reloads its head quickly anyway.
pub const MAX_CACHED_ROWS: usize = 5_000;

/// A small least-recently-used cache of feeds. A `Vec` in use order (most recent last)
/// is plenty for a handful of entries and needs no hashing of the key.
#[derive(Debug, Clone)]
pub struct FeedCache<K, R> {
    capacity: usize,
    entries: Vec<(K, Feed<R>)>,
}

impl<K: Eq, R: FeedRow> FeedCache<K, R> {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Keeps `feed` for `key` as the most recent, dropping the least recent beyond the
    /// capacity. An oversized feed is not kept, and neither is an older one for its key,
    /// so the cache never restores a state older than the last one put.
    pub fn put(&mut self, key: K, feed: Feed<R>) {
        self.remove(&key);
        if feed.len() > MAX_CACHED_ROWS || self.capacity == 0 {
            return;
        }
        if self.entries.len() >= self.capacity {
            let excess = self.entries.len() + 1 - self.capacity;
            self.entries.drain(..excess);
        }
        self.entries.push((key, feed));
    }

    /// Removes and returns the feed for `key`: the restored feed is live from then on, and
    /// is put back when its filters are left again.
    pub fn take(&mut self, key: &K) -> Option<Feed<R>> {
        self.remove(key)
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn remove(&mut self, key: &K) -> Option<Feed<R>> {
        let position = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(position).1)
    }
}
