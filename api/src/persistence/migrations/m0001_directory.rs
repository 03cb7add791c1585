//! The directory: municipalities, organizations, locations, liaisons, services, bundles.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Municipalities {
    Table,
    Teryt,
    Name,
    Kind,
    County,
    Voivodeship,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Name,
    ShortName,
    Kind,
    Description,
    Municipality,
    Email,
    Phone,
    Website,
    Krs,
    Nip,
    Regon,
    Extra,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Locations {
    Table,
    Id,
    OrganizationId,
    Name,
    Street,
    PostalCode,
    City,
    Municipality,
    Latitude,
    Longitude,
    Accessibility,
}

#[derive(DeriveIden)]
enum Liaisons {
    Table,
    Id,
    OrganizationId,
    Position,
    FirstName,
    LastName,
    Role,
    Email,
    Phone,
    DeputyId,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
    OrganizationId,
    Name,
    AlternateName,
    Description,
    Areas,
    Categories,
    TargetGroups,
    Eligibility,
    MinAge,
    MaxAge,
    Cost,
    CostNote,
    MeansTested,
    Languages,
    DeliveryModes,
    Capacity,
    Status,
    ValidFrom,
    ValidTo,
    LastVerifiedAt,
    Application,
    WaitingDays,
    Url,
    Email,
    Phone,
    Municipalities,
    LiaisonId,
    Schedule,
    ScheduleExceptions,
    Extra,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ServiceLocations {
    Table,
    ServiceId,
    LocationId,
    Position,
}

#[derive(DeriveIden)]
enum Bundles {
    Table,
    Id,
    Code,
    Name,
    Description,
}

#[derive(DeriveIden)]
enum BundleServices {
    Table,
    BundleId,
    ServiceId,
    Position,
}

fn fk_cascade(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Municipalities::Table)
                .col(string(Municipalities::Teryt).primary_key())
                .col(string(Municipalities::Name))
                .col(string_null(Municipalities::Kind))
                .col(string_null(Municipalities::County))
                .col(string_null(Municipalities::Voivodeship))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Organizations::Table)
                .col(uuid(Organizations::Id).primary_key())
                .col(text(Organizations::Name))
                .col(text_null(Organizations::ShortName))
                .col(string(Organizations::Kind))
                .col(text_null(Organizations::Description))
                .col(string_null(Organizations::Municipality))
                .col(text_null(Organizations::Email))
                .col(text_null(Organizations::Phone))
                .col(text_null(Organizations::Website))
                .col(string_null(Organizations::Krs))
                .col(string_null(Organizations::Nip))
                .col(string_null(Organizations::Regon))
                .col(text(Organizations::Extra))
                .col(timestamp_with_time_zone(Organizations::CreatedAt))
                .col(timestamp_with_time_zone(Organizations::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Locations::Table)
                .col(uuid(Locations::Id).primary_key())
                .col(uuid(Locations::OrganizationId))
                .col(text_null(Locations::Name))
                .col(text_null(Locations::Street))
                .col(string_null(Locations::PostalCode))
                .col(text_null(Locations::City))
                .col(string_null(Locations::Municipality))
                .col(double_null(Locations::Latitude))
                .col(double_null(Locations::Longitude))
                .col(text_null(Locations::Accessibility))
                .foreign_key(&mut fk_cascade(
                    (Locations::Table, Locations::OrganizationId),
                    (Organizations::Table, Organizations::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Liaisons::Table)
                .col(uuid(Liaisons::Id).primary_key())
                .col(uuid(Liaisons::OrganizationId))
                .col(integer(Liaisons::Position))
                .col(text(Liaisons::FirstName))
                .col(text(Liaisons::LastName))
                .col(text_null(Liaisons::Role))
                .col(text_null(Liaisons::Email))
                .col(text_null(Liaisons::Phone))
                .col(uuid_null(Liaisons::DeputyId))
                .foreign_key(&mut fk_cascade(
                    (Liaisons::Table, Liaisons::OrganizationId),
                    (Organizations::Table, Organizations::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Services::Table)
                .col(uuid(Services::Id).primary_key())
                .col(uuid(Services::OrganizationId))
                .col(text(Services::Name))
                .col(text_null(Services::AlternateName))
                .col(text_null(Services::Description))
                .col(text(Services::Areas))
                .col(text(Services::Categories))
                .col(text(Services::TargetGroups))
                .col(text_null(Services::Eligibility))
                .col(integer_null(Services::MinAge))
                .col(integer_null(Services::MaxAge))
                .col(string_null(Services::Cost))
                .col(text_null(Services::CostNote))
                .col(boolean(Services::MeansTested))
                .col(text(Services::Languages))
                .col(text(Services::DeliveryModes))
                .col(integer_null(Services::Capacity))
                .col(string(Services::Status))
                .col(date_null(Services::ValidFrom))
                .col(date_null(Services::ValidTo))
                .col(date_null(Services::LastVerifiedAt))
                .col(text_null(Services::Application))
                .col(integer_null(Services::WaitingDays))
                .col(text_null(Services::Url))
                .col(text_null(Services::Email))
                .col(text_null(Services::Phone))
                .col(text(Services::Municipalities))
                .col(uuid_null(Services::LiaisonId))
                .col(text(Services::Schedule))
                .col(text(Services::ScheduleExceptions))
                .col(text(Services::Extra))
                .col(timestamp_with_time_zone(Services::CreatedAt))
                .col(timestamp_with_time_zone(Services::UpdatedAt))
                .foreign_key(&mut fk_cascade(
                    (Services::Table, Services::OrganizationId),
                    (Organizations::Table, Organizations::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ServiceLocations::Table)
                .col(uuid(ServiceLocations::ServiceId))
                .col(uuid(ServiceLocations::LocationId))
                .col(integer(ServiceLocations::Position))
                .primary_key(
                    Index::create()
                        .col(ServiceLocations::ServiceId)
                        .col(ServiceLocations::LocationId),
                )
                .foreign_key(&mut fk_cascade(
                    (ServiceLocations::Table, ServiceLocations::ServiceId),
                    (Services::Table, Services::Id),
                ))
                .foreign_key(&mut fk_cascade(
                    (ServiceLocations::Table, ServiceLocations::LocationId),
                    (Locations::Table, Locations::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Bundles::Table)
                .col(uuid(Bundles::Id).primary_key())
                .col(string_uniq(Bundles::Code))
                .col(text(Bundles::Name))
                .col(text_null(Bundles::Description))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BundleServices::Table)
                .col(uuid(BundleServices::BundleId))
                .col(uuid(BundleServices::ServiceId))
                .col(integer(BundleServices::Position))
                .primary_key(
                    Index::create()
                        .col(BundleServices::BundleId)
                        .col(BundleServices::ServiceId),
                )
                .foreign_key(&mut fk_cascade(
                    (BundleServices::Table, BundleServices::BundleId),
                    (Bundles::Table, Bundles::Id),
                ))
                .foreign_key(&mut fk_cascade(
                    (BundleServices::Table, BundleServices::ServiceId),
                    (Services::Table, Services::Id),
                ))
                .to_owned(),
        )
        .await?;
        for (name, table, column) in [
            (
                "idx_locations_organization",
                Locations::Table.into_iden(),
                Locations::OrganizationId.into_iden(),
            ),
            (
                "idx_liaisons_organization",
                Liaisons::Table.into_iden(),
                Liaisons::OrganizationId.into_iden(),
            ),
            (
                "idx_services_organization",
                Services::Table.into_iden(),
                Services::OrganizationId.into_iden(),
            ),
            (
                "idx_services_status",
                Services::Table.into_iden(),
                Services::Status.into_iden(),
            ),
            (
                "idx_service_locations_location",
                ServiceLocations::Table.into_iden(),
                ServiceLocations::LocationId.into_iden(),
            ),
            (
                "idx_organizations_kind",
                Organizations::Table.into_iden(),
                Organizations::Kind.into_iden(),
            ),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(table)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
