//! Search a person in crisis can trust (issue 15): needs before words, safety first with the
//! helplines pinned, no false corrections, corrections applied and said, explanations for
//! staff, the needs table edited over the API, and any input answered without a 500.

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_sibling};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

async fn search(app: &TestApp, q: &str, extra: &[(&str, &str)]) -> Value {
    let mut query = vec![("q", q), ("per_page", "5")];
    query.extend_from_slice(extra);
    let response = app
        .client
        .get(format!("{}/api/v1/search", app.address))
        .query(&query)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200, "{q}");
    response.json().await.expect("JSON")
}

fn names(body: &Value, n: usize) -> Vec<String> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .take(n)
        .map(|i| i["name"].as_str().unwrap_or("").to_lowercase())
        .collect()
}

fn need_codes(body: &Value) -> Vec<String> {
    body["needs"]
        .as_array()
        .expect("needs")
        .iter()
        .map(|n| n["code"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn pinned_numbers(body: &Value) -> Vec<String> {
    body["pinned"]["helplines"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|h| h["number"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Categories of every demo service, by id.
fn categories() -> BTreeMap<String, Vec<String>> {
    let seed: Value =
        serde_json::from_str(include_str!("../../seed-data/directory.json")).expect("seed");
    seed["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| {
            let cats = s["categories"]
                .as_array()
                .expect("categories")
                .iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect();
            (s["id"].as_str().unwrap_or("").to_owned(), cats)
        })
        .collect()
}

#[tokio::test]
async fn a_person_in_danger_is_shown_what_helps_now_with_the_helplines() {
    let app = spawn_app().await;
    for q in ["przemoc w domu", "przmoc w domu", "ojciec pije i bije mame"] {
        let body = search(&app, q, &[]).await;
        assert_eq!(
            need_codes(&body).first().map(String::as_str),
            Some("violence"),
            "{q}"
        );
        let top = names(&body, 3);
        assert!(
            top.iter().all(|n| !n.contains("stosujących przemoc")),
            "{q}: a perpetrators' programme leads: {top:?}"
        );
        let numbers = pinned_numbers(&body);
        for number in ["112", "800120002"] {
            assert!(numbers.iter().any(|n| n == number), "{q}: {numbers:?}");
        }
        assert!(
            body["pinned"]["information_point"]["phone"].is_string(),
            "{q}: the local information point is pinned"
        );
    }
    let body = search(&app, "nie chcę już żyć", &[]).await;
    assert_eq!(
        need_codes(&body).first().map(String::as_str),
        Some("suicide")
    );
    let numbers = pinned_numbers(&body);
    for number in ["112", "116123", "800702222"] {
        assert!(numbers.iter().any(|n| n == number), "{numbers:?}");
    }
    let cats = categories();
    for item in body["items"].as_array().expect("items").iter().take(3) {
        let own = &cats[item["id"].as_str().expect("id")];
        assert!(
            !own.iter().any(|c| c == "volunteering"),
            "volunteering before help: {}",
            item["name"]
        );
    }
    // No safety need: nothing pinned.
    let calm = search(&app, "żłobek", &[]).await;
    assert!(calm.get("pinned").is_none(), "{calm}");
}

#[tokio::test]
async fn correct_words_stay_and_misspellings_are_searched_as_meant() {
    let app = spawn_app().await;
    for (q, never) in [
        ("ojciec pije i bije mame", "pije i pije"),
        ("nie mam gdzie spać", "stać"),
        ("stroke care at home", "stron"),
    ] {
        let body = search(&app, q, &[]).await;
        let corrected = body["corrected_to"].as_str().unwrap_or("");
        assert!(!corrected.contains(never), "{q} → {corrected}");
        assert!(
            body["corrections"].as_array().is_none_or(|c| c
                .iter()
                .all(|c| c["typed"] != "bije" && c["typed"] != "stroke")),
            "{body}"
        );
    }
    let body = search(&app, "psycholok dla nastolatka", &[]).await;
    assert_eq!(body["corrected_to"], "psycholog dla nastolatka", "{body}");
    assert!(
        names(&body, 3).iter().any(|n| n.contains("psycholog")),
        "{body}"
    );
    assert_eq!(body["did_you_mean"], body["corrected_to"]);
    let typed = search(&app, "psycholok dla nastolatka", &[("as_typed", "true")]).await;
    assert!(typed.get("corrected_to").is_none(), "{typed}");
    // Synonyms and needs fire without Polish letters.
    let body = search(&app, "brak pieniedzy", &[]).await;
    assert!(need_codes(&body).contains(&"no_money".to_owned()), "{body}");
    assert!(
        !body["expansions"]
            .as_array()
            .expect("expansions")
            .is_empty()
    );
    let body = search(&app, "pomoc dla ukraincow", &[]).await;
    assert!(need_codes(&body).contains(&"migrants".to_owned()), "{body}");
    let cats = categories();
    let first = body["items"][0]["id"].as_str().expect("a result");
    assert!(
        cats[first].iter().any(|c| c == "migrant_integration"),
        "{body}"
    );
}

#[tokio::test]
async fn stories_are_answered_by_the_need_not_by_shared_words() {
    let app = spawn_app().await;
    let cats = categories();
    for q in [
        "tata po udarze leży w łóżku",
        "babcia po udarze potrzebuje opieki",
        "nie mam za co żyć",
    ] {
        let body = search(&app, q, &[]).await;
        let top = names(&body, 3);
        assert!(
            top.iter().all(|n| !n.contains(" i ja")),
            "{q}: a family class leads: {top:?}"
        );
        let first = body["items"][0]["id"].as_str().expect("a result");
        let wanted: &[&str] = if q.starts_with("nie mam") {
            &["financial_aid"]
        } else {
            &["home_care", "specialised_care", "respite_care"]
        };
        assert!(
            cats[first].iter().any(|c| wanted.contains(&c.as_str())),
            "{q}: {top:?}"
        );
    }
}

#[tokio::test]
async fn explanations_are_for_cus_staff() {
    let app = spawn_app().await;
    let anonymous = app
        .client
        .get(format!(
            "{}/api/v1/search?q=opieka&explain=true",
            app.address
        ))
        .send()
        .await
        .expect("request");
    assert_problem(anonymous, 401, "unauthorized").await;
    let liaison = app
        .token_for(
            "explain-liaison@example.pl",
            "liaison",
            &["--organization", "b5fa9371-c42e-47f0-a4fc-bdbb06a259fd"],
        )
        .await;
    let refused = app
        .request(
            Method::GET,
            "/api/v1/search?q=opieka&explain=true",
            &liaison,
        )
        .send()
        .await
        .expect("request");
    assert_problem(refused, 403, "forbidden").await;
    let desk = app.token_for("desk@example.pl", "front_desk", &[]).await;
    let body = app
        .call_json(
            Method::GET,
            "/api/v1/search?q=przmoc%20w%20domu&explain=true",
            &desk,
        )
        .await;
    let first = &body["items"][0]["explain"];
    assert_eq!(first["needs"][0]["need"], "violence", "{body}");
    assert_eq!(first["needs"][0]["role"], "direct");
    assert!(
        first["words"]
            .as_array()
            .expect("words")
            .iter()
            .any(|w| w["query"] == "przmoc" && w["via"] == "typo"),
        "{first}"
    );
    assert!(
        !first["categories"]
            .as_array()
            .expect("categories")
            .is_empty()
    );
    let plain = search(&app, "opieka", &[]).await;
    assert!(plain["items"][0].get("explain").is_none());
}

#[tokio::test]
async fn coordinators_edit_the_needs_table_without_reindexing() {
    let app = spawn_app().await;
    let sibling = spawn_sibling(&app);
    let table = app.get_json("/api/v1/needs").await;
    assert_eq!(table["table_version"], 0);
    assert!(table["needs"].as_array().expect("needs").len() >= 12);
    for line in table["helplines"].as_array().expect("helplines") {
        assert!(
            line["source"]
                .as_str()
                .expect("source")
                .starts_with("https://")
        );
    }
    let mut edited = table.clone();
    edited["needs"].as_array_mut().expect("needs").push(json!({
        "code": "animals",
        "label": {"pl": "Zwierzęta"},
        "triggers": {"pl": ["dogoterapia"]},
        "direct": ["rehabilitation"]
    }));
    let coordinator = app.token_for("needs@example.pl", "coordinator", &[]).await;
    let desk = app
        .token_for("needs-desk@example.pl", "front_desk", &[])
        .await;
    let refused = app
        .call(Method::PUT, "/api/v1/needs", &desk, Some(edited.clone()))
        .await;
    assert_problem(refused, 403, "forbidden").await;
    let mut broken = edited.clone();
    broken["needs"][0]["direct"] = json!(["no_such_category"]);
    let invalid = app
        .call(Method::PUT, "/api/v1/needs", &coordinator, Some(broken))
        .await;
    let problem = assert_problem(invalid, 422, "validation_failed").await;
    assert_eq!(
        problem["errors"][0]["pointer"], "/needs/0/direct",
        "{problem}"
    );
    let stored = app
        .call(Method::PUT, "/api/v1/needs", &coordinator, Some(edited))
        .await;
    assert_eq!(stored.status(), 200);
    let stored: Value = stored.json().await.expect("JSON");
    assert_eq!(stored["table_version"], 1);
    let body = search(&app, "dogoterapia", &[]).await;
    assert_eq!(
        need_codes(&body),
        ["animals"],
        "in force at once, no reindex"
    );
    // The other instance takes the edit up within its sync interval.
    let started = Instant::now();
    while need_codes(&search(&sibling, "dogoterapia", &[]).await) != ["animals"] {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the sibling never took the edited table up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn any_query_answers_200_or_a_clear_400() {
    let app = spawn_app().await;
    let long = "opieka nad mamą ".repeat(100);
    let cases = [
        "!!!???...",
        "😀😀😀",
        "opieka 🧓 dla babci",
        "\u{0007}\u{001b}[31m opieka",
        "pomoc ПОМОЩЬ help",
        "opieka AND przemoc",
        "opiek* ~2 title:pomoc",
        "a:b:c",
        "'; DROP TABLE services; --",
        "NOT OR AND",
        "\u{200b}\u{feff}",
        long.as_str(),
    ];
    for q in cases {
        let response = app
            .client
            .get(format!("{}/api/v1/search", app.address))
            .query(&[("q", q)])
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        assert!(status == 200 || status == 400, "{q:?}: {status}");
        if status == 400 {
            let problem: Value = response.json().await.expect("problem");
            assert!(problem["code"].is_string(), "{q:?}");
        } else if q == long {
            let body: Value = response.json().await.expect("JSON");
            assert!(
                body["notice"].as_str().is_some_and(|n| n.contains("500")),
                "{body}"
            );
        }
    }
}

#[tokio::test]
async fn the_embed_page_shows_the_helplines_and_what_it_searched() {
    let app = spawn_app().await;
    let page = app
        .get("/embed?q=przemoc%20w%20domu")
        .await
        .text()
        .await
        .expect("html");
    let pinned = page.find("class=\"pinned\"").expect("pinned block");
    let results = page.find("id=\"results\"").expect("results");
    assert!(pinned < results, "the helplines come above the results");
    assert!(page.contains("href=\"tel:112\""));
    assert!(page.contains("href=\"tel:800120002\""));
    let uk = app
        .get("/embed?q=przemoc%20w%20domu&lang=uk")
        .await
        .text()
        .await
        .expect("html");
    assert!(
        uk.contains("Потрібна допомога зараз?"),
        "in the page's language"
    );
    let corrected = app
        .get("/embed?q=psycholok")
        .await
        .text()
        .await
        .expect("html");
    assert!(corrected.contains("Pokazuję wyniki dla:"), "{corrected}");
    assert!(
        corrected.contains("as_typed=1"),
        "a link back to the words as typed"
    );
    let calm = app
        .get("/embed?q=%C5%BC%C5%82obek")
        .await
        .text()
        .await
        .expect("html");
    assert!(!calm.contains("class=\"pinned\""));
}

/// Phrasings of tests/relevance/phrasings.json that may still miss one of their checks (the
/// closing note of issue 15 lists them); every safety phrasing must pass its need and pinned
/// checks, whatever this says.
const PHRASINGS_MAY_MISS: usize = 20;

#[tokio::test]
async fn resident_phrasings_hit_their_need_and_lead_with_the_right_help() {
    let app = spawn_app().await;
    let cats = categories();
    let table: Value =
        serde_json::from_str(include_str!("../relevance/phrasings.json")).expect("phrasings");
    let needs: Value =
        serde_json::from_str(include_str!("../../seed-data/needs.json")).expect("needs");
    let safety: Vec<&str> = needs["needs"]
        .as_array()
        .expect("needs")
        .iter()
        .filter(|n| n["safety"] == true)
        .filter_map(|n| n["code"].as_str())
        .collect();
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut missed = Vec::new();
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 60, "at least 60 phrasings");
    for case in cases {
        let q = case["query"].as_str().expect("query");
        let need = case["need"].as_str().expect("need");
        let body = search(&app, q, &[]).await;
        let mut why = Vec::new();
        if !need_codes(&body).iter().any(|c| c == need) {
            why.push(format!(
                "need {need} not recognized: {:?}",
                need_codes(&body)
            ));
        }
        if case["pinned"] == true && pinned_numbers(&body).is_empty() {
            why.push("no helplines pinned".to_owned());
        }
        let (lead, not_lead, not_names) = (
            list(&case["lead"]),
            list(&case["not_lead"]),
            list(&case["not_names"]),
        );
        let top: Vec<&Value> = body["items"]
            .as_array()
            .expect("items")
            .iter()
            .take(3)
            .collect();
        if top.len() < 3 {
            why.push(format!("only {} results", top.len()));
        }
        for item in top {
            let name = item["name"].as_str().unwrap_or("").to_lowercase();
            let own = &cats[item["id"].as_str().expect("id")];
            if !own.iter().any(|c| lead.contains(c)) {
                why.push(format!("not leading help: {name} {own:?}"));
            }
            if !own.is_empty() && own.iter().all(|c| not_lead.contains(c)) {
                why.push(format!("must not lead: {name}"));
            }
            if not_names.iter().any(|n| name.contains(n.as_str())) {
                why.push(format!("harmful for this person: {name}"));
            }
        }
        if !why.is_empty() {
            let critical = safety.contains(&need)
                && why
                    .iter()
                    .any(|w| w.starts_with("need") || w.starts_with("no helplines"));
            assert!(!critical, "safety phrasing {q:?}: {why:?}");
            missed.push(format!("{q}: {}", why.join("; ")));
        }
    }
    println!(
        "{} of {} phrasings miss a check:",
        missed.len(),
        cases.len()
    );
    for m in &missed {
        println!("  {m}");
    }
    assert!(
        missed.len() <= PHRASINGS_MAY_MISS,
        "{} phrasings miss (at most {PHRASINGS_MAY_MISS} may)",
        missed.len()
    );
}
