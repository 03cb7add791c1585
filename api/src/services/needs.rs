//! The needs table search classifies queries with: the built-in one (`seed-data/needs.json`)
//! until a coordinator stores an edited one; every instance picks an edit up within its sync
//! interval, and no reindexing is needed (needs rank by categories already indexed).

use crate::directory::vocabulary;
use crate::persistence;
use chrono::{DateTime, Utc};
use okienko_search::needs::{NeedTable, NeedsError, NeedsFile};
use sea_orm::ConnectionTrait;
use std::sync::{Arc, RwLock};

/// Why an edited table was not stored.
#[derive(Debug, thiserror::Error)]
pub enum NeedsEditError {
    /// The table does not fit the taxonomy or itself (the place and what is wrong).
    #[error("the needs table is invalid at {}: {}", .0.pointer, .0.message)]
    Invalid(NeedsError),
    /// The database refused or is away.
    #[error(transparent)]
    Storage(#[from] sea_orm::DbErr),
    /// A bug or an inconsistency; details go to the logs.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// The table reviewed with the code.
pub const BUILT_IN: &str = include_str!("../../../seed-data/needs.json");

/// Checks a table against the taxonomy's codes.
pub fn check(file: NeedsFile) -> Result<NeedTable, NeedsError> {
    let v = vocabulary();
    let categories: Vec<&str> = v.categories.iter().map(|t| t.code.as_str()).collect();
    let groups: Vec<&str> = v.target_groups.iter().map(|t| t.code.as_str()).collect();
    NeedTable::new(file, &categories, &groups)
}

fn parse(json: &str) -> Result<NeedTable, NeedsError> {
    let file: NeedsFile = serde_json::from_str(json).map_err(|e| NeedsError {
        pointer: String::new(),
        message: e.to_string(),
    })?;
    check(file)
}

/// The table in force and its version (0: the built-in table).
pub struct NeedStore {
    current: RwLock<(i64, Arc<NeedTable>)>,
}

impl NeedStore {
    /// The stored table, or the built-in one when none is stored (or the stored one no longer
    /// fits the taxonomy, which the log reports).
    pub async fn load(db: &impl ConnectionTrait) -> anyhow::Result<Self> {
        let store = Self {
            current: RwLock::new((0, Arc::new(parse(BUILT_IN)?))),
        };
        store.refresh(db).await?;
        Ok(store)
    }

    /// The table in force.
    pub fn get(&self) -> Arc<NeedTable> {
        self.current
            .read()
            .map(|c| Arc::clone(&c.1))
            .unwrap_or_default()
    }

    /// The version in force.
    pub fn version(&self) -> i64 {
        self.current.read().map(|c| c.0).unwrap_or(0)
    }

    /// Takes up a table stored since (through any instance).
    pub async fn refresh(&self, db: &impl ConnectionTrait) -> anyhow::Result<()> {
        if persistence::needs::needs_version(db).await? == self.version() {
            return Ok(());
        }
        let Some((json, version)) = persistence::needs::stored_needs(db).await? else {
            return Ok(());
        };
        match parse(&json) {
            Ok(table) => self.set(version, table),
            Err(e) => {
                tracing::error!(version, error = %e, "stored needs table unusable; the previous one stays")
            }
        }
        Ok(())
    }

    /// Checks and stores a table edited at `now`; returns its version.
    pub async fn replace(
        &self,
        db: &impl ConnectionTrait,
        file: NeedsFile,
        author: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, NeedsEditError> {
        let table = check(file.clone()).map_err(NeedsEditError::Invalid)?;
        let json = serde_json::to_string(&file).map_err(anyhow::Error::from)?;
        let version = persistence::needs::store_needs(db, &json, author, now).await?;
        tracing::info!(version, needs = file.needs.len(), "needs table replaced");
        self.set(version, table);
        Ok(version)
    }

    fn set(&self, version: i64, table: NeedTable) {
        if let Ok(mut current) = self.current.write() {
            *current = (version, Arc::new(table));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_fits_the_taxonomy() {
        let table = parse(BUILT_IN).expect("seed-data/needs.json is valid");
        let file = table.file().expect("file");
        assert!(file.needs.len() >= 12, "{}", file.needs.len());
        for code in ["violence", "suicide", "acute_crisis"] {
            let need = file.needs.iter().find(|n| n.code == code).expect(code);
            assert!(need.safety && !need.pinned.is_empty(), "{code}");
        }
        for line in &file.helplines {
            assert!(line.source.starts_with("https://"), "{}", line.id);
            for language in okienko_search::needs::LANGUAGES {
                assert!(line.name.contains_key(language), "{} {language}", line.id);
            }
        }
    }
}
