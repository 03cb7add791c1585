//! Reads of services: single records, filtered pages, and keyset batches for export and reindexing.

use super::convert::{liaison_from_row, location_from_row, service_from_row};
use super::entities::{liaison, location, organization, service, service_location};
use crate::directory::{
    Cost, LiaisonContact, Location, OrganizationKind, OrganizationSummary, ServiceStatus,
    ServiceView,
};
use anyhow::Context;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Query,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Filters of `GET /api/v1/services`; every value is already validated.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// TERYT code of a served gmina.
    pub municipality: Option<String>,
    /// Delivering organization.
    pub organization: Option<Uuid>,
    /// Category code.
    pub category: Option<String>,
    /// Area code.
    pub area: Option<String>,
    /// Target-group code.
    pub target_group: Option<String>,
    /// Kind of the delivering organization.
    pub organization_kind: Option<OrganizationKind>,
    /// Cost.
    pub cost: Option<Cost>,
    /// Status.
    pub status: Option<ServiceStatus>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
}

/// `column` holds a JSON array of codes; matches rows containing `code` (codes are `[a-z_0-9]`).
fn json_array_contains(column: service::Column, code: &str) -> sea_orm::sea_query::SimpleExpr {
    column.like(format!("%\"{code}\"%"))
}

impl ServiceFilter {
    fn condition(&self) -> Condition {
        let mut c = Condition::all();
        if let Some(m) = &self.municipality {
            c = c.add(json_array_contains(service::Column::Municipalities, m));
        }
        if let Some(o) = self.organization {
            c = c.add(service::Column::OrganizationId.eq(o));
        }
        if let Some(code) = &self.category {
            c = c.add(json_array_contains(service::Column::Categories, code));
        }
        if let Some(code) = &self.area {
            c = c.add(json_array_contains(service::Column::Areas, code));
        }
        if let Some(code) = &self.target_group {
            c = c.add(json_array_contains(service::Column::TargetGroups, code));
        }
        if let Some(code) = &self.language {
            c = c.add(json_array_contains(service::Column::Languages, code));
        }
        if let Some(cost) = self.cost {
            c = c.add(service::Column::Cost.eq(cost.as_str()));
        }
        if let Some(status) = self.status {
            c = c.add(service::Column::Status.eq(status.as_str()));
        }
        if let Some(kind) = self.organization_kind {
            c = c.add(
                service::Column::OrganizationId.in_subquery(
                    Query::select()
                        .column(organization::Column::Id)
                        .from(organization::Entity)
                        .and_where(organization::Column::Kind.eq(kind.as_str()))
                        .to_owned(),
                ),
            );
        }
        c
    }
}

/// Loads locations, organizations and liaisons for service rows and assembles the views.
async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<service::Model>,
) -> anyhow::Result<Vec<ServiceView>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let org_ids: Vec<Uuid> = rows.iter().map(|r| r.organization_id).collect();
    let links = service_location::Entity::find()
        .filter(service_location::Column::ServiceId.is_in(ids.clone()))
        .order_by_asc(service_location::Column::Position)
        .all(db)
        .await?;
    let location_ids: Vec<Uuid> = links.iter().map(|l| l.location_id).collect();
    let locations: HashMap<Uuid, Location> = location::Entity::find()
        .filter(location::Column::Id.is_in(location_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, location_from_row(l)))
        .collect();
    let organizations: HashMap<Uuid, organization::Model> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let liaisons = liaison::Entity::find()
        .filter(liaison::Column::OrganizationId.is_in(org_ids))
        .order_by_asc(liaison::Column::Position)
        .all(db)
        .await?;
    let mut links_by_service: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for link in links {
        links_by_service
            .entry(link.service_id)
            .or_default()
            .push(link.location_id);
    }
    rows.into_iter()
        .map(|row| {
            let org = organizations
                .get(&row.organization_id)
                .with_context(|| format!("service {} has no organization", row.id))?;
            let location_ids = links_by_service.remove(&row.id).unwrap_or_default();
            let service = service_from_row(row, location_ids)?;
            let liaison = service
                .liaison_id
                .and_then(|id| liaisons.iter().find(|l| l.id == id))
                .or_else(|| {
                    liaisons
                        .iter()
                        .find(|l| l.organization_id == service.organization_id)
                })
                .map(|l| LiaisonContact::from(&liaison_from_row(l.clone())));
            Ok(ServiceView {
                locations: service
                    .location_ids
                    .iter()
                    .filter_map(|id| locations.get(id).cloned())
                    .collect(),
                organization: OrganizationSummary {
                    id: org.id,
                    name: org.name.clone(),
                    kind: OrganizationKind::parse(&org.kind).unwrap_or(OrganizationKind::Ngo),
                    phone: org.phone.clone(),
                    email: org.email.clone(),
                    website: org.website.clone(),
                },
                liaison,
                service,
            })
        })
        .collect()
}

/// One service with its organization, locations and liaison.
pub async fn get_service(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> anyhow::Result<Option<ServiceView>> {
    let Some(row) = service::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(views(db, vec![row]).await?.pop())
}

/// The given services, in the given order (missing ids are skipped).
pub async fn services_by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> anyhow::Result<Vec<ServiceView>> {
    let rows = service::Entity::find()
        .filter(service::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut by_id: HashMap<Uuid, ServiceView> = views(db, rows)
        .await?
        .into_iter()
        .map(|v| (v.service.id, v))
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// A page of services (1-based), ordered by name; with the total count.
pub async fn list_services(
    db: &impl ConnectionTrait,
    filter: &ServiceFilter,
    page: u64,
    per_page: u64,
) -> anyhow::Result<(Vec<ServiceView>, u64)> {
    let query = service::Entity::find().filter(filter.condition());
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(service::Column::Name)
        .order_by_asc(service::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((views(db, rows).await?, total))
}

/// Up to `limit` services with ids greater than `after`, in id order (for streaming everything).
pub async fn service_batch_after(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> anyhow::Result<Vec<ServiceView>> {
    let mut query = service::Entity::find()
        .order_by_asc(service::Column::Id)
        .limit(limit);
    if let Some(after) = after {
        query = query.filter(service::Column::Id.gt(after));
    }
    views(db, query.all(db).await?).await
}

/// Number of stored services.
pub async fn count_services(db: &impl ConnectionTrait) -> anyhow::Result<u64> {
    Ok(service::Entity::find().count(db).await?)
}

/// How many active services carry each area, category and target-group code.
pub async fn term_counts(db: &impl ConnectionTrait) -> anyhow::Result<HashMap<String, u64>> {
    let rows: Vec<(String, String, String)> = service::Entity::find()
        .select_only()
        .column(service::Column::Areas)
        .column(service::Column::Categories)
        .column(service::Column::TargetGroups)
        .filter(service::Column::Status.eq(ServiceStatus::Active.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    let mut counts = HashMap::new();
    for (areas, categories, groups) in rows {
        for (prefix, text) in [
            ("area", areas),
            ("category", categories),
            ("target_group", groups),
        ] {
            let codes: Vec<String> = serde_json::from_str(&text).context("corrupt code list")?;
            for code in codes {
                *counts.entry(format!("{prefix}:{code}")).or_insert(0) += 1;
            }
        }
    }
    Ok(counts)
}
