//! Cache of whole search and suggest answers (JSON bytes), keyed by the normalized request.
//! A commit to the index or a dictionary reload empties it, so it never serves stale offers.

use bytes::Bytes;
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::Mutex;

/// Answers kept by default.
pub const DEFAULT_CAPACITY: usize = 4096;

struct Inner {
    generation: (u64, usize),
    entries: LruCache<String, Bytes>,
}

/// The cache; with capacity 0 it keeps nothing.
pub struct SearchCache {
    inner: Option<Mutex<Inner>>,
}

impl Default for SearchCache {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_CAPACITY)
    }
}

impl SearchCache {
    /// A cache of up to `capacity` answers (0 disables it).
    pub fn with_capacity(capacity: usize) -> Self {
        let inner = NonZeroUsize::new(capacity).map(|c| {
            Mutex::new(Inner {
                generation: (0, 0),
                entries: LruCache::new(c),
            })
        });
        Self { inner }
    }

    /// The cached answer for `key` at this index generation and dictionary version.
    pub fn get(&self, generation: (u64, usize), key: &str) -> Option<Bytes> {
        let mut inner = self.inner.as_ref()?.lock().ok()?;
        if inner.generation != generation {
            inner.entries.clear();
            inner.generation = generation;
            return None;
        }
        inner.entries.get(key).cloned()
    }

    /// Keeps an answer computed at `generation`.
    pub fn put(&self, generation: (u64, usize), key: String, value: Bytes) {
        if let Some(Ok(mut inner)) = self.inner.as_ref().map(Mutex::lock)
            && inner.generation == generation
        {
            inner.entries.put(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_generation_empties_the_cache() {
        let cache = SearchCache::default();
        assert!(cache.get((1, 1), "q").is_none());
        cache.put((1, 1), "q".into(), Bytes::from_static(b"{}"));
        assert_eq!(cache.get((1, 1), "q"), Some(Bytes::from_static(b"{}")));
        assert!(
            cache.get((2, 1), "q").is_none(),
            "an index commit invalidates"
        );
        cache.put((1, 1), "late".into(), Bytes::from_static(b"{}"));
        assert!(
            cache.get((2, 1), "late").is_none(),
            "answers computed for an old generation are dropped"
        );
    }

    #[test]
    fn capacity_zero_keeps_nothing() {
        let cache = SearchCache::with_capacity(0);
        cache.put((1, 1), "q".into(), Bytes::from_static(b"{}"));
        assert!(cache.get((1, 1), "q").is_none());
    }
}
