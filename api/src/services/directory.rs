//! Reading the directory.

use crate::directory::{Bundle, Municipality, Organization, ServiceView, Vocabulary, vocabulary};
use crate::error::{ApiError, ErrorCode};
use crate::paging::Paging;
use crate::persistence::{self, OrganizationFilter, ServiceFilter};
use crate::state::AppState;
use std::collections::HashMap;
use uuid::Uuid;

/// One service, or `service_not_found`.
pub async fn service(state: &AppState, id: Uuid) -> Result<ServiceView, ApiError> {
    persistence::get_service(&state.db, id)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::ServiceNotFound,
                format!("Nie ma usługi o identyfikatorze {id}."),
                format!("There is no service with id {id}."),
            )
        })
}

/// One organization, or `organization_not_found`.
pub async fn organization(state: &AppState, id: Uuid) -> Result<Organization, ApiError> {
    persistence::get_organization(&state.db, id)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::OrganizationNotFound,
                format!("Nie ma organizacji o identyfikatorze {id}."),
                format!("There is no organization with id {id}."),
            )
        })
}

/// A page of services.
pub async fn list_services(
    state: &AppState,
    filter: &ServiceFilter,
    paging: Paging,
) -> Result<(Vec<ServiceView>, u64), ApiError> {
    Ok(persistence::list_services(&state.db, filter, paging.page, paging.per_page).await?)
}

/// A page of organizations.
pub async fn list_organizations(
    state: &AppState,
    filter: &OrganizationFilter,
    paging: Paging,
) -> Result<(Vec<Organization>, u64), ApiError> {
    Ok(persistence::list_organizations(&state.db, filter, paging.page, paging.per_page).await?)
}

/// The vocabulary and how many active services use each term (`"category:meals"` → n).
pub async fn categories(
    state: &AppState,
) -> Result<(&'static Vocabulary, HashMap<String, u64>), ApiError> {
    Ok((vocabulary(), persistence::term_counts(&state.db).await?))
}

/// Every municipality.
pub async fn municipalities(state: &AppState) -> Result<Vec<Municipality>, ApiError> {
    Ok(persistence::list_municipalities(&state.db).await?)
}

/// Every bundle.
pub async fn bundles(state: &AppState) -> Result<Vec<Bundle>, ApiError> {
    Ok(persistence::list_bundles(&state.db).await?)
}
