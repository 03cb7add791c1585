//! `GET /api/v1/organizations` and `GET /api/v1/organizations/{id}`.

use super::extract::parse_id;
use super::filters::{parse_enum, teryt};
use crate::directory::{Organization, OrganizationKind};
use crate::error::{ApiError, Problem};
use crate::paging::{Page, Paging};
use crate::persistence::OrganizationFilter;
use crate::services::directory;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_organizations).service(get_organization);
}

/// Filters and paging of the organization list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganizationListQuery {
    /// Page number, from 1.
    #[param(value_type = Option<u64>, minimum = 1)]
    page: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    per_page: Option<String>,
    /// Kind of organization.
    #[param(value_type = Option<OrganizationKind>)]
    kind: Option<String>,
    /// TERYT code of the seat's gmina.
    municipality: Option<String>,
}

/// List organizations, filtered and paged, ordered by name.
#[utoipa::path(
    get, path = "/api/v1/organizations", tag = "directory",
    params(OrganizationListQuery),
    responses(
        (status = 200, description = "A page of organizations", body = Page<Organization>),
        (status = 400, description = "Bad paging or filter value", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/organizations")]
#[tracing::instrument(skip_all)]
pub async fn list_organizations(
    state: web::Data<AppState>,
    query: web::Query<OrganizationListQuery>,
) -> Result<HttpResponse, ApiError> {
    let paging = Paging::parse(query.page.as_deref(), query.per_page.as_deref())?;
    let filter = OrganizationFilter {
        kind: parse_enum(query.kind.as_deref(), "kind", OrganizationKind::parse)?,
        municipality: teryt(query.municipality.as_deref(), "municipality")?,
    };
    let (items, total) = directory::list_organizations(&state.db, &filter, paging).await?;
    Ok(HttpResponse::Ok().json(paging.page(items, total)))
}

/// One organization with its locations and liaisons.
#[utoipa::path(
    get, path = "/api/v1/organizations/{id}", tag = "directory",
    params(("id" = uuid::Uuid, Path, description = "Organization id")),
    responses(
        (status = 200, description = "The organization", body = Organization),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/organizations/{id}")]
#[tracing::instrument(skip_all, fields(organization_id = %id))]
pub async fn get_organization(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    Ok(HttpResponse::Ok().json(directory::organization(&state.db, id).await?))
}
