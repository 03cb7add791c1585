//! Partner self-service: creating, editing (JSON merge patch, RFC 7396), deleting and
//! confirming services and editing organizations, with a history of every change and, where
//! the tenant asks for it, a coordinator's approval before a liaison's change goes public.
//! The use cases are methods of [`Editing`]; they take typed input and give views or an
//! [`EditingError`], never HTTP.

mod drafts;
mod error;
mod organizations;
mod services;
mod support;
mod views;

#[cfg(test)]
mod tests;

pub use drafts::DraftFilter;
pub use error::EditingError;
pub use views::{DraftAction, DraftKind, DraftView, OrganizationOutcome, Outcome, RevisionView};

use crate::access::Principal;
use crate::clock::SharedClock;
use crate::directory::ownership::Violation;
use crate::directory::{Organization, ServiceView};
use crate::persistence::{self, accounts};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

/// The editing use cases and what they work with: the database and the time.
#[derive(Clone)]
pub struct Editing {
    db: DatabaseConnection,
    clock: SharedClock,
}

impl Editing {
    /// The use cases over `db`.
    pub fn new(db: DatabaseConnection, clock: SharedClock) -> Self {
        Self { db, clock }
    }

    async fn service(&self, id: Uuid) -> Result<ServiceView, EditingError> {
        persistence::get_service(&self.db, id)
            .await?
            .ok_or(EditingError::ServiceNotFound(id))
    }

    async fn organization(&self, id: Uuid) -> Result<Organization, EditingError> {
        persistence::get_organization(&self.db, id)
            .await?
            .ok_or(EditingError::OrganizationNotFound(id))
    }

    /// Whether the caller may manage the organization's records.
    pub async fn check_manages(
        &self,
        p: &Principal,
        organization_id: Uuid,
    ) -> Result<(), EditingError> {
        self.managed_tenant(p, organization_id).await.map(|_| ())
    }

    /// The tenant of the organization, when the caller may manage its records.
    async fn managed_tenant(
        &self,
        p: &Principal,
        organization_id: Uuid,
    ) -> Result<Uuid, EditingError> {
        let tenant = accounts::tenant_of_organization(&self.db, organization_id)
            .await?
            .ok_or_else(|| {
                EditingError::Invalid(vec![crate::error::FieldError::new(
                    "/organization_id",
                    crate::error::ErrorCode::OrganizationNotFound,
                    format!("no organization {organization_id}"),
                )])
            })?;
        if p.may_manage(organization_id, tenant) {
            Ok(tenant)
        } else {
            Err(EditingError::NoAccess)
        }
    }

    /// Ownership violations, if any, as an error.
    fn refuse(violations: Vec<Violation>) -> Result<(), EditingError> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(EditingError::References(violations))
        }
    }
}
