//! The referral use cases against a real SQLite database in memory, without HTTP: routing to
//! a deputy, working-day deadlines, the lifecycle's rules, idempotency and consent withdrawal.

use super::views::{ConsentInput, ContactInput, ReferralRequest, TransitionRequest};
use super::{Absence, Actor, DeclineReason, ReferralError, Referrals, Status};
use crate::access::{DEFAULT_TENANT, Principal, Role};
use crate::directory::{Liaison, Organization, Service, ServiceStatus};
use crate::error::ErrorCode;
use crate::persistence::{self, referrals as store};
use crate::referral::links::LinkSigner;
use crate::referral::request::IdempotencyKey;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use uuid::Uuid;

/// A partner with two liaisons (Ewa, whose deputy is Jan) and one service that names Ewa.
struct World {
    desk: Referrals,
    db: DatabaseConnection,
    organization: Organization,
    service: Service,
    ewa: Uuid,
    jan: Uuid,
    _clock_dir: tempfile::TempDir,
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("timestamp")
        .with_timezone(&Utc)
}

/// Wednesday before Christmas, 11:00 in Warsaw.
const BEFORE_CHRISTMAS: &str = "2026-12-23T10:00:00Z";

async fn world(now: &str) -> World {
    let db = persistence::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    persistence::migrate(&db).await.expect("migrations");
    let demo = crate::services::seed::demo().expect("demo directory");
    let (ewa, jan) = (Uuid::new_v4(), Uuid::new_v4());
    let liaison = |id, first: &str, deputy| Liaison {
        id,
        first_name: first.into(),
        last_name: "Testowa".into(),
        role: Some("koordynatorka".into()),
        email: Some(format!("{}@partner.example", first.to_lowercase())),
        phone: None,
        deputy_id: deputy,
    };
    let organization = Organization {
        id: Uuid::new_v4(),
        liaisons: vec![liaison(ewa, "Ewa", Some(jan)), liaison(jan, "Jan", None)],
        ..demo.organizations[0].clone()
    };
    let service = Service {
        id: Uuid::new_v4(),
        organization_id: organization.id,
        liaison_id: Some(ewa),
        status: ServiceStatus::Active,
        ..demo.services[0].clone()
    };
    persistence::upsert_municipalities(&db, &demo.municipalities)
        .await
        .expect("gminy");
    persistence::upsert_organizations(&db, std::slice::from_ref(&organization), at(now))
        .await
        .expect("organization");
    persistence::upsert_services(&db, std::slice::from_ref(&service), at(now))
        .await
        .expect("service");
    let clock_dir = tempfile::tempdir().expect("temp dir");
    let clock_file = clock_dir.path().join("now");
    std::fs::write(&clock_file, now).expect("clock file");
    let desk = Referrals::new(
        db.clone(),
        crate::clock::from_settings(Some(clock_file)),
        Arc::new(LinkSigner::new(b"a test secret of enough length!!")),
        Arc::from("https://okienko.example"),
    );
    World {
        desk,
        db,
        organization,
        service,
        ewa,
        jan,
        _clock_dir: clock_dir,
    }
}

fn request(service: Uuid) -> ReferralRequest {
    ReferralRequest {
        service_ids: vec![service],
        need: "Mama po udarze potrzebuje opieki w domu.".into(),
        contact: ContactInput {
            name: "Anna".into(),
            email: Some("anna@example.pl".into()),
            phone: None,
            preferred: None,
        },
        consent: ConsentInput {
            given: true,
            text_version: "2026-11".into(),
        },
        municipality: None,
    }
}

fn account(role: Role, organization: Option<Uuid>) -> Principal {
    Principal {
        user_id: Uuid::new_v4(),
        email: format!("{role:?}@cus.example").to_lowercase(),
        role,
        tenant_id: DEFAULT_TENANT,
        organization_id: organization,
        must_change_password: false,
    }
}

fn decline(reason: Option<DeclineReason>) -> TransitionRequest {
    TransitionRequest {
        status: Status::Declined,
        reason,
        note: None,
    }
}

#[tokio::test]
async fn a_referral_goes_to_the_services_liaison_with_a_deadline_in_working_days() {
    let w = world(BEFORE_CHRISTMAS).await;
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    let r = &created.referrals[0];
    assert_eq!(r.liaison.name, "Ewa Testowa");
    assert_eq!(r.status, Status::New);
    // 24, 25 and 26 December are holidays, 27 is a Sunday: Monday 28 and Tuesday 29 count.
    assert_eq!(r.due_at, at("2026-12-29T10:00:00Z"));
    let stored = w.desk.referral(r.id).await.expect("stored");
    assert_eq!(stored.routed_to, "service_liaison");
    assert_eq!(stored.liaison_id, Some(w.ewa));
}

#[tokio::test]
async fn during_an_absence_the_deputy_gets_the_referral() {
    let w = world(BEFORE_CHRISTMAS).await;
    let away = Absence {
        liaison_id: w.ewa,
        starts_on: NaiveDate::from_ymd_opt(2026, 12, 21).expect("date"),
        ends_on: NaiveDate::from_ymd_opt(2027, 1, 4).expect("date"),
    };
    w.desk
        .add_absence(&w.organization, &away)
        .await
        .expect("absence recorded");
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    let stored = w
        .desk
        .referral(created.referrals[0].id)
        .await
        .expect("stored");
    assert_eq!(stored.routed_to, "deputy");
    assert_eq!(stored.liaison_id, Some(w.jan));
    assert_eq!(stored.liaison_email.as_deref(), Some("jan@partner.example"));
    let stranger = Absence {
        liaison_id: Uuid::new_v4(),
        ..away
    };
    let refused = w.desk.add_absence(&w.organization, &stranger).await;
    assert!(
        matches!(&refused, Err(ReferralError::Invalid(e)) if e[0].pointer == "/liaison_id"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn an_organizations_own_acknowledgement_time_sets_the_deadline() {
    let w = world(BEFORE_CHRISTMAS).await;
    let settings = super::settings_of(
        w.organization.id,
        super::SettingsRequest {
            acknowledge_within_days: Some(5),
            webhook_url: None,
            webhook_secret: None,
            webhook_personal_data: None,
        },
        true,
    )
    .expect("valid settings");
    store::put_settings(&w.db, settings).await.expect("saved");
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    // 28, 29, 30, 31 December; 1 January is a holiday; Saturday, Sunday; Monday 4 January.
    assert_eq!(created.referrals[0].due_at, at("2027-01-04T10:00:00Z"));
}

#[tokio::test]
async fn a_decline_needs_a_reason_and_only_the_partner_or_the_tenant_may_act() {
    let w = world(BEFORE_CHRISTMAS).await;
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    let id = created.referrals[0].id;
    let liaison = account(Role::Liaison, Some(w.organization.id));
    let without = w
        .desk
        .transition_by_account(&liaison, id, decline(None), None)
        .await;
    assert!(
        matches!(&without, Err(ReferralError::Invalid(e))
            if e[0].pointer == "/reason" && e[0].code == ErrorCode::MissingField),
        "{without:?}"
    );
    let other = account(Role::Liaison, Some(Uuid::new_v4()));
    let foreign = w
        .desk
        .transition_by_account(&other, id, decline(Some(DeclineReason::NoCapacity)), None)
        .await;
    assert!(
        matches!(foreign, Err(ReferralError::NoAccess)),
        "{foreign:?}"
    );
    let front_desk = account(Role::FrontDesk, None);
    let not_theirs = w
        .desk
        .transition_by_account(
            &front_desk,
            id,
            decline(Some(DeclineReason::NoCapacity)),
            None,
        )
        .await;
    assert!(
        matches!(not_theirs, Err(ReferralError::FrontDeskMayOnlyCancel)),
        "{not_theirs:?}"
    );
    let declined = w
        .desk
        .transition_by_account(
            &liaison,
            id,
            decline(Some(DeclineReason::NoCapacity)),
            Some(1),
        )
        .await
        .expect("declined");
    assert_eq!(declined.status, Status::Declined);
    assert_eq!(declined.decline_reason, Some(DeclineReason::NoCapacity));
    assert!(
        declined
            .history
            .iter()
            .any(|e| e.status == Status::Declined)
    );
    // The case had one referral: it is closed.
    let case = store::case_by_id(&w.db, declined.case_id)
        .await
        .expect("read")
        .expect("case");
    assert!(case.closed_at.is_some());
    let again = w
        .desk
        .transition(&Actor::System, id, Status::Acknowledged, None, None, None)
        .await;
    assert!(
        matches!(
            again,
            Err(ReferralError::InvalidTransition {
                from: Status::Declined,
                to: Status::Acknowledged
            })
        ),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_stale_version_is_refused_and_okienkos_own_steps_are_not_for_accounts() {
    let w = world(BEFORE_CHRISTMAS).await;
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    let id = created.referrals[0].id;
    let liaison = account(Role::Liaison, Some(w.organization.id));
    let acknowledge = || TransitionRequest {
        status: Status::Acknowledged,
        reason: None,
        note: Some("Dzwonię jutro.".into()),
    };
    let stale = w
        .desk
        .transition_by_account(&liaison, id, acknowledge(), Some(7))
        .await;
    assert!(
        matches!(stale, Err(ReferralError::VersionMismatch { current: 1 })),
        "{stale:?}"
    );
    let sent = TransitionRequest {
        status: Status::Sent,
        reason: None,
        note: None,
    };
    let own = w.desk.transition_by_account(&liaison, id, sent, None).await;
    assert!(matches!(own, Err(ReferralError::SystemStatus)), "{own:?}");
    let done = w
        .desk
        .transition_by_account(&liaison, id, acknowledge(), Some(1))
        .await
        .expect("acknowledged");
    assert_eq!((done.status, done.version), (Status::Acknowledged, 2));
}

#[tokio::test]
async fn a_retry_with_the_same_key_creates_nothing_new_and_another_request_is_refused() {
    let w = world(BEFORE_CHRISTMAS).await;
    let key = IdempotencyKey::parse("form-1234").expect("key");
    let first = w
        .desk
        .create(&request(w.service.id), None, Some(&key))
        .await
        .expect("created");
    let retry = w
        .desk
        .create(&request(w.service.id), None, Some(&key))
        .await
        .expect("replayed");
    assert_eq!(retry.case_id, first.case_id);
    assert_eq!(retry.tracking_code, first.tracking_code);
    let mut other = request(w.service.id);
    other.need = "Coś innego.".into();
    let reused = w.desk.create(&other, None, Some(&key)).await;
    assert!(
        matches!(reused, Err(ReferralError::IdempotencyKeyReused)),
        "{reused:?}"
    );
    assert!(IdempotencyKey::parse("").is_err());
    assert!(IdempotencyKey::parse(&"k".repeat(201)).is_err());
}

#[tokio::test]
async fn withdrawing_consent_cancels_open_referrals_and_erases_the_personal_data() {
    let w = world(BEFORE_CHRISTMAS).await;
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    let id = created.referrals[0].id;
    let queued = crate::persistence::outbox::notifications_of(&w.db, &[id])
        .await
        .expect("outbox");
    assert!(
        queued.iter().any(|n| n.payload.contains("anna@example.pl")),
        "the liaison's e-mail carries the contact"
    );
    let tracking = w
        .desk
        .withdraw_consent(&created.tracking_code)
        .await
        .expect("withdrawn");
    assert!(tracking.consent_withdrawn);
    assert_eq!(tracking.referrals[0].status, Status::Cancelled);
    let case = store::case_by_id(&w.db, created.case_id)
        .await
        .expect("read")
        .expect("case");
    assert!(case.anonymized_at.is_some());
    assert_eq!(
        (case.contact_name, case.contact_email, case.need),
        (None, None, None)
    );
    for n in crate::persistence::outbox::notifications_of(&w.db, &[id])
        .await
        .expect("outbox")
    {
        assert!(!n.payload.contains("anna@example.pl"), "{}", n.payload);
        assert!(!n.payload.contains("udarze"), "{}", n.payload);
    }
    let unknown = w.desk.track("not-a-code").await;
    assert!(
        matches!(unknown, Err(ReferralError::UnknownTrackingCode)),
        "{unknown:?}"
    );
}
