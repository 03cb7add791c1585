//! Setting a forgotten password through a link sent by e-mail. The link carries the account,
//! its expiry and an HMAC over both and the account's current password hash, under a key of
//! its own derived from the installation's secret: nothing is stored, the link stops working
//! once the password changes (so it works once) and after [`RESET_LINK_MINUTES`].

use super::AccessError;
use crate::clock::Clock;
use crate::digest::hmac_sha256;
use crate::outbox::{Delivery, enqueue};
use crate::persistence::accounts::{self, Account};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

/// Minutes a reset link works.
pub const RESET_LINK_MINUTES: i64 = 60;

/// Signs and checks reset links.
#[derive(Clone)]
pub struct PasswordResets {
    key: Vec<u8>,
}

impl std::fmt::Debug for PasswordResets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordResets")
    }
}

impl PasswordResets {
    /// Links signed with a key derived from `secret`.
    pub fn new(secret: &[u8]) -> Self {
        Self {
            key: hmac_sha256(secret, b"okienko password reset links v1"),
        }
    }

    fn signature(&self, account: &Account, expires: i64) -> String {
        let message = format!("{}.{expires}.{}", account.id, account.password_hash);
        URL_SAFE_NO_PAD.encode(hmac_sha256(&self.key, message.as_bytes()))
    }

    /// The token of a link for `account`, working until `expires` (Unix time).
    fn token(&self, account: &Account, expires: i64) -> String {
        format!(
            "{}.{expires}.{}",
            account.id.simple(),
            self.signature(account, expires)
        )
    }

    /// Queues the e-mail with a reset link when `email` names an enabled account; answers
    /// the same either way, so that the form tells nobody which addresses have accounts.
    pub async fn request(
        &self,
        db: &DatabaseConnection,
        clock: &dyn Clock,
        email: &str,
        public_url: &str,
    ) -> Result<(), AccessError> {
        let email = email.trim().to_lowercase();
        let Some(account) = accounts::account_by_email(db, &email)
            .await?
            .filter(|a| !a.disabled)
        else {
            return Ok(());
        };
        let now = clock.now();
        let expires = (now + Duration::minutes(RESET_LINK_MINUTES)).timestamp();
        let link = format!(
            "{}/panel/password/reset?token={}",
            public_url.trim_end_matches('/'),
            self.token(&account, expires)
        );
        let mail = Delivery::Email {
            to: account.email.clone(),
            subject: "Okienko: ustawienie nowego hasła".into(),
            body: format!(
                "Dzień dobry,\n\nktoś (zapewne Ty) poprosił o ustawienie nowego hasła do panelu okienka \
                 dla konta {email}.\nNowe hasło ustawisz tutaj (link działa {RESET_LINK_MINUTES} minut i tylko raz):\n\
                 {link}\n\nJeśli to nie Ty, zignoruj tę wiadomość – hasło się nie zmieni.\n\n\
                 Wiadomość wysłana automatycznie przez okienko.\n",
                email = account.email,
            ),
            marks_sent: false,
            referrals: Vec::new(),
        };
        enqueue(db, &mail, None, account.tenant_id, now).await?;
        tracing::info!(user_id = %account.id, "password reset link queued");
        Ok(())
    }

    /// The account of a link that still works.
    pub async fn check(
        &self,
        db: &DatabaseConnection,
        clock: &dyn Clock,
        token: &str,
    ) -> Result<Account, AccessError> {
        let mut parts = token.trim().splitn(3, '.');
        let (Some(id), Some(expires), Some(signature)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(AccessError::InvalidResetLink);
        };
        let id = Uuid::parse_str(id).map_err(|_| AccessError::InvalidResetLink)?;
        let expires: i64 = expires.parse().map_err(|_| AccessError::InvalidResetLink)?;
        if expires < clock.now().timestamp() {
            return Err(AccessError::InvalidResetLink);
        }
        let account = accounts::account_by_id(db, id)
            .await?
            .filter(|a| !a.disabled)
            .ok_or(AccessError::InvalidResetLink)?;
        let expected = self.signature(&account, expires);
        if super::staff_sessions::same_secret(expected.as_bytes(), signature.as_bytes()) {
            Ok(account)
        } else {
            Err(AccessError::InvalidResetLink)
        }
    }

    /// Sets the password of a link's account and ends all its sessions; the link is spent.
    pub async fn reset(
        &self,
        db: &DatabaseConnection,
        clock: &dyn Clock,
        token: &str,
        new: String,
    ) -> Result<Account, AccessError> {
        let account = self.check(db, clock, token).await?;
        super::sessions::replace_password(db, clock, account.id, new).await?;
        tracing::info!(user_id = %account.id, "password reset by e-mail link");
        Ok(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(hash: &str) -> Account {
        Account {
            id: Uuid::from_u128(7),
            email: "a@example.org".into(),
            password_hash: hash.into(),
            role: "liaison".into(),
            tenant_id: Uuid::nil(),
            organization_id: None,
            disabled: false,
            failed_logins: 0,
            locked_until: None,
            must_change_password: false,
            token_version: 0,
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_link_is_bound_to_the_password_it_was_made_for() {
        let resets = PasswordResets::new(b"secret");
        let token = resets.token(&account("hash-1"), 100);
        let signature = token.rsplit('.').next().unwrap_or_default();
        assert_eq!(signature, resets.signature(&account("hash-1"), 100));
        assert_ne!(signature, resets.signature(&account("hash-2"), 100));
        assert_ne!(signature, resets.signature(&account("hash-1"), 101));
        let other = PasswordResets::new(b"another secret");
        assert_ne!(signature, other.signature(&account("hash-1"), 100));
    }
}
