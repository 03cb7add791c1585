//! The steps taken on a referral's page: a step of its lifecycle, an internal note, and
//! "send elsewhere"; each answers with the referral page (303), or the page again with what
//! went wrong next to the form.

use super::error::parse_id;
use super::form::{FormErrors, PanelForm};
use super::referral::{OUTCOMES, see_referral, show};
use super::{PanelError, Staff};
use crate::referral::views::TransitionRequest;
use crate::referral::{DeclineReason, ReferralError, Status};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use uuid::Uuid;

/// A step of the lifecycle as posted.
#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    /// The version the page showed.
    version: Option<i32>,
    #[serde(default)]
    to: String,
    reason: Option<String>,
    outcome: Option<String>,
    #[serde(default)]
    note: String,
}

/// A note as posted.
#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
}

/// "Send elsewhere" as posted.
#[derive(Debug, Deserialize)]
pub struct RerouteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    service: String,
}

/// `POST /panel/referrals/{id}/status`: one step of the lifecycle.
#[post("/panel/referrals/{id}/status")]
pub async fn step(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
    form: PanelForm<StepForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    let id = parse_id(&id)?;
    let mut errors = FormErrors::default();
    let Some(to) = Status::parse(&form.to) else {
        errors.add(
            "form",
            "Nieznany krok – odśwież stronę i wybierz jeszcze raz.",
        );
        return show(&state, &staff, id, &errors, false).await;
    };
    let reason = form.reason.as_deref().and_then(DeclineReason::parse);
    if to == Status::Declined && reason.is_none() {
        errors.add("reason", "Wybierz powód odmowy.");
    }
    let outcome = form
        .outcome
        .as_deref()
        .and_then(|o| OUTCOMES.iter().find(|(code, _)| *code == o));
    if to == Status::Completed && outcome.is_none() {
        errors.add("outcome", "Wybierz wynik sprawy.");
    }
    if !errors.is_empty() {
        return show(&state, &staff, id, &errors, false).await;
    }
    let text = form.note.trim();
    let note = match outcome {
        Some((_, label)) if text.is_empty() => Some(format!("Wynik: {label}.")),
        Some((_, label)) => Some(format!("Wynik: {label}. {text}")),
        None => Some(text.to_owned()).filter(|t| !t.is_empty()),
    };
    let request = TransitionRequest {
        status: to,
        reason,
        note,
    };
    match state
        .referrals
        .transition_by_account(&staff.principal, id, request, form.version)
        .await
    {
        Ok(_) => Ok(see_referral(id)),
        Err(
            ReferralError::VersionMismatch { .. }
            | ReferralError::Conflict
            | ReferralError::InvalidTransition { .. },
        ) => {
            errors.add(
                "form",
                "W międzyczasie ktoś zmienił to skierowanie – sprawdź jego stan poniżej i zdecyduj jeszcze raz.",
            );
            show(&state, &staff, id, &errors, false).await
        }
        Err(ReferralError::FrontDeskMayOnlyCancel | ReferralError::SystemStatus) => {
            Err(PanelError::Forbidden)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /panel/referrals/{id}/notes`: adds an internal note.
#[post("/panel/referrals/{id}/notes")]
pub async fn add_note(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
    form: PanelForm<NoteForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    let id = parse_id(&id)?;
    match state
        .referrals
        .add_note(&staff.principal, id, &form.text)
        .await
    {
        Ok(()) => Ok(see_referral(id)),
        Err(ReferralError::Invalid(_)) => {
            let mut errors = FormErrors::default();
            errors.add("text", "Wpisz notatkę (najwyżej 2000 znaków).");
            show(&state, &staff, id, &errors, false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /panel/referrals/{id}/reroute`: refers the resident of a declined or expired
/// referral to another offer, in the same case.
#[post("/panel/referrals/{id}/reroute")]
pub async fn reroute(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
    form: PanelForm<RerouteForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    let id = parse_id(&id)?;
    let mut errors = FormErrors::default();
    let Ok(service) = Uuid::parse_str(form.service.trim()) else {
        errors.add("service", "Wybierz ofertę z listy.");
        return show(&state, &staff, id, &errors, false).await;
    };
    match state.referrals.reroute(&staff.principal, id, service).await {
        Ok(new) => Ok(see_referral(new.id)),
        Err(ReferralError::Invalid(_)) => {
            errors.add(
                "service",
                "Tej oferty nie można teraz wybrać (nie działa albo należy do innego CUS).",
            );
            show(&state, &staff, id, &errors, false).await
        }
        Err(ReferralError::NotDeclined) => {
            errors.add("form", "To skierowanie nie jest już odrzucone ani wygasłe.");
            show(&state, &staff, id, &errors, false).await
        }
        Err(e) => Err(e.into()),
    }
}
