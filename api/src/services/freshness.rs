//! Keeping offers current: coordinators' list of offers their partners have not confirmed
//! for too long, and the tenant's settings.

use crate::access::Principal;
use crate::clock::SharedClock;
use crate::outbox::Delivery;
use crate::persistence::accounts::{self, Tenant};
use crate::persistence::editing;
use crate::services::indexing::STALE_AFTER_DAYS;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// An offer not confirmed for too long.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaleService {
    /// Service id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Last confirmation.
    pub last_verified_at: Option<NaiveDate>,
    /// Days since.
    pub days_since_verified: Option<i64>,
}

/// An organization's stale offers.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaleOrganization {
    /// Organization id.
    pub organization_id: Uuid,
    /// Name.
    pub organization_name: String,
    /// Its stale offers, longest unconfirmed first.
    pub services: Vec<StaleService>,
}

/// The tenant as its staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TenantView {
    /// Id.
    pub id: Uuid,
    /// Name of the CUS.
    pub name: String,
    /// Whether partners' edits wait for a coordinator.
    pub requires_approval: bool,
    /// TERYT codes of the gminy served.
    pub municipalities: Vec<String>,
}

/// Offers of the caller's tenant (every tenant for an admin) last confirmed more than
/// [`STALE_AFTER_DAYS`] days ago, by organization.
pub async fn stale_by_organization(
    db: &sea_orm::DatabaseConnection,
    p: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<StaleOrganization>, sea_orm::DbErr> {
    let today = now.date_naive();
    let cutoff = today - Duration::days(STALE_AFTER_DAYS);
    let mut tenants: HashMap<Uuid, Option<Uuid>> = HashMap::new();
    let mut report: Vec<StaleOrganization> = Vec::new();
    for s in editing::unconfirmed_since(db, cutoff).await? {
        let tenant = match tenants.get(&s.organization_id) {
            Some(t) => *t,
            None => {
                let t = accounts::tenant_of_organization(db, s.organization_id).await?;
                tenants.insert(s.organization_id, t);
                t
            }
        };
        if !tenant.is_some_and(|t| p.may_manage(s.organization_id, t)) {
            continue;
        }
        if report
            .last()
            .is_none_or(|o| o.organization_id != s.organization_id)
        {
            let name = super::directory::organization(db, s.organization_id)
                .await
                .map(|o| o.name)
                .unwrap_or_default();
            report.push(StaleOrganization {
                organization_id: s.organization_id,
                organization_name: name,
                services: Vec::new(),
            });
        }
        if let Some(o) = report.last_mut() {
            o.services.push(StaleService {
                id: s.id,
                name: s.name,
                last_verified_at: s.last_verified_at,
                days_since_verified: s.last_verified_at.map(|d| (today - d).num_days()),
            });
        }
    }
    Ok(report)
}

/// The caller's tenant.
pub async fn tenant(db: &sea_orm::DatabaseConnection, p: &Principal) -> anyhow::Result<TenantView> {
    let tenant: Tenant = accounts::tenant_by_id(db, p.tenant_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no tenant {}", p.tenant_id))?;
    Ok(TenantView {
        municipalities: accounts::tenant_municipalities(db, tenant.id).await?,
        id: tenant.id,
        name: tenant.name,
        requires_approval: tenant.requires_approval,
    })
}

/// Sets whether partners' edits in the caller's tenant wait for approval.
pub async fn set_requires_approval(
    db: &sea_orm::DatabaseConnection,
    p: &Principal,
    requires_approval: bool,
) -> anyhow::Result<TenantView> {
    accounts::set_requires_approval(db, p.tenant_id, requires_approval).await?;
    tracing::info!(tenant = %p.tenant_id, requires_approval, "tenant setting changed");
    tenant(db, p).await
}

/// The scheduled job that reminds liaisons of unconfirmed offers and re-indexes offers that
/// turned stale. Runs on every instance; each reminder is claimed and put in the outbox in
/// one transaction, so it goes out once, with the outbox's retries.
#[derive(Debug, Clone)]
pub struct FreshnessJob {
    /// The database.
    pub db: sea_orm::DatabaseConnection,
    /// The time it works by.
    pub clock: SharedClock,
    /// Whether e-mail is set up; without it no reminder is queued.
    pub mail_enabled: bool,
    /// Days without confirmation before a reminder.
    pub remind_after_days: i64,
    /// Base of links in the e-mail.
    pub public_url: String,
}

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FreshnessRun {
    /// Reminders sent.
    pub reminded: usize,
    /// Offers re-indexed as stale.
    pub staled: usize,
}

impl FreshnessJob {
    /// One pass, as of `now`.
    pub async fn run(&self, now: DateTime<Utc>) -> anyhow::Result<FreshnessRun> {
        let today = now.date_naive();
        let mut run = FreshnessRun::default();
        let stale_before = today - Duration::days(STALE_AFTER_DAYS);
        let remind_before = today - Duration::days(self.remind_after_days);
        for s in editing::unconfirmed_since(&self.db, remind_before.max(stale_before)).await? {
            let Some(verified) = s.last_verified_at else {
                continue;
            };
            if verified < stale_before
                && editing::claim_notice(&self.db, s.id, editing::Notice::Stale, verified).await?
            {
                crate::persistence::record_changes(&self.db, &[s.id], now).await?;
                run.staled += 1;
            }
            if self.mail_enabled
                && verified < remind_before
                && editing::claim_notice(&self.db, s.id, editing::Notice::Reminder, verified)
                    .await?
            {
                match self.remind(s.id, verified, today).await {
                    Ok(true) => run.reminded += 1,
                    Ok(false) => {}
                    Err(e) => {
                        tracing::warn!(service_id = %s.id, error = %e, "reminder not queued; will retry");
                        editing::release_reminder(&self.db, s.id).await?;
                    }
                }
            }
        }
        Ok(run)
    }

    /// Queues an e-mail to the offer's liaison (or its organization); false when there is no
    /// address.
    async fn remind(
        &self,
        id: Uuid,
        verified: NaiveDate,
        today: NaiveDate,
    ) -> anyhow::Result<bool> {
        let Some(view) = crate::persistence::get_service(&self.db, id).await? else {
            return Ok(false);
        };
        let to = view
            .liaison
            .as_ref()
            .and_then(|l| l.email.clone())
            .or_else(|| view.organization.email.clone());
        let Some(to) = to else {
            tracing::warn!(service_id = %id, "no e-mail address for a freshness reminder");
            return Ok(false);
        };
        let tenant = accounts::tenant_of_organization(&self.db, view.service.organization_id)
            .await?
            .unwrap_or(crate::access::DEFAULT_TENANT);
        let mail = Delivery::Email {
            to,
            subject: "Okienko: prośba o potwierdzenie aktualności oferty".into(),
            body: reminder_text(&view, verified, today, &self.public_url),
            marks_sent: false,
            referrals: Vec::new(),
        };
        crate::outbox::enqueue(&self.db, &mail, None, tenant, self.clock.now()).await?;
        tracing::info!(service_id = %id, "freshness reminder queued");
        Ok(true)
    }

    /// Runs now and then every `interval`, until the process ends.
    pub fn spawn(self, interval: std::time::Duration) {
        crate::schedule::every(interval, "freshness", move || {
            let job = self.clone();
            async move {
                let run = job.run(job.clock.now()).await?;
                if run != FreshnessRun::default() {
                    tracing::info!(
                        reminded = run.reminded,
                        staled = run.staled,
                        "freshness job"
                    );
                }
                Ok(())
            }
        });
    }
}

fn reminder_text(
    view: &crate::directory::ServiceView,
    verified: NaiveDate,
    today: NaiveDate,
    public_url: &str,
) -> String {
    let days = (today - verified).num_days();
    let id = view.service.id;
    format!(
        "Dzień dobry,\n\n\
         oferta „{name}” ({organization}) w katalogu usług społecznych nie była potwierdzana \
         od {days} dni (ostatnio {verified}). Mieszkańcy i pracownicy Centrum Usług Społecznych \
         polegają na aktualnych danych.\n\n\
         Jeśli oferta jest aktualna, potwierdź to jednym kliknięciem w panelu okienka:\n\
         {public_url}/panel/services?verify={id}\n\
         Jeśli coś się zmieniło, popraw ofertę na tej samej stronie (przycisk „popraw ofertę”).\n\
         Przez API: POST {public_url}/api/v1/services/{id}/verify.\n\n\
         Po {STALE_AFTER_DAYS} dniach bez potwierdzenia oferta zostanie oznaczona jako \
         nieaktualna i będzie niżej w wynikach wyszukiwania.\n\n\
         Oferta: {public_url}/api/v1/services/{id}\n\n\
         Wiadomość wysłana automatycznie przez okienko.\n",
        name = view.service.name,
        organization = view.organization.name,
    )
}
