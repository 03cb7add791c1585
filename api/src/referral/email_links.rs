//! The signed, single-use links in a liaison's e-mail: checked without being used (the page
//! asks to confirm), then used for their one step.

use super::links::{LINK_TTL_DAYS, Link, LinkAction, LinkError};
use super::{Actor, DeclineReason, ReferralError, Referrals, Status};
use crate::error::ErrorCode;
use crate::persistence::referrals::{self as store, Referral};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// What a signed link leads to.
#[derive(Debug, Clone)]
pub enum LinkState {
    /// Ready to act.
    Ready { link: Link, referral: Box<Referral> },
    /// Refused, with why.
    Refused(LinkRefusal),
}

/// Why a link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    Altered,
    Expired,
    Used,
    /// The referral moved on so that this step no longer applies.
    NotApplicable,
}

fn target(action: LinkAction) -> Status {
    match action {
        LinkAction::Acknowledge => Status::Acknowledged,
        LinkAction::Decline => Status::Declined,
        LinkAction::Complete => Status::Completed,
    }
}

impl Referrals {
    /// Checks a link without using it.
    pub async fn open_link(&self, token: &str) -> Result<LinkState, ReferralError> {
        let now = self.clock.now().timestamp();
        let link = match self.links.verify(token, now) {
            Ok(link) => link,
            Err(LinkError::Altered) => return Ok(LinkState::Refused(LinkRefusal::Altered)),
            Err(LinkError::Expired) => return Ok(LinkState::Refused(LinkRefusal::Expired)),
        };
        if store::link_used(&self.db, link.id).await? {
            return Ok(LinkState::Refused(LinkRefusal::Used));
        }
        let Some(referral) = store::referral_by_id(&self.db, link.referral).await? else {
            return Ok(LinkState::Refused(LinkRefusal::NotApplicable));
        };
        if !super::reading::status_of(&referral).can_become(target(link.action)) {
            return Ok(LinkState::Refused(LinkRefusal::NotApplicable));
        }
        Ok(LinkState::Ready {
            link,
            referral: Box::new(referral),
        })
    }

    /// Uses a link checked by [`Referrals::open_link`]: its one step, once (a decline needs
    /// its reason).
    pub async fn use_link(
        &self,
        link: &Link,
        reason: Option<DeclineReason>,
        note: Option<String>,
    ) -> Result<Result<Referral, LinkRefusal>, ReferralError> {
        if link.action == LinkAction::Decline && reason.is_none() {
            return Err(ReferralError::field(
                "/reason",
                ErrorCode::MissingField,
                "choose a reason",
            ));
        }
        if !store::use_link(&self.db, link.id, self.clock.now()).await? {
            return Ok(Err(LinkRefusal::Used));
        }
        let step = self
            .transition(
                &Actor::Link,
                link.referral,
                target(link.action),
                reason,
                note,
                None,
            )
            .await;
        match step {
            Ok(r) => Ok(Ok(r)),
            Err(ReferralError::InvalidTransition { .. } | ReferralError::Conflict) => {
                Ok(Err(LinkRefusal::NotApplicable))
            }
            Err(e) => Err(e),
        }
    }

    /// A new link for one step of a referral, valid for [`LINK_TTL_DAYS`].
    pub fn link_for(&self, referral: Uuid, action: LinkAction, now: DateTime<Utc>) -> String {
        self.links.sign(&Link {
            id: Uuid::new_v4(),
            referral,
            action,
            expires: (now + Duration::days(LINK_TTL_DAYS)).timestamp(),
        })
    }
}
