//! `GET /api/v1/services` and `GET /api/v1/services/{id}`.

use super::extract::parse_id;
use super::filters::{code, parse_enum, teryt, uuid_filter};
use crate::directory::{Cost, OrganizationKind, ServiceStatus, ServiceView, vocabulary};
use crate::error::{ApiError, Problem};
use crate::paging::{Page, Paging};
use crate::persistence::ServiceFilter;
use crate::services::directory;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_services).service(get_service);
}

/// Filters and paging of the service list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ServiceListQuery {
    /// Page number, from 1.
    #[param(value_type = Option<u64>, minimum = 1)]
    page: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    per_page: Option<String>,
    /// TERYT code of a served gmina.
    municipality: Option<String>,
    /// Organization id.
    #[param(value_type = Option<uuid::Uuid>)]
    organization: Option<String>,
    /// Category code (see `/api/v1/categories`).
    category: Option<String>,
    /// Area code.
    area: Option<String>,
    /// Target-group code.
    target_group: Option<String>,
    /// Kind of the delivering organization.
    #[param(value_type = Option<OrganizationKind>)]
    organization_kind: Option<String>,
    /// Cost.
    #[param(value_type = Option<Cost>)]
    cost: Option<String>,
    /// Status.
    #[param(value_type = Option<ServiceStatus>)]
    status: Option<String>,
    /// Language, ISO 639-1.
    language: Option<String>,
}

impl TryFrom<&ServiceListQuery> for ServiceFilter {
    type Error = ApiError;

    fn try_from(q: &ServiceListQuery) -> Result<Self, ApiError> {
        let v = vocabulary();
        Ok(ServiceFilter {
            municipality: teryt(q.municipality.as_deref(), "municipality")?,
            organization: uuid_filter(q.organization.as_deref(), "organization")?,
            category: code(q.category.as_deref(), "category", |c| v.is_category(c))?,
            area: code(q.area.as_deref(), "area", |c| v.is_area(c))?,
            target_group: code(q.target_group.as_deref(), "target_group", |c| {
                v.is_target_group(c)
            })?,
            organization_kind: parse_enum(
                q.organization_kind.as_deref(),
                "organization_kind",
                OrganizationKind::parse,
            )?,
            cost: parse_enum(q.cost.as_deref(), "cost", Cost::parse)?,
            status: parse_enum(q.status.as_deref(), "status", ServiceStatus::parse)?,
            language: code(q.language.as_deref(), "language", |c| {
                c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase())
            })?,
        })
    }
}

/// List services, filtered and paged, ordered by name.
#[utoipa::path(
    get, path = "/api/v1/services", tag = "directory",
    params(ServiceListQuery),
    responses(
        (status = 200, description = "A page of services", body = Page<ServiceView>),
        (status = 400, description = "Bad paging or filter value", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/services")]
#[tracing::instrument(skip_all)]
pub async fn list_services(
    state: web::Data<AppState>,
    query: web::Query<ServiceListQuery>,
) -> Result<HttpResponse, ApiError> {
    let paging = Paging::parse(query.page.as_deref(), query.per_page.as_deref())?;
    let filter = ServiceFilter::try_from(&*query)?;
    let (items, total) = directory::list_services(&state.db, &filter, paging).await?;
    Ok(HttpResponse::Ok().json(paging.page(items, total)))
}

/// One service with its organization, locations, opening hours and liaison.
#[utoipa::path(
    get, path = "/api/v1/services/{id}", tag = "directory",
    params(("id" = uuid::Uuid, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service", body = ServiceView),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/services/{id}")]
#[tracing::instrument(skip_all, fields(service_id = %id))]
pub async fn get_service(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    Ok(HttpResponse::Ok().json(directory::service(&state.db, id).await?))
}
