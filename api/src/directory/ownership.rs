//! Records belong to their parent: an organization's locations and liaisons are its own, a
//! service may name only its organization's places and people, and one id names one record
//! of one kind. Checked on every write path (partners' edits, approvals, HSDS import) against
//! what is stored, before anything is written.

use super::{Liaison, Location, Organization, Service};
use std::collections::HashMap;
use uuid::Uuid;

/// The kinds of record an id can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organization,
    Service,
    Location,
    Liaison,
    Bundle,
}

/// A record an id names, and the organization it belongs to (an organization: itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owned {
    pub kind: Kind,
    pub organization: Option<Uuid>,
}

/// What is wrong with one reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// The id names a record of another organization.
    Foreign { pointer: String },
    /// The id names a record of another kind.
    KindClash { pointer: String },
    /// The id names no record this one may refer to.
    Unknown { pointer: String },
}

impl Violation {
    /// The JSON pointer of the offending field.
    pub fn pointer(&self) -> &str {
        match self {
            Violation::Foreign { pointer }
            | Violation::KindClash { pointer }
            | Violation::Unknown { pointer } => pointer,
        }
    }
}

/// Every id an organization record carries (to look its owners up).
pub fn organization_ids(o: &Organization) -> Vec<Uuid> {
    let mut ids = vec![o.id];
    ids.extend(o.locations.iter().map(|l| l.id));
    ids.extend(o.liaisons.iter().map(|l| l.id));
    ids.extend(o.liaisons.iter().filter_map(|l| l.deputy_id));
    ids
}

/// Every id a service record carries.
pub fn service_ids(s: &Service) -> Vec<Uuid> {
    let mut ids = vec![s.id, s.organization_id];
    ids.extend(s.location_ids.iter().copied());
    ids.extend(s.liaison_id);
    ids
}

/// The stored records, and those the write being checked adds (kept apart, so that the
/// additions of a refused record can be dropped).
#[derive(Debug)]
pub struct Ledger<'a> {
    stored: &'a HashMap<Uuid, Owned>,
    added: HashMap<Uuid, Owned>,
}

impl<'a> Ledger<'a> {
    /// A ledger over the stored records.
    pub fn new(stored: &'a HashMap<Uuid, Owned>) -> Self {
        Self {
            stored,
            added: HashMap::new(),
        }
    }

    fn get(&self, id: Uuid) -> Option<Owned> {
        self.added
            .get(&id)
            .or_else(|| self.stored.get(&id))
            .copied()
    }

    /// What the checked write adds, to record once it is accepted.
    pub fn into_added(self) -> HashMap<Uuid, Owned> {
        self.added
    }
}

/// Checks an organization with its locations and liaisons; records them in the ledger so
/// that a service of the same write may refer to them.
pub fn check_organization(o: &Organization, ledger: &mut Ledger) -> Vec<Violation> {
    let mut found = Vec::new();
    claim(
        &mut found,
        ledger,
        o.id,
        Kind::Organization,
        o.id,
        "/id".into(),
    );
    found.extend(check_children(o.id, &o.locations, &o.liaisons, ledger));
    found
}

/// Checks locations and liaisons added to (or updated in) an organization.
pub fn check_children(
    organization: Uuid,
    locations: &[Location],
    liaisons: &[Liaison],
    ledger: &mut Ledger,
) -> Vec<Violation> {
    let mut found = Vec::new();
    for (i, l) in locations.iter().enumerate() {
        let pointer = format!("/locations/{i}/id");
        claim(
            &mut found,
            ledger,
            l.id,
            Kind::Location,
            organization,
            pointer,
        );
    }
    for (i, l) in liaisons.iter().enumerate() {
        let pointer = format!("/liaisons/{i}/id");
        claim(
            &mut found,
            ledger,
            l.id,
            Kind::Liaison,
            organization,
            pointer,
        );
    }
    for (i, l) in liaisons.iter().enumerate() {
        if let Some(deputy) = l.deputy_id {
            let pointer = format!("/liaisons/{i}/deputy_id");
            refer(
                &mut found,
                ledger,
                deputy,
                Kind::Liaison,
                organization,
                pointer,
            );
        }
    }
    found
}

/// Checks a service: its own id, and that its places and liaison are its organization's;
/// records it in the ledger.
pub fn check_service(s: &Service, ledger: &mut Ledger) -> Vec<Violation> {
    let mut found = Vec::new();
    match ledger.get(s.organization_id) {
        Some(o) if o.kind == Kind::Organization => {}
        Some(_) => found.push(Violation::KindClash {
            pointer: "/organization_id".into(),
        }),
        None => found.push(Violation::Unknown {
            pointer: "/organization_id".into(),
        }),
    }
    for (i, id) in s.location_ids.iter().enumerate() {
        let pointer = format!("/location_ids/{i}");
        refer(
            &mut found,
            ledger,
            *id,
            Kind::Location,
            s.organization_id,
            pointer,
        );
    }
    if let Some(id) = s.liaison_id {
        let pointer = "/liaison_id".to_owned();
        refer(
            &mut found,
            ledger,
            id,
            Kind::Liaison,
            s.organization_id,
            pointer,
        );
    }
    match ledger.get(s.id) {
        Some(other) if other.kind != Kind::Service => found.push(Violation::KindClash {
            pointer: "/id".into(),
        }),
        _ => {
            ledger.added.insert(
                s.id,
                Owned {
                    kind: Kind::Service,
                    organization: Some(s.organization_id),
                },
            );
        }
    }
    found
}

/// A record the write creates or updates under `organization`.
fn claim(
    found: &mut Vec<Violation>,
    ledger: &mut Ledger,
    id: Uuid,
    kind: Kind,
    organization: Uuid,
    pointer: String,
) {
    match ledger.get(id) {
        Some(other) if other.kind != kind => found.push(Violation::KindClash { pointer }),
        Some(other) if other.organization != Some(organization) => {
            found.push(Violation::Foreign { pointer });
        }
        _ => {
            ledger.added.insert(
                id,
                Owned {
                    kind,
                    organization: Some(organization),
                },
            );
        }
    }
}

/// A reference to a record that must be `organization`'s.
fn refer(
    found: &mut Vec<Violation>,
    ledger: &Ledger,
    id: Uuid,
    kind: Kind,
    organization: Uuid,
    pointer: String,
) {
    match ledger.get(id) {
        Some(o) if o.kind == kind && o.organization == Some(organization) => {}
        Some(o) if o.kind == kind => found.push(Violation::Foreign { pointer }),
        _ => found.push(Violation::Unknown { pointer }),
    }
}

#[cfg(test)]
mod tests {
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
}
