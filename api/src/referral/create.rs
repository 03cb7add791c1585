//! New referrals: a case with one referral per service, each routed to the service's liaison
//! (or their deputy) with a deadline in working days; and a declined referral re-routed to
//! another service of the same case.

use super::notices;
use super::request::{IdempotencyKey, validate};
use super::views::{Created, ReferralRequest, ReferralSummary};
use super::{
    Actor, DEFAULT_ACKNOWLEDGE_DAYS, ReferralError, Referrals, Status, calendar, routing, tracking,
};
use crate::access::Principal;
use crate::directory::ServiceStatus;
use crate::error::{ErrorCode, FieldError};
use crate::outbox::{self, Outgoing};
use crate::persistence::referral_routing::{RoutedService, RoutingRows, routing_rows};
use crate::persistence::referrals::{self as store, Case, IdempotentAnswer, NewEvent, Referral};
use crate::persistence::writer::Batch;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{DatabaseTransaction, DbErr};
use uuid::Uuid;

impl Referrals {
    /// Creates a case with one referral per service and queues the liaisons' e-mail and the
    /// partners' webhooks in the same transaction. With a key, a retry of the same request
    /// answers as the first did; another request under the key is refused.
    pub async fn create(
        &self,
        request: &ReferralRequest,
        by: Option<&Principal>,
        key: Option<&IdempotencyKey>,
    ) -> Result<Created, ReferralError> {
        let fingerprint =
            crate::digest::sha256_hex(&serde_json::to_vec(request).map_err(anyhow::Error::from)?);
        let e = match self.create_new(request, by, key, &fingerprint).await {
            Ok(created) => return Ok(created),
            Err(e) => e,
        };
        // The key's answer is stored with the case, so a refused write may be a retry (or a
        // concurrent twin that won): answer as the first did.
        if let Some(key) = key
            && let Some(stored) = store::idempotent_answer(&self.db, key.as_str()).await?
        {
            return replay(stored, &fingerprint);
        }
        Err(e)
    }

    async fn create_new(
        &self,
        request: &ReferralRequest,
        by: Option<&Principal>,
        key: Option<&IdempotencyKey>,
        fingerprint: &str,
    ) -> Result<Created, ReferralError> {
        let contact = validate(request, by.is_some())?;
        let now = self.clock.now();
        let (rows, services) = self.targets(&request.service_ids, now).await?;
        let tenant = single_tenant(&services)?;
        let case_id = Uuid::new_v4();
        let code = self.links.tracking_code(case_id);
        let case = Case {
            id: case_id,
            tenant_id: tenant,
            tracking_hash: tracking::hash_code(&code),
            need: Some(request.need.trim().to_owned()).filter(|n| !n.is_empty()),
            municipality: request.municipality.clone(),
            contact_name: Some(contact.name),
            contact_email: contact.email,
            contact_phone: contact.phone,
            preferred: contact.preferred.map(str::to_owned),
            consent_text_version: request.consent.text_version.trim().to_owned(),
            consent_given_at: now,
            consent_withdrawn_at: None,
            anonymized_at: None,
            created_by: by.map(|p| p.user_id).filter(|id| !id.is_nil()),
            created_at: now,
            closed_at: None,
            language: Some(contact.language.code().to_owned()),
        };
        let referrals: Vec<Referral> = services
            .iter()
            .map(|service| route(&rows, service, case.id, tenant, now))
            .collect();
        let created = Created {
            case_id: case.id,
            tracking_code: code,
            referrals: referrals.iter().map(summary).collect(),
        };
        let answer = match key {
            Some(key) => Some(IdempotentAnswer {
                key: key.as_str().to_owned(),
                request_hash: fingerprint.to_owned(),
                status: 201,
                response: serde_json::to_string(&created).map_err(anyhow::Error::from)?,
                created_at: now,
            }),
            None => None,
        };
        let actor = by.map_or(Actor::Resident, |p| Actor::Account(p.clone()));
        let new_case = NewCase {
            events: referrals
                .iter()
                .map(|r| actor.event(r.id, None, Status::New, None, now))
                .collect(),
            notices: notices::referrals_created(self, &case, &referrals, &rows.settings, now),
            case: case.clone(),
            referrals,
            answer,
        };
        self.writer.write(new_case).await?;
        tracing::info!(case_id = %case.id, referrals = created.referrals.len(), "referral case created");
        Ok(created)
    }

    /// Refers a declined (or expired) referral's resident to another service: a new referral in the same
    /// case, routed and announced like a first one.
    pub async fn reroute(
        &self,
        p: &Principal,
        id: Uuid,
        service_id: Uuid,
    ) -> Result<ReferralSummary, ReferralError> {
        let declined = self.referral(id).await?;
        super::reading::check_access(p, &declined)?;
        if !matches!(
            super::reading::status_of(&declined),
            Status::Declined | Status::Expired
        ) {
            return Err(ReferralError::NotDeclined);
        }
        let case = store::case_by_id(&self.db, declined.case_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no case {}", declined.case_id))?;
        if case.anonymized_at.is_some() {
            return Err(ReferralError::Erased);
        }
        let now = self.clock.now();
        let (rows, services) = self.targets(&[service_id], now).await?;
        if single_tenant(&services)? != case.tenant_id {
            return Err(ReferralError::field(
                "/service_id",
                ErrorCode::InvalidValue,
                "a service of another tenant",
            ));
        }
        let new = route(&rows, &services[0], case.id, case.tenant_id, now);
        let txn = crate::persistence::begin_write(&self.db).await?;
        store::insert_referrals(&txn, vec![new.clone()]).await?;
        let note = Some(format!("re-routed from referral {id}"));
        Actor::Account(p.clone())
            .record(&txn, new.id, None, Status::New, note, now)
            .await?;
        let created = std::slice::from_ref(&new);
        let notices = notices::referrals_created(self, &case, created, &rows.settings, now);
        outbox::enqueue_all(&txn, &notices).await?;
        store::reopen_case(&txn, case.id).await?;
        txn.commit().await?;
        Ok(summary(&new))
    }

    /// What routing to the services reads, and the services in the order asked for; refused
    /// when one is unknown or not running.
    async fn targets(
        &self,
        ids: &[Uuid],
        now: DateTime<Utc>,
    ) -> Result<(RoutingRows, Vec<RoutedService>), ReferralError> {
        let today =
            (now + Duration::hours(crate::domain::local_time::offset_hours(now))).date_naive();
        let rows = routing_rows(&self.db, ids, today).await?;
        let mut services = Vec::with_capacity(ids.len());
        let mut errors = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match rows.services.get(id) {
                Some(s) if ServiceStatus::parse(&s.status) == Some(ServiceStatus::Active) => {
                    services.push(s.clone());
                }
                Some(_) => errors.push(FieldError::new(
                    format!("/service_ids/{i}"),
                    ErrorCode::InvalidValue,
                    "the service is not running",
                )),
                None => errors.push(FieldError::new(
                    format!("/service_ids/{i}"),
                    ErrorCode::ServiceNotFound,
                    format!("no service {id}"),
                )),
            }
        }
        if errors.is_empty() {
            Ok((rows, services))
        } else {
            Err(ReferralError::Invalid(errors))
        }
    }
}

/// The tenant of the services' organizations: one request goes to one CUS.
fn single_tenant(services: &[RoutedService]) -> Result<Uuid, ReferralError> {
    let mut tenant = None;
    for s in services {
        let t = s.tenant();
        if tenant.is_some_and(|x| x != t) {
            return Err(ReferralError::field(
                "/service_ids",
                ErrorCode::InvalidValue,
                "the services belong to different Centra Usług Społecznych; send one request to each",
            ));
        }
        tenant = Some(t);
    }
    tenant
        .ok_or_else(|| ReferralError::field("/service_ids", ErrorCode::InvalidValue, "no service"))
}

/// A new referral to the service's liaison (or their deputy), with its deadline.
fn route(
    rows: &RoutingRows,
    s: &RoutedService,
    case_id: Uuid,
    tenant: Uuid,
    now: DateTime<Utc>,
) -> Referral {
    let liaisons = rows
        .liaisons
        .get(&s.organization_id)
        .map_or(&[][..], Vec::as_slice);
    let route = routing::route(s.liaison_id, liaisons, |id| rows.absent.contains(&id));
    let (name, role, email) = match route.liaison {
        Some(l) => (
            l.full_name(),
            l.role.clone(),
            l.email.clone().or(s.organization_email.clone()),
        ),
        None => (
            s.organization_name.clone(),
            None,
            s.organization_email.clone(),
        ),
    };
    Referral {
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
        due_at: calendar::add_working_days(now, acknowledge_days(s)),
        escalated_at: None,
        created_at: now,
        updated_at: now,
        acknowledged_at: None,
        closed_at: None,
    }
}

/// The service's setting, else the organization's, else two working days.
fn acknowledge_days(s: &RoutedService) -> u32 {
    s.service_days
        .or(s.organization_days)
        .map_or(DEFAULT_ACKNOWLEDGE_DAYS, |days| {
            u32::try_from(days).unwrap_or(DEFAULT_ACKNOWLEDGE_DAYS)
        })
}

/// What a new case writes; the writer commits many together.
pub(super) struct NewCase {
    case: Case,
    referrals: Vec<Referral>,
    events: Vec<NewEvent>,
    notices: Vec<Outgoing>,
    answer: Option<IdempotentAnswer>,
}

impl Batch for NewCase {
    /// The cases, their referrals and first events, the notices and the stored answers.
    async fn write_all(items: &[Self], txn: &DatabaseTransaction) -> Result<(), DbErr> {
        store::insert_cases(txn, items.iter().map(|n| n.case.clone()).collect()).await?;
        let referrals = items.iter().flat_map(|n| n.referrals.clone()).collect();
        store::insert_referrals(txn, referrals).await?;
        store::insert_events(txn, items.iter().flat_map(|n| n.events.clone()).collect()).await?;
        let notices: Vec<Outgoing> = items.iter().flat_map(|n| n.notices.clone()).collect();
        outbox::enqueue_all(txn, &notices).await?;
        let answers = items.iter().filter_map(|n| n.answer.clone()).collect();
        store::store_idempotent_answers(txn, answers).await
    }
}

fn replay(stored: IdempotentAnswer, fingerprint: &str) -> Result<Created, ReferralError> {
    if stored.request_hash != fingerprint {
        return Err(ReferralError::IdempotencyKeyReused);
    }
    Ok(serde_json::from_str(&stored.response).map_err(anyhow::Error::from)?)
}

/// The requester's view of a referral.
pub fn summary(r: &Referral) -> ReferralSummary {
    ReferralSummary {
        id: r.id,
        service_id: r.service_id,
        service_name: r.service_name.clone(),
        status: super::reading::status_of(r),
        liaison: super::views::LiaisonName {
            name: r.liaison_name.clone(),
            role: r.liaison_role.clone(),
        },
        due_at: r.due_at,
    }
}
