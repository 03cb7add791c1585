//! A short query's words as one clause whose offers matching every word score more, in a
//! single pass over the postings: the union counts the words that matched each offer, where a
//! separate "all words" intersection would read every posting list a second time.

use tantivy::query::{BooleanWeight, EnableScoring, Occur, Query, ScoreCombiner, Scorer, Weight};
use tantivy::{Score, Term};

/// Any of `words` may match; an offer matching all of them gets `bonus` times its score on top.
#[derive(Debug)]
pub struct AllWordsQuery {
    words: Vec<Box<dyn Query>>,
    bonus: Score,
}

impl Clone for AllWordsQuery {
    fn clone(&self) -> Self {
        Self {
            words: self.words.iter().map(|q| q.box_clone()).collect(),
            bonus: self.bonus,
        }
    }
}

impl AllWordsQuery {
    /// One clause per typed word.
    pub fn new(words: Vec<Box<dyn Query>>, bonus: Score) -> Self {
        Self { words, bonus }
    }
}

impl Query for AllWordsQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .words
            .iter()
            .map(|q| Ok((Occur::Should, q.weight(scoring)?)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let combiner = AllWords {
            words: u32::try_from(self.words.len()).unwrap_or(u32::MAX),
            bonus: self.bonus,
            matched: 0,
            sum: 0.0,
        };
        Ok(Box::new(BooleanWeight::with_minimum_number_should_match(
            weights,
            1,
            scoring.is_scoring_enabled(),
            Box::new(move || combiner),
        )))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.words {
            q.query_terms(visitor);
        }
    }
}

/// Sums the words' scores and counts them; all of them lift the sum by the bonus.
#[derive(Debug, Clone, Copy, Default)]
struct AllWords {
    words: u32,
    bonus: Score,
    matched: u32,
    sum: Score,
}

impl ScoreCombiner for AllWords {
    fn update<TScorer: Scorer>(&mut self, scorer: &mut TScorer) {
        self.matched += 1;
        self.sum += scorer.score();
    }

    fn clear(&mut self) {
        self.matched = 0;
        self.sum = 0.0;
    }

    fn score(&self) -> Score {
        if self.matched >= self.words {
            self.sum * (1.0 + self.bonus)
        } else {
            self.sum
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, STORED, Schema, TEXT};
    use tantivy::{Index, TantivyDocument, doc};

    #[test]
    fn offers_with_every_word_score_the_bonus_more_than_the_words_alone() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for body in ["opieka nad seniorem", "opieka", "senior", "basen"] {
            writer.add_document(doc!(text => body)).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let word = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(text, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        let scores = |bonus: Score| -> Vec<(Score, String)> {
            let q = AllWordsQuery::new(vec![word("opieka"), word("seniorem")], bonus);
            let top = searcher
                .search(&q, &TopDocs::with_limit(10).order_by_score())
                .expect("search");
            top.into_iter()
                .map(|(score, address)| {
                    let d: TantivyDocument = searcher.doc(address).expect("doc");
                    (
                        score,
                        tantivy::schema::document::Document::to_json(&d, searcher.schema()),
                    )
                })
                .collect()
        };
        let plain = scores(0.0);
        let lifted = scores(1.0);
        assert_eq!(plain.len(), 2, "only offers with a word match: {plain:?}");
        assert!(
            lifted[0].1.contains("opieka nad seniorem"),
            "{lifted:?} {plain:?}"
        );
        assert!(
            (lifted[0].0 - 2.0 * plain[0].0).abs() < 1e-4,
            "{lifted:?} {plain:?}"
        );
        let only_one = |v: &[(Score, String)]| {
            v.iter()
                .find(|(_, d)| d.contains("\"opieka\""))
                .map(|(s, _)| *s)
        };
        assert_eq!(only_one(&lifted), only_one(&plain), "one word: no bonus");
    }
}
