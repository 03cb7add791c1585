//! The coordinators' needs table: one row, replaced whole, its version counting edits.

use super::entities::need_table;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QuerySelect, sea_query::OnConflict,
};

/// The only row.
const ROW: i32 = 1;

/// The stored table: (JSON, version), or `None` while the built-in one applies.
pub async fn stored_needs(db: &impl ConnectionTrait) -> Result<Option<(String, i64)>, DbErr> {
    Ok(need_table::Entity::find_by_id(ROW)
        .one(db)
        .await?
        .map(|row| (row.body, row.version)))
}

/// The stored table's version (0 while the built-in one applies).
pub async fn needs_version(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let version: Option<i64> = need_table::Entity::find_by_id(ROW)
        .select_only()
        .column(need_table::Column::Version)
        .into_tuple()
        .one(db)
        .await?;
    Ok(version.unwrap_or(0))
}

/// Stores a new table, edited at `now`; returns its version.
pub async fn store_needs(
    db: &impl ConnectionTrait,
    body: &str,
    author: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let version = needs_version(db).await? + 1;
    let row = need_table::ActiveModel {
        id: Set(ROW),
        body: Set(body.to_owned()),
        version: Set(version),
        updated_at: Set(now),
        updated_by: Set(author.to_owned()),
    };
    need_table::Entity::insert(row)
        .on_conflict(
            OnConflict::column(need_table::Column::Id)
                .update_columns([
                    need_table::Column::Body,
                    need_table::Column::Version,
                    need_table::Column::UpdatedAt,
                    need_table::Column::UpdatedBy,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(version)
}
