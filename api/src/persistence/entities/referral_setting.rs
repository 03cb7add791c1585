use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral_settings")]
pub struct Model {
    /// An organization or a service.
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: Uuid,
    /// Working days to acknowledge a referral.
    pub acknowledge_days: Option<i32>,
    /// The partner's system receiving signed webhooks (organizations only).
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    /// The partner opted in to receive the resident's name and contact in webhooks (https only).
    pub webhook_personal_data: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
