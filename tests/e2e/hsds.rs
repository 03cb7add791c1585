//! HSDS 3.0 import (counts, idempotency, invalid records) and export (schema-valid).

use crate::helpers::{Options, TestApp, hsds_dir, spawn_app, spawn_app_with};
use serde_json::{Value, json};

/// A valid Polish HSDS service record.
pub fn polish_record(id: &str, name: &str, org_id: &str, nip: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": "Pomoc w codziennych czynnościach w domu: zakupy, sprzątanie, wizyty u lekarza.",
        "status": "active",
        "email": "uslugi@przystan.example",
        "organization": {
            "id": org_id,
            "name": "Fundacja Przystań Testowa",
            "description": "Fundacja wspierająca seniorów.",
            "organization_identifiers": [
                {"id": "6c1b0c2e-6c5a-4f3e-9d7e-1a2b3c4d5e6f", "identifier_type": "NIP", "identifier": nip}
            ]
        },
        "service_at_locations": [{
            "id": format!("e{}", &id[1..]),
            "location": {
                "id": "7d0e8f9a-1b2c-4d3e-8f4a-5b6c7d8e9f0a",
                "location_type": "physical",
                "name": "Siedziba",
                "latitude": 52.1,
                "longitude": 21.28,
                "addresses": [{
                    "id": "8e1f9a0b-2c3d-4e4f-9a5b-6c7d8e9f0a1b",
                    "address_1": "ul. Lipowa 12",
                    "city": "Brzozowiec",
                    "state_province": "mazowieckie",
                    "postal_code": "05-901",
                    "country": "PL",
                    "address_type": "physical"
                }]
            }
        }],
        "schedules": [{"id": "9f2a0b1c-3d4e-4f5a-8b6c-7d8e9f0a1b2c", "freq": "WEEKLY", "byday": "MO,WE", "opens_at": "08:00", "closes_at": "15:30"}],
        "languages": [{"id": "0a3b1c2d-4e5f-4a6b-9c7d-8e9f0a1b2c3d", "code": "pl", "name": "polski"}],
        "contacts": [{"id": "1b4c2d3e-5f6a-4b7c-8d8e-9f0a1b2c3d4e", "name": "Joanna Testowa", "title": "koordynatorka", "email": "j.testowa@przystan.example"}]
    })
}

fn official_example() -> Value {
    let text = std::fs::read_to_string(hsds_dir().join("examples/service_full.json"))
        .expect("HSDS example");
    serde_json::from_str(&text).expect("example JSON")
}

const VALID_NIP: &str = "5260250274";

#[tokio::test]
async fn import_counts_new_updated_and_invalid_records_and_is_idempotent() {
    let app = spawn_app_with(Options {
        seed: "none",
        ..Options::default()
    })
    .await;
    let org = "3f6d2c1b-0a9e-4d8c-b7f6-e5d4c3b2a190";
    let a = "a1111111-1111-4111-8111-111111111111";
    let b = "b2222222-2222-4222-8222-222222222222";
    let bad_nip = "c3333333-3333-4333-8333-333333333333";
    let nameless = "d4444444-4444-4444-8444-444444444444";
    let mut without_name = polish_record(nameless, "x", org, VALID_NIP);
    without_name.as_object_mut().expect("object").remove("name");
    let records = |a_name: &str| {
        json!([
            polish_record(a, a_name, org, VALID_NIP),
            polish_record(b, "Wypożyczalnia sprzętu rehabilitacyjnego", org, VALID_NIP),
            official_example(),
            polish_record(
                bad_nip,
                "Zła usługa",
                "4f6d2c1b-0a9e-4d8c-b7f6-e5d4c3b2a191",
                "1234567890"
            ),
            without_name,
            42
        ])
    };

    let first: Value = app
        .import_hsds(records("Usługi opiekuńcze w domu").to_string())
        .await
        .json()
        .await
        .expect("report");
    assert_eq!(
        (
            first["received"].as_u64(),
            first["created"].as_u64(),
            first["updated"].as_u64(),
            first["invalid"].as_u64()
        ),
        (Some(6), Some(3), Some(0), Some(3)),
        "{first:#}"
    );
    let errors = first["errors"].as_array().expect("errors");
    let codes_of = |id: &str| -> Vec<String> {
        errors
            .iter()
            .filter(|e| e["id"] == id)
            .flat_map(|e| e["errors"].as_array().cloned().unwrap_or_default())
            .map(|f| f["code"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    assert!(
        codes_of(bad_nip).contains(&"invalid_nip".to_owned()),
        "{errors:?}"
    );
    assert!(
        codes_of(nameless).contains(&"missing_field".to_owned()),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e["index"] == 5),
        "the non-object record is reported by position"
    );

    assert_eq!(app.get_json("/api/v1/services").await["total"], 3);
    assert_eq!(app.get_json("/ready").await["indexed_services"], 3);
    let imported = app.get_json(&format!("/api/v1/services/{a}")).await;
    assert_eq!(imported["name"], "Usługi opiekuńcze w domu");
    assert_eq!(imported["organization"]["id"], org);
    assert_eq!(imported["locations"][0]["postal_code"], "05-901");
    assert_eq!(imported["liaison"]["name"], "Joanna Testowa");
    assert_eq!(imported["schedule"].as_array().map(Vec::len), Some(2));
    let example_id = official_example()["id"].as_str().expect("id").to_owned();
    assert_eq!(
        app.get_json(&format!("/api/v1/services/{example_id}"))
            .await["id"],
        example_id.as_str()
    );

    let again: Value = app
        .import_hsds(records("Usługi opiekuńcze — nowa nazwa").to_string())
        .await
        .json()
        .await
        .expect("report");
    assert_eq!(
        (
            again["created"].as_u64(),
            again["updated"].as_u64(),
            again["invalid"].as_u64()
        ),
        (Some(0), Some(3), Some(3)),
        "{again:#}"
    );
    assert_eq!(
        app.get_json("/api/v1/services").await["total"],
        3,
        "no duplicates"
    );
    assert_eq!(app.get_json("/api/v1/organizations").await["total"], 2);
    assert_eq!(
        app.get_json(&format!("/api/v1/services/{a}")).await["name"],
        "Usługi opiekuńcze — nowa nazwa"
    );

    let lines = [
        polish_record(a, "Usługi opiekuńcze w domu", org, VALID_NIP),
        polish_record(b, "Wypożyczalnia", org, VALID_NIP),
    ]
    .iter()
    .map(Value::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    let jsonl: Value = app.import_hsds(lines).await.json().await.expect("report");
    assert_eq!(
        (
            jsonl["received"].as_u64(),
            jsonl["created"].as_u64(),
            jsonl["updated"].as_u64()
        ),
        (Some(2), Some(0), Some(2))
    );
    assert_eq!(app.get_json("/ready").await["indexed_services"], 3);
}

fn service_schema() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(hsds_dir().join("compiled/service.json")).expect("compiled schema");
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

/// Asserts every record validates; returns how many were checked.
pub fn assert_valid_hsds(records: &[Value]) -> usize {
    let validator = service_schema();
    for record in records {
        let errors: Vec<String> = validator
            .iter_errors(record)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "service {} is not valid HSDS: {errors:#?}",
            record["id"]
        );
    }
    records.len()
}

pub async fn export_pages(app: &TestApp) -> (Vec<Value>, u64) {
    let mut all = Vec::new();
    let mut total_items = 0;
    for page in 1.. {
        let body = app
            .get_json(&format!("/hsds/services?per_page=100&page={page}"))
            .await;
        total_items = body["total_items"].as_u64().expect("total_items");
        assert_eq!(body["page_number"], page);
        assert_eq!(body["first_page"], page == 1);
        assert_eq!(
            body["size"].as_u64(),
            body["contents"].as_array().map(|c| c.len() as u64)
        );
        assert_eq!(
            body["total_pages"].as_u64(),
            Some(total_items.div_ceil(100))
        );
        all.extend(
            body["contents"]
                .as_array()
                .expect("contents")
                .iter()
                .cloned(),
        );
        if body["last_page"] == true {
            assert_eq!(body["empty"], false);
            break;
        }
    }
    (all, total_items)
}

#[tokio::test]
async fn export_of_the_whole_seed_validates_against_the_hsds_schema_and_round_trips() {
    let app = spawn_app().await;
    let (exported, total) = export_pages(&app).await;
    assert_eq!(exported.len() as u64, total);
    assert!(assert_valid_hsds(&exported) >= 200);

    let id = exported[7]["id"].as_str().expect("id");
    assert_eq!(
        app.get_json(&format!("/hsds/services/{id}")).await,
        exported[7]
    );

    // Importing our own export into an empty directory recreates the same services.
    let copy = spawn_app_with(Options {
        seed: "none",
        ..Options::default()
    })
    .await;
    let report: Value = copy
        .import_hsds(Value::from(exported.clone()).to_string())
        .await
        .json()
        .await
        .expect("report");
    assert_eq!(
        (report["created"].as_u64(), report["invalid"].as_u64()),
        (Some(total), Some(0)),
        "{report:#}"
    );
    for record in exported.iter().step_by(23) {
        let path = format!("/api/v1/services/{}", record["id"].as_str().expect("id"));
        assert_eq!(
            copy.get_json(&path).await,
            app.get_json(&path).await,
            "{path} survives the round trip"
        );
    }
}
