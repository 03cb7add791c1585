//! Reading the directory.

use crate::directory::{Bundle, Municipality, Organization, ServiceView, Vocabulary, vocabulary};
use crate::paging::Paging;
use crate::persistence::{self, OrganizationFilter, ServiceFilter};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// A directory read that found nothing or could not read.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// No service has this id.
    #[error("no service {0}")]
    ServiceNotFound(Uuid),
    /// No organization has this id.
    #[error("no organization {0}")]
    OrganizationNotFound(Uuid),
    /// The database could not be read, or a stored record not decoded.
    #[error(transparent)]
    Unreadable(#[from] anyhow::Error),
}

/// One service.
pub async fn service(db: &DatabaseConnection, id: Uuid) -> Result<ServiceView, DirectoryError> {
    persistence::get_service(db, id)
        .await?
        .ok_or(DirectoryError::ServiceNotFound(id))
}

/// One organization.
pub async fn organization(
    db: &DatabaseConnection,
    id: Uuid,
) -> Result<Organization, DirectoryError> {
    persistence::get_organization(db, id)
        .await?
        .ok_or(DirectoryError::OrganizationNotFound(id))
}

/// The given services in the given order (unknown ids are skipped).
pub async fn services_by_ids(
    db: &DatabaseConnection,
    ids: &[Uuid],
) -> anyhow::Result<Vec<ServiceView>> {
    persistence::services_by_ids(db, ids).await
}

/// A page of services.
pub async fn list_services(
    db: &DatabaseConnection,
    filter: &ServiceFilter,
    paging: Paging,
) -> anyhow::Result<(Vec<ServiceView>, u64)> {
    persistence::list_services(db, filter, paging.page, paging.per_page).await
}

/// A page of organizations.
pub async fn list_organizations(
    db: &DatabaseConnection,
    filter: &OrganizationFilter,
    paging: Paging,
) -> anyhow::Result<(Vec<Organization>, u64)> {
    persistence::list_organizations(db, filter, paging.page, paging.per_page).await
}

/// The vocabulary and how many active services use each term (`"category:meals"` → n).
pub async fn categories(
    db: &DatabaseConnection,
) -> anyhow::Result<(&'static Vocabulary, HashMap<String, u64>)> {
    Ok((vocabulary(), persistence::term_counts(db).await?))
}

/// Every municipality.
pub async fn municipalities(db: &DatabaseConnection) -> anyhow::Result<Vec<Municipality>> {
    persistence::list_municipalities(db).await
}

/// Every bundle.
pub async fn bundles(db: &DatabaseConnection) -> anyhow::Result<Vec<Bundle>> {
    persistence::list_bundles(db).await
}
