//! The seeded directory over the read API.

use crate::helpers::spawn_app;
use serde_json::Value;
use std::collections::HashSet;

#[tokio::test]
async fn seeded_directory_is_served_and_indexed() {
    let app = spawn_app().await;

    let health = app.get_json("/health").await;
    assert_eq!(health["status"], "ok");

    let services = app.get_json("/api/v1/services?per_page=1").await;
    let total = services["total"].as_u64().expect("total");
    assert!(total >= 200, "seed has at least 200 services, got {total}");
    assert_eq!(services["page"], 1);
    assert_eq!(services["per_page"], 1);
    assert_eq!(services["items"].as_array().map(Vec::len), Some(1));

    let ready = app.get_json("/ready").await;
    assert_eq!(ready["status"], "ready");
    assert_eq!(
        ready["indexed_services"].as_u64(),
        Some(total),
        "every service is indexed"
    );

    let organizations = app.get_json("/api/v1/organizations?per_page=100").await;
    assert!(organizations["total"].as_u64().expect("total") >= 60);
    let kinds: HashSet<&str> = organizations["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|o| o["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.len(),
        7,
        "all organization kinds are present: {kinds:?}"
    );

    let municipalities = app.get_json("/api/v1/municipalities").await;
    assert_eq!(municipalities.as_array().map(Vec::len), Some(2));
    assert!(
        municipalities[0]["teryt"]
            .as_str()
            .is_some_and(|t| t.len() == 7)
    );

    let categories = app.get_json("/api/v1/categories").await;
    assert_eq!(categories["areas"].as_array().map(Vec::len), Some(14));
    for area in categories["areas"].as_array().expect("areas") {
        assert!(
            area["services"].as_u64() > Some(0),
            "area without services: {area}"
        );
    }
    let bundles = app.get_json("/api/v1/bundles").await;
    assert!(
        bundles
            .as_array()
            .is_some_and(|b| b.iter().any(|x| x["code"] == "RODZINA+"))
    );
}

#[tokio::test]
async fn a_service_comes_with_its_organization_places_hours_and_liaison() {
    let app = spawn_app().await;
    let page = app
        .get_json("/api/v1/services?per_page=100&category=home_care")
        .await;
    let listed = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|s| {
            s["locations"].as_array().is_some_and(|l| !l.is_empty())
                && s["schedule"].as_array().is_some_and(|h| !h.is_empty())
        })
        .expect("a home-care service with a location and hours")
        .clone();
    let id = listed["id"].as_str().expect("id");

    let service = app.get_json(&format!("/api/v1/services/{id}")).await;
    assert_eq!(service["id"], id);
    assert_eq!(service, listed, "detail and list agree");
    assert!(
        service["organization"]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    let location = &service["locations"][0];
    assert!(
        location["postal_code"]
            .as_str()
            .is_some_and(|p| p.len() == 6 && &p[2..3] == "-")
    );
    let hours = &service["schedule"][0];
    assert!((1..=7).contains(&hours["weekday"].as_u64().expect("weekday")));
    let liaison = &service["liaison"];
    assert!(
        liaison["name"].as_str().is_some_and(|n| n.contains(' ')),
        "named liaison: {liaison}"
    );
    assert!(liaison["email"].as_str().is_some() || liaison["phone"].as_str().is_some());

    let org_id = service["organization"]["id"].as_str().expect("org id");
    let organization = app
        .get_json(&format!("/api/v1/organizations/{org_id}"))
        .await;
    assert_eq!(organization["name"], service["organization"]["name"]);
    assert!(
        organization["liaisons"]
            .as_array()
            .is_some_and(|l| !l.is_empty())
    );
    let listed_by_org = app
        .get_json(&format!(
            "/api/v1/services?organization={org_id}&per_page=100"
        ))
        .await;
    assert!(
        listed_by_org["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|s| s["id"] == id)
    );
}

#[tokio::test]
async fn filters_and_paging_narrow_the_list() {
    let app = spawn_app().await;
    let all = app.get_json("/api/v1/services?per_page=100").await;
    let total = all["total"].as_u64().expect("total");

    let meals = app
        .get_json("/api/v1/services?category=meals&per_page=100")
        .await;
    let items = meals["items"].as_array().expect("items");
    assert!(!items.is_empty() && (items.len() as u64) < total);
    assert_eq!(meals["total"].as_u64(), Some(items.len() as u64));
    assert!(items.iter().all(|s| {
        s["categories"]
            .as_array()
            .expect("categories")
            .contains(&Value::from("meals"))
    }));

    let ngo = app
        .get_json("/api/v1/services?organization_kind=ngo&per_page=100")
        .await;
    assert!(
        ngo["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|s| s["organization"]["kind"] == "ngo")
    );

    let free_for_seniors = app
        .get_json("/api/v1/services?cost=free&target_group=seniors&per_page=100")
        .await;
    for s in free_for_seniors["items"].as_array().expect("items") {
        assert_eq!(s["cost"], "free");
        assert!(
            s["target_groups"]
                .as_array()
                .expect("groups")
                .contains(&Value::from("seniors"))
        );
    }

    let municipalities = app.get_json("/api/v1/municipalities").await;
    let mut by_municipality = 0;
    for m in municipalities.as_array().expect("list") {
        let teryt = m["teryt"].as_str().expect("teryt");
        let page = app
            .get_json(&format!("/api/v1/services?municipality={teryt}&per_page=1"))
            .await;
        let n = page["total"].as_u64().expect("total");
        assert!(
            n > 0 && n < total,
            "gmina {teryt} has some but not all services"
        );
        by_municipality += n;
    }
    assert!(
        by_municipality >= total,
        "every service serves at least one gmina"
    );

    let first = app.get_json("/api/v1/services?per_page=10&page=1").await;
    let second = app.get_json("/api/v1/services?per_page=10&page=2").await;
    let ids = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|s| s["id"].to_string())
            .collect()
    };
    assert_eq!(ids(&first).len(), 10);
    assert!(
        ids(&first).iter().all(|id| !ids(&second).contains(id)),
        "pages do not overlap"
    );
    let beyond = app
        .get_json(&format!(
            "/api/v1/services?per_page=100&page={}",
            total / 100 + 2
        ))
        .await;
    assert_eq!(beyond["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(beyond["total"].as_u64(), Some(total));

    let ngos = app
        .get_json("/api/v1/organizations?kind=social_enterprise&per_page=100")
        .await;
    assert!(
        ngos["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|o| o["kind"] == "social_enterprise")
    );
}
