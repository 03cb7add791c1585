//! A liaison's own offers (`GET /panel/services`): each with how recently it was confirmed,
//! "Oferta aktualna" in one click (also from the reminder e-mail, which links to
//! `/panel/services?verify={id}`), and an edit form whose changes go through the same use
//! case as the API (held for the coordinator's approval where the tenant asks for it).

use super::error::parse_id;
use super::form::{FormErrors, PanelForm, described_by, error_for, html_page};
use super::layout::page;
use super::{PanelError, Staff};
use crate::directory::{ServiceStatus, ServiceView};
use crate::domain::Phone;
use crate::editing::{EditingError, Outcome};
use crate::i18n::Lang;
use crate::paging::Paging;
use crate::persistence::{ServiceFilter, list_services};
use crate::services::directory;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, post, web};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Map, Value};
use uuid::Uuid;

/// Offers per page.
const PER_PAGE: u64 = 50;

/// Text fields of the edit form: (field, label, rows of its text area; 0 for one line).
const FIELDS: [(&str, &str, u8); 7] = [
    ("name", "Nazwa", 0),
    ("description", "Opis", 5),
    ("eligibility", "Dla kogo i na jakich warunkach", 3),
    ("application", "Jak się zgłosić", 3),
    ("phone", "Telefon", 0),
    ("email", "E-mail", 0),
    ("url", "Strona internetowa", 0),
];

/// Statuses a liaison may set: (code, label).
const STATUSES: [(ServiceStatus, &str); 3] = [
    (ServiceStatus::Active, "działa"),
    (ServiceStatus::TemporarilyClosed, "czasowo zawieszona"),
    (ServiceStatus::Inactive, "obecnie nieprowadzona"),
];

/// The list's query.
#[derive(Debug, Deserialize)]
pub struct OffersQuery {
    /// The offer a reminder e-mail asks to confirm.
    verify: Option<String>,
    /// What was just done: `verified`, `saved`, `proposed`.
    done: Option<String>,
    page: Option<u64>,
}

/// A form that only carries its CSRF token.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
}

/// The edit form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    eligibility: String,
    #[serde(default)]
    application: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    status: String,
}

impl EditForm {
    fn of(s: &ServiceView) -> Self {
        let s = &s.service;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        EditForm {
            csrf: String::new(),
            name: s.name.clone(),
            description: text(&s.description),
            eligibility: text(&s.eligibility),
            application: text(&s.application),
            phone: text(&s.phone),
            email: text(&s.email),
            url: text(&s.url),
            status: s.status.as_str().to_owned(),
        }
    }

    fn value(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "description" => &self.description,
            "eligibility" => &self.eligibility,
            "application" => &self.application,
            "phone" => &self.phone,
            "email" => &self.email,
            "url" => &self.url,
            _ => "",
        }
    }

    /// The JSON merge patch of what differs from `before` (an emptied field becomes null).
    fn patch(&self, before: &EditForm) -> Value {
        let mut patch = Map::new();
        for (field, _, _) in FIELDS {
            let typed = self.value(field).trim();
            let phone = (field == "phone")
                .then(|| Phone::parse(typed).ok())
                .flatten();
            let now = phone.as_ref().map_or(typed, |p| p.as_str());
            if now != before.value(field) {
                let value = if now.is_empty() && field != "name" {
                    Value::Null
                } else {
                    Value::String(now.to_owned())
                };
                patch.insert(field.to_owned(), value);
            }
        }
        if self.status != before.status {
            patch.insert("status".into(), Value::String(self.status.clone()));
        }
        Value::Object(patch)
    }
}

fn see(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

fn verify_button(staff: &Staff, s: &ServiceView) -> Markup {
    html! {
        form.inline method="post" action={ "/panel/services/" (s.service.id) "/verify" } {
            input type="hidden" name="csrf" value=(staff.csrf());
            button type="submit" { "Oferta aktualna" span.vh { ": " (s.service.name) } }
        }
    }
}

/// `GET /panel/services`: the liaison's offers.
#[get("/panel/services")]
pub async fn offers(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<OffersQuery>,
) -> Result<HttpResponse, PanelError> {
    let organization = staff
        .principal
        .organization_id
        .ok_or(PanelError::Forbidden)?;
    let paging = Paging {
        page: query.page.unwrap_or(1).clamp(1, 1000),
        per_page: PER_PAGE,
    };
    let filter = ServiceFilter {
        organization: Some(organization),
        ..ServiceFilter::default()
    };
    let (list, total) = list_services(&state.db, &filter, paging.page, PER_PAGE).await?;
    let asked = match query.verify.as_deref().map(parse_id).transpose()? {
        Some(id) => Some(directory::service(&state.db, id).await?)
            .filter(|s| s.service.organization_id == organization),
        None => None,
    };
    let today = state.clock.now().date_naive();
    let done = match query.done.as_deref() {
        Some("verified") => Some("Dziękujemy – oferta potwierdzona jako aktualna."),
        Some("saved") => Some("Zmiany zapisane i widoczne dla mieszkańców."),
        Some("proposed") => Some("Zmiany czekają na zatwierdzenie przez koordynatora CUS."),
        _ => None,
    };
    let last = total.div_ceil(PER_PAGE).max(1);
    let body = page(
        "Moje oferty",
        Some(&staff),
        html! {
            h1 { "Moje oferty" }
            @if let Some(done) = done { p.saved role="status" { (done) } }
            @if let Some(s) = &asked {
                section.notice aria-labelledby="verify-title" {
                    h2 #verify-title { "Czy oferta „" (s.service.name) "” jest aktualna?" }
                    p { "Jeśli nic się nie zmieniło, potwierdź jednym kliknięciem. Jeśli coś się zmieniło, " a href={ "/panel/services/" (s.service.id) "/edit" } { "popraw ofertę" } "." }
                    (verify_button(&staff, s))
                }
            }
            p { "Ofert: " (total) ". Mieszkańcy i punkt informacyjny widzą, kiedy oferta była ostatnio potwierdzona." }
            ul.results {
                @for s in &list {
                    li {
                        h2 { a href={ "/panel/services/" (s.service.id) } { (s.service.name) } }
                        p.meta { "Stan: " (STATUSES.iter().find(|(st, _)| *st == s.service.status).map_or(s.service.status.as_str(), |(_, l)| l)) }
                        @match s.service.last_verified_at {
                            Some(d) => p.meta { "Ostatnio potwierdzona: " (d.format("%d.%m.%Y")) " (" ((today - d).num_days()) " dni temu)" },
                            None => p.meta.stale { "Nigdy niepotwierdzona" },
                        }
                        div.actions {
                            (verify_button(&staff, s))
                            a href={ "/panel/services/" (s.service.id) "/edit" } { "Edytuj" span.vh { ": " (s.service.name) } }
                        }
                    }
                }
            }
            @if last > 1 {
                nav aria-label="Strony listy" {
                    ul.pages {
                        @if paging.page > 1 { li { a href={ "/panel/services?page=" (paging.page - 1) } rel="prev" { "← poprzednia" } } }
                        li { "strona " (paging.page) " z " (last) }
                        @if paging.page < last { li { a href={ "/panel/services?page=" (paging.page + 1) } rel="next" { "następna →" } } }
                    }
                }
            }
        },
    );
    Ok(html_page(StatusCode::OK, body))
}

/// `POST /panel/services/{id}/verify`: "Oferta aktualna".
#[post("/panel/services/{id}/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
    form: PanelForm<TokenForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    let id = parse_id(&id)?;
    match state.editing.verify_service(&staff.principal, id).await {
        Ok(_) => Ok(see("/panel/services?done=verified".into())),
        Err(e) => Err(editing_error(e)),
    }
}

/// What a refused edit shows, outside of the form's fields.
fn editing_error(e: EditingError) -> PanelError {
    match e {
        EditingError::NoAccess => PanelError::Forbidden,
        EditingError::ServiceNotFound(_) => PanelError::NotFound,
        other => PanelError::Failed(other.into()),
    }
}

fn edit_page(staff: &Staff, s: &ServiceView, form: &EditForm, errors: &FormErrors) -> HttpResponse {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = page(
        "Edycja oferty",
        Some(staff),
        html! {
            h1 { "Edycja oferty: " (s.service.name) }
            @if !errors.is_empty() {
                p.notice role="alert" { "Popraw zaznaczone pola – zmiany nie zostały zapisane." }
            }
            form method="post" action={ "/panel/services/" (s.service.id) "/edit" } {
                input type="hidden" name="csrf" value=(staff.csrf());
                @for (field, label, rows) in FIELDS {
                    div.field {
                        label for=(field) { (label) }
                        @if rows == 0 {
                            input id=(field) type="text" name=(field) value=(form.value(field))
                                aria-describedby=[described_by(errors, field)];
                        } @else {
                            textarea id=(field) name=(field) rows=(rows)
                                aria-describedby=[described_by(errors, field)] { (form.value(field)) }
                        }
                        (error_for(errors, field))
                    }
                }
                div.field {
                    label for="status" { "Stan oferty" }
                    select #status name="status" {
                        @for (st, label) in STATUSES {
                            option value=(st.as_str()) selected[form.status == st.as_str()] { (label) }
                        }
                    }
                    (error_for(errors, "status"))
                }
                button type="submit" { "Zapisz zmiany" }
            }
            p.meta { "Jeśli CUS zatwierdza zmiany partnerów, zobaczą je mieszkańcy po zatwierdzeniu przez koordynatora." }
            p { a href="/panel/services" { "Wróć do moich ofert" } }
        },
    );
    html_page(status, body)
}

/// The offer, if the account may edit it.
async fn own_offer(state: &AppState, staff: &Staff, id: Uuid) -> Result<ServiceView, PanelError> {
    let s = directory::service(&state.db, id).await?;
    if staff.principal.organization_id == Some(s.service.organization_id) {
        Ok(s)
    } else {
        Err(PanelError::Forbidden)
    }
}

/// `GET /panel/services/{id}/edit`: the edit form.
#[get("/panel/services/{id}/edit")]
pub async fn edit_form(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
) -> Result<HttpResponse, PanelError> {
    let s = own_offer(&state, &staff, parse_id(&id)?).await?;
    Ok(edit_page(
        &staff,
        &s,
        &EditForm::of(&s),
        &FormErrors::default(),
    ))
}

/// `POST /panel/services/{id}/edit`: saves the changes (or proposes them for approval).
#[post("/panel/services/{id}/edit")]
pub async fn edit(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
    form: PanelForm<EditForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    let s = own_offer(&state, &staff, parse_id(&id)?).await?;
    let patch = form.patch(&EditForm::of(&s));
    match state
        .editing
        .patch_service(&staff.principal, s.service.id, patch)
        .await
    {
        Ok(Outcome::Proposed(_)) => Ok(see("/panel/services?done=proposed".into())),
        Ok(_) => Ok(see("/panel/services?done=saved".into())),
        Err(EditingError::Invalid(fields)) => {
            let mut errors = FormErrors::default();
            for f in fields {
                let field = FIELDS
                    .iter()
                    .map(|(name, _, _)| *name)
                    .chain(["status"])
                    .find(|name| f.pointer.trim_start_matches('/') == *name)
                    .unwrap_or("name");
                errors.add(field, format!("{}.", f.code.title(Lang::Pl)));
            }
            Ok(edit_page(&staff, &s, &form, &errors))
        }
        Err(e) => Err(editing_error(e)),
    }
}
