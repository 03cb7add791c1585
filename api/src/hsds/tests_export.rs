//! Tests of the HSDS export: schema validity, stable output, round trip through the import.

use super::tests_import::hsds_file;
use super::{service_from_hsds, service_to_hsds};
use crate::directory::{
    Cost, DeliveryMode, Liaison, LiaisonContact, Location, OpeningHours, Organization,
    OrganizationKind, OrganizationSummary, ScheduleException, Service, ServiceStatus, ServiceView,
};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x5e1f_0000_0000_4000_8000_0000_0000_0000 + n)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn organization() -> Organization {
    let liaison = |n, first: &str, last: &str, deputy| Liaison {
        id: id(n),
        first_name: first.into(),
        last_name: last.into(),
        role: Some("Koordynatorka".into()),
        email: Some(format!(
            "{}@example.org",
            last.to_lowercase().replace('ń', "n")
        )),
        phone: Some("+48600100200".into()),
        deputy_id: deputy,
    };
    Organization {
        id: id(1),
        name: "Fundacja Dobry Dzień".into(),
        short_name: Some("Dobry Dzień".into()),
        kind: OrganizationKind::Ngo,
        description: None,
        municipality: Some("1434022".into()),
        email: Some("biuro@example.org".into()),
        phone: Some("+48225550101".into()),
        website: Some("https://dobrydzien.example.org".into()),
        krs: Some("0000123456".into()),
        nip: Some("5261040828".into()),
        regon: Some("123456785".into()),
        locations: vec![
            Location {
                id: id(10),
                name: Some("Dom Dziennego Pobytu".into()),
                street: Some("ul. Lipowa 3".into()),
                postal_code: Some("05-200".into()),
                city: Some("Wołomin".into()),
                municipality: Some("1434091".into()),
                latitude: Some(52.3486),
                longitude: Some(21.2428),
                accessibility: Some("Wejście bez progów, winda, toaleta dostępna.".into()),
            },
            Location {
                id: id(11),
                name: Some("Biuro".into()),
                street: None,
                postal_code: None,
                city: Some("Zielonka".into()),
                municipality: None,
                latitude: None,
                longitude: None,
                accessibility: None,
            },
        ],
        liaisons: vec![
            liaison(20, "Ewa", "Zielińska", Some(id(21))),
            liaison(21, "Jan Paweł", "Kot", None),
        ],
        extra: Map::new(),
    }
}

fn view(org: &Organization) -> ServiceView {
    let service = Service {
        id: id(100),
        organization_id: org.id,
        name: "Opieka wytchnieniowa".into(),
        alternate_name: Some("Odpoczynek dla opiekuna".into()),
        description: Some("Kilka godzin opieki, gdy opiekun odpoczywa.".into()),
        areas: vec!["disability".into()],
        categories: vec!["respite_care".into(), "home_care".into()],
        target_groups: vec!["carers".into(), "disabled".into()],
        eligibility: Some("Opiekunowie osób z niepełnosprawnościami.".into()),
        min_age: Some(18),
        max_age: None,
        cost: Some(Cost::PartlyPaid),
        cost_note: Some("Odpłatność zależna od dochodu.".into()),
        means_tested: true,
        languages: vec!["pl".into(), "uk".into()],
        delivery_modes: vec![DeliveryMode::Home, DeliveryMode::InPerson],
        capacity: Some(30),
        status: ServiceStatus::TemporarilyClosed,
        valid_from: Some(date("2025-01-01")),
        valid_to: Some(date("2026-12-31")),
        last_verified_at: Some(date("2025-10-01")),
        application: Some("Zadzwoń do koordynatorki.".into()),
        waiting_days: Some(14),
        url: Some("https://dobrydzien.example.org/wytchnienie".into()),
        email: Some("wytchnienie@example.org".into()),
        phone: Some("+48225550102".into()),
        municipalities: vec!["1434091".into(), "1434022".into()],
        location_ids: vec![id(10)],
        liaison_id: Some(id(21)),
        schedule: vec![
            OpeningHours {
                weekday: 1,
                opens: "08:00".into(),
                closes: "16:00".into(),
            },
            OpeningHours {
                weekday: 3,
                opens: "08:00".into(),
                closes: "12:00".into(),
            },
            OpeningHours {
                weekday: 3,
                opens: "13:00".into(),
                closes: "18:00".into(),
            },
            OpeningHours {
                weekday: 6,
                opens: "10:00".into(),
                closes: "24:00".into(),
            },
        ],
        schedule_exceptions: vec![ScheduleException {
            date: date("2025-12-24"),
            closed: true,
            opens: None,
            closes: None,
            note: Some("Wigilia".into()),
        }],
        extra: Map::new(),
    };
    ServiceView {
        organization: OrganizationSummary {
            id: org.id,
            name: org.name.clone(),
            kind: org.kind,
            phone: org.phone.clone(),
            email: org.email.clone(),
            website: org.website.clone(),
        },
        locations: org
            .locations
            .iter()
            .filter(|l| service.location_ids.contains(&l.id))
            .cloned()
            .collect(),
        liaison: org
            .liaisons
            .iter()
            .find(|l| Some(l.id) == service.liaison_id)
            .map(LiaisonContact::from),
        service,
    }
}

fn assert_valid(document: &Value) {
    let schema = hsds_file("compiled/service.json");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn export_validates_against_the_hsds_schema_and_is_stable() {
    let org = organization();
    let document = service_to_hsds(&view(&org), &org);
    assert_valid(&document);
    assert_eq!(document["status"], "temporarily closed");
    assert_eq!(
        document["organization"]["organization_identifiers"][1]["identifier_scheme"],
        "PL-NIP"
    );
    let address = &document["service_at_locations"][0]["location"]["addresses"][0];
    assert_eq!(address["state_province"], "mazowieckie");
    assert_eq!(address["country"], "PL");
    assert_eq!(document["contacts"][0]["name"], "Jan Paweł Kot");
    assert_eq!(document["schedules"].as_array().unwrap().len(), 4);
    assert!(document.get("last_modified").is_none());
    let again = serde_json::to_string(&service_to_hsds(&view(&org), &org)).unwrap();
    assert_eq!(serde_json::to_string(&document).unwrap(), again);
}

#[test]
fn export_then_import_gives_the_same_service_and_organization() {
    let org = organization();
    let original = view(&org);
    let imported = service_from_hsds(service_to_hsds(&original, &org)).unwrap();
    assert_eq!(imported.organization.as_ref(), Some(&org));
    assert_eq!(imported.organization_id, org.id);
    assert_eq!(imported.service, original.service);
    assert!(
        imported.service.extra.is_empty(),
        "{:?}",
        imported.service.extra
    );
}

#[test]
fn minimal_service_exports_validly_and_round_trips() {
    let mut org = organization();
    org.locations.clear();
    org.liaisons.clear();
    (org.krs, org.nip, org.regon, org.municipality, org.phone) = (None, None, None, None, None);
    org.kind = OrganizationKind::Cus;
    org.name = "Centrum Usług Społecznych w Zielonce".into();
    let mut view = view(&org);
    let service = &mut view.service;
    (service.location_ids, service.liaison_id, service.schedule) = (vec![], None, vec![]);
    (service.cost, service.means_tested, service.languages) = (None, false, vec![]);
    (service.categories, service.areas, service.target_groups) = (vec![], vec![], vec![]);
    service.schedule_exceptions.clear();
    service.status = ServiceStatus::Active;
    view.locations.clear();
    view.liaison = None;
    let document = service_to_hsds(&view, &org);
    assert_valid(&document);
    let imported = service_from_hsds(document).unwrap();
    assert_eq!(imported.organization.as_ref(), Some(&org));
    assert_eq!(imported.service, view.service);
}

#[test]
fn imported_example_exports_validly() {
    let imported = service_from_hsds(hsds_file("examples/service_full.json")).unwrap();
    let org = imported.organization.unwrap();
    let service = imported.service;
    let view = ServiceView {
        organization: OrganizationSummary {
            id: org.id,
            name: org.name.clone(),
            kind: org.kind,
            phone: org.phone.clone(),
            email: org.email.clone(),
            website: org.website.clone(),
        },
        locations: org.locations.clone(),
        liaison: None,
        service,
    };
    let document = service_to_hsds(&view, &org);
    assert_valid(&document);
    let location = &document["service_at_locations"][0]["location"];
    assert_eq!(location["addresses"][0]["country"], "US");
    assert_eq!(
        document["interpretation_services"],
        view.service.extra["interpretation_services"]
    );
    let again = service_from_hsds(document).unwrap();
    assert_eq!(
        again.organization.as_ref().map(|o| &o.locations),
        Some(&org.locations)
    );
    assert_eq!(again.service.languages, view.service.languages);
}
