//! Partners' organizations: changed by JSON merge patch (an entry left out of a list is kept),
//! checked for ownership of nested records and for moves between tenants, published or kept
//! as a draft for a coordinator.

use super::support::{check, parse, parse_str, require_object, revision, revision_view, to_json};
use super::views::{DraftAction, DraftKind, DraftView, OrganizationOutcome, RevisionView};
use super::{Editing, EditingError};
use crate::access::{Principal, Role};
use crate::directory::{Organization, ownership, validate};
use crate::error::{ErrorCode, FieldError};
use crate::persistence::editing::{self as store, OrganizationDraft, RecordKind};
use crate::persistence::{self, accounts, ownership as ownership_store};
use serde_json::Value;
use uuid::Uuid;

impl Editing {
    /// Applies a JSON merge patch to an organization (an entry left out of a list is kept, not
    /// deleted). A liaison's change waits for approval where the tenant requires it.
    pub async fn patch_organization(
        &self,
        p: &Principal,
        id: Uuid,
        patch: Value,
    ) -> Result<OrganizationOutcome, EditingError> {
        require_object(&patch)?;
        let current = self.organization(id).await?;
        let tenant = self.managed_tenant(p, id).await?;
        let mut merged = serde_json::to_value(&current).map_err(anyhow::Error::from)?;
        json_patch::merge(&mut merged, &patch);
        let organization: Organization = parse(merged)?;
        if organization.id != id {
            return Err(EditingError::Invalid(vec![FieldError::new(
                "/id",
                ErrorCode::InvalidValue,
                "the id of an organization cannot change",
            )]));
        }
        check(validate::organization(&organization))?;
        self.check_rules(p, &organization, tenant).await?;
        let requires_approval = accounts::tenant_by_id(&self.db, tenant)
            .await?
            .is_some_and(|t| t.requires_approval);
        if p.role == Role::Liaison && requires_approval {
            let now = self.clock.now();
            let draft = OrganizationDraft {
                organization_id: id,
                proposed: to_json(&organization)?,
                author_id: p.user_id,
                author: p.email.clone(),
                created_at: now,
            };
            let txn = crate::persistence::begin_write(&self.db).await?;
            store::upsert_organization_draft(&txn, draft.clone()).await?;
            let r = revision(
                p,
                RecordKind::Organization,
                id,
                "proposed",
                Some(to_json(&current)?),
                Some(draft.proposed.clone()),
            );
            store::record_revision(&txn, r, now).await?;
            txn.commit().await?;
            return Ok(OrganizationOutcome::Proposed(Box::new(
                organization_draft_view(&draft)?,
            )));
        }
        self.publish_organization(p, "updated", &current, &organization)
            .await?;
        Ok(OrganizationOutcome::Published(Box::new(
            self.organization(id).await?,
        )))
    }

    /// The history of an organization, newest first.
    pub async fn organization_history(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<Vec<RevisionView>, EditingError> {
        self.organization(id).await?;
        self.managed_tenant(p, id).await?;
        let revisions = store::revisions(&self.db, RecordKind::Organization, id).await?;
        Ok(revisions.into_iter().map(revision_view).collect())
    }

    /// The organizations' drafts the caller may see.
    pub(super) async fn organization_drafts(
        &self,
        p: &Principal,
    ) -> Result<Vec<DraftView>, EditingError> {
        let mut visible = Vec::new();
        for draft in store::organization_drafts(&self.db).await? {
            let tenant = accounts::tenant_of_organization(&self.db, draft.organization_id).await?;
            if tenant.is_some_and(|t| p.may_manage(draft.organization_id, t)) {
                visible.push(organization_draft_view(&draft)?);
            }
        }
        Ok(visible)
    }

    /// Publishes an organization's draft, checked again as the approver.
    pub(super) async fn approve_organization(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<Organization, EditingError> {
        let draft = self.pending_organization(p, id).await?;
        let tenant = self.managed_tenant(p, id).await?;
        let current = self.organization(id).await?;
        let proposed: Organization = parse_str(&draft.proposed)?;
        check(validate::organization(&proposed))?;
        self.check_rules(p, &proposed, tenant).await?;
        self.publish_organization(p, "approved", &current, &proposed)
            .await?;
        self.organization(id).await
    }

    /// Discards an organization's draft.
    pub(super) async fn reject_organization(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<(), EditingError> {
        let draft = self.pending_organization(p, id).await?;
        let txn = crate::persistence::begin_write(&self.db).await?;
        store::delete_organization_draft(&txn, id).await?;
        let r = revision(
            p,
            RecordKind::Organization,
            id,
            "rejected",
            None,
            Some(draft.proposed),
        );
        store::record_revision(&txn, r, self.clock.now()).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn pending_organization(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<OrganizationDraft, EditingError> {
        let draft = store::organization_draft(&self.db, id)
            .await?
            .ok_or(EditingError::OrganizationDraftNotFound)?;
        self.managed_tenant(p, id).await?;
        Ok(draft)
    }

    /// Nested records must be the organization's own (or new), and a change of gmina must not
    /// move it to another tenant unless an admin makes it.
    async fn check_rules(
        &self,
        p: &Principal,
        organization: &Organization,
        tenant: Uuid,
    ) -> Result<(), EditingError> {
        let known =
            ownership_store::owners(&self.db, &ownership::organization_ids(organization)).await?;
        Self::refuse(ownership::check_organization(
            organization,
            &mut ownership::Ledger::new(&known),
        ))?;
        let tenants = ownership_store::municipality_tenants(&self.db).await?;
        let target = ownership_store::tenant_of(&tenants, organization.municipality.as_deref());
        if target != tenant && p.role != Role::Admin {
            return Err(EditingError::TenantMove);
        }
        Ok(())
    }

    async fn publish_organization(
        &self,
        p: &Principal,
        action: &str,
        previous: &Organization,
        organization: &Organization,
    ) -> Result<(), EditingError> {
        let id = organization.id;
        let now = self.clock.now();
        let txn = crate::persistence::begin_write(&self.db).await?;
        persistence::upsert_organizations(&txn, std::slice::from_ref(organization), now).await?;
        // Search documents carry the organization's name and places.
        let services = store::service_ids_of_organization(&txn, id).await?;
        persistence::record_changes(&txn, &services, now).await?;
        store::delete_organization_draft(&txn, id).await?;
        let r = revision(
            p,
            RecordKind::Organization,
            id,
            action,
            Some(to_json(previous)?),
            Some(to_json(organization)?),
        );
        store::record_revision(&txn, r, now).await?;
        txn.commit().await?;
        Ok(())
    }
}

fn organization_draft_view(draft: &OrganizationDraft) -> Result<DraftView, EditingError> {
    let proposed: Value = parse_str(&draft.proposed)?;
    Ok(DraftView {
        kind: DraftKind::Organization,
        record_id: draft.organization_id,
        service_id: None,
        organization_id: draft.organization_id,
        action: DraftAction::Update,
        proposed: Some(proposed),
        author: draft.author.clone(),
        created_at: draft.created_at,
    })
}
