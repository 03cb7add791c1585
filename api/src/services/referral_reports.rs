//! Outcome reporting for the CUS's quarterly partner reports: referrals by service,
//! organization, status and decline reason, and the time to acknowledge, per period.

use crate::access::{Principal, Role};
use crate::persistence::referrals::{self as store, ReferralFilter};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// Most referrals a report reads.
const MAX_ROWS: u64 = 1_000_000;

/// A count under a key.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Count {
    /// The code or id.
    pub key: String,
    /// A readable name, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Referrals.
    pub count: u64,
}

/// Time from creation to acknowledgement, in hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AcknowledgeTimes {
    /// Acknowledged referrals measured.
    pub count: u64,
    /// Median hours.
    pub median_hours: Option<f64>,
    /// 90th percentile hours.
    pub p90_hours: Option<f64>,
}

/// The report of a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralReport {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Referrals created in the period.
    pub total: u64,
    /// By status.
    pub by_status: Vec<Count>,
    /// By service.
    pub by_service: Vec<Count>,
    /// By organization.
    pub by_organization: Vec<Count>,
    /// By decline reason.
    pub by_decline_reason: Vec<Count>,
    /// Time to acknowledge.
    pub time_to_acknowledge: AcknowledgeTimes,
}

/// The report of the caller's tenant (every tenant for an admin) for `from..=to`.
pub async fn report(
    db: &DatabaseConnection,
    p: &Principal,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<ReferralReport> {
    let start =
        |d: NaiveDate| -> DateTime<Utc> { d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() };
    let filter = ReferralFilter {
        tenant: (p.role != Role::Admin).then_some(p.tenant_id),
        created_from: Some(start(from)),
        created_to: to.succ_opt().map(start),
        ..Default::default()
    };
    let rows = store::list_referrals(db, &filter, MAX_ROWS).await?;
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_service: BTreeMap<Uuid, (String, u64)> = BTreeMap::new();
    let mut by_organization: BTreeMap<Uuid, u64> = BTreeMap::new();
    let mut by_reason: BTreeMap<String, u64> = BTreeMap::new();
    let mut hours: Vec<f64> = Vec::new();
    for r in &rows {
        *by_status.entry(r.status.clone()).or_default() += 1;
        by_service
            .entry(r.service_id)
            .or_insert_with(|| (r.service_name.clone(), 0))
            .1 += 1;
        *by_organization.entry(r.organization_id).or_default() += 1;
        if let Some(reason) = &r.decline_reason {
            *by_reason.entry(reason.clone()).or_default() += 1;
        }
        if let Some(ack) = r.acknowledged_at {
            #[allow(clippy::cast_precision_loss)]
            hours.push((ack - r.created_at).num_seconds() as f64 / 3600.0);
        }
    }
    hours.sort_by(f64::total_cmp);
    let plain = |m: BTreeMap<String, u64>| -> Vec<Count> {
        m.into_iter()
            .map(|(key, count)| Count {
                key,
                name: None,
                count,
            })
            .collect()
    };
    let mut organizations = Vec::new();
    for (id, count) in by_organization {
        let name = crate::persistence::get_organization(db, id)
            .await?
            .map(|o| o.name);
        organizations.push(Count {
            key: id.to_string(),
            name,
            count,
        });
    }
    Ok(ReferralReport {
        from,
        to,
        total: rows.len() as u64,
        by_status: plain(by_status),
        by_service: by_service
            .into_iter()
            .map(|(id, (name, count))| Count {
                key: id.to_string(),
                name: Some(name),
                count,
            })
            .collect(),
        by_organization: organizations,
        by_decline_reason: plain(by_reason),
        time_to_acknowledge: AcknowledgeTimes {
            count: hours.len() as u64,
            median_hours: percentile(&hours, 0.5),
            p90_hours: percentile(&hours, 0.9),
        },
    })
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some((sorted[rank - 1] * 100.0).round() / 100.0)
}

/// The report as CSV: `dimension,key,name,count` rows, then the acknowledgement times.
pub fn to_csv(r: &ReferralReport) -> String {
    let mut out = String::from("dimension,key,name,count\n");
    let quote = crate::csv::cell;
    out.push_str(&format!("total,,,{}\n", r.total));
    for (dimension, rows) in [
        ("status", &r.by_status),
        ("service", &r.by_service),
        ("organization", &r.by_organization),
        ("decline_reason", &r.by_decline_reason),
    ] {
        for c in rows {
            out.push_str(&format!(
                "{dimension},{},{},{}\n",
                c.key,
                quote(c.name.as_deref().unwrap_or("")),
                c.count
            ));
        }
    }
    let hours = |h: Option<f64>| h.map(|h| h.to_string()).unwrap_or_default();
    let t = &r.time_to_acknowledge;
    out.push_str(&format!(
        "time_to_acknowledge_hours,median,,{}\n",
        hours(t.median_hours)
    ));
    out.push_str(&format!(
        "time_to_acknowledge_hours,p90,,{}\n",
        hours(t.p90_hours)
    ));
    out.push_str(&format!("time_to_acknowledge_hours,count,,{}\n", t.count));
    out
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), Some(5.0));
        assert_eq!(percentile(&v, 0.9), Some(9.0));
        assert_eq!(percentile(&[], 0.5), None);
        assert_eq!(percentile(&[2.5], 0.9), Some(2.5));
    }
}
