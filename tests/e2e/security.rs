//! Trust boundaries on every write: nested records stay with their organization, imports
//! stay in their tenant, ids keep their kind, guards decide by method and path, links are web
//! addresses, texts have sizes, files are private.

use crate::helpers::{ADMIN_TOKEN, TestApp, assert_problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

/// Organizations A and B of the default tenant, C of Łozina Dolna (a second tenant once the
/// test creates it).
pub const ORG_A: &str = "1b14244b-54c3-4393-b06d-20d87a378204";
pub const ORG_B: &str = "b5fa9371-c42e-47f0-a4fc-bdbb06a259fd";
pub const ORG_C: &str = "9480a849-cc6d-408a-be71-df4c70813387";
pub const SECOND_TENANT_GMINA: &str = "1499022";

/// Creates the second tenant (Łozina Dolna, organization C's gmina); returns its id.
pub fn second_tenant(app: &TestApp) -> String {
    app.command(
        &[
            "tenant",
            "add",
            "--name",
            "CUS w Łozinie Dolnej",
            "--municipality",
            SECOND_TENANT_GMINA,
        ],
        None,
    )
    .trim()
    .to_owned()
}

/// A liaison of organization A.
pub async fn liaison_of_a(app: &TestApp) -> String {
    app.token_for("lider-a@example.pl", "liaison", &["--organization", ORG_A])
        .await
}

/// A coordinator of the default tenant.
pub async fn default_coordinator(app: &TestApp) -> String {
    app.token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await
}

pub async fn organization(app: &TestApp, id: &str) -> Value {
    app.get_json(&format!("/api/v1/organizations/{id}")).await
}

pub async fn first_service_of(app: &TestApp, organization: &str) -> Value {
    let page = app
        .get_json(&format!("/api/v1/services?organization={organization}"))
        .await;
    let id = page["items"][0]["id"].as_str().expect("a service");
    app.get_json(&format!("/api/v1/services/{id}")).await
}

async fn patch(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.call(Method::PATCH, path, token, Some(body)).await
}

#[tokio::test]
async fn nested_records_stay_with_their_organization() {
    let app = spawn_app().await;
    second_tenant(&app);
    let liaison = liaison_of_a(&app).await;
    let coordinator = default_coordinator(&app).await;
    let b = organization(&app, ORG_B).await;
    let c = organization(&app, ORG_C).await;
    let org_a = format!("/api/v1/organizations/{ORG_A}");

    // Another organization's place, moved by naming its id: refused, B unchanged.
    let mut stolen = b["locations"][0].clone();
    stolen["name"] = json!("Przejęte");
    let response = patch(&app, &liaison, &org_a, json!({"locations": [stolen]})).await;
    assert_problem(response, 403, "forbidden_reference").await;
    // Another tenant's liaison, rewritten by a coordinator to take its mail: refused.
    let mut hijacked = c["liaisons"][0].clone();
    hijacked["email"] = json!("napastnik@example.pl");
    let response = patch(&app, &coordinator, &org_a, json!({"liaisons": [hijacked]})).await;
    assert_problem(response, 403, "forbidden_reference").await;
    assert_eq!(organization(&app, ORG_B).await, b);
    assert_eq!(organization(&app, ORG_C).await, c);

    // A service names only its organization's places and liaison; unknown ones are 422.
    let service = first_service_of(&app, ORG_A).await;
    let path = format!("/api/v1/services/{}", service["id"].as_str().expect("id"));
    let b_location = b["locations"][0]["id"].clone();
    let b_liaison = b["liaisons"][0]["id"].clone();
    for body in [
        json!({"location_ids": [b_location]}),
        json!({"liaison_id": b_liaison}),
    ] {
        let response = patch(&app, &liaison, &path, body).await;
        assert_problem(response, 403, "forbidden_reference").await;
    }
    let unknown = json!({"location_ids": [uuid::Uuid::new_v4()]});
    let problem = assert_problem(
        patch(&app, &liaison, &path, unknown).await,
        422,
        "unknown_reference",
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("/location_ids/0"))
    );
    let after = app.get_json(&path).await;
    assert_eq!(after["location_ids"], service["location_ids"]);
    assert_eq!(after["liaison"], service["liaison"]);

    // Its own new place is fine.
    let own = json!({"locations": [{"id": uuid::Uuid::new_v4(), "name": "Filia", "street": null,
        "postal_code": null, "city": "Brzozowiec", "municipality": null, "latitude": null,
        "longitude": null, "accessibility": null}]});
    assert_eq!(patch(&app, &liaison, &org_a, own).await.status(), 200);
}

#[tokio::test]
async fn ids_keep_their_kind() {
    let app = spawn_app().await;
    let liaison = liaison_of_a(&app).await;
    let a = organization(&app, ORG_A).await;
    let b = organization(&app, ORG_B).await;
    for id in [ORG_B, a["locations"][0]["id"].as_str().expect("location")] {
        let response = app
            .call(
                Method::POST,
                "/api/v1/services",
                &liaison,
                Some(json!({"id": id, "name": "Usługa o cudzym identyfikatorze"})),
            )
            .await;
        assert_problem(response, 409, "id_conflict").await;
    }
    assert_eq!(organization(&app, ORG_A).await, a);
    assert_eq!(organization(&app, ORG_B).await, b);
    let missing = app.get(&format!("/api/v1/services/{ORG_B}")).await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn coordinators_import_into_their_own_tenant_only() {
    let app = spawn_app().await;
    second_tenant(&app);
    let coordinator = default_coordinator(&app).await;
    let service = first_service_of(&app, ORG_C).await;
    let id = service["id"].as_str().expect("id");
    let mut record = app.get_json(&format!("/hsds/services/{id}")).await;
    record["name"] = json!("Podmienione przez inny CUS");
    record["organization"]["name"] = json!("Podmieniona organizacja");
    let before_org = organization(&app, ORG_C).await;
    let response = app
        .call(
            Method::POST,
            "/api/v1/import/hsds",
            &coordinator,
            Some(json!([record.clone()])),
        )
        .await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.expect("report");
    assert_eq!(report["invalid"], 1, "{report}");
    assert_eq!(report["updated"], 0, "{report}");
    assert_eq!(report["errors"][0]["id"], id);
    assert!(
        report["errors"][0]["errors"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("another tenant")),
        "{report}"
    );
    assert_eq!(organization(&app, ORG_C).await, before_org);
    assert_eq!(
        app.get_json(&format!("/api/v1/services/{id}")).await["name"],
        service["name"]
    );
    // An admin may.
    let response = app.import_hsds(json!([record]).to_string()).await;
    let report: Value = response.json().await.expect("report");
    assert_eq!(report["updated"], 1, "{report}");
}

#[tokio::test]
async fn moving_to_another_tenant_needs_an_admin_and_liaisons_organization_edits_wait() {
    let app = spawn_app().await;
    second_tenant(&app);
    let liaison = liaison_of_a(&app).await;
    let coordinator = default_coordinator(&app).await;
    let org_a = format!("/api/v1/organizations/{ORG_A}");
    let move_away = json!({"municipality": SECOND_TENANT_GMINA});
    for token in [&liaison, &coordinator] {
        let response = patch(&app, token, &org_a, move_away.clone()).await;
        assert_problem(response, 403, "tenant_move_not_allowed").await;
    }
    assert_ne!(
        organization(&app, ORG_A).await["municipality"],
        SECOND_TENANT_GMINA
    );

    // With approval required, a liaison's change of the organization waits.
    let approval = json!({"requires_approval": true});
    let set = app
        .call(
            Method::PATCH,
            "/api/v1/tenant",
            &coordinator,
            Some(approval),
        )
        .await;
    assert_eq!(set.status(), 200);
    let before = organization(&app, ORG_A).await;
    let response = patch(&app, &liaison, &org_a, json!({"description": "Nowy opis"})).await;
    assert_eq!(response.status(), 202);
    let draft: Value = response.json().await.expect("draft");
    assert_eq!(draft["kind"], "organization");
    assert_eq!(organization(&app, ORG_A).await, before);
    let drafts = app
        .call_json(Method::GET, "/api/v1/drafts", &coordinator)
        .await;
    assert!(
        drafts["items"]
            .as_array()
            .expect("list")
            .iter()
            .any(|d| d["record_id"] == ORG_A)
    );
    let approved = app
        .call(
            Method::POST,
            &format!("/api/v1/drafts/{ORG_A}/approve"),
            &coordinator,
            None,
        )
        .await;
    assert_eq!(approved.status(), 200);
    assert_eq!(organization(&app, ORG_A).await["description"], "Nowy opis");
    let history = app
        .call_json(Method::GET, &format!("{org_a}/history"), &coordinator)
        .await;
    let actions: Vec<&str> = history
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert_eq!(actions[..2], ["approved", "proposed"]);
    // An admin decides a move.
    let moved = patch(&app, ADMIN_TOKEN, &org_a, move_away).await;
    assert_eq!(moved.status(), 200);
}

#[tokio::test]
async fn guards_decide_by_method_and_path() {
    let app = spawn_app().await;
    let liaison = liaison_of_a(&app).await;
    // Two patterns match; the caller must satisfy both (the reroute rule is office-only).
    let overlapping = "/api/v1/referrals/track/reroute";
    let response = app
        .call(
            Method::POST,
            overlapping,
            &liaison,
            Some(json!({"service_id": ORG_A})),
        )
        .await;
    assert_problem(response, 403, "forbidden").await;
    let anonymous = app
        .client
        .post(format!("{}{overlapping}", app.address))
        .json(&json!({"service_id": ORG_A}))
        .send()
        .await
        .expect("request");
    assert_problem(anonymous, 401, "unauthorized").await;

    // HEAD wherever GET works, without a body.
    let head = app
        .client
        .head(format!("{}/api/v1/services", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(head.status(), 200);
    assert!(head.bytes().await.expect("body").is_empty());
    // Another method on a known path: 405 with Allow.
    for (method, path, allow) in [
        (Method::PUT, "/api/v1/services", "GET, HEAD, POST"),
        (Method::DELETE, "/health", "GET, HEAD"),
        (Method::PUT, "/api/v1/referrals/track/ABC", "GET, HEAD"),
    ] {
        let response = app
            .client
            .request(method.clone(), format!("{}{path}", app.address))
            .send()
            .await
            .expect("request");
        assert_eq!(
            response
                .headers()
                .get("allow")
                .and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
        assert_problem(response, 405, "method_not_allowed").await;
    }
    assert_eq!(app.get("/no/such/page").await.status(), 404);
}

#[tokio::test]
async fn links_are_web_addresses_and_texts_have_sizes() {
    let app = spawn_app().await;
    let liaison = liaison_of_a(&app).await;
    let service = first_service_of(&app, ORG_A).await;
    let path = format!("/api/v1/services/{}", service["id"].as_str().expect("id"));
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ] {
        let response = patch(&app, &liaison, &path, json!({"url": url})).await;
        let problem = assert_problem(response, 422, "invalid_url").await;
        assert_eq!(problem["errors"][0]["pointer"], "/url");
    }
    let org = format!("/api/v1/organizations/{ORG_A}");
    let response = patch(
        &app,
        &liaison,
        &org,
        json!({"website": "javascript:alert(1)"}),
    )
    .await;
    assert_problem(response, 422, "invalid_url").await;
    let fine = patch(
        &app,
        &liaison,
        &path,
        json!({"url": "https://fundacja.example.pl/"}),
    )
    .await;
    assert_eq!(fine.status(), 200);

    let huge = "ż".repeat(200_000);
    let response = patch(&app, &liaison, &path, json!({"description": huge})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "text_too_long");
    let long_name = "n".repeat(301);
    let response = patch(&app, &liaison, &path, json!({"name": long_name})).await;
    assert_problem(response, 422, "validation_failed").await;

    // The same on import: the record is refused, with its reason.
    let mut record = app
        .get_json(&format!(
            "/hsds/services/{}",
            service["id"].as_str().expect("id")
        ))
        .await;
    record["url"] = json!("javascript:alert(1)");
    let report: Value = app
        .import_hsds(json!([record.clone()]).to_string())
        .await
        .json()
        .await
        .expect("report");
    assert_eq!(report["invalid"], 1, "{report}");
    assert_eq!(report["errors"][0]["errors"][0]["code"], "invalid_url");
    record["url"] = json!(null);
    record["description"] = json!("x".repeat(20_000));
    let report: Value = app
        .import_hsds(json!([record]).to_string())
        .await
        .json()
        .await
        .expect("report");
    assert_eq!(report["errors"][0]["errors"][0]["code"], "text_too_long");
    assert_eq!(
        app.get_json(&path).await["url"],
        "https://fundacja.example.pl/"
    );
}

#[tokio::test]
async fn files_are_private_secrets_strong_and_signed_in_answers_not_cached() {
    let app = spawn_app().await;
    #[cfg(unix)]
    if app.database_url.is_none() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
        };
        assert_eq!(mode(app.data_dir.path()), 0o700);
        assert_eq!(mode(&app.data_dir.path().join("okienko.db")), 0o600);
    }
    let token = app
        .token_for("front@cus.example.pl", "front_desk", &[])
        .await;
    for path in ["/api/v1/auth/me", "/api/v1/services"] {
        let response = app
            .request(Method::GET, path, &token)
            .send()
            .await
            .expect("request");
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
    }
    // Failed bearer attempts are limited per address.
    let mut last = 0;
    for _ in 0..31 {
        last = app
            .request(Method::GET, "/api/v1/auth/me", "not-a-token")
            .send()
            .await
            .expect("request")
            .status()
            .as_u16();
    }
    assert_eq!(last, 429);

    // A short admin token is refused at start.
    let dir = tempfile::tempdir().expect("dir");
    let output = crate::helpers::base_command(dir.path(), None)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("OKIENKO_ADMIN_TOKEN", "too-short")
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("at least 32 characters"));
}
