//! The referral queue (`GET /panel/referrals`): a liaison's referrals (theirs and their
//! deputies', one organization), a CUS worker's of the tenant; waiting, overdue, open or
//! closed, with the working-day deadline as a date, a page at a time. Above it, the referrals
//! the signed-in person answers for that were declined or expired.

use super::layout::{local, page};
use super::{PanelError, Staff};
use crate::access::Role;
use crate::paging::Paging;
use crate::referral::{Queue, ReferralListFilter, Status};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use maud::{Markup, html};
use serde::Deserialize;

/// Referrals per page.
const PER_PAGE: u64 = 25;

/// The queue's query.
#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    queue: Option<String>,
    page: Option<u64>,
}

fn tab_label(part: Option<Queue>) -> &'static str {
    match part {
        Some(Queue::Waiting) => "Czekają na przyjęcie",
        Some(Queue::Overdue) => "Po terminie",
        Some(Queue::Open) => "W realizacji",
        Some(Queue::Closed) => "Zakończone",
        None => "Wszystkie",
    }
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Declined | Status::Expired => "stale",
        Status::Completed => "fresh",
        _ => "",
    }
}

/// `GET /panel/referrals`: the queue.
#[get("/panel/referrals")]
pub async fn queue_page(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, PanelError> {
    let default = (staff.principal.role == Role::Liaison).then_some(Queue::Waiting);
    // An unknown part (an edited address) shows the usual first tab.
    let queue = match query.queue.as_deref() {
        Some("all") => None,
        Some(code) => Queue::parse(code).or(default),
        None => default,
    };
    let paging = Paging {
        page: query.page.unwrap_or(1).clamp(1, 10_000),
        per_page: PER_PAGE,
    };
    let filter = ReferralListFilter {
        queue,
        ..ReferralListFilter::default()
    };
    let list = state
        .referrals
        .list(&staff.principal, &filter, paging)
        .await?;
    let notices = notices_box(&state, &staff).await?;
    let now = state.clock.now();
    let code = queue.map_or("all", Queue::as_str);
    let last = list.total.div_ceil(PER_PAGE).max(1);
    let link = |page: u64| format!("/panel/referrals?queue={code}&page={page}");
    let body = page(
        "Skierowania",
        Some(&staff),
        html! {
            h1 { "Skierowania" }
            (notices)
            nav aria-label="Części kolejki" {
                ul.tabs {
                    @for tab in [Some(Queue::Waiting), Some(Queue::Overdue), Some(Queue::Open), Some(Queue::Closed), None] {
                        li {
                            a href={ "/panel/referrals?queue=" (tab.map_or("all", Queue::as_str)) }
                                aria-current=[(tab == queue).then_some("page")] { (tab_label(tab)) }
                        }
                    }
                }
            }
            h2 { (tab_label(queue)) ": " (list.total) }
            @if list.items.is_empty() {
                p { "Nie ma tu żadnych skierowań." }
            } @else {
                div.table-wrap {
                    table {
                        caption.vh { "Skierowania – " (tab_label(queue)) }
                        thead { tr {
                            th scope="col" { "Usługa" }
                            th scope="col" { "Stan" }
                            th scope="col" { "Kontakt do" }
                            th scope="col" { "Otrzymane" }
                            th scope="col" { "Osoba do kontaktu" }
                        } }
                        tbody {
                            @for r in &list.items {
                                @let s = &r.summary;
                                @let overdue = s.status.awaits_acknowledgement() && s.due_at < now;
                                tr {
                                    td { a href={ "/panel/referrals/" (s.id) } { (s.service_name) } }
                                    td class=(status_class(s.status)) { (s.status.label_pl()) }
                                    td class=[overdue.then_some("stale")] {
                                        (local(s.due_at)) @if overdue { " – po terminie" }
                                    }
                                    td { (local(r.created_at)) }
                                    td { (s.liaison.name) }
                                }
                            }
                        }
                    }
                }
            }
            @if last > 1 {
                nav aria-label="Strony listy" {
                    ul.pages {
                        @if list.page > 1 { li { a href=(link(list.page - 1)) rel="prev" { "← poprzednia" } } }
                        li { "strona " (list.page) " z " (last) }
                        @if list.page < last { li { a href=(link(list.page + 1)) rel="next" { "następna →" } } }
                    }
                }
            }
        },
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body.into_string()))
}

/// The declined or expired referrals the signed-in person answers for and has not opened.
pub(super) async fn notices_box(state: &AppState, staff: &Staff) -> Result<Markup, PanelError> {
    let notices = state.referrals.notices(&staff.principal).await?;
    Ok(html! {
        @if !notices.is_empty() {
            section.notice aria-labelledby="notices-title" {
                h2 #notices-title { "Skierowania do ponownego zajęcia się" }
                ul {
                    @for n in &notices {
                        li {
                            a href={ "/panel/referrals/" (n.referral_id) } { (n.service_name) }
                            " – "
                            @if n.status == Status::Expired { "wygasło bez odpowiedzi" } @else { "odrzucone" }
                            " (" (local(n.at)) ")"
                        }
                    }
                }
            }
        }
    })
}
