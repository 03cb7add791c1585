//! What the editing use cases give: the outcome of a change, drafts waiting for approval and
//! the history of a record.

use crate::directory::{Organization, ServiceView};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
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

/// What became of an organization's change.
#[derive(Debug)]
pub enum OrganizationOutcome {
    /// Applied and public.
    Published(Box<Organization>),
    /// Waiting for a coordinator.
    Proposed(Box<DraftView>),
}
