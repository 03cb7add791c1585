//! Background jobs: one loop for all of them.

use std::future::Future;
use std::time::Duration;

/// Runs `job` now and then every `interval` until the process ends; a slow run delays the
/// next instead of piling runs up, and a failed run is logged and retried at the next tick.
pub fn every<J, F>(interval: Duration, name: &'static str, job: J)
where
    J: Fn() -> F + Send + 'static,
    F: Future<Output = anyhow::Result<()>> + Send,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(e) = job().await {
                tracing::error!(job = name, error = ?e, "background job failed");
            }
        }
    });
}
