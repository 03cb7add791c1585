//! Notifications that are never lost: use cases put a [`Delivery`] in the outbox in the
//! transaction of the change it announces; the [`Worker`] delivers it (e-mail over SMTP,
//! signed webhooks) with retries, exponential backoff and jitter, alerts the coordinators
//! after the last attempt, and keeps only an audit record of what was sent. Erasing a
//! person's data cancels and purges what is about them ([`purge_about`]).

pub mod smtp;
pub mod webhook_target;
mod worker;

pub use worker::{Worker, retry_delay, webhook_signature};

use crate::clock::{Clock, SystemClock};
use crate::persistence::outbox::{self as store, NewNotification};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

/// What to deliver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Delivery {
    /// An e-mail (no personal data in the subject).
    Email {
        to: String,
        subject: String,
        body: String,
        /// Delivery moves the referrals from `new` to `sent`.
        #[serde(default)]
        marks_sent: bool,
        /// The referrals the e-mail announces (one e-mail per liaison and request).
        #[serde(default)]
        referrals: Vec<Uuid>,
    },
    /// A signed POST to the organization's webhook, to the URL and with the secret in force
    /// when the event happened.
    Webhook {
        organization_id: Uuid,
        /// Event type, e.g. `referral.created`.
        event: String,
        data: Value,
        #[serde(default)]
        url: Option<String>,
        #[serde(default)]
        secret: Option<String>,
    },
}

impl Delivery {
    fn kind(&self) -> &'static str {
        match self {
            Delivery::Email { .. } => "email",
            Delivery::Webhook { .. } => "webhook",
        }
    }

    /// What the outbox keeps of a delivered or cancelled notification for the audit: who it
    /// went to and what it was about, without its body or personal data.
    pub fn audit_record(&self) -> String {
        let record = match self {
            Delivery::Email {
                to,
                subject,
                referrals,
                ..
            } => {
                json!({"kind": "email", "purged": true, "to": to, "subject": subject, "referrals": referrals})
            }
            Delivery::Webhook {
                organization_id,
                event,
                ..
            } => {
                json!({"kind": "webhook", "purged": true, "organization_id": organization_id, "event": event})
            }
        };
        record.to_string()
    }
}

/// The clock deliveries run on: the system clock, never a test clock (`OKIENKO_CLOCK_FILE`),
/// so that moving business time neither stalls retries nor frees a delivery in flight (see
/// `claim_due`). The notifications' own times (`at`) are business time.
const DELIVERY_CLOCK: SystemClock = SystemClock;

/// A delivery to queue: about which referral, for which tenant, decided when (business time).
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// What to deliver.
    pub delivery: Delivery,
    /// The referral it is about (its erasure purges the delivery).
    pub referral: Option<Uuid>,
    /// The tenant whose coordinators hear if it cannot be delivered.
    pub tenant: Uuid,
    /// When it was decided.
    pub at: DateTime<Utc>,
}

impl Outgoing {
    fn notification(&self) -> NewNotification {
        NewNotification {
            kind: self.delivery.kind(),
            referral_id: self.referral,
            tenant_id: self.tenant,
            payload: serde_json::to_string(&self.delivery).unwrap_or_default(),
            at: self.at,
            next_attempt_at: DELIVERY_CLOCK.now(),
        }
    }
}

/// Puts a delivery in the outbox.
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    delivery: &Delivery,
    referral: Option<Uuid>,
    tenant: Uuid,
    at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let outgoing = Outgoing {
        delivery: delivery.clone(),
        referral,
        tenant,
        at,
    };
    enqueue_all(txn, std::slice::from_ref(&outgoing)).await
}

/// Puts deliveries in the outbox (one statement).
pub async fn enqueue_all(
    txn: &impl ConnectionTrait,
    outgoing: &[Outgoing],
) -> Result<(), sea_orm::DbErr> {
    store::enqueue(txn, outgoing.iter().map(Outgoing::notification).collect()).await
}

/// E-mails to every coordinator of the tenant.
pub async fn to_coordinators(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    referral: Option<Uuid>,
    subject: &str,
    body: &str,
    at: DateTime<Utc>,
) -> Result<usize, sea_orm::DbErr> {
    let coordinators = store::coordinator_emails(txn, tenant).await?;
    for to in &coordinators {
        let mail = Delivery::Email {
            to: to.clone(),
            subject: subject.to_owned(),
            body: body.to_owned(),
            marks_sent: false,
            referrals: Vec::new(),
        };
        enqueue(txn, &mail, referral, tenant, at).await?;
    }
    Ok(coordinators.len())
}

/// Cancels what is not yet sent about these referrals and keeps, of every notification about
/// them, only its audit record (recipient and subject): used when a person's data is erased.
pub async fn purge_about(
    db: &impl ConnectionTrait,
    referrals: &[Uuid],
    at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    for n in store::notifications_of(db, referrals).await? {
        let kept = serde_json::from_str::<Delivery>(&n.payload)
            .map_or_else(|_| n.payload.clone(), |d| d.audit_record());
        store::purge_notification(db, n.id, kept, at).await?;
    }
    Ok(())
}
