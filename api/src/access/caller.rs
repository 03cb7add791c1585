//! Who is calling: an account's role, tenant and organization, and what it may manage.

use super::{DEFAULT_TENANT, Role};
use uuid::Uuid;

/// An authenticated account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Account id (nil for the installation's admin token).
    pub user_id: Uuid,
    /// Account e-mail, for the history of changes.
    pub email: String,
    /// Role.
    pub role: Role,
    /// The tenant the account works in.
    pub tenant_id: Uuid,
    /// A liaison's organization.
    pub organization_id: Option<Uuid>,
    /// Still on a generated one-time password: may only change it.
    pub must_change_password: bool,
}

impl Principal {
    /// The bearer of `OKIENKO_ADMIN_TOKEN`: an admin of the default tenant.
    pub fn admin_token() -> Self {
        Self {
            user_id: Uuid::nil(),
            email: "admin-token".into(),
            role: Role::Admin,
            tenant_id: DEFAULT_TENANT,
            organization_id: None,
            must_change_password: false,
        }
    }

    /// Whether the account may act on a record of this organization and tenant: an admin
    /// anywhere, staff in their tenant, a liaison in their organization.
    pub fn may_manage(&self, organization_id: Uuid, tenant_id: Uuid) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Coordinator | Role::FrontDesk => self.tenant_id == tenant_id,
            Role::Liaison => self.organization_id == Some(organization_id),
        }
    }
}
