//! Who may do what: roles, accounts and their tokens, tenants, and the one authorization table
//! every request passes through.

pub mod accounts;
mod caller;
mod error;
mod keys;
mod password;
pub mod password_reset;
pub mod policy;
mod rate_limit;
mod revocation;
pub mod sessions;
pub mod staff_sessions;

pub use crate::domain::{DEFAULT_TENANT, Role};
pub use caller::Principal;
pub use error::AccessError;
pub use keys::{TokenError, TokenKeys, load_secret};
pub use password::{generate_password, hash_password, verify_password};
pub use rate_limit::RateLimiter;
pub use revocation::Revocations;
