//! The resident's side of referrals: the request (`POST /api/v1/referrals`, open to all,
//! rate-limited per address) and following a case by its tracking code.

use super::no_store;
use crate::error::{ApiError, ErrorCode, Problem, describe_json_error};
use crate::middleware::client_addr;
use crate::referral::request::{IdempotencyKey, requested_count};
use crate::referral::views::{Created, ReferralRequest, Tracking};
use crate::routes::extract::Caller;
use crate::routes::extract::read_body;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use std::time::Instant;

/// Largest referral request body.
const REFERRAL_MAX_BYTES: usize = 64 * 1024;

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
    let body = read_body(&req, body, REFERRAL_MAX_BYTES).await?;
    // Signed-in callers too: the limit counts the referrals a request would make.
    if let Some(limiter) = &state.referral_limiter
        && let Some(ip) = client_addr(&req)
        && let Err(wait) = limiter.check_n(ip, requested_count(&body), Instant::now())
    {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "Zbyt wiele zgłoszeń z tego adresu; spróbuj za chwilę albo zadzwoń do punktu informacyjnego.",
            "Too many requests from this address; try again shortly or call the information point.",
        )
        .retry_after(wait.as_secs().max(1)));
    }
    let key = key.as_deref().map(IdempotencyKey::parse).transpose()?;
    let request: ReferralRequest = serde_json::from_slice(&body).map_err(|e| {
        let why = describe_json_error(&e);
        ApiError::new(
            ErrorCode::MalformedBody,
            format!("Nieprawidłowa treść żądania ({why})."),
            format!("Malformed request body ({why})."),
        )
    })?;
    let principal = caller.map(|c| c.0);
    let created = state
        .referrals
        .create(&request, principal.as_ref(), key.as_ref())
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(created))
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
    Ok(no_store().json(state.referrals.track(&code).await?))
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
    Ok(no_store().json(state.referrals.cancel_by_resident(&code).await?))
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
    Ok(no_store().json(state.referrals.withdraw_consent(&code).await?))
}
