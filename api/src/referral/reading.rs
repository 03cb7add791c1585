//! Reading referrals and cases: staff views with the resident's contact (every read is
//! audited), the resident's view by tracking code (no personal data), and staff lists.

use super::create::summary;
use super::views::{
    AuditEntry, CaseView, ContactView, EventView, LiaisonName, ReferralDetail,
    ReferralSummaryForStaff, TrackedReferral, Tracking,
};
use super::{DeclineReason, ReferralError, Referrals, Status, tracking};
use crate::access::{Principal, Role};
use crate::paging::{Page, Paging};
use crate::persistence::referrals::{self as store, Case, Referral};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What a referral list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ReferralListFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this part of the liaison's queue (with `status`: both must hold).
    pub queue: Option<Queue>,
    /// Only escalated referrals.
    pub escalated: bool,
    /// Only referrals to this service.
    pub service: Option<Uuid>,
    /// Only referrals to this organization.
    pub organization: Option<Uuid>,
    /// Made at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Made before.
    pub created_to: Option<DateTime<Utc>>,
}

/// The parts of a liaison's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Waiting to be taken (new or sent).
    Waiting,
    /// Waiting past the working-day deadline.
    Overdue,
    /// Taken and being worked on.
    Open,
    /// Ended one way or another.
    Closed,
}

impl Queue {
    /// Every part, in the order of the queue's tabs.
    pub const ALL: [Queue; 4] = [Queue::Waiting, Queue::Overdue, Queue::Open, Queue::Closed];

    /// The code in a page address.
    pub fn as_str(self) -> &'static str {
        match self {
            Queue::Waiting => "waiting",
            Queue::Overdue => "overdue",
            Queue::Open => "open",
            Queue::Closed => "closed",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == code)
    }

    /// The statuses of this part.
    fn statuses(self) -> Vec<Status> {
        match self {
            Queue::Waiting | Queue::Overdue => vec![Status::New, Status::Sent],
            Queue::Open => vec![Status::Acknowledged, Status::InProgress],
            Queue::Closed => Status::ALL.into_iter().filter(|s| s.is_final()).collect(),
        }
    }
}

/// The status of a stored referral.
pub(super) fn status_of(r: &Referral) -> Status {
    Status::parse(&r.status).unwrap_or(Status::New)
}

/// Whether an account may see and act on a referral.
pub(super) fn check_access(p: &Principal, r: &Referral) -> Result<(), ReferralError> {
    if p.may_manage(r.organization_id, r.tenant_id) {
        Ok(())
    } else {
        Err(ReferralError::NoAccess)
    }
}

fn contact_of(case: &Case) -> Option<ContactView> {
    case.anonymized_at.is_none().then(|| ContactView {
        name: case.contact_name.clone(),
        email: case.contact_email.clone(),
        phone: case.contact_phone.clone(),
        preferred: case.preferred.clone(),
    })
}

impl Referrals {
    /// A referral, or [`ReferralError::NotFound`].
    pub async fn referral(&self, id: Uuid) -> Result<Referral, ReferralError> {
        store::referral_by_id(&self.db, id)
            .await?
            .ok_or(ReferralError::NotFound(id))
    }

    /// A referral with the resident's contact; the read is written to the audit log.
    pub async fn detail(&self, p: &Principal, id: Uuid) -> Result<ReferralDetail, ReferralError> {
        let r = self.referral(id).await?;
        check_access(p, &r)?;
        let case = store::case_by_id(&self.db, r.case_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("referral {id} has no case"))?;
        self.audit(p, case.id, "read_referral").await?;
        let history = self.history(id, true).await?;
        Ok(ReferralDetail {
            id: r.id,
            case_id: r.case_id,
            service_id: r.service_id,
            service_name: r.service_name.clone(),
            organization_id: r.organization_id,
            status: status_of(&r),
            decline_reason: r.decline_reason.as_deref().and_then(DeclineReason::parse),
            liaison: LiaisonName {
                name: r.liaison_name.clone(),
                role: r.liaison_role.clone(),
            },
            routed_to: r.routed_to.clone(),
            due_at: r.due_at,
            escalated_at: r.escalated_at,
            version: r.version,
            need: case.need.clone(),
            contact: contact_of(&case),
            history,
        })
    }

    pub(super) async fn audit(
        &self,
        p: &Principal,
        case: Uuid,
        action: &str,
    ) -> Result<(), ReferralError> {
        let row = crate::persistence::audit_log::AuditRow {
            actor: p.email.clone(),
            actor_id: Some(p.user_id).filter(|u| !u.is_nil()),
            case_id: case,
            action: action.to_owned(),
            at: self.clock.now(),
        };
        self.audit_log.write(row).await?;
        Ok(())
    }

    async fn history(&self, id: Uuid, staff: bool) -> Result<Vec<EventView>, ReferralError> {
        Ok(store::events_of(&self.db, id)
            .await?
            .into_iter()
            .filter_map(|e| {
                Some(EventView {
                    status: Status::parse(&e.to_status)?,
                    at: e.at,
                    note: if staff { e.note } else { None },
                    actor: staff.then_some(e.actor),
                })
            })
            .collect())
    }

    /// The case of a tracking code, as the resident sees it.
    pub async fn track(&self, code: &str) -> Result<Tracking, ReferralError> {
        let case = self.case_of_code(code).await?;
        let mut referrals = Vec::new();
        for r in store::referrals_of_case(&self.db, case.id).await? {
            referrals.push(TrackedReferral {
                id: r.id,
                service_id: r.service_id,
                service_name: r.service_name.clone(),
                status: status_of(&r),
                decline_reason: r.decline_reason.as_deref().and_then(DeclineReason::parse),
                liaison: LiaisonName {
                    name: r.liaison_name.clone(),
                    role: r.liaison_role.clone(),
                },
                history: self.history(r.id, false).await?,
            });
        }
        Ok(Tracking {
            case_id: case.id,
            created_at: case.created_at,
            consent_withdrawn: case.consent_withdrawn_at.is_some(),
            referrals,
        })
    }

    pub(super) async fn case_of_code(&self, code: &str) -> Result<Case, ReferralError> {
        store::case_by_tracking(&self.db, &tracking::hash_code(code))
            .await?
            .ok_or(ReferralError::UnknownTrackingCode)
    }

    /// A page of the referrals an account may see, newest first (no personal data): a
    /// tenant's for staff, an organization's for its liaison (who may not ask for another).
    pub async fn list(
        &self,
        p: &Principal,
        filter: &ReferralListFilter,
        paging: Paging,
    ) -> Result<Page<ReferralSummaryForStaff>, ReferralError> {
        let organization = match (p.role, filter.organization) {
            (Role::Liaison, Some(asked)) if Some(asked) != p.organization_id => {
                return Err(ReferralError::NoAccess);
            }
            (Role::Liaison, _) => p.organization_id.or(Some(Uuid::nil())),
            (_, asked) => asked,
        };
        let stored = store::ReferralFilter {
            tenant: (p.role != Role::Admin).then_some(p.tenant_id),
            organization,
            service: filter.service,
            statuses: match (filter.status, filter.queue) {
                (Some(s), Some(q)) if !q.statuses().contains(&s) => {
                    return Ok(paging.page(Vec::new(), 0));
                }
                (Some(s), _) => vec![s.as_str().to_owned()],
                (None, Some(q)) => q.statuses().iter().map(|s| s.as_str().to_owned()).collect(),
                (None, None) => Vec::new(),
            },
            due_before: (filter.queue == Some(Queue::Overdue)).then(|| self.clock.now()),
            escalated: filter.escalated,
            created_from: filter.created_from,
            created_to: filter.created_to,
        };
        let (rows, total) =
            store::page_referrals(&self.db, &stored, paging.page, paging.per_page).await?;
        let items = rows
            .iter()
            .map(|r| ReferralSummaryForStaff {
                summary: summary(r),
                case_id: r.case_id,
                organization_id: r.organization_id,
                created_at: r.created_at,
                escalated_at: r.escalated_at,
                version: r.version,
            })
            .collect();
        Ok(paging.page(items, total))
    }

    /// A case with the resident's data and its referrals, for CUS staff; the read is audited.
    pub async fn case(&self, p: &Principal, id: Uuid) -> Result<CaseView, ReferralError> {
        let case = self.own_case(p, id).await?;
        self.audit(p, id, "read_case").await?;
        let referrals = store::referrals_of_case(&self.db, id).await?;
        Ok(CaseView {
            id: case.id,
            created_at: case.created_at,
            need: case.need.clone(),
            contact: contact_of(&case),
            municipality: case.municipality.clone(),
            consent_text_version: case.consent_text_version.clone(),
            consent_given_at: case.consent_given_at,
            consent_withdrawn_at: case.consent_withdrawn_at,
            anonymized_at: case.anonymized_at,
            referrals: referrals.iter().map(summary).collect(),
        })
    }

    /// Who read a case's personal data, and when, oldest first.
    pub async fn case_audit(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<Vec<AuditEntry>, ReferralError> {
        self.own_case(p, id).await?;
        Ok(crate::persistence::audit_log::audit_of(&self.db, id)
            .await?
            .into_iter()
            .map(|e| AuditEntry {
                actor: e.actor,
                action: e.action,
                at: e.at,
            })
            .collect())
    }

    async fn own_case(&self, p: &Principal, id: Uuid) -> Result<Case, ReferralError> {
        let case = store::case_by_id(&self.db, id)
            .await?
            .ok_or(ReferralError::CaseNotFound(id))?;
        if p.role != Role::Admin && p.tenant_id != case.tenant_id {
            return Err(ReferralError::OtherTenant);
        }
        Ok(case)
    }
}
