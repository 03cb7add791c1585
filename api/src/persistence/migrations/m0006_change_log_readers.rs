//! Who reads the change log and how far, so it can be pruned behind its slowest live reader;
//! the horizon records how far it was pruned, so an index older than that is rebuilt.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChangeLogReaders {
    Table,
    InstanceId,
    Position,
    SeenAt,
}

#[derive(DeriveIden)]
enum ChangeLogHorizon {
    Table,
    Id,
    PrunedThrough,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ChangeLogReaders::Table)
                .col(uuid(ChangeLogReaders::InstanceId).primary_key())
                .col(big_integer(ChangeLogReaders::Position))
                .col(timestamp_with_time_zone(ChangeLogReaders::SeenAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChangeLogHorizon::Table)
                .col(integer(ChangeLogHorizon::Id).primary_key())
                .col(big_integer(ChangeLogHorizon::PrunedThrough))
                .to_owned(),
        )
        .await
    }
}
