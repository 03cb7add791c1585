//! What a referral's changes announce: the liaison's e-mail and the partner's webhook event,
//! put in the outbox in the transaction of the change.

use super::Referrals;
use crate::outbox::{Delivery, Outgoing, enqueue};
use crate::persistence::referral_settings::{ReferralSettings, settings_of};
use crate::persistence::referrals::{Case, Referral};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseTransaction;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// What new referrals of one case announce: one e-mail per liaison (listing every referral
/// to them), and one webhook event per referral to partners that have a webhook (`settings`:
/// the organizations' referral settings).
pub(super) fn referrals_created(
    desk: &Referrals,
    case: &Case,
    referrals: &[Referral],
    settings: &HashMap<Uuid, ReferralSettings>,
    now: DateTime<Utc>,
) -> Vec<Outgoing> {
    let mut outgoing = Vec::new();
    let mut groups: Vec<Vec<Referral>> = Vec::new();
    for r in referrals {
        match groups
            .iter_mut()
            .find(|g| r.liaison_email.is_some() && g[0].liaison_email == r.liaison_email)
        {
            Some(group) => group.push(r.clone()),
            None => groups.push(vec![r.clone()]),
        }
    }
    for group in &groups {
        match super::mail::liaison_mail(desk, case, group, now, false) {
            Some(mail) => outgoing.push(about(&group[0], mail, now)),
            None => {
                tracing::warn!(referral_id = %group[0].id, "no e-mail for the liaison or organization");
            }
        }
    }
    for r in referrals {
        let hook = settings.get(&r.organization_id);
        if let Some(event) = webhook(desk, "referral.created", Some(case), r, hook) {
            outgoing.push(about(r, event, now));
        }
    }
    outgoing
}

/// A delivery about a referral.
fn about(r: &Referral, delivery: Delivery, at: DateTime<Utc>) -> Outgoing {
    Outgoing {
        delivery,
        referral: Some(r.id),
        tenant: r.tenant_id,
        at,
    }
}

/// A cancelled referral: the liaison and the partner's system learn it (no personal data).
pub(super) async fn referral_cancelled(
    txn: &DatabaseTransaction,
    desk: &Referrals,
    r: &Referral,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    if let Some(to) = r.liaison_email.clone() {
        let mail = Delivery::Email {
            to,
            subject: "Skierowanie anulowane".into(),
            body: format!(
                "Dzień dobry,\n\nskierowanie {id} do usługi „{service}” zostało anulowane. \
                 Nie trzeba się już kontaktować z tą osobą.\n\nWiadomość wysłana automatycznie przez okienko.\n",
                id = r.id,
                service = r.service_name
            ),
            marks_sent: false,
            referrals: vec![r.id],
        };
        enqueue(txn, &mail, Some(r.id), r.tenant_id, now).await?;
    }
    let hook = settings_of(txn, r.organization_id).await?;
    match webhook(desk, "referral.cancelled", None, r, hook.as_ref()) {
        Some(event) => enqueue(txn, &event, Some(r.id), r.tenant_id, now).await,
        None => Ok(()),
    }
}

/// A webhook event for the referral's organization, if it has a webhook: the event, the
/// referral's id and status, and a link to fetch the details over the authenticated API. The
/// resident's name, contact and need are added only for a partner that opted in, and only
/// over https.
fn webhook(
    desk: &Referrals,
    event: &str,
    case: Option<&Case>,
    r: &Referral,
    settings: Option<&ReferralSettings>,
) -> Option<Delivery> {
    let settings = settings?;
    let url = settings.webhook_url.clone()?;
    let mut data = json!({
        "referral": {
            "id": r.id,
            "status": r.status,
            "service_id": r.service_id,
            "organization_id": r.organization_id,
            "due_at": r.due_at,
        },
        "link": format!("{}/api/v1/referrals/{}", desk.public_url(), r.id),
    });
    if let Some(case) = case
        && settings.webhook_personal_data
        && url.starts_with("https://")
    {
        data["case"] = json!({
            "need": case.need,
            "contact": {
                "name": case.contact_name,
                "email": case.contact_email,
                "phone": case.contact_phone,
                "preferred": case.preferred,
            },
        });
    }
    Some(Delivery::Webhook {
        organization_id: r.organization_id,
        event: event.into(),
        data,
        url: Some(url),
        secret: settings.webhook_secret.clone(),
    })
}
