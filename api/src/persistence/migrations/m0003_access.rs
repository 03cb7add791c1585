//! Access control: tenants (a CUS and the gminy it serves), staff and partner accounts,
//! refresh tokens, the history of every edit, partners' drafts awaiting approval, and
//! which freshness reminders went out.

use crate::clock::{Clock, SystemClock};
use crate::domain::DEFAULT_TENANT;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Name,
    RequiresApproval,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Municipalities {
    Table,
    TenantId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    TenantId,
    OrganizationId,
    FailedLogins,
    LockedUntil,
    MustChangePassword,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Revisions {
    Table,
    Seq,
    Kind,
    RecordId,
    Action,
    ActorId,
    Actor,
    At,
    Previous,
    Current,
}

#[derive(DeriveIden)]
enum ServiceDrafts {
    Table,
    ServiceId,
    OrganizationId,
    Proposed,
    AuthorId,
    Author,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FreshnessNotices {
    Table,
    ServiceId,
    RemindedFor,
    StaledFor,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tenants::Table)
                .col(uuid(Tenants::Id).primary_key())
                .col(text(Tenants::Name))
                .col(boolean(Tenants::RequiresApproval))
                .col(timestamp_with_time_zone(Tenants::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(Tenants::Table)
                .columns([
                    Tenants::Id,
                    Tenants::Name,
                    Tenants::RequiresApproval,
                    Tenants::CreatedAt,
                ])
                .values_panic([
                    DEFAULT_TENANT.into(),
                    "Centrum Usług Społecznych".into(),
                    false.into(),
                    // Migrations run before any configured clock exists, and sea-orm's
                    // MigrationTrait passes none in: the default tenant is dated by the system.
                    SystemClock.now().into(),
                ])
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Municipalities::Table)
                .add_column(uuid_null(Municipalities::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(uuid(Users::Id).primary_key())
                .col(string(Users::Email).unique_key())
                .col(text(Users::PasswordHash))
                .col(string(Users::Role))
                .col(uuid(Users::TenantId))
                .col(uuid_null(Users::OrganizationId))
                .col(integer(Users::FailedLogins))
                .col(timestamp_with_time_zone_null(Users::LockedUntil))
                .col(boolean(Users::MustChangePassword))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(uuid(RefreshTokens::Id).primary_key())
                .col(uuid(RefreshTokens::UserId))
                .col(uuid(RefreshTokens::FamilyId))
                .col(string(RefreshTokens::TokenHash).unique_key())
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Revisions::Table)
                .col(big_pk_auto(Revisions::Seq))
                .col(string(Revisions::Kind))
                .col(uuid(Revisions::RecordId))
                .col(string(Revisions::Action))
                .col(uuid_null(Revisions::ActorId))
                .col(text(Revisions::Actor))
                .col(timestamp_with_time_zone(Revisions::At))
                .col(text_null(Revisions::Previous))
                .col(text_null(Revisions::Current))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("revisions_by_record")
                .table(Revisions::Table)
                .col(Revisions::RecordId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ServiceDrafts::Table)
                .col(uuid(ServiceDrafts::ServiceId).primary_key())
                .col(uuid(ServiceDrafts::OrganizationId))
                .col(text_null(ServiceDrafts::Proposed))
                .col(uuid(ServiceDrafts::AuthorId))
                .col(text(ServiceDrafts::Author))
                .col(timestamp_with_time_zone(ServiceDrafts::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(FreshnessNotices::Table)
                .col(uuid(FreshnessNotices::ServiceId).primary_key())
                .col(date_null(FreshnessNotices::RemindedFor))
                .col(date_null(FreshnessNotices::StaledFor))
                .to_owned(),
        )
        .await
    }
}
