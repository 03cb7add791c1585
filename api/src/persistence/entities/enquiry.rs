use sea_orm::entity::prelude::*;

/// One contact at the front desk; nothing in it names the person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enquiries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub recorded_at: DateTimeUtc,
    pub channel: String,
    pub category: Option<String>,
    pub municipality: Option<String>,
    pub age_band: String,
    pub language: Option<String>,
    pub crisis: bool,
    pub outcome: String,
    pub referral_id: Option<Uuid>,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
