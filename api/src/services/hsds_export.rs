//! HSDS 3.0 export: every service as a fully nested HSDS service object.

use crate::directory::{Organization, ServiceView};
use crate::hsds::service_to_hsds;
use crate::persistence;
use crate::progress::Progress;
use sea_orm::ConnectionTrait;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Write;
use uuid::Uuid;

/// Services per database round trip while exporting.
const EXPORT_BATCH: u64 = 500;

/// HSDS objects for the given services (their organizations loaded once each).
pub async fn to_hsds(
    db: &impl ConnectionTrait,
    views: &[ServiceView],
) -> anyhow::Result<Vec<Value>> {
    let org_ids: Vec<Uuid> = views.iter().map(|v| v.service.organization_id).collect();
    let organizations: HashMap<Uuid, Organization> =
        persistence::organizations_by_ids(db, &org_ids)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
    views
        .iter()
        .map(|v| {
            let org = organizations
                .get(&v.service.organization_id)
                .ok_or_else(|| anyhow::anyhow!("service {} has no organization", v.service.id))?;
            Ok(service_to_hsds(v, org))
        })
        .collect()
}

/// Writes every service as one JSON array to `out`, streaming in batches.
pub async fn export_all(
    db: &impl ConnectionTrait,
    out: &mut impl Write,
    mut progress: Progress,
) -> anyhow::Result<u64> {
    let mut after = None;
    let mut written = 0u64;
    out.write_all(b"[")?;
    loop {
        let batch = persistence::service_batch_after(db, after, EXPORT_BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.service.id);
        for value in to_hsds(db, &batch).await? {
            if written > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            serde_json::to_writer(&mut *out, &value)?;
            written += 1;
        }
        progress.advance(batch.len() as u64);
    }
    out.write_all(b"\n]\n")?;
    out.flush()?;
    progress.finish();
    Ok(written)
}
