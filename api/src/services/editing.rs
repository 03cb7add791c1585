//! Partner self-service: creating, editing (JSON merge patch, RFC 7396), deleting and
//! confirming services and editing organizations, with a history of every change and, where
//! the tenant asks for it, a coordinator's approval before a liaison's change goes public.

use super::directory;
use crate::access::{Principal, Role};
use crate::directory::{Organization, Service, ServiceView, validate};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::persistence::editing::{self, Draft, NewRevision, RecordKind, Revision};
use crate::persistence::{self, accounts};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
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
    /// The service it changes (or creates).
    pub service_id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// What approving it does.
    pub action: DraftAction,
    /// The service as proposed (absent for a deletion).
    pub proposed: Option<Service>,
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
    service.last_verified_at = Some(Utc::now().date_naive());
    check(validate::service(&service))?;
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
        return Err(ApiError::validation(vec![FieldError {
            pointer: "/id".into(),
            code: ErrorCode::InvalidValue.as_str().into(),
            detail: "the id of a service cannot change".into(),
        }]));
    }
    let tenant = managed_tenant(state, p, service.organization_id).await?;
    service.last_verified_at = Some(Utc::now().date_naive());
    check(validate::service(&service))?;
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
    let txn = state.db.begin().await?;
    editing::set_last_verified(&txn, id, Utc::now().date_naive()).await?;
    editing::record_revision(
        &txn,
        revision(p, RecordKind::Service, id, "verified", None, None),
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

/// Applies a JSON merge patch to an organization (its details, locations and liaisons; an
/// entry left out of a list is kept, not deleted).
pub async fn patch_organization(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    patch: Value,
) -> Result<Organization, ApiError> {
    require_object(&patch)?;
    let current = directory::organization(state, id).await?;
    managed_tenant(state, p, id).await?;
    let mut merged = serde_json::to_value(&current).map_err(anyhow::Error::from)?;
    json_patch::merge(&mut merged, &patch);
    let organization: Organization = parse(merged)?;
    if organization.id != id {
        return Err(ApiError::validation(vec![FieldError {
            pointer: "/id".into(),
            code: ErrorCode::InvalidValue.as_str().into(),
            detail: "the id of an organization cannot change".into(),
        }]));
    }
    check(validate::organization(&organization))?;
    let txn = state.db.begin().await?;
    persistence::upsert_organizations(&txn, std::slice::from_ref(&organization)).await?;
    // Search documents carry the organization's name and places.
    let services = editing::service_ids_of_organization(&txn, id).await?;
    persistence::record_changes(&txn, &services).await?;
    editing::record_revision(
        &txn,
        revision(
            p,
            RecordKind::Organization,
            id,
            "updated",
            Some(to_json(&current)?),
            Some(to_json(&organization)?),
        ),
    )
    .await?;
    txn.commit().await?;
    directory::organization(state, id).await
}

/// The history of an organization, newest first.
pub async fn organization_history(
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> Result<Vec<RevisionView>, ApiError> {
    directory::organization(state, id).await?;
    managed_tenant(state, p, id).await?;
    let revisions = editing::revisions(&state.db, RecordKind::Organization, id).await?;
    Ok(revisions.into_iter().map(revision_view).collect())
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
    Ok(visible)
}

/// Publishes a draft.
pub async fn approve(
    state: &AppState,
    p: &Principal,
    service_id: Uuid,
) -> Result<Outcome, ApiError> {
    let draft = pending(state, p, service_id).await?;
    let previous = persistence::get_service(&state.db, service_id)
        .await?
        .map(|v| v.service);
    let proposed = draft.proposed.as_deref().map(parse_str).transpose()?;
    let txn = state.db.begin().await?;
    editing::delete_draft(&txn, service_id).await?;
    apply(
        &txn,
        p,
        "approved",
        service_id,
        previous.as_ref(),
        proposed.as_ref(),
    )
    .await?;
    txn.commit().await?;
    published(state, service_id).await
}

/// Discards a draft.
pub async fn reject(state: &AppState, p: &Principal, service_id: Uuid) -> Result<(), ApiError> {
    let draft = pending(state, p, service_id).await?;
    let txn = state.db.begin().await?;
    editing::delete_draft(&txn, service_id).await?;
    let r = revision(
        p,
        RecordKind::Service,
        service_id,
        "rejected",
        None,
        draft.proposed,
    );
    editing::record_revision(&txn, r).await?;
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
            created_at: Utc::now(),
        };
        let txn = state.db.begin().await?;
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
        editing::record_revision(&txn, r).await?;
        txn.commit().await?;
        return Ok(Outcome::Proposed(Box::new(draft_view(state, draft).await?)));
    }
    let action = match (&previous, &proposed) {
        (None, _) => "created",
        (Some(_), Some(_)) => "updated",
        (Some(_), None) => "deleted",
    };
    let txn = state.db.begin().await?;
    apply(&txn, p, action, id, previous.as_ref(), proposed.as_ref()).await?;
    txn.commit().await?;
    published(state, id).await
}

async fn apply(
    txn: &sea_orm::DatabaseTransaction,
    p: &Principal,
    action: &str,
    id: Uuid,
    previous: Option<&Service>,
    proposed: Option<&Service>,
) -> Result<(), ApiError> {
    match proposed {
        Some(service) => persistence::upsert_services(txn, std::slice::from_ref(service)).await?,
        None => editing::delete_service(txn, id).await?,
    }
    let r = revision(
        p,
        RecordKind::Service,
        id,
        action,
        previous.map(to_json).transpose()?,
        proposed.map(to_json).transpose()?,
    );
    editing::record_revision(txn, r).await?;
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
async fn managed_tenant(
    state: &AppState,
    p: &Principal,
    organization_id: Uuid,
) -> Result<Uuid, ApiError> {
    let tenant = accounts::tenant_of_organization(&state.db, organization_id)
        .await?
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError {
                pointer: "/organization_id".into(),
                code: ErrorCode::OrganizationNotFound.as_str().into(),
                detail: format!("no organization {organization_id}"),
            }])
        })?;
    p.check_manage(organization_id, tenant)?;
    Ok(tenant)
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
        service_id: draft.service_id,
        organization_id: draft.organization_id,
        action,
        proposed,
        author: draft.author,
        created_at: draft.created_at,
    })
}

fn revision<'a>(
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

fn revision_view(r: Revision) -> RevisionView {
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

fn require_object(body: &Value) -> Result<(), ApiError> {
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

fn parse<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| {
        ApiError::validation(vec![FieldError {
            pointer: String::new(),
            code: ErrorCode::InvalidValue.as_str().into(),
            detail: e.to_string(),
        }])
    })
}

fn parse_str<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Unexpected(e.into()))
}

fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Unexpected(e.into()))
}

fn check(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

fn not_found(id: Uuid) -> ApiError {
    ApiError::new(
        ErrorCode::ServiceNotFound,
        format!("Nie ma usługi o identyfikatorze {id}."),
        format!("There is no service with id {id}."),
    )
}
