//! The delivery worker: leases what is due, sends it, and records the outcome.

use super::{DELIVERY_CLOCK, Delivery, to_coordinators};
use crate::clock::Clock;
use crate::outbox::smtp::{Mail, Mailer};
use crate::outbox::webhook_target::WebhookPolicy;
use crate::persistence::outbox::{self as store, OutboxItem};
use chrono::Duration;
use futures_util::future::BoxFuture;
use rand::Rng;
use sea_orm::DatabaseConnection;
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

/// What follows a delivered e-mail that marks referrals sent (given their ids); wired in
/// `startup` so that the outbox does not depend on the referral use cases.
pub type MarkSent = Arc<dyn Fn(Vec<Uuid>) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;

/// Delivers the outbox.
#[derive(Clone)]
pub struct Worker {
    /// The database holding the outbox.
    pub db: DatabaseConnection,
    /// Where webhooks may point.
    pub webhooks: WebhookPolicy,
    /// The SMTP relay; without one, e-mail fails and is retried.
    pub mailer: Option<Mailer>,
    /// The client webhooks are posted with.
    pub http: reqwest::Client,
    /// First retry delay; doubles per attempt up to an hour.
    pub retry_base: std::time::Duration,
    /// Attempts before giving up.
    pub max_attempts: i32,
    /// Marks referrals sent once the liaison's e-mail is delivered.
    pub mark_sent: MarkSent,
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
        let db = &self.db;
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
                        let settings = crate::persistence::referral_settings::settings_of(
                            &self.db,
                            organization_id,
                        )
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
        (self.mark_sent)(ids).await
    }

    async fn failed(&self, item: &OutboxItem, error: &str) -> anyhow::Result<()> {
        let db = &self.db;
        let now = DELIVERY_CLOCK.now();
        let attempts = item.attempts + 1;
        if attempts < self.max_attempts {
            let next = now + retry_delay(self.retry_base, attempts);
            tracing::warn!(notification = %item.id, attempts, error, %next, "delivery failed; will retry");
            store::mark_attempt_failed(db, item.id, error, Some(next), now).await?;
            return Ok(());
        }
        tracing::error!(notification = %item.id, attempts, error, "delivery failed for good");
        let txn = crate::persistence::begin_write(db).await?;
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
        crate::schedule::every(interval, "notification worker", move || {
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
