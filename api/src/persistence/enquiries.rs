//! Storing and reading the enquiry log.

use super::entities::enquiry;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// A stored enquiry.
pub type Enquiry = enquiry::Model;

/// Stores one enquiry.
pub async fn insert_enquiry(db: &impl ConnectionTrait, e: Enquiry) -> Result<Enquiry, DbErr> {
    enquiry::ActiveModel::from(e).insert(db).await
}

/// The enquiries recorded in `from..to`, of one tenant (every tenant: `None`), oldest first.
pub async fn enquiries_between(
    db: &impl ConnectionTrait,
    tenant: Option<Uuid>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Enquiry>, DbErr> {
    let mut q = enquiry::Entity::find()
        .filter(enquiry::Column::RecordedAt.gte(from))
        .filter(enquiry::Column::RecordedAt.lt(to));
    if let Some(t) = tenant {
        q = q.filter(enquiry::Column::TenantId.eq(t));
    }
    q.order_by_asc(enquiry::Column::RecordedAt).all(db).await
}
