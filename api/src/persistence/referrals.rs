//! Cases, referrals, their events, idempotency keys and used links.

use super::entities::{case, idempotency_key, referral, referral_event, used_link};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

pub type Case = case::Model;
pub type Referral = referral::Model;
pub type ReferralEvent = referral_event::Model;

/// Stores cases (one statement).
pub async fn insert_cases(db: &impl ConnectionTrait, cases: Vec<Case>) -> Result<(), DbErr> {
    insert_all::<case::Entity, _>(db, cases.into_iter().map(case::ActiveModel::from)).await
}

/// Stores referrals (one statement).
pub async fn insert_referrals(db: &impl ConnectionTrait, rs: Vec<Referral>) -> Result<(), DbErr> {
    insert_all::<referral::Entity, _>(db, rs.into_iter().map(referral::ActiveModel::from)).await
}

/// Inserts rows in one statement (none: no statement).
pub(super) async fn insert_all<E: EntityTrait, A: ActiveModelTrait<Entity = E>>(
    db: &impl ConnectionTrait,
    rows: impl IntoIterator<Item = A>,
) -> Result<(), DbErr> {
    let rows: Vec<A> = rows.into_iter().collect();
    if rows.is_empty() {
        return Ok(());
    }
    E::insert_many(rows)
        .exec_without_returning(db)
        .await
        .map(|_| ())
}

/// One transition to record.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub referral_id: Uuid,
    pub from: Option<String>,
    pub to: String,
    pub actor: String,
    pub actor_id: Option<Uuid>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// Appends transitions (one statement).
pub async fn insert_events(db: &impl ConnectionTrait, events: Vec<NewEvent>) -> Result<(), DbErr> {
    let rows = events.into_iter().map(|e| referral_event::ActiveModel {
        seq: NotSet,
        referral_id: Set(e.referral_id),
        from_status: Set(e.from),
        to_status: Set(e.to),
        actor: Set(e.actor),
        actor_id: Set(e.actor_id),
        note: Set(e.note),
        at: Set(e.at),
    });
    insert_all::<referral_event::Entity, _>(db, rows).await
}

/// The transitions of a referral, oldest first.
pub async fn events_of(
    db: &impl ConnectionTrait,
    referral_id: Uuid,
) -> Result<Vec<ReferralEvent>, DbErr> {
    referral_event::Entity::find()
        .filter(referral_event::Column::ReferralId.eq(referral_id))
        .order_by_asc(referral_event::Column::Seq)
        .all(db)
        .await
}

/// The case with this tracking-code hash.
pub async fn case_by_tracking(
    db: &impl ConnectionTrait,
    hash: &str,
) -> Result<Option<Case>, DbErr> {
    case::Entity::find()
        .filter(case::Column::TrackingHash.eq(hash))
        .one(db)
        .await
}

/// A case.
pub async fn case_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Case>, DbErr> {
    case::Entity::find_by_id(id).one(db).await
}

/// The referrals of a case, in creation order.
pub async fn referrals_of_case(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> Result<Vec<Referral>, DbErr> {
    referral::Entity::find()
        .filter(referral::Column::CaseId.eq(case_id))
        .order_by_asc(referral::Column::CreatedAt)
        .order_by_asc(referral::Column::Id)
        .all(db)
        .await
}

/// A referral.
pub async fn referral_by_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<Referral>, DbErr> {
    referral::Entity::find_by_id(id).one(db).await
}

/// What a transition changes besides the status.
#[derive(Debug, Clone, Default)]
pub struct StatusChange {
    pub decline_reason: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Moves a referral to `to` if it is still at `version` (optimistic locking); whether it did.
pub async fn update_status(
    db: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    to: &str,
    change: StatusChange,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut update = referral::Entity::update_many()
        .col_expr(referral::Column::Status, Expr::value(to))
        .col_expr(referral::Column::Version, Expr::value(version + 1))
        .col_expr(referral::Column::UpdatedAt, Expr::value(at));
    if let Some(reason) = change.decline_reason {
        update = update.col_expr(referral::Column::DeclineReason, Expr::value(Some(reason)));
    }
    if let Some(t) = change.acknowledged_at {
        update = update.col_expr(referral::Column::AcknowledgedAt, Expr::value(Some(t)));
    }
    if let Some(t) = change.closed_at {
        update = update.col_expr(referral::Column::ClosedAt, Expr::value(Some(t)));
    }
    let done = update
        .filter(referral::Column::Id.eq(id))
        .filter(referral::Column::Version.eq(version))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Marks a case closed (its last referral ended) at `at`, unless it is already.
pub async fn close_case(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    case::Entity::update_many()
        .col_expr(case::Column::ClosedAt, Expr::value(Some(at)))
        .filter(case::Column::Id.eq(id))
        .filter(case::Column::ClosedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// Erases the personal data of a case, keeping what statistics need.
pub async fn anonymize_case(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
    consent_withdrawn: bool,
) -> Result<(), DbErr> {
    let none = Option::<String>::None;
    let mut update = case::Entity::update_many()
        .col_expr(case::Column::Need, Expr::value(none.clone()))
        .col_expr(case::Column::ContactName, Expr::value(none.clone()))
        .col_expr(case::Column::ContactEmail, Expr::value(none.clone()))
        .col_expr(case::Column::ContactPhone, Expr::value(none))
        .col_expr(case::Column::AnonymizedAt, Expr::value(Some(at)));
    if consent_withdrawn {
        update = update.col_expr(case::Column::ConsentWithdrawnAt, Expr::value(Some(at)));
    }
    update
        .filter(case::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Cases closed before `cutoff` whose personal data is still kept.
pub async fn cases_to_purge(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<Vec<Uuid>, DbErr> {
    case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .filter(case::Column::ClosedAt.lt(cutoff))
        .filter(case::Column::AnonymizedAt.is_null())
        .into_tuple()
        .all(db)
        .await
}

/// Which referrals to list.
#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    pub tenant: Option<Uuid>,
    pub organization: Option<Uuid>,
    pub service: Option<Uuid>,
    /// Any of these statuses (none: every status).
    pub statuses: Vec<String>,
    /// Due before this moment.
    pub due_before: Option<DateTime<Utc>>,
    pub escalated: bool,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
}

fn select_referrals(f: &ReferralFilter) -> sea_orm::Select<referral::Entity> {
    let mut q = referral::Entity::find();
    if let Some(t) = f.tenant {
        q = q.filter(referral::Column::TenantId.eq(t));
    }
    if let Some(o) = f.organization {
        q = q.filter(referral::Column::OrganizationId.eq(o));
    }
    if let Some(s) = f.service {
        q = q.filter(referral::Column::ServiceId.eq(s));
    }
    if !f.statuses.is_empty() {
        q = q.filter(referral::Column::Status.is_in(f.statuses.iter().cloned()));
    }
    if let Some(due) = f.due_before {
        q = q.filter(referral::Column::DueAt.lt(due));
    }
    if f.escalated {
        q = q.filter(referral::Column::EscalatedAt.is_not_null());
    }
    if let Some(from) = f.created_from {
        q = q.filter(referral::Column::CreatedAt.gte(from));
    }
    if let Some(to) = f.created_to {
        q = q.filter(referral::Column::CreatedAt.lt(to));
    }
    q.order_by_desc(referral::Column::CreatedAt)
        .order_by_desc(referral::Column::Id)
}

/// Referrals matching the filter, newest first.
pub async fn list_referrals(
    db: &impl ConnectionTrait,
    f: &ReferralFilter,
    limit: u64,
) -> Result<Vec<Referral>, DbErr> {
    select_referrals(f).limit(limit).all(db).await
}

/// A page (1-based) of the referrals matching the filter, newest first, and how many match.
pub async fn page_referrals(
    db: &impl ConnectionTrait,
    f: &ReferralFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Referral>, u64), DbErr> {
    let total = select_referrals(f).count(db).await?;
    let rows = select_referrals(f)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Referrals still unacknowledged past their deadline and not yet escalated.
pub async fn overdue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<Referral>, DbErr> {
    referral::Entity::find()
        .filter(referral::Column::Status.is_in(["new", "sent"]))
        .filter(referral::Column::DueAt.lt(now))
        .filter(referral::Column::EscalatedAt.is_null())
        .all(db)
        .await
}

/// Claims a referral's escalation: true for exactly one caller.
pub async fn claim_escalation(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = referral::Entity::update_many()
        .col_expr(referral::Column::EscalatedAt, Expr::value(Some(at)))
        .filter(referral::Column::Id.eq(id))
        .filter(referral::Column::EscalatedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// A stored answer to an idempotent request.
pub type IdempotentAnswer = idempotency_key::Model;

/// The answer stored for an idempotency key.
pub async fn idempotent_answer(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<IdempotentAnswer>, DbErr> {
    idempotency_key::Entity::find_by_id(key.to_owned())
        .one(db)
        .await
}

/// Stores the answers to idempotent requests (in the requests' transaction: a concurrent
/// duplicate fails on the key and its caller answers with the stored one).
pub async fn store_idempotent_answers(
    db: &impl ConnectionTrait,
    answers: Vec<IdempotentAnswer>,
) -> Result<(), DbErr> {
    let rows = answers.into_iter().map(idempotency_key::ActiveModel::from);
    insert_all::<idempotency_key::Entity, _>(db, rows).await
}

/// Records a link as used; false when it was used before.
pub async fn use_link(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = used_link::Entity::insert(used_link::ActiveModel {
        id: Set(id),
        used_at: Set(at),
    })
    .on_conflict(
        OnConflict::column(used_link::Column::Id)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(done == 1)
}

/// Whether a link was used.
pub async fn link_used(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, DbErr> {
    Ok(used_link::Entity::find_by_id(id).one(db).await?.is_some())
}

/// Opens a case again (a new referral after a decline).
pub async fn reopen_case(db: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr> {
    case::Entity::update_many()
        .col_expr(
            case::Column::ClosedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(case::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}
