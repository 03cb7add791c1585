//! When a referral is declined or expires, people hear of it, in the transaction of the
//! change: the resident (if they left an e-mail and their consent stands) in their language,
//! with the information point and up to three other offers for the same need in their gmina;
//! the front-desk worker who registered it and the tenant's coordinators on their panel
//! screen and in one e-mail each (no personal data in those).

use super::{DeclineReason, ReferralError, Referrals, Status};
use crate::directory::{ServiceStatus, ServiceView, hours::opening_line};
use crate::i18n::Lang;
use crate::outbox::{Delivery, enqueue};
use crate::persistence::referral_desk as desk_store;
use crate::persistence::referrals::{self as store, Case, Referral};
use crate::persistence::{ServiceFilter, accounts, get_service, list_services};
use crate::services::search::InformationPoint;
use crate::services::search_fallback::information_point;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// At most this many other offers are suggested.
pub const MAX_ALTERNATIVES: usize = 3;

/// Up to [`MAX_ALTERNATIVES`] other running offers sharing a category with the referral's
/// service, serving `municipality` when the resident gave one; most recently confirmed first.
pub async fn alternatives(
    db: &impl ConnectionTrait,
    r: &Referral,
    municipality: Option<&str>,
) -> anyhow::Result<Vec<ServiceView>> {
    let Some(refused) = get_service(db, r.service_id).await? else {
        return Ok(Vec::new());
    };
    let mut found: Vec<ServiceView> = Vec::new();
    for category in &refused.service.categories {
        let filter = ServiceFilter {
            category: Some(category.clone()),
            municipality: municipality.map(str::to_owned),
            status: Some(ServiceStatus::Active),
            ..Default::default()
        };
        let (mut page, _) = list_services(db, &filter, 1, 50).await?;
        page.sort_by_key(|s| std::cmp::Reverse(s.service.last_verified_at));
        for s in page {
            if found.len() < MAX_ALTERNATIVES
                && s.service.id != r.service_id
                && found.iter().all(|f| f.service.id != s.service.id)
            {
                found.push(s);
            }
        }
    }
    Ok(found)
}

/// The language a case's resident reads.
pub(super) fn language_of(case: &Case) -> Lang {
    case.language
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or(Lang::Pl)
}

/// Announces a referral that became `to` (declined or expired).
pub(super) async fn referral_refused(
    txn: &impl ConnectionTrait,
    desk: &Referrals,
    r: &Referral,
    to: Status,
    reason: Option<DeclineReason>,
    now: DateTime<Utc>,
) -> Result<(), ReferralError> {
    let Some(case) = store::case_by_id(txn, r.case_id).await? else {
        return Ok(());
    };
    if let Some(address) = case
        .contact_email
        .clone()
        .filter(|_| case.consent_withdrawn_at.is_none() && case.anonymized_at.is_none())
    {
        let lang = language_of(&case);
        let others = alternatives(txn, r, case.municipality.as_deref()).await?;
        let point = information_point(txn).await?;
        let mail = Delivery::Email {
            to: address,
            subject: resident_subject(lang, &r.service_name),
            body: resident_text(lang, r, to, reason, point.as_ref(), &others, desk),
            marks_sent: false,
            referrals: Vec::new(),
        };
        enqueue(txn, &mail, Some(r.id), r.tenant_id, now).await?;
    }
    let mut staff = desk_store::coordinators(txn, r.tenant_id).await?;
    if let Some(creator) = case.created_by
        && staff.iter().all(|(id, _)| *id != creator)
        && let Some(account) = accounts::account_by_id(txn, creator).await?
    {
        staff.push((account.id, account.email));
    }
    let notices = staff
        .iter()
        .map(|(id, _)| desk_store::notice(*id, r.id, to.as_str(), now))
        .collect();
    desk_store::insert_notices(txn, notices).await?;
    for (_, address) in staff {
        let mail = Delivery::Email {
            to: address,
            subject: staff_subject(to).into(),
            body: staff_text(r, to, reason, desk.public_url()),
            marks_sent: false,
            referrals: Vec::new(),
        };
        enqueue(txn, &mail, Some(r.id), r.tenant_id, now).await?;
    }
    Ok(())
}

fn staff_subject(to: Status) -> &'static str {
    if to == Status::Expired {
        "Okienko: skierowanie wygasło bez odpowiedzi"
    } else {
        "Okienko: skierowanie odrzucone"
    }
}

fn staff_text(r: &Referral, to: Status, reason: Option<DeclineReason>, public_url: &str) -> String {
    let what = match (to, reason) {
        (Status::Expired, _) => "wygasło – realizator nie odpowiedział w terminie".to_owned(),
        (_, Some(reason)) => format!("zostało odrzucone (powód: {})", reason.label_pl()),
        _ => "zostało odrzucone".to_owned(),
    };
    format!(
        "Dzień dobry,\n\nskierowanie do usługi „{service}” (osoba kontaktowa: {liaison}) {what}.\n\
         Na stronie skierowania są inne oferty dla tej potrzeby i przycisk „Skieruj gdzie indziej”:\n\
         {url}/panel/referrals/{id}\n\nWiadomość wysłana automatycznie przez okienko.\n",
        service = r.service_name,
        liaison = r.liaison_name,
        url = public_url.trim_end_matches('/'),
        id = r.id,
    )
}

fn resident_subject(lang: Lang, service: &str) -> String {
    match lang {
        Lang::Pl => format!("Twoje zgłoszenie do „{service}” – co dalej"),
        Lang::Uk => format!("Ваше звернення до „{service}” – що далі"),
        Lang::En => format!("Your request to “{service}” – what next"),
    }
}

fn reason_text(lang: Lang, reason: DeclineReason) -> &'static str {
    use DeclineReason::*;
    match (lang, reason) {
        (Lang::Pl, r) => r.label_pl(),
        (Lang::Uk, NoCapacity) => "немає вільних місць",
        (Lang::Uk, NotEligible) => "умови отримання послуги не виконано",
        (Lang::Uk, ResidentUnreachable) => "не вдалося з вами зв'язатися",
        (Lang::Uk, Other) => "інша причина",
        (Lang::En, NoCapacity) => "no free places",
        (Lang::En, NotEligible) => "the conditions of the service are not met",
        (Lang::En, ResidentUnreachable) => "they could not reach you",
        (Lang::En, Other) => "another reason",
    }
}

/// The resident's message: what happened, where to turn, what else there is.
fn resident_text(
    lang: Lang,
    r: &Referral,
    to: Status,
    reason: Option<DeclineReason>,
    point: Option<&InformationPoint>,
    others: &[ServiceView],
    desk: &Referrals,
) -> String {
    let service = &r.service_name;
    let mut text = String::new();
    let (hello, what, next, more, track, signed) = match lang {
        Lang::Pl => (
            "Dzień dobry,",
            if to == Status::Expired {
                format!(
                    "realizator usługi „{service}” nie odpowiedział na Twoje zgłoszenie w terminie."
                )
            } else {
                format!("realizator usługi „{service}” nie może przyjąć Twojego zgłoszenia.")
            },
            "Co dalej? Skontaktuj się z punktem informacyjnym Centrum Usług Społecznych – pomożemy znaleźć inną pomoc:",
            "Inne oferty, które mogą pomóc:",
            "Stan sprawy sprawdzisz kodem z potwierdzenia na stronie",
            "Wiadomość wysłana automatycznie przez okienko.",
        ),
        Lang::Uk => (
            "Добрий день,",
            if to == Status::Expired {
                format!("надавач послуги „{service}” не відповів на ваше звернення вчасно.")
            } else {
                format!("надавач послуги „{service}” не може прийняти ваше звернення.")
            },
            "Що далі? Зверніться до інформаційного пункту Центру соціальних послуг (CUS) – ми допоможемо знайти іншу допомогу:",
            "Інші пропозиції, які можуть допомогти:",
            "Стан справи можна перевірити кодом із підтвердження на сторінці",
            "Повідомлення надіслано автоматично системою okienko.",
        ),
        Lang::En => (
            "Hello,",
            if to == Status::Expired {
                format!("the provider of “{service}” did not answer your request in time.")
            } else {
                format!("the provider of “{service}” cannot take your request.")
            },
            "What next? Contact the information point of the Social Services Centre (CUS) – we will help you find other support:",
            "Other offers that may help:",
            "You can follow your case with the code from your confirmation at",
            "This message was sent automatically by okienko.",
        ),
    };
    text.push_str(&format!("{hello}\n\n{what}\n"));
    if let Some(reason) = reason.filter(|_| to == Status::Declined) {
        let label = match lang {
            Lang::Pl => "Powód",
            Lang::Uk => "Причина",
            Lang::En => "Reason",
        };
        text.push_str(&format!("{label}: {}.\n", reason_text(lang, reason)));
    }
    text.push_str(&format!("\n{next}\n"));
    if let Some(p) = point {
        let details = [
            Some(p.name.clone()),
            p.phone.as_deref().map(crate::html::pretty_phone),
            opening_line(&p.schedule, lang),
            p.address.clone(),
        ];
        for line in details.into_iter().flatten() {
            text.push_str(&format!("  {line}\n"));
        }
    }
    if !others.is_empty() {
        text.push_str(&format!("\n{more}\n"));
        for o in others {
            let phone = o
                .service
                .phone
                .as_deref()
                .or(o.organization.phone.as_deref())
                .map(|p| format!(", tel. {}", crate::html::pretty_phone(p)))
                .unwrap_or_default();
            text.push_str(&format!(
                "  - {} ({}){phone}\n",
                o.service.name, o.organization.name
            ));
        }
    }
    text.push_str(&format!(
        "\n{track} {}/embed/track?lang={}\n\n{signed}\n",
        desk.public_url().trim_end_matches('/'),
        lang.code()
    ));
    text
}

impl Referrals {
    /// Other offers for the need of a referral the account may see, in the resident's gmina.
    pub async fn alternatives_for(
        &self,
        p: &crate::access::Principal,
        id: Uuid,
    ) -> Result<Vec<ServiceView>, ReferralError> {
        let r = self.referral(id).await?;
        super::reading::check_access(p, &r)?;
        let case = store::case_by_id(&self.db, r.case_id).await?;
        let municipality = case.as_ref().and_then(|c| c.municipality.as_deref());
        Ok(alternatives(&self.db, &r, municipality).await?)
    }
}
