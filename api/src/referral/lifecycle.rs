//! A referral's way through its lifecycle: steps by liaisons and staff (guarded by the
//! version they read), by the resident with the tracking code (cancel, withdraw consent) and
//! by okienko itself (sent, expired); erasure of a case's personal data.

use super::notices;
use super::request::MAX_NEED_CHARS;
use super::views::{ReferralDetail, Tracking, TransitionRequest};
use super::{DeclineReason, ReferralError, Referrals, Status};
use crate::access::{Principal, Role};
use crate::error::ErrorCode;
use crate::persistence::referrals::{self as store, Case, NewEvent, Referral, StatusChange};
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use uuid::Uuid;

/// Who acts.
#[derive(Debug, Clone)]
pub enum Actor {
    /// An account.
    Account(Principal),
    /// The holder of a tracking code.
    Resident,
    /// The liaison holding an e-mail link.
    Link,
    /// okienko itself (deliveries, jobs).
    System,
}

impl Actor {
    fn name(&self) -> String {
        match self {
            Actor::Account(p) => p.email.clone(),
            Actor::Resident => "resident".into(),
            Actor::Link => "liaison (e-mail link)".into(),
            Actor::System => "okienko".into(),
        }
    }

    fn id(&self) -> Option<Uuid> {
        match self {
            Actor::Account(p) if !p.user_id.is_nil() => Some(p.user_id),
            _ => None,
        }
    }

    /// The step this actor took, for the referral's history.
    pub(super) fn event(
        &self,
        referral: Uuid,
        from: Option<Status>,
        to: Status,
        note: Option<String>,
        at: DateTime<Utc>,
    ) -> NewEvent {
        NewEvent {
            referral_id: referral,
            from: from.map(|s| s.as_str().to_owned()),
            to: to.as_str().to_owned(),
            actor: self.name(),
            actor_id: self.id(),
            note,
            at,
        }
    }

    /// Writes the step this actor took to the referral's history.
    pub(super) async fn record(
        &self,
        txn: &DatabaseTransaction,
        referral: Uuid,
        from: Option<Status>,
        to: Status,
        note: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        let event = self.event(referral, from, to, note, at);
        store::insert_events(txn, vec![event]).await
    }
}

impl Referrals {
    /// Moves a referral along its lifecycle. `expected_version` (an `If-Match`, a form's
    /// hidden field) guards against overwriting a change the caller has not seen; without it
    /// the version read here is used, so two concurrent changes still cannot both win.
    pub async fn transition(
        &self,
        actor: &Actor,
        id: Uuid,
        to: Status,
        reason: Option<DeclineReason>,
        note: Option<String>,
        expected_version: Option<i32>,
    ) -> Result<Referral, ReferralError> {
        let current = self.referral(id).await?;
        if let Some(v) = expected_version
            && v != current.version
        {
            return Err(ReferralError::VersionMismatch {
                current: current.version,
            });
        }
        let from = super::reading::status_of(&current);
        if !from.can_become(to) {
            return Err(ReferralError::InvalidTransition { from, to });
        }
        if to == Status::Declined && reason.is_none() {
            return Err(ReferralError::field(
                "/reason",
                ErrorCode::MissingField,
                "a reason is required to decline",
            ));
        }
        let now = self.clock.now();
        let change = StatusChange {
            decline_reason: reason
                .filter(|_| to == Status::Declined)
                .map(|r| r.as_str().to_owned()),
            acknowledged_at: (to == Status::Acknowledged).then_some(now),
            closed_at: to.is_final().then_some(now),
        };
        let txn = crate::persistence::begin_write(&self.db).await?;
        if !store::update_status(&txn, id, current.version, to.as_str(), change, now).await? {
            return Err(ReferralError::Conflict);
        }
        let note = note.map(|n| n.chars().take(MAX_NEED_CHARS).collect());
        actor.record(&txn, id, Some(from), to, note, now).await?;
        if to.is_final() {
            let siblings = store::referrals_of_case(&txn, current.case_id).await?;
            if siblings
                .iter()
                .all(|r| r.id == id || super::reading::status_of(r).is_final())
            {
                store::close_case(&txn, current.case_id, now).await?;
            }
        }
        if to == Status::Cancelled {
            notices::referral_cancelled(&txn, self, &current, now).await?;
        }
        if matches!(to, Status::Declined | Status::Expired) {
            super::refusals::referral_refused(&txn, self, &current, to, reason, now).await?;
        }
        txn.commit().await?;
        tracing::info!(referral_id = %id, from = from.as_str(), to = to.as_str(), "referral transition");
        self.referral(id).await
    }

    /// A step asked for by an account: liaisons answer for their organization; front-desk
    /// staff of the tenant may cancel. `new`, `sent` and `expired` are okienko's own. Answers
    /// the referral as [`Referrals::detail`] does (an audited read).
    pub async fn transition_by_account(
        &self,
        p: &Principal,
        id: Uuid,
        request: TransitionRequest,
        expected_version: Option<i32>,
    ) -> Result<ReferralDetail, ReferralError> {
        let current = self.referral(id).await?;
        super::reading::check_access(p, &current)?;
        if matches!(request.status, Status::Sent | Status::Expired | Status::New) {
            return Err(ReferralError::SystemStatus);
        }
        if p.role == Role::FrontDesk && request.status != Status::Cancelled {
            return Err(ReferralError::FrontDeskMayOnlyCancel);
        }
        self.transition(
            &Actor::Account(p.clone()),
            id,
            request.status,
            request.reason,
            request.note,
            expected_version,
        )
        .await?;
        self.detail(p, id).await
    }

    /// The resident cancels every open referral of the case.
    pub async fn cancel_by_resident(&self, code: &str) -> Result<Tracking, ReferralError> {
        let case = self.case_of_code(code).await?;
        self.cancel_open(&case).await?;
        self.track(code).await
    }

    /// The resident withdraws consent: open referrals are cancelled and the personal data
    /// erased; the anonymous statistics stay.
    pub async fn withdraw_consent(&self, code: &str) -> Result<Tracking, ReferralError> {
        let case = self.case_of_code(code).await?;
        // Erase first, so that no notification carrying the data leaves after this point;
        // the cancellation notices that follow carry none.
        erase_case(&self.db, case.id, self.clock.now(), true).await?;
        self.cancel_open(&case).await?;
        tracing::info!(case_id = %case.id, "consent withdrawn; personal data erased");
        self.track(code).await
    }

    /// The liaison's e-mail about these referrals was delivered: those still `new` become
    /// `sent`.
    pub async fn mark_sent(&self, ids: Vec<Uuid>) -> Result<(), ReferralError> {
        for id in ids {
            let Some(r) = store::referral_by_id(&self.db, id).await? else {
                continue;
            };
            if r.status != Status::New.as_str() {
                continue;
            }
            let step = self
                .transition(
                    &Actor::System,
                    id,
                    Status::Sent,
                    None,
                    None,
                    Some(r.version),
                )
                .await;
            if let Err(e) = step {
                // Someone acted on it first (e.g. acknowledged at once): nothing to do.
                tracing::debug!(referral_id = %id, error = ?e, "not marked sent");
            }
        }
        Ok(())
    }

    async fn cancel_open(&self, case: &Case) -> Result<(), ReferralError> {
        for r in store::referrals_of_case(&self.db, case.id).await? {
            if !super::reading::status_of(&r).is_final() {
                self.transition(&Actor::Resident, r.id, Status::Cancelled, None, None, None)
                    .await?;
            }
        }
        Ok(())
    }
}

/// Erases a case's personal data, in one transaction: the case's contact and need, and every
/// notification about its referrals (those not yet sent are cancelled; of all, only the
/// recipient and subject are kept for the audit).
pub async fn erase_case(
    db: &DatabaseConnection,
    case_id: Uuid,
    at: DateTime<Utc>,
    consent_withdrawn: bool,
) -> Result<(), ReferralError> {
    let txn = crate::persistence::begin_write(db).await?;
    store::anonymize_case(&txn, case_id, at, consent_withdrawn).await?;
    let referrals: Vec<Uuid> = store::referrals_of_case(&txn, case_id)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    crate::outbox::purge_about(&txn, &referrals, at).await?;
    crate::persistence::referral_desk::delete_notes(&txn, &referrals).await?;
    txn.commit().await?;
    Ok(())
}
