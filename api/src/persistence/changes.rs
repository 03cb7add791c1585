//! The service change log: one row per changed service, written in the same transaction as
//! the change, read by every instance to keep its search index current.

use super::entities::service_change;
use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Rows per INSERT.
const ROWS_PER_STATEMENT: usize = 500;

/// Records that these services changed.
pub async fn record_changes(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<(), DbErr> {
    let now = Utc::now();
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

/// The newest sequence number (0 when the log is empty).
pub async fn latest_change(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let latest: Option<i64> = service_change::Entity::find()
        .select_only()
        .column_as(service_change::Column::Seq.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    Ok(latest.unwrap_or(0))
}
