//! The slip to print for the resident (`GET /panel/referrals/{id}/slip`): A4 or A5, in
//! Polish and in the resident's language.

use super::error::parse_id;
use super::layout::local;
use super::{PanelError, Staff};
use crate::directory::{Location, ServiceView};
use crate::html::pretty_phone;
use crate::i18n::{Key, Lang};
use crate::referral::Slip;
use crate::services::directory;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use maud::{DOCTYPE, Markup, html};

/// A place as one line: street, postcode, town.
pub(super) fn address(place: &Location) -> String {
    [
        place.name.as_deref(),
        place.street.as_deref(),
        place.postal_code.as_deref(),
        place.city.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

/// `GET /panel/referrals/{id}/slip`: the printable slip.
#[get("/panel/referrals/{id}/slip")]
pub async fn slip_page(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
) -> Result<HttpResponse, PanelError> {
    let slip = state
        .referrals
        .slip(&staff.principal, parse_id(&id)?)
        .await?;
    let offer = directory::service(&state.db, slip.service_id).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(slip_document(&slip, &offer).into_string()))
}

/// The liaison's phone: theirs when they are the offer's liaison, else the organization's.
fn phone(slip: &Slip, offer: &ServiceView) -> Option<String> {
    offer
        .liaison
        .as_ref()
        .filter(|l| Some(l.id) == slip.liaison_id)
        .and_then(|l| l.phone.clone())
        .or_else(|| offer.service.phone.clone())
        .or_else(|| offer.organization.phone.clone())
        .map(|p| pretty_phone(&p))
}

fn slip_document(slip: &Slip, offer: &ServiceView) -> Markup {
    let languages: Vec<Lang> = if slip.language == Lang::Pl {
        vec![Lang::Pl]
    } else {
        vec![Lang::Pl, slip.language]
    };
    let row = |key: Key| -> Markup {
        html! {
            @for (i, l) in languages.iter().enumerate() {
                @if i > 0 { " / " }
                span lang=(l.code()) { (l.t(key)) }
            }
        }
    };
    let s = &offer.service;
    html! {
        (DOCTYPE)
        html lang="pl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Skierowanie – " (s.name) }
                link rel="stylesheet" href="/panel/assets/panel.css";
            }
            body.slip {
                main #main {
                    p.no-print { a href={ "/panel/referrals/" (slip.referral_id) } { "← Wróć do skierowania" } " · Wydrukuj tę stronę (Ctrl+P)." }
                    h1 { (row(Key::SlipTitle)) }
                    p.meta { "Centrum Usług Społecznych · " (local(slip.created_at)) }
                    dl.card {
                        dt { (row(Key::SlipService)) } dd { (s.name) }
                        dt { (row(Key::SlipProvider)) } dd { (offer.organization.name) }
                        dt { (row(Key::SlipContactPerson)) }
                        dd {
                            (slip.liaison_name)
                            @if let Some(phone) = phone(slip, offer) { ", tel. " (phone) }
                        }
                        dt { (row(Key::SlipHours)) } dd { (super::counter::hours(&s.schedule)) }
                        @for place in &offer.locations {
                            dt { (row(Key::SlipAddress)) } dd { (address(place)) }
                        }
                        @if !slip.no_contact {
                            dt { (row(Key::SlipDue)) } dd { (local(slip.due_at)) }
                        }
                    }
                    @if slip.no_contact { p { strong { (row(Key::SlipNoContact)) } } }
                    @if let Some(code) = &slip.tracking_code {
                        section.code-box aria-labelledby="code-title" {
                            h2 #code-title { (row(Key::SlipCode)) }
                            p.code { (code) }
                            p { (row(Key::SlipTrack)) ": " strong { (slip.track_url) } }
                            p { (row(Key::SlipKeep)) }
                        }
                    }
                }
            }
        }
    }
}
