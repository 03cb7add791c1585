//! Partners' edits: deleting services, confirming them current, the history of every change
//! and the drafts that wait for a coordinator.

use super::entities::{
    bundle_service, freshness_notice, organization_draft, revision, service, service_draft,
    service_location,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

/// Deletes a service and its links; the change is logged for the indexes, as of `now`.
pub async fn delete_service(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    service_location::Entity::delete_many()
        .filter(service_location::Column::ServiceId.eq(id))
        .exec(db)
        .await?;
    bundle_service::Entity::delete_many()
        .filter(bundle_service::Column::ServiceId.eq(id))
        .exec(db)
        .await?;
    service::Entity::delete_by_id(id).exec(db).await?;
    super::record_changes(db, &[id], now).await
}

/// Records that the partner confirmed the offer is current on the day of `now`.
pub async fn set_last_verified(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    service::Entity::update_many()
        .col_expr(
            service::Column::LastVerifiedAt,
            Expr::value(Some(now.date_naive())),
        )
        .filter(service::Column::Id.eq(id))
        .exec(db)
        .await?;
    super::record_changes(db, &[id], now).await
}

/// What kind of record a revision is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Service,
    Organization,
}

impl RecordKind {
    fn as_str(self) -> &'static str {
        match self {
            RecordKind::Service => "service",
            RecordKind::Organization => "organization",
        }
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct NewRevision<'a> {
    pub kind: RecordKind,
    pub record_id: Uuid,
    pub action: &'a str,
    pub actor_id: Option<Uuid>,
    pub actor: &'a str,
    pub previous: Option<String>,
    pub current: Option<String>,
}

/// A stored revision.
pub type Revision = revision::Model;

/// Appends a revision made at `at`.
pub async fn record_revision(
    db: &impl ConnectionTrait,
    r: NewRevision<'_>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    revision::ActiveModel {
        seq: NotSet,
        kind: Set(r.kind.as_str().to_owned()),
        record_id: Set(r.record_id),
        action: Set(r.action.to_owned()),
        actor_id: Set(r.actor_id),
        actor: Set(r.actor.to_owned()),
        at: Set(at),
        previous: Set(r.previous),
        current: Set(r.current),
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The revisions of a record, newest first.
pub async fn revisions(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    record_id: Uuid,
) -> Result<Vec<Revision>, DbErr> {
    revision::Entity::find()
        .filter(revision::Column::Kind.eq(kind.as_str()))
        .filter(revision::Column::RecordId.eq(record_id))
        .order_by_desc(revision::Column::Seq)
        .all(db)
        .await
}

/// A stored draft.
pub type Draft = service_draft::Model;

/// Stores a draft, replacing an earlier one for the same service.
pub async fn upsert_draft(db: &impl ConnectionTrait, draft: Draft) -> Result<(), DbErr> {
    service_draft::Entity::delete_by_id(draft.service_id)
        .exec(db)
        .await?;
    service_draft::ActiveModel::from(draft)
        .insert(db)
        .await
        .map(|_| ())
}

/// The draft of a service.
pub async fn draft(db: &impl ConnectionTrait, service_id: Uuid) -> Result<Option<Draft>, DbErr> {
    service_draft::Entity::find_by_id(service_id).one(db).await
}

/// Every pending draft, oldest first.
pub async fn drafts(db: &impl ConnectionTrait) -> Result<Vec<Draft>, DbErr> {
    service_draft::Entity::find()
        .order_by_asc(service_draft::Column::CreatedAt)
        .all(db)
        .await
}

/// Removes a draft; whether there was one.
pub async fn delete_draft(db: &impl ConnectionTrait, service_id: Uuid) -> Result<bool, DbErr> {
    Ok(service_draft::Entity::delete_by_id(service_id)
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// A stored draft of an organization.
pub type OrganizationDraft = organization_draft::Model;

/// Stores an organization's draft, replacing an earlier one.
pub async fn upsert_organization_draft(
    db: &impl ConnectionTrait,
    draft: OrganizationDraft,
) -> Result<(), DbErr> {
    organization_draft::Entity::delete_by_id(draft.organization_id)
        .exec(db)
        .await?;
    organization_draft::ActiveModel::from(draft)
        .insert(db)
        .await
        .map(|_| ())
}

/// The draft of an organization.
pub async fn organization_draft(
    db: &impl ConnectionTrait,
    organization_id: Uuid,
) -> Result<Option<OrganizationDraft>, DbErr> {
    organization_draft::Entity::find_by_id(organization_id)
        .one(db)
        .await
}

/// Every pending organization draft, oldest first.
pub async fn organization_drafts(
    db: &impl ConnectionTrait,
) -> Result<Vec<OrganizationDraft>, DbErr> {
    organization_draft::Entity::find()
        .order_by_asc(organization_draft::Column::CreatedAt)
        .all(db)
        .await
}

/// Removes an organization's draft; whether there was one.
pub async fn delete_organization_draft(
    db: &impl ConnectionTrait,
    organization_id: Uuid,
) -> Result<bool, DbErr> {
    Ok(organization_draft::Entity::delete_by_id(organization_id)
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Ids of an organization's services.
pub async fn service_ids_of_organization(
    db: &impl ConnectionTrait,
    organization_id: Uuid,
) -> Result<Vec<Uuid>, DbErr> {
    service::Entity::find()
        .select_only()
        .column(service::Column::Id)
        .filter(service::Column::OrganizationId.eq(organization_id))
        .into_tuple()
        .all(db)
        .await
}

/// A service not confirmed since some day.
#[derive(Debug, Clone, PartialEq, Eq, sea_orm::FromQueryResult)]
pub struct Unconfirmed {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub last_verified_at: Option<NaiveDate>,
}

/// Services last confirmed before `day` (never-confirmed ones are not listed),
/// by organization and then oldest confirmation first.
pub async fn unconfirmed_since(
    db: &impl ConnectionTrait,
    day: NaiveDate,
) -> Result<Vec<Unconfirmed>, DbErr> {
    service::Entity::find()
        .select_only()
        .column(service::Column::Id)
        .column(service::Column::OrganizationId)
        .column(service::Column::Name)
        .column(service::Column::LastVerifiedAt)
        .filter(service::Column::LastVerifiedAt.lt(day))
        .order_by_asc(service::Column::OrganizationId)
        .order_by_asc(service::Column::LastVerifiedAt)
        .into_model::<Unconfirmed>()
        .all(db)
        .await
}

/// Which freshness notice to claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The reminder e-mail to the liaison.
    Reminder,
    /// Re-indexing the offer as stale.
    Stale,
}

/// Claims a notice for a service's confirmation date: true for exactly one caller per
/// (service, notice, date), whichever instance asks first.
pub async fn claim_notice(
    db: &impl ConnectionTrait,
    service_id: Uuid,
    notice: Notice,
    verified: NaiveDate,
) -> Result<bool, DbErr> {
    freshness_notice::Entity::insert(freshness_notice::ActiveModel {
        service_id: Set(service_id),
        reminded_for: Set(None),
        staled_for: Set(None),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(freshness_notice::Column::ServiceId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let column = match notice {
        Notice::Reminder => freshness_notice::Column::RemindedFor,
        Notice::Stale => freshness_notice::Column::StaledFor,
    };
    let done = freshness_notice::Entity::update_many()
        .col_expr(column, Expr::value(Some(verified)))
        .filter(freshness_notice::Column::ServiceId.eq(service_id))
        .filter(
            sea_orm::Condition::any()
                .add(column.is_null())
                .add(column.ne(verified)),
        )
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Gives a reminder claim back (its e-mail could not be sent), so a later run retries.
pub async fn release_reminder(db: &impl ConnectionTrait, service_id: Uuid) -> Result<(), DbErr> {
    freshness_notice::Entity::update_many()
        .col_expr(
            freshness_notice::Column::RemindedFor,
            Expr::value(Option::<NaiveDate>::None),
        )
        .filter(freshness_notice::Column::ServiceId.eq(service_id))
        .exec(db)
        .await
        .map(|_| ())
}
