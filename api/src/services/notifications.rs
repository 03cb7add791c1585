//! Notifications that are never lost: written to the outbox in the transaction of the change
//! they announce, then delivered by a worker (e-mail over SMTP, signed webhooks) with retries,
//! exponential backoff and jitter; after the last attempt the coordinators are alerted.

use crate::clock::{Clock, SystemClock};
use crate::persistence::referrals::{self as store, Case, NewNotification, OutboxItem, Referral};
use crate::services::mail::{Mail, Mailer};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::{DatabaseConnection, DatabaseTransaction, TransactionTrait};
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

/// Puts a delivery in the outbox.
pub async fn enqueue(
    txn: &DatabaseTransaction,
    delivery: &Delivery,
    referral: Option<Uuid>,
    tenant: Uuid,
    at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    store::enqueue(
        txn,
        NewNotification {
            kind: delivery.kind(),
            referral_id: referral,
            tenant_id: tenant,
            payload: serde_json::to_string(delivery).unwrap_or_default(),
            at,
            next_attempt_at: DELIVERY_CLOCK.now(),
        },
    )
    .await
    .map(|_| ())
}

/// New referrals of one case: one e-mail per liaison (listing every referral to them), and
/// one webhook event per referral to partners that have a webhook.
pub async fn referrals_created(
    txn: &DatabaseTransaction,
    state: &AppState,
    case: &Case,
    referrals: &[Referral],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
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
        match super::referral_mail::liaison_mail(state, case, group, now, false) {
            Some(mail) => enqueue(txn, &mail, Some(group[0].id), group[0].tenant_id, now).await?,
            None => {
                tracing::warn!(referral_id = %group[0].id, "no e-mail for the liaison or organization");
            }
        }
    }
    for r in referrals {
        webhook(txn, state, "referral.created", Some(case), r, now).await?;
    }
    Ok(())
}

/// A cancelled referral: the liaison and the partner's system learn it (no personal data).
pub async fn referral_cancelled(
    txn: &DatabaseTransaction,
    state: &AppState,
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
    webhook(txn, state, "referral.cancelled", None, r, now).await
}

/// A webhook event for the referral's organization, if it has a webhook: the event, the
/// referral's id and status, and a link to fetch the details over the authenticated API. The
/// resident's name, contact and need are added only for a partner that opted in, and only
/// over https.
async fn webhook(
    txn: &DatabaseTransaction,
    state: &AppState,
    event: &str,
    case: Option<&Case>,
    r: &Referral,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let Some(settings) = store::settings_of(txn, r.organization_id).await? else {
        return Ok(());
    };
    let Some(url) = settings.webhook_url.clone() else {
        return Ok(());
    };
    let mut data = json!({
        "referral": {
            "id": r.id,
            "status": r.status,
            "service_id": r.service_id,
            "organization_id": r.organization_id,
            "due_at": r.due_at,
        },
        "link": format!("{}/api/v1/referrals/{}", state.public_url, r.id),
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
    let hook = Delivery::Webhook {
        organization_id: r.organization_id,
        event: event.into(),
        data,
        url: Some(url),
        secret: settings.webhook_secret.clone(),
    };
    enqueue(txn, &hook, Some(r.id), r.tenant_id, now).await
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

/// Delivers the outbox.
#[derive(Clone)]
pub struct Worker {
    pub state: AppState,
    pub mailer: Option<Mailer>,
    pub http: reqwest::Client,
    /// First retry delay; doubles per attempt up to an hour.
    pub retry_base: std::time::Duration,
    /// Attempts before giving up.
    pub max_attempts: i32,
}

/// Seconds a worker holds a lease on a notification it is delivering (well above the SMTP
/// and webhook timeouts, so that no delivery in flight is taken over).
const LEASE_SECS: i64 = 300;
/// Notifications taken per round.
const BATCH: u64 = 20;
/// Longest retry delay.
const MAX_DELAY_SECS: i64 = 3600;

impl Worker {
    /// Delivers what is due; how many were delivered.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        let db = &self.state.db;
        let now = DELIVERY_CLOCK.now();
        let items = store::claim_due(db, now, now + Duration::seconds(LEASE_SECS), BATCH).await?;
        let mut delivered = 0;
        for item in items {
            // Cancelled (consent withdrawn, case erased) since it was claimed: never send.
            if !store::is_pending(db, item.id).await? {
                continue;
            }
            match self.deliver(&item).await {
                Ok(()) => {
                    let at = DELIVERY_CLOCK.now();
                    let kept = serde_json::from_str::<Delivery>(&item.payload)
                        .map(|d| d.audit_record())
                        .unwrap_or_default();
                    store::mark_delivered(db, item.id, at, kept).await?;
                    self.after_delivery(&item).await?;
                    delivered += 1;
                }
                Err(e) => self.failed(&item, &format!("{e:#}")).await?,
            }
        }
        Ok(delivered)
    }

    async fn deliver(&self, item: &OutboxItem) -> anyhow::Result<()> {
        let delivery: Delivery = serde_json::from_str(&item.payload)?;
        match delivery {
            Delivery::Email {
                to, subject, body, ..
            } => {
                let mailer = self
                    .mailer
                    .as_ref()
                    .ok_or_else(|| anyhow::anyhow!("OKIENKO_SMTP_URL is not set"))?;
                mailer.send(&Mail { to, subject, body }).await
            }
            Delivery::Webhook {
                organization_id,
                event,
                data,
                url,
                secret,
            } => {
                // Rows queued before URLs were kept with the event read the settings now.
                let (url, secret) = match url {
                    Some(url) => (url, secret.unwrap_or_default()),
                    None => {
                        let settings = store::settings_of(&self.state.db, organization_id)
                            .await?
                            .filter(|s| s.webhook_url.is_some())
                            .ok_or_else(|| anyhow::anyhow!("the webhook was removed"))?;
                        (
                            settings.webhook_url.unwrap_or_default(),
                            settings.webhook_secret.unwrap_or_default(),
                        )
                    }
                };
                let url = self
                    .state
                    .webhooks
                    .check_url(&url)
                    .map_err(|e| anyhow::anyhow!("webhook address refused: {e}"))?;
                let body = serde_json::to_vec(&json!({
                    "id": item.id,
                    "type": event,
                    "created_at": item.created_at,
                    "data": data,
                }))?;
                let timestamp = DELIVERY_CLOCK.now().timestamp();
                let signature = webhook_signature(secret.as_bytes(), timestamp, &body);
                let response = self
                    .http
                    .post(url.as_str())
                    .header("content-type", "application/json")
                    .header("x-okienko-event-id", item.id.to_string())
                    .header("x-okienko-timestamp", timestamp.to_string())
                    .header(
                        "x-okienko-signature",
                        format!("t={timestamp},v1={signature}"),
                    )
                    .body(body)
                    .send()
                    .await?;
                anyhow::ensure!(
                    response.status().is_success(),
                    "the receiver answered {}",
                    response.status()
                );
                Ok(())
            }
        }
    }

    /// A delivered notice to the liaison means its referrals were sent.
    async fn after_delivery(&self, item: &OutboxItem) -> anyhow::Result<()> {
        let Ok(Delivery::Email {
            marks_sent: true,
            referrals,
            ..
        }) = serde_json::from_str::<Delivery>(&item.payload)
        else {
            return Ok(());
        };
        let ids = if referrals.is_empty() {
            item.referral_id.into_iter().collect()
        } else {
            referrals
        };
        for id in ids {
            let Some(r) = store::referral_by_id(&self.state.db, id).await? else {
                continue;
            };
            if r.status != crate::referral::Status::New.as_str() {
                continue;
            }
            let result = super::referrals::transition(
                &self.state,
                &super::referrals::Actor::System,
                id,
                crate::referral::Status::Sent,
                None,
                None,
                Some(r.version),
            )
            .await;
            if let Err(e) = result {
                // Someone acted on it first (e.g. acknowledged at once): nothing to do.
                tracing::debug!(referral_id = %id, error = ?e, "not marked sent");
            }
        }
        Ok(())
    }

    async fn failed(&self, item: &OutboxItem, error: &str) -> anyhow::Result<()> {
        let db: &DatabaseConnection = &self.state.db;
        let now = DELIVERY_CLOCK.now();
        let attempts = item.attempts + 1;
        if attempts < self.max_attempts {
            let next = now + retry_delay(self.retry_base, attempts);
            tracing::warn!(notification = %item.id, attempts, error, %next, "delivery failed; will retry");
            store::mark_attempt_failed(db, item.id, error, Some(next), now).await?;
            return Ok(());
        }
        tracing::error!(notification = %item.id, attempts, error, "delivery failed for good");
        let txn = db.begin().await?;
        store::mark_attempt_failed(&txn, item.id, error, None, now).await?;
        // Given up: the coordinators reach the partner another way; the outbox keeps only
        // the recipient and subject.
        if let Ok(delivery) = serde_json::from_str::<Delivery>(&item.payload) {
            store::purge_notification(&txn, item.id, delivery.audit_record(), now).await?;
        }
        if !is_alert(item) {
            let body = format!(
                "Dzień dobry,\n\npowiadomienie {id} ({kind}) dotyczące skierowania {referral} \
                 nie zostało dostarczone po {attempts} próbach.\nOstatni błąd: {error}\n\n\
                 Prosimy o kontakt z partnerem inną drogą.\n\nWiadomość wysłana automatycznie przez okienko.\n",
                id = item.id,
                kind = item.kind,
                referral = item.referral_id.map(|r| r.to_string()).unwrap_or_default(),
            );
            to_coordinators(
                &txn,
                item.tenant_id,
                item.referral_id,
                ALERT_SUBJECT,
                &body,
                now,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Runs every `interval` until the process ends, draining what is due each time.
    pub fn spawn(self, interval: std::time::Duration) {
        super::schedule::every(interval, "notification worker", move || {
            let worker = self.clone();
            async move {
                while worker.run_once().await? as u64 >= BATCH {}
                Ok(())
            }
        });
    }
}

/// Subject of the alert to coordinators about an undeliverable notification.
const ALERT_SUBJECT: &str = "Okienko: powiadomienie nie zostało dostarczone";

fn is_alert(item: &OutboxItem) -> bool {
    serde_json::from_str::<Delivery>(&item.payload)
        .is_ok_and(|d| matches!(d, Delivery::Email { subject, .. } if subject == ALERT_SUBJECT))
}

/// `base · 2^(attempt-1)`, at most an hour, ±20 % jitter.
pub fn retry_delay(base: std::time::Duration, attempt: i32) -> Duration {
    let base_ms = i64::try_from(base.as_millis()).unwrap_or(i64::MAX).max(1);
    let exponent = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(0);
    let delay = base_ms
        .saturating_mul(1_i64 << exponent)
        .min(MAX_DELAY_SECS * 1000);
    let jitter = rand::rng().random_range(0.8..1.2);
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let ms = (delay as f64 * jitter) as i64;
    Duration::milliseconds(ms.max(1))
}

/// The hex HMAC-SHA256 of `"{timestamp}.{body}"` under the partner's secret.
pub fn webhook_signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut message = timestamp.to_string().into_bytes();
    message.push(b'.');
    message.extend_from_slice(body);
    crate::digest::hex(&crate::digest::hmac_sha256(secret, &message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_with_jitter_and_a_ceiling() {
        let base = std::time::Duration::from_secs(5);
        let first = retry_delay(base, 1).num_milliseconds();
        assert!((4_000..=6_000).contains(&first), "{first}");
        let fourth = retry_delay(base, 4).num_milliseconds();
        assert!((32_000..=48_000).contains(&fourth), "{fourth}");
        let late = retry_delay(base, 40).num_milliseconds();
        assert!(late <= 3_600_000 * 12 / 10, "{late}");
    }

    #[test]
    fn webhook_signatures_depend_on_secret_time_and_body() {
        let a = webhook_signature(b"s", 1, b"{}");
        assert_eq!(a.len(), 64);
        assert_ne!(a, webhook_signature(b"t", 1, b"{}"));
        assert_ne!(a, webhook_signature(b"s", 2, b"{}"));
        assert_ne!(a, webhook_signature(b"s", 1, b"{ }"));
    }
}
