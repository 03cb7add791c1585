//! Referrals end to end: a resident's request reaches the named liaison's mailbox and the
//! partner's webhook, the liaison answers from the e-mail's links, the resident follows with the
//! tracking code, deadlines escalate by the working-day calendar, nothing is lost or doubled.

use crate::helpers::{Options, TestApp, assert_problem, spawn_app_with};
use crate::mailbox::{Mailbox, Received};
use crate::receiver::Receiver;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::{Duration, Instant};

const ORG_A: &str = "1b14244b-54c3-4393-b06d-20d87a378204";
const WAIT: Duration = Duration::from_secs(20);

/// A server that mails through `mailbox`, runs its jobs often and retries quickly.
async fn app_with(mailbox: &Mailbox, extra: Vec<(&'static str, String)>) -> TestApp {
    let mut env = vec![
        ("OKIENKO_SMTP_URL", mailbox.url.clone()),
        ("OKIENKO_JOBS_INTERVAL_MS", "50".into()),
        ("OKIENKO_RETRY_BASE_MS", "50".into()),
        // The test receiver listens on loopback, which webhooks may reach only when allowed.
        ("OKIENKO_WEBHOOK_ALLOW_HOSTS", "127.0.0.1".into()),
    ];
    env.extend(extra);
    spawn_app_with(Options {
        env,
        ..Options::default()
    })
    .await
}

async fn first_service(app: &TestApp) -> Value {
    let page = app
        .get_json(&format!("/api/v1/services?organization={ORG_A}"))
        .await;
    let id = page["items"][0]["id"].as_str().expect("service").to_owned();
    app.get_json(&format!("/api/v1/services/{id}")).await
}

fn request(service: &str) -> Value {
    json!({
        "service_ids": [service],
        "need": "Córka ma 2 lata, wracam do pracy od stycznia i szukam miejsca w żłobku.",
        "contact": {"name": "Anna Testowa", "email": "anna.testowa@example.pl", "phone": "600 100 200", "preferred": "phone"},
        "consent": {"given": true, "text_version": "2026-11"}
    })
}

async fn post_referral(app: &TestApp, body: &Value, key: Option<&str>) -> reqwest::Response {
    let mut r = app
        .client
        .post(format!("{}/api/v1/referrals", app.address))
        .json(body);
    if let Some(key) = key {
        r = r.header("idempotency-key", key);
    }
    r.send().await.expect("request")
}

/// The next message to `to`.
fn mail_to(mailbox: &Mailbox, to: &str) -> Received {
    mailbox
        .next_to(to, WAIT)
        .unwrap_or_else(|| panic!("no e-mail to {to}"))
}

/// The path of the link after `label` in an e-mail body.
fn link(mail: &Received, label: &str) -> String {
    let body = mail.body();
    let line = body
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} in {body}"));
    let url = line.split_whitespace().last().expect("url");
    url[url.find("/r/").expect("link path")..].to_owned()
}

/// The resident withdraws consent with the tracking code.
pub async fn withdraw_consent(app: &TestApp, code: &str) -> reqwest::Response {
    app.client
        .post(format!(
            "{}/api/v1/referrals/track/{code}/withdraw-consent",
            app.address
        ))
        .send()
        .await
        .expect("request")
}

async fn tracking(app: &TestApp, code: &str) -> Value {
    app.get_json(&format!("/api/v1/referrals/track/{code}"))
        .await
}

async fn until_status(app: &TestApp, code: &str, status: &str) -> Value {
    let started = Instant::now();
    loop {
        let t = tracking(app, code).await;
        if t["referrals"][0]["status"] == status {
            return t;
        }
        assert!(started.elapsed() < WAIT, "never {status}: {t}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.address))
        .form(fields)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn a_referral_reaches_the_liaison_and_the_partner_and_the_links_close_the_loop() {
    let mailbox = Mailbox::start();
    let receiver = Receiver::start();
    let app = app_with(&mailbox, vec![]).await;
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    let secret = "partner-webhook-secret-0123";
    let settings = app
        .call(
            Method::PUT,
            &format!("/api/v1/organizations/{ORG_A}/referral-settings"),
            &coordinator,
            Some(json!({"webhook_url": receiver.url, "webhook_secret": secret, "acknowledge_within_days": 3})),
        )
        .await;
    assert_eq!(settings.status(), 200);
    let service = first_service(&app).await;
    let liaison_email = service["liaison"]["email"]
        .as_str()
        .expect("liaison e-mail")
        .to_owned();
    let body = request(service["id"].as_str().expect("id"));

    let created = post_referral(&app, &body, Some("retry-me-1")).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.expect("json");
    let code = created["tracking_code"].as_str().expect("code").to_owned();
    assert!(code.chars().filter(char::is_ascii_alphanumeric).count() >= 26);
    assert_eq!(
        created["referrals"][0]["liaison"]["name"],
        service["liaison"]["name"]
    );
    assert_eq!(created["referrals"][0]["status"], "new");

    // A retried request creates nothing new and gets the same answer.
    let again = post_referral(&app, &body, Some("retry-me-1")).await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.expect("json");
    assert_eq!(again, created);
    let mut other = body.clone();
    other["need"] = json!("Coś innego.");
    assert_problem(
        post_referral(&app, &other, Some("retry-me-1")).await,
        422,
        "idempotency_key_reused",
    )
    .await;

    // The liaison's mailbox: no personal data in the subject, the contact and links inside.
    let mail = mail_to(&mailbox, &liaison_email);
    let subject = mail.subject().expect("subject");
    assert!(
        !subject.contains("Anna") && !subject.contains('@'),
        "{subject}"
    );
    let text = mail.body();
    assert!(
        text.contains("anna.testowa@example.pl") && text.contains("+48600100200"),
        "{text}"
    );
    assert!(text.contains("szukam miejsca w żłobku"), "{text}");

    // The partner's system: a signed webhook with an event id.
    let hook = receiver.next(WAIT).expect("webhook");
    let event_id = hook.headers["x-okienko-event-id"].clone();
    let signature = &hook.headers["x-okienko-signature"];
    let (t, v1) = signature
        .strip_prefix("t=")
        .and_then(|s| s.split_once(",v1="))
        .expect("t=…,v1=…");
    let expected = okienko::outbox::webhook_signature(
        secret.as_bytes(),
        t.parse().expect("timestamp"),
        &hook.body,
    );
    assert_eq!(v1, expected);
    let event: Value = serde_json::from_slice(&hook.body).expect("json");
    assert_eq!(event["id"], event_id.as_str());
    assert_eq!(event["type"], "referral.created");
    // No personal data in the event: the receiver fetches the details over the API.
    assert!(event["data"]["case"].is_null(), "{event}");
    assert!(!String::from_utf8_lossy(&hook.body).contains("anna.testowa"));
    assert_eq!(
        event["data"]["referral"]["id"],
        created["referrals"][0]["id"]
    );

    // Delivered → sent; the liaison acknowledges and completes from the e-mail alone.
    until_status(&app, &code, "sent").await;
    let acknowledge = link(&mail, "Potwierdzam przyjęcie:");
    let page = app.get(&acknowledge).await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .expect("html")
            .contains("<form method=\"post\">")
    );
    assert_eq!(
        tracking(&app, &code).await["referrals"][0]["status"],
        "sent",
        "GET changes nothing"
    );
    let done = form(&app, &acknowledge, &[("note", "Zadzwonię jutro rano.")]).await;
    assert_eq!(done.status(), 200);
    until_status(&app, &code, "acknowledged").await;
    // A used link, an altered one, and a step that no longer applies get clear pages.
    let reused = form(&app, &acknowledge, &[]).await;
    assert_eq!(reused.status(), 410);
    assert!(reused.text().await.expect("html").contains("już użyty"));
    let mut altered = acknowledge.clone();
    let last = altered.pop().expect("char");
    altered.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(app.get(&altered).await.status(), 400);
    let complete = link(&mail, "Sprawa zakończona:");
    assert_eq!(form(&app, &complete, &[]).await.status(), 200);
    let t = until_status(&app, &code, "completed").await;
    let history: Vec<&str> = t["referrals"][0]["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["status"].as_str())
        .collect();
    assert_eq!(history, ["new", "sent", "acknowledged", "completed"]);
    assert!(
        t["referrals"][0]["history"][0].get("actor").is_none(),
        "no staff data on the tracking page"
    );
    let decline = link(&mail, "Nie możemy przyjąć");
    assert_eq!(app.get(&decline).await.status(), 409);

    // Staff see the contact; the read is audited.
    let case_id = created["case_id"].as_str().expect("case");
    let case = app
        .call_json(
            Method::GET,
            &format!("/api/v1/cases/{case_id}"),
            &coordinator,
        )
        .await;
    assert_eq!(case["contact"]["phone"], "+48600100200");
    let audit = app
        .call_json(
            Method::GET,
            &format!("/api/v1/cases/{case_id}/audit"),
            &coordinator,
        )
        .await;
    assert_eq!(audit[0]["actor"], "koordynator@cus.example.pl");
    assert_eq!(audit[0]["action"], "read_case");
    // One case only, despite the retry.
    let list = app
        .call_json(Method::GET, "/api/v1/referrals", &coordinator)
        .await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn during_an_absence_the_deputy_receives_the_referral() {
    let mailbox = Mailbox::start();
    let app = app_with(&mailbox, vec![]).await;
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    let service = first_service(&app).await;
    let organization = app
        .get_json(&format!("/api/v1/organizations/{ORG_A}"))
        .await;
    let liaison_id = service["liaison"]["id"]
        .as_str()
        .expect("liaison")
        .to_owned();
    let liaisons = organization["liaisons"].as_array().expect("liaisons");
    let liaison = liaisons
        .iter()
        .find(|l| l["id"] == liaison_id.as_str())
        .expect("liaison");
    let deputy = liaisons
        .iter()
        .find(|l| l["id"] == liaison["deputy_id"])
        .expect("a deputy");
    let today = chrono::Utc::now().date_naive();
    let absent = app
        .call(
            Method::POST,
            &format!("/api/v1/organizations/{ORG_A}/absences"),
            &coordinator,
            Some(json!({"liaison_id": liaison_id, "starts_on": today - chrono::Duration::days(1), "ends_on": today + chrono::Duration::days(2)})),
        )
        .await;
    assert_eq!(absent.status(), 201);
    let created: Value = post_referral(&app, &request(service["id"].as_str().expect("id")), None)
        .await
        .json()
        .await
        .expect("json");
    let deputy_name = format!(
        "{} {}",
        deputy["first_name"].as_str().expect("first"),
        deputy["last_name"].as_str().expect("last")
    );
    assert_eq!(
        created["referrals"][0]["liaison"]["name"],
        deputy_name.as_str()
    );
    let mail = mail_to(&mailbox, deputy["email"].as_str().expect("deputy e-mail"));
    assert!(mail.body().contains("zastępca"));
    let id = created["referrals"][0]["id"].as_str().expect("id");
    let detail = app
        .call_json(
            Method::GET,
            &format!("/api/v1/referrals/{id}"),
            &coordinator,
        )
        .await;
    assert_eq!(detail["routed_to"], "deputy");
}

#[tokio::test]
async fn an_unacknowledged_referral_escalates_after_its_working_day_deadline() {
    let mailbox = Mailbox::start();
    let clock = tempfile::NamedTempFile::new().expect("clock file");
    // Friday 27 November 2026, 10:00 in Warsaw.
    std::fs::write(clock.path(), "2026-11-27T09:00:00Z").expect("set clock");
    let app = app_with(
        &mailbox,
        vec![("OKIENKO_CLOCK_FILE", clock.path().display().to_string())],
    )
    .await;
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    let service = first_service(&app).await;
    let liaison_email = service["liaison"]["email"]
        .as_str()
        .expect("e-mail")
        .to_owned();
    let created: Value = post_referral(&app, &request(service["id"].as_str().expect("id")), None)
        .await
        .json()
        .await
        .expect("json");
    // Two working days: Monday 30 November and Tuesday 1 December, at 10:00 Warsaw.
    assert_eq!(created["referrals"][0]["due_at"], "2026-12-01T09:00:00Z");
    mail_to(&mailbox, &liaison_email);
    // Tuesday, one minute past the deadline.
    std::fs::write(clock.path(), "2026-12-01T09:01:00Z").expect("set clock");
    let alert = mail_to(&mailbox, "koordynator@cus.example.pl");
    assert!(
        alert
            .body()
            .contains(created["referrals"][0]["id"].as_str().expect("id"))
    );
    let reminder = mail_to(&mailbox, &liaison_email);
    assert!(
        reminder
            .subject()
            .expect("subject")
            .starts_with("Przypomnienie")
    );
    let escalated = app
        .call_json(
            Method::GET,
            "/api/v1/referrals?escalated=true",
            &coordinator,
        )
        .await;
    assert_eq!(escalated["items"][0]["id"], created["referrals"][0]["id"]);
    assert!(escalated["items"][0]["escalated_at"].is_string());
}

#[tokio::test]
async fn a_receiver_that_was_down_gets_every_notification_once() {
    let mailbox = Mailbox::start();
    let receiver = Receiver::start();
    let app = app_with(&mailbox, vec![]).await;
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    app.call(
        Method::PUT,
        &format!("/api/v1/organizations/{ORG_A}/referral-settings"),
        &coordinator,
        Some(json!({"webhook_url": receiver.url, "webhook_secret": "partner-webhook-secret-0123"})),
    )
    .await;
    receiver.set_down(true);
    let service = first_service(&app).await;
    let id = service["id"].as_str().expect("id");
    for _ in 0..3 {
        assert_eq!(post_referral(&app, &request(id), None).await.status(), 201);
    }
    let started = Instant::now();
    while receiver.refused() < 6 {
        assert!(started.elapsed() < WAIT, "no retries seen");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    receiver.set_down(false);
    let mut events = HashSet::new();
    while events.len() < 3 {
        let hook = receiver
            .next(WAIT)
            .expect("a delivery after the receiver is back");
        assert!(
            events.insert(hook.headers["x-okienko-event-id"].clone()),
            "delivered twice"
        );
    }
    // Nothing more arrives: each event exactly once.
    assert!(receiver.next(Duration::from_secs(1)).is_none());
}

#[tokio::test]
async fn transitions_follow_the_lifecycle_and_versions() {
    let mailbox = Mailbox::start();
    let app = app_with(&mailbox, vec![]).await;
    let liaison = app
        .token_for(
            "liaison@stokrotka.example.pl",
            "liaison",
            &["--organization", ORG_A],
        )
        .await;
    let service = first_service(&app).await;
    let created: Value = post_referral(&app, &request(service["id"].as_str().expect("id")), None)
        .await
        .json()
        .await
        .expect("json");
    let code = created["tracking_code"].as_str().expect("code");
    until_status(&app, code, "sent").await;
    let id = created["referrals"][0]["id"].as_str().expect("id");
    let path = format!("/api/v1/referrals/{id}");
    let read = app.call(Method::GET, &path, &liaison, None).await;
    let etag = read.headers()["etag"].to_str().expect("etag").to_owned();
    let step = |status: &'static str, version: Option<String>| {
        let mut r = app
            .request(Method::POST, &format!("{path}/transitions"), &liaison)
            .json(&json!({"status": status}));
        if let Some(v) = version {
            r = r.header("if-match", v);
        }
        r.send()
    };
    assert_problem(
        step("completed", Some(etag.clone()))
            .await
            .expect("request"),
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        step("acknowledged", Some("\"99\"".into()))
            .await
            .expect("request"),
        412,
        "version_mismatch",
    )
    .await;
    let ok = step("acknowledged", Some(etag)).await.expect("request");
    assert_eq!(ok.status(), 200);
    let detail: Value = ok.json().await.expect("json");
    assert_eq!(detail["status"], "acknowledged");
    assert_problem(
        step("declined", None).await.expect("request"),
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        step("expired", None).await.expect("request"),
        409,
        "invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn withdrawing_consent_erases_personal_data_and_reports_still_count() {
    let mailbox = Mailbox::start();
    let app = app_with(&mailbox, vec![]).await;
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    let service = first_service(&app).await;
    let created: Value = post_referral(&app, &request(service["id"].as_str().expect("id")), None)
        .await
        .json()
        .await
        .expect("json");
    let code = created["tracking_code"].as_str().expect("code");
    let withdrawn = withdraw_consent(&app, code).await;
    assert_eq!(withdrawn.status(), 200);
    let t: Value = withdrawn.json().await.expect("json");
    assert_eq!(t["consent_withdrawn"], true);
    assert_eq!(t["referrals"][0]["status"], "cancelled");
    let case_id = created["case_id"].as_str().expect("case");
    let case = app
        .call_json(
            Method::GET,
            &format!("/api/v1/cases/{case_id}"),
            &coordinator,
        )
        .await;
    assert!(
        case["contact"].is_null() && case["need"].is_null(),
        "{case}"
    );
    assert!(case["consent_withdrawn_at"].is_string());
    let report = app
        .call_json(Method::GET, "/api/v1/reports/referrals", &coordinator)
        .await;
    assert_eq!(report["total"], 1);
    assert!(
        report["by_status"]
            .as_array()
            .expect("statuses")
            .iter()
            .any(|c| c["key"] == "cancelled" && c["count"] == 1)
    );
    let csv = app
        .call(
            Method::GET,
            "/api/v1/reports/referrals?format=csv",
            &coordinator,
            None,
        )
        .await;
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    let csv = csv.text().await.expect("csv");
    assert!(
        csv.starts_with("dimension,key,name,count\n") && csv.contains("status,cancelled,\"\",1"),
        "{csv}"
    );
}

#[tokio::test]
async fn bad_requests_are_refused_with_pointers_and_floods_are_limited() {
    let mailbox = Mailbox::start();
    let app = app_with(&mailbox, vec![("OKIENKO_REFERRALS_PER_MINUTE", "4".into())]).await;
    let service = first_service(&app).await;
    let id = service["id"].as_str().expect("id");
    let mut huge = request(id);
    huge["need"] = json!("a".repeat(100_000));
    assert_problem(
        post_referral(&app, &huge, None).await,
        413,
        "payload_too_large",
    )
    .await;
    let mut no_consent = request(id);
    no_consent["consent"]["given"] = json!(false);
    let problem = assert_problem(
        post_referral(&app, &no_consent, None).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/consent/given");
    assert_eq!(problem["errors"][0]["code"], "consent_required");
    let mut bad = request(id);
    bad["contact"] = json!({"name": "Jan", "phone": "12"});
    let problem = assert_problem(
        post_referral(&app, &bad, None).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/contact/phone");
    let mut none = request(id);
    none["contact"] = json!({"name": "Jan"});
    assert_problem(
        post_referral(&app, &none, None).await,
        422,
        "validation_failed",
    )
    .await;
    let unknown = request("00000000-0000-4000-8000-000000000000");
    assert_problem(
        post_referral(&app, &unknown, None).await,
        422,
        "validation_failed",
    )
    .await;
    let text = app
        .client
        .post(format!("{}/api/v1/referrals", app.address))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("request");
    assert_problem(text, 415, "unsupported_media_type").await;

    // Four referrals a minute from one address (the 413 and 415 above asked for none): the
    // fifth waits.
    let limited = post_referral(&app, &request(id), None).await;
    assert!(limited.headers().get("retry-after").is_some());
    assert_problem(limited, 429, "rate_limited").await;
}

#[tokio::test]
async fn links_expire_closed_cases_are_erased_after_retention_and_lost_deliveries_alert() {
    let mailbox = Mailbox::start();
    let receiver = Receiver::start();
    receiver.set_down(true);
    let clock = tempfile::NamedTempFile::new().expect("clock file");
    std::fs::write(clock.path(), "2026-11-27T09:00:00Z").expect("set clock");
    let app = app_with(
        &mailbox,
        vec![
            ("OKIENKO_CLOCK_FILE", clock.path().display().to_string()),
            ("OKIENKO_DELIVERY_MAX_ATTEMPTS", "2".into()),
        ],
    )
    .await;
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    app.call(
        Method::PUT,
        &format!("/api/v1/organizations/{ORG_A}/referral-settings"),
        &coordinator,
        Some(json!({"webhook_url": receiver.url, "webhook_secret": "partner-webhook-secret-0123"})),
    )
    .await;
    let service = first_service(&app).await;
    let liaison_email = service["liaison"]["email"]
        .as_str()
        .expect("e-mail")
        .to_owned();
    let created: Value = post_referral(&app, &request(service["id"].as_str().expect("id")), None)
        .await
        .json()
        .await
        .expect("json");
    let mail = mail_to(&mailbox, &liaison_email);
    // The webhook keeps failing: after the last attempt the coordinators hear of it.
    let alert = mail_to(&mailbox, "koordynator@cus.example.pl");
    let subject = alert.subject().expect("subject");
    assert!(subject.contains("nie zostało dostarczone"), "{subject:?}");
    assert!(
        alert
            .body()
            .contains(created["referrals"][0]["id"].as_str().expect("id"))
    );

    // 15 days later the links have expired.
    std::fs::write(clock.path(), "2026-12-12T09:00:00Z").expect("set clock");
    let acknowledge = link(&mail, "Potwierdzam przyjęcie:");
    let expired = app.get(&acknowledge).await;
    assert_eq!(expired.status(), 410);
    assert!(expired.text().await.expect("html").contains("wygasł"));

    // The resident cancels; 13 months later the closed case's personal data is gone.
    let code = created["tracking_code"].as_str().expect("code");
    let cancelled = app
        .client
        .post(format!(
            "{}/api/v1/referrals/track/{code}/cancel",
            app.address
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(cancelled.status(), 200);
    let case_path = format!(
        "/api/v1/cases/{}",
        created["case_id"].as_str().expect("case")
    );
    let case = app.call_json(Method::GET, &case_path, &coordinator).await;
    assert_eq!(case["contact"]["email"], "anna.testowa@example.pl");
    std::fs::write(clock.path(), "2028-01-15T09:00:00Z").expect("set clock");
    let started = Instant::now();
    loop {
        let case = app.call_json(Method::GET, &case_path, &coordinator).await;
        if case["anonymized_at"].is_string() {
            assert!(case["contact"].is_null() && case["need"].is_null());
            assert!(case["consent_withdrawn_at"].is_null());
            break;
        }
        assert!(started.elapsed() < WAIT, "never erased: {case}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
