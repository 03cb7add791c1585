//! Sets of matching documents, one bit a document per segment: counting and faceting a large
//! result costs a few word operations instead of a collector call per document.

use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// Documents of one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocBits {
    words: Vec<u64>,
}

impl DocBits {
    /// No document of a segment of `max_doc` documents.
    pub fn empty(max_doc: DocId) -> Self {
        Self {
            words: vec![0; (max_doc as usize).div_ceil(64)],
        }
    }

    /// Adds a document.
    pub fn insert(&mut self, doc: DocId) {
        self.words[(doc / 64) as usize] |= 1 << (doc % 64);
    }

    /// Whether the document is in.
    pub fn contains(&self, doc: DocId) -> bool {
        self.words
            .get((doc / 64) as usize)
            .is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }

    /// How many documents are in.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether no document is in.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// How many documents both sets hold.
    pub fn and_len(&self, other: &DocBits) -> usize {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// Adds every document of `other`.
    pub fn union_with(&mut self, other: &DocBits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Keeps only the documents `other` holds too.
    pub fn intersect_with(&mut self, other: &DocBits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }
}

/// A set of documents in every segment of one searcher.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    segments: HashMap<SegmentId, DocBits>,
}

impl Matches {
    /// The live documents `query` matches, without scoring them.
    pub fn of(searcher: &Searcher, query: &dyn Query) -> tantivy::Result<Self> {
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut segments = HashMap::new();
        for segment in searcher.segment_readers() {
            let mut bits = DocBits::empty(segment.max_doc());
            let alive = segment.alive_bitset();
            weight.for_each_no_score(segment, &mut |docs| {
                for doc in docs {
                    if alive.is_none_or(|a| a.is_alive(*doc)) {
                        bits.insert(*doc);
                    }
                }
            })?;
            segments.insert(segment.segment_id(), bits);
        }
        Ok(Self { segments })
    }

    /// How many documents are in.
    pub fn len(&self) -> usize {
        self.segments.values().map(DocBits::len).sum()
    }

    /// The set of one segment.
    pub fn segment(&self, id: SegmentId) -> Option<&DocBits> {
        self.segments.get(&id)
    }
}

/// How many live documents `query` matches, counting no further than `limit`: deciding
/// whether a query finds "few" offers then reads a few postings, not all of them.
pub fn count_up_to(searcher: &Searcher, query: &dyn Query, limit: usize) -> tantivy::Result<usize> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut count = 0;
    for segment in searcher.segment_readers() {
        let alive = segment.alive_bitset();
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = scorer.doc();
        while doc != tantivy::TERMINATED && count < limit {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                count += 1;
            }
            doc = scorer.advance();
        }
        if count >= limit {
            break;
        }
    }
    Ok(count)
}

/// Collects the documents a query matches (alongside a ranking collector, in the same pass).
pub struct MatchCollector;

/// [`MatchCollector`] in one segment.
pub struct SegmentMatches {
    id: SegmentId,
    bits: DocBits,
}

impl Collector for MatchCollector {
    type Fruit = Matches;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            id: segment.segment_id(),
            bits: DocBits::empty(segment.max_doc()),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(SegmentId, DocBits)>) -> tantivy::Result<Matches> {
        Ok(Matches {
            segments: fruits.into_iter().collect(),
        })
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = (SegmentId, DocBits);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.bits.insert(doc);
    }

    fn harvest(self) -> (SegmentId, DocBits) {
        (self.id, self.bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(docs: &[DocId]) -> DocBits {
        let mut bits = DocBits::empty(200);
        for doc in docs {
            bits.insert(*doc);
        }
        bits
    }

    #[test]
    fn sets_count_their_documents_and_intersections() {
        let a = bits(&[0, 63, 64, 130, 199]);
        let b = bits(&[63, 130, 150]);
        assert_eq!(a.len(), 5);
        assert_eq!(a.and_len(&b), 2);
        assert!(a.contains(199) && !a.contains(198) && !a.contains(500));
        let mut c = a.clone();
        c.union_with(&b);
        assert_eq!(c.len(), 6);
        c.intersect_with(&b);
        assert_eq!(c, b);
        assert!(DocBits::empty(10).is_empty() && !c.is_empty());
    }

    #[test]
    fn counting_stops_at_the_limit_and_skips_deleted_documents() {
        use tantivy::query::AllQuery;
        use tantivy::schema::{STRING, Schema};
        use tantivy::{Index, Term, doc};
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for i in 0..10 {
            writer.add_document(doc!(id => i.to_string())).expect("add");
        }
        writer.commit().expect("commit");
        writer.delete_term(Term::from_field_text(id, "3"));
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(count_up_to(&searcher, &AllQuery, 100).expect("count"), 9);
        assert_eq!(count_up_to(&searcher, &AllQuery, 4).expect("count"), 4);
    }
}
