use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// `service` or `organization`.
    pub kind: String,
    pub record_id: Uuid,
    /// created, updated, deleted, verified, proposed, approved, rejected.
    pub action: String,
    pub actor_id: Option<Uuid>,
    /// The actor's e-mail (`okienko` for jobs).
    pub actor: String,
    pub at: DateTimeUtc,
    /// JSON of the record before the change.
    pub previous: Option<String>,
    /// JSON of the record after the change.
    pub current: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
