//! Ownership checks: children claimed once, services naming only their organization's records.

use super::*;
use crate::directory::{OrganizationKind, ServiceStatus};

fn org(id: Uuid, location: Uuid, liaison: Uuid) -> Organization {
    Organization {
        id,
        name: "Fundacja".into(),
        short_name: None,
        kind: OrganizationKind::Ngo,
        description: None,
        municipality: None,
        email: None,
        phone: None,
        website: None,
        krs: None,
        nip: None,
        regon: None,
        locations: vec![Location {
            id: location,
            name: None,
            street: None,
            postal_code: None,
            city: None,
            municipality: None,
            latitude: None,
            longitude: None,
            accessibility: None,
        }],
        liaisons: vec![Liaison {
            id: liaison,
            first_name: "Ewa".into(),
            last_name: "Kos".into(),
            role: None,
            email: None,
            phone: None,
            deputy_id: None,
        }],
        extra: serde_json::Map::new(),
    }
}

fn service(id: Uuid, organization: Uuid, location: Uuid, liaison: Uuid) -> Service {
    serde_json::from_value(serde_json::json!({
        "id": id, "organization_id": organization, "name": "Usługa",
        "alternate_name": null, "description": null, "areas": [], "categories": [],
        "target_groups": [], "eligibility": null, "min_age": null, "max_age": null,
        "cost": null, "cost_note": null, "means_tested": false, "languages": [],
        "delivery_modes": [], "capacity": null, "status": ServiceStatus::Active,
        "valid_from": null, "valid_to": null, "last_verified_at": null,
        "application": null, "waiting_days": null, "url": null, "email": null,
        "phone": null, "municipalities": [], "location_ids": [location],
        "liaison_id": liaison, "schedule": [], "schedule_exceptions": []
    }))
    .expect("service")
}

fn stored(entries: &[(Uuid, Kind, Uuid)]) -> HashMap<Uuid, Owned> {
    entries
        .iter()
        .map(|(id, kind, o)| {
            (
                *id,
                Owned {
                    kind: *kind,
                    organization: Some(*o),
                },
            )
        })
        .collect()
}

#[test]
fn an_organization_may_not_take_another_ones_children() {
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let (loc_b, lia_b) = (Uuid::new_v4(), Uuid::new_v4());
    let known = stored(&[
        (a, Kind::Organization, a),
        (b, Kind::Organization, b),
        (loc_b, Kind::Location, b),
        (lia_b, Kind::Liaison, b),
    ]);
    let mut ledger = Ledger::new(&known);
    let found = check_organization(&org(a, loc_b, lia_b), &mut ledger);
    assert_eq!(
        found,
        vec![
            Violation::Foreign {
                pointer: "/locations/0/id".into()
            },
            Violation::Foreign {
                pointer: "/liaisons/0/id".into()
            },
        ]
    );
    assert!(
        !ledger.into_added().contains_key(&loc_b),
        "nothing taken over"
    );
}

#[test]
fn new_children_are_claimed_and_ids_keep_their_kind() {
    let a = Uuid::new_v4();
    let service_id = Uuid::new_v4();
    let known = stored(&[(service_id, Kind::Service, a)]);
    let (loc, lia) = (Uuid::new_v4(), Uuid::new_v4());
    let mut ledger = Ledger::new(&known);
    assert!(check_organization(&org(a, loc, lia), &mut ledger).is_empty());
    let own = service(Uuid::new_v4(), a, loc, lia);
    assert!(
        check_service(&own, &mut ledger).is_empty(),
        "its own new children"
    );
    assert_eq!(ledger.into_added()[&loc].kind, Kind::Location);
    let mut ledger = Ledger::new(&known);
    let clash = check_organization(
        &org(service_id, Uuid::new_v4(), Uuid::new_v4()),
        &mut ledger,
    );
    assert_eq!(
        clash[0],
        Violation::KindClash {
            pointer: "/id".into()
        }
    );
}

#[test]
fn a_service_names_only_its_organizations_places_and_people() {
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let (loc_a, lia_a, loc_b, lia_b) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let known = stored(&[
        (a, Kind::Organization, a),
        (b, Kind::Organization, b),
        (loc_a, Kind::Location, a),
        (lia_a, Kind::Liaison, a),
        (loc_b, Kind::Location, b),
        (lia_b, Kind::Liaison, b),
    ]);
    let check = |s: &Service| check_service(s, &mut Ledger::new(&known));
    assert!(check(&service(Uuid::new_v4(), a, loc_a, lia_a)).is_empty());
    let foreign = check(&service(Uuid::new_v4(), a, loc_b, lia_b));
    assert!(
        foreign
            .iter()
            .all(|v| matches!(v, Violation::Foreign { .. }))
    );
    assert_eq!(foreign.len(), 2);
    let unknown = check(&service(Uuid::new_v4(), a, Uuid::new_v4(), lia_a));
    assert_eq!(
        unknown,
        vec![Violation::Unknown {
            pointer: "/location_ids/0".into()
        }]
    );
    let clash = check(&service(b, a, loc_a, lia_a));
    assert_eq!(
        clash,
        vec![Violation::KindClash {
            pointer: "/id".into()
        }]
    );
}
