//! Partner self-service: `POST/PATCH/DELETE /api/v1/services…`,
//! `PATCH /api/v1/organizations/{id}` and histories; its review (drafts, the tenant, stale
//! offers) in `review.rs`.

pub mod review;

use super::extract::parse_id;
use crate::directory::{Organization, ServiceView};
use crate::editing::{DraftView, OrganizationOutcome, Outcome, RevisionView};
use crate::error::{AccessRefusals, ApiError, Problem};
use crate::routes::extract::Caller;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, http::header, patch, post, web};
use serde_json::Value;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create_service)
        .service(patch_service)
        .service(delete_service)
        .service(verify_service)
        .service(service_history)
        .service(patch_organization)
        .service(organization_history)
        .service(review::list_drafts)
        .service(review::approve_draft)
        .service(review::reject_draft)
        .service(review::get_tenant)
        .service(review::patch_tenant)
        .service(review::stale_services);
}

fn answer(outcome: Outcome, created: bool) -> HttpResponse {
    match outcome {
        Outcome::Published(Some(view)) if created => HttpResponse::Created()
            .insert_header((
                header::LOCATION,
                format!("/api/v1/services/{}", view.service.id),
            ))
            .json(view),
        Outcome::Published(Some(view)) => HttpResponse::Ok().json(view),
        Outcome::Published(None) => HttpResponse::NoContent().finish(),
        Outcome::Proposed(draft) => HttpResponse::Accepted().json(draft),
        Outcome::Approved(organization) => HttpResponse::Ok().json(organization),
    }
}

/// Create a service (as in `GET /api/v1/services/{id}`, without `id` unless you choose one).
/// Published at once (201), or kept as a draft for a coordinator (202) when the tenant
/// requires approval of liaisons' changes. Searchable within a second of publication.
#[utoipa::path(post, path = "/api/v1/services", tag = "self-service",
    request_body(content = Object, description = "Service fields; a liaison's organization is the default organization_id"),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 201, description = "Published", body = ServiceView),
        (status = 202, description = "Waiting for approval", body = DraftView),
        (status = 400, description = "Not a JSON object", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A service with this id exists, or the id is another record's (`id_conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, unknown references, links that are not web addresses", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/services")]
#[tracing::instrument(skip_all)]
pub async fn create_service(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let outcome = state
        .editing
        .create_service(&caller.0, body.into_inner())
        .await?;
    Ok(answer(outcome, true))
}

/// Change a service with a JSON merge patch (RFC 7396; `application/merge-patch+json` or
/// `application/json`): fields given replace, `null` clears, others stay.
#[utoipa::path(patch, path = "/api/v1/services/{id}", tag = "self-service",
    params(("id" = uuid::Uuid, Path, description = "Service id")),
    request_body(content = Object, content_type = "application/merge-patch+json"),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Published", body = ServiceView),
        (status = 202, description = "Waiting for approval", body = DraftView),
        (status = 400, description = "Malformed id or body", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A place or liaison id that is another kind of record (`id_conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, unknown references, links that are not web addresses", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/services/{id}")]
#[tracing::instrument(skip_all, fields(service_id = %id))]
pub async fn patch_service(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let outcome = state
        .editing
        .patch_service(&caller.0, id, body.into_inner())
        .await?;
    Ok(answer(outcome, false))
}

/// Delete a service (or propose deleting it, 202, where approval is required).
#[utoipa::path(delete, path = "/api/v1/services/{id}", tag = "self-service",
    params(("id" = uuid::Uuid, Path, description = "Service id")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 204, description = "Deleted"),
        (status = 202, description = "Waiting for approval", body = DraftView),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/api/v1/services/{id}")]
#[tracing::instrument(skip_all, fields(service_id = %id))]
pub async fn delete_service(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let outcome = state.editing.delete_service(&caller.0, id).await?;
    Ok(answer(outcome, false))
}

/// Confirm the offer is still current (sets `last_verified_at` to today).
#[utoipa::path(post, path = "/api/v1/services/{id}/verify", tag = "self-service",
    params(("id" = uuid::Uuid, Path, description = "Service id")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Confirmed", body = ServiceView),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/services/{id}/verify")]
#[tracing::instrument(skip_all, fields(service_id = %id))]
pub async fn verify_service(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    Ok(HttpResponse::Ok().json(state.editing.verify_service(&caller.0, id).await?))
}

/// Every change of a service, newest first: who, when, the values before and after.
#[utoipa::path(get, path = "/api/v1/services/{id}/history", tag = "self-service",
    params(("id" = uuid::Uuid, Path, description = "Service id")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Changes", body = Vec<RevisionView>),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/services/{id}/history")]
pub async fn service_history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    Ok(HttpResponse::Ok().json(state.editing.service_history(&caller.0, id).await?))
}

/// Change an organization (details, locations, liaisons and their deputies) with a JSON
/// merge patch; list entries left out are kept. A location or liaison named by id must be
/// the organization's own (another's answers 403 `forbidden_reference`); a gmina of another
/// tenant answers 403 `tenant_move_not_allowed` unless an admin makes the change.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "self-service",
    params(("id" = uuid::Uuid, Path, description = "Organization id")),
    request_body(content = Object, content_type = "application/merge-patch+json"),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Changed", body = Organization),
        (status = 202, description = "Waiting for approval (a liaison, where the tenant requires it)", body = DraftView),
        (status = 400, description = "Malformed id or body", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An id of another kind of record (`id_conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, unknown references (`unknown_reference`), links that are not web addresses (`invalid_url`)", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/organizations/{id}")]
#[tracing::instrument(skip_all, fields(organization_id = %id))]
pub async fn patch_organization(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let outcome = state
        .editing
        .patch_organization(&caller.0, id, body.into_inner())
        .await?;
    Ok(match outcome {
        OrganizationOutcome::Published(organization) => HttpResponse::Ok().json(organization),
        OrganizationOutcome::Proposed(draft) => HttpResponse::Accepted().json(draft),
    })
}

/// Every change of an organization, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/history", tag = "self-service",
    params(("id" = uuid::Uuid, Path, description = "Organization id")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Changes", body = Vec<RevisionView>),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/organizations/{id}/history")]
pub async fn organization_history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    Ok(HttpResponse::Ok().json(state.editing.organization_history(&caller.0, id).await?))
}
