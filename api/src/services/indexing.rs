//! Keeping the search index in step with the database.

use crate::directory::{ServiceView, vocabulary};
use crate::persistence;
use crate::progress::Progress;
use anyhow::Context;
use okienko_search::{SearchIndex, ServiceDoc};
use sea_orm::ConnectionTrait;
use std::sync::Arc;
use uuid::Uuid;

/// Services loaded from the database per batch while reindexing.
const REINDEX_BATCH: u64 = 500;

/// The index document for a service.
pub fn service_doc(view: &ServiceView) -> ServiceDoc {
    let s = &view.service;
    let v = vocabulary();
    let names = |terms: &[crate::directory::Term], codes: &[String]| -> Vec<String> {
        codes
            .iter()
            .filter_map(|c| terms.iter().find(|t| &t.code == c).map(|t| t.pl.clone()))
            .collect()
    };
    let mut terms = names(&v.categories, &s.categories);
    terms.extend(names(&v.areas, &s.areas));
    terms.extend(names(&v.target_groups, &s.target_groups));
    let mut codes: Vec<String> = Vec::new();
    codes.extend(s.categories.iter().map(|c| format!("category:{c}")));
    codes.extend(s.areas.iter().map(|c| format!("area:{c}")));
    codes.extend(s.target_groups.iter().map(|c| format!("target_group:{c}")));
    codes.extend(s.languages.iter().map(|c| format!("language:{c}")));
    codes.extend(s.delivery_modes.iter().map(|c| format!("delivery:{c}")));
    codes.push(format!("kind:{}", view.organization.kind));
    codes.push(format!("status:{}", s.status));
    if let Some(cost) = s.cost {
        codes.push(format!("cost:{cost}"));
    }
    let body = [
        s.alternate_name.as_deref(),
        s.description.as_deref(),
        s.eligibility.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    ServiceDoc {
        id: s.id.to_string(),
        name: s.name.clone(),
        body,
        organization: view.organization.name.clone(),
        terms,
        codes,
        municipalities: s.municipalities.clone(),
        updated: chrono::Utc::now().timestamp(),
    }
}

/// Indexes the given services from the database and commits.
pub async fn index_services(
    db: &impl ConnectionTrait,
    index: &Arc<SearchIndex>,
    ids: &[Uuid],
) -> anyhow::Result<()> {
    for chunk in ids.chunks(REINDEX_BATCH as usize) {
        let views = persistence::services_by_ids(db, chunk).await?;
        let docs: Vec<ServiceDoc> = views.iter().map(service_doc).collect();
        index.upsert(&docs)?;
    }
    commit(index).await
}

/// Commits the index off the async runtime.
pub async fn commit(index: &Arc<SearchIndex>) -> anyhow::Result<()> {
    let index = Arc::clone(index);
    tokio::task::spawn_blocking(move || index.commit())
        .await
        .context("index commit task")??;
    Ok(())
}

/// Rebuilds the whole index from the database; returns the number of services indexed.
pub async fn reindex_all(
    db: &impl ConnectionTrait,
    index: &Arc<SearchIndex>,
    mut progress: Progress,
) -> anyhow::Result<u64> {
    index.clear()?;
    let mut after = None;
    let mut total = 0;
    loop {
        let batch = persistence::service_batch_after(db, after, REINDEX_BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.service.id);
        let docs: Vec<ServiceDoc> = batch.iter().map(service_doc).collect();
        index.upsert(&docs)?;
        total += docs.len() as u64;
        progress.advance(docs.len() as u64);
    }
    commit(index).await?;
    progress.finish();
    Ok(total)
}
