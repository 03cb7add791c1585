//! Offers stay current: reminders by e-mail, stale offers rank lower with a notice, and
//! coordinators see them listed.

use crate::helpers::{Options, spawn_app_with};
use crate::hsds::polish_record;
use crate::mailbox::Mailbox;
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::Value;

const ORG: &str = "6e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const FRESH: &str = "f2222222-2222-4222-8222-222222222222";
const STALE: &str = "f3333333-3333-4333-8333-333333333333";
const DUE: &str = "f4444444-4444-4444-8444-444444444444";

fn record(id: &str, name: &str, verified_days_ago: i64) -> Value {
    let mut record = polish_record(id, name, ORG, "5260250274");
    record["assured_date"] =
        Value::from((Utc::now().date_naive() - Duration::days(verified_days_ago)).to_string());
    record
}

#[tokio::test]
async fn unconfirmed_offers_get_a_reminder_rank_lower_and_are_listed() {
    let mailbox = Mailbox::start();
    let app = spawn_app_with(Options {
        seed: "none",
        env: vec![
            ("OKIENKO_SMTP_URL", mailbox.url.clone()),
            ("OKIENKO_FRESHNESS_INTERVAL_SECS", "1".into()),
        ],
        ..Options::default()
    })
    .await;
    let name = "Hipoterapia dla dzieci z porażeniem";
    let body = Value::from(vec![
        record(FRESH, name, 10),
        record(STALE, name, 400),
        record(DUE, "Dogoterapia dla dzieci", 100),
    ]);
    let report: Value = app
        .import_hsds(body.to_string())
        .await
        .json()
        .await
        .expect("report");
    assert_eq!(report["created"], 3);

    // The two unconfirmed offers' liaison is reminded once each, with no personal data in
    // the subject; the fresh offer's is not.
    let mut reminded = Vec::new();
    while let Some(mail) = mailbox.next(std::time::Duration::from_secs(15)) {
        assert_eq!(mail.to, ["j.testowa@przystan.example"]);
        let subject = mail.subject().expect("subject");
        assert!(
            !subject.contains("Testowa") && !subject.contains('@'),
            "{subject}"
        );
        reminded.push(mail.body());
        if reminded.len() == 2 {
            break;
        }
    }
    assert_eq!(reminded.len(), 2, "two reminders");
    assert!(reminded.iter().any(|b| b.contains(DUE)));
    assert!(reminded.iter().any(|b| b.contains(STALE)));
    assert!(!reminded.iter().any(|b| b.contains(FRESH)));
    // Runs every second, yet no second reminder for the same confirmation.
    assert!(mailbox.next(std::time::Duration::from_secs(3)).is_none());

    // Of two equal offers the stale one ranks lower and carries a notice.
    let page = app.get_json("/api/v1/search?q=hipoterapia").await;
    let ids: Vec<&str> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, [FRESH, STALE]);
    assert_eq!(page["items"][0]["stale"], false);
    assert!(page["items"][0].get("notice").is_none());
    assert_eq!(page["items"][1]["stale"], true);
    assert!(
        page["items"][1]["notice"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );

    // Coordinators see it by organization; confirming it takes it off the list.
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    let stale: Value = app
        .call_json(Method::GET, "/api/v1/reports/stale-services", &coordinator)
        .await;
    assert_eq!(stale[0]["organization_id"], ORG);
    assert_eq!(stale[0]["services"][0]["id"], STALE);
    assert!(stale[0]["services"][0]["days_since_verified"].as_i64() >= Some(400));
    let confirmed = app
        .call(
            Method::POST,
            &format!("/api/v1/services/{STALE}/verify"),
            &coordinator,
            None,
        )
        .await;
    assert_eq!(confirmed.status(), 200);
    let confirmed: Value = confirmed.json().await.expect("json");
    assert_eq!(
        confirmed["last_verified_at"],
        Utc::now().date_naive().to_string()
    );
    let stale: Value = app
        .call_json(Method::GET, "/api/v1/reports/stale-services", &coordinator)
        .await;
    assert_eq!(stale.as_array().map(Vec::len), Some(0));
}
