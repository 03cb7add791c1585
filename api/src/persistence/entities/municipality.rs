use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "municipalities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub teryt: String,
    pub name: String,
    pub kind: Option<String>,
    pub county: Option<String>,
    pub voivodeship: Option<String>,
    /// The tenant (CUS) serving it; `None` is the default tenant.
    pub tenant_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
