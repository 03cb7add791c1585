//! The counter screen (`GET /panel`): one search box and the filters a front-desk worker
//! needs with a resident at the counter, and each offer with its liaison, hours and how
//! recently its provider confirmed it.

use super::enquiry::EnquiryForm;
use super::layout::page;
use super::{PanelError, Staff};
use crate::directory::{OpeningHours, vocabulary};
use crate::domain::local_time::warsaw;
use crate::html::pretty_phone;
use crate::i18n::Lang;
use crate::services::indexing::STALE_AFTER_DAYS;
use crate::services::search::{self, MAX_QUERY_CHARS, SearchItem, SearchParams, SearchResponse};
use crate::services::search_labels as labels;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use bytes::Bytes;
use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

/// Offers per page.
const PER_PAGE: u64 = 20;
/// Languages offered as a filter.
const LANGUAGES: [&str; 5] = ["pl", "uk", "en", "ru", "de"];
/// Age bands: (code, label, an age inside the band that the index filters by).
const AGE_BANDS: [(&str, &str, u32); 6] = [
    ("0-2", "dziecko do 3 lat", 1),
    ("3-6", "dziecko 3–6 lat", 5),
    ("7-17", "dziecko lub nastolatek 7–17 lat", 12),
    ("18-25", "młody dorosły 18–25 lat", 21),
    ("26-59", "dorosły 26–59 lat", 40),
    ("60+", "senior 60+", 70),
];
/// The counter screen's query.
#[derive(Debug, Default, Deserialize)]
pub struct CounterQuery {
    #[serde(default)]
    q: String,
    pub(super) municipality: Option<String>,
    pub(super) category: Option<String>,
    age: Option<String>,
    free: Option<String>,
    open_now: Option<String>,
    pub(super) language: Option<String>,
    page: Option<u64>,
    /// An enquiry was just recorded.
    saved: Option<String>,
}

impl CounterQuery {
    fn chosen(value: Option<&String>) -> Option<&str> {
        value.map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// The filters the index understands; unknown codes are dropped.
    fn filters(&self, state: &AppState) -> Vec<(String, String)> {
        let mut filters = Vec::new();
        if let Some(m) = Self::chosen(self.municipality.as_ref())
            .filter(|m| state.search.municipalities.iter().any(|g| g.teryt == *m))
        {
            filters.push(("municipality".into(), m.to_owned()));
        }
        if let Some(c) =
            Self::chosen(self.category.as_ref()).filter(|c| vocabulary().is_category(c))
        {
            filters.push(("category".into(), c.to_owned()));
        }
        if self.free.as_deref().is_some_and(|v| !v.is_empty()) {
            filters.push(("cost".into(), "free".into()));
        }
        if let Some(l) = Self::chosen(self.language.as_ref()).filter(|l| LANGUAGES.contains(l)) {
            filters.push(("language".into(), l.to_owned()));
        }
        filters
    }

    fn age(&self) -> Option<u32> {
        let band = Self::chosen(self.age.as_ref())?;
        AGE_BANDS
            .iter()
            .find(|(code, _, _)| *code == band)
            .map(|b| b.2)
    }

    /// This query on another page.
    fn link_to_page(&self, page: u64) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![("q", self.q.as_str())];
        for (name, value) in [
            ("municipality", &self.municipality),
            ("category", &self.category),
            ("age", &self.age),
            ("free", &self.free),
            ("open_now", &self.open_now),
            ("language", &self.language),
        ] {
            if let Some(v) = value {
                pairs.push((name, v.as_str()));
            }
        }
        let page = page.to_string();
        pairs.push(("page", &page));
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::html::url_encode(v)))
            .collect();
        format!("/panel?{}", query.join("&"))
    }
}

/// `GET /panel`: the counter screen.
#[get("/panel")]
pub async fn counter(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<CounterQuery>,
) -> Result<HttpResponse, PanelError> {
    let query = query.into_inner();
    let enquiry = EnquiryForm::from_search(&query, query.saved.is_some());
    let body = render(&state, &staff, &query, &enquiry).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body.into_string()))
}

/// The counter screen for a query, with the enquiry form as given.
pub(super) async fn render(
    state: &AppState,
    staff: &Staff,
    query: &CounterQuery,
    enquiry: &EnquiryForm,
) -> Result<Markup, PanelError> {
    let q: String = query.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let filters = query.filters(state);
    let searched = !q.is_empty() || !filters.is_empty() || query.age().is_some();
    let now = state.clock.now();
    let local = warsaw(now);
    let today = local.date.parse().unwrap_or(now.date_naive());
    let results = if searched {
        let page = query.page.unwrap_or(1).clamp(1, 1000);
        let open_now = query.open_now.as_deref().is_some_and(|v| !v.is_empty());
        let params = SearchParams {
            q,
            filters,
            age: query.age(),
            open_now,
            geo: None,
            page,
            per_page: PER_PAGE,
            as_typed: false,
            truncated: false,
            explain: false,
            brief: true,
            labels: Lang::Pl,
        };
        // Staff at several counters ask the same things: the rendered list is kept with the
        // search answers, as fresh as they are (the day and, for "open now", the half-hour
        // are part of the key).
        let generation = search::answer_generation(&state.search);
        let slot = open_now.then_some(local.minute / 30);
        let key = format!(
            "panel|{params:?}|{}|{slot:?}|{}",
            local.date,
            query.link_to_page(page)
        );
        match search::cached(&state.search, generation, &key) {
            Some(list) => Some(PreEscaped(String::from_utf8_lossy(&list).into_owned())),
            None => {
                let dictionary = state.search.dictionary.get();
                let found = search::search(&state.search, params, &dictionary).await?;
                let list = result_list(query, &found, today);
                search::keep(&state.search, generation, key, Bytes::from(list.0.clone()));
                Some(list)
            }
        }
    } else {
        None
    };
    let notices = super::queue::notices_box(state, staff).await?;
    Ok(page(
        "Wyszukiwanie usług",
        Some(staff),
        html! {
            h1 { "Wyszukiwanie usług" }
            (notices)
            (search_form(state, query))
            @if staff.principal.role != crate::access::Role::Liaison {
                (super::enquiry::form(state, staff.csrf(), enquiry))
            }
            @if let Some(list) = results {
                (list)
            }
        },
    ))
}

fn selected(current: Option<&String>, value: &str) -> bool {
    current.is_some_and(|c| c == value)
}

fn search_form(state: &AppState, query: &CounterQuery) -> Markup {
    html! {
        form role="search" method="get" action="/panel" {
            div.field {
                label for="q" { "Czego szuka mieszkaniec?" }
                div.search-row {
                    input #q type="search" name="q" value=(query.q) maxlength="500"
                        autocomplete="off" autofocus;
                    button type="submit" { "Szukaj" }
                }
            }
            fieldset.filters {
                legend { "Zawęź" }
                div {
                    label for="municipality" { "Gmina" }
                    select #municipality name="municipality" {
                        option value="" { "wszystkie" }
                        @for m in state.search.municipalities.iter() {
                            option value=(m.teryt) selected[selected(query.municipality.as_ref(), &m.teryt)] { (m.name) }
                        }
                    }
                }
                div {
                    label for="category" { "Kategoria" }
                    select #category name="category" {
                        option value="" { "wszystkie" }
                        @for t in &vocabulary().categories {
                            option value=(t.code) selected[selected(query.category.as_ref(), &t.code)] { (t.pl) }
                        }
                    }
                }
                div {
                    label for="age" { "Wiek osoby" }
                    select #age name="age" {
                        option value="" { "dowolny" }
                        @for (code, label, _) in AGE_BANDS {
                            option value=(code) selected[selected(query.age.as_ref(), code)] { (label) }
                        }
                    }
                }
                div {
                    label for="language" { "Język obsługi" }
                    select #language name="language" {
                        option value="" { "dowolny" }
                        @for code in LANGUAGES {
                            option value=(code) selected[selected(query.language.as_ref(), code)] {
                                (labels::value(Lang::Pl, "language", code).unwrap_or_else(|| code.to_owned()))
                            }
                        }
                    }
                }
                div {
                    label.check { input type="checkbox" name="free" value="1" checked[query.free.is_some()]; "Tylko bezpłatne" }
                    label.check { input type="checkbox" name="open_now" value="1" checked[query.open_now.is_some()]; "Czynne teraz" }
                }
            }
        }
    }
}

fn result_list(query: &CounterQuery, results: &SearchResponse, today: NaiveDate) -> Markup {
    let page = results.page;
    let last = results.total.div_ceil(results.per_page.max(1));
    html! {
        section aria-labelledby="results-title" {
            h2 #results-title { "Wyniki" }
            p role="status" { "Znaleziono: " strong { (results.total) } }
            @if let Some(corrected) = &results.corrected_to {
                p { "Pokazano wyniki dla: " strong { (corrected) } }
            }
            ol.results {
                @for offer in &results.items {
                    li { (offer_card(offer, today)) }
                }
            }
            @if last > 1 {
                nav aria-label="Strony wyników" {
                    ul.pages {
                        @if page > 1 {
                            li { a href=(query.link_to_page(page - 1)) rel="prev" { "← poprzednia" } }
                        }
                        li { "strona " (page) " z " (last) }
                        @if page < last {
                            li { a href=(query.link_to_page(page + 1)) rel="next" { "następna →" } }
                        }
                    }
                }
            }
        }
    }
}

/// One result as the index stored it (liaison, hours and freshness without a database read:
/// the index is rewritten whenever the offer or its organization changes).
fn offer_card(offer: &SearchItem, today: NaiveDate) -> Markup {
    let c = &offer.contact;
    let schedule: Vec<OpeningHours> = c
        .hours
        .iter()
        .map(|(weekday, opens, closes)| OpeningHours {
            weekday: *weekday,
            opens: opens.clone(),
            closes: closes.clone(),
        })
        .collect();
    let verified = c.verified.as_deref().and_then(|d| d.parse().ok());
    html! {
        h3 { a href={ "/panel/services/" (offer.id) } { (offer.name) } }
        p.meta { (offer.organization.name) }
        p.meta {
            "Osoba do kontaktu: "
            @match &c.liaison {
                Some(name) => {
                    (name)
                    @if let Some(phone) = &c.liaison_phone { ", tel. " (pretty_phone(phone)) }
                }
                None => { "brak – dzwoń do organizacji" @if let Some(phone) = &c.organization_phone { " (tel. " (pretty_phone(phone)) ")" } }
            }
        }
        p.meta { "Godziny: " (hours(&schedule)) }
        (freshness(verified, today))
        p { a.refer href={ "/panel/services/" (offer.id) "#skieruj" } { "Skieruj" span.vh { ": " (offer.name) } } }
    }
}

/// The week's hours for staff ("nie podano" when none are given).
pub(super) fn hours(schedule: &[OpeningHours]) -> String {
    crate::directory::hours::opening_line(schedule, crate::i18n::Lang::Pl)
        .unwrap_or_else(|| "nie podano".into())
}

fn freshness(verified: Option<NaiveDate>, today: NaiveDate) -> Markup {
    match verified {
        Some(date) if (today - date).num_days() <= STALE_AFTER_DAYS => html! {
            p.meta.fresh { "Potwierdzone przez partnera " (date.format("%d.%m.%Y")) }
        },
        Some(date) => html! {
            p.meta.stale { "Niepotwierdzone od " ((today - date).num_days()) " dni – sprawdź telefonicznie" }
        },
        None => html! { p.meta.stale { "Nigdy niepotwierdzone – sprawdź telefonicznie" } },
    }
}
