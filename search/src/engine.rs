//! Running a search: filters, ranking, facets, snippets, reasons and corrections.

use crate::correction::Correction;
use crate::docbits::{MatchCollector, Matches};
use crate::document::{closed_term, slot_term};
use crate::hits::Hit;
use crate::need_rank::{NeedBonus, NeedRanked};
use crate::needs::{NeedMatch, NeedTable};
use crate::query::{Known, QueryPlan, QueryWord};
use crate::schema::Fields;
use crate::synonyms::{Dictionary, Expansion};
use crate::vocabulary::Vocabulary;
use crate::{SearchError, SearchIndex};
use tantivy::collector::{FacetCollector, TopDocs};
use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, DocId, Score, SegmentReader, Term};

/// Score multiplier of offers not confirmed for a long time.
pub const STALE_FACTOR: f32 = 0.7;
/// Earth radius for distances, km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Where and how far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoFilter {
    /// Latitude of the resident.
    pub lat: f64,
    /// Longitude of the resident.
    pub lon: f64,
    /// Only offers with a place within this distance.
    pub radius_km: Option<f64>,
    /// Nearest first instead of most relevant first.
    pub by_distance: bool,
}

/// A moment in local time, for "open now".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMoment {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Minutes since midnight.
    pub minute: u16,
    /// ISO date.
    pub date: String,
}

/// A search.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// What the resident typed (may be empty).
    pub text: String,
    /// Facet filters (dimension, code), all required.
    pub filters: Vec<(String, String)>,
    /// Only offers for this age.
    pub age: Option<u32>,
    /// Only offers open at this moment.
    pub open_at: Option<LocalMoment>,
    /// Distance filter and sort.
    pub geo: Option<GeoFilter>,
    /// Facet dimensions to count.
    pub facets: Vec<String>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return.
    pub limit: usize,
    /// Search the words as typed, without replacing unknown words by known ones.
    pub as_typed: bool,
    /// Hits without snippets and match reasons (a list of names, as on the staff counter).
    pub brief: bool,
}

/// The answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// Matching offers in total.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts per dimension: (dimension, [(code, count)]).
    pub facets: Vec<crate::facet_counts::DimensionCounts>,
    /// Dictionary rules applied.
    pub expansions: Vec<Expansion>,
    /// The query as searched, when words unknown to the index and to the word lists were
    /// replaced by their nearest known forms.
    pub corrected_to: Option<String>,
    /// The replaced words.
    pub corrections: Vec<Correction>,
    /// Needs recognized in the query, safety needs first.
    pub needs: Vec<NeedMatch>,
}

fn filter(q: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

fn facet_term(f: &Fields, dimension: &str, code: &str) -> Box<dyn Query> {
    let term = Term::from_facet(f.facets, &Facet::from_path([dimension, code]));
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// Great-circle distance, km.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// Nearest place of a document (fast fields), km.
fn nearest(
    lat: &tantivy::columnar::Column<f64>,
    lon: &tantivy::columnar::Column<f64>,
    doc: DocId,
    geo: GeoFilter,
) -> Option<f64> {
    lat.values_for_doc(doc)
        .zip(lon.values_for_doc(doc))
        .map(|(a, b)| distance_km(geo.lat, geo.lon, a, b))
        .min_by(f64::total_cmp)
}

fn geo_columns(
    segment: &SegmentReader,
) -> tantivy::Result<(
    tantivy::columnar::Column<f64>,
    tantivy::columnar::Column<f64>,
)> {
    Ok((
        segment.fast_fields().f64("lat")?,
        segment.fast_fields().f64("lon")?,
    ))
}

impl SearchIndex {
    /// Runs a search with the given dictionary.
    pub fn search(
        &self,
        request: &SearchRequest,
        dictionary: &Dictionary,
        needs: &NeedTable,
    ) -> Result<SearchResults, SearchError> {
        let started = std::time::Instant::now();
        let f = self.fields;
        let vocabulary = self.vocabulary();
        let searcher = self.reader.searcher();
        let has = |field, text: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, text))
                .is_ok_and(|n| n > 0)
        };
        let recognize = &|w: QueryWord| -> QueryWord {
            let w = if [f.name_exact, f.body_exact]
                .iter()
                .any(|field| has(*field, &w.exact))
            {
                w
            } else {
                w.trusting_restored()
            };
            let known = if !w.restored.is_empty()
                || [f.name, f.terms, f.body]
                    .iter()
                    .any(|field| has(*field, &w.stem))
            {
                Known::Stem
            } else if [f.name_fold, f.terms_fold, f.body_fold]
                .iter()
                .any(|field| has(*field, &w.fold))
            {
                Known::Folded
            } else {
                Known::Unknown
            };
            w.with_known(known)
        };
        let mut plan = QueryPlan::new(&request.text, dictionary, needs, &vocabulary, recognize);
        let corrections = if !request.as_typed {
            crate::correction::correct(self.fields, &searcher, &mut plan, &vocabulary, recognize)?
        } else {
            Vec::new()
        };
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (dimension, code) in &request.filters {
            filters.push(filter(facet_term(&f, dimension, code)));
        }
        if let Some(moment) = &request.open_at {
            let slot =
                Term::from_field_text(f.open_slots, &slot_term(moment.weekday, moment.minute));
            filters.push(filter(Box::new(TermQuery::new(
                slot,
                IndexRecordOption::Basic,
            ))));
            let closed = Term::from_field_text(f.open_slots, &closed_term(&moment.date));
            filters.push((
                Occur::MustNot,
                Box::new(TermQuery::new(closed, IndexRecordOption::Basic)),
            ));
        }
        if let Some(age) = request.age {
            let age = i64::from(age);
            let predicate = FunctionPredicate::from(move |segment: &SegmentReader| {
                let min = segment.fast_fields().i64("min_age")?;
                let max = segment.fast_fields().i64("max_age")?;
                Ok(move |doc: DocId| {
                    min.first(doc).is_none_or(|m| m <= age)
                        && max.first(doc).is_none_or(|m| m >= age)
                })
            });
            filters.push(filter(Box::new(DocPredicateQuery::from(predicate))));
        }
        if let Some(geo) = request.geo.filter(|g| g.radius_km.is_some()) {
            let radius = geo.radius_km.unwrap_or(f64::MAX);
            let predicate = FunctionPredicate::from(move |segment: &SegmentReader| {
                let (lat, lon) = geo_columns(segment)?;
                Ok(move |doc: DocId| nearest(&lat, &lon, doc, geo).is_some_and(|d| d <= radius))
            });
            filters.push(filter(Box::new(DocPredicateQuery::from(predicate))));
        }
        let with_filters = |q: Box<dyn Query>| -> BooleanQuery {
            let mut clauses = vec![(Occur::Must, q)];
            clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
            BooleanQuery::new(clauses)
        };
        let scoring: Box<dyn Query> = if plan.is_empty() {
            Box::new(AllQuery)
        } else {
            let text = plan.text_query(&f, &vocabulary, |key, q| {
                self.phrase_scores.query(&searcher, key, q)
            })?;
            let candidates =
                crate::need_query::candidates(&plan.needs, plan.need_coverage, needs, &f, || {
                    crate::docbits::count_up_to(
                        &searcher,
                        &with_filters(text.box_clone()),
                        crate::need_query::FEW_RESULTS,
                    )
                })?;
            match candidates {
                Some(candidates) => Box::new(BooleanQuery::new(vec![
                    (Occur::Should, text),
                    (Occur::Should, candidates),
                ])),
                None => text,
            }
        };
        let query = with_filters(scoring);
        let limit = request.limit.max(1);
        let top = TopDocs::with_limit(limit).and_offset(request.offset);
        let (ranked, matches): (Vec<(f64, DocAddress)>, Matches) =
            match request.geo.filter(|g| g.by_distance) {
                None if !plan.needs.is_empty() => {
                    let bonus = NeedBonus::new(
                        &searcher,
                        &self.facet_cache,
                        &f,
                        &plan.needs,
                        plan.need_coverage,
                        needs,
                    )?;
                    searcher.search(
                        &query,
                        &(
                            NeedRanked::new(bonus, request.offset, limit),
                            MatchCollector,
                        ),
                    )?
                }
                Some(geo) => searcher.search(
                    &query,
                    &(
                        top.tweak_score(move |segment: &SegmentReader| {
                            let columns = geo_columns(segment);
                            move |doc: DocId, _score: Score| -> f64 {
                                columns
                                    .as_ref()
                                    .ok()
                                    .and_then(|(lat, lon)| nearest(lat, lon, doc, geo))
                                    .map_or(f64::MIN, |d| -d)
                            }
                        }),
                        MatchCollector,
                    ),
                )?,
                None => searcher.search(
                    &query,
                    &(
                        top.tweak_score(move |segment: &SegmentReader| {
                            let stale = segment
                                .fast_fields()
                                .u64("stale")
                                .ok()
                                .map(|c| c.first_or_default_col(0));
                            move |doc: DocId, score: Score| -> f64 {
                                let is_stale = stale.as_ref().is_some_and(|c| c.get_val(doc) == 1);
                                f64::from(if is_stale {
                                    score * STALE_FACTOR
                                } else {
                                    score
                                })
                            }
                        }),
                        MatchCollector,
                    ),
                )?,
            };
        let total = matches.len();
        let facets = self
            .facet_cache
            .counts(&searcher, f.facets, &matches, &request.facets)?;

        let ranked_at = started.elapsed();
        let hits = crate::hits::build(
            &searcher,
            &f,
            (!request.brief).then_some(&query as &dyn Query),
            &plan,
            needs,
            request.geo,
            ranked,
        )?;
        tracing::debug!(
            words = plan.words.len(),
            total,
            rank_us = ranked_at.as_micros(),
            hits_us = (started.elapsed() - ranked_at).as_micros(),
            "search timing"
        );
        let corrected_to = crate::correction::corrected_text(&request.text, &corrections);
        Ok(SearchResults {
            total,
            hits,
            facets,
            expansions: plan.expansions,
            corrected_to,
            corrections,
            needs: plan.needs,
        })
    }

    /// Counts of every value of a facet dimension over the whole index.
    pub fn facet_counts(&self, dimension: &str) -> Result<Vec<(String, u64)>, SearchError> {
        let mut collector = FacetCollector::for_field("facets");
        collector.add_facet(Facet::from_path([dimension]));
        let counts = self.reader.searcher().search(&AllQuery, &collector)?;
        Ok(counts
            .get(Facet::from_path([dimension]))
            .map(|(facet, n)| {
                (
                    facet
                        .to_path()
                        .last()
                        .map(|s| (*s).to_owned())
                        .unwrap_or_default(),
                    n,
                )
            })
            .collect())
    }

    /// Changes whenever a commit becomes visible (for caches of search results).
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    pub(crate) fn vocabulary(&self) -> std::sync::Arc<Vocabulary> {
        self.vocabulary
            .read()
            .map(|v| std::sync::Arc::clone(&v))
            .unwrap_or_default()
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
