//! The needs table as edited by coordinators (the built-in table applies until the first edit).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NeedTables {
    Table,
    Id,
    Body,
    Version,
    UpdatedAt,
    UpdatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(NeedTables::Table)
                .col(integer(NeedTables::Id).primary_key())
                .col(text(NeedTables::Body))
                .col(big_integer(NeedTables::Version))
                .col(timestamp_with_time_zone(NeedTables::UpdatedAt))
                .col(text(NeedTables::UpdatedBy))
                .to_owned(),
        )
        .await
    }
}
