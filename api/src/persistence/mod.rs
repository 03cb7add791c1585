//! The only place that talks to the database (sea-orm; SQLite by default, PostgreSQL supported).

pub mod accounts;
pub mod audit_log;
mod changes;
mod convert;
mod directory_write;
pub mod editing;
pub mod enquiries;
pub mod entities;
mod migrations;
pub mod needs;
mod organization_read;
pub mod outbox;
pub mod ownership;
pub mod referral_desk;
pub mod referral_routing;
pub mod referral_settings;
pub mod referrals;
mod service_read;
pub mod storage;
pub mod writer;

pub use changes::{
    changes_after, latest_change, prune_changes, pruned_through, record_changes, report_reader,
};
pub use directory_write::{
    existing_service_ids, upsert_bundles, upsert_municipalities, upsert_organization_children,
    upsert_organizations, upsert_services,
};
pub use migrations::Migrator;
pub use organization_read::{
    OrganizationFilter, count_organizations, existing_organization_ids, get_organization,
    list_bundles, list_municipalities, list_organizations, organizations_by_ids,
};
pub use service_read::{
    ServiceFilter, count_services, get_service, list_services, service_batch_after,
    services_by_ids, term_counts,
};

use anyhow::Context;
use sea_orm::sqlx::Connection;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// Opens a pool to `url` (`sqlite://…?mode=rwc` or `postgres://…`).
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        // A database that is away answers a request within 2 s (503, not a hang).
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_timeout(ACQUIRE_TIMEOUT)
        // A connection whose COMMIT or ROLLBACK failed (a full disk) still believes it is in
        // a transaction; reused, its next "transaction" would be a savepoint inside one that
        // is never committed (sqlx issue 3742). Such a connection is closed, never reused.
        .map_sqlx_sqlite_pool_opts(|pool| {
            pool.after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
                .before_acquire(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
        })
        .map_sqlx_postgres_pool_opts(|pool| {
            pool.after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
        });
    let db = Database::connect(options)
        .await
        .with_context(|| format!("cannot connect to the database at {}", redact(url)))?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
            .await
            .context("cannot configure SQLite")?;
    }
    Ok(db)
}

/// Begins a transaction that writes. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`): a transaction that reads before it writes then waits for other writers (the
/// busy timeout) instead of failing when one of them commits in between. PostgreSQL ignores
/// the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("database migration failed")
}

/// Longest wait for a pooled connection or a new one.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

/// Whether the database answers (within 1.5 s).
pub async fn ping(db: &DatabaseConnection) -> bool {
    tokio::time::timeout(Duration::from_millis(1500), db.ping())
        .await
        .is_ok_and(|r| r.is_ok())
}

/// The URL with any password replaced, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://data/okienko.db?mode=rwc"),
            "sqlite://data/okienko.db?mode=rwc"
        );
    }
}
