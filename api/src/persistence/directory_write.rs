//! Writes: idempotent upserts keyed by the records' (HSDS) ids.

use super::convert::{liaison_row, location_row, organization_row, service_row};
use super::entities::{
    bundle, bundle_service, liaison, location, municipality, organization, service,
    service_location,
};
use crate::directory::{Bundle, Liaison, Location, Municipality, Organization, Service};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IdenStatic, Iterable, QueryFilter,
    QuerySelect,
    sea_query::OnConflict,
};
use std::collections::HashSet;
use uuid::Uuid;

/// Rows per INSERT statement: well under SQLite's bound-variable limit for the widest table.
const ROWS_PER_STATEMENT: usize = 200;

/// `ON CONFLICT (key) DO UPDATE` every column but the key and `keep`.
fn update_all_but<C: Iterable + IdenStatic + sea_orm::sea_query::IntoIden + Copy>(
    key: &[C],
    keep: &[C],
) -> OnConflict {
    let named = |list: &[C], c: &C| list.iter().any(|k| k.as_str() == c.as_str());
    let updated: Vec<C> = C::iter()
        .filter(|c| !named(key, c) && !named(keep, c))
        .collect();
    let mut on_conflict = OnConflict::columns(key.iter().copied());
    if updated.is_empty() {
        on_conflict.do_nothing();
    } else {
        on_conflict.update_columns(updated);
    }
    on_conflict
}

async fn insert_chunked<E, A>(
    db: &impl ConnectionTrait,
    rows: Vec<A>,
    on_conflict: &OnConflict,
) -> Result<(), DbErr>
where
    E: EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        E::insert_many(chunk)
            .on_conflict(on_conflict.clone())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Inserts or updates municipalities by TERYT code.
pub async fn upsert_municipalities(
    db: &impl ConnectionTrait,
    items: &[Municipality],
) -> Result<(), DbErr> {
    let rows: Vec<municipality::ActiveModel> = items
        .iter()
        .map(|m| municipality::ActiveModel {
            teryt: Set(m.teryt.clone()),
            name: Set(m.name.clone()),
            kind: Set(m.kind.clone()),
            county: Set(m.county.clone()),
            voivodeship: Set(m.voivodeship.clone()),
            tenant_id: NotSet,
        })
        .collect();
    insert_chunked(
        db,
        rows,
        &update_all_but(
            &[municipality::Column::Teryt],
            &[municipality::Column::TenantId],
        ),
    )
    .await
}

/// Inserts or updates organizations with their locations and liaisons (never deletes any),
/// as of `now`.
pub async fn upsert_organizations(
    db: &impl ConnectionTrait,
    items: &[Organization],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = items.iter().map(|o| organization_row(o, now)).collect();
    let keep = [organization::Column::CreatedAt];
    insert_chunked(
        db,
        rows,
        &update_all_but(&[organization::Column::Id], &keep),
    )
    .await?;
    let locations = items
        .iter()
        .flat_map(|o| o.locations.iter().map(|l| location_row(l, o.id)))
        .collect();
    insert_chunked(db, locations, &update_all_but(&[location::Column::Id], &[])).await?;
    let liaisons = items
        .iter()
        .flat_map(|o| {
            o.liaisons
                .iter()
                .zip(0..)
                .map(|(l, position)| liaison_row(l, o.id, position))
        })
        .collect();
    insert_chunked(db, liaisons, &update_all_but(&[liaison::Column::Id], &[])).await
}

/// Adds or updates locations and liaisons of an organization that is already stored; the
/// liaisons go after its existing ones, so its default liaison stays the same.
pub async fn upsert_organization_children(
    db: &impl ConnectionTrait,
    organization_id: Uuid,
    locations: &[Location],
    liaisons: &[Liaison],
) -> Result<(), DbErr> {
    let rows = locations
        .iter()
        .map(|l| location_row(l, organization_id))
        .collect();
    insert_chunked(db, rows, &update_all_but(&[location::Column::Id], &[])).await?;
    let rows = liaisons
        .iter()
        .zip(APPENDED_LIAISON_POSITION..)
        .map(|(l, position)| liaison_row(l, organization_id, position))
        .collect();
    let keep = [liaison::Column::Position];
    insert_chunked(db, rows, &update_all_but(&[liaison::Column::Id], &keep)).await
}

/// Position of liaisons added to an organization from service-level data.
const APPENDED_LIAISON_POSITION: i32 = 1000;

/// Inserts or updates services; their location links are replaced by the given ones, and
/// the change is logged for the other instances' indexes, as of `now`.
pub async fn upsert_services(
    db: &impl ConnectionTrait,
    items: &[Service],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = items.iter().map(|s| service_row(s, now)).collect();
    let keep = [service::Column::CreatedAt];
    insert_chunked(db, rows, &update_all_but(&[service::Column::Id], &keep)).await?;
    let ids: Vec<Uuid> = items.iter().map(|s| s.id).collect();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        service_location::Entity::delete_many()
            .filter(service_location::Column::ServiceId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    let links = items
        .iter()
        .flat_map(|s| {
            s.location_ids
                .iter()
                .zip(0..)
                .map(|(l, position)| service_location::ActiveModel {
                    service_id: Set(s.id),
                    location_id: Set(*l),
                    position: Set(position),
                })
        })
        .collect();
    let key = [
        service_location::Column::ServiceId,
        service_location::Column::LocationId,
    ];
    insert_chunked(db, links, &update_all_but(&key, &[])).await?;
    super::record_changes(db, &ids, now).await
}

/// Inserts or updates bundles by id; their service lists are replaced.
pub async fn upsert_bundles(db: &impl ConnectionTrait, items: &[Bundle]) -> Result<(), DbErr> {
    let rows = items
        .iter()
        .map(|b| bundle::ActiveModel {
            id: Set(b.id),
            code: Set(b.code.clone()),
            name: Set(b.name.clone()),
            description: Set(b.description.clone()),
        })
        .collect();
    insert_chunked(db, rows, &update_all_but(&[bundle::Column::Id], &[])).await?;
    for b in items {
        bundle_service::Entity::delete_many()
            .filter(bundle_service::Column::BundleId.eq(b.id))
            .exec(db)
            .await?;
    }
    let links = items
        .iter()
        .flat_map(|b| {
            b.service_ids
                .iter()
                .zip(0..)
                .map(|(s, position)| bundle_service::ActiveModel {
                    bundle_id: Set(b.id),
                    service_id: Set(*s),
                    position: Set(position),
                })
        })
        .collect();
    let key = [
        bundle_service::Column::BundleId,
        bundle_service::Column::ServiceId,
    ];
    insert_chunked(db, links, &update_all_but(&key, &[])).await
}

/// Which of `ids` are already stored as services.
pub async fn existing_service_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashSet<Uuid>, DbErr> {
    let mut found = HashSet::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT * 4) {
        let rows: Vec<Uuid> = service::Entity::find()
            .select_only()
            .column(service::Column::Id)
            .filter(service::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}
