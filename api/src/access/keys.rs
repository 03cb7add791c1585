//! Short-lived access tokens: HS256 JWTs carrying who the caller is.

use super::{Principal, Role};
use anyhow::Context;
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode, errors::ErrorKind,
};
use serde::{Deserialize, Serialize};
use std::path::Path;
use uuid::Uuid;

/// Issuer and audience of okienko's tokens.
const ISSUER: &str = "okienko";

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    /// The account id.
    sub: Uuid,
    email: String,
    role: Role,
    tenant: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    org: Option<Uuid>,
    /// Must change the one-time password first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pwc: bool,
    /// The account's token version when issued; a later version ends the token.
    #[serde(default)]
    ver: i32,
    iat: i64,
    exp: i64,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Well signed but past its expiry.
    Expired,
    /// Malformed, badly signed or not ours.
    Invalid,
}

/// The signing secret and the lifetime of access tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// Seconds an access token lives.
    pub access_ttl_secs: i64,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("access_ttl_secs", &self.access_ttl_secs)
            .finish_non_exhaustive()
    }
}

/// Shortest secret accepted, in bytes.
const MIN_SECRET_BYTES: usize = 32;

impl TokenKeys {
    /// Keys from a secret of at least 32 bytes.
    pub fn new(secret: &[u8], access_ttl_secs: i64) -> anyhow::Result<Self> {
        anyhow::ensure!(
            secret.len() >= MIN_SECRET_BYTES,
            "the token secret must have at least {MIN_SECRET_BYTES} bytes"
        );
        Ok(Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            access_ttl_secs,
        })
    }

    /// Keys from [`load_secret`].
    pub fn load(given: Option<&str>, file: &Path, access_ttl_secs: i64) -> anyhow::Result<Self> {
        Self::new(load_secret(given, file)?.as_bytes(), access_ttl_secs)
    }

    /// A signed access token for the principal, at token version 0.
    pub fn issue(&self, p: &Principal, now: i64) -> anyhow::Result<String> {
        self.issue_at_version(p, 0, now)
    }

    /// A signed access token for the principal at the account's current token version.
    pub fn issue_at_version(
        &self,
        p: &Principal,
        version: i32,
        now: i64,
    ) -> anyhow::Result<String> {
        let claims = Claims {
            iss: ISSUER.into(),
            aud: ISSUER.into(),
            sub: p.user_id,
            email: p.email.clone(),
            role: p.role,
            tenant: p.tenant_id,
            org: p.organization_id,
            pwc: p.must_change_password,
            ver: version,
            iat: now,
            exp: now + self.access_ttl_secs,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .context("cannot sign the access token")
    }

    /// The principal of a valid token.
    pub fn verify(&self, token: &str) -> Result<Principal, TokenError> {
        self.verify_versioned(token).map(|(p, _)| p)
    }

    /// The principal of a valid token and the token version it was issued at.
    pub fn verify_versioned(&self, token: &str) -> Result<(Principal, i32), TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[ISSUER]);
        let data =
            decode::<Claims>(token, &self.decoding, &validation).map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?;
        let c = data.claims;
        let principal = Principal {
            user_id: c.sub,
            email: c.email,
            role: c.role,
            tenant_id: c.tenant,
            organization_id: c.org,
            must_change_password: c.pwc,
        };
        Ok((principal, c.ver))
    }
}

/// The installation's secret: `given` (environment or file), else the one in `file`, created
/// with random content on first use. Several instances must be given the same secret.
pub fn load_secret(given: Option<&str>, file: &Path) -> anyhow::Result<String> {
    if let Some(secret) = given {
        return Ok(secret.trim().to_owned());
    }
    if !file.exists() {
        let secret = super::generate_password() + &super::generate_password();
        write_private(file, &secret)
            .with_context(|| format!("cannot write the token secret {}", file.display()))?;
    }
    let secret = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read the token secret {}", file.display()))?;
    Ok(secret.trim().to_owned())
}

#[cfg(unix)]
fn write_private(file: &Path, secret: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)?;
    f.write_all(secret.as_bytes())
}

#[cfg(not(unix))]
fn write_private(file: &Path, secret: &str) -> std::io::Result<()> {
    std::fs::write(file, secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, SystemClock};

    fn principal() -> Principal {
        Principal {
            user_id: Uuid::new_v4(),
            email: "k.nowak@example.org".into(),
            role: Role::Liaison,
            tenant_id: super::super::DEFAULT_TENANT,
            organization_id: Some(Uuid::new_v4()),
            must_change_password: false,
        }
    }

    #[test]
    fn a_token_round_trips_and_expires() {
        let keys = TokenKeys::new(&[7; 32], 900).expect("keys");
        let p = principal();
        let now = SystemClock.now().timestamp();
        let token = keys.issue(&p, now).expect("token");
        assert_eq!(keys.verify(&token), Ok(p.clone()));
        let old = keys.issue(&p, now - 1000).expect("token");
        assert_eq!(keys.verify(&old), Err(TokenError::Expired));
    }

    #[test]
    fn tampered_or_foreign_tokens_are_invalid() {
        let keys = TokenKeys::new(&[7; 32], 900).expect("keys");
        let other = TokenKeys::new(&[8; 32], 900).expect("keys");
        let token = keys
            .issue(&principal(), SystemClock.now().timestamp())
            .expect("token");
        assert_eq!(other.verify(&token), Err(TokenError::Invalid));
        let mut tampered = token.clone();
        tampered.insert(token.len() / 2, 'x');
        assert_eq!(keys.verify(&tampered), Err(TokenError::Invalid));
        assert_eq!(keys.verify("not a token"), Err(TokenError::Invalid));
        assert!(TokenKeys::new(b"short", 900).is_err());
    }

    #[test]
    fn a_secret_file_is_created_once() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("token-secret");
        let a = TokenKeys::load(None, &file, 900).expect("keys");
        let b = TokenKeys::load(None, &file, 900).expect("keys");
        let token = a
            .issue(&principal(), SystemClock.now().timestamp())
            .expect("token");
        assert!(b.verify(&token).is_ok());
    }
}
