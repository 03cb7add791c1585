//! Who an account is in a CUS: its role, and the tenant every installation starts with.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The tenant every database starts with: the CUS the instance was set up for. Gminy not
/// assigned to another tenant, and their organizations, belong to it.
pub const DEFAULT_TENANT: Uuid = Uuid::from_u128(0x6f6b_6965_6e6b_6f00_0000_0000_0000_0001);

/// What an account may do; see [`policy::RULES`] for the endpoints of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the installation: every tenant, accounts, imports.
    Admin,
    /// A CUS coordinator (OUS/KIPUS): the tenant's directory, approvals, stale offers.
    Coordinator,
    /// Front-desk staff of the CUS: reads what residents need, refers them.
    FrontDesk,
    /// A partner's liaison: the services of one organization.
    Liaison,
}

impl Role {
    /// Every role, for tables and tests.
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Coordinator,
        Role::FrontDesk,
        Role::Liaison,
    ];

    /// The stable code (`front_desk`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::FrontDesk => "front_desk",
            Role::Liaison => "liaison",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(
                serde_json::to_value(role).expect("json"),
                serde_json::json!(role.as_str())
            );
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
