//! Building a page's results: each ranked offer's stored document, its description snippet
//! with the matched words marked, and why it matched (the description analyzed once for
//! both).

use crate::analyzer::stem_analyzer;
use crate::document::{Contact, Display};
use crate::engine::{GeoFilter, distance_km};
use crate::explain::{MatchReason, Reasons, spans_where};
use crate::need_query::{Role, role};
use crate::needs::NeedTable;
use crate::query::QueryPlan;
use crate::schema::Fields;
use crate::snippet::SnippetTerms;
use tantivy::query::Query;
use tantivy::{DocAddress, Searcher, TantivyDocument};

/// Characters in a snippet.
pub const SNIPPET_CHARS: usize = 220;

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Service id.
    pub id: String,
    /// Service name.
    pub name: String,
    /// Organization name.
    pub organization: String,
    /// Organization kind code.
    pub organization_kind: String,
    /// Description fragment with `<mark>` around matched words (HTML-escaped otherwise);
    /// empty in a brief list.
    pub snippet: String,
    /// Ranking score.
    pub score: f32,
    /// Distance to the nearest place, km (geo searches only).
    pub distance_km: Option<f64>,
    /// Stored display data.
    pub display: Display,
    /// Stored contact data.
    pub contact: Contact,
    /// Why it matched (none in a brief list).
    pub reasons: Vec<MatchReason>,
    /// How it stands to each recognized need: (position in the need table, role).
    pub needs: Vec<(usize, Role)>,
}

/// The results of `ranked` (score, address); `detailed` is the query that ranked them, to
/// mark snippets and tell why each matched (a brief list, without either, passes `None`).
pub fn build(
    searcher: &Searcher,
    f: &Fields,
    detailed: Option<&dyn Query>,
    plan: &QueryPlan,
    needs: &NeedTable,
    geo: Option<GeoFilter>,
    ranked: Vec<(f64, DocAddress)>,
) -> tantivy::Result<Vec<Hit>> {
    let mut stem = stem_analyzer();
    // What a detailed list marks and explains, worked out once for the page.
    let detail = match detailed {
        Some(query) => Some((
            snippet_terms(searcher, f, query)?,
            Reasons::new(plan, &mut stem),
        )),
        None => None,
    };
    let mut hits = Vec::with_capacity(ranked.len());
    for (score, address) in ranked {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| crate::document::stored_text(&doc, field);
        let display: Display = serde_json::from_str(&text(f.display)).unwrap_or_default();
        let (snippet, reasons) = match &detail {
            Some((terms, reasons)) => {
                let body = text(f.body);
                let spans = spans_where(&mut stem, &body, |s, word| {
                    terms.has(s) || reasons.wants(s, word)
                });
                let snippet = crate::snippet::html(&body, &spans, terms, SNIPPET_CHARS);
                let reasons = reasons.of(
                    &mut stem,
                    &text(f.name),
                    &display.terms,
                    (&body, spans),
                    &text(f.organization),
                );
                (snippet, reasons)
            }
            None => (String::new(), Vec::new()),
        };
        let distance_km = geo.and_then(|g| {
            display
                .places
                .iter()
                .map(|p| distance_km(g.lat, g.lon, p.lat, p.lon))
                .min_by(f64::total_cmp)
        });
        let roles = plan
            .needs
            .iter()
            .filter_map(|m| {
                let need = needs.need(m.index)?;
                role(need, &display.categories, &text(f.name)).map(|r| (m.index, r))
            })
            .collect();
        hits.push(Hit {
            id: text(f.id),
            name: text(f.name),
            organization: text(f.organization),
            organization_kind: text(f.organization_kind),
            snippet,
            score: if geo.is_some_and(|g| g.by_distance) {
                0.0
            } else {
                score as f32
            },
            distance_km,
            display,
            contact: serde_json::from_str(&text(f.contact)).unwrap_or_default(),
            reasons,
            needs: roles,
        });
    }
    Ok(hits)
}

/// The description's words of the query (what the snippet marks), with how many offers
/// hold each.
fn snippet_terms(
    searcher: &Searcher,
    f: &Fields,
    query: &dyn Query,
) -> tantivy::Result<SnippetTerms> {
    let mut terms = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == f.body
            && let Some(text) = term.value().as_str()
        {
            terms.push((term.clone(), text.to_owned()));
        }
    });
    let mut weighted = Vec::with_capacity(terms.len());
    for (term, text) in terms {
        weighted.push((text, searcher.doc_freq(&term)?));
    }
    Ok(SnippetTerms::new(weighted))
}
