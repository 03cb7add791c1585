//! The pages behind the links in a liaison's e-mail: `GET /r/{token}` shows what the link
//! will do (mail scanners that open links change nothing), `POST /r/{token}` does it, once.

use crate::error::ApiError;
use crate::html::escape;
use crate::referral::links::LinkAction;
use crate::referral::{DeclineReason, Status};
use crate::referral::{LinkRefusal, LinkState};
use crate::state::AppState;
use actix_web::{HttpResponse, get, http::StatusCode, post, web};
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(act);
}

/// What the decline form sends.
#[derive(Debug, Deserialize)]
pub struct LinkForm {
    reason: Option<String>,
    note: Option<String>,
}

/// The page of a link from a liaison's e-mail: a button that performs its one step, or a
/// page saying why it cannot (altered 400, expired or used 410, no longer applicable 409).
#[utoipa::path(get, path = "/r/{token}", tag = "referrals",
    params(("token" = String, Path, description = "The signed link")),
    responses(
        (status = 200, description = "The confirmation page", content_type = "text/html", body = String),
        (status = 400, description = "Altered link", content_type = "text/html", body = String),
        (status = 409, description = "The step no longer applies", content_type = "text/html", body = String),
        (status = 410, description = "Expired or used link", content_type = "text/html", body = String),
    ))]
#[get("/r/{token}")]
pub async fn show(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(match state.referrals.open_link(&token).await? {
        LinkState::Refused(why) => refused(why),
        LinkState::Ready { link, referral } => {
            let (title, button) = match link.action {
                LinkAction::Acknowledge => (
                    "Potwierdzenie przyjęcia skierowania",
                    "Potwierdzam przyjęcie",
                ),
                LinkAction::Decline => ("Odmowa przyjęcia skierowania", "Nie możemy przyjąć"),
                LinkAction::Complete => ("Zakończenie sprawy", "Sprawa zakończona"),
            };
            let reasons = if link.action == LinkAction::Decline {
                let options: String = DeclineReason::ALL
                    .iter()
                    .map(|r| format!("<option value=\"{}\">{}</option>", r.as_str(), r.label_pl()))
                    .collect();
                format!(
                    "<p><label for=\"reason\">Powód</label><br>\
                     <select id=\"reason\" name=\"reason\" required>{options}</select></p>"
                )
            } else {
                String::new()
            };
            page(
                StatusCode::OK,
                title,
                &format!(
                    "<p>Skierowanie do usługi <strong>{service}</strong>, numer {id}.</p>\
                     <form method=\"post\">{reasons}\
                     <p><label for=\"note\">Uwagi (opcjonalnie)</label><br>\
                     <textarea id=\"note\" name=\"note\" rows=\"3\" cols=\"50\" maxlength=\"2000\"></textarea></p>\
                     <p><button type=\"submit\">{button}</button></p></form>",
                    service = escape(&referral.service_name),
                    id = referral.id,
                ),
            )
        }
    })
}

/// Performs the link's step (form fields `reason` for a decline, optional `note`).
#[utoipa::path(post, path = "/r/{token}", tag = "referrals",
    params(("token" = String, Path, description = "The signed link")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "reason (decline only: no_capacity, not_eligible, resident_unreachable, other), note"),
    responses(
        (status = 200, description = "Done", content_type = "text/html", body = String),
        (status = 400, description = "Altered link", content_type = "text/html", body = String),
        (status = 409, description = "The step no longer applies", content_type = "text/html", body = String),
        (status = 410, description = "Expired or used link", content_type = "text/html", body = String),
        (status = 422, description = "A decline without a reason", content_type = "text/html", body = String),
    ))]
#[post("/r/{token}")]
pub async fn act(
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: web::Form<LinkForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let reason = form.reason.as_deref().and_then(DeclineReason::parse);
    let note = form.note.filter(|n| !n.trim().is_empty());
    let link = match state.referrals.open_link(&token).await? {
        LinkState::Refused(why) => return Ok(refused(why)),
        LinkState::Ready { link, .. } => link,
    };
    if link.action == LinkAction::Decline && reason.is_none() {
        return Ok(page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Brak powodu",
            "<p>Wybierz powód odmowy i wyślij formularz ponownie.</p>",
        ));
    }
    Ok(match state.referrals.use_link(&link, reason, note).await? {
        Ok(r) => page(
            StatusCode::OK,
            "Dziękujemy",
            &format!(
                "<p>Zapisaliśmy: skierowanie do usługi <strong>{}</strong> ma teraz stan „{}”. \
                 Mieszkaniec i Centrum Usług Społecznych widzą to od razu.</p>",
                escape(&r.service_name),
                Status::parse(&r.status).unwrap_or(Status::New).label_pl()
            ),
        ),
        Err(why) => refused(why),
    })
}

fn refused(why: LinkRefusal) -> HttpResponse {
    let (status, title, text) = match why {
        LinkRefusal::Altered => (
            StatusCode::BAD_REQUEST,
            "Nieprawidłowy link",
            "Ten link jest niepełny albo został zmieniony. Otwórz go ponownie bezpośrednio z wiadomości e-mail.",
        ),
        LinkRefusal::Expired => (
            StatusCode::GONE,
            "Link wygasł",
            "Link był ważny przez 14 dni. Skontaktuj się z koordynatorem Centrum Usług Społecznych albo skorzystaj z nowszej wiadomości.",
        ),
        LinkRefusal::Used => (
            StatusCode::GONE,
            "Link został już użyty",
            "Każdy link działa tylko raz, a ten został już wykorzystany. Twoja wcześniejsza odpowiedź jest zapisana.",
        ),
        LinkRefusal::NotApplicable => (
            StatusCode::CONFLICT,
            "Tego kroku nie można już wykonać",
            "Stan skierowania zmienił się (np. zostało już przyjęte, zakończone lub anulowane).",
        ),
    };
    page(status, title, &format!("<p>{text}</p>"))
}

fn page(status: StatusCode, title: &str, body: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(format!(
            "<!doctype html><html lang=\"pl\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"robots\" content=\"noindex\"><title>{title} – okienko</title>\
             <style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}}\
             button{{font-size:1rem;padding:.6rem 1.2rem}}:focus{{outline:3px solid #1d4ed8;outline-offset:2px}}</style></head>\
             <body><main><h1>{title}</h1>{body}</main></body></html>"
        ))
}
