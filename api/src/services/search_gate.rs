//! A bound on computed searches: at most a few run at once (near the core count), a short
//! queue waits, and beyond it a search answers 503 `overloaded` at once, so that a flood of
//! long queries cannot take every thread and all memory while cached answers stay fast.

use super::search_error::SearchError;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Searches that may wait for a running one to finish, per core.
const WAITING_PER_CORE: usize = 32;

/// The gate computed searches and suggestions pass.
#[derive(Debug)]
pub struct SearchGate {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
    wait: Duration,
}

impl SearchGate {
    /// `running` searches at once, `queue` more waiting at most `wait` each.
    pub fn new(running: usize, queue: usize, wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(running.max(1))),
            waiting: AtomicUsize::new(0),
            queue,
            wait,
        }
    }

    /// The gate for this machine: as many searches as cores, and 32 waiting per core, so
    /// that a busy municipal site's visitors queue for milliseconds instead of being refused
    /// (a refused client that retries at once costs more than one that waits).
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self::new(cores, cores * WAITING_PER_CORE, Duration::from_secs(2))
    }

    /// A permit to run one search (held until it is dropped), or 503 `overloaded`.
    pub async fn enter(&self) -> Result<OwnedSemaphorePermit, SearchError> {
        if let Ok(permit) = Arc::clone(&self.permits).try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(SearchError::Overloaded);
        }
        let waited =
            tokio::time::timeout(self.wait, Arc::clone(&self.permits).acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        match waited {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(SearchError::Overloaded),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn beyond_the_running_and_waiting_searches_the_answer_is_overloaded() {
        let gate = SearchGate::new(1, 1, Duration::from_millis(50));
        let running = gate.enter().await.expect("first runs");
        // One waits and gives up after its wait; with the queue full, another is refused at once.
        let (waiter, refused) = tokio::join!(gate.enter(), async {
            tokio::task::yield_now().await;
            gate.enter().await
        });
        assert!(matches!(waiter, Err(SearchError::Overloaded)));
        assert!(matches!(refused, Err(SearchError::Overloaded)));
        drop(running);
        assert!(gate.enter().await.is_ok(), "free again");
    }
}
