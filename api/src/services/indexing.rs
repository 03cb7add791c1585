//! Keeping the search index in step with the database.

use crate::clock::{Clock, SharedClock};
use crate::directory::{ServiceView, Term, vocabulary};
use crate::persistence;
use crate::progress::Progress;
use anyhow::Context;
use chrono::{DateTime, Utc};
use okienko_search::{Contact, Display, Hours, Place, SearchIndex, ServiceDoc};
use sea_orm::ConnectionTrait;
use serde_json::Value;
use std::sync::Arc;
use uuid::Uuid;

/// Services loaded from the database per batch while reindexing.
const REINDEX_BATCH: u64 = 500;

/// Days an offer may go unconfirmed before it ranks lower.
pub const STALE_AFTER_DAYS: i64 = 180;

fn minutes(hhmm: &str) -> Option<u16> {
    let (h, m) = hhmm.split_once(':')?;
    Some(h.parse::<u16>().ok()? * 60 + m.parse::<u16>().ok()?)
}

/// The index document for a service, as of `now` (which tells whether it is stale).
pub fn service_doc(view: &ServiceView, now: DateTime<Utc>) -> ServiceDoc {
    let s = &view.service;
    let v = vocabulary();
    let names = |terms: &[Term], codes: &[String]| -> Vec<String> {
        codes
            .iter()
            .filter_map(|c| terms.iter().find(|t| &t.code == c).map(|t| t.pl.clone()))
            .collect()
    };
    let mut terms = names(&v.categories, &s.categories);
    terms.extend(names(&v.target_groups, &s.target_groups));
    terms.extend(names(&v.areas, &s.areas));
    terms.extend(s.alternate_name.clone());
    if let Some(Value::Array(attributes)) = s.extra.get("hsds_attributes") {
        terms.extend(attributes.iter().filter_map(|a| {
            a.pointer("/taxonomy_term/name")?
                .as_str()
                .map(str::to_owned)
        }));
    }
    let mut facets: Vec<(String, String)> = Vec::new();
    let mut add = |dimension: &str, codes: &mut dyn Iterator<Item = String>| {
        facets.extend(codes.map(|c| (dimension.to_owned(), c)));
    };
    add("category", &mut s.categories.iter().cloned());
    add("area", &mut s.areas.iter().cloned());
    add("target_group", &mut s.target_groups.iter().cloned());
    add("language", &mut s.languages.iter().cloned());
    add(
        "delivery",
        &mut s.delivery_modes.iter().map(|d| d.as_str().to_owned()),
    );
    add("municipality", &mut s.municipalities.iter().cloned());
    add(
        "organization_kind",
        &mut std::iter::once(view.organization.kind.as_str().to_owned()),
    );
    add("status", &mut std::iter::once(s.status.as_str().to_owned()));
    add("cost", &mut s.cost.iter().map(|c| c.as_str().to_owned()));
    if view.locations.iter().any(|l| {
        l.accessibility
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty())
    }) {
        add("accessible", &mut std::iter::once("yes".to_owned()));
    }
    let body = [
        s.description.as_deref(),
        s.eligibility.as_deref(),
        s.application.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    let hours = s
        .schedule
        .iter()
        .filter_map(|h| {
            Some(Hours {
                weekday: h.weekday,
                opens: minutes(&h.opens)?,
                closes: minutes(&h.closes)?,
            })
        })
        .collect();
    let closed_days = s
        .schedule_exceptions
        .iter()
        .filter(|x| x.closed)
        .map(|x| x.date.to_string())
        .collect();
    let today = now.date_naive();
    let stale = s
        .last_verified_at
        .is_some_and(|d| (today - d).num_days() > STALE_AFTER_DAYS);
    ServiceDoc {
        id: s.id.to_string(),
        name: s.name.clone(),
        body,
        organization: view.organization.name.clone(),
        organization_kind: view.organization.kind.as_str().to_owned(),
        facets,
        min_age: s.min_age,
        max_age: s.max_age,
        hours,
        closed_days,
        stale,
        updated: now.timestamp(),
        display: Display {
            municipalities: s.municipalities.clone(),
            places: view
                .locations
                .iter()
                .filter_map(|l| {
                    Some(Place {
                        lat: l.latitude?,
                        lon: l.longitude?,
                    })
                })
                .collect(),
            categories: s.categories.clone(),
            terms,
            stale,
        },
        contact: Contact {
            liaison: view.liaison.as_ref().map(|l| l.name.clone()),
            liaison_phone: view.liaison.as_ref().and_then(|l| l.phone.clone()),
            organization_phone: view.organization.phone.clone(),
            hours: s
                .schedule
                .iter()
                .map(|h| (h.weekday, h.opens.clone(), h.closes.clone()))
                .collect(),
            verified: s.last_verified_at.map(|d| d.to_string()),
        },
    }
}

/// Indexes the given services from the database as of `now`, and commits.
pub async fn index_services(
    db: &impl ConnectionTrait,
    index: &Arc<SearchIndex>,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for chunk in ids.chunks(REINDEX_BATCH as usize) {
        let views = persistence::services_by_ids(db, chunk).await?;
        let docs: Vec<ServiceDoc> = views.iter().map(|v| service_doc(v, now)).collect();
        index.upsert(&docs)?;
    }
    commit(index).await
}

/// Commits the index off the async runtime.
pub async fn commit(index: &Arc<SearchIndex>) -> anyhow::Result<()> {
    off_runtime(index, SearchIndex::commit).await
}

/// Commits the index after a bulk load and merges it into one segment, off the runtime.
pub async fn finish_bulk_load(index: &Arc<SearchIndex>) -> anyhow::Result<()> {
    off_runtime(index, |index| {
        index.commit()?;
        index.merge_segments()
    })
    .await
}

async fn off_runtime(
    index: &Arc<SearchIndex>,
    work: fn(&SearchIndex) -> Result<(), okienko_search::SearchError>,
) -> anyhow::Result<()> {
    let index = Arc::clone(index);
    tokio::task::spawn_blocking(move || work(&index))
        .await
        .context("index task")??;
    Ok(())
}

/// Rebuilds a damaged index in the background, once however many queries report it; the
/// old segments answer (or fail with 503) until the rebuild commits.
pub fn heal(db: &sea_orm::DatabaseConnection, index: &Arc<SearchIndex>, clock: &SharedClock) {
    if !index.mark_damaged() {
        return;
    }
    let (db, index, clock) = (db.clone(), Arc::clone(index), Arc::clone(clock));
    tokio::spawn(async move {
        tracing::error!("search index damaged; rebuilding it from the database");
        let started = std::time::Instant::now();
        let result = reindex_all(&db, &index, Progress::hidden("heal"), clock.as_ref()).await;
        match &result {
            Ok(n) => tracing::info!(
                services = n,
                seconds = started.elapsed().as_secs_f64(),
                "search index rebuilt"
            ),
            Err(e) => tracing::error!(error = %format!("{e:#}"), "search index rebuild failed"),
        }
        index.healed(result.is_ok());
    });
}

/// Rebuilds the whole index from the database, each batch as of the clock's time then;
/// returns the number of services indexed.
pub async fn reindex_all(
    db: &impl ConnectionTrait,
    index: &Arc<SearchIndex>,
    mut progress: Progress,
    clock: &dyn Clock,
) -> anyhow::Result<u64> {
    // Everything logged up to here is in the rebuild: the change log is followed from this
    // position afterwards, not replayed from its start.
    index.set_watermark(persistence::latest_change(db).await?);
    index.clear()?;
    let mut after = None;
    let mut total = 0;
    loop {
        let batch = persistence::service_batch_after(db, after, REINDEX_BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.service.id);
        let now = clock.now();
        let docs: Vec<ServiceDoc> = batch.iter().map(|v| service_doc(v, now)).collect();
        index.upsert(&docs)?;
        total += docs.len() as u64;
        progress.advance(docs.len() as u64);
    }
    finish_bulk_load(index).await?;
    progress.finish();
    Ok(total)
}
