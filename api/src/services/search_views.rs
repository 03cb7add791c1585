//! What search answers: the validated parameters, the offers found with their facets, match
//! reasons and needs, the help shown when nothing matched, and suggestions.

use super::search_needs::{ItemExplanation, Pinned, RecognizedNeed, UsedCorrection};
use crate::directory::Municipality;
use crate::i18n::Lang;
use okienko_search::GeoFilter;
use serde::Serialize;
use utoipa::ToSchema;

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
    /// A brief answer, as the staff panel's counter screen shows it: no facet counts,
    /// snippets or match reasons.
    pub brief: bool,
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
    /// Liaison, phones, hours and last confirmation, for the staff counter.
    #[serde(skip)]
    pub contact: okienko_search::Contact,
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
    /// Opening hours (for messages; the search answer does not carry them).
    #[serde(skip)]
    pub schedule: Vec<crate::directory::OpeningHours>,
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
