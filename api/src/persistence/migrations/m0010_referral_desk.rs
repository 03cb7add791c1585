//! The staff panel's referral desk: internal notes on a referral, and the notices staff see
//! on their screen when a referral they are responsible for was declined or expired.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReferralNotes {
    Table,
    Id,
    ReferralId,
    Author,
    AuthorId,
    Text,
    At,
}

#[derive(DeriveIden)]
enum StaffNotices {
    Table,
    Id,
    UserId,
    ReferralId,
    Status,
    CreatedAt,
    SeenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ReferralNotes::Table)
                .col(uuid(ReferralNotes::Id).primary_key())
                .col(uuid(ReferralNotes::ReferralId))
                .col(string(ReferralNotes::Author))
                .col(uuid_null(ReferralNotes::AuthorId))
                .col(text(ReferralNotes::Text))
                .col(timestamp_with_time_zone(ReferralNotes::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("referral_notes_referral")
                .table(ReferralNotes::Table)
                .col(ReferralNotes::ReferralId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StaffNotices::Table)
                .col(uuid(StaffNotices::Id).primary_key())
                .col(uuid(StaffNotices::UserId))
                .col(uuid(StaffNotices::ReferralId))
                .col(string(StaffNotices::Status))
                .col(timestamp_with_time_zone(StaffNotices::CreatedAt))
                .col(timestamp_with_time_zone_null(StaffNotices::SeenAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("staff_notices_user")
                .table(StaffNotices::Table)
                .col(StaffNotices::UserId)
                .col(StaffNotices::SeenAt)
                .to_owned(),
        )
        .await
    }
}
