//! Scheduled referral work, safe on several instances (each step claims its rows): escalating
//! referrals not acknowledged by their working-day deadline, expiring forgotten ones, and
//! erasing the personal data of cases closed longer than the retention period.

use super::{Actor, EXPIRE_AFTER_DAYS, Referrals, Status};
use crate::outbox::{enqueue, to_coordinators};
use crate::persistence::referrals as store;
use chrono::{Duration, Months};

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobRun {
    pub escalated: usize,
    pub expired: usize,
    pub purged: usize,
}

/// The referral jobs.
#[derive(Clone)]
pub struct ReferralJobs {
    pub referrals: Referrals,
    /// Months after closing that personal data is erased.
    pub retention_months: u32,
}

impl ReferralJobs {
    /// One pass.
    pub async fn run_once(&self) -> anyhow::Result<JobRun> {
        let desk = &self.referrals;
        let now = desk.clock.now();
        let mut run = JobRun::default();
        for r in store::overdue(&desk.db, now).await? {
            let txn = crate::persistence::begin_write(&desk.db).await?;
            if !store::claim_escalation(&txn, r.id, now).await? {
                continue;
            }
            let body = format!(
                "Dzień dobry,\n\nskierowanie {id} do usługi „{service}” (osoba kontaktowa: {liaison}) \
                 nie zostało potwierdzone w terminie ({due}).\nLista eskalacji: {url}/api/v1/referrals?escalated=true\n\n\
                 Wiadomość wysłana automatycznie przez okienko.\n",
                id = r.id,
                service = r.service_name,
                liaison = r.liaison_name,
                due = r.due_at.format("%Y-%m-%d %H:%M UTC"),
                url = desk.public_url,
            );
            to_coordinators(
                &txn,
                r.tenant_id,
                Some(r.id),
                "Okienko: skierowanie bez potwierdzenia",
                &body,
                now,
            )
            .await?;
            if let Some(case) = store::case_by_id(&txn, r.case_id).await?
                && let Some(reminder) =
                    super::mail::liaison_mail(desk, &case, std::slice::from_ref(&r), now, true)
            {
                enqueue(&txn, &reminder, Some(r.id), r.tenant_id, now).await?;
            }
            txn.commit().await?;
            tracing::info!(referral_id = %r.id, "referral escalated");
            run.escalated += 1;
        }
        let stale = now - Duration::days(EXPIRE_AFTER_DAYS);
        let filter = store::ReferralFilter {
            created_to: Some(stale),
            ..Default::default()
        };
        for r in store::list_referrals(&desk.db, &filter, 500).await? {
            if Status::parse(&r.status).is_some_and(Status::awaits_acknowledgement)
                && desk
                    .transition(
                        &Actor::System,
                        r.id,
                        Status::Expired,
                        None,
                        None,
                        Some(r.version),
                    )
                    .await
                    .is_ok()
            {
                run.expired += 1;
            }
        }
        let cutoff = now
            .checked_sub_months(Months::new(self.retention_months))
            .unwrap_or(now);
        for case in store::cases_to_purge(&desk.db, cutoff).await? {
            super::lifecycle::erase_case(&desk.db, case, now, false).await?;
            run.purged += 1;
        }
        Ok(run)
    }

    /// Runs every `interval` until the process ends.
    pub fn spawn(self, interval: std::time::Duration) {
        crate::schedule::every(interval, "referral jobs", move || {
            let jobs = self.clone();
            async move {
                let run = jobs.run_once().await?;
                if run != JobRun::default() {
                    tracing::info!(
                        escalated = run.escalated,
                        expired = run.expired,
                        purged = run.purged,
                        "referral jobs"
                    );
                }
                Ok(())
            }
        });
    }
}
