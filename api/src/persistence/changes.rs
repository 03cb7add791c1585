//! The service change log: one row per changed service, written in the same transaction as
//! the change, read by every instance to keep its search index current, and pruned behind
//! its slowest live reader.

use super::entities::{change_log_horizon, change_log_reader, service_change};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::OnConflict,
};
use std::time::Duration;
use uuid::Uuid;

/// The horizon table's only row.
const HORIZON_ROW: i32 = 1;

/// Rows per INSERT.
const ROWS_PER_STATEMENT: usize = 500;

/// Records that these services changed at `now`.
pub async fn record_changes(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let rows = chunk.iter().map(|id| service_change::ActiveModel {
            seq: NotSet,
            service_id: Set(*id),
            changed_at: Set(now),
        });
        service_change::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Changes with a sequence number above `after`, oldest first: (seq, service id).
pub async fn changes_after(
    db: &impl ConnectionTrait,
    after: i64,
    limit: u64,
) -> Result<Vec<(i64, Uuid)>, DbErr> {
    service_change::Entity::find()
        .select_only()
        .column(service_change::Column::Seq)
        .column(service_change::Column::ServiceId)
        .filter(service_change::Column::Seq.gt(after))
        .order_by_asc(service_change::Column::Seq)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// The newest sequence number the log has reached: its newest row, or how far it was pruned
/// when every row is gone (0 for a log never written). Numbers are never reused, so an index
/// rebuilt now is at least this far; taking 0 for a fully pruned log would leave it "behind
/// the pruning" and rebuilt again and again.
pub async fn latest_change(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let latest: Option<i64> = service_change::Entity::find()
        .select_only()
        .column_as(service_change::Column::Seq.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    Ok(latest.unwrap_or(0).max(pruned_through(db).await?))
}

/// Records how far this instance's index has followed the log, as of `now`.
pub async fn report_reader(
    db: &impl ConnectionTrait,
    instance: Uuid,
    position: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = change_log_reader::ActiveModel {
        instance_id: Set(instance),
        position: Set(position),
        seen_at: Set(now),
    };
    change_log_reader::Entity::insert(row)
        .on_conflict(
            OnConflict::column(change_log_reader::Column::InstanceId)
                .update_columns([
                    change_log_reader::Column::Position,
                    change_log_reader::Column::SeenAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The highest sequence number pruned from the log (0 when nothing was): an index whose
/// position is below it has missed changes and must be rebuilt.
pub async fn pruned_through(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(change_log_horizon::Entity::find_by_id(HORIZON_ROW)
        .one(db)
        .await?
        .map_or(0, |h| h.pruned_through))
}

/// Prunes the log behind its slowest live reader: readers silent for longer than `keep` are
/// forgotten, and only rows older than `keep` go (a late PostgreSQL commit may still be read
/// behind the newest position), as of `now`. Returns the rows deleted.
pub async fn prune_changes(
    db: &DatabaseConnection,
    keep: Duration,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let cutoff = now - chrono::TimeDelta::from_std(keep).unwrap_or(chrono::TimeDelta::MAX);
    let txn = super::begin_write(db).await?;
    change_log_reader::Entity::delete_many()
        .filter(change_log_reader::Column::SeenAt.lt(cutoff))
        .exec(&txn)
        .await?;
    let positions: Vec<i64> = change_log_reader::Entity::find()
        .select_only()
        .column(change_log_reader::Column::Position)
        .into_tuple()
        .all(&txn)
        .await?;
    let Some(floor) = slowest_reader(&positions) else {
        return Ok(0);
    };
    let through: Option<i64> = service_change::Entity::find()
        .select_only()
        .column_as(service_change::Column::Seq.max(), "max")
        .filter(service_change::Column::Seq.lte(floor))
        .filter(service_change::Column::ChangedAt.lt(cutoff))
        .into_tuple::<Option<i64>>()
        .one(&txn)
        .await?
        .flatten();
    let Some(through) = through else {
        return Ok(0);
    };
    let deleted = service_change::Entity::delete_many()
        .filter(service_change::Column::Seq.lte(through))
        .exec(&txn)
        .await?
        .rows_affected;
    let horizon = change_log_horizon::ActiveModel {
        id: Set(HORIZON_ROW),
        pruned_through: Set(through),
    };
    change_log_horizon::Entity::insert(horizon)
        .on_conflict(
            OnConflict::column(change_log_horizon::Column::Id)
                .update_column(change_log_horizon::Column::PrunedThrough)
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(deleted)
}

/// The position every live reader has passed (None when no reader is known).
fn slowest_reader(positions: &[i64]) -> Option<i64> {
    positions.iter().copied().min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_fully_pruned_log_still_knows_how_far_it_reached() {
        let db = super::super::connect("sqlite::memory:")
            .await
            .expect("SQLite");
        super::super::migrate(&db).await.expect("migrations");
        let now = DateTime::from_timestamp(1_796_000_000, 0).expect("a time");
        let then = now - chrono::TimeDelta::hours(3);
        record_changes(&db, &[Uuid::new_v4(), Uuid::new_v4()], then)
            .await
            .expect("changes");
        let reached = latest_change(&db).await.expect("latest");
        assert_eq!(reached, 2);
        report_reader(&db, Uuid::new_v4(), reached, now)
            .await
            .expect("reader");
        let pruned = prune_changes(&db, Duration::from_secs(3600), now)
            .await
            .expect("prune");
        assert_eq!(pruned, 2, "every row pruned");
        assert_eq!(pruned_through(&db).await.expect("horizon"), 2);
        // An index rebuilt now starts where the log reached, not behind its pruning.
        assert_eq!(latest_change(&db).await.expect("latest"), 2);
        record_changes(&db, &[Uuid::new_v4()], now)
            .await
            .expect("a new change");
        assert_eq!(
            latest_change(&db).await.expect("latest"),
            3,
            "numbers go on"
        );
    }

    #[test]
    fn the_log_is_kept_for_the_slowest_reader() {
        assert_eq!(slowest_reader(&[120, 40, 300]), Some(40));
        assert_eq!(slowest_reader(&[]), None);
    }
}
