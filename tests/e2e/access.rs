//! Accounts, sessions and the authorization table, over HTTP.

use crate::helpers::{JWT_SECRET, Options, TestApp, assert_problem, spawn_app, spawn_app_with};
use okienko::access::policy::{Access, RULES, Rule, Scope};
use okienko::access::{Principal, Role, TokenKeys};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

/// Organization A (Brzozowiec, the default tenant) and B (same tenant), and C (Łozina Dolna,
/// moved to a second tenant).
pub const ORG_A: &str = "1b14244b-54c3-4393-b06d-20d87a378204";
const ORG_B: &str = "b5fa9371-c42e-47f0-a4fc-bdbb06a259fd";
const ORG_C: &str = "9480a849-cc6d-408a-be71-df4c70813387";

/// Who calls, in the generated test.
#[derive(Debug, Clone)]
enum Who {
    Anonymous,
    Expired,
    Tampered,
    Role(Role),
    /// A liaison of another organization of the same tenant.
    OtherOrganization,
    /// A coordinator of another tenant.
    OtherTenant,
}

struct Callers {
    tokens: Vec<(Role, String)>,
    other_organization: String,
    other_tenant: String,
    expired: String,
    tampered: String,
}

async fn callers(app: &TestApp) -> Callers {
    let tenant = crate::security::second_tenant(app);
    let mut tokens = Vec::new();
    for role in Role::ALL {
        let email = format!("{}@cus.example.pl", role.as_str().replace('_', "-"));
        let extra: Vec<&str> = if role == Role::Liaison {
            vec!["--organization", ORG_A]
        } else {
            vec![]
        };
        tokens.push((role, app.token_for(&email, role.as_str(), &extra).await));
    }
    let other_organization = app
        .token_for(
            "liaison-b@cus.example.pl",
            "liaison",
            &["--organization", ORG_B],
        )
        .await;
    let other_tenant = app
        .token_for(
            "coordinator@lozina.example.pl",
            "coordinator",
            &["--tenant", &tenant],
        )
        .await;
    let admin = tokens[0].1.clone();
    let mut tampered = admin.clone();
    let at = tampered.len() - 5;
    let flipped = if &tampered[at..=at] == "A" { "B" } else { "A" };
    tampered.replace_range(at..=at, flipped);
    let expired_keys = TokenKeys::new(JWT_SECRET.as_bytes(), -120).expect("keys");
    let expired = expired_keys
        .issue(
            &Principal {
                user_id: Uuid::new_v4(),
                email: "admin@cus.example.pl".into(),
                role: Role::Admin,
                tenant_id: okienko::access::DEFAULT_TENANT,
                organization_id: None,
                must_change_password: false,
            },
            chrono::Utc::now().timestamp(),
        )
        .expect("expired token");
    Callers {
        tokens,
        other_organization,
        other_tenant,
        expired,
        tampered,
    }
}

/// A referral to `service` made anonymously: (case id, referral id).
pub async fn referral_to(app: &TestApp, service: &str) -> (String, String) {
    let response = app
        .client
        .post(format!("{}/api/v1/referrals", app.address))
        .json(&json!({
            "service_ids": [service],
            "need": "Szukam miejsca w żłobku dla córki.",
            "contact": {"name": "Anna", "email": "anna.testowa@example.pl"},
            "consent": {"given": true, "text_version": "2026-11"}
        }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("json");
    (
        body["case_id"].as_str().expect("case").to_owned(),
        body["referrals"][0]["id"]
            .as_str()
            .expect("referral")
            .to_owned(),
    )
}

async fn first_service_of(app: &TestApp, organization: &str) -> String {
    let page = app
        .get_json(&format!("/api/v1/services?organization={organization}"))
        .await;
    page["items"][0]["id"]
        .as_str()
        .expect("a service")
        .to_owned()
}

/// What a caller must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Past the authorization table (any answer but a refusal or a server error).
    Allowed,
    /// 401 from the middleware.
    Unauthenticated,
    /// 403.
    Forbidden,
}

/// Error codes with which okienko refuses a caller.
const REFUSALS: [&str; 4] = [
    "unauthorized",
    "token_expired",
    "invalid_token",
    "forbidden",
];

fn expected(rule: &Rule, who: &Who) -> Expect {
    let scoped = rule.scope == Scope::Tenant && names_a_record(rule);
    match (who, rule.access) {
        (Who::Expired | Who::Tampered, _) => Expect::Unauthenticated,
        (Who::Anonymous, Access::Public) => Expect::Allowed,
        (Who::Anonymous, Access::Roles(_)) => Expect::Unauthenticated,
        (Who::Role(role), access) if access.allows(Some(*role)) => Expect::Allowed,
        (Who::Role(_), _) => Expect::Forbidden,
        (Who::OtherOrganization, access) if access.allows(Some(Role::Liaison)) && !scoped => {
            Expect::Allowed
        }
        (Who::OtherTenant, access) if access.allows(Some(Role::Coordinator)) && !scoped => {
            Expect::Allowed
        }
        (Who::OtherOrganization | Who::OtherTenant, _) => Expect::Forbidden,
    }
}

fn meets(expect: Expect, status: u16, code: &str) -> bool {
    let refused = REFUSALS.contains(&code);
    match expect {
        Expect::Allowed => !refused && status < 500,
        Expect::Unauthenticated => status == 401 && refused,
        Expect::Forbidden => status == 403 && code == "forbidden",
    }
}

/// [`meets`] for a HEAD answer, which has no body to read a code from.
fn meets_without_body(expect: Expect, status: u16) -> bool {
    match expect {
        Expect::Allowed => status != 401 && status != 403 && status < 500,
        Expect::Unauthenticated => status == 401,
        Expect::Forbidden => status == 403,
    }
}

/// Whether the request of the generated test names a record of organization A: a path id,
/// or the organization of a new service.
fn names_a_record(rule: &Rule) -> bool {
    rule.path.contains("{id}") && !rule.path.starts_with("/api/v1/drafts")
        || (rule.method == "POST" && rule.path == "/api/v1/services")
}

fn body_for(rule: &Rule) -> Option<Value> {
    match (rule.method, rule.path) {
        ("POST", "/api/v1/services") => Some(json!({"organization_id": ORG_A, "name": "Test"})),
        ("POST", "/api/v1/auth/login") => Some(json!({"email": "x@example.pl", "password": "x"})),
        ("POST", p) if p.starts_with("/api/v1/auth/") => Some(json!({"refresh_token": "x"})),
        ("PATCH", "/api/v1/tenant") => Some(json!({"requires_approval": false})),
        ("PATCH", _) => Some(json!({})),
        ("POST", "/api/v1/import/hsds") => Some(json!([])),
        ("PUT", _) | ("POST", "/api/v1/referrals") => Some(json!({})),
        // Valid bodies, so that the record checks behind them are reached; where allowed they
        // change little (the first cancel wins, later ones are illegal steps; an unknown
        // liaison or service is refused).
        ("POST", "/api/v1/referrals/{id}/transitions") => Some(json!({"status": "cancelled"})),
        ("POST", "/api/v1/referrals/{id}/reroute") => Some(json!({"service_id": Uuid::nil()})),
        ("POST", "/api/v1/organizations/{id}/absences") => Some(json!({
            "liaison_id": Uuid::nil(), "starts_on": "2026-01-01", "ends_on": "2026-01-02"
        })),
        ("POST", p) if p.contains("{id}") => Some(json!({})),
        _ => None,
    }
}

/// Calls every endpoint of the authorization table as every role, anonymously, with expired
/// and tampered tokens, and as a liaison of another organization and a coordinator of another
/// tenant on organization A's records.
#[tokio::test]
async fn every_endpoint_answers_every_caller_as_the_table_says() {
    // Expired and tampered tokens are hundreds of failed attempts from one address here.
    let app = spawn_app_with(Options {
        env: vec![("OKIENKO_AUTH_FAILURES_PER_MINUTE", "0".into())],
        ..Options::default()
    })
    .await;
    let c = callers(&app).await;
    let service = first_service_of(&app, ORG_A).await;
    let (case, referral) = referral_to(&app, &service).await;
    let path_of = |rule: &Rule| {
        let id = if rule.path.starts_with("/api/v1/organizations/") {
            ORG_A
        } else if rule.path.starts_with("/api/v1/referrals/")
            || rule.path.starts_with("/panel/referrals/")
        {
            &referral
        } else if rule.path.starts_with("/api/v1/cases/") {
            &case
        } else {
            &service
        };
        rule.path
            .replace("{id}", id)
            .replace("{code}", "NO-SUCH-CODE")
            .replace("{token}", "no.such-link")
            .replace("{file}", "okienko.css")
            .replace("{_:.*}", "")
    };
    let mut callers: Vec<(Who, Option<String>)> = vec![
        (Who::Anonymous, None),
        (Who::Expired, Some(c.expired.clone())),
        (Who::Tampered, Some(c.tampered.clone())),
        (Who::OtherOrganization, Some(c.other_organization.clone())),
        (Who::OtherTenant, Some(c.other_tenant.clone())),
    ];
    callers.extend(
        c.tokens
            .iter()
            .map(|(r, t)| (Who::Role(*r), Some(t.clone()))),
    );
    // Refusals first: allowed calls may change or delete organization A's service.
    // Every GET is also called as HEAD: same decision, no body.
    let mut plan: Vec<(&Rule, &str, Who, Option<String>, Expect)> = Vec::new();
    for rule in RULES {
        for (who, token) in &callers {
            plan.push((
                rule,
                rule.method,
                who.clone(),
                token.clone(),
                expected(rule, who),
            ));
            if rule.method == "GET" {
                plan.push((
                    rule,
                    "HEAD",
                    who.clone(),
                    token.clone(),
                    expected(rule, who),
                ));
            }
        }
    }
    plan.sort_by_key(|(r, _, _, _, e)| (*e == Expect::Allowed, r.method == "DELETE"));
    let mut checks = 0;
    let mut failures = Vec::new();
    // Redirects are answers too: they are not followed.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for (rule, method_name, who, token, expect) in plan {
        let method = Method::from_bytes(method_name.as_bytes()).expect("method");
        let mut request = client.request(method, format!("{}{}", app.address, path_of(rule)));
        if let Some(token) = &token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body_for(rule) {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("body");
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let code = body["code"].as_str().unwrap_or("");
        checks += 1;
        // A panel page sends a visitor without a session to the sign-in form.
        let ok = if okienko::panel::is_panel(rule.path)
            && matches!(who, Who::Anonymous)
            && expect == Expect::Unauthenticated
        {
            status == 303
        } else if okienko::panel::is_panel(rule.path)
            && rule.method == "POST"
            && rule.access == Access::Public
            && expect == Expect::Allowed
        {
            // Allowed to all, yet a signed-out form needs its pairing cookie, which a
            // generated request does not carry: refused as a stale form, not for the role.
            status == 403 && String::from_utf8_lossy(&bytes).contains("Formularz wygasł")
        } else if okienko::panel::is_panel(rule.path) {
            // Panel pages refuse with an HTML page, not a problem document.
            meets_without_body(expect, status) && (method_name != "HEAD" || bytes.is_empty())
        } else if method_name == "HEAD" {
            bytes.is_empty() && meets_without_body(expect, status)
        } else {
            meets(expect, status, code)
        };
        if !ok {
            failures.push(format!(
                "{method_name} {} as {who:?}: got {status} {code}, expected {expect:?}",
                rule.path
            ));
        }
    }
    eprintln!(
        "authorization checks: {checks} ({} endpoints × {} callers)",
        RULES.len(),
        callers.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The table must name every route the service documents: a new route without a rule fails.
#[test]
fn every_documented_route_is_in_the_table() {
    let spec: Value = serde_json::from_str(&okienko::openapi::json().expect("spec")).expect("json");
    let mut missing = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            let method = method.to_uppercase();
            if okienko::access::policy::lookup(&method, path).is_none() {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "routes without a rule: {missing:?}");
    let undocumented = RULES
        .iter()
        .filter(|r| okienko::access::policy::UNDOCUMENTED.contains(&r.path))
        .count();
    assert_eq!(
        spec["paths"].as_object().map(|p| p
            .values()
            .map(|i| i.as_object().map_or(0, |o| o.len()))
            .sum::<usize>()),
        Some(RULES.len() - undocumented),
        "rules without a documented route"
    );
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_the_session() {
    let app = spawn_app().await;
    let password = app.add_user("k.nowak@cus.example.pl", "coordinator", &[]);
    let first = app.login("K.Nowak@cus.example.pl", &password).await;
    assert_eq!(first["token_type"], "Bearer");
    assert!(first["expires_in"].as_i64().is_some_and(|s| s > 0));
    let me = app
        .request(
            Method::GET,
            "/api/v1/auth/me",
            first["access_token"].as_str().unwrap(),
        )
        .send()
        .await
        .expect("request");
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.expect("json");
    assert_eq!(me["role"], "coordinator");
    assert_eq!(me["email"], "k.nowak@cus.example.pl");

    let refresh = |token: Value| {
        app.client
            .post(format!("{}/api/v1/auth/refresh", app.address))
            .json(&json!({"refresh_token": token}))
            .send()
    };
    let second = refresh(first["refresh_token"].clone())
        .await
        .expect("request");
    assert_eq!(second.status(), 200);
    let second: Value = second.json().await.expect("json");
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    // The spent token again: refused, and the whole session ends.
    assert_problem(
        refresh(first["refresh_token"].clone())
            .await
            .expect("request"),
        401,
        "invalid_refresh_token",
    )
    .await;
    assert_problem(
        refresh(second["refresh_token"].clone())
            .await
            .expect("request"),
        401,
        "invalid_refresh_token",
    )
    .await;

    // Logout revokes.
    let third = app.login("k.nowak@cus.example.pl", &password).await;
    let out = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.address))
        .json(&json!({"refresh_token": third["refresh_token"]}))
        .send()
        .await
        .expect("request");
    assert_eq!(out.status(), 204);
    assert_problem(
        refresh(third["refresh_token"].clone())
            .await
            .expect("request"),
        401,
        "invalid_refresh_token",
    )
    .await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account() {
    let app = spawn_app().await;
    let password = app.add_user("front@cus.example.pl", "front_desk", &[]);
    let attempt = |password: String| {
        app.client
            .post(format!("{}/api/v1/auth/login", app.address))
            .header("accept-language", "en")
            .json(&json!({"email": "front@cus.example.pl", "password": password}))
            .send()
    };
    for _ in 0..5 {
        let wrong = attempt("wrong password".into()).await.expect("request");
        assert_problem(wrong, 401, "invalid_credentials").await;
    }
    // Locked: even the right password is refused, exactly as an unknown account is (same
    // status, code and headers), so that the answer tells nothing about the account.
    let locked = attempt(password).await.expect("request");
    let locked_headers: Vec<String> = locked.headers().keys().map(|k| k.to_string()).collect();
    let locked = assert_problem(locked, 401, "invalid_credentials").await;
    let unknown = app
        .client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("accept-language", "en")
        .json(&json!({"email": "nobody@cus.example.pl", "password": "whatever"}))
        .send()
        .await
        .expect("request");
    let unknown_headers: Vec<String> = unknown.headers().keys().map(|k| k.to_string()).collect();
    let unknown = assert_problem(unknown, 401, "invalid_credentials").await;
    assert_eq!(locked, unknown);
    let shape = |h: &[String]| {
        let mut h: Vec<String> = h
            .iter()
            .filter(|k| !matches!(k.as_str(), "date" | "x-request-id"))
            .cloned()
            .collect();
        h.sort();
        h
    };
    assert_eq!(shape(&locked_headers), shape(&unknown_headers));
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_anything_else() {
    let app = spawn_app().await;
    let out = app.command(
        &[
            "user",
            "add",
            "--email",
            "l.zych@ngo.example.pl",
            "--role",
            "liaison",
            "--organization",
            ORG_C,
        ],
        None,
    );
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .expect("printed password")
        .to_owned();
    let tokens = app.login("l.zych@ngo.example.pl", &password).await;
    let token = tokens["access_token"].as_str().expect("token");
    let me = app.call_json(Method::GET, "/api/v1/auth/me", token).await;
    assert_eq!(me["organization_id"], ORG_C);
    assert_eq!(me["role"], "liaison");
    let blocked = app.call(Method::GET, "/api/v1/drafts", token, None).await;
    assert_problem(blocked, 403, "password_change_required").await;
    let short = app
        .call(
            Method::POST,
            "/api/v1/auth/password",
            token,
            Some(json!({"current_password": password, "new_password": "short"})),
        )
        .await;
    assert_problem(short, 422, "validation_failed").await;
    let changed = app
        .call(
            Method::POST,
            "/api/v1/auth/password",
            token,
            Some(json!({"current_password": password, "new_password": "nowe hasło liaisona 2026"})),
        )
        .await;
    assert_eq!(changed.status(), 204);
    // The old session ended; the new password opens a full one.
    let refresh = app
        .client
        .post(format!("{}/api/v1/auth/refresh", app.address))
        .json(&json!({"refresh_token": tokens["refresh_token"]}))
        .send()
        .await
        .expect("request");
    assert_problem(refresh, 401, "invalid_refresh_token").await;
    let tokens = app
        .login("l.zych@ngo.example.pl", "nowe hasło liaisona 2026")
        .await;
    let token = tokens["access_token"].as_str().expect("token");
    let drafts = app.call(Method::GET, "/api/v1/drafts", token, None).await;
    assert_eq!(drafts.status(), 200);
}

#[tokio::test]
async fn only_configured_origins_may_call_from_browsers_and_answers_carry_security_headers() {
    let app = crate::helpers::spawn_app_with(crate::helpers::Options {
        env: vec![(
            "OKIENKO_CORS_ORIGINS",
            "https://www.gmina.example.pl,https://cus.example.pl".into(),
        )],
        ..Default::default()
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(Method::OPTIONS, format!("{}/api/v1/services", app.address))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
    };
    let allowed = preflight("https://www.gmina.example.pl")
        .await
        .expect("request");
    assert!(allowed.status().is_success());
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("https://www.gmina.example.pl")
    );
    let refused = preflight("https://evil.example.com")
        .await
        .expect("request");
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let response = app
        .client
        .get(format!("{}/api/v1/search?q=obiady", app.address))
        .header("origin", "https://cus.example.pl")
        .send()
        .await
        .expect("request");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        header("access-control-allow-origin").as_deref(),
        Some("https://cus.example.pl")
    );
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(header("referrer-policy").as_deref(), Some("no-referrer"));
    assert!(header("content-security-policy").is_some_and(|c| c.contains("frame-ancestors")));
}
