//! The embed's "Poproś o kontakt" form: the same referral use case as the API, with errors
//! shown next to their fields.

use super::{context, detail, html};
use crate::embed::{self, RequestForm};
use crate::error::{ApiError, ErrorCode, Problem};
use crate::i18n::Key;
use crate::referral::ReferralError;
use crate::referral::request::IdempotencyKey;
use crate::referral::views::{ConsentInput, ContactInput, Preferred, ReferralRequest};
use crate::routes::extract::parse_id;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use std::collections::HashMap;
use std::time::Instant;

/// The resident's form is posted from okienko's own page (inside the municipality's iframe),
/// never from another website: a cross-site `Sec-Fetch-Site` or an `Origin` other than
/// okienko's own is refused, so no site can file referrals through its visitors' browsers.
fn refuse_cross_site(state: &AppState, req: &HttpRequest) -> Result<(), ApiError> {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let fetch_site = header("sec-fetch-site").map(str::to_ascii_lowercase);
    let cross_site = fetch_site.as_deref() == Some("cross-site");
    let foreign_origin = match header("origin").map(|o| o.trim_end_matches('/')) {
        None => false,
        // An opaque origin (a sandboxed frame): only a same-origin fetch is believed.
        Some("null") => fetch_site.as_deref() != Some("same-origin"),
        Some(origin) => {
            let info = req.connection_info();
            let own = format!("{}://{}", info.scheme(), info.host());
            origin != own && origin != state.public_url.trim_end_matches('/')
        }
    };
    if cross_site || foreign_origin {
        return Err(ApiError::new(
            ErrorCode::CrossSiteRequest,
            "Formularz można wysłać tylko ze strony okienka.",
            "The form can only be sent from okienko's own page.",
        ));
    }
    Ok(())
}

/// Sends the "Poproś o kontakt" form (creates a referral, as `POST /api/v1/referrals`); errors
/// come back on the form, next to their fields.
#[utoipa::path(post, path = "/embed/services/{id}/request", tag = "embed",
    params(("id" = uuid::Uuid, Path, description = "Service id")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "name, email, phone, preferred, need, consent=yes, key, lang, municipality"),
    responses(
        (status = 200, description = "Sent: the page with the tracking code", content_type = "text/html", body = String),
        (status = 404, description = "No such offer", content_type = "text/html", body = String),
        (status = 422, description = "The form with its errors", content_type = "text/html", body = String),
        (status = 403, description = "Sent from another website", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", content_type = "text/html", body = String),
    ))]
#[post("/embed/services/{id}/request")]
pub async fn request_contact(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    refuse_cross_site(&state, &req)?;
    let fields = form.into_inner();
    let get = |k: &str| {
        fields
            .get(k)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let pairs: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let ctx = context(&req, &pairs);
    let mut form = RequestForm {
        name: get("name"),
        email: get("email"),
        phone: get("phone"),
        preferred: get("preferred"),
        need: get("need"),
        consent: get("consent") == "yes",
        key: get("key"),
        errors: Vec::new(),
    };
    let back = get("back");
    let unprocessable = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
    if let Some(limiter) = &state.referral_limiter
        && let Some(ip) = crate::middleware::client_addr(&req)
        && limiter.check(ip, Instant::now()).is_err()
    {
        form.errors.push(("name", Key::TooMany));
        return detail(
            &state,
            &ctx,
            &id,
            &back,
            &form,
            actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let Ok(service_id) = parse_id(&id) else {
        // Not an offer's id: the "no such offer" page.
        return detail(&state, &ctx, &id, &back, &form, unprocessable).await;
    };
    let optional = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let request = ReferralRequest {
        service_ids: vec![service_id],
        need: form.need.clone(),
        contact: ContactInput {
            name: form.name.clone(),
            email: optional(&form.email),
            phone: optional(&form.phone),
            preferred: match form.preferred.as_str() {
                "email" if !form.email.is_empty() => Some(Preferred::Email),
                "phone" if !form.phone.is_empty() => Some(Preferred::Phone),
                _ => None,
            },
        },
        consent: ConsentInput {
            given: form.consent,
            text_version: format!("embed-2026-11-{}", ctx.lang.code()),
        },
        municipality: ctx.municipality.clone(),
        language: Some(ctx.lang.code().to_owned()),
    };
    let key = (!form.key.is_empty() && form.key.len() <= 200)
        .then(|| IdempotencyKey::parse(&format!("embed-{}", form.key)))
        .transpose()?;
    match state.referrals.create(&request, None, key.as_ref()).await {
        Ok(created) => {
            let name = created
                .referrals
                .first()
                .map(|r| r.service_name.clone())
                .unwrap_or_default();
            Ok(html(embed::sent_page(
                &ctx,
                &name,
                &created.tracking_code,
                &back,
            )))
        }
        Err(ReferralError::Invalid(errors)) => {
            for e in errors {
                let mapped = match e.pointer.as_str() {
                    "/contact/name" => ("name", Key::ErrorName),
                    "/contact/email" => ("email", Key::ErrorEmail),
                    "/contact/phone" => ("phone", Key::ErrorPhone),
                    "/contact" | "/contact/preferred" => ("email", Key::ErrorContact),
                    "/consent/given" => ("consent", Key::ErrorConsent),
                    "/need" => ("need", Key::ErrorNeed),
                    _ => ("name", Key::ErrorOther),
                };
                if !form.errors.contains(&mapped) {
                    form.errors.push(mapped);
                }
            }
            detail(&state, &ctx, &id, &back, &form, unprocessable).await
        }
        Err(e) => Err(e.into()),
    }
}
