//! Why a referral use case refused or failed. The HTTP layer maps each variant to a problem
//! document; a form handler to a message next to the field.

use super::Status;
use crate::error::{ErrorCode, FieldError};
use uuid::Uuid;

/// The outcome of a referral use case that did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ReferralError {
    /// Fields of the request are invalid (each with its pointer and code).
    #[error("{} invalid field(s)", .0.len())]
    Invalid(Vec<FieldError>),
    /// An idempotency key is empty or longer than 200 characters.
    #[error("the idempotency key must have 1 to 200 characters")]
    InvalidIdempotencyKey,
    /// The idempotency key was used before with another request.
    #[error("the idempotency key was used with another request")]
    IdempotencyKeyReused,
    /// No such referral.
    #[error("no referral {0}")]
    NotFound(Uuid),
    /// No such case.
    #[error("no case {0}")]
    CaseNotFound(Uuid),
    /// No case has this tracking code.
    #[error("no case has this tracking code")]
    UnknownTrackingCode,
    /// The referral changed since the caller read it.
    #[error("the referral changed (now version {current})")]
    VersionMismatch {
        /// The version in force.
        current: i32,
    },
    /// The lifecycle does not allow this step.
    #[error("a referral in status {} cannot become {}", from.as_str(), to.as_str())]
    InvalidTransition {
        /// The status now.
        from: Status,
        /// The status asked for.
        to: Status,
    },
    /// `new`, `sent` and `expired` are set by okienko only.
    #[error("only okienko sets this status")]
    SystemStatus,
    /// Only a declined or expired referral can go to another service.
    #[error("only a declined or expired referral can be re-routed")]
    NotDeclined,
    /// The case's personal data was erased: nobody can be referred on.
    #[error("the case's personal data was erased")]
    Erased,
    /// Someone else changed the referral at the same moment.
    #[error("changed concurrently")]
    Conflict,
    /// Front-desk staff may cancel a referral, nothing else.
    #[error("front-desk staff may only cancel")]
    FrontDeskMayOnlyCancel,
    /// The account may not see or act on this organization's referrals.
    #[error("no access to this organization's referrals")]
    NoAccess,
    /// The case belongs to another tenant.
    #[error("the case belongs to another tenant")]
    OtherTenant,
    /// The database refused or is away.
    #[error(transparent)]
    Storage(#[from] sea_orm::DbErr),
    /// A bug or an inconsistency; details go to the logs.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ReferralError {
    /// One invalid field.
    pub(crate) fn field(
        pointer: impl Into<String>,
        code: ErrorCode,
        detail: impl Into<String>,
    ) -> Self {
        ReferralError::Invalid(vec![FieldError::new(pointer, code, detail)])
    }
}
