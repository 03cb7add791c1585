//! Drafts waiting for a coordinator: listed for those who may act on them, approved (checked
//! again as the approver) or rejected, for offers and organizations alike.

use super::services::apply;
use super::support::{parse_str, revision};
use super::views::{DraftView, Outcome};
use super::{Editing, EditingError};
use crate::access::Principal;
use crate::directory::Service;
use crate::paging::{Page, Paging};
use crate::persistence::editing::{self, Draft, RecordKind};
use crate::persistence::{self, accounts};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What a list of drafts is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct DraftFilter {
    /// Only drafts of this service.
    pub service: Option<Uuid>,
    /// Only drafts of this organization's records.
    pub organization: Option<Uuid>,
    /// Proposed at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Proposed before.
    pub created_to: Option<DateTime<Utc>>,
}

impl DraftFilter {
    fn admits(&self, d: &DraftView) -> bool {
        self.service.is_none_or(|s| d.service_id == Some(s))
            && self.organization.is_none_or(|o| d.organization_id == o)
            && self.created_from.is_none_or(|t| d.created_at >= t)
            && self.created_to.is_none_or(|t| d.created_at < t)
    }
}

impl Editing {
    /// A page of the changes waiting for approval the account may review, oldest first: a
    /// coordinator's tenant, a liaison's own organization; narrowed by `filter`.
    pub async fn drafts(
        &self,
        p: &Principal,
        filter: &DraftFilter,
        paging: Paging,
    ) -> Result<Page<DraftView>, EditingError> {
        let mut visible = Vec::new();
        for draft in editing::drafts(&self.db).await? {
            let tenant = accounts::tenant_of_organization(&self.db, draft.organization_id).await?;
            if tenant.is_some_and(|t| p.may_manage(draft.organization_id, t)) {
                visible.push(self.service_draft_view(draft).await?);
            }
        }
        visible.extend(self.organization_drafts(p).await?);
        visible.retain(|d| filter.admits(d));
        visible.sort_by_key(|d| (d.created_at, d.record_id));
        let total = visible.len() as u64;
        let start = usize::try_from((paging.page - 1) * paging.per_page).unwrap_or(usize::MAX);
        let items = visible
            .into_iter()
            .skip(start)
            .take(usize::try_from(paging.per_page).unwrap_or(usize::MAX))
            .collect();
        Ok(paging.page(items, total))
    }

    /// Publishes a draft (of a service, or of an organization named by its id).
    pub async fn approve(&self, p: &Principal, service_id: Uuid) -> Result<Outcome, EditingError> {
        if editing::organization_draft(&self.db, service_id)
            .await?
            .is_some()
        {
            let organization = self.approve_organization(p, service_id).await?;
            return Ok(Outcome::Approved(Box::new(organization)));
        }
        let draft = self.pending(p, service_id).await?;
        if let Some(service) = &Self::proposed_service(&draft)? {
            self.check_ownership(service).await?;
        }
        let previous = persistence::get_service(&self.db, service_id)
            .await?
            .map(|v| v.service);
        let proposed = draft.proposed.as_deref().map(parse_str).transpose()?;
        let txn = crate::persistence::begin_write(&self.db).await?;
        editing::delete_draft(&txn, service_id).await?;
        apply(
            &txn,
            p,
            "approved",
            service_id,
            previous.as_ref(),
            proposed.as_ref(),
            self.clock.now(),
        )
        .await?;
        txn.commit().await?;
        self.published(service_id).await
    }

    /// Discards a draft (of a service, or of an organization named by its id).
    pub async fn reject(&self, p: &Principal, service_id: Uuid) -> Result<(), EditingError> {
        if editing::organization_draft(&self.db, service_id)
            .await?
            .is_some()
        {
            return self.reject_organization(p, service_id).await;
        }
        let draft = self.pending(p, service_id).await?;
        let txn = crate::persistence::begin_write(&self.db).await?;
        editing::delete_draft(&txn, service_id).await?;
        let r = revision(
            p,
            RecordKind::Service,
            service_id,
            "rejected",
            None,
            draft.proposed,
        );
        editing::record_revision(&txn, r, self.clock.now()).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn pending(&self, p: &Principal, service_id: Uuid) -> Result<Draft, EditingError> {
        let draft = editing::draft(&self.db, service_id)
            .await?
            .ok_or(EditingError::ServiceDraftNotFound(service_id))?;
        self.managed_tenant(p, draft.organization_id).await?;
        Ok(draft)
    }

    fn proposed_service(draft: &Draft) -> Result<Option<Service>, EditingError> {
        draft.proposed.as_deref().map(parse_str).transpose()
    }
}
