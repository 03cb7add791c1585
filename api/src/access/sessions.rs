//! Logging in, refreshing and logging out: short-lived access tokens and rotating refresh
//! tokens stored only as hashes; a refresh token used twice revokes its whole session.

use super::{AccessError, Principal, Role, TokenKeys, verify_password};
use crate::clock::{Clock, SystemClock};
use crate::persistence::accounts::{self, Account};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Days a refresh token lives.
pub const REFRESH_TTL_DAYS: i64 = 30;
/// Failed logins in a row that lock an account.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// Minutes an account stays locked.
pub const LOCKOUT_MINUTES: i64 = 15;

/// What a login or refresh returns.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Tokens {
    /// Bearer token for `Authorization: Bearer …`.
    pub access_token: String,
    /// Single-use token for `POST /api/v1/auth/refresh`.
    pub refresh_token: String,
    /// Seconds the access token lives.
    pub expires_in: i64,
    /// Always `Bearer`.
    pub token_type: String,
}

/// Checks the password and opens a session.
pub async fn login(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    clock: &dyn Clock,
    email: &str,
    password: String,
) -> Result<Tokens, AccessError> {
    let account = check_credentials(db, clock, email, password).await?;
    open(db, keys, &account, Uuid::new_v4(), clock.now()).await
}

/// The account of an e-mail and password that may sign in now, recording the attempt:
/// a failure counts toward the lockout, a success resets it.
pub(super) async fn check_credentials(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    email: &str,
    password: String,
) -> Result<Account, AccessError> {
    let email = email.trim().to_lowercase();
    let account = accounts::account_by_email(db, &email).await?;
    let now = clock.now();
    // Unknown, disabled, locked and wrong-password attempts answer alike, after the same
    // password hashing, so that the answer tells nothing about the account.
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let matches = verify_password(password, stored).await;
    let locked = account
        .as_ref()
        .and_then(|a| a.locked_until)
        .is_some_and(|until| until > now);
    let account = match account {
        Some(a) if matches && !locked && !a.disabled => a,
        Some(a) => {
            if !matches && !locked {
                let until = now + Duration::minutes(LOCKOUT_MINUTES);
                accounts::record_failed_login(db, a.id, MAX_FAILED_LOGINS, until).await?;
            }
            return Err(AccessError::WrongCredentials);
        }
        None => return Err(AccessError::WrongCredentials),
    };
    accounts::record_login(db, account.id).await?;
    tracing::info!(user_id = %account.id, role = account.role, "login");
    Ok(account)
}

/// Exchanges a live refresh token for new tokens; the old one is spent.
pub async fn refresh(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    clock: &dyn Clock,
    token: &str,
) -> Result<Tokens, AccessError> {
    let stored = accounts::refresh_token_by_hash(db, &hash_token(token))
        .await?
        .ok_or(AccessError::InvalidRefreshToken)?;
    let now = clock.now();
    if stored.revoked_at.is_some() || !accounts::revoke_refresh_token(db, stored.id, now).await? {
        // A spent token presented again: someone may hold a copy. End the whole session.
        accounts::revoke_refresh_family(db, stored.family_id, now).await?;
        tracing::warn!(user_id = %stored.user_id, "refresh token reused; session revoked");
        return Err(AccessError::InvalidRefreshToken);
    }
    if stored.expires_at <= now {
        return Err(AccessError::InvalidRefreshToken);
    }
    let account = accounts::account_by_id(db, stored.user_id)
        .await?
        .filter(|a| !a.disabled)
        .ok_or(AccessError::InvalidRefreshToken)?;
    open(db, keys, &account, stored.family_id, now).await
}

/// Logs the account of a refresh token out: every access and refresh token issued to it
/// before ends now. Returns the account, if the token named one.
pub async fn logout(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    token: &str,
) -> Result<Option<Uuid>, AccessError> {
    let Some(stored) = accounts::refresh_token_by_hash(db, &hash_token(token)).await? else {
        return Ok(None);
    };
    accounts::end_sessions(db, stored.user_id, clock.now()).await?;
    tracing::info!(user_id = %stored.user_id, "logout");
    Ok(Some(stored.user_id))
}

/// The principal an account acts as.
pub fn principal(account: &Account) -> Result<Principal, AccessError> {
    let role = Role::parse(&account.role).ok_or_else(|| {
        AccessError::Unexpected(anyhow::anyhow!(
            "account {} has role {}",
            account.id,
            account.role
        ))
    })?;
    Ok(Principal {
        user_id: account.id,
        email: account.email.clone(),
        role,
        tenant_id: account.tenant_id,
        organization_id: account.organization_id,
        must_change_password: account.must_change_password,
    })
}

/// Replaces the caller's password (checking the current one) and ends all their sessions.
pub async fn change_password(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    p: &Principal,
    current: String,
    new: String,
) -> Result<(), AccessError> {
    let account = accounts::account_by_id(db, p.user_id)
        .await?
        .ok_or(AccessError::WrongCredentials)?;
    if !verify_password(current, Some(account.password_hash)).await {
        return Err(AccessError::WrongCurrentPassword);
    }
    replace_password(db, clock, account.id, new).await?;
    tracing::info!(user_id = %account.id, "password changed");
    Ok(())
}

/// Sets an account's new password (at least the minimum length) and ends all its sessions.
pub(super) async fn replace_password(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    account: Uuid,
    new: String,
) -> Result<(), AccessError> {
    let min = super::accounts::MIN_PASSWORD_CHARS;
    if new.chars().count() < min {
        return Err(AccessError::PasswordTooShort { min });
    }
    let hash = super::hash_password(new).await?;
    accounts::set_password(db, account, hash).await?;
    accounts::end_sessions(db, account, clock.now()).await?;
    Ok(())
}

/// Opens a session at `now`: a refresh token living [`REFRESH_TTL_DAYS`] from then.
async fn open(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    account: &Account,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<Tokens, AccessError> {
    // jsonwebtoken checks `exp` against the system clock, so access tokens are dated by it too.
    let issued = SystemClock.now().timestamp();
    let access_token =
        keys.issue_at_version(&principal(account)?, account.token_version, issued)?;
    let refresh_token = random_token();
    accounts::insert_refresh_token(
        db,
        account.id,
        family,
        hash_token(&refresh_token),
        now + Duration::days(REFRESH_TTL_DAYS),
        now,
    )
    .await?;
    Ok(Tokens {
        access_token,
        refresh_token,
        expires_in: keys.access_ttl_secs,
        token_type: "Bearer".into(),
    })
}

/// A fresh 256-bit token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Refresh tokens are stored as SHA-256 hex: 256 random bits need no slow hash.
pub(super) fn hash_token(token: &str) -> String {
    crate::digest::sha256_hex(token.as_bytes())
}
