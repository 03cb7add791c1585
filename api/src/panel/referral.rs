//! One referral (`GET /panel/referrals/{id}`): the resident's need and contact (the read is
//! audited), its history and internal notes, and the forms of what the signed-in person may
//! do next (handled in `referral_steps`) — a liaison accepts, declines with a reason, marks the
//! resident contacted, completes with an outcome; the CUS cancels, and sends a declined or
//! expired referral elsewhere with the alternatives found for the same need.

use super::error::parse_id;
use super::form::{FormErrors, described_by, error_for, html_page};
use super::layout::{local, page};
use super::{PanelError, Staff};
use crate::access::Role;
use crate::directory::ServiceView;
use crate::html::pretty_phone;
use crate::referral::views::ReferralDetail;
use crate::referral::{DeclineReason, NoteView, Status};
use crate::services::directory;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, web};
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

/// How a completed referral ended: (code, label).
pub(super) const OUTCOMES: [(&str, &str); 4] = [
    ("helped", "udzielono pomocy"),
    ("partly", "pomoc udzielona częściowo"),
    ("resigned", "mieszkaniec zrezygnował"),
    ("elsewhere", "potrzebna pomoc gdzie indziej"),
];

/// The query of the referral page.
#[derive(Debug, Deserialize)]
pub struct ReferralQuery {
    /// A step or note was just saved.
    saved: Option<String>,
}

pub(super) fn see_referral(id: Uuid) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/panel/referrals/{id}?saved=1")))
        .finish()
}

/// Whether the account answers for the partner (the liaison, or the CUS on its behalf).
fn answers(staff: &Staff) -> bool {
    staff.principal.role != Role::FrontDesk
}

/// Whether the account works for the CUS office.
fn office(staff: &Staff) -> bool {
    staff.principal.role != Role::Liaison
}

/// `GET /panel/referrals/{id}`.
#[get("/panel/referrals/{id}")]
pub async fn referral_page(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
    query: web::Query<ReferralQuery>,
) -> Result<HttpResponse, PanelError> {
    let saved = query.saved.is_some();
    show(
        &state,
        &staff,
        parse_id(&id)?,
        &FormErrors::default(),
        saved,
    )
    .await
}

/// The page, with the mistakes of a form just sent (answered 422 or 409 then).
pub(super) async fn show(
    state: &AppState,
    staff: &Staff,
    id: Uuid,
    errors: &FormErrors,
    saved: bool,
) -> Result<HttpResponse, PanelError> {
    let r = state.referrals.detail(&staff.principal, id).await?;
    let notes = state.referrals.notes(&staff.principal, id).await?;
    state.referrals.notices_seen(&staff.principal, id).await?;
    let (elsewhere, category) =
        if office(staff) && matches!(r.status, Status::Declined | Status::Expired) {
            let category = directory::service(&state.db, r.service_id)
                .await
                .ok()
                .and_then(|s| s.service.categories.first().cloned());
            let others = state
                .referrals
                .alternatives_for(&staff.principal, id)
                .await?;
            (Some(others), category)
        } else {
            (None, None)
        };
    let status = match errors.of("form") {
        Some(_) => StatusCode::CONFLICT,
        None if !errors.is_empty() => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let body = page(
        "Skierowanie",
        Some(staff),
        html! {
            h1 { "Skierowanie do: " (r.service_name) }
            @if saved && errors.is_empty() { p.saved role="status" { "Zapisano." } }
            p role="status" { "Stan: " strong { (r.status.label_pl()) }
                @if let Some(reason) = r.decline_reason { " – powód: " (reason.label_pl()) } }
            @if errors.of("form").is_some() { div role="alert" { (error_for(errors, "form")) } }
            (facts(&r))
            @if r.contact.is_some() {
                p.no-print { a.button href={ "/panel/referrals/" (r.id) "/slip" } { "Drukuj skierowanie dla mieszkańca" } }
            }
            (actions(staff, &r, errors))
            @if let Some(others) = &elsewhere {
                (send_elsewhere(staff, &r, others, category.as_deref(), errors))
            }
            (history(&r))
            (notes_section(staff, r.id, &notes, errors))
            p { a href="/panel/referrals" { "Wszystkie skierowania" } " · " a href={ "/panel/services/" (r.service_id) } { "Karta usługi" } }
        },
    );
    Ok(html_page(status, body))
}

fn facts(r: &ReferralDetail) -> Markup {
    html! {
        dl.card {
            dt { "Osoba do kontaktu u realizatora" } dd { (r.liaison.name) }
            dt { "Ma się skontaktować do" } dd { (local(r.due_at)) }
            @match &r.contact {
                Some(contact) => {
                    dt { "Mieszkaniec" }
                    dd {
                        (contact.name.as_deref().unwrap_or(""))
                        @if let Some(phone) = &contact.phone { ", tel. " (pretty_phone(phone)) }
                        @if let Some(email) = &contact.email { ", " (email) }
                        @if contact.phone.is_none() && contact.email.is_none() { " (bez danych kontaktowych – zgłosi się sam)" }
                    }
                }
                None => { dt { "Mieszkaniec" } dd { "dane osobowe usunięte" } }
            }
            @if let Some(need) = &r.need { dt { "Potrzeba" } dd { (need) } }
        }
    }
}

fn step_form(r: &ReferralDetail, csrf: &str, to: Status, inner: Markup, button: &str) -> Markup {
    html! {
        form.step method="post" action={ "/panel/referrals/" (r.id) "/status" } {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="version" value=(r.version);
            input type="hidden" name="to" value=(to.as_str());
            (inner)
            button type="submit" { (button) }
        }
    }
}

fn actions(staff: &Staff, r: &ReferralDetail, errors: &FormErrors) -> Markup {
    let csrf = staff.csrf();
    let s = r.status;
    let answer = answers(staff) && !s.is_final();
    html! {
        @if !s.is_final() {
            section aria-labelledby="actions-title" {
                h2 #actions-title { "Co dalej" }
                @if answer && s.awaits_acknowledgement() {
                    (step_form(r, csrf, Status::Acknowledged, html! {}, "Przyjmuję skierowanie"))
                }
                @if answer && s == Status::Acknowledged {
                    (step_form(r, csrf, Status::InProgress, html! {}, "Kontakt z mieszkańcem nawiązany"))
                }
                @if answer && matches!(s, Status::Acknowledged | Status::InProgress) {
                    (step_form(r, csrf, Status::Completed, html! {
                        div.field {
                            label for="outcome" { "Wynik" }
                            select #outcome name="outcome" required aria-describedby=[described_by(errors, "outcome")] {
                                option value="" { "wybierz" }
                                @for (code, label) in OUTCOMES { option value=(code) { (label) } }
                            }
                            (error_for(errors, "outcome"))
                        }
                        div.field {
                            label for="complete-note" { "Uwagi (nieobowiązkowe)" }
                            textarea #complete-note name="note" rows="2" maxlength="2000" {}
                        }
                    }, "Zakończ sprawę"))
                }
                @if answer {
                    (step_form(r, csrf, Status::Declined, html! {
                        div.field {
                            label for="reason" { "Powód odmowy" }
                            select #reason name="reason" required aria-describedby=[described_by(errors, "reason")] {
                                option value="" { "wybierz" }
                                @for reason in DeclineReason::ALL { option value=(reason.as_str()) { (reason.label_pl()) } }
                            }
                            (error_for(errors, "reason"))
                        }
                        div.field {
                            label for="decline-note" { "Wyjaśnienie (nieobowiązkowe)" }
                            textarea #decline-note name="note" rows="2" maxlength="2000" {}
                        }
                    }, "Odrzuć skierowanie"))
                }
                @if office(staff) {
                    (step_form(r, csrf, Status::Cancelled, html! {}, "Anuluj skierowanie"))
                }
            }
        }
    }
}

fn send_elsewhere(
    staff: &Staff,
    r: &ReferralDetail,
    others: &[ServiceView],
    category: Option<&str>,
    errors: &FormErrors,
) -> Markup {
    html! {
        section #gdzie-indziej aria-labelledby="elsewhere-title" {
            h2 #elsewhere-title { "Skieruj gdzie indziej" }
            (error_for(errors, "service"))
            @if others.is_empty() {
                p { "Nie znaleziono innych ofert dla tej potrzeby w gminie mieszkańca." }
            } @else {
                p { "Inne oferty dla tej samej potrzeby – mieszkaniec zachowuje swój kod sprawy:" }
                ul.results {
                    @for o in others {
                        li {
                            h3 { a href={ "/panel/services/" (o.service.id) } { (o.service.name) } }
                            p.meta { (o.organization.name) }
                            form method="post" action={ "/panel/referrals/" (r.id) "/reroute" } {
                                input type="hidden" name="csrf" value=(staff.csrf());
                                input type="hidden" name="service" value=(o.service.id);
                                button type="submit" { "Skieruj tutaj" span.vh { ": " (o.service.name) } }
                            }
                        }
                    }
                }
            }
            p { a href={ "/panel?category=" (category.unwrap_or("")) } { "Szukaj innych ofert" } }
        }
    }
}

fn history(r: &ReferralDetail) -> Markup {
    html! {
        section aria-labelledby="history-title" {
            h2 #history-title { "Historia" }
            ol.history {
                @for e in &r.history {
                    li {
                        (local(e.at)) " – " strong { (e.status.label_pl()) }
                        @if let Some(actor) = &e.actor { " (" (actor) ")" }
                        @if let Some(note) = &e.note { br; span.meta { (note) } }
                    }
                }
            }
        }
    }
}

fn notes_section(staff: &Staff, id: Uuid, notes: &[NoteView], errors: &FormErrors) -> Markup {
    html! {
        section aria-labelledby="notes-title" {
            h2 #notes-title { "Notatki wewnętrzne" }
            p.meta { "Widzą je pracownicy CUS i osoba do kontaktu partnera – nigdy mieszkaniec." }
            @if notes.is_empty() { p { "Brak notatek." } }
            ul.history {
                @for n in notes {
                    li { (local(n.at)) " – " (n.author) br; (n.text) }
                }
            }
            form method="post" action={ "/panel/referrals/" (id) "/notes" } {
                input type="hidden" name="csrf" value=(staff.csrf());
                div.field {
                    label for="note-text" { "Nowa notatka" }
                    textarea #note-text name="text" rows="3" maxlength="2000"
                        aria-describedby=[described_by(errors, "text")] {}
                    (error_for(errors, "text"))
                }
                button type="submit" { "Dodaj notatkę" }
            }
        }
    }
}
