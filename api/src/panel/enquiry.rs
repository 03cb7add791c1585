//! Counting a contact from the counter screen in one step (`POST /panel/enquiries`): how the
//! resident came, what they needed, where from, their age band and language, whether it was a
//! crisis, and what came of it. Nothing about who they were.

use super::counter::{CounterQuery, render};
use super::form::PanelForm;
use super::{PanelError, Staff};
use crate::directory::vocabulary;
use crate::enquiry::{self, AGE_BANDS, CHANNELS, EnquiryError, EnquiryRequest, OUTCOMES};
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, post, web};
use maud::{Markup, html};
use serde::Deserialize;

/// The enquiry form as posted or shown.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EnquiryForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    age_band: String,
    #[serde(default)]
    language: String,
    crisis: Option<String>,
    #[serde(default)]
    outcome: String,
    /// What to say above the form.
    #[serde(skip)]
    message: Option<(bool, String)>,
}

impl EnquiryForm {
    /// A fresh form taking the need, gmina and language from the search filters.
    pub fn from_search(query: &CounterQuery, saved: bool) -> Self {
        Self {
            channel: "in_person".into(),
            category: query.category.clone().unwrap_or_default(),
            municipality: query.municipality.clone().unwrap_or_default(),
            language: query.language.clone().unwrap_or_default(),
            message: saved.then(|| (true, "Kontakt zapisany w rejestrze.".to_owned())),
            ..Self::default()
        }
    }

    fn request(&self) -> EnquiryRequest {
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        EnquiryRequest {
            channel: self.channel.clone(),
            category: given(&self.category),
            municipality: given(&self.municipality),
            age_band: given(&self.age_band),
            language: given(&self.language),
            crisis: self.crisis.is_some(),
            outcome: self.outcome.clone(),
            referral_id: None,
            note: None,
        }
    }
}

fn options(set: &[(&str, &str)], chosen: &str, empty: Option<&str>) -> Markup {
    html! {
        @if let Some(label) = empty { option value="" { (label) } }
        @for (code, label) in set {
            option value=(code) selected[chosen == *code] { (label) }
        }
    }
}

/// The form, for the counter screen.
pub fn form(state: &AppState, csrf: &str, f: &EnquiryForm) -> Markup {
    let categories: Vec<(&str, &str)> = vocabulary()
        .categories
        .iter()
        .map(|t| (t.code.as_str(), t.pl.as_str()))
        .collect();
    let gminy: Vec<(&str, &str)> = state
        .search
        .municipalities
        .iter()
        .map(|m| (m.teryt.as_str(), m.name.as_str()))
        .collect();
    let languages = [
        ("pl", "polski"),
        ("uk", "ukraiński"),
        ("en", "angielski"),
        ("ru", "rosyjski"),
        ("de", "niemiecki"),
        ("other", "inny"),
    ];
    html! {
        section.enquiry aria-labelledby="enquiry-title" {
            h2 #enquiry-title { "Zapisz kontakt w rejestrze" }
            p.meta { "Bez danych osoby: liczymy tylko, z czym i skąd przyszła." }
            @if let Some((ok, text)) = &f.message {
                p #enquiry-message role=(if *ok { "status" } else { "alert" }) class=(if *ok { "fresh" } else { "error" }) { (text) }
            }
            form method="post" action="/panel/enquiries" {
                input type="hidden" name="csrf" value=(csrf);
                div.filters {
                    div { label for="e-channel" { "Jak" } select #e-channel name="channel" { (options(&CHANNELS, &f.channel, None)) } }
                    div { label for="e-category" { "Potrzeba" } select #e-category name="category" { (options(&categories, &f.category, Some("—"))) } }
                    div { label for="e-municipality" { "Gmina" } select #e-municipality name="municipality" { (options(&gminy, &f.municipality, Some("—"))) } }
                    div { label for="e-age" { "Wiek" } select #e-age name="age_band" { (options(&AGE_BANDS, &f.age_band, Some("—"))) } }
                    div { label for="e-language" { "Język" } select #e-language name="language" { (options(&languages, &f.language, Some("—"))) } }
                    div { label for="e-outcome" { "Wynik" } select #e-outcome name="outcome" { (options(&OUTCOMES, &f.outcome, Some("—"))) } }
                    div { label.check { input type="checkbox" name="crisis" value="1" checked[f.crisis.is_some()]; "Sytuacja kryzysowa" } }
                }
                button type="submit" { "Zapisz kontakt" }
            }
        }
    }
}

/// `POST /panel/enquiries`: counts the contact and goes back to an empty counter screen, or
/// shows the form again with what to correct.
#[post("/panel/enquiries")]
pub async fn record(
    state: web::Data<AppState>,
    staff: Staff,
    form: PanelForm<EnquiryForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    let mut form = form.into_inner();
    match enquiry::record(
        &state.db,
        &staff.principal,
        &form.request(),
        state.clock.now(),
    )
    .await
    {
        Ok(_) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/panel?saved=1"))
            .finish()),
        Err(EnquiryError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
            let text = if fields.contains(&"/outcome") {
                "Wybierz wynik kontaktu."
            } else if form.outcome == "no_offer" {
                "Przy braku oferty wybierz potrzebę i gminę: tak powstaje lista niezaspokojonych potrzeb."
            } else {
                "Popraw wybrane wartości."
            };
            form.message = Some((false, text.to_owned()));
            let body = render(&state, &staff, &CounterQuery::default(), &form).await?;
            Ok(HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY)
                .content_type("text/html; charset=utf-8")
                .body(body.into_string()))
        }
        Err(e) => Err(PanelError::Failed(e.into())),
    }
}
