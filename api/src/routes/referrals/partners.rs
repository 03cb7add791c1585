//! How partners take referrals (absences, acknowledgement time, webhook) and the referral
//! report of a period.

use crate::error::{AccessRefusals, ApiError, ErrorCode, Problem};
use crate::referral::{Absence, SettingsRequest, SettingsView, settings_of, settings_view};
use crate::routes::extract::Caller;
use crate::routes::extract::parse_id;
use crate::routes::filters;
use crate::services::directory;
use crate::services::referral_reports::{self, ReferralReport};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use serde::Deserialize;
use utoipa::IntoParams;

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
    let organization = directory::organization(&state.db, id).await?;
    state.editing.check_manages(&caller.0, id).await?;
    let absence = body.into_inner();
    state.referrals.add_absence(&organization, &absence).await?;
    Ok(HttpResponse::Created().json(absence))
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
    directory::organization(&state.db, id).await?;
    state.editing.check_manages(&caller.0, id).await?;
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
    state
        .editing
        .save_referral_settings(&caller.0, settings.clone())
        .await?;
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
    let service = directory::service(&state.db, id).await?;
    state
        .editing
        .check_manages(&caller.0, service.service.organization_id)
        .await?;
    let settings = settings_of(id, body.into_inner(), false)?;
    state
        .referrals
        .save_service_settings(settings.clone())
        .await?;
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
    let (from, to) = filters::period(query.from.as_deref(), query.to.as_deref(), today)?;
    let report = referral_reports::report(&state.db, &caller.0, from, to).await?;
    super::super::report_answer(
        query.format.as_deref(),
        &report,
        referral_reports::to_csv,
        &format!("skierowania-{from}-{to}"),
    )
}
