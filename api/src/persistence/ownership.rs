//! Which stored record an id names, and whose it is: the facts the ownership rules of
//! `directory::ownership` are checked against.

use super::entities::{bundle, liaison, location, municipality, organization, service};
use crate::directory::ownership::{Kind, Owned};
use crate::domain::DEFAULT_TENANT;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// Ids per query.
const CHUNK: usize = 500;

/// The stored records among `ids`, of any kind, with their organization.
pub async fn owners(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Owned>, DbErr> {
    let mut found = HashMap::new();
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(CHUNK) {
        let chunk = chunk.to_vec();
        let children = [
            (
                Kind::Service,
                owned_rows::<service::Entity>(
                    db,
                    service::Column::Id,
                    service::Column::OrganizationId,
                    &chunk,
                )
                .await?,
            ),
            (
                Kind::Location,
                owned_rows::<location::Entity>(
                    db,
                    location::Column::Id,
                    location::Column::OrganizationId,
                    &chunk,
                )
                .await?,
            ),
            (
                Kind::Liaison,
                owned_rows::<liaison::Entity>(
                    db,
                    liaison::Column::Id,
                    liaison::Column::OrganizationId,
                    &chunk,
                )
                .await?,
            ),
        ];
        for (kind, rows) in children {
            found.extend(rows.into_iter().map(|(id, o)| (id, owned(kind, o))));
        }
        let organizations =
            stored_ids::<organization::Entity>(db, organization::Column::Id, &chunk).await?;
        found.extend(
            organizations
                .into_iter()
                .map(|id| (id, owned(Kind::Organization, id))),
        );
        let bundles = stored_ids::<bundle::Entity>(db, bundle::Column::Id, &chunk).await?;
        found.extend(bundles.into_iter().map(|id| {
            (
                id,
                Owned {
                    kind: Kind::Bundle,
                    organization: None,
                },
            )
        }));
    }
    Ok(found)
}

/// `(id, organization)` of the rows of `E` among `ids`.
async fn owned_rows<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: E::Column,
    organization: E::Column,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, Uuid)>, DbErr> {
    E::find()
        .select_only()
        .column(id)
        .column(organization)
        .filter(id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await
}

/// The ids of the rows of `E` among `ids`.
async fn stored_ids<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: E::Column,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, DbErr> {
    E::find()
        .select_only()
        .column(id)
        .filter(id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await
}

fn owned(kind: Kind, organization: Uuid) -> Owned {
    Owned {
        kind,
        organization: Some(organization),
    }
}

/// The tenant of every gmina that has one other than the default.
pub async fn municipality_tenants(
    db: &impl ConnectionTrait,
) -> Result<HashMap<String, Uuid>, DbErr> {
    let rows: Vec<(String, Option<Uuid>)> = municipality::Entity::find()
        .select_only()
        .column(municipality::Column::Teryt)
        .column(municipality::Column::TenantId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(teryt, tenant)| Some((teryt, tenant?)))
        .collect())
}

/// The gmina of each stored organization among `ids` (`None`: stored without one).
pub async fn organization_municipalities(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Option<String>>, DbErr> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(Uuid, Option<String>)> = organization::Entity::find()
            .select_only()
            .column(organization::Column::Id)
            .column(organization::Column::Municipality)
            .filter(organization::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}

/// The tenant a gmina belongs to (the default tenant when none other claimed it).
pub fn tenant_of(tenants: &HashMap<String, Uuid>, municipality: Option<&str>) -> Uuid {
    municipality
        .and_then(|m| tenants.get(m).copied())
        .unwrap_or(DEFAULT_TENANT)
}
