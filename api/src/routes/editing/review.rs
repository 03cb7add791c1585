//! The review of partners' changes and the tenant's settings: drafts waiting for approval,
//! `GET/PATCH /api/v1/tenant` and the report of stale offers.

use super::answer;
use crate::directory::ServiceView;
use crate::editing::{DraftFilter, DraftView};
use crate::error::{AccessRefusals, ApiError, Problem};
use crate::paging::{Page, Paging};
use crate::routes::extract::Caller;
use crate::routes::extract::parse_id;
use crate::routes::filters;
use crate::services::freshness::{self, StaleOrganization, TenantView};
use crate::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// Filters and paging of the drafts list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DraftListQuery {
    /// Only drafts of this service.
    #[param(value_type = Option<uuid::Uuid>)]
    service: Option<String>,
    /// Only drafts of this organization's records.
    #[param(value_type = Option<uuid::Uuid>)]
    organization: Option<String>,
    /// Proposed on or after this day (YYYY-MM-DD, UTC).
    #[param(value_type = Option<chrono::NaiveDate>)]
    created_from: Option<String>,
    /// Proposed on or before this day (YYYY-MM-DD, UTC).
    #[param(value_type = Option<chrono::NaiveDate>)]
    created_to: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u64>)]
    page: Option<String>,
    /// Page size, 1–100 (default 20).
    #[param(value_type = Option<u64>)]
    per_page: Option<String>,
}

/// Changes waiting for approval, oldest first, a page at a time: a coordinator's tenant, a
/// liaison's own organization.
#[utoipa::path(get, path = "/api/v1/drafts", tag = "self-service",
    params(DraftListQuery),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "A page of drafts, oldest first", body = Page<DraftView>),
        (status = 400, description = "Bad filter or paging", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/drafts")]
pub async fn list_drafts(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DraftListQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = DraftFilter {
        service: filters::uuid_filter(query.service.as_deref(), "service")?,
        organization: filters::uuid_filter(query.organization.as_deref(), "organization")?,
        created_from: filters::day(query.created_from.as_deref(), "created_from", 0)?,
        created_to: filters::day(query.created_to.as_deref(), "created_to", 1)?,
    };
    let paging = Paging::parse(query.page.as_deref(), query.per_page.as_deref())?;
    Ok(HttpResponse::Ok().json(state.editing.drafts(&caller.0, &filter, paging).await?))
}

/// Publish a draft (coordinators).
#[utoipa::path(post, path = "/api/v1/drafts/{id}/approve", tag = "self-service",
    params(("id" = uuid::Uuid, Path, description = "Service id of the draft")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Published", body = ServiceView),
        (status = 204, description = "The service was deleted as proposed"),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such draft", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/drafts/{id}/approve")]
#[tracing::instrument(skip_all, fields(service_id = %id))]
pub async fn approve_draft(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    Ok(answer(state.editing.approve(&caller.0, id).await?, false))
}

/// Discard a draft (coordinators).
#[utoipa::path(post, path = "/api/v1/drafts/{id}/reject", tag = "self-service",
    params(("id" = uuid::Uuid, Path, description = "Service id of the draft")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 204, description = "Discarded"),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such draft", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/drafts/{id}/reject")]
#[tracing::instrument(skip_all, fields(service_id = %id))]
pub async fn reject_draft(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    state.editing.reject(&caller.0, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's tenant: the CUS, its gminy and settings.
#[utoipa::path(get, path = "/api/v1/tenant", tag = "self-service",
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "The tenant", body = TenantView),
    ))]
#[get("/api/v1/tenant")]
pub async fn get_tenant(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(freshness::tenant(&state.db, &caller.0).await?))
}

/// Tenant settings a coordinator may change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantPatch {
    /// Whether liaisons' changes wait for a coordinator's approval.
    pub requires_approval: bool,
}

/// Change the tenant's settings (coordinators).
#[utoipa::path(patch, path = "/api/v1/tenant", tag = "self-service",
    request_body = TenantPatch,
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "The tenant", body = TenantView),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/tenant")]
pub async fn patch_tenant(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<TenantPatch>,
) -> Result<HttpResponse, ApiError> {
    let view =
        freshness::set_requires_approval(&state.db, &caller.0, body.requires_approval).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Offers not confirmed for over 180 days, by organization (the caller's tenant).
#[utoipa::path(get, path = "/api/v1/reports/stale-services", tag = "self-service",
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Stale offers by organization", body = Vec<StaleOrganization>),
    ))]
#[get("/api/v1/reports/stale-services")]
pub async fn stale_services(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(freshness::stale_by_organization(&state.db, &caller.0, state.clock.now()).await?))
}
