use sea_orm::entity::prelude::*;

/// A referral that was declined or expired, on the screen of a member of staff answerable
/// for it until they open it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_notices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub referral_id: Uuid,
    /// The status reached: `declined` or `expired`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub seen_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
