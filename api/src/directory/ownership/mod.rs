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
mod tests;
