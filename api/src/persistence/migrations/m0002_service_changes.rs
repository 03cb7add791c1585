//! The change log every API instance follows to keep its own search index current.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ServiceChanges {
    Table,
    Seq,
    ServiceId,
    ChangedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ServiceChanges::Table)
                .col(big_pk_auto(ServiceChanges::Seq))
                .col(uuid(ServiceChanges::ServiceId))
                .col(timestamp_with_time_zone(ServiceChanges::ChangedAt))
                .to_owned(),
        )
        .await
    }
}
