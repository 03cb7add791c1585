//! Partners keep their own offers current: edits, approval, history, freshness.

use crate::helpers::{TestApp, assert_problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const ORG_A: &str = "1b14244b-54c3-4393-b06d-20d87a378204";

async fn first_service_of(app: &TestApp, organization: &str) -> Value {
    let page = app
        .get_json(&format!("/api/v1/services?organization={organization}"))
        .await;
    page["items"][0].clone()
}

/// Polls search until `id` is (or is no longer) among the results of `q`; the time it took.
async fn until_searchable(app: &TestApp, q: &str, id: &str, present: bool) -> Duration {
    let started = Instant::now();
    loop {
        let page = app
            .get_json(&format!("/api/v1/search?q={}", urlencoding(q)))
            .await;
        let found = page["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i["id"] == id));
        if found == present {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{q:?} → {id} present={present} not reached: {page}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn urlencoding(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_liaison_edits_an_offer_and_it_is_searchable_with_its_history() {
    let app = spawn_app().await;
    let liaison = app
        .token_for(
            "b.krawiec@stokrotka.example.pl",
            "liaison",
            &["--organization", ORG_A],
        )
        .await;
    let service = first_service_of(&app, ORG_A).await;
    let id = service["id"].as_str().expect("id").to_owned();
    let response = app
        .request(Method::PATCH, &format!("/api/v1/services/{id}"), &liaison)
        .header("content-type", "application/merge-patch+json")
        .body(json!({"name": "Zajęcia z kangurkiem dla maluchów", "capacity": 12}).to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let updated: Value = response.json().await.expect("json");
    assert_eq!(updated["name"], "Zajęcia z kangurkiem dla maluchów");
    assert_eq!(updated["capacity"], 12);
    // Untouched fields stay; the edit counts as a confirmation.
    assert_eq!(updated["description"], service["description"]);
    assert_eq!(
        updated["last_verified_at"],
        chrono::Utc::now().date_naive().to_string()
    );
    let took = until_searchable(&app, "kangurkiem", &id, true).await;
    eprintln!("searchable after {} ms", took.as_millis());

    // Invalid fields are refused with pointers, and nothing changes.
    let bad = app
        .call(
            Method::PATCH,
            &format!("/api/v1/services/{id}"),
            &liaison,
            Some(json!({"name": " ", "categories": ["no-such-category"]})),
        )
        .await;
    let problem = assert_problem(bad, 422, "validation_failed").await;
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert!(
        pointers.contains(&"/name") && pointers.contains(&"/categories/0"),
        "{problem}"
    );

    let history: Value = app
        .call(
            Method::GET,
            &format!("/api/v1/services/{id}/history"),
            &liaison,
            None,
        )
        .await
        .json()
        .await
        .expect("json");
    let latest = &history[0];
    assert_eq!(latest["action"], "updated");
    assert_eq!(latest["actor"], "b.krawiec@stokrotka.example.pl");
    assert_eq!(latest["previous"]["name"], service["name"]);
    assert_eq!(
        latest["current"]["name"],
        "Zajęcia z kangurkiem dla maluchów"
    );

    // A new offer, then its deletion.
    let created = app.call(Method::POST, "/api/v1/services", &liaison, Some(json!({"name": "Chusta i noszenie niemowląt – warsztaty", "categories": ["childcare"]}))).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.expect("json");
    let new_id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created["organization"]["id"], ORG_A);
    until_searchable(&app, "chusta niemowlę", &new_id, true).await;
    let deleted = app
        .call(
            Method::DELETE,
            &format!("/api/v1/services/{new_id}"),
            &liaison,
            None,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(
        app.get(&format!("/api/v1/services/{new_id}"))
            .await
            .status(),
        404
    );
    until_searchable(&app, "chusta niemowlę", &new_id, false).await;
    let history: Value = app
        .call(
            Method::GET,
            &format!("/api/v1/services/{new_id}/history"),
            &liaison,
            None,
        )
        .await
        .json()
        .await
        .expect("json");
    let actions: Vec<&str> = history
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert_eq!(actions, ["deleted", "created"]);
}

#[tokio::test]
async fn with_approval_required_a_liaison_edit_waits_for_the_coordinator() {
    let app = spawn_app().await;
    let coordinator = app
        .token_for("koordynator@cus.example.pl", "coordinator", &[])
        .await;
    let liaison = app
        .token_for(
            "b.krawiec@stokrotka.example.pl",
            "liaison",
            &["--organization", ORG_A],
        )
        .await;
    let tenant = app
        .call(
            Method::PATCH,
            "/api/v1/tenant",
            &coordinator,
            Some(json!({"requires_approval": true})),
        )
        .await;
    assert_eq!(tenant.status(), 200);
    let service = first_service_of(&app, ORG_A).await;
    let id = service["id"].as_str().expect("id").to_owned();
    let proposed = app
        .call(
            Method::PATCH,
            &format!("/api/v1/services/{id}"),
            &liaison,
            Some(json!({"name": "Zajęcia z kangurkiem dla maluchów"})),
        )
        .await;
    assert_eq!(proposed.status(), 202);
    let draft: Value = proposed.json().await.expect("json");
    assert_eq!(draft["action"], "update");
    assert_eq!(draft["author"], "b.krawiec@stokrotka.example.pl");
    // Still the old offer in public.
    let public = app.get_json(&format!("/api/v1/services/{id}")).await;
    assert_eq!(public["name"], service["name"]);
    let drafts: Value = app
        .call_json(Method::GET, "/api/v1/drafts", &coordinator)
        .await;
    assert_eq!(drafts["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(drafts["total"], 1);
    assert_eq!(drafts["items"][0]["service_id"], id.as_str());
    // A liaison may not approve their own change.
    let (app_ref, approve_path) = (&app, format!("/api/v1/drafts/{id}/approve"));
    let approve_path = &approve_path;
    let approve =
        |token: String| async move { app_ref.call(Method::POST, approve_path, &token, None).await };
    let own = approve(liaison.clone()).await;
    assert_problem(own, 403, "forbidden").await;
    let approved = approve(coordinator.clone()).await;
    assert_eq!(approved.status(), 200);
    until_searchable(&app, "kangurkiem", &id, true).await;
    let again = approve(coordinator.clone()).await;
    assert_problem(again, 404, "draft_not_found").await;

    // A proposed new offer, rejected: never public.
    let new = app
        .call(
            Method::POST,
            "/api/v1/services",
            &liaison,
            Some(json!({"name": "Warsztaty chusty dla rodziców"})),
        )
        .await;
    assert_eq!(new.status(), 202);
    let new: Value = new.json().await.expect("json");
    assert_eq!(new["action"], "create");
    let new_id = new["service_id"].as_str().expect("id");
    assert_eq!(
        app.get(&format!("/api/v1/services/{new_id}"))
            .await
            .status(),
        404
    );
    let rejected = app
        .call(
            Method::POST,
            &format!("/api/v1/drafts/{new_id}/reject"),
            &coordinator,
            None,
        )
        .await;
    assert_eq!(rejected.status(), 204);
    let history: Value = app
        .call(
            Method::GET,
            &format!("/api/v1/services/{id}/history"),
            &coordinator,
            None,
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(history[0]["action"], "approved");
    assert_eq!(history[0]["actor"], "koordynator@cus.example.pl");
    assert_eq!(history[1]["action"], "proposed");
}
