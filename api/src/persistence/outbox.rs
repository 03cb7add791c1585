//! The outbox: notifications written in the transaction of the change they announce, leased
//! by delivery workers, marked delivered, failed or cancelled, and purged of personal data.

use super::entities::outbox;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

/// A stored notification.
pub type OutboxItem = outbox::Model;

/// A notification to deliver.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub kind: &'static str,
    pub referral_id: Option<Uuid>,
    pub tenant_id: Uuid,
    pub payload: String,
    pub at: DateTime<Utc>,
    /// When delivery is first tried, on the delivery clock (see `claim_due`).
    pub next_attempt_at: DateTime<Utc>,
}

/// Puts notifications in the outbox (in the caller's transaction, one statement).
pub async fn enqueue(db: &impl ConnectionTrait, ns: Vec<NewNotification>) -> Result<(), DbErr> {
    if ns.is_empty() {
        return Ok(());
    }
    let rows = ns.into_iter().map(|n| outbox::ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(n.kind.to_owned()),
        referral_id: Set(n.referral_id),
        tenant_id: Set(n.tenant_id),
        payload: Set(n.payload),
        attempts: Set(0),
        next_attempt_at: Set(n.next_attempt_at),
        locked_until: Set(None),
        delivered_at: Set(None),
        failed_at: Set(None),
        last_error: Set(None),
        created_at: Set(n.at),
    });
    outbox::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await
        .map(|_| ())
}

/// Leases up to `limit` notifications due at `now` to this worker until `lease_until`. On
/// PostgreSQL the candidates are locked with `FOR UPDATE SKIP LOCKED`, so several instances
/// never take the same row; everywhere the lease is set only where no live lease exists.
/// Deliveries run on the system clock, never on a test clock, so that moving business time
/// neither stalls retries nor frees a delivery in flight.
pub async fn claim_due(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<OutboxItem>, DbErr> {
    let txn = super::begin_write(db).await?;
    let due = Condition::all()
        .add(outbox::Column::DeliveredAt.is_null())
        .add(outbox::Column::FailedAt.is_null())
        .add(outbox::Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(outbox::Column::LockedUntil.is_null())
                .add(outbox::Column::LockedUntil.lt(now)),
        );
    let ids: Vec<Uuid> = if txn.get_database_backend() == DbBackend::Postgres {
        let rows = txn
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT id FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL \
                 AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until < $1) \
                 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED",
                [now.into(), i64::try_from(limit).unwrap_or(i64::MAX).into()],
            ))
            .await?;
        rows.iter()
            .filter_map(|r| r.try_get::<Uuid>("", "id").ok())
            .collect()
    } else {
        outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Id)
            .filter(due.clone())
            .order_by_asc(outbox::Column::NextAttemptAt)
            .limit(limit)
            .into_tuple()
            .all(&txn)
            .await?
    };
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        let done = outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(Some(lease_until)))
            .filter(outbox::Column::Id.eq(id))
            .filter(due.clone())
            .exec(&txn)
            .await?;
        if done.rows_affected == 1 {
            claimed.push(id);
        }
    }
    let items = outbox::Entity::find()
        .filter(outbox::Column::Id.is_in(claimed))
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(items)
}

/// Whether a notification is still to be delivered (not delivered, given up or cancelled).
pub async fn is_pending(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, DbErr> {
    Ok(outbox::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|n| n.delivered_at.is_none() && n.failed_at.is_none()))
}

/// Marks a notification delivered, keeping only `kept` of its payload (what the audit needs).
pub async fn mark_delivered(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
    kept: String,
) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::DeliveredAt, Expr::value(Some(at)))
        .col_expr(outbox::Column::Payload, Expr::value(kept))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(Expr::value(1)),
        )
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Records a failed attempt: retry at `next`, or give up (`next` = None).
pub async fn mark_attempt_failed(
    db: &impl ConnectionTrait,
    id: Uuid,
    error: &str,
    next: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut update = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(Expr::value(1)),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Some(error.to_owned())),
        )
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match next {
        Some(next) => update.col_expr(outbox::Column::NextAttemptAt, Expr::value(next)),
        None => update.col_expr(outbox::Column::FailedAt, Expr::value(Some(at))),
    };
    update
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// The notifications about these referrals, for erasing them.
pub async fn notifications_of(
    db: &impl ConnectionTrait,
    referrals: &[Uuid],
) -> Result<Vec<OutboxItem>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::ReferralId.is_in(referrals.iter().copied()))
        .all(db)
        .await
}

/// Replaces a notification's payload with `kept`; one not yet delivered is cancelled at `at`
/// (it will never be sent, retries included).
pub async fn purge_notification(
    db: &impl ConnectionTrait,
    id: Uuid,
    kept: String,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Payload, Expr::value(kept.clone()))
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::FailedAt, Expr::value(Some(at)))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Some("cancelled: the personal data was erased".to_owned())),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::DeliveredAt.is_null())
        .filter(outbox::Column::FailedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// E-mails of the coordinators of a tenant.
pub async fn coordinator_emails(
    db: &impl ConnectionTrait,
    tenant: Uuid,
) -> Result<Vec<String>, DbErr> {
    let coordinators = super::referral_desk::coordinators(db, tenant).await?;
    Ok(coordinators.into_iter().map(|(_, email)| email).collect())
}
