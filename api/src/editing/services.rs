//! Partners' offers: created, changed by JSON merge patch (RFC 7396), deleted and confirmed,
//! each change written with its revision, or kept as a draft where the tenant wants a
//! coordinator to approve a liaison's change first.

use super::support::{
    check, organization_in, parse, parse_str, require_object, revision, revision_view, to_json,
};
use super::views::{DraftAction, DraftKind, DraftView, Outcome, RevisionView};
use super::{Editing, EditingError};
use crate::access::{Principal, Role};
use crate::directory::ownership;
use crate::directory::{Service, ServiceView, validate};
use crate::error::{ErrorCode, FieldError};
use crate::persistence::editing::{self, Draft, RecordKind};
use crate::persistence::ownership as ownership_store;
use crate::persistence::referral_settings::{self as referral_store, ReferralSettings};
use crate::persistence::{self, accounts};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

impl Editing {
    /// Creates a service from a JSON object (fields as in `GET /api/v1/services/{id}`; a liaison's
    /// organization is the default `organization_id`).
    pub async fn create_service(
        &self,
        p: &Principal,
        body: Value,
    ) -> Result<Outcome, EditingError> {
        let mut service = json!({
            "id": Uuid::new_v4(),
            "organization_id": p.organization_id,
            "areas": [], "categories": [], "target_groups": [],
            "means_tested": false, "languages": ["pl"], "delivery_modes": [],
            "status": "active", "municipalities": [], "location_ids": [],
            "schedule": [], "schedule_exceptions": [],
        });
        require_object(&body)?;
        json_patch::merge(&mut service, &body);
        let mut service: Service = parse(service)?;
        if persistence::get_service(&self.db, service.id)
            .await?
            .is_some()
        {
            return Err(EditingError::ServiceExists(service.id));
        }
        let tenant = self.managed_tenant(p, service.organization_id).await?;
        service.last_verified_at = Some(self.clock.now().date_naive());
        check(validate::service(&service))?;
        self.check_ownership(&service).await?;
        self.publish_or_propose(p, tenant, None, Some(service))
            .await
    }

    /// Applies a JSON merge patch to a service.
    pub async fn patch_service(
        &self,
        p: &Principal,
        id: Uuid,
        patch: Value,
    ) -> Result<Outcome, EditingError> {
        require_object(&patch)?;
        let current = self.service(id).await?.service;
        self.managed_tenant(p, current.organization_id).await?;
        let mut merged = serde_json::to_value(&current).map_err(anyhow::Error::from)?;
        json_patch::merge(&mut merged, &patch);
        let mut service: Service = parse(merged)?;
        if service.id != id {
            return Err(EditingError::Invalid(vec![FieldError::new(
                "/id",
                ErrorCode::InvalidValue,
                "the id of a service cannot change",
            )]));
        }
        let tenant = self.managed_tenant(p, service.organization_id).await?;
        service.last_verified_at = Some(self.clock.now().date_naive());
        check(validate::service(&service))?;
        self.check_ownership(&service).await?;
        self.publish_or_propose(p, tenant, Some(current), Some(service))
            .await
    }

    /// Deletes a service.
    pub async fn delete_service(&self, p: &Principal, id: Uuid) -> Result<Outcome, EditingError> {
        let current = self.service(id).await?.service;
        let tenant = self.managed_tenant(p, current.organization_id).await?;
        self.publish_or_propose(p, tenant, Some(current), None)
            .await
    }

    /// Records that the offer is still current, today.
    pub async fn verify_service(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<ServiceView, EditingError> {
        let current = self.service(id).await?.service;
        self.managed_tenant(p, current.organization_id).await?;
        let now = self.clock.now();
        let txn = crate::persistence::begin_write(&self.db).await?;
        editing::set_last_verified(&txn, id, now).await?;
        editing::record_revision(
            &txn,
            revision(p, RecordKind::Service, id, "verified", None, None),
            now,
        )
        .await?;
        txn.commit().await?;
        self.service(id).await
    }

    /// The history of a service, newest first (also after it was deleted).
    pub async fn service_history(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<Vec<RevisionView>, EditingError> {
        let revisions = editing::revisions(&self.db, RecordKind::Service, id).await?;
        let organization = match persistence::get_service(&self.db, id).await? {
            Some(view) => view.service.organization_id,
            None => organization_in(&revisions).ok_or(EditingError::ServiceNotFound(id))?,
        };
        self.managed_tenant(p, organization).await?;
        Ok(revisions.into_iter().map(revision_view).collect())
    }

    /// Stores an organization's referral settings and records the change (without the secret)
    /// in the organization's history, so that an opt-in to personal data in webhooks is on record.
    pub async fn save_referral_settings(
        &self,
        p: &Principal,
        settings: ReferralSettings,
    ) -> Result<(), EditingError> {
        let shown = |s: &ReferralSettings| {
            json!({
                "acknowledge_within_days": s.acknowledge_days,
                "webhook_url": s.webhook_url,
                "webhook_personal_data": s.webhook_personal_data,
            })
            .to_string()
        };
        let txn = crate::persistence::begin_write(&self.db).await?;
        let previous = referral_store::settings_of(&txn, settings.subject_id).await?;
        referral_store::put_settings(&txn, settings.clone()).await?;
        let r = revision(
            p,
            RecordKind::Organization,
            settings.subject_id,
            "referral_settings",
            previous.as_ref().map(shown),
            Some(shown(&settings)),
        );
        editing::record_revision(&txn, r, self.clock.now()).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Publishes the change, or keeps it as a draft when a liaison of a tenant that requires
    /// approval made it.
    async fn publish_or_propose(
        &self,
        p: &Principal,
        tenant: Uuid,
        previous: Option<Service>,
        proposed: Option<Service>,
    ) -> Result<Outcome, EditingError> {
        let Some(id) = proposed.as_ref().or(previous.as_ref()).map(|s| s.id) else {
            return Err(EditingError::Unexpected(anyhow::anyhow!(
                "a change of nothing"
            )));
        };
        let requires_approval = accounts::tenant_by_id(&self.db, tenant)
            .await?
            .is_some_and(|t| t.requires_approval);
        let now = self.clock.now();
        if p.role == Role::Liaison && requires_approval {
            let organization_id = proposed
                .as_ref()
                .or(previous.as_ref())
                .map_or(Uuid::nil(), |s| s.organization_id);
            let proposed_json = proposed.as_ref().map(to_json).transpose()?;
            let draft = Draft {
                service_id: id,
                organization_id,
                proposed: proposed_json.clone(),
                author_id: p.user_id,
                author: p.email.clone(),
                created_at: now,
            };
            let txn = crate::persistence::begin_write(&self.db).await?;
            editing::upsert_draft(&txn, draft.clone()).await?;
            let previous_json = previous.as_ref().map(to_json).transpose()?;
            let r = revision(
                p,
                RecordKind::Service,
                id,
                "proposed",
                previous_json,
                proposed_json,
            );
            editing::record_revision(&txn, r, now).await?;
            txn.commit().await?;
            return Ok(Outcome::Proposed(Box::new(
                self.service_draft_view(draft).await?,
            )));
        }
        let action = match (&previous, &proposed) {
            (None, _) => "created",
            (Some(_), Some(_)) => "updated",
            (Some(_), None) => "deleted",
        };
        let txn = crate::persistence::begin_write(&self.db).await?;
        apply(
            &txn,
            p,
            action,
            id,
            previous.as_ref(),
            proposed.as_ref(),
            now,
        )
        .await?;
        txn.commit().await?;
        self.published(id).await
    }

    pub(super) async fn published(&self, id: Uuid) -> Result<Outcome, EditingError> {
        let view = persistence::get_service(&self.db, id).await?;
        Ok(Outcome::Published(view.map(Box::new)))
    }

    /// Refuses a service naming another organization's places or people, an id of another kind
    /// of record, or records that do not exist.
    pub(super) async fn check_ownership(&self, service: &Service) -> Result<(), EditingError> {
        let known = ownership_store::owners(&self.db, &ownership::service_ids(service)).await?;
        Self::refuse(ownership::check_service(
            service,
            &mut ownership::Ledger::new(&known),
        ))
    }

    pub(super) async fn service_draft_view(&self, draft: Draft) -> Result<DraftView, EditingError> {
        let proposed: Option<Service> = draft.proposed.as_deref().map(parse_str).transpose()?;
        let exists = persistence::get_service(&self.db, draft.service_id)
            .await?
            .is_some();
        let action = match (&proposed, exists) {
            (None, _) => DraftAction::Delete,
            (Some(_), true) => DraftAction::Update,
            (Some(_), false) => DraftAction::Create,
        };
        Ok(DraftView {
            kind: DraftKind::Service,
            record_id: draft.service_id,
            service_id: Some(draft.service_id),
            organization_id: draft.organization_id,
            action,
            proposed: proposed
                .map(serde_json::to_value)
                .transpose()
                .map_err(anyhow::Error::from)?,
            author: draft.author,
            created_at: draft.created_at,
        })
    }
}

/// Writes the change, made at `now`, and its revision.
pub(super) async fn apply(
    txn: &sea_orm::DatabaseTransaction,
    p: &Principal,
    action: &str,
    id: Uuid,
    previous: Option<&Service>,
    proposed: Option<&Service>,
    now: DateTime<Utc>,
) -> Result<(), EditingError> {
    match proposed {
        Some(service) => {
            persistence::upsert_services(txn, std::slice::from_ref(service), now).await?;
        }
        None => editing::delete_service(txn, id, now).await?,
    }
    let r = revision(
        p,
        RecordKind::Service,
        id,
        action,
        previous.map(to_json).transpose()?,
        proposed.map(to_json).transpose()?,
    );
    editing::record_revision(txn, r, now).await?;
    Ok(())
}
