//! Partner self-service: creating, editing (JSON merge patch, RFC 7396), deleting and
//! confirming services and editing organizations, with a history of every change and, where
//! the tenant asks for it, a coordinator's approval before a liaison's change goes public.

use super::directory;
use crate::access::{Principal, Role};
use crate::directory::ownership::{self, Violation};
use crate::directory::{Organization, Service, ServiceView, validate};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::persistence::editing::{self, Draft, NewRevision, RecordKind, Revision};
use crate::persistence::ownership as ownership_store;
use crate::persistence::referrals::{self as referral_store, ReferralSettings};
use crate::persistence::{self, accounts};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;

/// What became of a change.
#[derive(Debug)]
pub enum Outcome {
    /// Applied and public (`None` after a deletion).
    Published(Option<Box<ServiceView>>),
    /// Waiting for a coordinator.
    Proposed(Box<DraftView>),
    /// An organization's draft was approved and is public.
    Approved(Box<Organization>),
}

/// Which kind of record a draft changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    Service,
    Organization,
}

/// What a draft would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DraftAction {
    Create,
    Update,
    Delete,
}

/// A liaison's change waiting for approval.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftView {
    /// A service or an organization.
    pub kind: DraftKind,
    /// The record it changes (its id approves or rejects it).
    pub record_id: Uuid,
    /// The service it changes (or creates); absent for an organization's draft.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<Uuid>,
    /// The organization.
    pub organization_id: Uuid,
    /// What approving it does.
    pub action: DraftAction,
    /// The record as proposed (absent for a deletion).
    #[schema(value_type = Option<Object>)]
    pub proposed: Option<Value>,
    /// Who proposed it.
    pub author: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// One change in a record's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionView {
    /// Order of the change.
    pub seq: i64,
    /// created, updated, deleted, verified, proposed, approved or rejected.
    pub action: String,
    /// Who (account e-mail).
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The record before.
    #[schema(value_type = Option<Object>)]
    pub previous: Option<Value>,
    /// The record after.
    #[schema(value_type = Option<Object>)]
    pub current: Option<Value>,
}

/// Creates a service from a JSON object (fields as in `GET /api/v1/services/{id}`; a liaison's
/// organization is the default `organization_id`).
pub async fn create_service(
    state: &AppState,
    p: &Principal,
    body: Value,
) -> Result<Outcome, ApiError> {
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
    if persistence::get_service(&state.db, service.id)
        .await?
        .is_some()
    {
        return Err(ApiError::new(
            ErrorCode::ServiceExists,
            format!("Usługa {} już istnieje; zmień ją przez PATCH.", service.id),
            format!(
                "Service {} already exists; change it with PATCH.",
                service.id
            ),
        ));
    }
    let tenant = managed_tenant(state, p, service.organization_id).await?;
    service.last_verified_at = Some(state.clock.now().date_naive());
    check(validate::service(&service))?;
    check_ownership(state, &service).await?;
    publish_or_propose(state, p, tenant, None, Some(service)).await
}

/// Applies a JSON merge patch to a service.
pub async fn patch_service(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    patch: Value,
) -> Result<Outcome, ApiError> {
    require_object(&patch)?;
    let current = directory::service(state, id).await?.service;
    managed_tenant(state, p, current.organization_id).await?;
    let mut merged = serde_json::to_value(&current).map_err(anyhow::Error::from)?;
    json_patch::merge(&mut merged, &patch);
    let mut service: Service = parse(merged)?;
    if service.id != id {
        return Err(ApiError::validation(vec![FieldError::new(
            "/id",
            ErrorCode::InvalidValue,
            "the id of a service cannot change",
        )]));
    }
    let tenant = managed_tenant(state, p, service.organization_id).await?;
    service.last_verified_at = Some(state.clock.now().date_naive());
    check(validate::service(&service))?;
    check_ownership(state, &service).await?;
    publish_or_propose(state, p, tenant, Some(current), Some(service)).await
}

/// Deletes a service.
pub async fn delete_service(
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> Result<Outcome, ApiError> {
    let current = directory::service(state, id).await?.service;
    let tenant = managed_tenant(state, p, current.organization_id).await?;
    publish_or_propose(state, p, tenant, Some(current), None).await
}

/// Records that the offer is still current, today.
pub async fn verify_service(
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> Result<ServiceView, ApiError> {
    let current = directory::service(state, id).await?.service;
    managed_tenant(state, p, current.organization_id).await?;
    let now = state.clock.now();
    let txn = crate::persistence::begin_write(&state.db).await?;
    editing::set_last_verified(&txn, id, now).await?;
    editing::record_revision(
        &txn,
        revision(p, RecordKind::Service, id, "verified", None, None),
        now,
    )
    .await?;
    txn.commit().await?;
    directory::service(state, id).await
}

/// The history of a service, newest first (also after it was deleted).
pub async fn service_history(
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> Result<Vec<RevisionView>, ApiError> {
    let revisions = editing::revisions(&state.db, RecordKind::Service, id).await?;
    let organization = match persistence::get_service(&state.db, id).await? {
        Some(view) => view.service.organization_id,
        None => organization_in(&revisions).ok_or_else(|| not_found(id))?,
    };
    managed_tenant(state, p, organization).await?;
    Ok(revisions.into_iter().map(revision_view).collect())
}

/// Stores an organization's referral settings and records the change (without the secret)
/// in the organization's history, so that an opt-in to personal data in webhooks is on record.
pub async fn save_referral_settings(
    state: &AppState,
    p: &Principal,
    settings: ReferralSettings,
) -> Result<(), ApiError> {
    let shown = |s: &ReferralSettings| {
        json!({
            "acknowledge_within_days": s.acknowledge_days,
            "webhook_url": s.webhook_url,
            "webhook_personal_data": s.webhook_personal_data,
        })
        .to_string()
    };
    let txn = crate::persistence::begin_write(&state.db).await?;
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
    editing::record_revision(&txn, r, state.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

/// The drafts the caller may see: a coordinator's tenant, a liaison's organization.
pub async fn drafts(state: &AppState, p: &Principal) -> Result<Vec<DraftView>, ApiError> {
    let mut visible = Vec::new();
    for draft in editing::drafts(&state.db).await? {
        let tenant = accounts::tenant_of_organization(&state.db, draft.organization_id).await?;
        if tenant.is_some_and(|t| p.may_manage(draft.organization_id, t)) {
            visible.push(draft_view(state, draft).await?);
        }
    }
    visible.extend(super::organization_editing::drafts(state, p).await?);
    visible.sort_by_key(|d| d.created_at);
    Ok(visible)
}

/// Publishes a draft (of a service, or of an organization named by its id).
pub async fn approve(
    state: &AppState,
    p: &Principal,
    service_id: Uuid,
) -> Result<Outcome, ApiError> {
    if editing::organization_draft(&state.db, service_id)
        .await?
        .is_some()
    {
        let organization = super::organization_editing::approve(state, p, service_id).await?;
        return Ok(Outcome::Approved(Box::new(organization)));
    }
    let draft = pending(state, p, service_id).await?;
    if let Some(service) = &proposed_service(&draft)? {
        check_ownership(state, service).await?;
    }
    let previous = persistence::get_service(&state.db, service_id)
        .await?
        .map(|v| v.service);
    let proposed = draft.proposed.as_deref().map(parse_str).transpose()?;
    let txn = crate::persistence::begin_write(&state.db).await?;
    editing::delete_draft(&txn, service_id).await?;
    apply(
        &txn,
        p,
        "approved",
        service_id,
        previous.as_ref(),
        proposed.as_ref(),
        state.clock.now(),
    )
    .await?;
    txn.commit().await?;
    published(state, service_id).await
}

/// Discards a draft (of a service, or of an organization named by its id).
pub async fn reject(state: &AppState, p: &Principal, service_id: Uuid) -> Result<(), ApiError> {
    if editing::organization_draft(&state.db, service_id)
        .await?
        .is_some()
    {
        return super::organization_editing::reject(state, p, service_id).await;
    }
    let draft = pending(state, p, service_id).await?;
    let txn = crate::persistence::begin_write(&state.db).await?;
    editing::delete_draft(&txn, service_id).await?;
    let r = revision(
        p,
        RecordKind::Service,
        service_id,
        "rejected",
        None,
        draft.proposed,
    );
    editing::record_revision(&txn, r, state.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

async fn pending(state: &AppState, p: &Principal, service_id: Uuid) -> Result<Draft, ApiError> {
    let draft = editing::draft(&state.db, service_id)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::DraftNotFound,
                format!("Usługa {service_id} nie ma propozycji zmian czekającej na zatwierdzenie."),
                format!("Service {service_id} has no change waiting for approval."),
            )
        })?;
    managed_tenant(state, p, draft.organization_id).await?;
    Ok(draft)
}

/// Publishes the change, or keeps it as a draft when a liaison of a tenant that requires
/// approval made it.
async fn publish_or_propose(
    state: &AppState,
    p: &Principal,
    tenant: Uuid,
    previous: Option<Service>,
    proposed: Option<Service>,
) -> Result<Outcome, ApiError> {
    let Some(id) = proposed.as_ref().or(previous.as_ref()).map(|s| s.id) else {
        return Err(ApiError::Unexpected(anyhow::anyhow!("a change of nothing")));
    };
    let requires_approval = accounts::tenant_by_id(&state.db, tenant)
        .await?
        .is_some_and(|t| t.requires_approval);
    let now = state.clock.now();
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
        let txn = crate::persistence::begin_write(&state.db).await?;
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
        return Ok(Outcome::Proposed(Box::new(draft_view(state, draft).await?)));
    }
    let action = match (&previous, &proposed) {
        (None, _) => "created",
        (Some(_), Some(_)) => "updated",
        (Some(_), None) => "deleted",
    };
    let txn = crate::persistence::begin_write(&state.db).await?;
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
    published(state, id).await
}

/// Writes the change, made at `now`, and its revision.
async fn apply(
    txn: &sea_orm::DatabaseTransaction,
    p: &Principal,
    action: &str,
    id: Uuid,
    previous: Option<&Service>,
    proposed: Option<&Service>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
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

async fn published(state: &AppState, id: Uuid) -> Result<Outcome, ApiError> {
    let view = persistence::get_service(&state.db, id).await?;
    Ok(Outcome::Published(view.map(Box::new)))
}

/// Whether the caller may manage the organization's records, as an error.
pub async fn check_manages(
    state: &AppState,
    p: &Principal,
    organization_id: Uuid,
) -> Result<(), ApiError> {
    managed_tenant(state, p, organization_id).await.map(|_| ())
}

/// The tenant of the organization, when the caller may manage its records.
pub(super) async fn managed_tenant(
    state: &AppState,
    p: &Principal,
    organization_id: Uuid,
) -> Result<Uuid, ApiError> {
    let tenant = accounts::tenant_of_organization(&state.db, organization_id)
        .await?
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "/organization_id",
                ErrorCode::OrganizationNotFound,
                format!("no organization {organization_id}"),
            )])
        })?;
    p.check_manage(organization_id, tenant)?;
    Ok(tenant)
}

/// Refuses a service naming another organization's places or people, an id of another kind
/// of record, or records that do not exist.
async fn check_ownership(state: &AppState, service: &Service) -> Result<(), ApiError> {
    let known = ownership_store::owners(&state.db, &ownership::service_ids(service)).await?;
    refuse_violations(ownership::check_service(
        service,
        &mut ownership::Ledger::new(&known),
    ))
}

/// The answer to ownership violations: 403 for another organization's record, 409 for an
/// id of another kind, 422 for a record that does not exist.
pub(super) fn refuse_violations(violations: Vec<Violation>) -> Result<(), ApiError> {
    let Some(first) = violations.first() else {
        return Ok(());
    };
    let pointers = violations
        .iter()
        .map(Violation::pointer)
        .collect::<Vec<_>>()
        .join(", ");
    let (code, pl, en) = if violations
        .iter()
        .any(|v| matches!(v, Violation::Foreign { .. }))
    {
        (
            ErrorCode::ForbiddenReference,
            "Rekord o tym identyfikatorze należy do innej organizacji",
            "The record with this id belongs to another organization",
        )
    } else if matches!(first, Violation::KindClash { .. })
        || violations
            .iter()
            .any(|v| matches!(v, Violation::KindClash { .. }))
    {
        (
            ErrorCode::IdConflict,
            "Ten identyfikator należy już do rekordu innego rodzaju",
            "This id already belongs to a record of another kind",
        )
    } else {
        (
            ErrorCode::UnknownReference,
            "Nie ma rekordu o tym identyfikatorze",
            "There is no record with this id",
        )
    };
    Err(ApiError::new(
        code,
        format!("{pl}: {pointers}."),
        format!("{en}: {pointers}."),
    ))
}

fn proposed_service(draft: &Draft) -> Result<Option<Service>, ApiError> {
    draft.proposed.as_deref().map(parse_str).transpose()
}

async fn draft_view(state: &AppState, draft: Draft) -> Result<DraftView, ApiError> {
    let proposed: Option<Service> = draft.proposed.as_deref().map(parse_str).transpose()?;
    let exists = persistence::get_service(&state.db, draft.service_id)
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

pub(super) fn revision<'a>(
    p: &'a Principal,
    kind: RecordKind,
    record_id: Uuid,
    action: &'a str,
    previous: Option<String>,
    current: Option<String>,
) -> NewRevision<'a> {
    NewRevision {
        kind,
        record_id,
        action,
        actor_id: (!p.user_id.is_nil()).then_some(p.user_id),
        actor: &p.email,
        previous,
        current,
    }
}

pub(super) fn revision_view(r: Revision) -> RevisionView {
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    RevisionView {
        seq: r.seq,
        action: r.action,
        actor: r.actor,
        at: r.at,
        previous: json(r.previous),
        current: json(r.current),
    }
}

/// The organization named by the newest revision that has a record.
fn organization_in(revisions: &[Revision]) -> Option<Uuid> {
    revisions.iter().find_map(|r| {
        let text = r.previous.as_deref().or(r.current.as_deref())?;
        let value: Value = serde_json::from_str(text).ok()?;
        value.get("organization_id")?.as_str()?.parse().ok()
    })
}

pub(super) fn require_object(body: &Value) -> Result<(), ApiError> {
    if body.is_object() {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::MalformedBody,
            "Treść żądania musi być obiektem JSON.",
            "The request body must be a JSON object.",
        ))
    }
}

pub(super) fn parse<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| {
        ApiError::validation(vec![FieldError::new(
            "",
            ErrorCode::InvalidValue,
            crate::error::describe_json_error(&e),
        )])
    })
}

pub(super) fn parse_str<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Unexpected(e.into()))
}

pub(super) fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Unexpected(e.into()))
}

/// Invalid fields as a 422; `invalid_url` when a link is not a web address (the field
/// errors are listed either way).
pub(super) fn check(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        return Ok(());
    }
    if errors.iter().any(|e| e.code == ErrorCode::InvalidUrl) {
        return Err(ApiError::validation(errors).with_code(ErrorCode::InvalidUrl));
    }
    Err(ApiError::validation(errors))
}

fn not_found(id: Uuid) -> ApiError {
    ApiError::new(
        ErrorCode::ServiceNotFound,
        format!("Nie ma usługi o identyfikatorze {id}."),
        format!("There is no service with id {id}."),
    )
}
