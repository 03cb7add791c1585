//! Counting the enquiry log by any of its fields for a period: for the needs diagnosis and
//! the annual report. Counts of 1 and 2 are shown as "<3", so that a rare combination (one
//! Ukrainian-speaking senior from a small gmina in crisis) cannot point to a person.

use crate::access::{Principal, Role};
use crate::persistence::enquiries::{self as store, Enquiry};
use chrono::{Days, NaiveDate};
use sea_orm::{DatabaseConnection, DbErr};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Counts below this are suppressed.
pub const SUPPRESS_BELOW: u64 = 3;

/// A field the log can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Channel,
    Category,
    Municipality,
    AgeBand,
    Language,
    Crisis,
    Outcome,
    Month,
}

impl Dimension {
    /// Every dimension.
    pub const ALL: [Dimension; 8] = [
        Dimension::Channel,
        Dimension::Category,
        Dimension::Municipality,
        Dimension::AgeBand,
        Dimension::Language,
        Dimension::Crisis,
        Dimension::Outcome,
        Dimension::Month,
    ];

    /// Its name in `group_by`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Channel => "channel",
            Dimension::Category => "category",
            Dimension::Municipality => "municipality",
            Dimension::AgeBand => "age_band",
            Dimension::Language => "language",
            Dimension::Crisis => "crisis",
            Dimension::Outcome => "outcome",
            Dimension::Month => "month",
        }
    }

    /// The dimension of a name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == name.trim())
    }

    fn value(self, e: &Enquiry) -> String {
        let or_none = |v: &Option<String>| v.clone().unwrap_or_default();
        match self {
            Dimension::Channel => e.channel.clone(),
            Dimension::Category => or_none(&e.category),
            Dimension::Municipality => or_none(&e.municipality),
            Dimension::AgeBand => e.age_band.clone(),
            Dimension::Language => or_none(&e.language),
            Dimension::Crisis => e.crisis.to_string(),
            Dimension::Outcome => e.outcome.clone(),
            Dimension::Month => e.recorded_at.format("%Y-%m").to_string(),
        }
    }
}

/// A count as published: the number, or "<3".
fn shown(n: u64) -> String {
    if n > 0 && n < SUPPRESS_BELOW {
        format!("<{SUPPRESS_BELOW}")
    } else {
        n.to_string()
    }
}

/// One combination of values and how many contacts had it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportRow {
    /// Dimension → value (empty: not given).
    pub key: BTreeMap<String, String>,
    /// The count, or "<3".
    pub count: String,
}

/// The log counted for a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnquiryReport {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The dimensions counted by.
    pub group_by: Vec<String>,
    /// Every contact of the period (or "<3").
    pub total: String,
    /// One row per combination seen, largest first.
    pub rows: Vec<ReportRow>,
}

/// The caller's tenant's log (every tenant's for an admin) for `from..=to` (days in UTC),
/// counted by `group_by`.
pub async fn report(
    db: &DatabaseConnection,
    p: &Principal,
    from: NaiveDate,
    to: NaiveDate,
    group_by: &[Dimension],
) -> Result<EnquiryReport, DbErr> {
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let end = to.checked_add_days(Days::new(1)).unwrap_or(to);
    let tenant = (p.role != Role::Admin).then_some(p.tenant_id);
    let rows = store::enquiries_between(db, tenant, start(from), start(end)).await?;
    let mut counts: BTreeMap<Vec<String>, u64> = BTreeMap::new();
    for e in &rows {
        let key = group_by.iter().map(|d| d.value(e)).collect();
        *counts.entry(key).or_default() += 1;
    }
    let mut counted: Vec<(Vec<String>, u64)> = counts.into_iter().collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(EnquiryReport {
        from,
        to,
        group_by: group_by.iter().map(|d| d.as_str().to_owned()).collect(),
        total: shown(rows.len() as u64),
        rows: counted
            .into_iter()
            .map(|(values, n)| ReportRow {
                key: group_by
                    .iter()
                    .map(|d| d.as_str().to_owned())
                    .zip(values)
                    .collect(),
                count: shown(n),
            })
            .collect(),
    })
}

/// The report as CSV: one column per dimension, then the count.
pub fn to_csv(r: &EnquiryReport) -> String {
    let mut out = r.group_by.join(",");
    out.push_str(if r.group_by.is_empty() {
        "count\n"
    } else {
        ",count\n"
    });
    for row in &r.rows {
        for d in &r.group_by {
            out.push_str(&crate::csv::cell(row.key.get(d).map_or("", String::as_str)));
            out.push(',');
        }
        out.push_str(&crate::csv::cell(&row.count));
        out.push('\n');
    }
    out
}
