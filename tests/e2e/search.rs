//! Search over HTTP: Polish forms, filters and facets, distance, fallback, corrections,
//! suggestions, near-real-time updates and bad parameters.

use crate::helpers::{Options, assert_problem, spawn_app, spawn_app_with};
use crate::hsds::polish_record;
use serde_json::Value;

fn names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["name"].as_str().unwrap_or("").to_owned())
        .collect()
}

async fn search(app: &crate::helpers::TestApp, query: &str) -> Value {
    let url = format!("{}/api/v1/search", app.address);
    let response = app
        .client
        .get(url)
        .query(&[("q", query)])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200, "q={query}");
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn polish_forms_without_diacritics_and_with_typos_find_the_same_offer() {
    let app = spawn_app().await;
    for q in ["żłobek", "żłobka", "zlobek", "zlobka", "żłobki", "złobek"] {
        let body = search(&app, q).await;
        let top: Vec<String> = names(&body).into_iter().take(3).collect();
        assert!(
            top.iter().any(|n| n.to_lowercase().contains("żłob")),
            "{q}: {top:?}"
        );
        let first = &body["items"][0];
        assert!(
            first["snippet"].is_string()
                && first["matched"].as_array().is_some_and(|m| !m.is_empty()),
            "{first}"
        );
        assert!(
            first["organization"]["name"].is_string()
                && first["municipalities"][0]["name"].is_string()
        );
        assert_eq!(
            app.get_json(&format!(
                "/api/v1/services/{}",
                first["id"].as_str().expect("id")
            ))
            .await["id"],
            first["id"]
        );
    }
    let exact = search(&app, "żłobek").await;
    let folded = search(&app, "zlobek").await;
    assert!(
        exact["items"][0]["score"].as_f64() >= folded["items"][0]["score"].as_f64(),
        "the exact form scores at least as high"
    );
}

#[tokio::test]
async fn filters_facets_and_paging() {
    let app = spawn_app().await;
    let all = search(&app, "pomoc").await;
    let total = all["total"].as_u64().expect("total");
    assert!(total > 20);
    let categories = all["facets"]["category"]
        .as_array()
        .expect("category facet");
    assert!(
        categories
            .iter()
            .all(|c| c["count"].as_u64() <= Some(total) && c["label"].is_string())
    );
    let first = &categories[0];
    let code = first["code"].as_str().expect("code");
    let filtered = app
        .get_json(&format!(
            "/api/v1/search?q=pomoc&category={code}&per_page=100"
        ))
        .await;
    assert_eq!(
        filtered["total"], first["count"],
        "a facet count is what its filter returns"
    );
    for kind in [
        "organization_kind",
        "cost",
        "municipality",
        "delivery",
        "language",
        "area",
        "target_group",
    ] {
        assert!(
            all["facets"][kind]
                .as_array()
                .is_some_and(|v| !v.is_empty()),
            "facet {kind}"
        );
    }
    let free = app
        .get_json("/api/v1/search?q=pomoc&cost=free&organization_kind=ngo&per_page=100")
        .await;
    for item in free["items"].as_array().expect("items") {
        assert_eq!(item["organization"]["kind"], "ngo");
    }
    let page2 = app
        .get_json("/api/v1/search?q=pomoc&per_page=5&page=2")
        .await;
    let page1 = app
        .get_json("/api/v1/search?q=pomoc&per_page=5&page=1")
        .await;
    assert_eq!(names(&page1).len(), 5);
    assert!(names(&page2).iter().all(|n| !names(&page1).contains(n)));
    let child = app
        .get_json("/api/v1/search?q=opieka&age=2&per_page=100")
        .await;
    let senior = app
        .get_json("/api/v1/search?q=opieka&age=80&per_page=100")
        .await;
    assert_ne!(names(&child), names(&senior), "age narrows the offers");
}

#[tokio::test]
async fn distance_sort_and_radius() {
    let app = spawn_app().await;
    let near = app
        .get_json("/api/v1/search?q=pomoc&lat=52.105&lon=21.28&sort=distance&per_page=50")
        .await;
    let distances: Vec<f64> = near["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["distance_km"].as_f64())
        .collect();
    assert!(distances.len() > 5);
    assert!(
        distances.windows(2).all(|w| w[0] <= w[1]),
        "nearest first: {distances:?}"
    );
    let within = app
        .get_json("/api/v1/search?q=pomoc&lat=52.105&lon=21.28&radius_km=2&per_page=100")
        .await;
    let inside: Vec<f64> = within["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["distance_km"].as_f64().expect("distance"))
        .collect();
    assert!(
        !inside.is_empty() && inside.iter().all(|d| *d <= 2.0),
        "{inside:?}"
    );
    assert!(within["total"].as_u64() < near["total"].as_u64());
}

#[tokio::test]
async fn an_empty_or_fruitless_search_still_shows_where_to_turn() {
    let app = spawn_app().await;
    for q in ["qwzx vbnm", ""] {
        let body = search(&app, q).await;
        let fallback = &body["fallback"];
        let point = &fallback["information_point"];
        assert!(
            point["phone"]
                .as_str()
                .is_some_and(|p| p.starts_with("+48")),
            "{body}"
        );
        assert!(point["name"].is_string() && point["address"].is_string());
        assert!(
            fallback["categories"]
                .as_array()
                .is_some_and(|c| !c.is_empty())
        );
    }
    assert!(
        search(&app, "").await["total"].as_u64() > Some(200),
        "an empty query lists everything"
    );
    let closest = search(&app, "rehabilitcja xyzq").await;
    if closest["total"] == 0 {
        let codes: Vec<&str> = closest["fallback"]["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .filter_map(|c| c["code"].as_str())
            .collect();
        assert!(codes.contains(&"rehabilitation"), "{codes:?}");
    }
    let typo = search(&app, "rehabilitcja").await;
    assert!(typo["total"].as_u64() > Some(0));
    assert_eq!(typo["did_you_mean"], "rehabilitacja");
}

#[tokio::test]
async fn suggestions_complete_the_last_word() {
    let app = spawn_app().await;
    let body = app.get_json("/api/v1/suggest?q=wypo").await;
    let suggestions = body["suggestions"].as_array().expect("suggestions");
    assert!(!suggestions.is_empty());
    assert!(
        suggestions.iter().any(|s| s["kind"] == "service"
            && s["text"]
                .as_str()
                .is_some_and(|t| t.to_lowercase().contains("wypożycz"))),
        "{body}"
    );
    let categories = app.get_json("/api/v1/suggest?q=reha").await;
    assert!(
        categories["suggestions"]
            .as_array()
            .expect("list")
            .iter()
            .any(|s| s["kind"] == "category" && s["id"] == "rehabilitation")
    );
    assert_eq!(
        app.get_json("/api/v1/suggest?q=").await["suggestions"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn an_imported_offer_is_searchable_at_once() {
    let app = spawn_app_with(Options {
        seed: "none",
        ..Options::default()
    })
    .await;
    let id = "f1111111-1111-4111-8111-111111111111";
    let record = polish_record(
        id,
        "Hipoterapia dla dzieci z porażeniem",
        "6e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
        "5260250274",
    );
    let report: Value = app
        .import_hsds(Value::from(vec![record]).to_string())
        .await
        .json()
        .await
        .expect("report");
    assert_eq!(report["created"], 1);
    let body = search(&app, "hipoterapii").await;
    assert_eq!(body["items"][0]["id"], id);
}

#[tokio::test]
async fn bad_search_parameters_are_problems_not_crashes() {
    let app = spawn_app().await;
    let cases: Vec<(String, &str)> = vec![
        ("page=-1".into(), "invalid_page"),
        ("per_page=10000".into(), "invalid_per_page"),
        ("lat=200&lon=21".into(), "invalid_geo"),
        ("lat=52".into(), "invalid_geo"),
        ("sort=distance".into(), "invalid_geo"),
        ("radius_km=5".into(), "invalid_geo"),
        ("lat=52&lon=21&radius_km=-1".into(), "invalid_geo"),
        ("lat=NaN&lon=21".into(), "invalid_geo"),
        ("sort=random".into(), "invalid_sort"),
        ("category=nonsense".into(), "invalid_filter"),
        ("municipality=0000000".into(), "invalid_filter"),
        ("cost=cheap".into(), "invalid_filter"),
        ("age=-3".into(), "invalid_age"),
        ("age=500".into(), "invalid_age"),
        ("open_now=maybe".into(), "invalid_boolean"),
        ("colour=red".into(), "unknown_parameter"),
        ("q=%22opieka".into(), "invalid_query"),
        ("q=(opieka".into(), "invalid_query"),
        ("q=opieka]".into(), "invalid_query"),
    ];
    for (query, code) in cases {
        let response = app
            .client
            .get(format!("{}/api/v1/search?{query}", app.address))
            .send()
            .await
            .expect("request");
        assert_problem(response, 400, code).await;
    }
    for q in [
        "gdzie przenocować?",
        "door-to-door",
        "24/7 telefon",
        "a:b OR c^2 ~ * \\",
        "\"opieka\" (dzienna)",
        "😀",
        "ÿ",
    ] {
        let body = search(&app, q).await;
        assert!(body["total"].is_u64(), "{q}");
    }
    let open = app.get_json("/api/v1/search?q=telefon&open_now=true").await;
    assert!(open["total"].is_u64());
}
