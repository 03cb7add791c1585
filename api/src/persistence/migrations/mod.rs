//! Schema migrations, run at start (`okienko migrate`, and by `serve`) on SQLite and PostgreSQL.

mod m0001_directory;
mod m0002_service_changes;
mod m0003_access;
mod m0004_referrals;
mod m0005_trust;
mod m0006_change_log_readers;
mod m0007_needs;
mod m0008_case_language;
mod m0009_enquiries;
mod m0010_referral_desk;

use sea_orm_migration::prelude::*;

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_directory::Migration),
            Box::new(m0002_service_changes::Migration),
            Box::new(m0003_access::Migration),
            Box::new(m0004_referrals::Migration),
            Box::new(m0005_trust::Migration),
            Box::new(m0006_change_log_readers::Migration),
            Box::new(m0007_needs::Migration),
            Box::new(m0008_case_language::Migration),
            Box::new(m0009_enquiries::Migration),
            Box::new(m0010_referral_desk::Migration),
        ]
    }
}
