//! The resident's tracking page: the code is posted, never put in the address; wrong codes
//! answer the same page with a neutral message, and every attempt counts against the
//! client's address.

use super::{context, html};
use crate::embed::{TrackNotice, track_case_page, track_form_page};
use crate::error::ApiError;
use crate::referral::ReferralError;
use crate::services::directory;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use std::collections::HashMap;
use std::time::Instant;

/// The tracking page: the form for the case code.
#[utoipa::path(get, path = "/embed/track", tag = "embed",
    params(
        ("lang" = Option<String>, Query, description = "pl (default), uk or en; else Accept-Language"),
    ),
    responses((status = 200, description = "The form", content_type = "text/html", body = String)))]
#[get("/embed/track")]
pub async fn track_page(
    req: HttpRequest,
    params: web::Query<Vec<(String, String)>>,
) -> HttpResponse {
    html(track_form_page(&context(&req, &params), None))
}

/// The case of a posted code, or the form again; `action=withdraw` with `confirm=yes`
/// withdraws consent (open referrals are cancelled, personal data erased).
#[utoipa::path(post, path = "/embed/track", tag = "embed",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "code, action (show or withdraw), confirm=yes, lang"),
    responses(
        (status = 200, description = "The case, or the form with a neutral message", content_type = "text/html", body = String),
        (status = 422, description = "Withdrawal without the confirmation", content_type = "text/html", body = String),
        (status = 429, description = "Too many attempts from this address", content_type = "text/html", body = String),
    ))]
#[post("/embed/track")]
#[tracing::instrument(skip_all)]
pub async fn track_case(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let fields = form.into_inner();
    let pairs: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let ctx = context(&req, &pairs);
    let get = |k: &str| fields.get(k).map_or("", |v| v.trim());
    let code = get("code");
    if let Some(ip) = crate::middleware::client_addr(&req)
        && state.track_limiter.check(ip, Instant::now()).is_err()
    {
        let page = track_form_page(&ctx, Some(TrackNotice::TooMany));
        return Ok(with_status(html(page), StatusCode::TOO_MANY_REQUESTS));
    }
    let withdraw = get("action") == "withdraw";
    let confirmed = get("confirm") == "yes";
    let tracked = match (withdraw, confirmed) {
        (true, true) => state.referrals.withdraw_consent(code).await,
        _ => state.referrals.track(code).await,
    };
    let case = match tracked {
        Ok(case) => case,
        Err(ReferralError::UnknownTrackingCode) => {
            return Ok(html(track_form_page(&ctx, Some(TrackNotice::Unknown))));
        }
        Err(e) => return Err(e.into()),
    };
    let ids: Vec<uuid::Uuid> = case.referrals.iter().map(|r| r.service_id).collect();
    let offers = directory::services_by_ids(&state.db, &ids).await?;
    let notice = (withdraw && !confirmed).then_some(TrackNotice::ConfirmWithdrawal);
    let page = html(track_case_page(&ctx, code, &case, &offers, notice));
    Ok(if notice.is_some() {
        with_status(page, StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        page
    })
}

fn with_status(mut response: HttpResponse, status: StatusCode) -> HttpResponse {
    *response.status_mut() = status;
    response
}
