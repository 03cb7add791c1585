//! When nothing matched: the CUS information point and the categories closest to the query
//! that have offers, remembered per index generation.

use super::search::Searching;
use super::search_error::SearchError;
use super::search_labels as labels;
use super::search_views::{FacetValue, Fallback, InformationPoint};
use crate::directory::{OrganizationKind, Term, vocabulary};
use crate::i18n::Lang;
use crate::persistence;
use okienko_search::Dictionary;
use std::sync::Arc;

/// Categories shown when nothing matched.
const FALLBACK_CATEGORIES: usize = 6;

/// What the fallback needs from the database and the index, kept per index generation.
type FallbackData = (Option<InformationPoint>, Vec<(String, u64)>);

/// Cache of [`FallbackData`] for the current index generation.
#[derive(Default)]
pub struct FallbackCache {
    inner: std::sync::Mutex<Option<(u64, Arc<FallbackData>)>>,
}

pub(super) async fn fallback_data(desk: &Searching) -> Result<Arc<FallbackData>, SearchError> {
    let generation = desk.index.generation();
    if let Ok(guard) = desk.fallback_cache.inner.lock()
        && let Some((g, data)) = guard.as_ref()
        && *g == generation
    {
        return Ok(Arc::clone(data));
    }
    let counts = desk
        .index
        .facet_counts("category")
        .map_err(anyhow::Error::from)?;
    let data = Arc::new((information_point(&desk.db).await?, counts));
    if let Ok(mut guard) = desk.fallback_cache.inner.lock() {
        *guard = Some((generation, Arc::clone(&data)));
    }
    Ok(data)
}

pub(super) async fn fallback(
    desk: &Searching,
    q: &str,
    dictionary: &Dictionary,
    lang: Lang,
) -> Result<Fallback, SearchError> {
    let data = fallback_data(desk).await?;
    let (point, counts) = (&data.0, &data.1);
    let v = vocabulary();
    let count = |code: &str| {
        counts
            .iter()
            .find(|(c, _)| c == code)
            .map_or(0, |(_, n)| *n)
    };
    let closest = crate::services::closest::categories(q, dictionary, &v.categories);
    let mut categories: Vec<&Term> = closest.into_iter().filter(|t| count(&t.code) > 0).collect();
    if categories.is_empty() {
        categories = v.categories.iter().filter(|t| count(&t.code) > 0).collect();
        categories.sort_by_key(|t| std::cmp::Reverse(count(&t.code)));
    }
    categories.truncate(FALLBACK_CATEGORIES);
    Ok(Fallback {
        information_point: point.clone(),
        categories: categories
            .into_iter()
            .map(|t| FacetValue {
                code: t.code.clone(),
                label: labels::term(lang, t).to_owned(),
                count: count(&t.code),
            })
            .collect(),
    })
}

/// The CUS's information point: its `information` service, or the CUS itself.
pub async fn information_point(
    db: &impl sea_orm::ConnectionTrait,
) -> anyhow::Result<Option<InformationPoint>> {
    let cus = persistence::OrganizationFilter {
        kind: Some(OrganizationKind::Cus),
        municipality: None,
    };
    let Some(org) = persistence::list_organizations(db, &cus, 1, 1)
        .await?
        .0
        .pop()
    else {
        return Ok(None);
    };
    let filter = persistence::ServiceFilter {
        organization: Some(org.id),
        category: Some("information".into()),
        ..Default::default()
    };
    let point = persistence::list_services(db, &filter, 1, 1).await?.0.pop();
    let place = point
        .as_ref()
        .and_then(|p| p.locations.first())
        .or(org.locations.first());
    let address = place.map(|l| {
        [
            l.street.as_deref(),
            l.postal_code.as_deref(),
            l.city.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    });
    Ok(Some(InformationPoint {
        service_id: point.as_ref().map(|p| p.service.id.to_string()),
        name: point
            .as_ref()
            .map_or_else(|| org.name.clone(), |p| p.service.name.clone()),
        phone: point
            .as_ref()
            .and_then(|p| p.service.phone.clone())
            .or(org.phone.clone()),
        email: point
            .as_ref()
            .and_then(|p| p.service.email.clone())
            .or(org.email.clone()),
        address,
        schedule: point.map(|p| p.service.schedule).unwrap_or_default(),
    }))
}
