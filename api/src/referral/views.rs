//! What the referral use cases take and give: the resident's request, and the views of cases
//! and referrals for the requester, the resident with a tracking code, and staff.

use super::{DeclineReason, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How the resident wants to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preferred {
    Email,
    Phone,
}

/// The resident's contact: a name and an e-mail or a phone (staff registering a resident at
/// the counter may give the name alone: the resident then takes the printed slip).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    /// Name (as the resident wishes to be addressed).
    #[schema(example = "Anna")]
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone (Polish formats accepted: `+48 …`, `600 100 200`).
    pub phone: Option<String>,
    /// Preferred channel (default: the one given, e-mail when both).
    pub preferred: Option<Preferred>,
}

/// The consent the resident gave.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// Must be true.
    pub given: bool,
    /// Version of the consent text shown.
    #[schema(example = "2026-11")]
    pub text_version: String,
}

/// A request for contact about one or more services.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralRequest {
    /// Services (1–10), e.g. those of a bundle.
    pub service_ids: Vec<Uuid>,
    /// The need, in the resident's words.
    #[serde(default)]
    pub need: String,
    /// How to reach the resident.
    pub contact: ContactInput,
    /// Consent to process the contact data for this referral.
    pub consent: ConsentInput,
    /// TERYT code of the resident's gmina, if known.
    pub municipality: Option<String>,
    /// The language the resident reads: `pl`, `uk` or `en` (slips and messages to them;
    /// Polish when absent).
    #[serde(default)]
    #[schema(example = "uk")]
    pub language: Option<String>,
}

/// The person a referral went to (name and role only, for the public).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LiaisonName {
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
}

/// A referral as the requester sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReferralSummary {
    /// Referral id.
    pub id: Uuid,
    /// The service.
    pub service_id: Uuid,
    /// Its name.
    pub service_name: String,
    /// Status.
    pub status: Status,
    /// Who received it.
    pub liaison: LiaisonName,
    /// Acknowledge by.
    pub due_at: DateTime<Utc>,
}

/// The answer to a new request. The tracking code is shown only here.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Created {
    /// The case.
    pub case_id: Uuid,
    /// The code to follow the case without an account (≥ 128 bits); keep it.
    pub tracking_code: String,
    /// One per service.
    pub referrals: Vec<ReferralSummary>,
}

/// One step of a referral's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventView {
    /// The status reached.
    pub status: Status,
    /// When.
    pub at: DateTime<Utc>,
    /// Note (staff views only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who (staff views only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}

/// A referral on the tracking page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackedReferral {
    /// Referral id.
    pub id: Uuid,
    /// The service.
    pub service_id: Uuid,
    /// Its name.
    pub service_name: String,
    /// Status.
    pub status: Status,
    /// Why it was declined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<DeclineReason>,
    /// Who handles it.
    pub liaison: LiaisonName,
    /// Its history.
    pub history: Vec<EventView>,
}

/// What a resident sees with the tracking code (no personal data).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Tracking {
    /// The case.
    pub case_id: Uuid,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Whether the resident withdrew consent (the personal data is erased).
    pub consent_withdrawn: bool,
    /// Its referrals.
    pub referrals: Vec<TrackedReferral>,
}

/// A referral as staff and liaisons see it, with the resident's contact.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralDetail {
    /// Referral id.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The service.
    pub service_id: Uuid,
    /// Its name.
    pub service_name: String,
    /// The organization.
    pub organization_id: Uuid,
    /// Status.
    pub status: Status,
    /// Why it was declined.
    pub decline_reason: Option<DeclineReason>,
    /// Who received it, and why them.
    pub liaison: LiaisonName,
    /// service_liaison, organization_liaison, deputy or organization.
    pub routed_to: String,
    /// Acknowledge by.
    pub due_at: DateTime<Utc>,
    /// When it was escalated to the coordinators.
    pub escalated_at: Option<DateTime<Utc>>,
    /// Version for `If-Match`.
    pub version: i32,
    /// The need (erased after consent withdrawal or retention).
    pub need: Option<String>,
    /// The resident's contact (likewise).
    pub contact: Option<ContactView>,
    /// History.
    pub history: Vec<EventView>,
}

/// The resident's contact as stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactView {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred: Option<String>,
}

/// A lifecycle step requested through the API.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// The status to move to.
    pub status: Status,
    /// Why, for `declined`.
    pub reason: Option<DeclineReason>,
    /// A note for the history.
    pub note: Option<String>,
}

/// A referral in staff lists.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralSummaryForStaff {
    #[serde(flatten)]
    pub summary: ReferralSummary,
    /// The case.
    pub case_id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was escalated.
    pub escalated_at: Option<DateTime<Utc>>,
    /// Version for `If-Match`.
    pub version: i32,
}

/// A case as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// Id.
    pub id: Uuid,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The need (erased after withdrawal or retention).
    pub need: Option<String>,
    /// Contact (likewise).
    pub contact: Option<ContactView>,
    /// TERYT of the resident's gmina.
    pub municipality: Option<String>,
    /// Consent text version.
    pub consent_text_version: String,
    /// When consent was given.
    pub consent_given_at: DateTime<Utc>,
    /// When it was withdrawn.
    pub consent_withdrawn_at: Option<DateTime<Utc>>,
    /// When the personal data was erased.
    pub anonymized_at: Option<DateTime<Utc>>,
    /// Its referrals.
    pub referrals: Vec<ReferralSummary>,
}

/// One read of personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// When.
    pub at: DateTime<Utc>,
}
