//! The editing use cases against a real SQLite database in memory, without HTTP: a liaison's
//! change waits for a coordinator where the tenant asks for it, and only the approver's
//! decision makes it public.

use super::{DraftAction, DraftFilter, Editing, EditingError, Outcome};
use crate::access::{DEFAULT_TENANT, Principal, Role};
use crate::directory::{Organization, Service, ServiceStatus};
use crate::persistence::{self, accounts};
use serde_json::json;
use uuid::Uuid;

struct World {
    editing: Editing,
    db: sea_orm::DatabaseConnection,
    organization: Organization,
    service: Service,
}

async fn world(requires_approval: bool) -> World {
    let db = persistence::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    persistence::migrate(&db).await.expect("migrations");
    let clock = crate::clock::from_settings(None);
    let now = clock.now();
    let demo = crate::services::seed::demo().expect("demo directory");
    let organization = Organization {
        id: Uuid::new_v4(),
        ..demo.organizations[0].clone()
    };
    let service = Service {
        id: Uuid::new_v4(),
        organization_id: organization.id,
        status: ServiceStatus::Active,
        ..demo.services[0].clone()
    };
    persistence::upsert_municipalities(&db, &demo.municipalities)
        .await
        .expect("gminy");
    persistence::upsert_organizations(&db, std::slice::from_ref(&organization), now)
        .await
        .expect("organization");
    persistence::upsert_services(&db, std::slice::from_ref(&service), now)
        .await
        .expect("service");
    accounts::set_requires_approval(&db, DEFAULT_TENANT, requires_approval)
        .await
        .expect("tenant setting");
    World {
        editing: Editing::new(db.clone(), clock),
        db,
        organization,
        service,
    }
}

fn account(role: Role, organization: Option<Uuid>) -> Principal {
    Principal {
        user_id: Uuid::new_v4(),
        email: format!("{}@cus.example", role.as_str()),
        role,
        tenant_id: DEFAULT_TENANT,
        organization_id: organization,
        must_change_password: false,
    }
}

async fn stored_name(w: &World) -> Option<String> {
    persistence::get_service(&w.db, w.service.id)
        .await
        .expect("read")
        .map(|v| v.service.name)
}

#[tokio::test]
async fn a_liaisons_change_waits_for_the_coordinator_and_is_public_only_once_approved() {
    let w = world(true).await;
    let liaison = account(Role::Liaison, Some(w.organization.id));
    let coordinator = account(Role::Coordinator, None);
    let outcome = w
        .editing
        .patch_service(&liaison, w.service.id, json!({"name": "Nowa nazwa oferty"}))
        .await
        .expect("proposed");
    let Outcome::Proposed(draft) = outcome else {
        panic!("published without approval: {outcome:?}");
    };
    assert_eq!(draft.action, DraftAction::Update);
    assert_eq!(stored_name(&w).await, Some(w.service.name.clone()));
    let waiting = w
        .editing
        .drafts(&coordinator, &DraftFilter::default(), first_page())
        .await
        .expect("drafts");
    assert!(waiting.items.iter().any(|d| d.record_id == w.service.id));
    assert_eq!(waiting.total, 1);
    let elsewhere = DraftFilter {
        organization: Some(Uuid::new_v4()),
        ..DraftFilter::default()
    };
    let none = w
        .editing
        .drafts(&coordinator, &elsewhere, first_page())
        .await
        .expect("drafts");
    assert_eq!(none.total, 0);
    let other = account(Role::Liaison, Some(Uuid::new_v4()));
    let foreign = w.editing.approve(&other, w.service.id).await;
    assert!(
        matches!(foreign, Err(EditingError::NoAccess)),
        "{foreign:?}"
    );
    let approved = w
        .editing
        .approve(&coordinator, w.service.id)
        .await
        .expect("approved");
    assert!(matches!(approved, Outcome::Published(Some(_))));
    assert_eq!(stored_name(&w).await.as_deref(), Some("Nowa nazwa oferty"));
    let history = w
        .editing
        .service_history(&coordinator, w.service.id)
        .await
        .expect("history");
    let actions: Vec<&str> = history.iter().map(|r| r.action.as_str()).collect();
    assert!(
        actions.contains(&"proposed") && actions.contains(&"approved"),
        "{actions:?}"
    );
    let again = w.editing.approve(&coordinator, w.service.id).await;
    assert!(
        matches!(again, Err(EditingError::ServiceDraftNotFound(id)) if id == w.service.id),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_rejected_deletion_leaves_the_offer_public() {
    let w = world(true).await;
    let liaison = account(Role::Liaison, Some(w.organization.id));
    let coordinator = account(Role::Coordinator, None);
    let outcome = w
        .editing
        .delete_service(&liaison, w.service.id)
        .await
        .expect("proposed");
    assert!(
        matches!(&outcome, Outcome::Proposed(d) if d.action == DraftAction::Delete),
        "{outcome:?}"
    );
    w.editing
        .reject(&coordinator, w.service.id)
        .await
        .expect("rejected");
    assert_eq!(stored_name(&w).await, Some(w.service.name.clone()));
    assert!(
        w.editing
            .drafts(&coordinator, &DraftFilter::default(), first_page())
            .await
            .expect("drafts")
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn without_the_setting_or_from_a_coordinator_a_change_is_public_at_once() {
    let free = world(false).await;
    let liaison = account(Role::Liaison, Some(free.organization.id));
    let outcome = free
        .editing
        .patch_service(&liaison, free.service.id, json!({"name": "Od razu"}))
        .await
        .expect("published");
    assert!(
        matches!(outcome, Outcome::Published(Some(_))),
        "{outcome:?}"
    );
    assert_eq!(stored_name(&free).await.as_deref(), Some("Od razu"));

    let held = world(true).await;
    let coordinator = account(Role::Coordinator, None);
    let outcome = held
        .editing
        .patch_service(
            &coordinator,
            held.service.id,
            json!({"name": "Koordynator"}),
        )
        .await
        .expect("published");
    assert!(
        matches!(outcome, Outcome::Published(Some(_))),
        "{outcome:?}"
    );
    assert_eq!(stored_name(&held).await.as_deref(), Some("Koordynator"));
}

#[tokio::test]
async fn invalid_and_foreign_changes_are_refused_before_anything_is_written() {
    let w = world(true).await;
    let liaison = account(Role::Liaison, Some(w.organization.id));
    let not_object = w
        .editing
        .patch_service(&liaison, w.service.id, json!([1]))
        .await;
    assert!(
        matches!(not_object, Err(EditingError::NotAnObject)),
        "{not_object:?}"
    );
    let bad_url = w
        .editing
        .patch_service(
            &liaison,
            w.service.id,
            json!({"url": "javascript:alert(1)"}),
        )
        .await;
    assert!(
        matches!(bad_url, Err(EditingError::Invalid(_))),
        "{bad_url:?}"
    );
    let stranger = account(Role::Liaison, Some(Uuid::new_v4()));
    let foreign = w
        .editing
        .patch_service(&stranger, w.service.id, json!({"name": "Cudza"}))
        .await;
    assert!(
        matches!(foreign, Err(EditingError::NoAccess)),
        "{foreign:?}"
    );
    let coordinator = account(Role::Coordinator, None);
    assert!(
        w.editing
            .drafts(&coordinator, &DraftFilter::default(), first_page())
            .await
            .expect("drafts")
            .items
            .is_empty()
    );
}

fn first_page() -> crate::paging::Paging {
    crate::paging::Paging::parse(None, None).expect("defaults")
}
