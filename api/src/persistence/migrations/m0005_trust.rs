//! Trust boundaries: account token versions and disabling, the partner's opt-in to personal
//! data in webhooks, and liaisons' organization edits held for approval.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    TokenVersion,
    Disabled,
}

#[derive(DeriveIden)]
enum ReferralSettings {
    Table,
    WebhookPersonalData,
}

#[derive(DeriveIden)]
enum OrganizationDrafts {
    Table,
    OrganizationId,
    Proposed,
    AuthorId,
    Author,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(integer(Users::TokenVersion).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(boolean(Users::Disabled).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ReferralSettings::Table)
                .add_column(boolean(ReferralSettings::WebhookPersonalData).default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OrganizationDrafts::Table)
                .col(uuid(OrganizationDrafts::OrganizationId).primary_key())
                .col(text(OrganizationDrafts::Proposed))
                .col(uuid(OrganizationDrafts::AuthorId))
                .col(text(OrganizationDrafts::Author))
                .col(timestamp_with_time_zone(OrganizationDrafts::CreatedAt))
                .to_owned(),
        )
        .await
    }
}
