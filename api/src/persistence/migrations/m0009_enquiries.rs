//! The enquiry log: one row a contact, with no column for who the person was.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Enquiries {
    Table,
    Id,
    TenantId,
    RecordedAt,
    Channel,
    Category,
    Municipality,
    AgeBand,
    Language,
    Crisis,
    Outcome,
    ReferralId,
    Note,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Enquiries::Table)
                .col(uuid(Enquiries::Id).primary_key())
                .col(uuid(Enquiries::TenantId))
                .col(timestamp_with_time_zone(Enquiries::RecordedAt))
                .col(string(Enquiries::Channel))
                .col(string_null(Enquiries::Category))
                .col(string_null(Enquiries::Municipality))
                .col(string(Enquiries::AgeBand))
                .col(string_null(Enquiries::Language))
                .col(boolean(Enquiries::Crisis))
                .col(string(Enquiries::Outcome))
                .col(uuid_null(Enquiries::ReferralId))
                .col(string_null(Enquiries::Note))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("enquiries_tenant_recorded")
                .table(Enquiries::Table)
                .col(Enquiries::TenantId)
                .col(Enquiries::RecordedAt)
                .to_owned(),
        )
        .await
    }
}
