use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// The event id receivers deduplicate on.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `email` or `webhook`.
    pub kind: String,
    pub referral_id: Option<Uuid>,
    pub tenant_id: Uuid,
    /// JSON of what to deliver.
    pub payload: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// A worker's lease.
    pub locked_until: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    /// Gave up after the retry limit.
    pub failed_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
