//! Referral use cases: a resident's (or front desk's) request becomes a case with one referral
//! per service, each routed to a named liaison with a deadline in working days; liaisons answer
//! by API or by signed e-mail links; residents follow with a tracking code; every change is an
//! event, every notification goes through the outbox.

use super::notifications::{self, Delivery};
use crate::access::{Principal, Role};
use crate::directory::{ServiceStatus, ServiceView};
use crate::domain::{Email, Phone};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::persistence::referrals::{
    self as store, Case, IdempotentAnswer, NewEvent, Referral, StatusChange,
};
use crate::persistence::{self, accounts};
use crate::referral::links::{LINK_TTL_DAYS, Link, LinkAction, LinkError};
use crate::referral::routing::{self, RoutedTo};
use crate::referral::{DeclineReason, Status, calendar, tracking};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{DatabaseTransaction, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Working days to acknowledge when neither the service nor the organization says.
pub const DEFAULT_ACKNOWLEDGE_DAYS: u32 = 2;
/// Services one request may name.
pub const MAX_SERVICES: usize = 10;
/// Longest description of the need.
pub const MAX_NEED_CHARS: usize = 2000;
/// Longest name.
const MAX_NAME_CHARS: usize = 200;
/// Days after which a referral nobody acknowledged expires.
pub const EXPIRE_AFTER_DAYS: i64 = 30;

/// How the resident wants to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preferred {
    Email,
    Phone,
}

/// The resident's contact: a name and an e-mail or a phone.
#[derive(Debug, Clone, Deserialize, ToSchema)]
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
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// Must be true.
    pub given: bool,
    /// Version of the consent text shown.
    #[schema(example = "2026-11")]
    pub text_version: String,
}

/// A request for contact about one or more services.
#[derive(Debug, Clone, Deserialize, ToSchema)]
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

/// Who acts.
#[derive(Debug, Clone)]
pub enum Actor {
    /// An account.
    Account(Principal),
    /// The holder of a tracking code.
    Resident,
    /// The liaison holding an e-mail link.
    Link,
    /// okienko itself (deliveries, jobs).
    System,
}

impl Actor {
    fn name(&self) -> String {
        match self {
            Actor::Account(p) => p.email.clone(),
            Actor::Resident => "resident".into(),
            Actor::Link => "liaison (e-mail link)".into(),
            Actor::System => "okienko".into(),
        }
    }

    fn id(&self) -> Option<Uuid> {
        match self {
            Actor::Account(p) if !p.user_id.is_nil() => Some(p.user_id),
            _ => None,
        }
    }
}

/// The answer to a creation: status and body, as stored for its idempotency key.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// How many referrals a creation body asks for (1 when it cannot tell), for the rate limit.
pub fn requested_count(raw_body: &[u8]) -> u32 {
    #[derive(Deserialize)]
    struct Count {
        service_ids: Vec<serde::de::IgnoredAny>,
    }
    serde_json::from_slice::<Count>(raw_body)
        .map(|c| c.service_ids.len().clamp(1, MAX_SERVICES))
        .map_or(1, |n| u32::try_from(n).unwrap_or(1))
}

/// Creates a case with one referral per service.
pub async fn create(
    state: &AppState,
    caller: Option<&Principal>,
    idempotency_key: Option<&str>,
    raw_body: &[u8],
) -> Result<Answer, ApiError> {
    let request_hash = crate::digest::sha256_hex(raw_body);
    if let Some(key) = idempotency_key {
        if key.is_empty() || key.len() > 200 {
            return Err(ApiError::new(
                ErrorCode::InvalidIdempotencyKey,
                "Nagłówek Idempotency-Key musi mieć od 1 do 200 znaków.",
                "The Idempotency-Key header must have 1 to 200 characters.",
            ));
        }
        if let Some(stored) = store::idempotent_answer(&state.db, key).await? {
            return replay(stored, &request_hash);
        }
    }
    let request: ReferralRequest = serde_json::from_slice(raw_body).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedBody,
            format!(
                "Nieprawidłowa treść żądania ({}).",
                crate::error::describe_json_error(&e)
            ),
            format!(
                "Malformed request body ({}).",
                crate::error::describe_json_error(&e)
            ),
        )
    })?;
    let contact = validate(&request)?;
    let now = state.clock.now();
    let services = services_of(state, &request.service_ids).await?;
    let tenant = single_tenant(state, &services).await?;
    let code = tracking::new_code();
    let case = Case {
        id: Uuid::new_v4(),
        tenant_id: tenant,
        tracking_hash: tracking::hash_code(&code),
        need: Some(request.need.trim().to_owned()).filter(|n| !n.is_empty()),
        municipality: request.municipality.clone(),
        contact_name: Some(contact.name.clone()),
        contact_email: contact.email.clone(),
        contact_phone: contact.phone.clone(),
        preferred: Some(contact.preferred.clone()),
        consent_text_version: request.consent.text_version.trim().to_owned(),
        consent_given_at: now,
        consent_withdrawn_at: None,
        anonymized_at: None,
        created_by: caller.map(|p| p.user_id).filter(|id| !id.is_nil()),
        created_at: now,
        closed_at: None,
    };
    let mut referrals = Vec::with_capacity(services.len());
    for service in &services {
        referrals.push(route(state, service, case.id, tenant, now).await?);
    }
    let created = Created {
        case_id: case.id,
        tracking_code: code,
        referrals: referrals.iter().map(summary).collect(),
    };
    let body = serde_json::to_string(&created).map_err(anyhow::Error::from)?;
    let actor = caller.map_or(Actor::Resident, |p| Actor::Account(p.clone()));
    let txn = state.db.begin().await?;
    store::insert_case(&txn, case.clone()).await?;
    for r in &referrals {
        store::insert_referral(&txn, r.clone()).await?;
        event(&txn, r.id, None, Status::New, &actor, None, now).await?;
    }
    notifications::referrals_created(&txn, state, &case, &referrals, now).await?;
    if let Some(key) = idempotency_key {
        let answer = IdempotentAnswer {
            key: key.to_owned(),
            request_hash: request_hash.clone(),
            status: 201,
            response: body.clone(),
            created_at: now,
        };
        store::store_idempotent_answer(&txn, answer).await?;
    }
    if let Err(e) = txn.commit().await {
        // A concurrent request with the same key won: answer as it did.
        if let Some(key) = idempotency_key
            && let Some(stored) = store::idempotent_answer(&state.db, key).await?
        {
            return replay(stored, &request_hash);
        }
        return Err(e.into());
    }
    tracing::info!(case_id = %case.id, referrals = referrals.len(), "referral case created");
    Ok(Answer { status: 201, body })
}

fn replay(stored: IdempotentAnswer, request_hash: &str) -> Result<Answer, ApiError> {
    if stored.request_hash != request_hash {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "Ten Idempotency-Key był już użyty z inną treścią żądania.",
            "This Idempotency-Key was already used with a different request body.",
        ));
    }
    Ok(Answer {
        status: u16::try_from(stored.status).unwrap_or(201),
        body: stored.response,
    })
}

/// The contact in canonical form.
struct Contact {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    preferred: String,
}

fn field(pointer: &str, code: ErrorCode, detail: impl Into<String>) -> FieldError {
    FieldError {
        pointer: pointer.into(),
        code: code.as_str().into(),
        detail: detail.into(),
    }
}

fn validate(r: &ReferralRequest) -> Result<Contact, ApiError> {
    let mut errors = Vec::new();
    if r.service_ids.is_empty() || r.service_ids.len() > MAX_SERVICES {
        errors.push(field(
            "/service_ids",
            ErrorCode::InvalidValue,
            format!("name 1 to {MAX_SERVICES} services"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, id) in r.service_ids.iter().enumerate() {
        if !seen.insert(id) {
            errors.push(field(
                &format!("/service_ids/{i}"),
                ErrorCode::InvalidValue,
                "named twice",
            ));
        }
    }
    if r.need.chars().count() > MAX_NEED_CHARS {
        errors.push(field(
            "/need",
            ErrorCode::InvalidValue,
            format!("at most {MAX_NEED_CHARS} characters"),
        ));
    }
    let name = r.contact.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        errors.push(field(
            "/contact/name",
            ErrorCode::MissingField,
            format!("1 to {MAX_NAME_CHARS} characters"),
        ));
    } else if !is_single_line(name) {
        errors.push(field(
            "/contact/name",
            ErrorCode::InvalidValue,
            "a name is one line, without control characters",
        ));
    }
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let email = match given(&r.contact.email).map(Email::parse) {
        Some(Ok(e)) => Some(e.as_str().to_owned()),
        Some(Err(_)) => {
            errors.push(field(
                "/contact/email",
                ErrorCode::InvalidEmail,
                "not a valid e-mail address",
            ));
            None
        }
        None => None,
    };
    let phone = match given(&r.contact.phone).map(Phone::parse) {
        Some(Ok(p)) => Some(p.as_str().to_owned()),
        Some(Err(_)) => {
            errors.push(field(
                "/contact/phone",
                ErrorCode::InvalidPhone,
                "not a valid Polish phone number",
            ));
            None
        }
        None => None,
    };
    if given(&r.contact.email).is_none() && given(&r.contact.phone).is_none() {
        errors.push(field(
            "/contact",
            ErrorCode::MissingField,
            "give an e-mail or a phone",
        ));
    }
    let preferred = match (r.contact.preferred, &email, &phone) {
        (Some(Preferred::Email), None, _) if given(&r.contact.email).is_none() => {
            errors.push(field(
                "/contact/preferred",
                ErrorCode::InvalidValue,
                "e-mail preferred but not given",
            ));
            "email"
        }
        (Some(Preferred::Phone), _, None) if given(&r.contact.phone).is_none() => {
            errors.push(field(
                "/contact/preferred",
                ErrorCode::InvalidValue,
                "phone preferred but not given",
            ));
            "phone"
        }
        (Some(Preferred::Email), ..) => "email",
        (Some(Preferred::Phone), ..) => "phone",
        (None, Some(_), _) => "email",
        (None, None, _) => "phone",
    };
    if !r.consent.given {
        errors.push(field(
            "/consent/given",
            ErrorCode::ConsentRequired,
            "consent is required",
        ));
    }
    if r.consent.text_version.trim().is_empty() || r.consent.text_version.len() > 100 {
        errors.push(field(
            "/consent/text_version",
            ErrorCode::MissingField,
            "the version of the consent text shown",
        ));
    }
    if let Some(m) = &r.municipality
        && crate::domain::Teryt::parse(m).is_err()
    {
        errors.push(field(
            "/municipality",
            ErrorCode::InvalidTeryt,
            "not a TERYT code",
        ));
    }
    if errors.is_empty() {
        Ok(Contact {
            name: name.to_owned(),
            email,
            phone,
            preferred: preferred.to_owned(),
        })
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Whether a short text is one line without control characters (names reach e-mail headers
/// and bodies).
fn is_single_line(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
}

async fn services_of(state: &AppState, ids: &[Uuid]) -> Result<Vec<ServiceView>, ApiError> {
    let mut services = Vec::with_capacity(ids.len());
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match persistence::get_service(&state.db, *id).await? {
            Some(s) if s.service.status == ServiceStatus::Active => services.push(s),
            Some(_) => errors.push(field(
                &format!("/service_ids/{i}"),
                ErrorCode::InvalidValue,
                "the service is not running",
            )),
            None => errors.push(field(
                &format!("/service_ids/{i}"),
                ErrorCode::ServiceNotFound,
                format!("no service {id}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(services)
    } else {
        Err(ApiError::validation(errors))
    }
}

async fn single_tenant(state: &AppState, services: &[ServiceView]) -> Result<Uuid, ApiError> {
    let mut tenant = None;
    for s in services {
        let t = accounts::tenant_of_organization(&state.db, s.service.organization_id)
            .await?
            .unwrap_or(crate::access::DEFAULT_TENANT);
        if tenant.is_some_and(|x| x != t) {
            return Err(ApiError::validation(vec![field(
                "/service_ids",
                ErrorCode::InvalidValue,
                "the services belong to different Centra Usług Społecznych; send one request to each",
            )]));
        }
        tenant = Some(t);
    }
    tenant.ok_or_else(|| {
        ApiError::validation(vec![field(
            "/service_ids",
            ErrorCode::InvalidValue,
            "no service",
        )])
    })
}

/// A new referral to the service's liaison (or their deputy), with its deadline.
async fn route(
    state: &AppState,
    service: &ServiceView,
    case_id: Uuid,
    tenant: Uuid,
    now: DateTime<Utc>,
) -> Result<Referral, ApiError> {
    let s = &service.service;
    let organization = persistence::get_organization(&state.db, s.organization_id)
        .await?
        .ok_or_else(|| {
            ApiError::Unexpected(anyhow::anyhow!("service {} has no organization", s.id))
        })?;
    let today = (now + Duration::hours(crate::domain::local_time::offset_hours(now))).date_naive();
    let ids: Vec<Uuid> = organization.liaisons.iter().map(|l| l.id).collect();
    let absent = store::absent_on(&state.db, &ids, today).await?;
    let route = routing::route(s.liaison_id, &organization.liaisons, |id| {
        absent.contains(&id)
    });
    let days = acknowledge_days(state, s.id, s.organization_id).await?;
    let (name, role, email) = match route.liaison {
        Some(l) => (
            l.full_name(),
            l.role.clone(),
            l.email.clone().or(organization.email.clone()),
        ),
        None => (organization.name.clone(), None, organization.email.clone()),
    };
    Ok(Referral {
        id: Uuid::new_v4(),
        case_id,
        tenant_id: tenant,
        service_id: s.id,
        service_name: s.name.clone(),
        organization_id: s.organization_id,
        liaison_id: route.liaison.map(|l| l.id),
        liaison_name: name,
        liaison_role: role,
        liaison_email: email,
        routed_to: route.routed_to.as_str().to_owned(),
        status: Status::New.as_str().to_owned(),
        decline_reason: None,
        version: 1,
        due_at: calendar::add_working_days(now, days),
        escalated_at: None,
        created_at: now,
        updated_at: now,
        acknowledged_at: None,
        closed_at: None,
    })
}

/// The service's setting, else the organization's, else two working days.
async fn acknowledge_days(
    state: &AppState,
    service: Uuid,
    organization: Uuid,
) -> Result<u32, ApiError> {
    for subject in [service, organization] {
        if let Some(days) = store::settings_of(&state.db, subject)
            .await?
            .and_then(|s| s.acknowledge_days)
        {
            return Ok(u32::try_from(days).unwrap_or(DEFAULT_ACKNOWLEDGE_DAYS));
        }
    }
    Ok(DEFAULT_ACKNOWLEDGE_DAYS)
}

/// The requester's view of a referral.
pub fn summary(r: &Referral) -> ReferralSummary {
    ReferralSummary {
        id: r.id,
        service_id: r.service_id,
        service_name: r.service_name.clone(),
        status: status_of(r),
        liaison: LiaisonName {
            name: r.liaison_name.clone(),
            role: r.liaison_role.clone(),
        },
        due_at: r.due_at,
    }
}

fn status_of(r: &Referral) -> Status {
    Status::parse(&r.status).unwrap_or(Status::New)
}

async fn event(
    txn: &DatabaseTransaction,
    referral: Uuid,
    from: Option<Status>,
    to: Status,
    actor: &Actor,
    note: Option<String>,
    at: DateTime<Utc>,
) -> Result<(), ApiError> {
    store::insert_event(
        txn,
        NewEvent {
            referral_id: referral,
            from: from.map(|s| s.as_str().to_owned()),
            to: to.as_str().to_owned(),
            actor: actor.name(),
            actor_id: actor.id(),
            note,
            at,
        },
    )
    .await?;
    Ok(())
}

/// Moves a referral along its lifecycle. `expected_version` (from `If-Match`) guards against
/// overwriting a change the caller has not seen; without it the version read here is used,
/// so two concurrent changes still cannot both win.
pub async fn transition(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    to: Status,
    reason: Option<DeclineReason>,
    note: Option<String>,
    expected_version: Option<i32>,
) -> Result<Referral, ApiError> {
    let current = referral(state, id).await?;
    if let Some(v) = expected_version
        && v != current.version
    {
        return Err(ApiError::new(
            ErrorCode::VersionMismatch,
            format!(
                "Skierowanie zmieniło się (wersja {}); odśwież je i spróbuj ponownie.",
                current.version
            ),
            format!(
                "The referral has changed (version {}); reload it and retry.",
                current.version
            ),
        ));
    }
    let from = status_of(&current);
    if !from.can_become(to) {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            format!(
                "Skierowania w stanie „{}” nie można zmienić na „{}”.",
                from.as_str(),
                to.as_str()
            ),
            format!(
                "A referral in status \"{}\" cannot become \"{}\".",
                from.as_str(),
                to.as_str()
            ),
        ));
    }
    if to == Status::Declined && reason.is_none() {
        return Err(ApiError::validation(vec![field(
            "/reason",
            ErrorCode::MissingField,
            "a reason is required to decline",
        )]));
    }
    let now = state.clock.now();
    let change = StatusChange {
        decline_reason: reason
            .filter(|_| to == Status::Declined)
            .map(|r| r.as_str().to_owned()),
        acknowledged_at: (to == Status::Acknowledged).then_some(now),
        closed_at: to.is_final().then_some(now),
    };
    let txn = state.db.begin().await?;
    if !store::update_status(&txn, id, current.version, to.as_str(), change, now).await? {
        return Err(ApiError::new(
            ErrorCode::EditConflict,
            "Ktoś inny zmienił to skierowanie w tej samej chwili; odśwież je.",
            "Someone else changed this referral at the same moment; reload it.",
        ));
    }
    let note = note.map(|n| n.chars().take(MAX_NEED_CHARS).collect());
    event(&txn, id, Some(from), to, actor, note, now).await?;
    if to.is_final() {
        let siblings = store::referrals_of_case(&txn, current.case_id).await?;
        if siblings
            .iter()
            .all(|r| r.id == id || status_of(r).is_final())
        {
            store::close_case(&txn, current.case_id, now).await?;
        }
    }
    if to == Status::Cancelled {
        notifications::referral_cancelled(&txn, state, &current, now).await?;
    }
    txn.commit().await?;
    tracing::info!(referral_id = %id, from = from.as_str(), to = to.as_str(), "referral transition");
    referral(state, id).await
}

/// A referral, or `referral_not_found`.
pub async fn referral(state: &AppState, id: Uuid) -> Result<Referral, ApiError> {
    store::referral_by_id(&state.db, id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::ReferralNotFound,
            format!("Nie ma skierowania {id}."),
            format!("There is no referral {id}."),
        )
    })
}

/// Whether an account may see and act on a referral.
pub fn check_access(p: &Principal, r: &Referral) -> Result<(), ApiError> {
    p.check_manage(r.organization_id, r.tenant_id)
}

/// A transition requested by an account: liaisons answer for their organization; staff of
/// the tenant may also cancel. `sent` and `expired` are okienko's own.
pub async fn transition_by_account(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    request: TransitionRequest,
    expected_version: Option<i32>,
) -> Result<ReferralDetail, ApiError> {
    let current = referral(state, id).await?;
    check_access(p, &current)?;
    if matches!(request.status, Status::Sent | Status::Expired | Status::New) {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            "Ten stan ustawia tylko okienko.",
            "Only okienko sets this status.",
        ));
    }
    if p.role == Role::FrontDesk && request.status != Status::Cancelled {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Pracownik punktu informacyjnego może tylko anulować skierowanie.",
            "Front-desk staff may only cancel a referral.",
        ));
    }
    let actor = Actor::Account(p.clone());
    transition(
        state,
        &actor,
        id,
        request.status,
        request.reason,
        request.note,
        expected_version,
    )
    .await?;
    detail(state, p, id).await
}

/// A referral with the resident's contact; the read is written to the audit log.
pub async fn detail(state: &AppState, p: &Principal, id: Uuid) -> Result<ReferralDetail, ApiError> {
    let r = referral(state, id).await?;
    check_access(p, &r)?;
    let case = store::case_by_id(&state.db, r.case_id)
        .await?
        .ok_or_else(|| ApiError::Unexpected(anyhow::anyhow!("referral {id} has no case")))?;
    store::audit_read(
        &state.db,
        &p.email,
        Some(p.user_id).filter(|u| !u.is_nil()),
        case.id,
        "read_referral",
        state.clock.now(),
    )
    .await?;
    let history = history(state, id, true).await?;
    Ok(ReferralDetail {
        id: r.id,
        case_id: r.case_id,
        service_id: r.service_id,
        service_name: r.service_name.clone(),
        organization_id: r.organization_id,
        status: status_of(&r),
        decline_reason: r.decline_reason.as_deref().and_then(DeclineReason::parse),
        liaison: LiaisonName {
            name: r.liaison_name.clone(),
            role: r.liaison_role.clone(),
        },
        routed_to: r.routed_to.clone(),
        due_at: r.due_at,
        escalated_at: r.escalated_at,
        version: r.version,
        need: case.need.clone(),
        contact: (case.anonymized_at.is_none()).then(|| ContactView {
            name: case.contact_name.clone(),
            email: case.contact_email.clone(),
            phone: case.contact_phone.clone(),
            preferred: case.preferred.clone(),
        }),
        history,
    })
}

async fn history(state: &AppState, id: Uuid, staff: bool) -> Result<Vec<EventView>, ApiError> {
    Ok(store::events_of(&state.db, id)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(EventView {
                status: Status::parse(&e.to_status)?,
                at: e.at,
                note: if staff { e.note } else { None },
                actor: staff.then_some(e.actor),
            })
        })
        .collect())
}

/// The case of a tracking code, as the resident sees it.
pub async fn track(state: &AppState, code: &str) -> Result<Tracking, ApiError> {
    let case = case_of_code(state, code).await?;
    let mut referrals = Vec::new();
    for r in store::referrals_of_case(&state.db, case.id).await? {
        referrals.push(TrackedReferral {
            id: r.id,
            service_id: r.service_id,
            service_name: r.service_name.clone(),
            status: status_of(&r),
            decline_reason: r.decline_reason.as_deref().and_then(DeclineReason::parse),
            liaison: LiaisonName {
                name: r.liaison_name.clone(),
                role: r.liaison_role.clone(),
            },
            history: history(state, r.id, false).await?,
        });
    }
    Ok(Tracking {
        case_id: case.id,
        created_at: case.created_at,
        consent_withdrawn: case.consent_withdrawn_at.is_some(),
        referrals,
    })
}

async fn case_of_code(state: &AppState, code: &str) -> Result<Case, ApiError> {
    store::case_by_tracking(&state.db, &tracking::hash_code(code))
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::TrackingCodeNotFound,
                "Nie znaleziono sprawy o tym kodzie. Sprawdź, czy kod jest przepisany dokładnie.",
                "No case has this code. Check that it is copied exactly.",
            )
        })
}

/// The resident cancels every open referral of the case.
pub async fn cancel_by_resident(state: &AppState, code: &str) -> Result<Tracking, ApiError> {
    let case = case_of_code(state, code).await?;
    cancel_open(state, &case).await?;
    track(state, code).await
}

/// The resident withdraws consent: open referrals are cancelled and the personal data erased;
/// the anonymous statistics stay.
pub async fn withdraw_consent(state: &AppState, code: &str) -> Result<Tracking, ApiError> {
    let case = case_of_code(state, code).await?;
    // Erase first, so that no notification carrying the data leaves after this point; the
    // cancellation notices that follow carry none.
    erase_case(&state.db, case.id, state.clock.now(), true).await?;
    cancel_open(state, &case).await?;
    tracing::info!(case_id = %case.id, "consent withdrawn; personal data erased");
    track(state, code).await
}

/// Erases a case's personal data, in one transaction: the case's contact and need, and every
/// notification about its referrals (those not yet sent are cancelled; of all, only the
/// recipient and subject are kept for the audit).
pub async fn erase_case(
    db: &sea_orm::DatabaseConnection,
    case_id: Uuid,
    at: DateTime<Utc>,
    consent_withdrawn: bool,
) -> Result<(), ApiError> {
    let txn = db.begin().await?;
    store::anonymize_case(&txn, case_id, at, consent_withdrawn).await?;
    let referrals: Vec<Uuid> = store::referrals_of_case(&txn, case_id)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    for n in store::notifications_of(&txn, &referrals).await? {
        let kept = serde_json::from_str::<Delivery>(&n.payload)
            .map_or_else(|_| n.payload.clone(), |d| d.audit_record());
        store::purge_notification(&txn, n.id, kept, at).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn cancel_open(state: &AppState, case: &Case) -> Result<(), ApiError> {
    for r in store::referrals_of_case(&state.db, case.id).await? {
        if !status_of(&r).is_final() {
            transition(
                state,
                &Actor::Resident,
                r.id,
                Status::Cancelled,
                None,
                None,
                None,
            )
            .await?;
        }
    }
    Ok(())
}

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

/// Checks a link without using it.
pub async fn open_link(state: &AppState, token: &str) -> Result<LinkState, ApiError> {
    let now = state.clock.now().timestamp();
    let link = match state.links.verify(token, now) {
        Ok(link) => link,
        Err(LinkError::Altered) => return Ok(LinkState::Refused(LinkRefusal::Altered)),
        Err(LinkError::Expired) => return Ok(LinkState::Refused(LinkRefusal::Expired)),
    };
    if store::link_used(&state.db, link.id).await? {
        return Ok(LinkState::Refused(LinkRefusal::Used));
    }
    let Some(referral) = store::referral_by_id(&state.db, link.referral).await? else {
        return Ok(LinkState::Refused(LinkRefusal::NotApplicable));
    };
    if !status_of(&referral).can_become(target(link.action)) {
        return Ok(LinkState::Refused(LinkRefusal::NotApplicable));
    }
    Ok(LinkState::Ready {
        link,
        referral: Box::new(referral),
    })
}

fn target(action: LinkAction) -> Status {
    match action {
        LinkAction::Acknowledge => Status::Acknowledged,
        LinkAction::Decline => Status::Declined,
        LinkAction::Complete => Status::Completed,
    }
}

/// Uses a link checked by [`open_link`]: its one step, once (a decline needs its reason).
pub async fn use_link(
    state: &AppState,
    link: &Link,
    reason: Option<DeclineReason>,
    note: Option<String>,
) -> Result<Result<Referral, LinkRefusal>, ApiError> {
    if link.action == LinkAction::Decline && reason.is_none() {
        return Err(ApiError::validation(vec![field(
            "/reason",
            ErrorCode::MissingField,
            "choose a reason",
        )]));
    }
    if !store::use_link(&state.db, link.id, state.clock.now()).await? {
        return Ok(Err(LinkRefusal::Used));
    }
    match transition(
        state,
        &Actor::Link,
        link.referral,
        target(link.action),
        reason,
        note,
        None,
    )
    .await
    {
        Ok(r) => Ok(Ok(r)),
        Err(e)
            if matches!(
                e.code(),
                ErrorCode::InvalidTransition | ErrorCode::EditConflict
            ) =>
        {
            Ok(Err(LinkRefusal::NotApplicable))
        }
        Err(e) => Err(e),
    }
}

/// A new link for a referral.
pub fn link_for(
    state: &AppState,
    referral: Uuid,
    action: LinkAction,
    now: DateTime<Utc>,
) -> String {
    state.links.sign(&Link {
        id: Uuid::new_v4(),
        referral,
        action,
        expires: (now + Duration::days(LINK_TTL_DAYS)).timestamp(),
    })
}

/// Re-routes a declined referral's case to another service.
pub async fn reroute(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    service_id: Uuid,
) -> Result<ReferralSummary, ApiError> {
    let declined = referral(state, id).await?;
    check_access(p, &declined)?;
    if status_of(&declined) != Status::Declined {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            "Przekierować można tylko odrzucone skierowanie.",
            "Only a declined referral can be re-routed.",
        ));
    }
    let case = store::case_by_id(&state.db, declined.case_id)
        .await?
        .ok_or_else(|| ApiError::Unexpected(anyhow::anyhow!("no case {}", declined.case_id)))?;
    if case.anonymized_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            "Dane osoby zostały usunięte; nie można skierować jej dalej.",
            "The person's data was erased; the case cannot be re-routed.",
        ));
    }
    let services = services_of(state, &[service_id]).await?;
    if single_tenant(state, &services).await? != case.tenant_id {
        return Err(ApiError::validation(vec![field(
            "/service_id",
            ErrorCode::InvalidValue,
            "a service of another tenant",
        )]));
    }
    let now = state.clock.now();
    let new = route(state, &services[0], case.id, case.tenant_id, now).await?;
    let txn = state.db.begin().await?;
    store::insert_referral(&txn, new.clone()).await?;
    let note = Some(format!("re-routed from referral {id}"));
    event(
        &txn,
        new.id,
        None,
        Status::New,
        &Actor::Account(p.clone()),
        note,
        now,
    )
    .await?;
    notifications::referrals_created(&txn, state, &case, std::slice::from_ref(&new), now).await?;
    crate::persistence::referrals::reopen_case(&txn, case.id).await?;
    txn.commit().await?;
    Ok(summary(&new))
}

/// The referrals an account may see, newest first (no personal data).
pub async fn list(
    state: &AppState,
    p: &Principal,
    status: Option<Status>,
    escalated: bool,
) -> Result<Vec<ReferralSummaryForStaff>, ApiError> {
    let filter = store::ReferralFilter {
        tenant: (p.role != Role::Admin).then_some(p.tenant_id),
        organization: if p.role == Role::Liaison {
            p.organization_id.or(Some(Uuid::nil()))
        } else {
            None
        },
        status: status.map(|s| s.as_str().to_owned()),
        escalated,
        ..Default::default()
    };
    Ok(store::list_referrals(&state.db, &filter, 500)
        .await?
        .iter()
        .map(|r| ReferralSummaryForStaff {
            summary: summary(r),
            case_id: r.case_id,
            organization_id: r.organization_id,
            created_at: r.created_at,
            escalated_at: r.escalated_at,
            version: r.version,
        })
        .collect())
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

/// Whether a routed-to code means a deputy stood in.
pub fn is_deputy(r: &Referral) -> bool {
    r.routed_to == RoutedTo::Deputy.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_limit_counts_the_services_asked_for() {
        let body = br#"{"service_ids": ["a", "b", "c"], "need": ""}"#;
        assert_eq!(requested_count(body), 3);
        assert_eq!(requested_count(b"not json"), 1);
        let many = format!(r#"{{"service_ids": [{}]}}"#, vec!["1"; 40].join(","));
        assert_eq!(requested_count(many.as_bytes()), MAX_SERVICES as u32);
    }

    #[test]
    fn names_with_line_breaks_are_refused() {
        assert!(is_single_line("Anna Nowak"));
        assert!(!is_single_line("Anna\nBcc: x@example.pl"));
        assert!(!is_single_line("Anna\r"));
        assert!(!is_single_line("Anna\u{2028}"));
    }
}
