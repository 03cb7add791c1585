//! Keeps this instance's search index in step with the shared database: the change log is
//! polled and every service changed by any instance is reindexed here. Sequence numbers are
//! re-read a little behind the newest one seen, because on PostgreSQL a transaction holding
//! a lower number may commit after one holding a higher number. Each instance reports its
//! position, and the log is pruned behind the slowest live one.

use crate::clock::{Clock, SharedClock};
use crate::persistence;
use crate::progress::Progress;
use crate::services::indexing::{self, service_doc};
use crate::services::needs::NeedStore;
use okienko_search::SearchIndex;
use sea_orm::DatabaseConnection;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Sequence numbers re-read behind the newest one applied.
const OVERLAP: i64 = 1000;
/// Changes read per poll.
const BATCH: u64 = 5000;

/// The follower's position in the change log.
#[derive(Debug, Default)]
pub struct ChangeFollower {
    applied: BTreeSet<i64>,
    high: i64,
}

impl ChangeFollower {
    /// A follower that resumes after `watermark` (what the index already reflects).
    pub fn starting_at(watermark: i64) -> Self {
        Self {
            applied: BTreeSet::new(),
            high: watermark,
        }
    }

    /// Applies every change not applied yet, indexing as of the clock's time; returns how
    /// many services were reindexed.
    pub async fn catch_up(
        &mut self,
        db: &DatabaseConnection,
        index: &Arc<SearchIndex>,
        clock: &dyn Clock,
    ) -> anyhow::Result<usize> {
        let mut total = 0;
        loop {
            let (services, read) = self.poll(db, index, clock).await?;
            total += services;
            if read < BATCH as usize {
                return Ok(total);
            }
        }
    }

    /// One poll: (services reindexed, log rows read).
    async fn poll(
        &mut self,
        db: &DatabaseConnection,
        index: &Arc<SearchIndex>,
        clock: &dyn Clock,
    ) -> anyhow::Result<(usize, usize)> {
        let from = (self.high - OVERLAP).max(0);
        let rows = persistence::changes_after(db, from, BATCH).await?;
        let fresh: Vec<(i64, Uuid)> = rows
            .iter()
            .copied()
            .filter(|(seq, _)| !self.applied.contains(seq) && *seq > from)
            .collect();
        if fresh.is_empty() {
            return Ok((0, rows.len()));
        }
        let ids: Vec<Uuid> = fresh
            .iter()
            .map(|(_, id)| *id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let views = persistence::services_by_ids(db, &ids).await?;
        let present: HashSet<Uuid> = views.iter().map(|v| v.service.id).collect();
        let gone: Vec<String> = ids
            .iter()
            .filter(|id| !present.contains(id))
            .map(Uuid::to_string)
            .collect();
        let now = clock.now();
        index.upsert(
            &views
                .iter()
                .map(|v| service_doc(v, now))
                .collect::<Vec<_>>(),
        )?;
        index.delete(&gone)?;
        for (seq, _) in &fresh {
            self.applied.insert(*seq);
            self.high = self.high.max(*seq);
        }
        let floor = self.high - OVERLAP;
        self.applied = self.applied.split_off(&floor);
        index.set_watermark(self.high);
        crate::services::indexing::commit(index).await?;
        Ok((ids.len(), rows.len()))
    }
}

/// How this instance takes part in pruning the shared change log.
#[derive(Debug, Clone, Copy)]
pub struct Pruning {
    /// This instance's id among the log's readers.
    pub instance: Uuid,
    /// How long rows and silent readers are kept.
    pub keep: Duration,
}

impl Pruning {
    /// How often this instance reports its position and prunes: often enough that it never
    /// looks silent, at most every 30 s.
    fn every(&self, interval: Duration) -> Duration {
        (self.keep / 4).clamp(interval, Duration::from_secs(30))
    }

    /// Reports this instance's position, rebuilds the index if the log was pruned past it
    /// (this instance was taken for gone), then prunes what every live reader has passed.
    async fn run(
        &self,
        db: &DatabaseConnection,
        index: &Arc<SearchIndex>,
        follower: &mut ChangeFollower,
        clock: &dyn Clock,
    ) -> anyhow::Result<()> {
        persistence::report_reader(db, self.instance, index.watermark(), clock.now()).await?;
        if persistence::pruned_through(db).await? > index.watermark() {
            tracing::warn!(
                watermark = index.watermark(),
                "the change log was pruned past this index; rebuilding it"
            );
            indexing::reindex_all(db, index, Progress::hidden("reindex"), clock).await?;
            *follower = ChangeFollower::starting_at(index.watermark());
            persistence::report_reader(db, self.instance, index.watermark(), clock.now()).await?;
        }
        let pruned = persistence::prune_changes(db, self.keep, clock.now()).await?;
        if pruned > 0 {
            tracing::info!(rows = pruned, "change log pruned");
        }
        Ok(())
    }
}

/// Polls the change log (and the needs table) every `interval` for as long as the server
/// runs, and prunes the log, by `clock`'s time.
pub fn spawn(
    db: DatabaseConnection,
    index: Arc<SearchIndex>,
    needs: Arc<NeedStore>,
    mut follower: ChangeFollower,
    interval: Duration,
    pruning: Pruning,
    clock: SharedClock,
) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut pruned_at: Option<Instant> = None;
        loop {
            ticker.tick().await;
            match follower.catch_up(&db, &index, clock.as_ref()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    services = n,
                    watermark = index.watermark(),
                    "index caught up with the change log"
                ),
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "change log poll failed; retrying")
                }
            }
            if let Err(e) = needs.refresh(&db).await {
                tracing::warn!(error = %format!("{e:#}"), "needs table check failed; retrying");
            }
            if pruned_at.is_none_or(|at| at.elapsed() >= pruning.every(interval)) {
                pruned_at = Some(Instant::now());
                if let Err(e) = pruning
                    .run(&db, &index, &mut follower, clock.as_ref())
                    .await
                {
                    tracing::warn!(error = %format!("{e:#}"), "change log pruning failed; retrying");
                }
            }
        }
    });
}
