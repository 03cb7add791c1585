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
use crate::directory::{ServiceStatus, ServiceView};
use crate::error::{ErrorCode, FieldError};
use crate::persistence::referrals::{self as store, Case, IdempotentAnswer, Referral};
use crate::persistence::{self, accounts};
use chrono::{DateTime, Duration, Utc};
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
        if let Some(key) = key
            && let Some(stored) = store::idempotent_answer(&self.db, key.as_str()).await?
        {
            return replay(stored, &fingerprint);
        }
        let contact = validate(request)?;
        let now = self.clock.now();
        let services = self.services_of(&request.service_ids).await?;
        let tenant = self.single_tenant(&services).await?;
        let code = tracking::new_code();
        let case = Case {
            id: Uuid::new_v4(),
            tenant_id: tenant,
            tracking_hash: tracking::hash_code(&code),
            need: Some(request.need.trim().to_owned()).filter(|n| !n.is_empty()),
            municipality: request.municipality.clone(),
            contact_name: Some(contact.name),
            contact_email: contact.email,
            contact_phone: contact.phone,
            preferred: Some(contact.preferred.to_owned()),
            consent_text_version: request.consent.text_version.trim().to_owned(),
            consent_given_at: now,
            consent_withdrawn_at: None,
            anonymized_at: None,
            created_by: by.map(|p| p.user_id).filter(|id| !id.is_nil()),
            created_at: now,
            closed_at: None,
        };
        let mut referrals = Vec::with_capacity(services.len());
        for service in &services {
            referrals.push(self.route(service, case.id, tenant, now).await?);
        }
        let created = Created {
            case_id: case.id,
            tracking_code: code,
            referrals: referrals.iter().map(summary).collect(),
        };
        let actor = by.map_or(Actor::Resident, |p| Actor::Account(p.clone()));
        let txn = crate::persistence::begin_write(&self.db).await?;
        store::insert_case(&txn, case.clone()).await?;
        for r in &referrals {
            store::insert_referral(&txn, r.clone()).await?;
            actor
                .record(&txn, r.id, None, Status::New, None, now)
                .await?;
        }
        notices::referrals_created(&txn, self, &case, &referrals, now).await?;
        if let Some(key) = key {
            let answer = IdempotentAnswer {
                key: key.as_str().to_owned(),
                request_hash: fingerprint.clone(),
                status: 201,
                response: serde_json::to_string(&created).map_err(anyhow::Error::from)?,
                created_at: now,
            };
            store::store_idempotent_answer(&txn, answer).await?;
        }
        if let Err(e) = txn.commit().await {
            // A concurrent request with the same key won: answer as it did.
            if let Some(key) = key
                && let Some(stored) = store::idempotent_answer(&self.db, key.as_str()).await?
            {
                return replay(stored, &fingerprint);
            }
            return Err(e.into());
        }
        tracing::info!(case_id = %case.id, referrals = referrals.len(), "referral case created");
        Ok(created)
    }

    /// Refers a declined referral's resident to another service: a new referral in the same
    /// case, routed and announced like a first one.
    pub async fn reroute(
        &self,
        p: &Principal,
        id: Uuid,
        service_id: Uuid,
    ) -> Result<ReferralSummary, ReferralError> {
        let declined = self.referral(id).await?;
        super::reading::check_access(p, &declined)?;
        if super::reading::status_of(&declined) != Status::Declined {
            return Err(ReferralError::NotDeclined);
        }
        let case = store::case_by_id(&self.db, declined.case_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no case {}", declined.case_id))?;
        if case.anonymized_at.is_some() {
            return Err(ReferralError::Erased);
        }
        let services = self.services_of(&[service_id]).await?;
        if self.single_tenant(&services).await? != case.tenant_id {
            return Err(ReferralError::field(
                "/service_id",
                ErrorCode::InvalidValue,
                "a service of another tenant",
            ));
        }
        let now = self.clock.now();
        let new = self
            .route(&services[0], case.id, case.tenant_id, now)
            .await?;
        let txn = crate::persistence::begin_write(&self.db).await?;
        store::insert_referral(&txn, new.clone()).await?;
        let note = Some(format!("re-routed from referral {id}"));
        Actor::Account(p.clone())
            .record(&txn, new.id, None, Status::New, note, now)
            .await?;
        notices::referrals_created(&txn, self, &case, std::slice::from_ref(&new), now).await?;
        store::reopen_case(&txn, case.id).await?;
        txn.commit().await?;
        Ok(summary(&new))
    }

    async fn services_of(&self, ids: &[Uuid]) -> Result<Vec<ServiceView>, ReferralError> {
        let mut services = Vec::with_capacity(ids.len());
        let mut errors = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match persistence::get_service(&self.db, *id).await? {
                Some(s) if s.service.status == ServiceStatus::Active => services.push(s),
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
            Ok(services)
        } else {
            Err(ReferralError::Invalid(errors))
        }
    }

    /// The tenant of the services' organizations: one request goes to one CUS.
    async fn single_tenant(&self, services: &[ServiceView]) -> Result<Uuid, ReferralError> {
        let mut tenant = None;
        for s in services {
            let t = accounts::tenant_of_organization(&self.db, s.service.organization_id)
                .await?
                .unwrap_or(crate::access::DEFAULT_TENANT);
            if tenant.is_some_and(|x| x != t) {
                return Err(ReferralError::field(
                    "/service_ids",
                    ErrorCode::InvalidValue,
                    "the services belong to different Centra Usług Społecznych; send one request to each",
                ));
            }
            tenant = Some(t);
        }
        tenant.ok_or_else(|| {
            ReferralError::field("/service_ids", ErrorCode::InvalidValue, "no service")
        })
    }

    /// A new referral to the service's liaison (or their deputy), with its deadline.
    async fn route(
        &self,
        service: &ServiceView,
        case_id: Uuid,
        tenant: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Referral, ReferralError> {
        let s = &service.service;
        let organization = persistence::get_organization(&self.db, s.organization_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("service {} has no organization", s.id))?;
        let today =
            (now + Duration::hours(crate::domain::local_time::offset_hours(now))).date_naive();
        let ids: Vec<Uuid> = organization.liaisons.iter().map(|l| l.id).collect();
        let absent = store::absent_on(&self.db, &ids, today).await?;
        let route = routing::route(s.liaison_id, &organization.liaisons, |id| {
            absent.contains(&id)
        });
        let days = self.acknowledge_days(s.id, s.organization_id).await?;
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
        &self,
        service: Uuid,
        organization: Uuid,
    ) -> Result<u32, ReferralError> {
        for subject in [service, organization] {
            if let Some(days) = store::settings_of(&self.db, subject)
                .await?
                .and_then(|s| s.acknowledge_days)
            {
                return Ok(u32::try_from(days).unwrap_or(DEFAULT_ACKNOWLEDGE_DAYS));
            }
        }
        Ok(DEFAULT_ACKNOWLEDGE_DAYS)
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
