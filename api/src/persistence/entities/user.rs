use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lowercase.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub role: String,
    pub tenant_id: Uuid,
    /// Set for liaisons only.
    pub organization_id: Option<Uuid>,
    /// Failed logins since the last success.
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    /// Set while the account still has a generated one-time password.
    pub must_change_password: bool,
    pub created_at: DateTimeUtc,
    /// Raised whenever the account's sessions must end (logout everywhere, password, role,
    /// organization or disabling); access tokens carry the version they were issued at.
    pub token_version: i32,
    /// A disabled account cannot log in and its tokens are refused.
    pub disabled: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
