//! Cache of whole search and suggest answers (JSON bytes), keyed by the normalized request.
//! A commit to the index or a dictionary reload empties it, so it never serves stale offers.

use actix_web::web::Bytes;
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::Mutex;

/// Answers kept.
const CAPACITY: usize = 4096;

struct Inner {
    generation: (u64, usize),
    entries: LruCache<String, Bytes>,
}

/// The cache.
pub struct SearchCache {
    inner: Mutex<Inner>,
}

impl Default for SearchCache {
    fn default() -> Self {
        let capacity = NonZeroUsize::new(CAPACITY).unwrap_or(NonZeroUsize::MIN);
        Self {
            inner: Mutex::new(Inner {
                generation: (0, 0),
                entries: LruCache::new(capacity),
            }),
        }
    }
}

impl SearchCache {
    /// The cached answer for `key` at this index generation and dictionary version.
    pub fn get(&self, generation: (u64, usize), key: &str) -> Option<Bytes> {
        let mut inner = self.inner.lock().ok()?;
        if inner.generation != generation {
            inner.entries.clear();
            inner.generation = generation;
            return None;
        }
        inner.entries.get(key).cloned()
    }

    /// Keeps an answer.
    pub fn put(&self, generation: (u64, usize), key: String, value: Bytes) {
        if let Ok(mut inner) = self.inner.lock()
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
}
