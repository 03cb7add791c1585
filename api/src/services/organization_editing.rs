//! Partners editing their organization (details, locations, liaisons): the same ownership
//! rules, approval and history as offers. An organization moves to another CUS (tenant) only
//! by an admin's decision, never by an edit of its gmina.

use super::directory;
use super::editing::{
    DraftAction, DraftKind, DraftView, RevisionView, check, managed_tenant, parse, parse_str,
    refuse_violations, require_object, revision, revision_view, to_json,
};
use crate::access::{Principal, Role};
use crate::directory::{Organization, ownership, validate};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::persistence::editing::{self as store, OrganizationDraft, RecordKind};
use crate::persistence::{self, accounts, ownership as ownership_store};
use crate::state::AppState;
use serde_json::Value;
use uuid::Uuid;

/// What became of an organization's change.
#[derive(Debug)]
pub enum OrganizationOutcome {
    /// Applied and public.
    Published(Box<Organization>),
    /// Waiting for a coordinator.
    Proposed(Box<DraftView>),
}

/// Applies a JSON merge patch to an organization (an entry left out of a list is kept, not
/// deleted). A liaison's change waits for approval where the tenant requires it.
pub async fn patch_organization(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    patch: Value,
) -> Result<OrganizationOutcome, ApiError> {
    require_object(&patch)?;
    let current = directory::organization(state, id).await?;
    let tenant = managed_tenant(state, p, id).await?;
    let mut merged = serde_json::to_value(&current).map_err(anyhow::Error::from)?;
    json_patch::merge(&mut merged, &patch);
    let organization: Organization = parse(merged)?;
    if organization.id != id {
        return Err(ApiError::validation(vec![FieldError::new(
            "/id",
            ErrorCode::InvalidValue,
            "the id of an organization cannot change",
        )]));
    }
    check(validate::organization(&organization))?;
    check_rules(state, p, &organization, tenant).await?;
    let requires_approval = accounts::tenant_by_id(&state.db, tenant)
        .await?
        .is_some_and(|t| t.requires_approval);
    if p.role == Role::Liaison && requires_approval {
        let now = state.clock.now();
        let draft = OrganizationDraft {
            organization_id: id,
            proposed: to_json(&organization)?,
            author_id: p.user_id,
            author: p.email.clone(),
            created_at: now,
        };
        let txn = crate::persistence::begin_write(&state.db).await?;
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
        return Ok(OrganizationOutcome::Proposed(Box::new(draft_view(&draft)?)));
    }
    publish(state, p, "updated", &current, &organization).await?;
    Ok(OrganizationOutcome::Published(Box::new(
        directory::organization(state, id).await?,
    )))
}

/// The history of an organization, newest first.
pub async fn history(
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> Result<Vec<RevisionView>, ApiError> {
    directory::organization(state, id).await?;
    managed_tenant(state, p, id).await?;
    let revisions = store::revisions(&state.db, RecordKind::Organization, id).await?;
    Ok(revisions.into_iter().map(revision_view).collect())
}

/// The organizations' drafts the caller may see.
pub async fn drafts(state: &AppState, p: &Principal) -> Result<Vec<DraftView>, ApiError> {
    let mut visible = Vec::new();
    for draft in store::organization_drafts(&state.db).await? {
        let tenant = accounts::tenant_of_organization(&state.db, draft.organization_id).await?;
        if tenant.is_some_and(|t| p.may_manage(draft.organization_id, t)) {
            visible.push(draft_view(&draft)?);
        }
    }
    Ok(visible)
}

/// Publishes an organization's draft, checked again as the approver.
pub async fn approve(state: &AppState, p: &Principal, id: Uuid) -> Result<Organization, ApiError> {
    let draft = pending(state, p, id).await?;
    let tenant = managed_tenant(state, p, id).await?;
    let current = directory::organization(state, id).await?;
    let proposed: Organization = parse_str(&draft.proposed)?;
    check(validate::organization(&proposed))?;
    check_rules(state, p, &proposed, tenant).await?;
    publish(state, p, "approved", &current, &proposed).await?;
    directory::organization(state, id).await
}

/// Discards an organization's draft.
pub async fn reject(state: &AppState, p: &Principal, id: Uuid) -> Result<(), ApiError> {
    let draft = pending(state, p, id).await?;
    let txn = crate::persistence::begin_write(&state.db).await?;
    store::delete_organization_draft(&txn, id).await?;
    let r = revision(
        p,
        RecordKind::Organization,
        id,
        "rejected",
        None,
        Some(draft.proposed),
    );
    store::record_revision(&txn, r, state.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

async fn pending(state: &AppState, p: &Principal, id: Uuid) -> Result<OrganizationDraft, ApiError> {
    let draft = store::organization_draft(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::bare(ErrorCode::DraftNotFound))?;
    managed_tenant(state, p, id).await?;
    Ok(draft)
}

/// Nested records must be the organization's own (or new), and a change of gmina must not
/// move it to another tenant unless an admin makes it.
async fn check_rules(
    state: &AppState,
    p: &Principal,
    organization: &Organization,
    tenant: Uuid,
) -> Result<(), ApiError> {
    let known =
        ownership_store::owners(&state.db, &ownership::organization_ids(organization)).await?;
    refuse_violations(ownership::check_organization(
        organization,
        &mut ownership::Ledger::new(&known),
    ))?;
    let tenants = ownership_store::municipality_tenants(&state.db).await?;
    let target = ownership_store::tenant_of(&tenants, organization.municipality.as_deref());
    if target != tenant && p.role != Role::Admin {
        return Err(ApiError::new(
            ErrorCode::TenantMoveNotAllowed,
            "Ta gmina należy do innego centrum usług społecznych; przeniesienie organizacji do innego CUS wymaga decyzji administratora.",
            "This gmina belongs to another social services centre; moving the organization to another tenant needs an admin's decision.",
        ));
    }
    Ok(())
}

async fn publish(
    state: &AppState,
    p: &Principal,
    action: &str,
    previous: &Organization,
    organization: &Organization,
) -> Result<(), ApiError> {
    let id = organization.id;
    let now = state.clock.now();
    let txn = crate::persistence::begin_write(&state.db).await?;
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

fn draft_view(draft: &OrganizationDraft) -> Result<DraftView, ApiError> {
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
