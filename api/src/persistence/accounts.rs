//! Accounts, their refresh tokens, and tenants.

use super::entities::{municipality, organization, refresh_token, tenant, user};
use crate::domain::{DEFAULT_TENANT, Role};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

/// A stored account.
pub type Account = user::Model;

/// A new account, already validated; the password is an Argon2id hash.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    pub tenant_id: Uuid,
    pub organization_id: Option<Uuid>,
    /// The password was generated: it must be changed at first login.
    pub must_change_password: bool,
}

/// Stores an account; `Ok(None)` when the e-mail is taken.
pub async fn insert_account(
    db: &impl ConnectionTrait,
    new: NewAccount,
    now: DateTime<Utc>,
) -> Result<Option<Account>, DbErr> {
    if account_by_email(db, &new.email).await?.is_some() {
        return Ok(None);
    }
    let row = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(new.email),
        password_hash: Set(new.password_hash),
        role: Set(new.role.as_str().to_owned()),
        tenant_id: Set(new.tenant_id),
        organization_id: Set(new.organization_id),
        failed_logins: Set(0),
        locked_until: Set(None),
        must_change_password: Set(new.must_change_password),
        created_at: Set(now),
        token_version: Set(0),
        disabled: Set(false),
    };
    row.insert(db).await.map(Some)
}

/// The account with this (lowercase) e-mail.
pub async fn account_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<Account>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
}

/// The account with this id.
pub async fn account_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Account>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

/// Records a failed login in one statement (parallel attempts all count) and locks the
/// account until `lock_until` when the count reaches `max`.
pub async fn record_failed_login(
    db: &impl ConnectionTrait,
    id: Uuid,
    max: i32,
    lock_until: DateTime<Utc>,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::FailedLogins,
            Expr::col(user::Column::FailedLogins).add(1),
        )
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(user::Column::LockedUntil, Expr::value(Some(lock_until)))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::FailedLogins.gte(max))
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends every session of an account at `now`: its access tokens (by raising the token
/// version) and its refresh tokens.
pub async fn end_sessions(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::TokenVersion,
            Expr::col(user::Column::TokenVersion).add(1),
        )
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    revoke_all_sessions(db, id, now).await
}

/// What an access token is checked against: the account's token version and whether it
/// may still act (`None` when the account is gone).
pub async fn token_state(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(i32, bool)>, DbErr> {
    user::Entity::find()
        .select_only()
        .column(user::Column::TokenVersion)
        .column(user::Column::Disabled)
        .filter(user::Column::Id.eq(id))
        .into_tuple()
        .one(db)
        .await
}

/// Changes an account's role, tenant and organization, or disables it, and ends its sessions.
pub async fn update_account(
    db: &impl ConnectionTrait,
    id: Uuid,
    change: AccountChange,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut update = user::Entity::update_many();
    if let Some(role) = change.role {
        update = update.col_expr(user::Column::Role, Expr::value(role.as_str()));
    }
    if let Some(tenant) = change.tenant_id {
        update = update.col_expr(user::Column::TenantId, Expr::value(tenant));
    }
    if let Some(organization) = change.organization_id {
        update = update.col_expr(user::Column::OrganizationId, Expr::value(organization));
    }
    if let Some(disabled) = change.disabled {
        update = update.col_expr(user::Column::Disabled, Expr::value(disabled));
    }
    update.filter(user::Column::Id.eq(id)).exec(db).await?;
    end_sessions(db, id, now).await
}

/// What `update_account` changes (`None`: unchanged; `Some(None)` organization: removed).
#[derive(Debug, Clone, Default)]
pub struct AccountChange {
    pub role: Option<Role>,
    pub tenant_id: Option<Uuid>,
    pub organization_id: Option<Option<Uuid>>,
    pub disabled: Option<bool>,
}

/// Clears failed logins and any lock after a successful login.
pub async fn record_login(db: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(
            user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Replaces an account's password hash and clears the one-time flag.
pub async fn set_password(
    db: &impl ConnectionTrait,
    id: Uuid,
    password_hash: String,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::MustChangePassword, Expr::value(false))
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Revokes every live refresh token of an account (all its sessions) at `now`.
pub async fn revoke_all_sessions(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// A stored refresh token.
pub type RefreshToken = refresh_token::Model;

/// Stores a refresh token by its hash, issued at `now`.
pub async fn insert_refresh_token(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: String,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        created_at: Set(now),
        revoked_at: Set(None),
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The refresh token with this hash.
pub async fn refresh_token_by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<RefreshToken>, DbErr> {
    refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// Revokes one token at `now` if it is still live; whether this call revoked it (a
/// concurrent use of the same token loses).
pub async fn revoke_refresh_token(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Revokes every live token of a session family at `now`.
pub async fn revoke_refresh_family(
    db: &impl ConnectionTrait,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// A stored tenant.
pub type Tenant = tenant::Model;

/// The tenant with this id.
pub async fn tenant_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Tenant>, DbErr> {
    tenant::Entity::find_by_id(id).one(db).await
}

/// Creates a tenant serving these gminy (taking them, and the organizations seated in them,
/// from their previous tenant).
pub async fn insert_tenant(
    db: &impl ConnectionTrait,
    name: &str,
    municipalities: &[String],
    now: DateTime<Utc>,
) -> Result<Tenant, DbErr> {
    let tenant = tenant::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name.to_owned()),
        requires_approval: Set(false),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    municipality::Entity::update_many()
        .col_expr(municipality::Column::TenantId, Expr::value(Some(tenant.id)))
        .filter(municipality::Column::Teryt.is_in(municipalities.iter().cloned()))
        .exec(db)
        .await?;
    Ok(tenant)
}

/// Renames a tenant.
pub async fn rename_tenant(db: &impl ConnectionTrait, id: Uuid, name: &str) -> Result<(), DbErr> {
    tenant::Entity::update_many()
        .col_expr(tenant::Column::Name, Expr::value(name))
        .filter(tenant::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Sets whether partners' edits wait for a coordinator's approval.
pub async fn set_requires_approval(
    db: &impl ConnectionTrait,
    id: Uuid,
    requires_approval: bool,
) -> Result<(), DbErr> {
    tenant::Entity::update_many()
        .col_expr(
            tenant::Column::RequiresApproval,
            Expr::value(requires_approval),
        )
        .filter(tenant::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// The gminy of a tenant.
pub async fn tenant_municipalities(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<String>, DbErr> {
    let rows = municipality::Entity::find().all(db).await?;
    Ok(rows
        .into_iter()
        .filter(|m| m.tenant_id.unwrap_or(DEFAULT_TENANT) == id)
        .map(|m| m.teryt)
        .collect())
}

/// The tenant of an organization: the one serving the gmina of its seat, else the default.
pub async fn tenant_of_organization(
    db: &impl ConnectionTrait,
    organization_id: Uuid,
) -> Result<Option<Uuid>, DbErr> {
    let Some(org) = organization::Entity::find_by_id(organization_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(teryt) = org.municipality else {
        return Ok(Some(DEFAULT_TENANT));
    };
    let tenant = municipality::Entity::find_by_id(teryt)
        .one(db)
        .await?
        .and_then(|m| m.tenant_id);
    Ok(Some(tenant.unwrap_or(DEFAULT_TENANT)))
}
