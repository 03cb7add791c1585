//! Ending access now: every access token carries its account's token version, which logout,
//! a password, role or organization change and disabling raise. Checked on every request
//! through a small cache that this instance empties on its own changes; other instances (and
//! the `okienko user` command) are noticed when an entry is older than the sync interval.

use crate::persistence::accounts;
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Entries kept before the oldest are swept.
const SWEEP_AT: usize = 10_000;

/// The cache of accounts' token versions.
#[derive(Debug)]
pub struct Revocations {
    ttl: Duration,
    entries: Mutex<HashMap<Uuid, (Option<i32>, Instant)>>,
}

impl Revocations {
    /// A cache whose entries are trusted for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a token of `version` for the account is still good: the account exists, is
    /// not disabled and has not raised its version since.
    pub async fn is_current(
        &self,
        db: &impl ConnectionTrait,
        user_id: Uuid,
        version: i32,
    ) -> Result<bool, DbErr> {
        let now = Instant::now();
        let cached = self
            .entries
            .lock()
            .ok()
            .and_then(|e| e.get(&user_id).copied())
            .filter(|(_, at)| now.duration_since(*at) < self.ttl);
        let current = match cached {
            Some((current, _)) => current,
            None => {
                let current = accounts::token_state(db, user_id)
                    .await?
                    .and_then(|(v, disabled)| (!disabled).then_some(v));
                if let Ok(mut entries) = self.entries.lock() {
                    if entries.len() >= SWEEP_AT {
                        let ttl = self.ttl;
                        entries.retain(|_, (_, at)| now.duration_since(*at) < ttl);
                    }
                    entries.insert(user_id, (current, now));
                }
                current
            }
        };
        Ok(current == Some(version))
    }

    /// Forgets what is cached of an account after this instance changed it.
    pub fn forget(&self, user_id: Uuid) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(&user_id);
        }
    }
}
