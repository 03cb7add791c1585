//! Reads of organizations, municipalities and bundles.

use super::convert::{liaison_from_row, location_from_row, organization_from_row};
use super::entities::{bundle, bundle_service, liaison, location, municipality, organization};
use crate::directory::{Bundle, Location, Municipality, Organization, OrganizationKind};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Filters of `GET /api/v1/organizations`.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    /// Kind.
    pub kind: Option<OrganizationKind>,
    /// TERYT code of the seat.
    pub municipality: Option<String>,
}

async fn organizations_with_children(
    db: &impl ConnectionTrait,
    rows: Vec<organization::Model>,
) -> anyhow::Result<Vec<Organization>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut locations: HashMap<Uuid, Vec<Location>> = HashMap::new();
    for l in location::Entity::find()
        .filter(location::Column::OrganizationId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        locations
            .entry(l.organization_id)
            .or_default()
            .push(location_from_row(l));
    }
    let mut liaisons: HashMap<Uuid, Vec<_>> = HashMap::new();
    for l in liaison::Entity::find()
        .filter(liaison::Column::OrganizationId.is_in(ids))
        .order_by_asc(liaison::Column::Position)
        .all(db)
        .await?
    {
        liaisons
            .entry(l.organization_id)
            .or_default()
            .push(liaison_from_row(l));
    }
    rows.into_iter()
        .map(|r| {
            let id = r.id;
            organization_from_row(
                r,
                locations.remove(&id).unwrap_or_default(),
                liaisons.remove(&id).unwrap_or_default(),
            )
        })
        .collect()
}

/// One organization with its locations and liaisons.
pub async fn get_organization(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> anyhow::Result<Option<Organization>> {
    let Some(row) = organization::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(organizations_with_children(db, vec![row]).await?.pop())
}

/// A page of organizations (1-based), ordered by name; with the total count.
pub async fn list_organizations(
    db: &impl ConnectionTrait,
    filter: &OrganizationFilter,
    page: u64,
    per_page: u64,
) -> anyhow::Result<(Vec<Organization>, u64)> {
    let mut query = organization::Entity::find();
    if let Some(kind) = filter.kind {
        query = query.filter(organization::Column::Kind.eq(kind.as_str()));
    }
    if let Some(m) = &filter.municipality {
        query = query.filter(organization::Column::Municipality.eq(m.as_str()));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(organization::Column::Name)
        .order_by_asc(organization::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((organizations_with_children(db, rows).await?, total))
}

/// Every municipality, by name.
pub async fn list_municipalities(db: &impl ConnectionTrait) -> anyhow::Result<Vec<Municipality>> {
    Ok(municipality::Entity::find()
        .order_by_asc(municipality::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Municipality {
            teryt: m.teryt,
            name: m.name,
            kind: m.kind,
            county: m.county,
            voivodeship: m.voivodeship,
        })
        .collect())
}

/// Every bundle with its services in order.
pub async fn list_bundles(db: &impl ConnectionTrait) -> anyhow::Result<Vec<Bundle>> {
    let links = bundle_service::Entity::find()
        .order_by_asc(bundle_service::Column::Position)
        .all(db)
        .await?;
    Ok(bundle::Entity::find()
        .order_by_asc(bundle::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|b| Bundle {
            service_ids: links
                .iter()
                .filter(|l| l.bundle_id == b.id)
                .map(|l| l.service_id)
                .collect(),
            id: b.id,
            code: b.code,
            name: b.name,
            description: b.description,
        })
        .collect())
}

/// The given organizations with their locations and liaisons (missing ids are skipped).
pub async fn organizations_by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> anyhow::Result<Vec<Organization>> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let rows = organization::Entity::find()
        .filter(organization::Column::Id.is_in(unique))
        .all(db)
        .await?;
    organizations_with_children(db, rows).await
}

/// Which of `ids` are stored organizations.
pub async fn existing_organization_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> anyhow::Result<HashSet<Uuid>> {
    let rows: Vec<Uuid> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .filter(organization::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Number of stored organizations.
pub async fn count_organizations(db: &impl ConnectionTrait) -> anyhow::Result<u64> {
    Ok(organization::Entity::find().count(db).await?)
}
