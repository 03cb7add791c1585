//! As-you-type completions: the last, unfinished word is completed from the indexed names
//! (most frequent completions first) and the services whose names fit are returned.

use crate::analyzer::{analyze, exact_analyzer, fold, is_stop_word, stem_word};
use crate::{SearchError, SearchIndex};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

/// Completions of the last word considered.
const COMPLETIONS: usize = 8;
/// Dictionary terms scanned per segment for completions (bounds short prefixes).
const SCAN_LIMIT: usize = 4000;

/// One completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Service id.
    pub id: String,
    /// Service name.
    pub name: String,
}

impl SearchIndex {
    /// Up to `limit` services whose names complete what was typed so far.
    pub fn suggest(&self, text: &str, limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        let f = self.fields;
        let words: Vec<String> = analyze(&mut exact_analyzer(), text)
            .into_iter()
            .map(|t| t.0)
            .collect();
        let Some((last, before)) = words.split_last() else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let prefix = fold(last);
        let mut completions: Vec<(u32, String)> = Vec::new();
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(f.name_fold)?;
            let mut stream = index.terms().range().ge(prefix.as_bytes()).into_stream()?;
            let mut scanned = 0;
            while stream.advance() && scanned < SCAN_LIMIT {
                scanned += 1;
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !term.starts_with(&prefix) {
                    break;
                }
                let freq = stream.value().doc_freq;
                match completions.iter_mut().find(|(_, t)| t == term) {
                    Some(entry) => entry.0 += freq,
                    None => completions.push((freq, term.to_owned())),
                }
            }
        }
        completions.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        completions.truncate(COMPLETIONS);
        if completions.is_empty() {
            return Ok(Vec::new());
        }
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            ))
        };
        let last_word: Vec<(Occur, Box<dyn Query>)> = completions
            .iter()
            .map(|(_, c)| (Occur::Should, term(f.name_fold, c)))
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(last_word)))];
        for word in before.iter().filter(|w| !is_stop_word(w)) {
            let either = vec![
                (Occur::Should, term(f.name, &stem_word(word))),
                (Occur::Should, term(f.name_fold, &fold(word))),
            ];
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        let query = BooleanQuery::new(clauses);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| crate::document::stored_text(&doc, field);
            out.push(Suggestion {
                id: text(f.id),
                name: text(f.name),
            });
        }
        Ok(out)
    }
}
