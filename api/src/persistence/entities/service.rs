use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "services")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    /// JSON array of area codes.
    pub areas: String,
    /// JSON array of category codes.
    pub categories: String,
    /// JSON array of target-group codes.
    pub target_groups: String,
    pub eligibility: Option<String>,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub cost: Option<String>,
    pub cost_note: Option<String>,
    pub means_tested: bool,
    /// JSON array of ISO 639-1 codes.
    pub languages: String,
    /// JSON array of delivery-mode codes.
    pub delivery_modes: String,
    pub capacity: Option<i32>,
    pub status: String,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub last_verified_at: Option<Date>,
    pub application: Option<String>,
    pub waiting_days: Option<i32>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// JSON array of TERYT codes.
    pub municipalities: String,
    pub liaison_id: Option<Uuid>,
    /// JSON array of opening hours.
    pub schedule: String,
    /// JSON array of exceptions.
    pub schedule_exceptions: String,
    /// JSON object of imported fields okienko has no column for.
    pub extra: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
