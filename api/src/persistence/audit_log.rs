//! The audit log of reads of residents' personal data: who read which case, when, why.

use super::entities::audit_entry;
use super::referrals::insert_all;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// One read of a case's personal data, for the audit log.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub actor: String,
    pub actor_id: Option<Uuid>,
    pub case_id: Uuid,
    pub action: String,
    pub at: DateTime<Utc>,
}

/// Writes who read cases' personal data (one statement). Reads are many and each must be
/// on disk before the data is shown, so they go through the group-commit writer.
impl super::writer::Batch for AuditRow {
    async fn write_all(items: &[Self], txn: &sea_orm::DatabaseTransaction) -> Result<(), DbErr> {
        let rows = items.iter().map(|r| audit_entry::ActiveModel {
            seq: NotSet,
            actor: Set(r.actor.clone()),
            actor_id: Set(r.actor_id),
            action: Set(r.action.clone()),
            case_id: Set(r.case_id),
            at: Set(r.at),
        });
        insert_all(txn, rows).await
    }
}

/// The audit trail of a case, oldest first.
pub async fn audit_of(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> Result<Vec<audit_entry::Model>, DbErr> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::CaseId.eq(case_id))
        .order_by_asc(audit_entry::Column::Seq)
        .all(db)
        .await
}
