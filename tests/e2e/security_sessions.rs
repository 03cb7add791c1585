//! Sessions end when they should, logins tell nothing about accounts, and limits key on the
//! real client behind trusted proxies only.

use crate::helpers::{Options, TestApp, assert_problem, spawn_app, spawn_app_with, spawn_sibling};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

use crate::security::{ORG_A, liaison_of_a};

async fn login(app: &TestApp, email: &str, password: &str) -> (String, String) {
    let tokens = app.login(email, password).await;
    (
        tokens["access_token"].as_str().expect("access").to_owned(),
        tokens["refresh_token"]
            .as_str()
            .expect("refresh")
            .to_owned(),
    )
}

async fn me(app: &TestApp, token: &str) -> u16 {
    app.request(Method::GET, "/api/v1/auth/me", token)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

/// Polls until `token` is refused (another process's change is seen within the sync
/// interval); panics after 10 s.
async fn until_refused(app: &TestApp, token: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while me(app, token).await != 401 {
        assert!(Instant::now() < deadline, "the token is still accepted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn logout(app: &TestApp, refresh_token: &str) {
    let out = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.address))
        .json(&json!({"refresh_token": refresh_token}))
        .send()
        .await
        .expect("request");
    assert_eq!(out.status(), 204);
}

async fn refresh(app: &TestApp, refresh_token: &str) -> u16 {
    app.client
        .post(format!("{}/api/v1/auth/refresh", app.address))
        .json(&json!({"refresh_token": refresh_token}))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test]
async fn logout_and_credential_changes_end_access_now() {
    let app = spawn_app().await;
    let email = "recepcja@cus.example.pl";
    let password = app.add_user(email, "front_desk", &[]);

    // Logout: the access token is refused at once, the refresh token too.
    let (access, refresh_token) = login(&app, email, &password).await;
    assert_eq!(me(&app, &access).await, 200);
    logout(&app, &refresh_token).await;
    let refused = app
        .request(Method::GET, "/api/v1/auth/me", &access)
        .send()
        .await
        .expect("request");
    assert_problem(refused, 401, "session_ended").await;
    assert_eq!(refresh(&app, &refresh_token).await, 401);

    // A password change.
    let (access, refresh_token) = login(&app, email, &password).await;
    let new_password = "nowe-haslo-recepcji-2026";
    let changed = app
        .call(
            Method::POST,
            "/api/v1/auth/password",
            &access,
            Some(json!({"current_password": password, "new_password": new_password})),
        )
        .await;
    assert_eq!(changed.status(), 204);
    assert_eq!(me(&app, &access).await, 401);
    assert_eq!(refresh(&app, &refresh_token).await, 401);

    // A role change and disabling, made by the command next to the running server.
    let (access, refresh_token) = login(&app, email, new_password).await;
    app.command(
        &["user", "update", "--email", email, "--role", "coordinator"],
        None,
    );
    until_refused(&app, &access).await;
    assert_eq!(refresh(&app, &refresh_token).await, 401);
    let (access, _) = login(&app, email, new_password).await;
    app.command(&["user", "update", "--email", email, "--disable"], None);
    until_refused(&app, &access).await;
    let disabled = app
        .client
        .post(format!("{}/api/v1/auth/login", app.address))
        .json(&json!({"email": email, "password": new_password}))
        .send()
        .await
        .expect("request");
    assert_problem(disabled, 401, "invalid_credentials").await;

    // A liaison removed from the organization.
    let liaison = "lider@fundacja.example.pl";
    let password = app.add_user(liaison, "liaison", &["--organization", ORG_A]);
    let (access, _) = login(&app, liaison, &password).await;
    app.command(
        &[
            "user",
            "update",
            "--email",
            liaison,
            "--role",
            "front_desk",
            "--no-organization",
        ],
        None,
    );
    until_refused(&app, &access).await;
}

#[tokio::test]
async fn another_instance_refuses_a_logged_out_token_within_the_sync_interval() {
    let app = spawn_app().await;
    let sibling = spawn_sibling(&app);
    let email = "recepcja@cus.example.pl";
    let password = app.add_user(email, "front_desk", &[]);
    let (access, refresh_token) = login(&app, email, &password).await;
    assert_eq!(me(&sibling, &access).await, 200);
    logout(&app, &refresh_token).await;
    until_refused(&sibling, &access).await;
}

#[tokio::test]
async fn parallel_wrong_passwords_lock_the_account() {
    let app = spawn_app_with(Options {
        env: vec![("OKIENKO_TRUSTED_PROXIES", "127.0.0.1".into())],
        ..Options::default()
    })
    .await;
    let email = "recepcja@cus.example.pl";
    let password = app.add_user(email, "front_desk", &[]);
    // Twelve at once, each from its own address (so that the address limit stays out of it).
    let attempts = (0..12).map(|i| {
        app.client
            .post(format!("{}/api/v1/auth/login", app.address))
            .header("x-forwarded-for", format!("198.51.100.{}", i + 1))
            .json(&json!({"email": email, "password": "zle-haslo"}))
            .send()
    });
    for response in futures_util::future::join_all(attempts).await {
        assert_eq!(response.expect("request").status(), 401);
    }
    let locked = app
        .client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("x-forwarded-for", "198.51.100.99")
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("request");
    assert_problem(locked, 401, "invalid_credentials").await;
}

#[tokio::test]
async fn limits_key_on_the_client_behind_trusted_proxies_only() {
    let attempt = |app: &TestApp, forwarded: &str| {
        app.client
            .post(format!("{}/api/v1/auth/login", app.address))
            .header("x-forwarded-for", forwarded.to_owned())
            .json(&json!({"email": "nikt@example.pl", "password": "x"}))
            .send()
    };
    // Behind a trusted proxy: one client's failures do not lock out another.
    let app = spawn_app_with(Options {
        env: vec![("OKIENKO_TRUSTED_PROXIES", "127.0.0.0/8".into())],
        ..Options::default()
    })
    .await;
    for _ in 0..10 {
        let status = attempt(&app, "203.0.113.5")
            .await
            .expect("request")
            .status();
        assert_eq!(status, 401);
    }
    let limited = attempt(&app, "203.0.113.5").await.expect("request");
    assert_problem(limited, 429, "rate_limited").await;
    let other = attempt(&app, "203.0.113.6").await.expect("request");
    assert_eq!(other.status(), 401);
    assert!(app.log_text().contains("\"client\":\"203.0.113.5\""));

    // Without one, the header is the client's own claim: ignored, in limits and in the log.
    let app = spawn_app().await;
    for i in 0..10 {
        let status = attempt(&app, &format!("203.0.113.{i}"))
            .await
            .expect("request")
            .status();
        assert_eq!(status, 401);
    }
    let limited = attempt(&app, "203.0.113.77").await.expect("request");
    assert_problem(limited, 429, "rate_limited").await;
    let log = app.log_text();
    assert!(
        !log.contains("203.0.113.77"),
        "a spoofed address reached the log"
    );
    assert!(log.contains("\"client\":\"127.0.0.1\""));
}

#[tokio::test]
async fn the_referral_limit_counts_referrals_for_signed_in_callers_too() {
    let app = spawn_app_with(Options {
        env: vec![("OKIENKO_REFERRALS_PER_MINUTE", "3".into())],
        ..Options::default()
    })
    .await;
    let token = liaison_of_a(&app).await;
    let page = app
        .get_json("/api/v1/services?status=active&per_page=3")
        .await;
    let ids: Vec<Value> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    let body = |ids: &[Value]| {
        json!({
            "service_ids": ids,
            "need": "Pomoc w domu.",
            "contact": {"name": "Jan", "phone": "600 100 200"},
            "consent": {"given": true, "text_version": "2026-11"}
        })
    };
    let first = app
        .call(Method::POST, "/api/v1/referrals", &token, Some(body(&ids)))
        .await;
    assert_eq!(first.status(), 201);
    let second = app
        .call(
            Method::POST,
            "/api/v1/referrals",
            &token,
            Some(body(&ids[..1])),
        )
        .await;
    assert_problem(second, 429, "rate_limited").await;
}
