//! Several instances on one database: each keeps its own index current from the change log.

use crate::helpers::{spawn_app, spawn_sibling};
use crate::hsds::polish_record;
use serde_json::Value;
use std::time::{Duration, Instant};

/// How long a change may take to show up through another instance before the test gives up
/// (the service promises 2 s; the margin absorbs a loaded CI machine).
const DEADLINE: Duration = Duration::from_secs(15);

async fn first_hit(app: &crate::helpers::TestApp, q: &str) -> Option<String> {
    let body: Value = app
        .client
        .get(format!("{}/api/v1/search", app.address))
        .query(&[("q", q)])
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    body["items"][0]["name"].as_str().map(str::to_owned)
}

async fn wait_for(app: &crate::helpers::TestApp, q: &str, name: &str) -> Duration {
    let started = Instant::now();
    loop {
        if first_hit(app, q).await.as_deref() == Some(name) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < DEADLINE,
            "{name:?} never became searchable through the other instance"
        );
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_change_through_one_instance_is_searchable_through_the_others() {
    let a = spawn_app().await;
    let b = spawn_sibling(&a);
    let org = "7e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
    let id = "f2222222-2222-4222-8222-222222222222";
    let created = Value::from(vec![polish_record(
        id,
        "Dogoterapia dla seniorów w klubie",
        org,
        "5260250274",
    )]);
    assert_eq!(a.import_hsds(created.to_string()).await.status(), 200);
    let delay = wait_for(&b, "dogoterapia", "Dogoterapia dla seniorów w klubie").await;
    println!("created through A, searchable through B after {delay:?}");

    let renamed = Value::from(vec![polish_record(
        id,
        "Dogoterapia i felinoterapia dla seniorów",
        org,
        "5260250274",
    )]);
    assert_eq!(b.import_hsds(renamed.to_string()).await.status(), 200);
    let delay = wait_for(
        &a,
        "felinoterapia",
        "Dogoterapia i felinoterapia dla seniorów",
    )
    .await;
    println!("updated through B, searchable through A after {delay:?}");

    let c = spawn_sibling(&a);
    assert_eq!(
        first_hit(&c, "felinoterapia").await.as_deref(),
        Some("Dogoterapia i felinoterapia dla seniorów"),
        "a new instance catches up on start"
    );
    assert_eq!(
        c.get_json("/ready").await["indexed_services"],
        a.get_json("/ready").await["indexed_services"]
    );
}

#[tokio::test]
async fn a_cli_import_next_to_a_running_server_is_indexed_by_the_server() {
    let app = spawn_app().await;
    let before = app.get_json("/ready").await["indexed_services"]
        .as_u64()
        .expect("count");
    let file = app.data_dir.path().join("new.json");
    let record = polish_record(
        "f3333333-3333-4333-8333-333333333333",
        "Muzykoterapia dla osób z demencją",
        "8e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
        "5260250274",
    );
    std::fs::write(&file, Value::from(vec![record]).to_string()).expect("write");
    let import = crate::helpers::base_command(app.data_dir.path(), app.database_url.as_deref())
        .args(["import", "hsds"])
        .arg(&file)
        .output()
        .expect("import");
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    wait_for(&app, "muzykoterapia", "Muzykoterapia dla osób z demencją").await;
    assert_eq!(
        app.get_json("/ready").await["indexed_services"].as_u64(),
        Some(before + 1),
        "the server's index is intact"
    );
}

#[tokio::test]
async fn two_instances_deliver_each_notification_and_escalate_each_referral_once() {
    let mailbox = crate::mailbox::Mailbox::start();
    let clock = tempfile::NamedTempFile::new().expect("clock file");
    // Friday 27 November 2026, 10:00 in Warsaw.
    std::fs::write(clock.path(), "2026-11-27T09:00:00Z").expect("set clock");
    let options = || crate::helpers::Options {
        env: vec![
            ("OKIENKO_SMTP_URL", mailbox.url.clone()),
            ("OKIENKO_JOBS_INTERVAL_MS", "20".into()),
            ("OKIENKO_CLOCK_FILE", clock.path().display().to_string()),
        ],
        ..Default::default()
    };
    let a = crate::helpers::spawn_app_with(options()).await;
    let b = crate::helpers::spawn_sibling_with(&a, options());
    a.add_user("koordynator@cus.example.pl", "coordinator", &[]);
    let page = a.get_json("/api/v1/services?per_page=1").await;
    let service = page["items"][0]["id"].as_str().expect("service").to_owned();
    const REFERRALS: usize = 10;
    for i in 0..REFERRALS {
        let app = if i % 2 == 0 { &a } else { &b };
        let response = app
            .client
            .post(format!("{}/api/v1/referrals", app.address))
            .json(&serde_json::json!({
                "service_ids": [service],
                "need": format!("Prośba {i}"),
                "contact": {"name": "Jan", "phone": "+48 600 100 200"},
                "consent": {"given": true, "text_version": "2026-11"}
            }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 201);
    }
    // Past every deadline: each referral escalates once, though both instances run the job.
    std::fs::write(clock.path(), "2026-12-08T09:00:00Z").expect("set clock");
    let mut notices = Vec::new();
    let about_referrals =
        |subject: &Option<String>| subject.as_deref().is_some_and(|s| s.contains("skierowani"));
    while let Some(mail) = mailbox.next(Duration::from_secs(15)) {
        let key = (mail.to.clone(), mail.subject(), mail.body());
        if !about_referrals(&key.1) {
            continue; // e.g. freshness reminders about the demo offers
        }
        assert!(!notices.contains(&key), "delivered twice: {key:?}");
        notices.push(key);
        if notices.len() == REFERRALS * 3 {
            break;
        }
    }
    let alerts = notices
        .iter()
        .filter(|(to, _, _)| to.iter().any(|t| t == "koordynator@cus.example.pl"))
        .count();
    assert_eq!(alerts, REFERRALS, "one escalation per referral");
    assert_eq!(
        notices.len(),
        REFERRALS * 3,
        "notice, alert and reminder per referral"
    );
    // And nothing more: no second delivery of any referral notification.
    while let Some(mail) = mailbox.next(Duration::from_secs(1)) {
        assert!(
            !about_referrals(&mail.subject()),
            "one more: {:?}",
            mail.subject()
        );
    }
}
