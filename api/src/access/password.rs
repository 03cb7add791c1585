//! Password hashing with Argon2id (the crate's defaults: 19 MiB, 2 passes), off the async
//! threads.

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use rand::Rng;
use rand::distr::Alphanumeric;
use std::sync::LazyLock;

/// Length of generated one-time passwords (about 119 bits).
const GENERATED_LENGTH: usize = 20;

/// A PHC string (`$argon2id$v=19$…`) for the password, with a random salt.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        hash_now(&password).map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
    })
    .await
    .context("the hashing task failed")?
}

fn hash_now(password: &str) -> argon2::password_hash::Result<String> {
    let hash: PasswordHash = Argon2::default().hash_password(password.as_bytes())?;
    Ok(hash.to_string())
}

/// Whether the password matches the stored hash; with no hash it still spends the time of a
/// check, so that unknown accounts answer as slowly as wrong passwords.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        matches && known
    })
    .await
    .unwrap_or(false)
}

/// A hash of a random password nobody knows, checked against when an account does not exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now(&generate_password()).unwrap_or_default());

/// A random one-time password (letters and digits).
pub fn generate_password() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(GENERATED_LENGTH)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse".into(), Some(hash.clone())).await);
        assert!(!verify_password("correct hors".into(), Some(hash)).await);
        assert!(!verify_password("anything".into(), None).await);
    }

    #[test]
    fn generated_passwords_differ() {
        let a = generate_password();
        assert_eq!(a.len(), GENERATED_LENGTH);
        assert_ne!(a, generate_password());
    }
}
