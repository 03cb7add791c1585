//! Searching what was meant: a word neither the index nor the word lists know is searched as
//! its nearest indexed spelling, and the response says so.

use crate::SearchError;
use crate::query::{Known, QueryPlan, QueryWord};
use crate::schema::Fields;
use crate::vocabulary::Vocabulary;
use tantivy::Term;
use tantivy::query::FuzzyTermQuery;

/// A typed word searched as another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// As typed (lowercased).
    pub typed: String,
    /// The known word searched instead.
    pub corrected: String,
}

/// Replaces every word that neither the index nor the word lists know by its nearest
/// indexed form (one edit for words of up to seven letters, two for longer ones), most
/// frequent first; words the word lists know are never replaced.
pub fn correct(
    f: Fields,
    searcher: &tantivy::Searcher,
    plan: &mut QueryPlan,
    vocabulary: &Vocabulary,
    recognize: &dyn Fn(QueryWord) -> QueryWord,
) -> Result<Vec<Correction>, SearchError> {
    let mut corrections = Vec::new();
    for word in &mut plan.words {
        let unknown = word.known == Known::Unknown;
        word.typos = 0;
        if !unknown || crate::wordlist::is_known_word(&word.exact) {
            continue;
        }
        let letters = word.fold.chars().count();
        if letters < MIN_CORRECTED_LETTERS {
            continue;
        }
        let distance = if letters >= TWO_EDITS_MIN_LETTERS {
            2
        } else {
            1
        };
        // Closest spelling first, then the most frequent.
        let mut best: Option<(std::cmp::Reverse<usize>, u64, String)> = None;
        for field in [f.name_fold, f.terms_fold, f.body_fold] {
            let automaton =
                FuzzyTermQuery::new(Term::from_field_text(field, &word.fold), distance, true)
                    .automaton()?;
            for segment in searcher.segment_readers() {
                let index = segment.inverted_index(field)?;
                let mut stream = index.terms().search(&automaton).into_stream()?;
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    // A function word is never what a misspelt content word meant
                    // ("prcy" is "pracy", not "przy").
                    if term.chars().count() < MIN_CORRECTED_LETTERS
                        || crate::analyzer::is_stop_word(term)
                    {
                        continue;
                    }
                    let rank = (
                        std::cmp::Reverse(crate::explain::edit_distance(term, &word.fold)),
                        u64::from(stream.value().doc_freq),
                    );
                    if best.as_ref().is_none_or(|(d, n, _)| rank > (*d, *n)) {
                        best = Some((rank.0, rank.1, term.to_owned()));
                    }
                }
            }
        }
        let Some((_, _, replacement)) = best else {
            continue;
        };
        let corrected = vocabulary
            .with_diacritics(&replacement)
            .first()
            .cloned()
            .unwrap_or(replacement);
        let mut fixed = recognize(QueryWord::new(&corrected, vocabulary));
        fixed.corrected_from = Some(word.exact.clone());
        corrections.push(Correction {
            typed: word.exact.clone(),
            corrected,
        });
        *word = fixed;
    }
    Ok(corrections)
}

/// The typed text with every correction in it, when there is one.
pub fn corrected_text(typed: &str, corrections: &[Correction]) -> Option<String> {
    (!corrections.is_empty()).then(|| {
        let mut text = typed.to_lowercase();
        for c in corrections {
            text = replace_word(&text, &c.typed, &c.corrected);
        }
        text
    })
}

/// Words shorter than this are never corrected (too many neighbours).
const MIN_CORRECTED_LETTERS: usize = 4;
/// Words of this many letters may be two edits away from their correction.
const TWO_EDITS_MIN_LETTERS: usize = 8;

/// `text` with the whole word `from` replaced by `to`.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + from.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}
