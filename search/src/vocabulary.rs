//! Words of the indexed texts, by their folded form: restores diacritics to words typed
//! without them ("zlobka" → "żłobka") and finds spelling corrections for unknown words.

use std::collections::HashMap;
use tantivy::Searcher;
use tantivy::schema::Field;

/// The indexed vocabulary of one searcher generation.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    by_fold: HashMap<String, Vec<String>>,
}

impl Vocabulary {
    /// Reads the exact-form term dictionaries of `fields`, keeping words that have diacritics.
    pub fn build(searcher: &Searcher, fields: &[Field]) -> tantivy::Result<Self> {
        let mut by_fold: HashMap<String, Vec<String>> = HashMap::new();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let index = segment.inverted_index(field)?;
                let mut stream = index.terms().stream()?;
                while stream.advance() {
                    let Ok(word) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if word.is_ascii() {
                        continue;
                    }
                    let folded = crate::analyzer::fold(word);
                    let forms = by_fold.entry(folded).or_default();
                    if !forms.iter().any(|f| f == word) {
                        forms.push(word.to_owned());
                    }
                }
            }
        }
        Ok(Self { by_fold })
    }

    /// Indexed words that fold to `folded` (empty when none).
    pub fn with_diacritics(&self, folded: &str) -> &[String] {
        self.by_fold.get(folded).map_or(&[], Vec::as_slice)
    }
}
