//! The frame of every panel page: landmarks, skip link, who is signed in and signing out.

use super::Staff;
use crate::access::Role;
use crate::domain::local_time::warsaw;
use chrono::{DateTime, Utc};
use maud::{DOCTYPE, Markup, html};

/// How a role is named to staff.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Admin => "administrator",
        Role::Coordinator => "koordynator",
        Role::FrontDesk => "punkt informacyjny",
        Role::Liaison => "osoba do kontaktu partnera",
    }
}

/// A whole page: `title` in the tab and the header, `main` as the page's content.
pub fn page(title: &str, staff: Option<&Staff>, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="pl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " – panel okienka" }
                link rel="stylesheet" href="/panel/assets/panel.css";
            }
            body {
                a.skip href="#main" { "Przejdź do treści" }
                header.top {
                    p.site { a href="/panel" { "okienko" } span { " · panel CUS" } }
                    @if let Some(staff) = staff {
                        nav aria-label="Panel" {
                            ul {
                                li { a href="/panel" { "Wyszukiwanie usług" } }
                                li { a href="/panel/referrals" { "Skierowania" } }
                                @if staff.principal.role == Role::Liaison {
                                    li { a href="/panel/services" { "Moje oferty" } }
                                }
                                li { a href="/panel/password" { "Zmiana hasła" } }
                            }
                        }
                        form.signout method="post" action="/panel/logout" {
                            input type="hidden" name="csrf" value=(staff.csrf());
                            span.who {
                                (staff.principal.email) " · " (role_label(staff.principal.role))
                            }
                            button type="submit" { "Wyloguj" }
                        }
                    }
                }
                main #main tabindex="-1" { (main) }
            }
        }
    }
}

/// A moment as staff and residents read it: `17.12.2026 16:00` in Polish time.
pub fn local(at: DateTime<Utc>) -> String {
    let m = warsaw(at);
    let date = m
        .date
        .parse::<chrono::NaiveDate>()
        .map_or(m.date.clone(), |d| d.format("%d.%m.%Y").to_string());
    format!("{date} {:02}:{:02}", m.minute / 60, m.minute % 60)
}
