//! Search and suggestions: validated parameters in, ranked offers with facets out; an empty
//! result always carries the CUS information point and the closest categories.

use super::dictionary::DictionaryStore;
use super::needs::NeedStore;
use super::search_cache::SearchCache;
pub use super::search_error::SearchError;
pub use super::search_fallback::FallbackCache;
use super::search_fallback::fallback;
pub(super) use super::search_fallback::fallback_data;
use super::search_gate::SearchGate;
use super::search_labels as labels;
use super::search_needs::pinned;
pub use super::search_needs::{
    ItemExplanation, NeedRole, Pinned, PinnedHelpline, RecognizedNeed, UsedCorrection,
};
pub use super::search_views::{
    FacetValue, Fallback, HitOrganization, InformationPoint, Reason, SearchItem, SearchParams,
    SearchResponse, Suggestion, Suggestions, UsedExpansion,
};
use crate::clock::SharedClock;
use crate::directory::{Municipality, vocabulary};
use crate::domain::local_time::warsaw;
use crate::i18n::{self, Lang, Notice, current_lang};
use bytes::Bytes;
use okienko_search::{Dictionary, SearchIndex, SearchRequest, Via};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What searching works with: the index, the database (for the information point), the
/// clock, the dictionary and the needs table, the gminy's names, the answer caches and the
/// gate that admits fresh searches. Built once in `startup`.
#[derive(Clone)]
pub struct Searching {
    pub db: DatabaseConnection,
    pub index: Arc<SearchIndex>,
    pub clock: SharedClock,
    pub dictionary: Arc<DictionaryStore>,
    pub needs: Arc<NeedStore>,
    pub municipalities: Arc<Vec<Municipality>>,
    pub search_cache: Arc<SearchCache>,
    pub search_gate: Arc<SearchGate>,
    pub fallback_cache: Arc<FallbackCache>,
}

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

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
fn generation(desk: &Searching, dictionary: &Arc<Dictionary>) -> (u64, usize) {
    (
        desk.index.generation(),
        (Arc::as_ptr(dictionary) as usize) ^ (desk.needs.version() as usize).rotate_left(48),
    )
}

/// The state of what search answers depend on, to keep something derived from an answer
/// (the staff counter's rendered result list) in the answer cache: valid until the index,
/// the dictionary or the needs table change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerGeneration((u64, usize));

/// What answers depend on now.
pub fn answer_generation(desk: &Searching) -> AnswerGeneration {
    AnswerGeneration(generation(desk, &desk.dictionary.get()))
}

/// Something kept under `key` for this generation, if any.
pub fn cached(desk: &Searching, at: AnswerGeneration, key: &str) -> Option<Bytes> {
    desk.search_cache.get(at.0, key)
}

/// Keeps `value` under `key` for this generation (dropped when it has passed).
pub fn keep(desk: &Searching, at: AnswerGeneration, key: String, value: Bytes) {
    desk.search_cache.put(at.0, key, value);
}

/// A search answer as JSON, from the cache when the same request was answered since the
/// last index commit. "Open now" requests are keyed by their half-hour.
pub async fn search_json(desk: &Searching, params: SearchParams) -> Result<Bytes, SearchError> {
    let dictionary = desk.dictionary.get();
    let generation = generation(desk, &dictionary);
    let slot = params.open_now.then(|| {
        let m = warsaw(desk.clock.now());
        format!("{}-{}-{}", m.date, m.weekday, m.minute / 30)
    });
    // The answer's notices are in the caller's language.
    let key = format!("search|{params:?}|{slot:?}|{:?}", current_lang());
    if let Some(hit) = desk.search_cache.get(generation, &key) {
        return Ok(hit);
    }
    let response = search(desk, params, &dictionary).await?;
    let body = Bytes::from(serde_json::to_vec(&response).map_err(anyhow::Error::from)?);
    desk.search_cache.put(generation, key, body.clone());
    Ok(body)
}

/// Suggestions as JSON, cached like searches; the index is asked on a blocking thread.
pub async fn suggest_json(desk: &Searching, q: String, limit: usize) -> Result<Bytes, SearchError> {
    let dictionary = desk.dictionary.get();
    let generation = generation(desk, &dictionary);
    let key = format!("suggest|{limit}|{}", q.to_lowercase());
    if let Some(hit) = desk.search_cache.get(generation, &key) {
        return Ok(hit);
    }
    let shared = desk.clone();
    let suggestions = match tokio::task::spawn_blocking(move || suggest(&shared, &q, limit)).await {
        Ok(answer) => answer?,
        Err(panic) => return Err(index_failed(desk, &panic)),
    };
    let body = Bytes::from(serde_json::to_vec(&suggestions).map_err(anyhow::Error::from)?);
    desk.search_cache.put(generation, key, body.clone());
    Ok(body)
}

/// A query failed inside the index: the index heals itself, the caller hears
/// [`SearchError::IndexUnavailable`].
fn index_failed(desk: &Searching, cause: &dyn std::fmt::Display) -> SearchError {
    tracing::error!(error = %cause, "search failed inside the index");
    super::indexing::heal(&desk.db, &desk.index, &desk.clock);
    SearchError::IndexUnavailable
}

/// Runs a search.
pub async fn search(
    desk: &Searching,
    params: SearchParams,
    dictionary: &Arc<Dictionary>,
) -> Result<SearchResponse, SearchError> {
    let needs = desk.needs.get();
    let request = SearchRequest {
        as_typed: params.as_typed,
        text: params.q.clone(),
        filters: params.filters.clone(),
        age: params.age,
        open_at: params.open_now.then(|| warsaw(desk.clock.now())),
        geo: params.geo,
        facets: if params.brief {
            Vec::new()
        } else {
            FACETS.iter().map(|s| (*s).to_owned()).collect()
        },
        brief: params.brief,
        offset: usize::try_from((params.page - 1) * params.per_page).unwrap_or(usize::MAX),
        limit: usize::try_from(params.per_page).unwrap_or(20),
    };
    let index = Arc::clone(&desk.index);
    let shared = Arc::clone(dictionary);
    let table = Arc::clone(&needs);
    let permit = desk.search_gate.enter().await?;
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
        Ok(Err(e)) => return Err(index_failed(desk, &e)),
        Err(panic) => return Err(index_failed(desk, &panic)),
    };
    let municipalities = desk.municipalities.as_slice();
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
                contact: h.contact,
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
        Some(fallback(desk, &params.q, dictionary, params.labels).await?)
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
    let pinned = pinned(desk, &needs, &results.needs, lang).await?;
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

/// Categories whose Polish name has a word starting like the last typed word, then services.
pub fn suggest(desk: &Searching, q: &str, limit: usize) -> Result<Suggestions, SearchError> {
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
    let services = desk
        .index
        .suggest(q, limit - suggestions.len())
        .map_err(|e| index_failed(desk, &e))?;
    suggestions.extend(services.into_iter().map(|s| Suggestion {
        kind: "service".into(),
        text: s.name,
        id: s.id,
    }));
    Ok(Suggestions { suggestions })
}
