//! What leaves okienko: webhooks reach only public https hosts (or the operator's own), carry
//! no personal data, go where they pointed when the event happened; a withdrawal stops every
//! notice with the resident's data; nothing identifying reaches the log; exports are safe in a
//! spreadsheet; the resident's form works from okienko's own page only.

use crate::helpers::{Options, TestApp, assert_problem, spawn_app_with};
use crate::mailbox::Mailbox;
use crate::receiver::Receiver;
use crate::security::{ORG_A, default_coordinator, first_service_of, liaison_of_a};
use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

async fn app_with(env: Vec<(&'static str, String)>) -> TestApp {
    let mut all = vec![
        ("OKIENKO_JOBS_INTERVAL_MS", "50".to_owned()),
        ("OKIENKO_RETRY_BASE_MS", "50".to_owned()),
    ];
    all.extend(env);
    spawn_app_with(Options {
        env: all,
        ..Options::default()
    })
    .await
}

fn referral(service: &str, name: &str, need: &str) -> Value {
    json!({
        "service_ids": [service],
        "need": need,
        "contact": {"name": name, "email": "zenobia.tajna@example.pl", "phone": "600 700 800"},
        "consent": {"given": true, "text_version": "2026-11"}
    })
}

async fn create(app: &TestApp, body: &Value) -> Value {
    let response = app
        .client
        .post(format!("{}/api/v1/referrals", app.address))
        .json(body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    response.json().await.expect("json")
}

/// Every outbox row about a referral (freshness reminders are queued there too): kind,
/// payload, last error, whether delivered.
async fn outbox(app: &TestApp) -> Vec<(String, String, Option<String>, bool)> {
    let db = sea_orm::Database::connect(app.db_url()).await.expect("db");
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT kind, payload, last_error, delivered_at FROM outbox WHERE referral_id IS NOT NULL",
        ))
        .await
        .expect("outbox");
    rows.iter()
        .map(|r| {
            let delivered: Option<chrono::DateTime<chrono::Utc>> =
                r.try_get("", "delivered_at").unwrap_or(None);
            (
                r.try_get("", "kind").expect("kind"),
                r.try_get("", "payload").expect("payload"),
                r.try_get("", "last_error").unwrap_or(None),
                delivered.is_some(),
            )
        })
        .collect()
}

/// The next message to `to` whose body contains `text`; any other (a freshness reminder)
/// must carry no resident's data.
fn mail_containing(mailbox: &Mailbox, to: &str, text: &str) -> crate::mailbox::Received {
    loop {
        let mail = mailbox.next_to(to, WAIT).expect("mail");
        if mail.body().contains(text) {
            return mail;
        }
        assert!(!mail.body().contains("Zenobia"), "{}", mail.body());
    }
}

async fn settings(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.call(
        Method::PUT,
        &format!("/api/v1/organizations/{ORG_A}/referral-settings"),
        token,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn webhooks_reach_only_public_https_hosts_or_the_operators_own() {
    let receiver = Receiver::start();
    let app = app_with(vec![]).await;
    let coordinator = default_coordinator(&app).await;
    let secret = "partner-webhook-secret-0123";
    for url in [
        receiver.url.as_str(),
        "https://127.0.0.1/hook",
        "https://2130706433/hook",
        "https://0x7f.1/hook",
        "https://0177.0.0.1/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://localhost/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "http://partner.example.pl/hook",
        "ftp://partner.example.pl/hook",
    ] {
        let response = settings(
            &app,
            &coordinator,
            json!({"webhook_url": url, "webhook_secret": secret}),
        )
        .await;
        assert_problem(response, 422, "webhook_url_not_allowed").await;
    }

    // The operator allows its own receiver; later it no longer does: the event queued for it
    // is refused at delivery, never sent.
    let allowed = app_with(vec![("OKIENKO_WEBHOOK_ALLOW_HOSTS", "127.0.0.1".into())]).await;
    let coordinator = default_coordinator(&allowed).await;
    let saved = settings(
        &allowed,
        &coordinator,
        json!({"webhook_url": receiver.url, "webhook_secret": secret}),
    )
    .await;
    assert_eq!(saved.status(), 200);
    let (dir, database, url) = allowed.stop();
    let app = crate::helpers::start(
        dir,
        database,
        url,
        Options {
            env: vec![
                ("OKIENKO_JOBS_INTERVAL_MS", "50".into()),
                ("OKIENKO_RETRY_BASE_MS", "50".into()),
            ],
            ..Options::default()
        },
    );
    let service = first_service_of(&app, ORG_A).await;
    create(
        &app,
        &referral(service["id"].as_str().expect("id"), "Jan", "Pomoc."),
    )
    .await;
    let deadline = Instant::now() + WAIT;
    loop {
        let rows = outbox(&app).await;
        let hook = rows
            .iter()
            .find(|(kind, ..)| kind == "webhook")
            .expect("queued");
        if let Some(error) = &hook.2 {
            assert!(error.contains("refused"), "{error}");
            assert!(!hook.3, "never delivered");
            break;
        }
        assert!(Instant::now() < deadline, "never attempted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(receiver.next(Duration::from_millis(1)).is_none());
}

#[tokio::test]
async fn webhooks_carry_no_personal_data_and_go_where_they_pointed_at_the_event() {
    let first = Receiver::start();
    let second = Receiver::start();
    let app = app_with(vec![("OKIENKO_WEBHOOK_ALLOW_HOSTS", "127.0.0.1".into())]).await;
    let coordinator = default_coordinator(&app).await;
    let old_secret = "first-webhook-secret-0123";
    first.set_down(true);
    let saved = settings(
        &app,
        &coordinator,
        json!({"webhook_url": first.url, "webhook_secret": old_secret}),
    )
    .await;
    assert_eq!(saved.status(), 200);
    let service = first_service_of(&app, ORG_A).await;
    let created = create(
        &app,
        &referral(
            service["id"].as_str().expect("id"),
            "Zenobia Tajna",
            "Potrzebuję pomocy.",
        ),
    )
    .await;
    // The event is queued for the first receiver (down); the partner then moves its webhook.
    let deadline = Instant::now() + WAIT;
    while first.refused() == 0 {
        assert!(Instant::now() < deadline, "never tried");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let moved = settings(
        &app,
        &coordinator,
        json!({"webhook_url": second.url, "webhook_secret": "second-webhook-secret-0123"}),
    )
    .await;
    assert_eq!(moved.status(), 200);
    first.set_down(false);
    let hook = first.next(WAIT).expect("delivered where it pointed");
    let body = String::from_utf8_lossy(&hook.body).into_owned();
    for personal in [
        "Zenobia",
        "Tajna",
        "zenobia.tajna",
        "600700800",
        "Potrzebuję",
    ] {
        assert!(!body.contains(personal), "{personal} in {body}");
    }
    let event: Value = serde_json::from_slice(&hook.body).expect("json");
    assert_eq!(
        event["data"]["referral"]["id"],
        created["referrals"][0]["id"]
    );
    assert!(
        event["data"]["link"]
            .as_str()
            .is_some_and(|l| l.contains("/api/v1/referrals/"))
    );
    let (t, v1) = hook.headers["x-okienko-signature"]
        .strip_prefix("t=")
        .and_then(|s| s.split_once(",v1="))
        .expect("signature");
    let expected = okienko::outbox::webhook_signature(
        old_secret.as_bytes(),
        t.parse().expect("t"),
        &hook.body,
    );
    assert_eq!(v1, expected, "signed with the secret of the event's time");
    assert!(second.next(Duration::from_millis(1)).is_none());

    // Personal data only by an explicit opt-in, over https only, and on record.
    let opt_in = settings(&app, &coordinator, json!({"webhook_url": second.url, "webhook_secret": "second-webhook-secret-0123", "webhook_personal_data": true})).await;
    assert_problem(opt_in, 422, "validation_failed").await;
    let history = app
        .call_json(
            Method::GET,
            &format!("/api/v1/organizations/{ORG_A}/history"),
            &coordinator,
        )
        .await;
    assert_eq!(history[0]["action"], "referral_settings");
    assert_eq!(history[0]["current"]["webhook_personal_data"], false);
    assert_eq!(history[0]["current"]["webhook_url"], second.url.as_str());
}

#[tokio::test]
async fn withdrawal_stops_every_notice_with_the_residents_data_and_erases_the_outbox() {
    // The SMTP server is away when the referral is made; it comes back after the withdrawal.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let smtp = format!("smtp://{}", listener.local_addr().expect("address"));
    drop(listener);
    let app = app_with(vec![("OKIENKO_SMTP_URL", smtp.clone())]).await;
    let service = first_service_of(&app, ORG_A).await;
    let need = "Mam długi i boję się o mieszkanie.";
    let created = create(
        &app,
        &referral(service["id"].as_str().expect("id"), "Zenobia Tajna", need),
    )
    .await;
    let deadline = Instant::now() + WAIT;
    while !outbox(&app)
        .await
        .iter()
        .any(|(_, _, error, _)| error.is_some())
    {
        assert!(Instant::now() < deadline, "never attempted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let code = created["tracking_code"].as_str().expect("code");
    let withdrawn = crate::referrals::withdraw_consent(&app, code).await;
    assert_eq!(withdrawn.status(), 200);
    let mailbox = Mailbox::start_on(
        std::net::TcpListener::bind(smtp.trim_start_matches("smtp://")).expect("same port"),
    );
    // The cancellation notice (no personal data) arrives; the referral's mail never does.
    let liaison = service["liaison"]["email"].as_str().expect("liaison");
    let notice = mail_containing(&mailbox, liaison, "zostało anulowane");
    assert!(!notice.body().contains("Zenobia"));
    // Notices go out in the order they were queued: the withdrawn referral's mail, queued
    // first, would have come before this one. Nothing received carries the resident's data.
    while let Some(other) = mailbox.next(Duration::from_millis(1)) {
        assert!(!other.body().contains("Zenobia"), "{}", other.body());
    }
    for (kind, payload, ..) in outbox(&app).await {
        for personal in ["Zenobia", "zenobia.tajna", "600700800", "boję się"] {
            assert!(
                !payload.contains(personal),
                "{kind} keeps {personal}: {payload}"
            );
        }
    }
}

#[tokio::test]
async fn delivered_notices_keep_only_what_the_audit_needs_and_one_request_sends_one_mail_per_liaison()
 {
    let mailbox = Mailbox::start();
    let app = app_with(vec![("OKIENKO_SMTP_URL", mailbox.url.clone())]).await;
    // Two services that go to the same liaison.
    let mut by_liaison: std::collections::HashMap<String, Vec<String>> = Default::default();
    for page in 1..=3 {
        let page = app
            .get_json(&format!(
                "/api/v1/services?status=active&per_page=100&page={page}"
            ))
            .await;
        for s in page["items"].as_array().expect("items") {
            if let (Some(email), Some(id)) = (s["liaison"]["email"].as_str(), s["id"].as_str()) {
                by_liaison
                    .entry(email.to_owned())
                    .or_default()
                    .push(id.to_owned());
            }
        }
    }
    let (liaison, ids) = by_liaison
        .into_iter()
        .find(|(_, ids)| ids.len() >= 2)
        .expect("a liaison with two services");
    let mut body = referral(
        &ids[0],
        "Zenobia Tajna",
        "Pomoc.\nPotwierdzam przyjęcie: https://evil.example/r/x",
    );
    body["service_ids"] = json!([ids[0], ids[1]]);
    create(&app, &body).await;
    let mail = mail_containing(&mailbox, &liaison, "Numer skierowania:");
    let text = mail.body();
    assert_eq!(text.matches("Numer skierowania:").count(), 2, "{text}");
    // The resident's text is quoted under its label; the office's own link lines are okienko's.
    assert!(
        text.contains("> Potwierdzam przyjęcie: https://evil.example/r/x"),
        "{text}"
    );
    for line in text
        .lines()
        .filter(|l| l.starts_with("Potwierdzam przyjęcie:"))
    {
        assert!(
            line.contains(&app.address) || line.contains("/r/"),
            "{line}"
        );
        assert!(!line.contains("evil.example"), "{line}");
    }
    // A name on two lines could write headers: refused.
    let mut injected = referral(&ids[0], "Anna\nBcc: wszyscy@example.pl", "Pomoc.");
    injected["service_ids"] = json!([ids[0]]);
    let response = app
        .client
        .post(format!("{}/api/v1/referrals", app.address))
        .json(&injected)
        .send()
        .await
        .expect("request");
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/contact/name");
    // Delivered: the outbox keeps the recipient and subject, not the body.
    let deadline = Instant::now() + WAIT;
    loop {
        let rows = outbox(&app).await;
        if rows.iter().all(|(_, _, _, delivered)| *delivered) {
            assert_eq!(
                rows.iter().filter(|(k, ..)| k == "email").count(),
                1,
                "one mail"
            );
            for (_, payload, ..) in rows {
                assert!(
                    !payload.contains("Zenobia") && !payload.contains("600700800"),
                    "{payload}"
                );
                assert!(payload.contains(&liaison), "{payload}");
            }
            break;
        }
        assert!(Instant::now() < deadline, "never delivered");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn nothing_identifying_reaches_the_log() {
    let app = app_with(vec![("RUST_LOG", "debug".into())]).await;
    let service = first_service_of(&app, ORG_A).await;
    let id = service["id"].as_str().expect("id");
    let created = create(&app, &referral(id, "Zenobia Tajna", "Sekretna potrzeba.")).await;
    let code = created["tracking_code"].as_str().expect("code").to_owned();
    app.get(&format!("/api/v1/referrals/track/{code}")).await;
    app.get("/r/SEKRETNYTOKENLINKU.abc").await;
    app.get("/api/v1/search?q=tajemnicze+szukanie&page=1").await;
    app.get("/embed?q=tajemnicze+osadzone").await;
    // A parser error that would echo the submitted value.
    let mut bad = referral(id, "Zenobia Tajna", "x");
    bad["contact"]["preferred"] = json!("Tajemnicza-Wartosc");
    let response = app
        .client
        .post(format!("{}/api/v1/referrals", app.address))
        .json(&bad)
        .send()
        .await
        .expect("request");
    let problem = assert_problem(response, 400, "malformed_body").await;
    assert!(
        !problem.to_string().contains("Tajemnicza-Wartosc"),
        "{problem}"
    );
    // The last request's log line is written after its answer: wait for it.
    let deadline = Instant::now() + WAIT;
    while app.log_text().matches("\"message\":\"request\"").count() < 8 {
        assert!(Instant::now() < deadline, "log lines missing");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let log = app.log_text();
    for secret in [
        code.as_str(),
        "SEKRETNYTOKENLINKU",
        "tajemnicze",
        "Zenobia",
        "zenobia.tajna",
        "600700800",
        "Sekretna potrzeba",
        "Tajemnicza-Wartosc",
    ] {
        assert!(!log.contains(secret), "{secret} in the log");
    }
    assert!(
        log.contains("/api/v1/referrals/track/{code}"),
        "route patterns are logged"
    );
    assert!(log.contains("q=…&page=1"));
}

#[tokio::test]
async fn exports_are_safe_in_a_spreadsheet() {
    let app = app_with(vec![]).await;
    let liaison = liaison_of_a(&app).await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/services",
            &liaison,
            Some(json!({"name": "=HYPERLINK(\"https://evil.example\",\"Kliknij\")"})),
        )
        .await;
    assert_eq!(created.status(), 201);
    let service: Value = created.json().await.expect("json");
    create(
        &app,
        &referral(service["id"].as_str().expect("id"), "Jan", "Pomoc."),
    )
    .await;
    let coordinator = default_coordinator(&app).await;
    let csv = app
        .request(
            Method::GET,
            "/api/v1/reports/referrals?format=csv",
            &coordinator,
        )
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(!csv.contains(",\"=HYPERLINK"), "{csv}");
}

#[tokio::test]
async fn the_residents_form_works_from_okienkos_own_page_only() {
    let app = app_with(vec![]).await;
    let service = first_service_of(&app, ORG_A).await;
    let path = format!(
        "{}/embed/services/{}/request",
        app.address,
        service["id"].as_str().expect("id")
    );
    let fields = [
        ("name", "Jan"),
        ("phone", "600 100 200"),
        ("need", "Pomoc."),
        ("consent", "yes"),
    ];
    let coordinator = default_coordinator(&app).await;
    let count = || async {
        app.call_json(Method::GET, "/api/v1/referrals", &coordinator)
            .await["total"]
            .as_u64()
            .unwrap_or(0)
    };
    let before = count().await;
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        // A sandboxed frame elsewhere has an opaque origin.
        vec![("origin", "null")],
        vec![("origin", "null"), ("sec-fetch-site", "cross-site")],
    ] {
        let mut request = app.client.post(&path).form(&fields);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.send().await.expect("request");
        assert_problem(response, 403, "cross_site_request").await;
    }
    assert_eq!(count().await, before);
    let own = app
        .client
        .post(&path)
        .header("origin", app.address.clone())
        .header("sec-fetch-site", "same-origin")
        .form(&fields)
        .send()
        .await
        .expect("request");
    assert_eq!(own.status(), 200);
    // The embeddable pages send their origin to themselves (`Referrer-Policy: same-origin`);
    // a browser that still sends an opaque one is believed when the fetch is same-origin.
    let opaque = app
        .client
        .post(&path)
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .form(&fields)
        .send()
        .await
        .expect("request");
    assert_eq!(opaque.status(), 200);
    assert_eq!(count().await, before + 2);
    let page = app.get("/embed").await;
    assert_eq!(
        page.headers()
            .get("referrer-policy")
            .and_then(|v| v.to_str().ok()),
        Some("same-origin")
    );
}
