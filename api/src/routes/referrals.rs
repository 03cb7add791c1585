//! Referrals: the public request (`POST /api/v1/referrals`), resident tracking by code, and
//! the staff and liaison API (lists, detail, transitions, re-routing, cases, settings, reports).

use super::extract::parse_id;
use crate::access::{Caller, client_addr};
use crate::error::{AccessRefusals, ApiError, ErrorCode, Problem};
use crate::persistence::referrals::{self as store, ReferralSettings};
use crate::referral::Status;
use crate::services::referral_reports::{self, ReferralReport};
use crate::services::referrals::{
    self, Created, ReferralDetail, ReferralRequest, ReferralSummary, ReferralSummaryForStaff,
    Tracking, TransitionRequest,
};
use crate::services::{directory, editing};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, http::header, post, put, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::time::Instant;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Largest referral request body.
const REFERRAL_MAX_BYTES: usize = 64 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create_referral)
        .service(track)
        .service(cancel_tracked)
        .service(withdraw_consent)
        .service(list_referrals)
        .service(get_referral)
        .service(transition)
        .service(reroute)
        .service(get_case)
        .service(case_audit)
        .service(add_absence)
        .service(organization_settings)
        .service(service_settings)
        .service(report);
}

/// Ask for contact about one or more services. The request is routed to the named liaison
/// of each service (their deputy during an absence), who gets an e-mail with signed links.
/// Honours `Idempotency-Key`: a retried request creates nothing new and gets the first answer.
#[utoipa::path(post, path = "/api/v1/referrals", tag = "referrals",
    request_body = ReferralRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe (1–200 characters)")),
    responses(
        (status = 201, description = "The case; keep the tracking code (shown only now)", body = Created),
        (status = 400, description = "Malformed body or key", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, no consent, or the key reused with another body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/referrals")]
#[tracing::instrument(skip_all)]
pub async fn create_referral(
    state: web::Data<AppState>,
    caller: Option<Caller>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|m| m.trim().ends_with("json"))
        });
    if !is_json {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Treść żądania musi być JSON (Content-Type: application/json).",
            "The body must be JSON (Content-Type: application/json).",
        ));
    }
    let key = req
        .headers()
        .get("idempotency-key")
        .map(|v| v.to_str().unwrap_or("").trim().to_owned());
    let body = super::extract::read_body(&req, body, REFERRAL_MAX_BYTES).await?;
    // Signed-in callers too: the limit counts the referrals a request would make.
    if let Some(limiter) = &state.referral_limiter
        && let Some(ip) = client_addr(&req)
        && let Err(wait) = limiter.check_n(ip, referrals::requested_count(&body), Instant::now())
    {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "Zbyt wiele zgłoszeń z tego adresu; spróbuj za chwilę albo zadzwoń do punktu informacyjnego.",
            "Too many requests from this address; try again shortly or call the information point.",
        )
        .retry_after(wait.as_secs().max(1)));
    }
    let principal = caller.map(|c| c.0);
    let answer = referrals::create(&state, principal.as_ref(), key.as_deref(), &body).await?;
    let status = actix_web::http::StatusCode::from_u16(answer.status)
        .unwrap_or(actix_web::http::StatusCode::CREATED);
    Ok(HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("application/json")
        .body(answer.body))
}

/// The status of a case, for the resident holding its tracking code (no account needed; no
/// personal data shown).
#[utoipa::path(get, path = "/api/v1/referrals/track/{code}", tag = "referrals",
    params(("code" = String, Path, description = "The tracking code")),
    responses(
        (status = 200, description = "The case", body = Tracking),
        (status = 404, description = "No case with this code", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/referrals/track/{code}")]
pub async fn track(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(no_store().json(referrals::track(&state, &code).await?))
}

/// The resident cancels every open referral of the case.
#[utoipa::path(post, path = "/api/v1/referrals/track/{code}/cancel", tag = "referrals",
    params(("code" = String, Path, description = "The tracking code")),
    responses(
        (status = 200, description = "The case", body = Tracking),
        (status = 404, description = "No case with this code", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/referrals/track/{code}/cancel")]
#[tracing::instrument(skip_all)]
pub async fn cancel_tracked(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(no_store().json(referrals::cancel_by_resident(&state, &code).await?))
}

/// The resident withdraws consent: open referrals are cancelled and their personal data is
/// erased; anonymous statistics remain.
#[utoipa::path(post, path = "/api/v1/referrals/track/{code}/withdraw-consent", tag = "referrals",
    params(("code" = String, Path, description = "The tracking code")),
    responses(
        (status = 200, description = "The case", body = Tracking),
        (status = 404, description = "No case with this code", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/referrals/track/{code}/withdraw-consent")]
#[tracing::instrument(skip_all)]
pub async fn withdraw_consent(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(no_store().json(referrals::withdraw_consent(&state, &code).await?))
}

/// Filters of the referral list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReferralListQuery {
    /// Only this status.
    #[param(value_type = Option<Status>)]
    status: Option<String>,
    /// Only escalated referrals (the coordinators' list).
    escalated: Option<bool>,
}

/// Referrals the caller may see, newest first: a tenant's for staff, an organization's for
/// its liaison. No personal data; open one for the contact.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "referrals",
    params(ReferralListQuery),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Referrals", body = Vec<ReferralSummaryForStaff>),
        (status = 400, description = "Bad filter", body = Problem, content_type = "application/problem+json"),
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
                format!("Nieznany stan „{}”.", super::extract::truncate(code)),
                format!("Unknown status \"{}\".", super::extract::truncate(code)),
            )
        })?),
    };
    let list = referrals::list(&state, &caller.0, status, query.escalated.unwrap_or(false)).await?;
    Ok(HttpResponse::Ok().json(list))
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
    let detail = referrals::detail(&state, &caller.0, id).await?;
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
    let detail =
        referrals::transition_by_account(&state, &caller.0, id, body.into_inner(), version).await?;
    Ok(with_etag(detail))
}

/// Another service for a declined referral.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RerouteRequest {
    /// The service to refer to instead.
    pub service_id: Uuid,
}

/// Refer a declined referral's resident to another service (a new referral in the same case).
#[utoipa::path(post, path = "/api/v1/referrals/{id}/reroute", tag = "referrals",
    params(("id" = uuid::Uuid, Path, description = "The declined referral")),
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
    let summary = referrals::reroute(&state, &caller.0, id, body.service_id).await?;
    Ok(HttpResponse::Created().json(summary))
}

/// A case as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// Id.
    pub id: Uuid,
    /// When.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The need (erased after withdrawal or retention).
    pub need: Option<String>,
    /// Contact (likewise).
    pub contact: Option<referrals::ContactView>,
    /// TERYT of the resident's gmina.
    pub municipality: Option<String>,
    /// Consent text version.
    pub consent_text_version: String,
    /// When consent was given.
    pub consent_given_at: chrono::DateTime<chrono::Utc>,
    /// When it was withdrawn.
    pub consent_withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the personal data was erased.
    pub anonymized_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Its referrals.
    pub referrals: Vec<ReferralSummary>,
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
    let case = own_case(&state, &caller, id).await?;
    let p = &caller.0;
    let now = state.clock.now();
    store::audit_read(
        &state.db,
        &p.email,
        Some(p.user_id).filter(|u| !u.is_nil()),
        id,
        "read_case",
        now,
    )
    .await?;
    let referrals = store::referrals_of_case(&state.db, id).await?;
    Ok(no_store().json(CaseView {
        id: case.id,
        created_at: case.created_at,
        need: case.need.clone(),
        contact: case
            .anonymized_at
            .is_none()
            .then(|| referrals::ContactView {
                name: case.contact_name.clone(),
                email: case.contact_email.clone(),
                phone: case.contact_phone.clone(),
                preferred: case.preferred.clone(),
            }),
        municipality: case.municipality.clone(),
        consent_text_version: case.consent_text_version.clone(),
        consent_given_at: case.consent_given_at,
        consent_withdrawn_at: case.consent_withdrawn_at,
        anonymized_at: case.anonymized_at,
        referrals: referrals.iter().map(referrals::summary).collect(),
    }))
}

async fn own_case(state: &AppState, caller: &Caller, id: Uuid) -> Result<store::Case, ApiError> {
    let case = store::case_by_id(&state.db, id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::CaseNotFound,
            format!("Nie ma sprawy {id}."),
            format!("There is no case {id}."),
        )
    })?;
    let p = &caller.0;
    if p.role != crate::access::Role::Admin && p.tenant_id != case.tenant_id {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Ta sprawa należy do innego Centrum Usług Społecznych.",
            "This case belongs to another Centrum Usług Społecznych.",
        ));
    }
    Ok(case)
}

/// One read of personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
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
    own_case(&state, &caller, id).await?;
    let entries: Vec<AuditEntry> = store::audit_of(&state.db, id)
        .await?
        .into_iter()
        .map(|e| AuditEntry {
            actor: e.actor,
            action: e.action,
            at: e.at,
        })
        .collect();
    Ok(HttpResponse::Ok().json(entries))
}

/// A liaison's absence, during which their deputy receives new referrals.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// The liaison (of this organization).
    pub liaison_id: Uuid,
    /// First day away.
    pub starts_on: NaiveDate,
    /// Last day away.
    pub ends_on: NaiveDate,
}

/// Record a liaison's absence.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/absences", tag = "referrals",
    params(("id" = uuid::Uuid, Path, description = "Organization id")),
    request_body = Absence,
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 201, description = "Recorded", body = Absence),
        (status = 400, description = "Malformed id or body", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a liaison of this organization, or the end before the start", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/organizations/{id}/absences")]
pub async fn add_absence(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<Absence>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let organization = directory::organization(&state, id).await?;
    editing::check_manages(&state, &caller.0, id).await?;
    let absence = body.into_inner();
    let mut errors = Vec::new();
    if !organization
        .liaisons
        .iter()
        .any(|l| l.id == absence.liaison_id)
    {
        errors.push(field("/liaison_id", "not a liaison of this organization"));
    }
    if absence.ends_on < absence.starts_on {
        errors.push(field("/ends_on", "before the first day"));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    store::add_absence(
        &state.db,
        absence.liaison_id,
        absence.starts_on,
        absence.ends_on,
    )
    .await?;
    Ok(HttpResponse::Created().json(absence))
}

fn field(pointer: &str, detail: &str) -> crate::error::FieldError {
    crate::error::FieldError {
        pointer: pointer.into(),
        code: ErrorCode::InvalidValue,
        detail: detail.into(),
    }
}

/// How an organization (or one service) takes referrals.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsRequest {
    /// Working days to acknowledge (1–30; default 2).
    pub acknowledge_within_days: Option<u32>,
    /// The partner's system receiving signed webhooks (organizations only).
    pub webhook_url: Option<String>,
    /// The shared secret of the webhook signature (at least 16 characters).
    pub webhook_secret: Option<String>,
    /// Send the resident's name, contact and need in `referral.created` events (https
    /// webhooks only; recorded in the organization's history). Default false: events carry
    /// the referral's id, status and a link to fetch the details over the API.
    pub webhook_personal_data: Option<bool>,
}

/// The settings in force (the secret is never shown).
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsView {
    /// Working days to acknowledge.
    pub acknowledge_within_days: Option<u32>,
    /// The webhook.
    pub webhook_url: Option<String>,
    /// Whether a secret is set.
    pub webhook_secret_set: bool,
    /// Whether events carry the resident's personal data.
    pub webhook_personal_data: bool,
}

fn settings_of(
    subject: Uuid,
    r: SettingsRequest,
    allow_webhook: bool,
) -> Result<ReferralSettings, ApiError> {
    let mut errors = Vec::new();
    if r.acknowledge_within_days
        .is_some_and(|d| !(1..=30).contains(&d))
    {
        errors.push(field("/acknowledge_within_days", "1 to 30 working days"));
    }
    if !allow_webhook
        && (r.webhook_url.is_some()
            || r.webhook_secret.is_some()
            || r.webhook_personal_data.is_some())
    {
        errors.push(field("/webhook_url", "webhooks are set per organization"));
    }
    if r.webhook_personal_data == Some(true) && r.webhook_url.is_none() {
        errors.push(field("/webhook_personal_data", "needs a webhook_url"));
    }
    if let Some(url) = &r.webhook_url {
        if url.len() > 2000 {
            errors.push(field("/webhook_url", "at most 2000 characters"));
        }
        if r.webhook_personal_data == Some(true) && !url.starts_with("https://") {
            errors.push(field(
                "/webhook_personal_data",
                "personal data is sent over https only",
            ));
        }
        if r.webhook_secret.as_ref().is_none_or(|s| s.len() < 16) {
            errors.push(field("/webhook_secret", "at least 16 characters"));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(ReferralSettings {
        subject_id: subject,
        acknowledge_days: r
            .acknowledge_within_days
            .and_then(|d| i32::try_from(d).ok()),
        webhook_url: r.webhook_url,
        webhook_secret: r.webhook_secret,
        webhook_personal_data: r.webhook_personal_data.unwrap_or(false),
    })
}

fn settings_view(s: &ReferralSettings) -> SettingsView {
    SettingsView {
        acknowledge_within_days: s.acknowledge_days.and_then(|d| u32::try_from(d).ok()),
        webhook_url: s.webhook_url.clone(),
        webhook_secret_set: s.webhook_secret.is_some(),
        webhook_personal_data: s.webhook_personal_data,
    }
}

/// Set how an organization takes referrals: its acknowledgement time and its webhook (an
/// `https://` address of a public server, or a host the operator allows in
/// `OKIENKO_WEBHOOK_ALLOW_HOSTS`). Every change is recorded in the organization's history.
#[utoipa::path(put, path = "/api/v1/organizations/{id}/referral-settings", tag = "referrals",
    params(("id" = uuid::Uuid, Path, description = "Organization id")),
    request_body = SettingsRequest,
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "In force", body = SettingsView),
        (status = 400, description = "Malformed id or body", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid values; a webhook that is not a public https address (`webhook_url_not_allowed`)", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/organizations/{id}/referral-settings")]
pub async fn organization_settings(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<SettingsRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    directory::organization(&state, id).await?;
    editing::check_manages(&state, &caller.0, id).await?;
    let settings = settings_of(id, body.into_inner(), true)?;
    if let Some(url) = &settings.webhook_url {
        state.webhooks.check(url).await.map_err(|e| {
            ApiError::new(
                ErrorCode::WebhookUrlNotAllowed,
                format!("Webhook musi być adresem https:// serwera dostępnego publicznie ({e})."),
                format!("A webhook must be an https:// address of a public server ({e})."),
            )
        })?;
    }
    editing::save_referral_settings(&state, &caller.0, settings.clone()).await?;
    Ok(HttpResponse::Ok().json(settings_view(&settings)))
}

/// Set a service's own acknowledgement time (overrides its organization's).
#[utoipa::path(put, path = "/api/v1/services/{id}/referral-settings", tag = "referrals",
    params(("id" = uuid::Uuid, Path, description = "Service id")),
    request_body = SettingsRequest,
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "In force", body = SettingsView),
        (status = 400, description = "Malformed id or body", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid values", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/services/{id}/referral-settings")]
pub async fn service_settings(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<SettingsRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let service = directory::service(&state, id).await?;
    editing::check_manages(&state, &caller.0, service.service.organization_id).await?;
    let settings = settings_of(id, body.into_inner(), false)?;
    store::put_settings(&state.db, settings.clone()).await?;
    Ok(HttpResponse::Ok().json(settings_view(&settings)))
}

/// The period and format of a report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// First day, YYYY-MM-DD (default: 90 days ago).
    #[param(value_type = Option<String>, format = Date)]
    from: Option<String>,
    /// Last day, YYYY-MM-DD (default: today).
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
    /// `json` (default) or `csv`.
    format: Option<String>,
}

/// Referral outcomes of a period: by service, organization, status and decline reason, and
/// the time to acknowledge (median, p90), as JSON or CSV.
#[utoipa::path(get, path = "/api/v1/reports/referrals", tag = "referrals",
    params(ReportQuery),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "The report (JSON, or text/csv with format=csv)", body = ReferralReport),
        (status = 400, description = "Bad dates or format", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/reports/referrals")]
pub async fn report(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let today = state.clock.now().date_naive();
    let date = |raw: Option<&str>, default: NaiveDate, name: &str| -> Result<NaiveDate, ApiError> {
        match raw {
            None => Ok(default),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                ApiError::new(
                    ErrorCode::InvalidQueryParameter,
                    format!("{name}: data w formacie RRRR-MM-DD."),
                    format!("{name}: a date as YYYY-MM-DD."),
                )
            }),
        }
    };
    let from = date(
        query.from.as_deref(),
        today - chrono::Duration::days(90),
        "from",
    )?;
    let to = date(query.to.as_deref(), today, "to")?;
    if to < from {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "Data „to” jest wcześniejsza niż „from”.",
            "\"to\" is before \"from\".",
        ));
    }
    let report = referral_reports::report(&state, &caller.0, from, to).await?;
    match query.format.as_deref() {
        None | Some("json") => Ok(HttpResponse::Ok().json(report)),
        Some("csv") => Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"skierowania-{from}-{to}.csv\""),
            ))
            .body(referral_reports::to_csv(&report))),
        Some(other) => Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            format!(
                "Nieznany format „{}”: json albo csv.",
                super::extract::truncate(other)
            ),
            format!(
                "Unknown format \"{}\": json or csv.",
                super::extract::truncate(other)
            ),
        )),
    }
}

fn no_store() -> actix_web::HttpResponseBuilder {
    let mut b = HttpResponse::Ok();
    b.insert_header((header::CACHE_CONTROL, "no-store"));
    b
}
