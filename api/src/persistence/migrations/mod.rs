//! Schema migrations, run at start (`okienko migrate`, and by `serve`) on SQLite and PostgreSQL.

mod m0001_directory;

use sea_orm_migration::prelude::*;

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m0001_directory::Migration)]
    }
}
