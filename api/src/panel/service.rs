//! The offer card (`GET /panel/services/{id}`) with the form that refers a resident to it
//! ("Skieruj"), and the referral it creates through the same use case as the API.

use super::error::parse_id;
use super::form::{FormErrors, PanelForm, described_by, error_for, html_page};
use super::layout::page;
use super::{PanelError, Staff};
use crate::directory::ServiceView;
use crate::html::pretty_phone;
use crate::i18n::{Key, Lang};
use crate::referral::ReferralError;
use crate::referral::request::{IdempotencyKey, validate};
use crate::referral::views::{ConsentInput, ContactInput, ReferralRequest};
use crate::services::directory;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, post, web};
use maud::{Markup, html};
use serde::Deserialize;

/// The version of the consent text the worker reads aloud at the counter.
pub const COUNTER_CONSENT_VERSION: &str = "counter-2026-11";

/// The refer form as posted; also what re-renders it after a mistake.
#[derive(Debug, Default, Deserialize)]
pub struct ReferForm {
    #[serde(default)]
    csrf: String,
    /// Makes a double submit create one referral.
    #[serde(default)]
    key: String,
    #[serde(default)]
    name: String,
    /// A phone or an e-mail.
    #[serde(default)]
    contact: String,
    no_contact: Option<String>,
    #[serde(default)]
    need: String,
    consent: Option<String>,
    #[serde(default)]
    language: String,
}

/// `GET /panel/services/{id}`: the offer card and the refer form.
#[get("/panel/services/{id}")]
pub async fn service_card(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
) -> Result<HttpResponse, PanelError> {
    let offer = directory::service(&state.db, parse_id(&id)?).await?;
    let form = ReferForm {
        key: crate::access::sessions::random_token(),
        ..ReferForm::default()
    };
    Ok(html_page(
        StatusCode::OK,
        card_page(&staff, &offer, &form, &FormErrors::default()),
    ))
}

/// `POST /panel/services/{id}/refer`: creates the referral and goes to it, or shows the form
/// again with what to correct.
#[post("/panel/services/{id}/refer")]
pub async fn refer(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
    form: PanelForm<ReferForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    let offer = directory::service(&state.db, parse_id(&id)?).await?;
    let form = form.into_inner();
    let mut errors = FormErrors::default();
    let contact = form.contact.trim();
    match (contact.is_empty(), form.no_contact.is_some()) {
        (true, false) => errors.add(
            "contact",
            "Wpisz telefon albo e-mail mieszkańca albo zaznacz „bez danych kontaktowych”.",
        ),
        (false, true) => errors.add(
            "contact",
            "Wpisz kontakt albo zaznacz „bez danych kontaktowych” – nie jedno i drugie.",
        ),
        _ => {}
    }
    let request = ReferralRequest {
        service_ids: vec![offer.service.id],
        need: form.need.clone(),
        contact: ContactInput {
            name: form.name.clone(),
            email: contact.contains('@').then(|| contact.to_owned()),
            phone: (!contact.is_empty() && !contact.contains('@')).then(|| contact.to_owned()),
            preferred: None,
        },
        consent: ConsentInput {
            given: form.consent.is_some(),
            text_version: COUNTER_CONSENT_VERSION.into(),
        },
        municipality: None,
        language: Some(form.language.clone()).filter(|l| !l.is_empty()),
    };
    let key = IdempotencyKey::parse(&format!("panel-{}", form.key)).ok();
    // With a mistake of its own the form shows every other one too, and sends nothing.
    let outcome = if errors.0.is_empty() {
        state
            .referrals
            .create(&request, Some(&staff.principal), key.as_ref())
            .await
    } else {
        validate(&request, true).and(Err(ReferralError::Invalid(Vec::new())))
    };
    match outcome {
        Ok(created) => {
            let first = created
                .referrals
                .first()
                .map(|r| r.id)
                .ok_or_else(|| anyhow::anyhow!("a case without referrals"))?;
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/panel/referrals/{first}")))
                .finish())
        }
        Err(ReferralError::Invalid(fields)) => {
            for field in fields {
                let (name, message) = polish_message(&field.pointer);
                errors.add(name, message);
            }
            Ok(html_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                card_page(&staff, &offer, &form, &errors),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The form field and the message for staff of a use-case field error.
fn polish_message(pointer: &str) -> (&'static str, &'static str) {
    match pointer {
        "/contact/name" => (
            "name",
            "Wpisz imię i nazwisko (jedna linia, do 200 znaków).",
        ),
        "/contact/email" => ("contact", "To nie jest poprawny adres e-mail."),
        "/contact/phone" => ("contact", "To nie jest poprawny polski numer telefonu."),
        "/need" => ("need", "Opis potrzeby jest za długi (do 2000 znaków)."),
        "/consent/given" => (
            "consent",
            "Bez zgody mieszkańca nie można przekazać skierowania.",
        ),
        "/language" => ("language", "Wybierz język z listy."),
        _ => (
            "form",
            "Tej usługi nie można teraz wybrać (jest nieaktywna albo należy do innego CUS).",
        ),
    }
}

fn card_page(staff: &Staff, offer: &ServiceView, form: &ReferForm, errors: &FormErrors) -> Markup {
    let s = &offer.service;
    page(
        &s.name,
        Some(staff),
        html! {
            p.no-print { a href="/panel" { "← Wyszukiwanie" } }
            h1 { (s.name) }
            p.meta { (offer.organization.name) }
            @if let Some(description) = &s.description { p { (description) } }
            dl.card {
                @if let Some(eligibility) = &s.eligibility { dt { "Dla kogo" } dd { (eligibility) } }
                dt { "Osoba do kontaktu" }
                dd {
                    @match &offer.liaison {
                        Some(l) => {
                            (l.name)
                            @if let Some(role) = &l.role { ", " (role) }
                            @if let Some(phone) = &l.phone { br; "tel. " (pretty_phone(phone)) }
                            @if let Some(email) = &l.email { br; (email) }
                        }
                        None => { "brak – " (offer.organization.phone.as_deref().map(pretty_phone).unwrap_or_default()) }
                    }
                }
                dt { "Godziny" } dd { (super::counter::hours(&s.schedule)) }
                @for place in &offer.locations {
                    dt { "Adres" } dd { (super::slip::address(place)) }
                }
                @if let Some(cost) = &s.cost_note { dt { "Koszt" } dd { (cost) } }
            }
            (refer_form(offer, form, errors, staff.csrf()))
        },
    )
}

fn refer_form(offer: &ServiceView, form: &ReferForm, errors: &FormErrors, csrf: &str) -> Markup {
    html! {
        section #skieruj aria-labelledby="refer-title" {
            h2 #refer-title { "Skieruj mieszkańca" }
            @if !errors.0.is_empty() {
                p.notice role="alert" { "Popraw zaznaczone pola – nic jeszcze nie zostało wysłane." }
            }
            (error_for(errors, "form"))
            form method="post" action={ "/panel/services/" (offer.service.id) "/refer" } {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="key" value=(form.key);
                div.field {
                    label for="name" { "Imię i nazwisko mieszkańca" }
                    input #name type="text" name="name" value=(form.name) maxlength="200"
                        autocomplete="off" required aria-describedby=[described_by(errors, "name")];
                    (error_for(errors, "name"))
                }
                div.field {
                    label for="contact" { "Telefon albo e-mail" }
                    input #contact type="text" name="contact" value=(form.contact)
                        autocomplete="off" aria-describedby=[described_by(errors, "contact")];
                    label.check {
                        input type="checkbox" name="no_contact" value="1" checked[form.no_contact.is_some()];
                        "Bez danych kontaktowych – mieszkaniec dostaje tylko wydruk"
                    }
                    (error_for(errors, "contact"))
                }
                div.field {
                    label for="need" { "Potrzeba w jednym zdaniu" }
                    textarea #need name="need" rows="2" maxlength="2000"
                        aria-describedby=[described_by(errors, "need")] { (form.need) }
                    (error_for(errors, "need"))
                }
                div.field {
                    label for="language" { "Język mieszkańca (wydruk)" }
                    select #language name="language" {
                        @for lang in Lang::ALL {
                            option value=(lang.code()) selected[form.language == lang.code()] { (lang.endonym()) }
                        }
                    }
                }
                fieldset.consent {
                    legend { "Zgoda (wersja " (COUNTER_CONSENT_VERSION) ") – przeczytaj ją mieszkańcowi" }
                    p { (Lang::Pl.t(Key::Consent)) }
                    label.check {
                        input #consent type="checkbox" name="consent" value="1" checked[form.consent.is_some()]
                            aria-describedby=[described_by(errors, "consent")];
                        "Przeczytałem/am zgodę, mieszkaniec ją wyraża"
                    }
                    (error_for(errors, "consent"))
                }
                button type="submit" { "Skieruj" }
            }
        }
    }
}
