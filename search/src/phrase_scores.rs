//! Scores of dictionary phrases, remembered per searcher. A phrase a rule adds ("opieka
//! wytchnieniowa") needs all its words in an offer: an intersection of each word's fields that
//! costs more than the rest of the query, and the rules that fire are few and fire again and
//! again. Each phrase's matching documents and their scores are computed once per searcher
//! generation (the scores depend on its statistics) and then read as a sorted list.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

/// Scored documents remembered in all, beyond which the cache starts afresh (8 bytes each).
const REMEMBERED_DOCS: usize = 1_000_000;

/// One phrase's (document, score) pairs per segment, by document.
type Scored = Arc<HashMap<SegmentId, Arc<[(DocId, Score)]>>>;

#[derive(Default)]
struct State {
    generation: u64,
    phrases: HashMap<String, Scored>,
    docs: usize,
}

/// The phrases' scores of the current searcher generation.
#[derive(Default)]
pub struct PhraseScores {
    state: Mutex<State>,
}

impl std::fmt::Debug for PhraseScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseScores").finish_non_exhaustive()
    }
}

impl PhraseScores {
    /// `query` (the phrase `key`'s query) answered from what this searcher generation has
    /// already scored.
    pub fn query(
        &self,
        searcher: &Searcher,
        key: &str,
        query: Box<dyn Query>,
    ) -> tantivy::Result<Box<dyn Query>> {
        let generation = searcher.generation().generation_id();
        if let Some(scored) = self.remembered(generation, key) {
            return Ok(Box::new(ScoredQuery { scored, query }));
        }
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut segments = HashMap::new();
        let mut docs = 0;
        for segment in searcher.segment_readers() {
            let mut list = Vec::new();
            weight.for_each(segment, &mut |doc, score| list.push((doc, score)))?;
            docs += list.len();
            segments.insert(segment.segment_id(), Arc::from(list));
        }
        let scored: Scored = Arc::new(segments);
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if state.generation != generation || state.docs + docs > REMEMBERED_DOCS {
            *state = State {
                generation,
                ..State::default()
            };
        }
        if docs <= REMEMBERED_DOCS {
            state.docs += docs;
            state.phrases.insert(key.to_owned(), Arc::clone(&scored));
        }
        Ok(Box::new(ScoredQuery { scored, query }))
    }

    fn remembered(&self, generation: u64, key: &str) -> Option<Scored> {
        let state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (state.generation == generation)
            .then(|| state.phrases.get(key).cloned())
            .flatten()
    }
}

/// A phrase's query answered from its remembered scores (its terms still highlight).
#[derive(Debug)]
struct ScoredQuery {
    scored: Scored,
    query: Box<dyn Query>,
}

impl Clone for ScoredQuery {
    fn clone(&self) -> Self {
        Self {
            scored: Arc::clone(&self.scored),
            query: self.query.box_clone(),
        }
    }
}

impl Query for ScoredQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ScoredWeight(Arc::clone(&self.scored))))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct ScoredWeight(Scored);

impl Weight for ScoredWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = self
            .0
            .get(&reader.segment_id())
            .cloned()
            .unwrap_or_else(|| Arc::from(Vec::new()));
        Ok(Box::new(ListScorer { docs, at: 0, boost }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match the phrase"
            )));
        }
        Ok(Explanation::new("remembered phrase score", scorer.score()))
    }
}

/// Walks one segment's remembered (document, score) list.
struct ListScorer {
    docs: Arc<[(DocId, Score)]>,
    at: usize,
    boost: Score,
}

impl DocSet for ListScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.docs[self.at.min(self.docs.len())..];
        self.at += rest.partition_point(|(doc, _)| *doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).map_or(TERMINATED, |(doc, _)| *doc)
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.docs.len().saturating_sub(self.at)).unwrap_or(u32::MAX)
    }
}

impl Scorer for ListScorer {
    fn score(&mut self) -> Score {
        self.docs.get(self.at).map_or(0.0, |(_, s)| s * self.boost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, doc};

    #[test]
    fn a_remembered_phrase_scores_as_computed_until_the_index_changes() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for body in [
            "opieka wytchnieniowa",
            "opieka",
            "wytchnieniowa opieka nocna",
            "basen",
        ] {
            writer.add_document(doc!(text => body)).expect("add");
        }
        writer.commit().expect("commit");
        let reader = index.reader().expect("reader");
        let phrase = || -> Box<dyn Query> {
            let word = |w: &str| -> (Occur, Box<dyn Query>) {
                let term = Term::from_field_text(text, w);
                (
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                )
            };
            Box::new(BooleanQuery::new(vec![
                word("opieka"),
                word("wytchnieniowa"),
            ]))
        };
        let top = |searcher: &Searcher, q: &dyn Query| {
            searcher
                .search(q, &TopDocs::with_limit(10).order_by_score())
                .expect("search")
        };
        let cache = PhraseScores::default();
        let searcher = reader.searcher();
        let computed = top(&searcher, phrase().as_ref());
        assert_eq!(computed.len(), 2);
        for _ in 0..2 {
            let q = cache
                .query(&searcher, "opieka wytchnieniowa", phrase())
                .expect("q");
            assert_eq!(top(&searcher, q.as_ref()), computed);
        }
        writer
            .add_document(doc!(text => "opieka wytchnieniowa"))
            .expect("add");
        writer.commit().expect("commit");
        reader.reload().expect("reload");
        let searcher = reader.searcher();
        let q = cache
            .query(&searcher, "opieka wytchnieniowa", phrase())
            .expect("q");
        assert_eq!(
            top(&searcher, q.as_ref()).len(),
            3,
            "a new generation is scored anew"
        );
    }
}
