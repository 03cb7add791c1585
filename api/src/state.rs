//! What every request handler shares.

use crate::access::{RateLimiter, Revocations, TokenKeys};
use crate::clock::SharedClock;
use crate::domain::network::AddressList;
use crate::outbox::webhook_target::WebhookPolicy;
use crate::referral::Referrals;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared application state: the database pool, searching, the use cases' handles and staff
/// credentials.
#[derive(Clone)]
pub struct AppState {
    /// Searching and what it works with.
    pub search: crate::services::search::Searching,
    /// Database pool.
    pub db: DatabaseConnection,
    /// The installation's admin bearer token (`OKIENKO_ADMIN_TOKEN`), if set.
    pub admin_token: Option<Arc<str>>,
    /// Signs and checks access tokens.
    pub keys: Arc<TokenKeys>,
    /// Login attempts per client address.
    pub login_limiter: Arc<RateLimiter>,
    /// Signs and checks the panel's password-reset links.
    pub resets: Arc<crate::access::password_reset::PasswordResets>,
    /// Tracking-page attempts per client address.
    pub track_limiter: Arc<RateLimiter>,
    /// Failed bearer-token attempts per client address (`None`: unlimited).
    pub bearer_limiter: Option<Arc<RateLimiter>>,
    /// Accounts' token versions: sessions that ended are refused at once.
    pub revocations: Arc<Revocations>,
    /// Reverse proxies whose forwarding headers name the client.
    pub trusted_proxies: Arc<AddressList>,
    /// Where partners' webhooks may point.
    pub webhooks: WebhookPolicy,
    /// Public referral requests per client address (`None`: unlimited).
    pub referral_limiter: Option<Arc<RateLimiter>>,
    /// The referral use cases.
    pub referrals: Referrals,
    /// The partners' self-service use cases.
    pub editing: crate::editing::Editing,
    /// The time okienko works by.
    pub clock: SharedClock,
    /// Base of links in e-mail.
    pub public_url: Arc<str>,
    /// Who may frame the embeddable pages (CSP `frame-ancestors`).
    pub frame_ancestors: Arc<str>,
}
