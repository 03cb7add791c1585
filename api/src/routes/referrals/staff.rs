//! Referrals for staff and liaisons: lists, one referral with the resident's contact (an
//! audited read), lifecycle steps guarded by `If-Match`, re-routing, cases and their audit.

use super::no_store;
use crate::error::{AccessRefusals, ApiError, ErrorCode, Problem};
use crate::paging::{Page, Paging};
use crate::referral::views::{
    AuditEntry, CaseView, ReferralDetail, ReferralSummary, ReferralSummaryForStaff,
    TransitionRequest,
};
use crate::referral::{Queue, ReferralListFilter, Status};
use crate::routes::extract::Caller;
use crate::routes::extract::{parse_id, truncate};
use crate::routes::filters;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Filters and paging of the referral list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReferralListQuery {
    /// Only this status.
    #[param(value_type = Option<Status>)]
    status: Option<String>,
    /// Only one part of the queue: `waiting` (new or sent), `overdue` (waiting past the
    /// deadline), `open` (acknowledged or in progress), `closed` (ended).
    queue: Option<String>,
    /// Only escalated referrals (the coordinators' list).
    escalated: Option<bool>,
    /// Only referrals to this service.
    #[param(value_type = Option<uuid::Uuid>)]
    service: Option<String>,
    /// Only referrals to this organization (a liaison: their own).
    #[param(value_type = Option<uuid::Uuid>)]
    organization: Option<String>,
    /// Made on or after this day (YYYY-MM-DD, UTC).
    #[param(value_type = Option<chrono::NaiveDate>)]
    created_from: Option<String>,
    /// Made on or before this day (YYYY-MM-DD, UTC).
    #[param(value_type = Option<chrono::NaiveDate>)]
    created_to: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u64>)]
    page: Option<String>,
    /// Page size, 1–100 (default 20).
    #[param(value_type = Option<u64>)]
    per_page: Option<String>,
}

/// Referrals the caller may see, newest first, a page at a time: a tenant's for staff, an
/// organization's for its liaison. No personal data; open one for the contact.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "referrals",
    params(ReferralListQuery),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "A page of referrals", body = Page<ReferralSummaryForStaff>),
        (status = 400, description = "Bad filter or paging", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/referrals")]
pub async fn list_referrals(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ReferralListQuery>,
) -> Result<HttpResponse, ApiError> {
    let status = match query.status.as_deref() {
        None => None,
        Some(code) => Some(Status::parse(code).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidFilter,
                format!("Nieznany stan „{}”.", truncate(code)),
                format!("Unknown status \"{}\".", truncate(code)),
            )
        })?),
    };
    let queue = match query.queue.as_deref() {
        None => None,
        Some(code) => Some(Queue::parse(code).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidFilter,
                format!("Nieznana część kolejki „{}”.", truncate(code)),
                format!("Unknown queue \"{}\".", truncate(code)),
            )
        })?),
    };
    let filter = ReferralListFilter {
        status,
        queue,
        escalated: query.escalated.unwrap_or(false),
        service: filters::uuid_filter(query.service.as_deref(), "service")?,
        organization: filters::uuid_filter(query.organization.as_deref(), "organization")?,
        created_from: filters::day(query.created_from.as_deref(), "created_from", 0)?,
        created_to: filters::day(query.created_to.as_deref(), "created_to", 1)?,
    };
    let paging = Paging::parse(query.page.as_deref(), query.per_page.as_deref())?;
    let page = state.referrals.list(&caller.0, &filter, paging).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One referral with the resident's contact and its history. Every read is written to the
/// audit log. The `ETag` is the version to send as `If-Match` with a transition.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "referrals",
    params(("id" = uuid::Uuid, Path, description = "Referral id")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "The referral", body = ReferralDetail),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/referrals/{id}")]
pub async fn get_referral(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let detail = state.referrals.detail(&caller.0, id).await?;
    Ok(with_etag(detail))
}

fn with_etag(detail: ReferralDetail) -> HttpResponse {
    no_store()
        .insert_header((header::ETAG, format!("\"{}\"", detail.version)))
        .json(detail)
}

/// Move a referral along its lifecycle (`acknowledged`, `in_progress`, `completed`,
/// `declined` with a reason, `cancelled`). Send the `ETag` as `If-Match`: a stale version
/// answers 412; an illegal step 409.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/transitions", tag = "referrals",
    params(
        ("id" = uuid::Uuid, Path, description = "Referral id"),
        ("If-Match" = Option<String>, Header, description = "The version read (ETag)"),
    ),
    request_body = TransitionRequest,
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "The referral", body = ReferralDetail),
        (status = 400, description = "Malformed id, body or If-Match", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the current status, or a concurrent change", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The referral changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A decline without a reason", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/referrals/{id}/transitions")]
#[tracing::instrument(skip_all, fields(referral_id = %id))]
pub async fn transition(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<TransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let version = match req.headers().get(header::IF_MATCH) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .map(|s| s.trim().trim_start_matches("W/").trim_matches('"'))
                .and_then(|s| s.parse::<i32>().ok())
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::InvalidHeader,
                        "If-Match musi zawierać wersję z nagłówka ETag, np. \"3\".",
                        "If-Match must carry the version from the ETag header, e.g. \"3\".",
                    )
                })?,
        ),
    };
    let detail = state
        .referrals
        .transition_by_account(&caller.0, id, body.into_inner(), version)
        .await?;
    Ok(with_etag(detail))
}

/// Another service for a declined or expired referral.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RerouteRequest {
    /// The service to refer to instead.
    pub service_id: Uuid,
}

/// Refer a declined or expired referral's resident to another service (a new referral in the same case).
#[utoipa::path(post, path = "/api/v1/referrals/{id}/reroute", tag = "referrals",
    params(("id" = uuid::Uuid, Path, description = "The declined or expired referral")),
    request_body = RerouteRequest,
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 201, description = "The new referral", body = ReferralSummary),
        (status = 400, description = "Malformed id or body", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The referral is not declined", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such service", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/referrals/{id}/reroute")]
#[tracing::instrument(skip_all, fields(referral_id = %id))]
pub async fn reroute(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<RerouteRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let summary = state
        .referrals
        .reroute(&caller.0, id, body.service_id)
        .await?;
    Ok(HttpResponse::Created().json(summary))
}

/// A case with the resident's data and its referrals (CUS staff). The read is audited.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "referrals",
    params(("id" = uuid::Uuid, Path, description = "Case id")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "The case", body = CaseView),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/cases/{id}")]
pub async fn get_case(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    Ok(no_store().json(state.referrals.case(&caller.0, id).await?))
}

/// Who read a case's personal data, and when (coordinators).
#[utoipa::path(get, path = "/api/v1/cases/{id}/audit", tag = "referrals",
    params(("id" = uuid::Uuid, Path, description = "Case id")),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Reads, oldest first", body = Vec<AuditEntry>),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/cases/{id}/audit")]
pub async fn case_audit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    Ok(HttpResponse::Ok().json(state.referrals.case_audit(&caller.0, id).await?))
}
