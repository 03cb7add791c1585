//! The printed slip a resident takes from the counter: the referral, its liaison and the
//! tracking code, which only staff of the case may print (each print is audited).

use super::reading::{check_access, status_of};
use super::{ReferralError, Referrals, Status, tracking};
use crate::access::Principal;
use crate::i18n::Lang;
use crate::persistence::referrals as store;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What the slip of one referral shows.
#[derive(Debug, Clone)]
pub struct Slip {
    /// The referral.
    pub referral_id: Uuid,
    /// The service it went to.
    pub service_id: Uuid,
    /// Its name when referred.
    pub service_name: String,
    /// The liaison (or deputy) it went to.
    pub liaison_id: Option<Uuid>,
    /// Their name.
    pub liaison_name: String,
    /// Status now.
    pub status: Status,
    /// When the liaison is to get in touch by.
    pub due_at: DateTime<Utc>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// The code to follow the case; `None` if it can no longer be derived (the installation's
    /// secret changed since).
    pub tracking_code: Option<String>,
    /// Where the resident follows the case.
    pub track_url: String,
    /// The language the resident reads.
    pub language: Lang,
    /// The resident left no phone or e-mail: they get in touch themselves.
    pub no_contact: bool,
}

impl Referrals {
    /// The slip of a referral, for staff who may see it; the print is audited.
    pub async fn slip(&self, p: &Principal, id: Uuid) -> Result<Slip, ReferralError> {
        let r = self.referral(id).await?;
        check_access(p, &r)?;
        let case = store::case_by_id(&self.db, r.case_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("referral {id} has no case"))?;
        if case.anonymized_at.is_some() {
            return Err(ReferralError::Erased);
        }
        self.audit(p, case.id, "print_slip").await?;
        let code = self.links.tracking_code(case.id);
        let language = super::refusals::language_of(&case);
        Ok(Slip {
            referral_id: r.id,
            service_id: r.service_id,
            service_name: r.service_name.clone(),
            liaison_id: r.liaison_id,
            liaison_name: r.liaison_name.clone(),
            status: status_of(&r),
            due_at: r.due_at,
            created_at: r.created_at,
            tracking_code: (tracking::hash_code(&code) == case.tracking_hash).then_some(code),
            track_url: format!("{}/embed/track", self.public_url.trim_end_matches('/')),
            language,
            no_contact: case.preferred.is_none(),
        })
    }
}
