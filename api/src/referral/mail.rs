//! The e-mail a liaison receives about the referrals made to them: the resident's need
//! (quoted), their contact, and per referral its service, deadline and single-use links.

use super::Referrals;
use super::links::{LINK_TTL_DAYS, LinkAction};
use super::routing::RoutedTo;
use crate::outbox::Delivery;
use crate::persistence::referrals::{Case, Referral};
use chrono::{DateTime, Utc};

/// The notification for one liaison of the referrals made to them (one request naming
/// several of their services sends one e-mail), for the outbox. The resident's need is quoted
/// under a label, line by line, so it cannot pose as the office's own text or links.
pub fn liaison_mail(
    desk: &Referrals,
    case: &Case,
    referrals: &[Referral],
    now: DateTime<Utc>,
    reminder: bool,
) -> Option<Delivery> {
    let to = referrals.first()?.liaison_email.clone()?;
    let contact = [
        case.contact_name
            .clone()
            .map(|n| format!("imię i nazwisko: {n}")),
        case.contact_email.clone().map(|e| format!("e-mail: {e}")),
        case.contact_phone.clone().map(|p| format!("telefon: {p}")),
        case.preferred.clone().map(|p| {
            format!(
                "preferowany kontakt: {}",
                if p == "phone" { "telefon" } else { "e-mail" }
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    let contact = if case.preferred.is_none() && case.anonymized_at.is_none() {
        format!(
            "{contact}\nmieszkaniec nie podał telefonu ani e-maila: przyjdzie lub zadzwoni \
             sam, z wydrukowanym skierowaniem"
        )
    } else {
        contact
    };
    let need = case
        .need
        .as_deref()
        .map_or_else(|| "> (nie podano)".to_owned(), quote);
    let offers: String = referrals
        .iter()
        .map(|r| offer_block(desk, r, now))
        .collect();
    let subject = if reminder {
        "Przypomnienie: skierowanie czeka na potwierdzenie"
    } else {
        "Nowe skierowanie z Centrum Usług Społecznych"
    };
    let lead = if reminder {
        "przypominamy o skierowaniu, które czeka na potwierdzenie."
    } else {
        "Centrum Usług Społecznych kieruje do Państwa osobę."
    };
    let body = format!(
        "Dzień dobry,\n\n{lead}\n\n\
         Potrzeba opisana przez mieszkańca (cytat, tekst mieszkańca):\n{need}\n\n\
         Kontakt do mieszkańca:\n{contact}\n\n{offers}\
         Linki działają bez logowania, każdy jeden raz, przez {LINK_TTL_DAYS} dni.\n\n\
         Wiadomość wysłana automatycznie przez okienko.\n"
    );
    Some(Delivery::Email {
        to,
        subject: subject.into(),
        body,
        marks_sent: !reminder,
        referrals: referrals.iter().map(|r| r.id).collect(),
    })
}

/// One referral's service, deadline and links in a liaison's e-mail.
fn offer_block(desk: &Referrals, r: &Referral, now: DateTime<Utc>) -> String {
    let link = |a| format!("{}/r/{}", desk.public_url, desk.link_for(r.id, a, now));
    let due = crate::domain::local_time::warsaw(r.due_at);
    let deputy = if r.routed_to == RoutedTo::Deputy.as_str() {
        "\nOtrzymuje Pan/Pani to skierowanie jako zastępca osoby nieobecnej."
    } else {
        ""
    };
    format!(
        "Usługa: „{service}”{deputy}\n\
         Prosimy o potwierdzenie przyjęcia do {date} godz. {hour:02}:{minute:02} (dni robocze).\n\
         Potwierdzam przyjęcie: {ack}\n\
         Nie możemy przyjąć (podaj powód): {decline}\n\
         Sprawa zakończona: {complete}\n\
         Numer skierowania: {id}\n\n",
        service = r.service_name,
        date = due.date,
        hour = due.minute / 60,
        minute = due.minute % 60,
        ack = link(LinkAction::Acknowledge),
        decline = link(LinkAction::Decline),
        complete = link(LinkAction::Complete),
        id = r.id,
    )
}

/// Text a resident wrote, quoted line by line (`> `).
fn quote(text: &str) -> String {
    text.lines()
        .map(|line| format!("> {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residents_text_is_quoted_line_by_line() {
        assert_eq!(
            quote("Pomocy.\nPotwierdzam przyjęcie: https://evil.example/"),
            "> Pomocy.\n> Potwierdzam przyjęcie: https://evil.example/"
        );
    }
}
