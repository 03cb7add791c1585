use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// SHA-256 (hex) of the tracking code; the code itself is never stored.
    pub tracking_hash: String,
    /// The resident's need in their words (personal data).
    pub need: Option<String>,
    pub municipality: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// `email` or `phone`.
    pub preferred: Option<String>,
    pub consent_text_version: String,
    pub consent_given_at: DateTimeUtc,
    pub consent_withdrawn_at: Option<DateTimeUtc>,
    pub anonymized_at: Option<DateTimeUtc>,
    /// The staff account that registered it for a caller.
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// When its last referral ended.
    pub closed_at: Option<DateTimeUtc>,
    /// The language the resident reads (`pl`, `uk`, `en`); Polish when absent.
    pub language: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
