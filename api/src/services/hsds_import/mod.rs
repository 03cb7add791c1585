//! HSDS 3.0 import: a stream of service records (a JSON array or JSON Lines), parsed off the
//! async runtime (`hsds_stream.rs`), mapped record by record, written in batched transactions
//! and indexed.

pub use super::hsds_stream::check_syntax;
use super::hsds_stream::parse_records;

use crate::clock::Clock;
use crate::directory::ownership::{self, Ledger, Owned, Violation};
use crate::directory::{Liaison, Location, Organization, limits};
use crate::error::{ErrorCode, FieldError};
use crate::hsds::{ImportedService, RecordError, service_from_hsds};
use crate::persistence;
use crate::persistence::ownership as ownership_store;
use crate::progress::Progress;
use crate::services::indexing;
use anyhow::Context;
use chrono::{DateTime, Utc};
use okienko_search::SearchIndex;
use sea_orm::DatabaseConnection;
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::Arc;
use tokio::sync::mpsc;
use utoipa::ToSchema;
use uuid::Uuid;

/// Records written per transaction.
const BATCH: usize = 1000;
/// Invalid records listed in a report; the rest are only counted.
pub const MAX_REPORTED_ERRORS: usize = 1000;

/// One record that was not imported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvalidRecord {
    /// Position in the input, from 0.
    pub index: u64,
    /// The record's id as given, when it had one.
    pub id: Option<String>,
    /// What is wrong with it.
    pub errors: Vec<FieldError>,
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportReport {
    /// Records read.
    pub received: u64,
    /// Services that did not exist before.
    pub created: u64,
    /// Services that existed and were updated in place.
    pub updated: u64,
    /// Records rejected.
    pub invalid: u64,
    /// The rejected records (the first 1000).
    pub errors: Vec<InvalidRecord>,
}

/// Why an import stopped before the end of its input.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input is not JSON; records before the error were imported.
    #[error("input is not valid JSON: {source}")]
    Syntax {
        /// The parser's error, with line and column.
        source: serde_json::Error,
        /// What was imported before the error.
        report: Box<ImportReport>,
    },
    /// Reading the input, the database or the index failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Whose records an import may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportScope {
    /// Every tenant (admins, the `okienko import` command).
    All,
    /// One tenant (a coordinator): a record whose organization or service is, or would move,
    /// elsewhere is refused.
    Tenant(Uuid),
}

/// Imports every record from `input`. With `owns_log_position` (a command that owns the
/// on-disk index, no server beside it) every batch's index commit also records the change-log
/// position it reflects, so that an import killed half-way is not re-indexed whole at the
/// next start.
pub async fn import<R: Read + Send + 'static>(
    db: &DatabaseConnection,
    index: &Arc<SearchIndex>,
    input: R,
    scope: ImportScope,
    owns_log_position: bool,
    mut progress: Progress,
    clock: &dyn Clock,
) -> Result<ImportReport, ImportError> {
    let (tx, mut rx) = mpsc::channel::<Value>(BATCH);
    let parser = tokio::task::spawn_blocking(move || parse_records(input, &tx));
    let mut report = ImportReport::default();
    let mut batch: Vec<(u64, Value)> = Vec::with_capacity(BATCH);
    while let Some(value) = rx.recv().await {
        batch.push((report.received, value));
        report.received += 1;
        if batch.len() == BATCH {
            let batch = std::mem::take(&mut batch);
            let now = clock.now();
            write_batch(db, index, batch, scope, owns_log_position, &mut report, now).await?;
            progress.advance(BATCH as u64);
        }
    }
    let remaining = batch.len() as u64;
    let now = clock.now();
    write_batch(db, index, batch, scope, owns_log_position, &mut report, now).await?;
    progress.advance(remaining);
    progress.finish();
    match parser.await.context("import parser task")? {
        Ok(()) => Ok(report),
        Err(source) => Err(ImportError::Syntax {
            source,
            report: Box::new(report),
        }),
    }
}

/// Maps, validates and writes one batch in a transaction as of `now`, then indexes it. A record whose
/// nested records belong to another organization, whose ids name records of another kind,
/// or which reaches outside the importer's tenant is refused and reported; nothing of it is
/// written.
async fn write_batch(
    db: &DatabaseConnection,
    index: &Arc<SearchIndex>,
    batch: Vec<(u64, Value)>,
    scope: ImportScope,
    owns_log_position: bool,
    report: &mut ImportReport,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut records: Vec<(u64, ImportedService)> = Vec::with_capacity(batch.len());
    for (position, value) in batch {
        match service_from_hsds(value) {
            Ok(record) => records.push((position, record)),
            Err(e) => reject(report, position, e),
        }
    }
    let mut known = ownership_store::owners(db, &record_ids(&records)).await?;
    let tenants = Tenants::load(db, scope, &records, &known).await?;
    let mut organizations: HashMap<Uuid, Organization> = HashMap::new();
    let mut children: Vec<(Uuid, Vec<Location>, Vec<Liaison>)> = Vec::new();
    let mut services = Vec::with_capacity(records.len());
    for (position, record) in records {
        let mut ledger = Ledger::new(&known);
        let mut errors = match &record.organization {
            Some(org) => ownership::check_organization(org, &mut ledger),
            None => ownership::check_children(
                record.organization_id,
                &record.locations,
                &record.liaisons,
                &mut ledger,
            ),
        }
        .into_iter()
        .map(|v| violation_error(&v))
        .collect::<Vec<_>>();
        if record.organization.is_none() && !known.contains_key(&record.organization_id) {
            errors.push(FieldError::new(
                "/organization_id",
                ErrorCode::MissingField,
                format!(
                    "organization {} is neither in the record nor in the directory",
                    record.organization_id
                ),
            ));
        }
        errors.extend(
            ownership::check_service(&record.service, &mut ledger)
                .iter()
                .filter(|v| !matches!(v, Violation::Unknown { pointer } if pointer == "/organization_id"))
                .map(violation_error),
        );
        errors.extend(tenants.refusal(&record, &known));
        errors.extend(limits::service_limits(&record.service));
        if let Some(org) = &record.organization {
            errors.extend(limits::organization_limits(org).into_iter().map(|mut e| {
                e.pointer = format!("/organization{}", e.pointer);
                e
            }));
        }
        if !errors.is_empty() {
            let id = Some(record.service.id.to_string());
            reject(report, position, RecordError { id, errors });
            continue;
        }
        let added = ledger.into_added();
        known.extend(added);
        match record.organization {
            Some(org) => merge_organization(&mut organizations, org),
            None => children.push((record.organization_id, record.locations, record.liaisons)),
        }
        services.push(record.service);
    }
    let ids: Vec<Uuid> = services.iter().map(|s| s.id).collect();
    let existing = persistence::existing_service_ids(db, &ids).await?;
    let mut seen = HashSet::new();
    for id in &ids {
        if existing.contains(id) || !seen.insert(*id) {
            report.updated += 1;
        } else {
            report.created += 1;
        }
    }
    let organizations: Vec<Organization> = organizations.into_values().collect();
    let txn = crate::persistence::begin_write(db).await?;
    persistence::upsert_organizations(&txn, &organizations, now).await?;
    for (organization_id, locations, liaisons) in &children {
        persistence::upsert_organization_children(&txn, *organization_id, locations, liaisons)
            .await?;
    }
    persistence::upsert_services(&txn, &services, now).await?;
    txn.commit().await?;
    if owns_log_position {
        index.set_watermark(persistence::latest_change(db).await?);
    }
    indexing::index_services(db, index, &ids, now).await
}

/// Every id the records carry.
fn record_ids(records: &[(u64, ImportedService)]) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for (_, r) in records {
        if let Some(org) = &r.organization {
            ids.extend(ownership::organization_ids(org));
        }
        ids.extend(r.locations.iter().map(|l| l.id));
        ids.extend(r.liaisons.iter().map(|l| l.id));
        ids.extend(ownership::service_ids(&r.service));
    }
    ids
}

fn violation_error(v: &Violation) -> FieldError {
    let (code, detail) = match v {
        Violation::Foreign { .. } => (
            ErrorCode::ForbiddenReference,
            "this id names a record of another organization",
        ),
        Violation::KindClash { .. } => (
            ErrorCode::IdConflict,
            "this id names a record of another kind",
        ),
        Violation::Unknown { .. } => (
            ErrorCode::UnknownReference,
            "no record of the record's organization has this id",
        ),
    };
    FieldError::new(v.pointer(), code, detail)
}

/// What a tenant-scoped import checks: the tenant of every gmina and of every stored
/// organization the batch names.
struct Tenants {
    scope: ImportScope,
    of_municipality: HashMap<String, Uuid>,
    of_organization: HashMap<Uuid, Uuid>,
}

impl Tenants {
    async fn load(
        db: &DatabaseConnection,
        scope: ImportScope,
        records: &[(u64, ImportedService)],
        known: &HashMap<Uuid, Owned>,
    ) -> anyhow::Result<Self> {
        let mut tenants = Self {
            scope,
            of_municipality: HashMap::new(),
            of_organization: HashMap::new(),
        };
        if scope == ImportScope::All {
            return Ok(tenants);
        }
        tenants.of_municipality = ownership_store::municipality_tenants(db).await?;
        let mut organizations: Vec<Uuid> = Vec::new();
        for (_, r) in records {
            organizations.push(r.organization_id);
            if let Some(owner) = known.get(&r.service.id).and_then(|o| o.organization) {
                organizations.push(owner);
            }
        }
        for (id, municipality) in
            ownership_store::organization_municipalities(db, &organizations).await?
        {
            let tenant =
                ownership_store::tenant_of(&tenants.of_municipality, municipality.as_deref());
            tenants.of_organization.insert(id, tenant);
        }
        Ok(tenants)
    }

    /// Why a coordinator may not import this record, if they may not.
    fn refusal(
        &self,
        record: &ImportedService,
        known: &HashMap<Uuid, Owned>,
    ) -> Option<FieldError> {
        let ImportScope::Tenant(own) = self.scope else {
            return None;
        };
        let refuse = |pointer: &str, detail: &str| {
            Some(FieldError::new(pointer, ErrorCode::Forbidden, detail))
        };
        if let Some(owner) = known.get(&record.service.id).and_then(|o| o.organization)
            && self.of_organization.get(&owner).is_some_and(|t| *t != own)
        {
            return refuse("/id", "this service belongs to another tenant");
        }
        if self
            .of_organization
            .get(&record.organization_id)
            .is_some_and(|t| *t != own)
        {
            return refuse(
                "/organization_id",
                "this organization belongs to another tenant",
            );
        }
        if let Some(org) = &record.organization
            && ownership_store::tenant_of(&self.of_municipality, org.municipality.as_deref()) != own
        {
            return refuse(
                "/organization/municipality",
                "this gmina belongs to another tenant; only an admin may import there",
            );
        }
        None
    }
}

fn reject(report: &mut ImportReport, index: u64, e: RecordError) {
    report.invalid += 1;
    if report.errors.len() < MAX_REPORTED_ERRORS {
        report.errors.push(InvalidRecord {
            index,
            id: e.id,
            errors: e.errors,
        });
    }
}

/// Several records of one batch may carry the same organization with different locations
/// and contacts: keep the latest fields and the union of children.
fn merge_organization(into: &mut HashMap<Uuid, Organization>, org: Organization) {
    match into.remove(&org.id) {
        None => {
            into.insert(org.id, org);
        }
        Some(previous) => {
            let mut merged = org;
            for l in previous.locations {
                if !merged.locations.iter().any(|x| x.id == l.id) {
                    merged.locations.push(l);
                }
            }
            for l in previous.liaisons {
                if !merged.liaisons.iter().any(|x| x.id == l.id) {
                    merged.liaisons.push(l);
                }
            }
            into.insert(merged.id, merged);
        }
    }
}

#[cfg(test)]
mod tests;
