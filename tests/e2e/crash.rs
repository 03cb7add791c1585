//! Nothing accepted is lost: the server is killed (SIGKILL) while 500 referrals are being
//! created concurrently; after a restart every referral that was answered 201 exists, and
//! retrying every request with its Idempotency-Key creates none twice.

use crate::helpers::{Options, spawn_app_with, start};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashMap;

const REQUESTS: usize = 500;
/// Answers received before the kill.
const KILL_AFTER: usize = 150;

fn body(service: &str, i: usize) -> Value {
    json!({
        "service_ids": [service],
        "need": format!("Prośba numer {i} o kontakt."),
        "contact": {"name": format!("Osoba {i}"), "email": format!("osoba{i}@example.pl")},
        "consent": {"given": true, "text_version": "2026-11"}
    })
}

#[tokio::test]
async fn a_kill_during_500_concurrent_referrals_loses_nothing_and_doubles_nothing() {
    let options = || Options {
        env: vec![("OKIENKO_REFERRALS_PER_MINUTE", "0".into())],
        ..Options::default()
    };
    let app = spawn_app_with(options()).await;
    let page = app.get_json("/api/v1/services?per_page=1").await;
    let service = page["items"][0]["id"].as_str().expect("service").to_owned();
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
    for i in 0..REQUESTS {
        let client = app.client.clone();
        let url = format!("{}/api/v1/referrals", app.address);
        let body = body(&service, i);
        let done = done_tx.clone();
        tokio::spawn(async move {
            let result = client
                .post(url)
                .header("idempotency-key", format!("crash-{i}"))
                .json(&body)
                .send()
                .await;
            let answer = match result {
                Ok(r) if r.status() == 201 => r.json::<Value>().await.ok(),
                _ => None,
            };
            let _ = done.send((i, answer));
        });
    }
    drop(done_tx);
    // Kill the server once KILL_AFTER requests have their answer.
    let mut confirmed: HashMap<usize, String> = HashMap::new();
    let mut finished = 0;
    while let Some((i, answer)) = done_rx.recv().await {
        finished += 1;
        if let Some(a) = answer {
            confirmed.insert(i, a["case_id"].as_str().expect("case").to_owned());
        }
        if finished == KILL_AFTER {
            break;
        }
    }
    let (dir, database, url) = app.stop();
    // The rest fail or finish as the server dies.
    while let Some((i, answer)) = done_rx.recv().await {
        finished += 1;
        if let Some(a) = answer {
            confirmed.insert(i, a["case_id"].as_str().expect("case").to_owned());
        }
    }
    assert_eq!(finished, REQUESTS);
    let before_restart = confirmed.len();

    let app = start(dir, database, url, options());
    // Every request again, with its key: answered ones get their first answer back.
    let mut cases: HashMap<String, usize> = HashMap::new();
    for i in 0..REQUESTS {
        let response = app
            .client
            .post(format!("{}/api/v1/referrals", app.address))
            .header("idempotency-key", format!("crash-{i}"))
            .json(&body(&service, i))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 201, "retry {i}");
        let answer: Value = response.json().await.expect("json");
        let case = answer["case_id"].as_str().expect("case").to_owned();
        if let Some(first) = confirmed.get(&i) {
            assert_eq!(&case, first, "request {i} answered 201 before the kill");
        }
        *cases.entry(case).or_default() += 1;
    }
    assert_eq!(cases.len(), REQUESTS, "one case per key");
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    let report = app
        .call_json(Method::GET, "/api/v1/reports/referrals", &coordinator)
        .await;
    assert_eq!(report["total"], REQUESTS, "no referral twice: {report}");
    for case in confirmed.values() {
        let found = app
            .call(
                Method::GET,
                &format!("/api/v1/cases/{case}"),
                &coordinator,
                None,
            )
            .await;
        assert_eq!(
            found.status(),
            200,
            "case {case} answered 201 before the kill"
        );
    }
    eprintln!(
        "crash test: {REQUESTS} concurrent requests, killed after {KILL_AFTER} answers; \
         {before_restart} answered 201 before the kill, all present after restart; \
         {} referrals in total after retries, none twice",
        report["total"]
    );
}
