//! The referral use cases against a real SQLite database in memory, without HTTP: routing to
//! a deputy, working-day deadlines, idempotency and batching (`create.rs`), the lifecycle's
//! rules and consent withdrawal (`lifecycle.rs`). This file holds the shared world.

mod create;
mod lifecycle;

use super::Referrals;
use super::views::{ConsentInput, ContactInput, ReferralRequest, TransitionRequest};
use super::{DeclineReason, Status};
use crate::access::{DEFAULT_TENANT, Principal, Role};
use crate::directory::{Liaison, Organization, Service, ServiceStatus};
use crate::persistence;
use crate::referral::links::LinkSigner;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use uuid::Uuid;

/// A partner with two liaisons (Ewa, whose deputy is Jan) and one service that names Ewa.
pub(super) struct World {
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
        language: None,
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
