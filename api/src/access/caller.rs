//! Who is calling: set by the authorization middleware, read by handlers.

use super::{DEFAULT_TENANT, Role};
use crate::error::{ApiError, ErrorCode};
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload};
use std::future::{Ready, ready};
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

    /// [`Self::may_manage`] as an error.
    pub fn check_manage(&self, organization_id: Uuid, tenant_id: Uuid) -> Result<(), ApiError> {
        if self.may_manage(organization_id, tenant_id) {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                "To konto nie ma dostępu do danych tej organizacji.",
                "This account has no access to this organization's records.",
            ))
        }
    }
}

/// The caller of a request on an endpoint that needs an account: the authorization
/// middleware has already refused anonymous calls, so a missing principal is a bug in the
/// table and answers 401.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Principal>()
                .cloned()
                .map(Caller)
                .ok_or_else(|| ApiError::bare(ErrorCode::Unauthorized)),
        )
    }
}
