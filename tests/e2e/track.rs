//! The resident's tracking page over HTTP: the code is posted, wrong codes get a neutral
//! answer and are throttled, the case shows each referral, and consent is withdrawn only
//! after a confirmation.

use crate::helpers::{TestApp, spawn_app};
use serde_json::{Value, json};

async fn a_case(app: &TestApp) -> (String, Value) {
    let services = app.get_json("/api/v1/services?per_page=1").await;
    let id = services["items"][0]["id"]
        .as_str()
        .expect("a service")
        .to_owned();
    let service = app.get_json(&format!("/api/v1/services/{id}")).await;
    let created: Value = app
        .client
        .post(format!("{}/api/v1/referrals", app.address))
        .json(&json!({
            "service_ids": [id],
            "need": "Potrzebuję pomocy",
            "contact": {"name": "Olena", "email": "olena@example.org"},
            "consent": {"given": true, "text_version": "2026-11"}
        }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let code = created["tracking_code"].as_str().expect("code").to_owned();
    (code, service)
}

async fn post(app: &TestApp, form: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .client
        .post(format!("{}/embed/track", app.address))
        .form(form)
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("page"),
    )
}

#[tokio::test]
async fn a_resident_follows_the_case_by_code_and_withdraws_consent_after_confirming() {
    let app = spawn_app().await;
    let (code, service) = a_case(&app).await;
    let form = app.get("/embed/track?lang=uk").await;
    assert_eq!(form.status(), 200);
    let form = form.text().await.expect("page");
    assert!(
        form.contains("method=\"post\" action=\"/embed/track\""),
        "the code is posted"
    );
    assert!(form.contains("Перевірте стан справи"));

    let (status, wrong) = post(&app, &[("code", "NO-SUCH-CODE"), ("lang", "pl")]).await;
    assert_eq!(status, 200);
    assert!(wrong.contains("Nie znaleźliśmy sprawy o tym kodzie"));

    // Typed loosely (lower case, spaces), in English.
    let typed = code.to_lowercase().replace('-', " ");
    let (status, case) = post(&app, &[("code", &typed), ("lang", "en")]).await;
    assert_eq!(status, 200);
    assert!(case.contains("passed on"), "the status in English");
    let liaison = service["liaison"]["name"].as_str().expect("a liaison");
    let (first, surname) = liaison.split_once(' ').expect("first name and surname");
    assert!(case.contains(first));
    assert!(!case.contains(surname), "only the liaison's first name");
    let organization = service["organization"]["name"]
        .as_str()
        .expect("organization");
    assert!(case.contains(&okienko::html::escape(organization)));

    // Withdrawing needs the confirmation; without it nothing changes.
    let (status, unconfirmed) = post(
        &app,
        &[("code", &code), ("action", "withdraw"), ("lang", "pl")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(unconfirmed.contains("Zaznacz pole potwierdzenia"));
    let tracked = app
        .get_json(&format!("/api/v1/referrals/track/{code}"))
        .await;
    assert_eq!(tracked["consent_withdrawn"], false);
    let (status, withdrawn) = post(
        &app,
        &[
            ("code", &code),
            ("action", "withdraw"),
            ("confirm", "yes"),
            ("lang", "pl"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(withdrawn.contains("Zgoda jest wycofana"));
    let tracked = app
        .get_json(&format!("/api/v1/referrals/track/{code}"))
        .await;
    assert_eq!(tracked["consent_withdrawn"], true);
    assert_eq!(tracked["referrals"][0]["status"], "cancelled");
    assert!(
        !app.log_text().contains(&code),
        "the code never reaches the log"
    );
}

#[tokio::test]
async fn guessing_codes_is_throttled_per_client() {
    let app = spawn_app().await;
    let mut last = 0;
    for _ in 0..21 {
        last = post(&app, &[("code", "GUESS-00000")]).await.0;
    }
    assert_eq!(last, 429);
    let (code, _) = a_case(&app).await;
    let (status, page) = post(&app, &[("code", &code)]).await;
    assert_eq!(status, 429, "even a right code waits");
    assert!(page.contains("Zbyt wiele prób"));
}
