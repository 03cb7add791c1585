//! The demo directory in `seed-data/directory.json`, loaded into an empty database.

use crate::directory::{
    Bundle, Cost, DeliveryMode, Liaison, Location, Municipality, OpeningHours, Organization,
    OrganizationKind, ScheduleException, Service, ServiceStatus, validate,
};
use crate::persistence;
use crate::services::indexing;
use anyhow::{Context, bail};
use chrono::{DateTime, NaiveDate, Utc};
use okienko_search::SearchIndex;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use std::sync::Arc;
use uuid::Uuid;

const DIRECTORY_JSON: &str = include_str!("../../../seed-data/directory.json");

/// The seed file's shape (documented in `seed-data/README.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedDirectory {
    /// The CUS the data describes.
    pub tenant: SeedTenant,
    /// Gminy served.
    pub municipalities: Vec<Municipality>,
    /// Providers.
    pub organizations: Vec<SeedOrganization>,
    /// Offers.
    pub services: Vec<SeedService>,
    /// Bundles.
    pub bundles: Vec<SeedBundle>,
}

/// A bundle as written in the seed file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedBundle {
    id: Uuid,
    code: String,
    name: String,
    description: Option<String>,
    services: Vec<Uuid>,
}

impl From<SeedBundle> for Bundle {
    fn from(b: SeedBundle) -> Self {
        Bundle {
            id: b.id,
            code: b.code,
            name: b.name,
            description: b.description,
            service_ids: b.services,
        }
    }
}

/// The CUS's names.
#[derive(Debug, Deserialize)]
pub struct SeedTenant {
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: String,
}

/// An organization as written in the seed file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOrganization {
    id: Uuid,
    name: String,
    short_name: Option<String>,
    kind: OrganizationKind,
    description: Option<String>,
    municipality: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    krs: Option<String>,
    nip: Option<String>,
    regon: Option<String>,
    locations: Vec<Location>,
    liaisons: Vec<SeedLiaison>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedLiaison {
    id: Uuid,
    first_name: String,
    last_name: String,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    deputy: Option<Uuid>,
}

/// A service as written in the seed file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedService {
    id: Uuid,
    organization: Uuid,
    name: String,
    description: Option<String>,
    areas: Vec<String>,
    categories: Vec<String>,
    target_groups: Vec<String>,
    eligibility: Option<String>,
    min_age: Option<u32>,
    max_age: Option<u32>,
    cost: Option<Cost>,
    cost_note: Option<String>,
    means_tested: bool,
    languages: Vec<String>,
    delivery_modes: Vec<DeliveryMode>,
    capacity: Option<u32>,
    status: ServiceStatus,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    last_verified: Option<NaiveDate>,
    application: Option<String>,
    waiting_days: Option<u32>,
    url: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    locations: Vec<Uuid>,
    liaison: Option<Uuid>,
    schedule: Vec<OpeningHours>,
    schedule_exceptions: Vec<ScheduleException>,
}

impl From<SeedOrganization> for Organization {
    fn from(o: SeedOrganization) -> Self {
        Organization {
            id: o.id,
            name: o.name,
            short_name: o.short_name,
            kind: o.kind,
            description: o.description,
            municipality: o.municipality,
            email: o.email,
            phone: o.phone,
            website: o.website,
            krs: o.krs,
            nip: o.nip,
            regon: o.regon,
            locations: o.locations,
            liaisons: o
                .liaisons
                .into_iter()
                .map(|l| Liaison {
                    id: l.id,
                    first_name: l.first_name,
                    last_name: l.last_name,
                    role: l.role,
                    email: l.email,
                    phone: l.phone,
                    deputy_id: l.deputy,
                })
                .collect(),
            extra: Default::default(),
        }
    }
}

impl SeedService {
    /// The service; it serves the gminy of its locations, or of its organization's seat.
    fn into_service(self, organization: &Organization) -> Service {
        let mut municipalities: Vec<String> = organization
            .locations
            .iter()
            .filter(|l| self.locations.contains(&l.id))
            .filter_map(|l| l.municipality.clone())
            .collect();
        municipalities.sort();
        municipalities.dedup();
        if municipalities.is_empty() {
            municipalities.extend(organization.municipality.clone());
        }
        Service {
            id: self.id,
            organization_id: self.organization,
            name: self.name,
            alternate_name: None,
            description: self.description,
            areas: self.areas,
            categories: self.categories,
            target_groups: self.target_groups,
            eligibility: self.eligibility,
            min_age: self.min_age,
            max_age: self.max_age,
            cost: self.cost,
            cost_note: self.cost_note,
            means_tested: self.means_tested,
            languages: self.languages,
            delivery_modes: self.delivery_modes,
            capacity: self.capacity,
            status: self.status,
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            last_verified_at: self.last_verified,
            application: self.application,
            waiting_days: self.waiting_days,
            url: self.url,
            email: self.email,
            phone: self.phone,
            municipalities,
            location_ids: self.locations,
            liaison_id: self.liaison,
            schedule: self.schedule,
            schedule_exceptions: self.schedule_exceptions,
            extra: Default::default(),
        }
    }
}

/// The demo directory, parsed and validated.
pub struct Demo {
    /// Name of the CUS (the default tenant).
    pub tenant_name: String,
    /// Gminy.
    pub municipalities: Vec<Municipality>,
    /// Providers.
    pub organizations: Vec<Organization>,
    /// Offers.
    pub services: Vec<Service>,
    /// Bundles.
    pub bundles: Vec<Bundle>,
}

/// Parses and validates the demo directory compiled into the binary.
pub fn demo() -> anyhow::Result<Demo> {
    directory(DIRECTORY_JSON).context("seed-data/directory.json")
}

/// Parses and validates a directory in the format of `seed-data/directory.json`.
pub fn directory(json: &str) -> anyhow::Result<Demo> {
    let seed: SeedDirectory = serde_json::from_str(json)?;
    let organizations: Vec<Organization> = seed
        .organizations
        .into_iter()
        .map(Organization::from)
        .collect();
    let mut services = Vec::with_capacity(seed.services.len());
    for s in seed.services {
        let Some(org) = organizations.iter().find(|o| o.id == s.organization) else {
            bail!(
                "seed service {} names unknown organization {}",
                s.id,
                s.organization
            );
        };
        services.push(s.into_service(org));
    }
    let mut problems = Vec::new();
    for o in &organizations {
        problems.extend(
            validate::organization(o)
                .into_iter()
                .map(|e| format!("organization {}: {e:?}", o.id)),
        );
    }
    for s in &services {
        problems.extend(
            validate::service(s)
                .into_iter()
                .map(|e| format!("service {}: {e:?}", s.id)),
        );
    }
    if !problems.is_empty() {
        bail!("seed data is invalid:\n{}", problems.join("\n"));
    }
    let bundles: Vec<Bundle> = seed.bundles.into_iter().map(Bundle::from).collect();
    for b in &bundles {
        if let Some(missing) = b
            .service_ids
            .iter()
            .find(|id| !services.iter().any(|s| s.id == **id))
        {
            bail!("bundle {} names unknown service {missing}", b.code);
        }
    }
    Ok(Demo {
        tenant_name: seed.tenant.name,
        municipalities: seed.municipalities,
        organizations,
        services,
        bundles,
    })
}

/// Loads the demo directory, or the directory in `file`, as of `now`, when the database
/// holds no organization yet; returns whether it did.
pub async fn load_if_empty(
    db: &DatabaseConnection,
    index: &Arc<SearchIndex>,
    file: Option<&std::path::Path>,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    if persistence::count_organizations(db).await? > 0 {
        return Ok(false);
    }
    let demo = match file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(anyhow::Error::from)
            .and_then(|json| directory(&json))
            .with_context(|| format!("seed file {}", path.display()))?,
        None => demo()?,
    };
    let txn = crate::persistence::begin_write(db).await?;
    persistence::accounts::rename_tenant(&txn, crate::access::DEFAULT_TENANT, &demo.tenant_name)
        .await?;
    persistence::upsert_municipalities(&txn, &demo.municipalities).await?;
    persistence::upsert_organizations(&txn, &demo.organizations, now).await?;
    persistence::upsert_services(&txn, &demo.services, now).await?;
    persistence::upsert_bundles(&txn, &demo.bundles).await?;
    txn.commit().await?;
    let ids: Vec<Uuid> = demo.services.iter().map(|s| s.id).collect();
    indexing::index_services(db, index, &ids, now).await?;
    tracing::info!(
        organizations = demo.organizations.len(),
        services = ids.len(),
        "demo directory loaded"
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::vocabulary;
    use std::collections::HashSet;

    #[test]
    fn demo_directory_is_valid_and_complete() {
        let demo = demo().expect("seed data parses and validates");
        assert_eq!(demo.municipalities.len(), 2);
        assert!(
            demo.organizations.len() >= 60,
            "{}",
            demo.organizations.len()
        );
        assert!(demo.services.len() >= 200, "{}", demo.services.len());
        let kinds: HashSet<_> = demo.organizations.iter().map(|o| o.kind).collect();
        assert_eq!(kinds.len(), OrganizationKind::ALL.len());
        assert!(
            demo.organizations.iter().all(|o| !o.liaisons.is_empty()),
            "every organization has a liaison"
        );
        let v = vocabulary();
        for area in &v.areas {
            assert!(
                demo.services.iter().any(|s| s.areas.contains(&area.code)),
                "area {}",
                area.code
            );
        }
        for category in v.categories.iter().filter(|c| c.kpres == Some(true)) {
            assert!(
                demo.services
                    .iter()
                    .any(|s| s.categories.contains(&category.code)),
                "KPRES {}",
                category.code
            );
        }
        assert!(demo.bundles.iter().any(|b| b.code == "RODZINA+"));
        assert!(demo.bundles.iter().any(|b| b.code == "POMOC+"));
    }
}
