//! Referrals: cases and their referrals with every transition, the notification outbox,
//! idempotency keys, single-use links, the personal-data audit log, liaisons' absences and
//! per-organization or per-service referral settings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    TenantId,
    TrackingHash,
    Need,
    Municipality,
    ContactName,
    ContactEmail,
    ContactPhone,
    Preferred,
    ConsentTextVersion,
    ConsentGivenAt,
    ConsentWithdrawnAt,
    AnonymizedAt,
    CreatedBy,
    CreatedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    CaseId,
    TenantId,
    ServiceId,
    ServiceName,
    OrganizationId,
    LiaisonId,
    LiaisonName,
    LiaisonRole,
    LiaisonEmail,
    RoutedTo,
    Status,
    DeclineReason,
    Version,
    DueAt,
    EscalatedAt,
    CreatedAt,
    UpdatedAt,
    AcknowledgedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum ReferralEvents {
    Table,
    Seq,
    ReferralId,
    FromStatus,
    ToStatus,
    Actor,
    ActorId,
    Note,
    At,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Kind,
    ReferralId,
    TenantId,
    Payload,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    DeliveredAt,
    FailedAt,
    LastError,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Key,
    RequestHash,
    Status,
    Response,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UsedLinks {
    Table,
    Id,
    UsedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    Actor,
    ActorId,
    Action,
    CaseId,
    At,
}

#[derive(DeriveIden)]
enum LiaisonAbsences {
    Table,
    Id,
    LiaisonId,
    StartsOn,
    EndsOn,
}

#[derive(DeriveIden)]
enum ReferralSettings {
    Table,
    SubjectId,
    AcknowledgeDays,
    WebhookUrl,
    WebhookSecret,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Cases::Table)
                .col(uuid(Cases::Id).primary_key())
                .col(uuid(Cases::TenantId))
                .col(string(Cases::TrackingHash).unique_key())
                .col(text_null(Cases::Need))
                .col(string_null(Cases::Municipality))
                .col(text_null(Cases::ContactName))
                .col(text_null(Cases::ContactEmail))
                .col(text_null(Cases::ContactPhone))
                .col(string_null(Cases::Preferred))
                .col(string(Cases::ConsentTextVersion))
                .col(timestamp_with_time_zone(Cases::ConsentGivenAt))
                .col(timestamp_with_time_zone_null(Cases::ConsentWithdrawnAt))
                .col(timestamp_with_time_zone_null(Cases::AnonymizedAt))
                .col(uuid_null(Cases::CreatedBy))
                .col(timestamp_with_time_zone(Cases::CreatedAt))
                .col(timestamp_with_time_zone_null(Cases::ClosedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Referrals::Table)
                .col(uuid(Referrals::Id).primary_key())
                .col(uuid(Referrals::CaseId))
                .col(uuid(Referrals::TenantId))
                .col(uuid(Referrals::ServiceId))
                .col(text(Referrals::ServiceName))
                .col(uuid(Referrals::OrganizationId))
                .col(uuid_null(Referrals::LiaisonId))
                .col(text(Referrals::LiaisonName))
                .col(text_null(Referrals::LiaisonRole))
                .col(text_null(Referrals::LiaisonEmail))
                .col(string(Referrals::RoutedTo))
                .col(string(Referrals::Status))
                .col(string_null(Referrals::DeclineReason))
                .col(integer(Referrals::Version))
                .col(timestamp_with_time_zone(Referrals::DueAt))
                .col(timestamp_with_time_zone_null(Referrals::EscalatedAt))
                .col(timestamp_with_time_zone(Referrals::CreatedAt))
                .col(timestamp_with_time_zone(Referrals::UpdatedAt))
                .col(timestamp_with_time_zone_null(Referrals::AcknowledgedAt))
                .col(timestamp_with_time_zone_null(Referrals::ClosedAt))
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("referrals_by_case", Referrals::CaseId),
            ("referrals_by_organization", Referrals::OrganizationId),
            ("referrals_by_status", Referrals::Status),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Referrals::Table)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(ReferralEvents::Table)
                .col(big_pk_auto(ReferralEvents::Seq))
                .col(uuid(ReferralEvents::ReferralId))
                .col(string_null(ReferralEvents::FromStatus))
                .col(string(ReferralEvents::ToStatus))
                .col(text(ReferralEvents::Actor))
                .col(uuid_null(ReferralEvents::ActorId))
                .col(text_null(ReferralEvents::Note))
                .col(timestamp_with_time_zone(ReferralEvents::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("referral_events_by_referral")
                .table(ReferralEvents::Table)
                .col(ReferralEvents::ReferralId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(uuid(Outbox::Id).primary_key())
                .col(string(Outbox::Kind))
                .col(uuid_null(Outbox::ReferralId))
                .col(uuid(Outbox::TenantId))
                .col(text(Outbox::Payload))
                .col(integer(Outbox::Attempts))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Outbox::LockedUntil))
                .col(timestamp_with_time_zone_null(Outbox::DeliveredAt))
                .col(timestamp_with_time_zone_null(Outbox::FailedAt))
                .col(text_null(Outbox::LastError))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("outbox_pending")
                .table(Outbox::Table)
                .col(Outbox::DeliveredAt)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(string(IdempotencyKeys::Key).primary_key())
                .col(string(IdempotencyKeys::RequestHash))
                .col(integer(IdempotencyKeys::Status))
                .col(text(IdempotencyKeys::Response))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UsedLinks::Table)
                .col(uuid(UsedLinks::Id).primary_key())
                .col(timestamp_with_time_zone(UsedLinks::UsedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Seq))
                .col(text(AuditLog::Actor))
                .col(uuid_null(AuditLog::ActorId))
                .col(string(AuditLog::Action))
                .col(uuid(AuditLog::CaseId))
                .col(timestamp_with_time_zone(AuditLog::At))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LiaisonAbsences::Table)
                .col(uuid(LiaisonAbsences::Id).primary_key())
                .col(uuid(LiaisonAbsences::LiaisonId))
                .col(date(LiaisonAbsences::StartsOn))
                .col(date(LiaisonAbsences::EndsOn))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReferralSettings::Table)
                .col(uuid(ReferralSettings::SubjectId).primary_key())
                .col(integer_null(ReferralSettings::AcknowledgeDays))
                .col(text_null(ReferralSettings::WebhookUrl))
                .col(text_null(ReferralSettings::WebhookSecret))
                .to_owned(),
        )
        .await
    }
}
