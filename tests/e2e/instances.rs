//! Several instances on one database: each keeps its own index current from the change log.

use crate::helpers::{
    Options, TestApp, spawn_app, spawn_app_with, spawn_sibling, spawn_sibling_with, start,
};
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

/// Rows in the change log for one service.
async fn logged_changes(app: &TestApp, id: &str) -> u64 {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let db = Database::connect(app.db_url()).await.expect("database");
    let backend = db.get_database_backend();
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let id = uuid::Uuid::parse_str(id).expect("uuid");
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) AS n FROM service_changes WHERE service_id = {placeholder}"),
            [id.into()],
        ))
        .await
        .expect("count")
        .expect("row");
    let n: i64 = row.try_get("", "n").expect("n");
    u64::try_from(n).unwrap_or(0)
}

/// Waits until the change log holds nothing more for the service.
async fn wait_until_pruned(app: &TestApp, id: &str) {
    let started = Instant::now();
    while logged_changes(app, id).await > 0 {
        assert!(
            started.elapsed() < DEADLINE,
            "the change log was never pruned"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_change_log_is_pruned_behind_live_instances_and_a_returning_one_rebuilds() {
    let options = || Options {
        env: vec![
            ("OKIENKO_CHANGE_LOG_KEEP_SECS", "1".to_owned()),
            ("OKIENKO_SYNC_INTERVAL_MS", "100".to_owned()),
        ],
        ..Options::default()
    };
    let a = spawn_app_with(options()).await;
    let b = spawn_sibling_with(&a, options());
    let org = "7e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
    let id = "f4444444-4444-4444-8444-444444444444";
    let record = |name: &str| Value::from(vec![polish_record(id, name, org, "5260250274")]);
    let created = record("Dogoterapia dla seniorów w klubie");
    assert_eq!(a.import_hsds(created.to_string()).await.status(), 200);
    wait_for(&b, "dogoterapia", "Dogoterapia dla seniorów w klubie").await;
    wait_until_pruned(&a, id).await;

    // B goes away; once it has been silent for longer than the log is kept, a change made
    // meanwhile is pruned without waiting for it.
    let (b_dir, _, url) = b.stop();
    let renamed = record("Dogoterapia i felinoterapia dla seniorów");
    assert_eq!(a.import_hsds(renamed.to_string()).await.status(), 200);
    wait_until_pruned(&a, id).await;

    // B returns on its old index, which never saw the rename: it rebuilds.
    let b = start(b_dir, None, url, options());
    assert_eq!(
        first_hit(&b, "felinoterapia").await.as_deref(),
        Some("Dogoterapia i felinoterapia dla seniorów"),
        "an index older than the pruned log is rebuilt at start"
    );
    assert!(
        b.log_text().contains("missed_pruned_changes\":true"),
        "{}",
        b.log_text()
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
