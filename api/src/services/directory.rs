//! Reading the directory.

use crate::directory::{Bundle, Municipality, Organization, ServiceView, Vocabulary, vocabulary};
use crate::error::{ApiError, ErrorCode};
use crate::paging::Paging;
use crate::persistence::{self, OrganizationFilter, ServiceFilter};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// One service, or `service_not_found`.
pub async fn service(db: &DatabaseConnection, id: Uuid) -> Result<ServiceView, ApiError> {
    persistence::get_service(db, id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::ServiceNotFound,
            format!("Nie ma usługi o identyfikatorze {id}."),
            format!("There is no service with id {id}."),
        )
    })
}

/// One organization, or `organization_not_found`.
pub async fn organization(db: &DatabaseConnection, id: Uuid) -> Result<Organization, ApiError> {
    persistence::get_organization(db, id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::OrganizationNotFound,
            format!("Nie ma organizacji o identyfikatorze {id}."),
            format!("There is no organization with id {id}."),
        )
    })
}

/// A page of services.
pub async fn list_services(
    db: &DatabaseConnection,
    filter: &ServiceFilter,
    paging: Paging,
) -> Result<(Vec<ServiceView>, u64), ApiError> {
    Ok(persistence::list_services(db, filter, paging.page, paging.per_page).await?)
}

/// A page of organizations.
pub async fn list_organizations(
    db: &DatabaseConnection,
    filter: &OrganizationFilter,
    paging: Paging,
) -> Result<(Vec<Organization>, u64), ApiError> {
    Ok(persistence::list_organizations(db, filter, paging.page, paging.per_page).await?)
}

/// The vocabulary and how many active services use each term (`"category:meals"` → n).
pub async fn categories(
    db: &DatabaseConnection,
) -> Result<(&'static Vocabulary, HashMap<String, u64>), ApiError> {
    Ok((vocabulary(), persistence::term_counts(db).await?))
}

/// Every municipality.
pub async fn municipalities(db: &DatabaseConnection) -> Result<Vec<Municipality>, ApiError> {
    Ok(persistence::list_municipalities(db).await?)
}

/// Every bundle.
pub async fn bundles(db: &DatabaseConnection) -> Result<Vec<Bundle>, ApiError> {
    Ok(persistence::list_bundles(db).await?)
}
