//! Why an editing use case refused or failed; the HTTP layer maps each variant to a problem.

use crate::directory::ownership::Violation;
use crate::error::FieldError;
use uuid::Uuid;

/// The outcome of a change that did not happen.
#[derive(Debug, thiserror::Error)]
pub enum EditingError {
    /// Fields of the record are invalid.
    #[error("{} invalid field(s)", .0.len())]
    Invalid(Vec<FieldError>),
    /// A body that is not a JSON object.
    #[error("the body is not a JSON object")]
    NotAnObject,
    /// A service with this id exists: change it instead.
    #[error("service {0} exists")]
    ServiceExists(Uuid),
    /// No such service.
    #[error("no service {0}")]
    ServiceNotFound(Uuid),
    /// No such organization.
    #[error("no organization {0}")]
    OrganizationNotFound(Uuid),
    /// The service has no change waiting for approval.
    #[error("service {0} has no draft")]
    ServiceDraftNotFound(Uuid),
    /// The organization has no change waiting for approval.
    #[error("the organization has no draft")]
    OrganizationDraftNotFound,
    /// The account may not manage this organization's records.
    #[error("no access to this organization's records")]
    NoAccess,
    /// The record names places, people or ids it may not.
    #[error("{} ownership violation(s)", .0.len())]
    References(Vec<Violation>),
    /// The new gmina belongs to another tenant and only an admin may move an organization.
    #[error("moving to another tenant needs an admin")]
    TenantMove,
    /// The database refused or is away.
    #[error(transparent)]
    Storage(#[from] sea_orm::DbErr),
    /// A bug or an inconsistency; details go to the logs.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
