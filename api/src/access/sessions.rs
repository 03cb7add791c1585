//! Logging in, refreshing and logging out: short-lived access tokens and rotating refresh
//! tokens stored only as hashes; a refresh token used twice revokes its whole session.

use super::{Principal, Role, TokenKeys, verify_password};
use crate::error::{ApiError, ErrorCode};
use crate::persistence::accounts::{self, Account};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
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
    email: &str,
    password: String,
) -> Result<Tokens, ApiError> {
    let email = email.trim().to_lowercase();
    let account = accounts::account_by_email(db, &email).await?;
    let now = Utc::now();
    if let Some(locked) = account.as_ref().and_then(|a| a.locked_until)
        && locked > now
    {
        let seconds = u64::try_from((locked - now).num_seconds()).unwrap_or(1);
        return Err(ApiError::new(
            ErrorCode::AccountLocked,
            format!("Po {MAX_FAILED_LOGINS} nieudanych próbach konto jest zablokowane na {LOCKOUT_MINUTES} minut."),
            format!("After {MAX_FAILED_LOGINS} failed attempts the account is locked for {LOCKOUT_MINUTES} minutes."),
        )
        .retry_after(seconds));
    }
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    if !verify_password(password, stored).await {
        if let Some(a) = &account {
            let until = now + Duration::minutes(LOCKOUT_MINUTES);
            accounts::record_failed_login(db, a, MAX_FAILED_LOGINS, until).await?;
        }
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "Nieprawidłowy e-mail lub hasło.",
            "Wrong e-mail or password.",
        ));
    }
    let Some(account) = account else {
        return Err(ApiError::bare(ErrorCode::InvalidCredentials));
    };
    accounts::record_login(db, account.id).await?;
    tracing::info!(user_id = %account.id, role = account.role, "login");
    open(db, keys, &account, Uuid::new_v4()).await
}

/// Exchanges a live refresh token for new tokens; the old one is spent.
pub async fn refresh(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    token: &str,
) -> Result<Tokens, ApiError> {
    let stored = accounts::refresh_token_by_hash(db, &hash_token(token))
        .await?
        .ok_or_else(invalid_refresh)?;
    if stored.revoked_at.is_some() || !accounts::revoke_refresh_token(db, stored.id).await? {
        // A spent token presented again: someone may hold a copy. End the whole session.
        accounts::revoke_refresh_family(db, stored.family_id).await?;
        tracing::warn!(user_id = %stored.user_id, "refresh token reused; session revoked");
        return Err(invalid_refresh());
    }
    if stored.expires_at <= Utc::now() {
        return Err(invalid_refresh());
    }
    let account = accounts::account_by_id(db, stored.user_id)
        .await?
        .ok_or_else(invalid_refresh)?;
    open(db, keys, &account, stored.family_id).await
}

/// Ends the session of a refresh token (every token rotated from the same login).
pub async fn logout(db: &DatabaseConnection, token: &str) -> Result<(), ApiError> {
    if let Some(stored) = accounts::refresh_token_by_hash(db, &hash_token(token)).await? {
        accounts::revoke_refresh_family(db, stored.family_id).await?;
    }
    Ok(())
}

/// The principal an account acts as.
pub fn principal(account: &Account) -> Result<Principal, ApiError> {
    let role = Role::parse(&account.role).ok_or_else(|| {
        ApiError::Unexpected(anyhow::anyhow!(
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
    p: &Principal,
    current: String,
    new: String,
) -> Result<(), ApiError> {
    let account = accounts::account_by_id(db, p.user_id)
        .await?
        .ok_or_else(|| ApiError::bare(ErrorCode::InvalidCredentials))?;
    if !verify_password(current, Some(account.password_hash)).await {
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "Obecne hasło jest nieprawidłowe.",
            "The current password is wrong.",
        ));
    }
    if new.chars().count() < super::accounts::MIN_PASSWORD_CHARS {
        return Err(ApiError::validation(vec![crate::error::FieldError {
            pointer: "/new_password".into(),
            code: ErrorCode::InvalidValue.as_str().into(),
            detail: format!(
                "at least {} characters",
                super::accounts::MIN_PASSWORD_CHARS
            ),
        }]));
    }
    let hash = super::hash_password(new).await?;
    accounts::set_password(db, account.id, hash).await?;
    accounts::revoke_all_sessions(db, account.id).await?;
    tracing::info!(user_id = %account.id, "password changed");
    Ok(())
}

async fn open(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    account: &Account,
    family: Uuid,
) -> Result<Tokens, ApiError> {
    let now = Utc::now();
    let access_token = keys.issue(&principal(account)?, now.timestamp())?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let refresh_token = URL_SAFE_NO_PAD.encode(bytes);
    accounts::insert_refresh_token(
        db,
        account.id,
        family,
        hash_token(&refresh_token),
        now + Duration::days(REFRESH_TTL_DAYS),
    )
    .await?;
    Ok(Tokens {
        access_token,
        refresh_token,
        expires_in: keys.access_ttl_secs,
        token_type: "Bearer".into(),
    })
}

/// Refresh tokens are stored as SHA-256 hex: 256 random bits need no slow hash.
fn hash_token(token: &str) -> String {
    crate::digest::sha256_hex(token.as_bytes())
}

fn invalid_refresh() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidRefreshToken,
        "Token odświeżania jest nieważny, wykorzystany lub wygasł; zaloguj się ponownie.",
        "The refresh token is invalid, used or expired; log in again.",
    )
}
