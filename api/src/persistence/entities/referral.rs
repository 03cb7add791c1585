use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub tenant_id: Uuid,
    pub service_id: Uuid,
    pub service_name: String,
    pub organization_id: Uuid,
    pub liaison_id: Option<Uuid>,
    pub liaison_name: String,
    pub liaison_role: Option<String>,
    pub liaison_email: Option<String>,
    /// service_liaison, organization_liaison, deputy or organization.
    pub routed_to: String,
    pub status: String,
    pub decline_reason: Option<String>,
    /// Optimistic-locking version, bumped by every change.
    pub version: i32,
    /// When it must be acknowledged by.
    pub due_at: DateTimeUtc,
    pub escalated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
