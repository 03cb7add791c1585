//! Signed, expiring, single-purpose links in a liaison's e-mail: acknowledge, decline or
//! complete one referral without an account. A link is `payload.signature`, both base64url;
//! the signature is HMAC-SHA256 over the payload. Single use is enforced by the caller
//! (the link id is recorded when used).

use crate::digest::hmac_sha256;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

/// Days a link stays valid.
pub const LINK_TTL_DAYS: i64 = 14;

/// What a link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkAction {
    Acknowledge,
    Decline,
    Complete,
}

impl LinkAction {
    /// Every action.
    pub const ALL: [LinkAction; 3] = [
        LinkAction::Acknowledge,
        LinkAction::Decline,
        LinkAction::Complete,
    ];
}

/// What a link carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The link's own id (recorded when used).
    pub id: Uuid,
    /// The referral.
    pub referral: Uuid,
    /// The one thing it does.
    pub action: LinkAction,
    /// Unix time it expires.
    pub expires: i64,
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Not a link we signed, or changed since.
    Altered,
    /// Past its expiry.
    Expired,
}

/// Signs and checks links with a key derived from the installation's secret.
#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
    tracking: Vec<u8>,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner")
    }
}

type HmacSha256 = Hmac<Sha256>;

impl LinkSigner {
    /// A signer whose key is derived from `secret` (so links and access tokens never share a
    /// key).
    pub fn new(secret: &[u8]) -> Self {
        Self {
            key: hmac_sha256(secret, b"okienko referral links v1"),
            tracking: hmac_sha256(secret, b"okienko tracking codes v1"),
        }
    }

    /// The tracking code of a case: 130 bits of an HMAC of its id under a key of its own, so
    /// that nobody without the installation's secret can guess one and staff can print the
    /// slip again (the code is stored only as a hash).
    pub fn tracking_code(&self, case: Uuid) -> String {
        super::tracking::code_from(&hmac_sha256(&self.tracking, case.as_bytes()))
    }

    /// The link text for the URL path.
    pub fn sign(&self, link: &Link) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(link).unwrap_or_default());
        let signature = URL_SAFE_NO_PAD.encode(hmac_sha256(&self.key, payload.as_bytes()));
        format!("{payload}.{signature}")
    }

    /// The link, if we signed it and it has not expired at `now` (Unix time).
    pub fn verify(&self, token: &str, now: i64) -> Result<Link, LinkError> {
        let (payload, signature) = token.split_once('.').ok_or(LinkError::Altered)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| LinkError::Altered)?;
        let Ok(mut mac) = HmacSha256::new_from_slice(&self.key) else {
            return Err(LinkError::Altered);
        };
        mac.update(payload.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| LinkError::Altered)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| LinkError::Altered)?;
        let link: Link = serde_json::from_slice(&bytes).map_err(|_| LinkError::Altered)?;
        if link.expires < now {
            return Err(LinkError::Expired);
        }
        Ok(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(expires: i64) -> Link {
        Link {
            id: Uuid::new_v4(),
            referral: Uuid::new_v4(),
            action: LinkAction::Acknowledge,
            expires,
        }
    }

    #[test]
    fn a_signed_link_verifies_until_it_expires() {
        let signer = LinkSigner::new(b"secret");
        let l = link(1_000);
        let token = signer.sign(&l);
        assert_eq!(signer.verify(&token, 999), Ok(l));
        assert_eq!(signer.verify(&token, 1_001), Err(LinkError::Expired));
    }

    #[test]
    fn altered_or_foreign_links_are_refused() {
        let signer = LinkSigner::new(b"secret");
        let token = signer.sign(&link(1_000));
        let (payload, signature) = token.split_once('.').expect("two parts");
        let other = LinkSigner::new(b"other").sign(&link(1_000));
        let forged_payload = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&Link {
                action: LinkAction::Complete,
                ..link(1_000)
            })
            .expect("json"),
        );
        for bad in [
            format!("{forged_payload}.{signature}"),
            format!("{payload}x.{signature}"),
            other,
            "nonsense".into(),
        ] {
            assert_eq!(signer.verify(&bad, 0), Err(LinkError::Altered), "{bad}");
        }
    }
}
