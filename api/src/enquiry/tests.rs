//! The enquiry log's rules against SQLite in memory.

use super::*;
use crate::access::{DEFAULT_TENANT, Role};
use crate::persistence;
use chrono::{NaiveDate, TimeZone};

async fn db() -> DatabaseConnection {
    let db = persistence::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    persistence::migrate(&db).await.expect("migrations");
    db
}

fn desk() -> Principal {
    Principal {
        user_id: Uuid::new_v4(),
        email: "desk@cus.example".into(),
        role: Role::FrontDesk,
        tenant_id: DEFAULT_TENANT,
        organization_id: None,
        must_change_password: false,
    }
}

fn contact(channel: &str, outcome: &str) -> EnquiryRequest {
    EnquiryRequest {
        channel: channel.into(),
        outcome: outcome.into(),
        category: Some("home_care".into()),
        municipality: Some("1499011".into()),
        age_band: Some("60+".into()),
        ..EnquiryRequest::default()
    }
}

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, 10, 0, 0)
        .single()
        .expect("time")
}

#[test]
fn a_record_has_no_place_for_the_person() {
    let with_name = serde_json::from_str::<EnquiryRequest>(
        r#"{"channel": "phone", "outcome": "information", "name": "Jan Kowalski"}"#,
    );
    assert!(with_name.is_err(), "unknown fields are refused");
    for note in ["oddzwonić 600 100 200", "PESEL 85010112345", "ul. Polna 3"] {
        let mut r = contact("phone", "information");
        r.note = Some(note.into());
        assert!(
            matches!(check(&r), Err(EnquiryError::PersonalData)),
            "{note}"
        );
    }
    let mut fine = contact("phone", "information");
    fine.note = Some("pytała o opiekę wytchnieniową w weekendy".into());
    assert!(check(&fine).is_ok());
}

#[test]
fn an_unmet_need_names_its_category_and_gmina_and_values_come_from_their_sets() {
    let mut unmet = contact("in_person", "no_offer");
    unmet.municipality = None;
    let Err(EnquiryError::Invalid(errors)) = check(&unmet) else {
        panic!("an unmet need without a gmina");
    };
    assert_eq!(errors[0].pointer, "/category");
    let wrong = EnquiryRequest {
        channel: "fax".into(),
        outcome: "maybe".into(),
        age_band: Some("old".into()),
        referral_id: Some(Uuid::new_v4()),
        ..EnquiryRequest::default()
    };
    let Err(EnquiryError::Invalid(errors)) = check(&wrong) else {
        panic!("invalid values");
    };
    let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    for p in ["/channel", "/outcome", "/age_band", "/referral_id"] {
        assert!(pointers.contains(&p), "{p} in {pointers:?}");
    }
}

#[tokio::test]
async fn a_referral_named_must_be_one_of_the_tenant() {
    let db = db().await;
    let mut r = contact("in_person", "referral");
    r.referral_id = Some(Uuid::new_v4());
    let refused = record(&db, &desk(), &r, at(1)).await;
    assert!(
        matches!(&refused, Err(EnquiryError::Invalid(e)) if e[0].pointer == "/referral_id"),
        "{refused:?}"
    );
    r.referral_id = None;
    assert!(record(&db, &desk(), &r, at(1)).await.is_ok());
}

#[tokio::test]
async fn reports_count_by_any_field_and_hide_counts_under_three() {
    let db = db().await;
    let p = desk();
    for (channel, outcome, day) in [
        ("in_person", "no_offer", 1),
        ("in_person", "no_offer", 2),
        ("in_person", "no_offer", 3),
        ("phone", "information", 3),
        ("phone", "information", 4),
        ("email", "information", 20),
    ] {
        record(&db, &p, &contact(channel, outcome), at(day))
            .await
            .expect("recorded");
    }
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let fourth = NaiveDate::from_ymd_opt(2026, 12, 4).expect("date");
    let r = report(
        &db,
        &p,
        first,
        fourth,
        &[Dimension::Channel, Dimension::Outcome],
    )
    .await
    .expect("report");
    assert_eq!(r.total, "5", "the 20th is outside the period");
    assert_eq!(r.rows[0].key["channel"], "in_person");
    assert_eq!(r.rows[0].key["outcome"], "no_offer");
    assert_eq!(r.rows[0].count, "3");
    assert_eq!(r.rows[1].count, "<3");
    let csv = to_csv(&r);
    assert!(csv.starts_with("channel,outcome,count\n"), "{csv}");
    assert!(csv.contains("\"phone\",\"information\",\"<3\""), "{csv}");
    // Another tenant's coordinator counts nothing of it.
    let other = Principal {
        tenant_id: Uuid::new_v4(),
        role: Role::Coordinator,
        ..desk()
    };
    let none = report(&db, &other, first, fourth, &[Dimension::Channel])
        .await
        .expect("report");
    assert_eq!(none.total, "0");
    assert!(none.rows.is_empty());
}
