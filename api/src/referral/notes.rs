//! Internal notes on a referral (staff and the partner's liaison see them, the resident never
//! does; erased with the case's personal data), and the notices on a member of staff's screen
//! about referrals they answer for that were declined or expired.

use super::reading::check_access;
use super::request::MAX_NEED_CHARS;
use super::{ReferralError, Referrals, Status};
use crate::access::Principal;
use crate::error::ErrorCode;
use crate::persistence::referral_desk::{self as desk_store, Note};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A note as staff read it.
#[derive(Debug, Clone)]
pub struct NoteView {
    /// Who wrote it (their e-mail).
    pub author: String,
    /// What.
    pub text: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A declined or expired referral on a staff screen.
#[derive(Debug, Clone)]
pub struct StaffNotice {
    /// The referral.
    pub referral_id: Uuid,
    /// Its service.
    pub service_name: String,
    /// `declined` or `expired`.
    pub status: Status,
    /// When it happened.
    pub at: DateTime<Utc>,
}

/// Notices shown at most on one screen.
const NOTICES_SHOWN: u64 = 20;

impl Referrals {
    /// Adds a note to a referral the account may see (1 to 2 000 characters).
    pub async fn add_note(&self, p: &Principal, id: Uuid, text: &str) -> Result<(), ReferralError> {
        let r = self.referral(id).await?;
        check_access(p, &r)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(ReferralError::field(
                "/text",
                ErrorCode::MissingField,
                "the note is empty",
            ));
        }
        if text.chars().count() > MAX_NEED_CHARS {
            return Err(ReferralError::field(
                "/text",
                ErrorCode::TextTooLong,
                format!("at most {MAX_NEED_CHARS} characters"),
            ));
        }
        let note = Note {
            id: Uuid::new_v4(),
            referral_id: id,
            author: p.email.clone(),
            author_id: Some(p.user_id).filter(|u| !u.is_nil()),
            text: text.to_owned(),
            at: self.clock.now(),
        };
        desk_store::insert_note(&self.db, note).await?;
        tracing::info!(referral_id = %id, "note added");
        Ok(())
    }

    /// The notes of a referral the account may see, oldest first.
    pub async fn notes(&self, p: &Principal, id: Uuid) -> Result<Vec<NoteView>, ReferralError> {
        let r = self.referral(id).await?;
        check_access(p, &r)?;
        Ok(desk_store::notes_of(&self.db, id)
            .await?
            .into_iter()
            .map(|n| NoteView {
                author: n.author,
                text: n.text,
                at: n.at,
            })
            .collect())
    }

    /// The declined or expired referrals the account has not opened since, newest first.
    pub async fn notices(&self, p: &Principal) -> Result<Vec<StaffNotice>, ReferralError> {
        Ok(
            desk_store::unseen_notices(&self.db, p.user_id, NOTICES_SHOWN)
                .await?
                .into_iter()
                .map(|(n, r)| StaffNotice {
                    referral_id: r.id,
                    service_name: r.service_name,
                    status: Status::parse(&n.status).unwrap_or(Status::Declined),
                    at: n.created_at,
                })
                .collect(),
        )
    }

    /// The account opened the referral: its notices about it leave the screen.
    pub async fn notices_seen(&self, p: &Principal, id: Uuid) -> Result<(), ReferralError> {
        desk_store::mark_seen(&self.db, p.user_id, id, self.clock.now()).await?;
        Ok(())
    }
}
