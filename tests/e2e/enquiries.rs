//! The enquiry log over HTTP: counted by the office, nobody recorded, reported with small
//! counts suppressed; and the one-step form on the counter screen.

use crate::helpers::{assert_problem, spawn_app};
use crate::panel::Browser;
use reqwest::Method;
use serde_json::json;

const GMINA: &str = "1499011";

#[tokio::test]
async fn the_office_counts_contacts_without_the_person_and_coordinators_read_the_report() {
    let app = spawn_app().await;
    let desk = app
        .token_for("licznik@cus.example.pl", "front_desk", &[])
        .await;
    let coordinator = app
        .token_for("raport@cus.example.pl", "coordinator", &[])
        .await;
    let unmet = json!({"channel": "phone", "category": "home_care", "municipality": GMINA,
        "age_band": "60+", "language": "uk", "outcome": "no_offer"});
    for _ in 0..3 {
        let created = app
            .call(
                Method::POST,
                "/api/v1/enquiries",
                &desk,
                Some(unmet.clone()),
            )
            .await;
        assert_eq!(created.status(), 201);
        let body: serde_json::Value = created.json().await.expect("json");
        assert!(body["recorded_at"].is_string(), "set by the server");
    }
    let info = json!({"channel": "in_person", "outcome": "information", "crisis": true});
    let created = app
        .call(Method::POST, "/api/v1/enquiries", &desk, Some(info))
        .await;
    assert_eq!(created.status(), 201);

    // No field for the person; a note that names or reaches one is refused.
    let named = app
        .call(
            Method::POST,
            "/api/v1/enquiries",
            &desk,
            Some(json!({"channel": "phone", "outcome": "information", "name": "Jan Kowalski"})),
        )
        .await;
    assert_eq!(named.status(), 400);
    let noted = app
        .call(
            Method::POST,
            "/api/v1/enquiries",
            &desk,
            Some(json!({"channel": "phone", "outcome": "information", "note": "oddzwonić 600 100 200"})),
        )
        .await;
    assert_problem(noted, 422, "personal_data_in_enquiry").await;
    let liaison = app
        .token_for(
            "l@partner.example.pl",
            "liaison",
            &["--organization", crate::access::ORG_A],
        )
        .await;
    let refused = app
        .call(
            Method::POST,
            "/api/v1/enquiries",
            &liaison,
            Some(json!({"channel": "phone", "outcome": "information"})),
        )
        .await;
    assert_eq!(refused.status(), 403);

    let report = app
        .call_json(
            Method::GET,
            "/api/v1/reports/enquiries?group_by=outcome,municipality",
            &coordinator,
        )
        .await;
    assert_eq!(report["total"], "4");
    let rows = report["rows"].as_array().expect("rows");
    assert_eq!(rows[0]["key"]["outcome"], "no_offer");
    assert_eq!(rows[0]["key"]["municipality"], GMINA);
    assert_eq!(rows[0]["count"], "3");
    assert_eq!(rows[1]["count"], "<3", "one contact is not shown as one");
    let csv = app
        .call(
            Method::GET,
            "/api/v1/reports/enquiries?group_by=crisis&format=csv",
            &coordinator,
            None,
        )
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.starts_with("crisis,count\n"), "{csv}");
    assert!(
        csv.contains("\"false\",\"3\"") && csv.contains("\"true\",\"<3\""),
        "{csv}"
    );
    let desk_report = app
        .call(Method::GET, "/api/v1/reports/enquiries", &desk, None)
        .await;
    assert_eq!(desk_report.status(), 403);
    let unknown = app
        .call(
            Method::GET,
            "/api/v1/reports/enquiries?group_by=name",
            &coordinator,
            None,
        )
        .await;
    assert_eq!(unknown.status(), 400);
}

#[tokio::test]
async fn the_counter_screen_counts_a_contact_in_one_step() {
    let app = spawn_app().await;
    let password = app.add_user("okienko@cus.example.pl", "front_desk", &[]);
    let coordinator = app
        .token_for("szef@cus.example.pl", "coordinator", &[])
        .await;
    let mut browser = Browser::new(&app);
    browser
        .sign_in("okienko@cus.example.pl", &password, "/panel")
        .await;
    let counter = browser
        .get(&format!("/panel?category=home_care&municipality={GMINA}"))
        .await;
    assert!(counter.body.contains("Zapisz kontakt w rejestrze"));
    assert!(
        counter
            .body
            .contains("<option value=\"home_care\" selected>"),
        "the need from the search"
    );
    let csrf = counter.csrf();
    let forged = browser
        .post(
            "/panel/enquiries",
            &[
                ("csrf", "x"),
                ("channel", "phone"),
                ("outcome", "information"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
    let missing = browser
        .post(
            "/panel/enquiries",
            &[
                ("csrf", &csrf),
                ("channel", "phone"),
                ("outcome", "no_offer"),
            ],
        )
        .await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("wybierz potrzebę i gminę"));
    assert!(
        missing.body.contains("<option value=\"phone\" selected>"),
        "the choice is kept"
    );
    let saved = browser
        .post(
            "/panel/enquiries",
            &[
                ("csrf", &csrf),
                ("channel", "phone"),
                ("category", "home_care"),
                ("municipality", GMINA),
                ("age_band", "60+"),
                ("outcome", "no_offer"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(saved.location.as_deref(), Some("/panel?saved=1"));
    assert!(
        browser
            .get("/panel?saved=1")
            .await
            .body
            .contains("Kontakt zapisany")
    );
    let report = app
        .call_json(Method::GET, "/api/v1/reports/enquiries", &coordinator)
        .await;
    assert_eq!(report["total"], "<3", "one contact, from the form only");
}
