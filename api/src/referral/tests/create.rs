//! Creating referrals: routing, deadlines, idempotency, requests committed together.

use super::{BEFORE_CHRISTMAS, at, request, world};
use crate::persistence::entities::case;
use crate::persistence::referrals as store;
use crate::referral::request::IdempotencyKey;
use crate::referral::{Absence, ReferralError, Status};
use chrono::NaiveDate;
use sea_orm::{EntityTrait, PaginatorTrait};
use uuid::Uuid;

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
    let settings = crate::referral::settings_of(
        w.organization.id,
        crate::referral::SettingsRequest {
            acknowledge_within_days: Some(5),
            webhook_url: None,
            webhook_secret: None,
            webhook_personal_data: None,
        },
        true,
    )
    .expect("valid settings");
    crate::persistence::referral_settings::put_settings(&w.db, settings)
        .await
        .expect("saved");
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    // 28, 29, 30, 31 December; 1 January is a holiday; Saturday, Sunday; Monday 4 January.
    assert_eq!(created.referrals[0].due_at, at("2027-01-04T10:00:00Z"));
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
async fn requests_arriving_together_are_each_stored_once() {
    let w = world(BEFORE_CHRISTMAS).await;
    let key = IdempotencyKey::parse("double-click").expect("key");
    let (twin, other) = (request(w.service.id), request(w.service.id));
    let (a, b, c, d) = tokio::join!(
        w.desk.create(&twin, None, Some(&key)),
        w.desk.create(&twin, None, Some(&key)),
        w.desk.create(&other, None, None),
        w.desk.create(&other, None, None),
    );
    let (a, b) = (a.expect("first"), b.expect("twin"));
    assert_eq!(a.case_id, b.case_id, "one key, one case");
    let (c, d) = (c.expect("third"), d.expect("fourth"));
    let cases = [a.case_id, c.case_id, d.case_id];
    for id in cases {
        let stored = store::referrals_of_case(&w.db, id).await.expect("read");
        assert_eq!(stored.len(), 1, "case {id}");
    }
    let all = case::Entity::find().count(&w.db).await.expect("count");
    assert_eq!(all, 3);
}

#[tokio::test]
async fn staff_may_refer_a_name_alone_and_reprint_its_slip_a_resident_may_not() {
    let w = world(BEFORE_CHRISTMAS).await;
    let mut alone = request(w.service.id);
    alone.contact.email = None;
    alone.language = Some("uk".into());
    let refused = w.desk.create(&alone, None, None).await;
    assert!(
        matches!(&refused, Err(ReferralError::Invalid(e)) if e[0].pointer == "/contact"),
        "{refused:?}"
    );
    let desk = super::account(crate::access::Role::FrontDesk, None);
    let created = w
        .desk
        .create(&alone, Some(&desk), None)
        .await
        .expect("a slip-only referral");
    let slip = w
        .desk
        .slip(&desk, created.referrals[0].id)
        .await
        .expect("the slip");
    assert!(slip.no_contact);
    assert_eq!(slip.language, crate::i18n::Lang::Uk);
    assert_eq!(
        slip.tracking_code.as_deref(),
        Some(created.tracking_code.as_str())
    );
    let tracked = w.desk.track(&created.tracking_code).await.expect("tracked");
    assert_eq!(tracked.referrals.len(), 1);
    let liaison_elsewhere = super::account(crate::access::Role::Liaison, Some(Uuid::new_v4()));
    assert!(matches!(
        w.desk
            .slip(&liaison_elsewhere, created.referrals[0].id)
            .await,
        Err(ReferralError::NoAccess)
    ));
    alone.language = Some("de".into());
    let unknown = w.desk.create(&alone, Some(&desk), None).await;
    assert!(
        matches!(&unknown, Err(ReferralError::Invalid(e)) if e[0].pointer == "/language"),
        "{unknown:?}"
    );
}
