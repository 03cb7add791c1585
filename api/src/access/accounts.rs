//! Creating accounts (the `okienko user add` command).

use super::{DEFAULT_TENANT, Role, hash_password};
use crate::clock::Clock;
use crate::domain::Email;
use crate::persistence::accounts::{self, Account, AccountChange, NewAccount};
use anyhow::{Context, bail};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// What `user add` was asked for.
#[derive(Debug)]
pub struct AccountRequest {
    pub email: String,
    pub role: Role,
    pub organization_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub password: String,
    /// The password was generated and must be changed at first login.
    pub one_time: bool,
}

/// Changes an account (see [`AccountChange`]), checking that a liaison keeps an organization
/// and works in its tenant, and ends every session of it.
pub async fn update_account(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    email: &str,
    mut change: AccountChange,
) -> anyhow::Result<Account> {
    let email = email.trim().to_lowercase();
    let account = accounts::account_by_email(db, &email)
        .await?
        .with_context(|| format!("no account {email}"))?;
    let role = change
        .role
        .or_else(|| Role::parse(&account.role))
        .context("the account has an unknown role")?;
    let organization = change.organization_id.unwrap_or(account.organization_id);
    match (role, organization) {
        (Role::Liaison, None) => bail!("a liaison account needs --organization <id>"),
        (Role::Liaison, Some(org)) => {
            let tenant = accounts::tenant_of_organization(db, org)
                .await?
                .with_context(|| format!("no organization {org}"))?;
            change.tenant_id = Some(tenant);
            change.organization_id = Some(Some(org));
        }
        (_, Some(_)) if change.organization_id.is_some() => {
            bail!("only liaison accounts belong to an organization")
        }
        (_, Some(_)) => change.organization_id = Some(None),
        (_, None) => {}
    }
    if let Some(tenant) = change.tenant_id
        && accounts::tenant_by_id(db, tenant).await?.is_none()
    {
        bail!("no tenant {tenant}");
    }
    accounts::update_account(db, account.id, change, clock.now()).await?;
    accounts::account_by_id(db, account.id)
        .await?
        .context("the account disappeared")
}

/// Validates and stores an account. A liaison needs an organization and works in its
/// tenant; staff work in the given tenant or the default one.
pub async fn add_account(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    req: AccountRequest,
) -> anyhow::Result<Account> {
    let email = Email::parse(&req.email)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .as_str()
        .to_lowercase();
    if req.password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password must have at least {MIN_PASSWORD_CHARS} characters");
    }
    let tenant_id = match (req.role, req.organization_id) {
        (Role::Liaison, None) => bail!("a liaison account needs --organization <id>"),
        (Role::Liaison, Some(org)) => accounts::tenant_of_organization(db, org)
            .await?
            .with_context(|| format!("no organization {org}"))?,
        (_, Some(_)) => bail!("only liaison accounts belong to an organization"),
        (_, None) => req.tenant_id.unwrap_or(DEFAULT_TENANT),
    };
    if accounts::tenant_by_id(db, tenant_id).await?.is_none() {
        bail!("no tenant {tenant_id}");
    }
    let password_hash = hash_password(req.password).await?;
    accounts::insert_account(
        db,
        NewAccount {
            email: email.clone(),
            password_hash,
            role: req.role,
            tenant_id,
            organization_id: req.organization_id,
            must_change_password: req.one_time,
        },
        clock.now(),
    )
    .await?
    .with_context(|| format!("an account {email} already exists"))
}
