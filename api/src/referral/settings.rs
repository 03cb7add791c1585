//! How partners take referrals: a liaison's absences (their deputy stands in) and the
//! acknowledgement time and webhook of an organization or a service.

use super::{ReferralError, Referrals};
use crate::directory::Organization;
use crate::error::{ErrorCode, FieldError};
use crate::persistence::referral_settings::{self as store, ReferralSettings};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A liaison's absence, during which their deputy receives new referrals.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// The liaison (of this organization).
    pub liaison_id: Uuid,
    /// First day away.
    pub starts_on: NaiveDate,
    /// Last day away.
    pub ends_on: NaiveDate,
}

impl Referrals {
    /// Records an absence of one of `organization`'s liaisons.
    pub async fn add_absence(
        &self,
        organization: &Organization,
        absence: &Absence,
    ) -> Result<(), ReferralError> {
        let mut errors = Vec::new();
        if !organization
            .liaisons
            .iter()
            .any(|l| l.id == absence.liaison_id)
        {
            errors.push(field("/liaison_id", "not a liaison of this organization"));
        }
        if absence.ends_on < absence.starts_on {
            errors.push(field("/ends_on", "before the first day"));
        }
        if !errors.is_empty() {
            return Err(ReferralError::Invalid(errors));
        }
        store::add_absence(
            &self.db,
            absence.liaison_id,
            absence.starts_on,
            absence.ends_on,
        )
        .await?;
        Ok(())
    }

    /// Sets a service's own acknowledgement time.
    pub async fn save_service_settings(
        &self,
        settings: ReferralSettings,
    ) -> Result<(), ReferralError> {
        store::put_settings(&self.db, settings).await?;
        Ok(())
    }
}

fn field(pointer: &str, detail: &str) -> FieldError {
    FieldError::new(pointer, ErrorCode::InvalidValue, detail)
}

/// How an organization (or one service) takes referrals.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsRequest {
    /// Working days to acknowledge (1–30; default 2).
    pub acknowledge_within_days: Option<u32>,
    /// The partner's system receiving signed webhooks (organizations only).
    pub webhook_url: Option<String>,
    /// The shared secret of the webhook signature (at least 16 characters).
    pub webhook_secret: Option<String>,
    /// Send the resident's name, contact and need in `referral.created` events (https
    /// webhooks only; recorded in the organization's history). Default false: events carry
    /// the referral's id, status and a link to fetch the details over the API.
    pub webhook_personal_data: Option<bool>,
}

/// The settings in force (the secret is never shown).
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsView {
    /// Working days to acknowledge.
    pub acknowledge_within_days: Option<u32>,
    /// The webhook.
    pub webhook_url: Option<String>,
    /// Whether a secret is set.
    pub webhook_secret_set: bool,
    /// Whether events carry the resident's personal data.
    pub webhook_personal_data: bool,
}

/// Checks the settings asked for `subject` (an organization, or a service when
/// `allow_webhook` is false: webhooks are set per organization).
pub fn settings_of(
    subject: Uuid,
    r: SettingsRequest,
    allow_webhook: bool,
) -> Result<ReferralSettings, ReferralError> {
    let mut errors = Vec::new();
    if r.acknowledge_within_days
        .is_some_and(|d| !(1..=30).contains(&d))
    {
        errors.push(field("/acknowledge_within_days", "1 to 30 working days"));
    }
    if !allow_webhook
        && (r.webhook_url.is_some()
            || r.webhook_secret.is_some()
            || r.webhook_personal_data.is_some())
    {
        errors.push(field("/webhook_url", "webhooks are set per organization"));
    }
    if r.webhook_personal_data == Some(true) && r.webhook_url.is_none() {
        errors.push(field("/webhook_personal_data", "needs a webhook_url"));
    }
    if let Some(url) = &r.webhook_url {
        if url.len() > 2000 {
            errors.push(field("/webhook_url", "at most 2000 characters"));
        }
        if r.webhook_personal_data == Some(true) && !url.starts_with("https://") {
            errors.push(field(
                "/webhook_personal_data",
                "personal data is sent over https only",
            ));
        }
        if r.webhook_secret.as_ref().is_none_or(|s| s.len() < 16) {
            errors.push(field("/webhook_secret", "at least 16 characters"));
        }
    }
    if !errors.is_empty() {
        return Err(ReferralError::Invalid(errors));
    }
    Ok(ReferralSettings {
        subject_id: subject,
        acknowledge_days: r
            .acknowledge_within_days
            .and_then(|d| i32::try_from(d).ok()),
        webhook_url: r.webhook_url,
        webhook_secret: r.webhook_secret,
        webhook_personal_data: r.webhook_personal_data.unwrap_or(false),
    })
}

/// The settings as shown (never the secret).
pub fn settings_view(s: &ReferralSettings) -> SettingsView {
    SettingsView {
        acknowledge_within_days: s.acknowledge_days.and_then(|d| u32::try_from(d).ok()),
        webhook_url: s.webhook_url.clone(),
        webhook_secret_set: s.webhook_secret.is_some(),
        webhook_personal_data: s.webhook_personal_data,
    }
}
