//! Internal notes on referrals, and the notices of declined or expired referrals on staff
//! screens.

use super::entities::{referral, referral_note, staff_notice, user};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

/// A stored note.
pub type Note = referral_note::Model;
/// A stored notice.
pub type Notice = staff_notice::Model;

/// Stores a note.
pub async fn insert_note(db: &impl ConnectionTrait, note: Note) -> Result<(), DbErr> {
    referral_note::Entity::insert(referral_note::ActiveModel::from(note))
        .exec_without_returning(db)
        .await
        .map(|_| ())
}

/// A referral's notes, oldest first.
pub async fn notes_of(db: &impl ConnectionTrait, referral: Uuid) -> Result<Vec<Note>, DbErr> {
    referral_note::Entity::find()
        .filter(referral_note::Column::ReferralId.eq(referral))
        .order_by_asc(referral_note::Column::At)
        .all(db)
        .await
}

/// Deletes a referral's notes (when the case's personal data is erased).
pub async fn delete_notes(db: &impl ConnectionTrait, referrals: &[Uuid]) -> Result<(), DbErr> {
    referral_note::Entity::delete_many()
        .filter(referral_note::Column::ReferralId.is_in(referrals.iter().copied()))
        .exec(db)
        .await
        .map(|_| ())
}

/// The coordinators of a tenant: id and e-mail.
pub async fn coordinators(
    db: &impl ConnectionTrait,
    tenant: Uuid,
) -> Result<Vec<(Uuid, String)>, DbErr> {
    user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Email)
        .filter(user::Column::TenantId.eq(tenant))
        .filter(user::Column::Role.eq("coordinator"))
        .into_tuple()
        .all(db)
        .await
}

/// Puts notices on staff screens.
pub async fn insert_notices(db: &impl ConnectionTrait, notices: Vec<Notice>) -> Result<(), DbErr> {
    if notices.is_empty() {
        return Ok(());
    }
    staff_notice::Entity::insert_many(notices.into_iter().map(staff_notice::ActiveModel::from))
        .exec_without_returning(db)
        .await
        .map(|_| ())
}

/// The notices an account has not opened yet, newest first, with their referral.
pub async fn unseen_notices(
    db: &impl ConnectionTrait,
    user: Uuid,
    limit: u64,
) -> Result<Vec<(Notice, referral::Model)>, DbErr> {
    let notices = staff_notice::Entity::find()
        .filter(staff_notice::Column::UserId.eq(user))
        .filter(staff_notice::Column::SeenAt.is_null())
        .order_by_desc(staff_notice::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = notices.iter().map(|n| n.referral_id).collect();
    let referrals = referral::Entity::find()
        .filter(referral::Column::Id.is_in(ids))
        .all(db)
        .await?;
    Ok(notices
        .into_iter()
        .filter_map(|n| {
            let r = referrals.iter().find(|r| r.id == n.referral_id)?.clone();
            Some((n, r))
        })
        .collect())
}

/// Marks an account's notices about a referral as seen (writes only when there are some:
/// most page views have none, and a write would wait for the database's write lock).
pub async fn mark_seen(
    db: &impl ConnectionTrait,
    user: Uuid,
    referral: Uuid,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let unseen = staff_notice::Entity::find()
        .filter(staff_notice::Column::UserId.eq(user))
        .filter(staff_notice::Column::ReferralId.eq(referral))
        .filter(staff_notice::Column::SeenAt.is_null())
        .one(db)
        .await?;
    if unseen.is_none() {
        return Ok(());
    }
    staff_notice::Entity::update_many()
        .col_expr(staff_notice::Column::SeenAt, Expr::value(at))
        .filter(staff_notice::Column::UserId.eq(user))
        .filter(staff_notice::Column::ReferralId.eq(referral))
        .filter(staff_notice::Column::SeenAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// A new, unseen notice.
pub fn notice(user: Uuid, referral: Uuid, status: &str, at: DateTime<Utc>) -> Notice {
    Notice {
        id: Uuid::new_v4(),
        user_id: user,
        referral_id: referral,
        status: status.to_owned(),
        created_at: at,
        seen_at: None,
    }
}
