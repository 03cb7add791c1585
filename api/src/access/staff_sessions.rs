//! Sessions of the staff panel: a random token in an HttpOnly cookie, stored only as a hash
//! beside the API's refresh tokens, so that logging out everywhere, a password change and
//! every change of role or account end panel sessions too. Forms carry a CSRF token derived
//! from the session's secret, never stored and never valid for another session.

use super::sessions::{check_credentials, hash_token, principal, random_token};
use super::{AccessError, Principal};
use crate::clock::Clock;
use crate::persistence::accounts;
use chrono::Duration;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

/// Hours a panel session lives after signing in: one working day.
pub const STAFF_SESSION_HOURS: i64 = 10;

/// A signed-in panel session, as found from its cookie.
#[derive(Debug, Clone)]
pub struct StaffSession {
    /// Who is signed in.
    pub principal: Principal,
    /// The token every form of this session must carry.
    pub csrf: String,
    /// The session's family of tokens (logging out revokes it).
    family: Uuid,
}

impl StaffSession {
    /// Whether a form's CSRF token is this session's.
    pub fn accepts(&self, csrf: &str) -> bool {
        same_secret(csrf.as_bytes(), self.csrf.as_bytes())
    }
}

/// Checks the credentials and opens a session; returns the cookie's token and who signed in.
pub async fn sign_in(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    email: &str,
    password: String,
) -> Result<(String, Principal), AccessError> {
    let account = check_credentials(db, clock, email, password).await?;
    let now = clock.now();
    let token = random_token();
    accounts::insert_refresh_token(
        db,
        account.id,
        Uuid::new_v4(),
        hash_token(&token),
        now + Duration::hours(STAFF_SESSION_HOURS),
        now,
    )
    .await?;
    Ok((token, principal(&account)?))
}

/// The live session of a cookie's token: not revoked, not expired, its account enabled.
pub async fn find(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    token: &str,
) -> Result<Option<StaffSession>, AccessError> {
    let Some(stored) = accounts::refresh_token_by_hash(db, &hash_token(token)).await? else {
        return Ok(None);
    };
    if stored.revoked_at.is_some() || stored.expires_at <= clock.now() {
        return Ok(None);
    }
    let Some(account) = accounts::account_by_id(db, stored.user_id)
        .await?
        .filter(|a| !a.disabled)
    else {
        return Ok(None);
    };
    Ok(Some(StaffSession {
        principal: principal(&account)?,
        csrf: csrf_of(token),
        family: stored.family_id,
    }))
}

/// Ends this session (other sessions of the account stay).
pub async fn sign_out(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    session: &StaffSession,
) -> Result<(), AccessError> {
    accounts::revoke_refresh_family(db, session.family, clock.now()).await?;
    tracing::info!(user_id = %session.principal.user_id, "panel sign-out");
    Ok(())
}

/// The CSRF token of a session: a one-way function of its secret.
fn csrf_of(token: &str) -> String {
    crate::digest::sha256_hex(format!("okienko-panel-csrf|{token}").as_bytes())
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_belong_to_one_session() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(csrf_of(&a), csrf_of(&a));
        assert_ne!(csrf_of(&a), csrf_of(&b));
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd") && !same_secret(b"abc", b"ab"));
    }
}
