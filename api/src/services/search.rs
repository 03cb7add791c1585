//! Search and suggestions: validated parameters in, ranked offers with facets out; an empty
//! result always carries the CUS information point and the closest categories.

use super::search_labels as labels;
use super::search_needs::pinned;
pub use super::search_needs::{
    ItemExplanation, NeedRole, Pinned, PinnedHelpline, RecognizedNeed, UsedCorrection,
};
use crate::directory::{Municipality, OrganizationKind, Term, vocabulary};
use crate::domain::local_time::warsaw;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::{self, Lang, Notice, current_lang};
use crate::persistence;
use crate::state::AppState;
use actix_web::web::Bytes;
use okienko_search::{Dictionary, GeoFilter, SearchRequest, Via};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// Facet dimensions counted on every search.
pub const FACETS: [&str; 9] = [
    "category",
    "area",
    "target_group",
    "organization_kind",
    "cost",
    "language",
    "delivery",
    "municipality",
    "accessible",
];

/// Validated search parameters.
#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    /// Free text.
    pub q: String,
    /// Facet filters (dimension, code).
    pub filters: Vec<(String, String)>,
    /// Age of the person.
    pub age: Option<u32>,
    /// Only open now.
    pub open_now: bool,
    /// Geo.
    pub geo: Option<GeoFilter>,
    /// Page from 1.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// Search the words as typed, without corrections (the link back from "showing results
    /// for …").
    pub as_typed: bool,
    /// The query was longer than the maximum and was cut.
    pub truncated: bool,
    /// Explain each result (staff only; checked by the handler).
    pub explain: bool,
    /// Language of the facet labels: Polish in the API (as documented), the page's language
    /// on `/embed`.
    pub labels: Lang,
}

/// A labelled facet value.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetValue {
    /// Code to filter with.
    pub code: String,
    /// Polish label.
    pub label: String,
    /// Matching offers.
    pub count: u64,
}

/// Why an offer matched.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Reason {
    /// `name`, `category`, `description` or `organization`.
    pub field: String,
    /// The typed word, or the dictionary phrase it led to.
    pub query: String,
    /// The word or phrase in the offer.
    pub matched: String,
    /// `word`, `typo` or `synonym`.
    pub via: String,
}

/// The organization of a hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitOrganization {
    /// Name.
    pub name: String,
    /// Kind code.
    pub kind: String,
}

/// One ranked offer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchItem {
    /// Service id, as in `/api/v1/services/{id}`.
    pub id: String,
    /// Service name.
    pub name: String,
    /// Who delivers it.
    pub organization: HitOrganization,
    /// Description fragment; matched words in `<mark>`, the rest HTML-escaped.
    pub snippet: String,
    /// Gminy served.
    pub municipalities: Vec<Municipality>,
    /// Distance to the nearest place, km (when `lat`/`lon` are given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Relevance score (higher is better).
    pub score: f32,
    /// Why it matched.
    pub matched: Vec<Reason>,
    /// The provider has not confirmed the offer for over 180 days (it ranks lower).
    pub stale: bool,
    /// A word of caution to show with a stale offer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// What contributed to the rank (with `explain=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<ItemExplanation>,
}

/// A dictionary rule that widened the search.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsedExpansion {
    /// What was typed (as in the dictionary).
    pub matched: String,
    /// Official phrases also searched.
    pub phrases: Vec<String>,
}

/// Where to turn when nothing fits.
#[derive(Debug, Serialize, ToSchema)]
pub struct Fallback {
    /// The CUS information point.
    pub information_point: Option<InformationPoint>,
    /// Categories close to the query (or the most common ones).
    pub categories: Vec<FacetValue>,
}

/// Contact of the CUS information point.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InformationPoint {
    /// Service id of the information point, when it is a listed service.
    pub service_id: Option<String>,
    /// Name.
    pub name: String,
    /// Phone (E.164).
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
}

/// The search answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    /// Matching offers.
    pub total: u64,
    /// Page number.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// Ranked offers.
    pub items: Vec<SearchItem>,
    /// Counts per filter field: `category`, `area`, `target_group`, `organization_kind`,
    /// `cost`, `language`, `delivery`, `municipality`, `accessible`.
    pub facets: std::collections::BTreeMap<String, Vec<FacetValue>>,
    /// The query as searched, when words that neither the offers nor the word lists know were
    /// replaced by their nearest known forms ("Pokazuję wyniki dla: …"); search again with
    /// `as_typed=true` for the words as typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_to: Option<String>,
    /// The replaced words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<UsedCorrection>,
    /// The same as `corrected_to` (kept for clients written before it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// Needs recognized in the query, safety needs first.
    pub needs: Vec<RecognizedNeed>,
    /// Helplines and the information point, when the query speaks of violence, suicidal
    /// thoughts or an acute crisis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned: Option<Pinned>,
    /// Present when the query was cut to its first 500 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// Dictionary rules applied.
    pub expansions: Vec<UsedExpansion>,
    /// Present when nothing matched or nothing was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
}

/// The label of a facet value in `lang`: its name (gminy by the data), else its code.
pub fn label(lang: Lang, dimension: &str, code: &str, municipalities: &[Municipality]) -> String {
    labels::value(lang, dimension, code)
        .or_else(|| {
            (dimension == "municipality")
                .then(|| municipalities.iter().find(|m| m.teryt == code))
                .flatten()
                .map(|m| m.name.clone())
        })
        .unwrap_or_else(|| code.to_owned())
}

/// The cache generation: index commits, dictionary reloads and needs edits all invalidate.
fn generation(state: &AppState, dictionary: &Arc<Dictionary>) -> (u64, usize) {
    (
        state.index.generation(),
        (Arc::as_ptr(dictionary) as usize) ^ (state.needs.version() as usize).rotate_left(48),
    )
}

/// A search answer as JSON, from the cache when the same request was answered since the
/// last index commit. "Open now" requests are keyed by their half-hour.
pub async fn search_json(state: &AppState, params: SearchParams) -> Result<Bytes, ApiError> {
    let dictionary = state.dictionary.get();
    let generation = generation(state, &dictionary);
    let slot = params.open_now.then(|| {
        let m = warsaw(state.clock.now());
        format!("{}-{}-{}", m.date, m.weekday, m.minute / 30)
    });
    // The answer's notices are in the caller's language.
    let key = format!("search|{params:?}|{slot:?}|{:?}", current_lang());
    if let Some(hit) = state.search_cache.get(generation, &key) {
        return Ok(hit);
    }
    let response = search(state, params, &dictionary).await?;
    let body = Bytes::from(serde_json::to_vec(&response).map_err(anyhow::Error::from)?);
    state.search_cache.put(generation, key, body.clone());
    Ok(body)
}

/// Suggestions as JSON, cached like searches.
pub fn suggest_json(state: &AppState, q: &str, limit: usize) -> Result<Bytes, ApiError> {
    let dictionary = state.dictionary.get();
    let generation = generation(state, &dictionary);
    let key = format!("suggest|{limit}|{}", q.to_lowercase());
    if let Some(hit) = state.search_cache.get(generation, &key) {
        return Ok(hit);
    }
    let body =
        Bytes::from(serde_json::to_vec(&suggest(state, q, limit)?).map_err(anyhow::Error::from)?);
    state.search_cache.put(generation, key, body.clone());
    Ok(body)
}

/// A query failed inside the index: 503 `index_unavailable`, and the index heals itself.
pub fn index_failed(state: &AppState, cause: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(error = %cause, "search failed inside the index");
    super::indexing::heal(&state.db, &state.index, &state.clock);
    ApiError::new(
        ErrorCode::IndexUnavailable,
        "Wyszukiwarka jest chwilowo niedostępna (indeks jest odbudowywany); spróbuj ponownie za chwilę.",
        "Search is briefly unavailable (the index is being rebuilt); try again shortly.",
    )
    .retry_after(5)
}

/// Runs a search.
pub async fn search(
    state: &AppState,
    params: SearchParams,
    dictionary: &Arc<Dictionary>,
) -> Result<SearchResponse, ApiError> {
    let needs = state.needs.get();
    let request = SearchRequest {
        as_typed: params.as_typed,
        text: params.q.clone(),
        filters: params.filters.clone(),
        age: params.age,
        open_at: params.open_now.then(|| warsaw(state.clock.now())),
        geo: params.geo,
        facets: FACETS.iter().map(|s| (*s).to_owned()).collect(),
        offset: usize::try_from((params.page - 1) * params.per_page).unwrap_or(usize::MAX),
        limit: usize::try_from(params.per_page).unwrap_or(20),
    };
    let index = Arc::clone(&state.index);
    let shared = Arc::clone(dictionary);
    let table = Arc::clone(&needs);
    let permit = state.search_gate.enter().await?;
    let results = tokio::task::spawn_blocking(move || {
        let results = index.search(&request, &shared, &table);
        drop(permit);
        results
    })
    .await;
    let results = match results {
        Ok(Ok(results)) => results,
        // A panic or a read error inside the index: damaged data. This query answers 503;
        // the index is rebuilt from the database in the background.
        Ok(Err(e)) => return Err(index_failed(state, &e)),
        Err(panic) => return Err(index_failed(state, &panic)),
    };
    let municipalities = state.municipalities.as_slice();
    let lang = current_lang();
    let need_code = |index: usize| {
        needs
            .need(index)
            .map(|n| n.code.clone())
            .unwrap_or_default()
    };
    let items = results
        .hits
        .into_iter()
        .map(|h| {
            let matched: Vec<Reason> = h.reasons.into_iter().map(reason).collect();
            let explain = params.explain.then(|| ItemExplanation {
                needs: h
                    .needs
                    .iter()
                    .map(|(index, role)| NeedRole {
                        need: need_code(*index),
                        role: role.as_str().to_owned(),
                    })
                    .collect(),
                words: matched.clone(),
                categories: h.display.categories.clone(),
            });
            SearchItem {
                stale: h.display.stale,
                notice: h.display.stale.then(|| Notice::Stale.text(lang).to_owned()),
                organization: HitOrganization {
                    name: h.organization,
                    kind: h.organization_kind,
                },
                municipalities: h
                    .display
                    .municipalities
                    .iter()
                    .map(|t| {
                        municipalities
                            .iter()
                            .find(|m| &m.teryt == t)
                            .cloned()
                            .unwrap_or_else(|| unknown_municipality(t))
                    })
                    .collect(),
                matched,
                explain,
                id: h.id,
                name: h.name,
                snippet: h.snippet,
                distance_km: h.distance_km.map(|d| (d * 100.0).round() / 100.0),
                score: h.score,
            }
        })
        .collect();
    let facets = results
        .facets
        .into_iter()
        .map(|(dimension, counts)| {
            let mut values: Vec<FacetValue> = counts
                .into_iter()
                .map(|(code, count)| FacetValue {
                    label: label(params.labels, &dimension, &code, municipalities),
                    code,
                    count,
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
            (dimension, values)
        })
        .collect();
    let total = results.total as u64;
    let fallback = if total == 0 || params.q.trim().is_empty() {
        Some(fallback(state, &params.q, dictionary, params.labels).await?)
    } else {
        None
    };
    let recognized: Vec<RecognizedNeed> = results
        .needs
        .iter()
        .filter_map(|m| {
            let need = needs.need(m.index)?;
            Some(RecognizedNeed {
                code: need.code.clone(),
                label: i18n::from_table(&need.label, lang),
                trigger: m.trigger.clone(),
                safety: need.safety,
            })
        })
        .collect();
    let pinned = pinned(state, &needs, &results.needs, lang).await?;
    Ok(SearchResponse {
        total,
        page: params.page,
        per_page: params.per_page,
        items,
        facets,
        did_you_mean: results.corrected_to.clone(),
        corrected_to: results.corrected_to,
        corrections: results
            .corrections
            .into_iter()
            .map(|c| UsedCorrection {
                typed: c.typed,
                corrected: c.corrected,
            })
            .collect(),
        needs: recognized,
        pinned,
        notice: params
            .truncated
            .then(|| Notice::QueryCut.text(lang).to_owned()),
        expansions: results
            .expansions
            .into_iter()
            .map(|e| UsedExpansion {
                matched: e.matched,
                phrases: e.phrases,
            })
            .collect(),
        fallback,
    })
}

fn reason(r: okienko_search::MatchReason) -> Reason {
    Reason {
        field: r.field.to_owned(),
        query: r.query,
        matched: r.matched,
        via: match r.via {
            Via::Word => "word",
            Via::Typo => "typo",
            Via::Synonym => "synonym",
        }
        .to_owned(),
    }
}

fn unknown_municipality(teryt: &str) -> Municipality {
    Municipality {
        teryt: teryt.to_owned(),
        name: teryt.to_owned(),
        kind: None,
        county: None,
        voivodeship: None,
    }
}

/// Categories shown when nothing matched.
const FALLBACK_CATEGORIES: usize = 6;

/// What the fallback needs from the database and the index, kept per index generation.
type FallbackData = (Option<InformationPoint>, Vec<(String, u64)>);

/// Cache of [`FallbackData`] for the current index generation.
#[derive(Default)]
pub struct FallbackCache {
    inner: std::sync::Mutex<Option<(u64, Arc<FallbackData>)>>,
}

pub(super) async fn fallback_data(state: &AppState) -> Result<Arc<FallbackData>, ApiError> {
    let generation = state.index.generation();
    if let Ok(guard) = state.fallback_cache.inner.lock()
        && let Some((g, data)) = guard.as_ref()
        && *g == generation
    {
        return Ok(Arc::clone(data));
    }
    let counts = state
        .index
        .facet_counts("category")
        .map_err(anyhow::Error::from)?;
    let data = Arc::new((information_point(state).await?, counts));
    if let Ok(mut guard) = state.fallback_cache.inner.lock() {
        *guard = Some((generation, Arc::clone(&data)));
    }
    Ok(data)
}

async fn fallback(
    state: &AppState,
    q: &str,
    dictionary: &Dictionary,
    lang: Lang,
) -> Result<Fallback, ApiError> {
    let data = fallback_data(state).await?;
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
async fn information_point(state: &AppState) -> Result<Option<InformationPoint>, ApiError> {
    let cus = persistence::OrganizationFilter {
        kind: Some(OrganizationKind::Cus),
        municipality: None,
    };
    let Some(org) = persistence::list_organizations(&state.db, &cus, 1, 1)
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
    let point = persistence::list_services(&state.db, &filter, 1, 1)
        .await?
        .0
        .pop();
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
    }))
}

/// One completion.
#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestion {
    /// `service` or `category`.
    pub kind: String,
    /// Text to show and search for.
    pub text: String,
    /// Service id (services) or category code (categories).
    pub id: String,
}

/// Completions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestions {
    /// Categories first, then services.
    pub suggestions: Vec<Suggestion>,
}

/// Categories whose Polish name has a word starting like the last typed word, then services.
pub fn suggest(state: &AppState, q: &str, limit: usize) -> Result<Suggestions, ApiError> {
    let mut suggestions = Vec::new();
    let last = q
        .split_whitespace()
        .last()
        .map(|w| okienko_search::analyzer::fold(&w.to_lowercase()));
    if let Some(prefix) = last.filter(|p| p.chars().count() >= 2) {
        for t in &vocabulary().categories {
            let name = okienko_search::analyzer::fold(&t.pl.to_lowercase());
            if name
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with(&prefix))
            {
                suggestions.push(Suggestion {
                    kind: "category".into(),
                    text: t.pl.clone(),
                    id: t.code.clone(),
                });
            }
        }
    }
    suggestions.truncate(limit / 2);
    let services = state
        .index
        .suggest(q, limit - suggestions.len())
        .map_err(|e| index_failed(state, &e))?;
    suggestions.extend(services.into_iter().map(|s| Suggestion {
        kind: "service".into(),
        text: s.name,
        id: s.id,
    }));
    Ok(Suggestions { suggestions })
}
