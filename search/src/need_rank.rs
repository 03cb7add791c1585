//! Ranking with recognized needs in one pass. An offer's need bonus is a coefficient of its
//! categories (see [`crate::need_query`]'s weights) times the best text score of the query,
//! which is known only once every offer is scored. Offers with the same coefficient (and
//! staleness) keep their text order, so the collector keeps the best of each such class and
//! ranks them all when the best text score is known: exact, without a second scoring pass.

use crate::docbits::{DocBits, Matches};
use crate::engine::STALE_FACTOR;
use crate::facet_counts::FacetCache;
use crate::need_query::{self, LATER_NEED, MIN_SCALE, ORDINARY, SAFETY, STRONG};
use crate::needs::{NeedMatch, NeedTable};
use crate::schema::Fields;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::ColumnValues;
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// One recognized need's bonus weights (already times the need's own weight) and the
/// offers it concerns, in one segment.
struct NeedBits {
    /// (direct answer, direct answer naming the person's group, adjoining, first direct).
    weights: [f32; 4],
    direct: DocBits,
    direct_in_group: Option<DocBits>,
    first: DocBits,
    adjoining: DocBits,
    excluded: DocBits,
}

impl NeedBits {
    fn coefficient(&self, doc: DocId) -> f32 {
        if self.excluded.contains(doc) {
            return 0.0;
        }
        let [direct_w, group_w, adj_w, first_w] = self.weights;
        let mut c = 0.0;
        if self.direct.contains(doc) {
            c += direct_w;
            if self
                .direct_in_group
                .as_ref()
                .is_some_and(|g| g.contains(doc))
            {
                c += group_w;
            }
            if self.first.contains(doc) {
                c += first_w;
            }
        }
        if self.adjoining.contains(doc) {
            c += adj_w;
        }
        c
    }
}

/// The needs' bonuses per segment.
#[derive(Default)]
pub struct NeedBonus {
    segments: HashMap<SegmentId, Arc<Vec<NeedBits>>>,
}

impl NeedBonus {
    /// The bonuses of the recognized needs; `coverage` is the share of the query's words
    /// their triggers cover.
    pub fn new(
        searcher: &Searcher,
        cache: &FacetCache,
        f: &Fields,
        recognized: &[NeedMatch],
        coverage: f32,
        table: &NeedTable,
    ) -> tantivy::Result<Self> {
        let mut segments = HashMap::new();
        let needs: Vec<_> = recognized
            .iter()
            .filter_map(|m| table.need(m.index))
            .collect();
        let named: Vec<Option<Matches>> = needs
            .iter()
            .map(|need| {
                need_query::named_not_for(need, f)
                    .map(|q| Matches::of(searcher, q.as_ref()))
                    .transpose()
            })
            .collect::<tantivy::Result<_>>()?;
        for segment in searcher.segment_readers() {
            let bits = |dimension: &str, codes: &[String]| {
                cache.union(searcher, segment, f.facets, dimension, codes)
            };
            let mut per_need = Vec::with_capacity(needs.len());
            for (i, need) in needs.iter().enumerate() {
                let [direct_w, group_w, adj_w, first_w] = if need.safety {
                    SAFETY
                } else if coverage >= need_query::STRONG_COVERAGE {
                    STRONG
                } else {
                    ORDINARY
                };
                let weight = if i > 0 { LATER_NEED } else { 1.0 };
                let direct = bits("category", &need.direct)?;
                let direct_in_group = if need.groups.is_empty() {
                    None
                } else {
                    let mut g = bits("target_group", &need.groups)?;
                    g.intersect_with(&direct);
                    Some(g)
                };
                let mut excluded = bits("category", &need.not_for_categories)?;
                if let Some(named) = named[i]
                    .as_ref()
                    .and_then(|m| m.segment(segment.segment_id()))
                {
                    excluded.union_with(named);
                }
                per_need.push(NeedBits {
                    weights: [direct_w, group_w, adj_w, first_w].map(|w| w * weight),
                    first: bits("category", &need.direct[..need.direct.len().min(1)])?,
                    direct,
                    direct_in_group,
                    adjoining: bits("category", &need.adjoining)?,
                    excluded,
                });
            }
            segments.insert(segment.segment_id(), Arc::new(per_need));
        }
        Ok(Self { segments })
    }
}

/// The best `limit` offers after skipping `offset`, by text score plus need bonus, times
/// [`STALE_FACTOR`] for stale offers.
pub struct NeedRanked {
    bonus: NeedBonus,
    offset: usize,
    limit: usize,
}

impl NeedRanked {
    /// Ranks with `bonus`.
    pub fn new(bonus: NeedBonus, offset: usize, limit: usize) -> Self {
        Self {
            bonus,
            offset,
            limit,
        }
    }
}

/// Offers of one class: the best `keep` by text score.
#[derive(Default)]
struct Class {
    best: Vec<(Score, DocId)>,
    /// Once the list was cut: the lowest score kept. Later documents need more to get in
    /// (an equal score loses to the lower document already kept).
    floor: Option<Score>,
}

/// Collects one segment.
pub struct SegmentNeedRanked {
    ordinal: SegmentOrdinal,
    needs: Arc<Vec<NeedBits>>,
    stale: Option<Arc<dyn ColumnValues<u64>>>,
    keep: usize,
    best_text: Score,
    /// A few classes at most (one per distinct coefficient and staleness): a list is faster
    /// than a map for a lookup per document.
    classes: Vec<((u32, bool), Class)>,
}

/// One class's best offers: (coefficient, stale, [(text score, address)]).
type ClassBest = (f32, bool, Vec<(Score, DocAddress)>);

/// What a segment found: its best text score and each class's best offers.
pub struct SegmentRanking {
    best_text: Score,
    classes: Vec<ClassBest>,
}

impl Collector for NeedRanked {
    type Fruit = Vec<(f64, DocAddress)>;
    type Child = SegmentNeedRanked;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentNeedRanked> {
        Ok(SegmentNeedRanked {
            ordinal,
            needs: self
                .bonus
                .segments
                .get(&segment.segment_id())
                .cloned()
                .unwrap_or_default(),
            stale: segment
                .fast_fields()
                .u64("stale")
                .ok()
                .map(|c| c.first_or_default_col(0)),
            keep: self.offset + self.limit,
            best_text: 0.0,
            classes: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentRanking>) -> tantivy::Result<Self::Fruit> {
        let best = fruits.iter().map(|f| f.best_text).fold(0.0, f32::max);
        let scale = best.max(MIN_SCALE);
        let mut all: Vec<(f64, DocAddress)> = fruits
            .into_iter()
            .flat_map(|f| f.classes)
            .flat_map(|(c, stale, docs)| {
                docs.into_iter().map(move |(text, address)| {
                    let score = text + c * scale;
                    let score = if stale { score * STALE_FACTOR } else { score };
                    (f64::from(score), address)
                })
            })
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(all.into_iter().skip(self.offset).take(self.limit).collect())
    }
}

impl SegmentCollector for SegmentNeedRanked {
    type Fruit = SegmentRanking;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.best_text = self.best_text.max(score);
        let c = self
            .needs
            .iter()
            .map(|n| n.coefficient(doc))
            .fold(0.0, f32::max);
        let stale = self.stale.as_ref().is_some_and(|s| s.get_val(doc) == 1);
        let key = (c.to_bits(), stale);
        let at = match self.classes.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.classes.push((key, Class::default()));
                self.classes.len() - 1
            }
        };
        let class = &mut self.classes[at].1;
        if class.floor.is_some_and(|floor| score <= floor) {
            return;
        }
        class.best.push((score, doc));
        if class.best.len() >= 2 * self.keep.max(16) {
            class.floor = truncate(&mut class.best, self.keep);
        }
    }

    fn harvest(self) -> SegmentRanking {
        let ordinal = self.ordinal;
        let keep = self.keep;
        SegmentRanking {
            best_text: self.best_text,
            classes: self
                .classes
                .into_iter()
                .map(|((c, stale), mut class)| {
                    truncate(&mut class.best, keep);
                    let docs = class
                        .best
                        .into_iter()
                        .map(|(s, d)| (s, DocAddress::new(ordinal, d)))
                        .collect();
                    (f32::from_bits(c), stale, docs)
                })
                .collect(),
        }
    }
}

/// Keeps the `keep` best (highest score, then lowest document); returns the lowest score
/// kept when some were cut.
fn truncate(best: &mut Vec<(Score, DocId)>, keep: usize) -> Option<Score> {
    if best.len() <= keep || keep == 0 {
        best.truncate(keep);
        return None;
    }
    best.select_nth_unstable_by(keep - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    best.truncate(keep);
    Some(best[keep - 1].0)
}

#[cfg(test)]
mod tests {
    use crate::needs::{NeedTable, NeedsFile};
    use crate::{Dictionary, SearchIndex, SearchRequest, ServiceDoc};

    fn doc(id: &str, name: &str, category: &str, stale: bool) -> ServiceDoc {
        ServiceDoc {
            id: id.into(),
            name: name.into(),
            body: name.into(),
            facets: vec![("category".into(), category.into())],
            stale,
            ..ServiceDoc::default()
        }
    }

    fn table() -> NeedTable {
        let file: NeedsFile = serde_json::from_str(
            r#"{"version": 1, "helplines": [], "needs": [{"code": "violence",
                "label": {"pl": "Przemoc"}, "safety": true,
                "triggers": {"pl": ["przemoc"]},
                "direct": ["domestic_violence"], "adjoining": ["legal_aid"],
                "not_for": ["stosujących przemoc"], "not_for_categories": ["volunteering"]}]}"#,
        )
        .expect("needs");
        let categories = ["domestic_violence", "legal_aid", "volunteering", "sport"];
        NeedTable::new(file, &categories, &[]).expect("table")
    }

    fn ids(index: &SearchIndex, offset: usize, limit: usize) -> Vec<String> {
        let request = SearchRequest {
            text: "przemoc w domu".into(),
            offset,
            limit,
            ..SearchRequest::default()
        };
        let results = index
            .search(&request, &Dictionary::default(), &table())
            .expect("search");
        results.hits.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn direct_answers_lead_then_adjoining_and_paging_agrees() {
        let index = SearchIndex::in_ram().expect("index");
        index
            .upsert(&[
                doc(
                    "perpetrators",
                    "Przemoc, przemoc: program dla osób stosujących przemoc",
                    "domestic_violence",
                    false,
                ),
                doc(
                    "volunteers",
                    "Przemoc – szkolenie wolontariuszy",
                    "volunteering",
                    false,
                ),
                // Worded as "legal" and indexed before it: only the bonus puts "legal" first.
                doc("pool", "Basen i przemoc w sporcie", "sport", false),
                doc("legal", "Basen i przemoc w sporcie", "legal_aid", false),
                doc("card", "Niebieska Karta", "domestic_violence", false),
                doc(
                    "old_card",
                    "Niebieska Karta w filii",
                    "domestic_violence",
                    true,
                ),
            ])
            .expect("upsert");
        index.commit().expect("commit");
        let all = ids(&index, 0, 10);
        // Safety need: the direct answers lead even without the word, the stale one after the
        // fresh one; an adjoining offer passes one worded the same; perpetrators' and
        // volunteers' offers rank by their words only.
        assert_eq!(all[..2], ["card", "old_card"], "{all:?}");
        let at = |id: &str| all.iter().position(|x| x == id);
        assert!(at("legal") < at("pool"), "{all:?}");
        assert_eq!(all.len(), 6);
        let paged: Vec<String> = (0..3).flat_map(|page| ids(&index, page * 2, 2)).collect();
        assert_eq!(
            paged, all,
            "pages of two list the same offers in the same order"
        );
    }

    #[test]
    fn cutting_keeps_the_best_and_names_the_lowest_kept() {
        use super::truncate;
        use tantivy::{DocId, Score};
        let mut best: Vec<(Score, DocId)> = vec![(1.0, 0), (3.0, 1), (2.0, 2), (3.0, 3), (0.5, 4)];
        assert_eq!(truncate(&mut best, 3), Some(2.0));
        best.sort_by_key(|(_, d)| *d);
        assert_eq!(best, [(3.0, 1), (2.0, 2), (3.0, 3)]);
        assert_eq!(truncate(&mut best, 5), None, "nothing to cut");
    }
}
