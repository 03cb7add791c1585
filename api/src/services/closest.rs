//! Categories closest to a query, for the empty-result fallback: those sharing a word stem
//! (or a near spelling) with the query or with the dictionary phrases it led to.

use crate::directory::Term;
use okienko_search::Dictionary;
use okienko_search::analyzer::{analyze, stem_analyzer};

/// Edit distance allowed between a query word and a category word of 6+ letters.
const NEAR_SPELLING: usize = 2;

/// Categories ranked by how many query (or expanded) word stems they share; best first.
pub fn categories<'a>(q: &str, dictionary: &Dictionary, terms: &'a [Term]) -> Vec<&'a Term> {
    let mut analyzer = stem_analyzer();
    let mut wanted: Vec<String> = analyze(&mut analyzer, q).into_iter().map(|t| t.0).collect();
    for expansion in dictionary.expand(&okienko_search::phrases::typed_words(q)) {
        for phrase in expansion.phrases {
            wanted.extend(analyze(&mut analyzer, &phrase).into_iter().map(|t| t.0));
        }
    }
    let mut scored: Vec<(usize, &Term)> = terms
        .iter()
        .map(|t| {
            let stems: Vec<String> = analyze(&mut analyzer, &t.pl)
                .into_iter()
                .map(|x| x.0)
                .collect();
            let hits = wanted
                .iter()
                .filter(|w| {
                    stems.iter().any(|s| {
                        s == *w
                            || (s.len() >= 6
                                && okienko_search::edit_distance(s, w) <= NEAR_SPELLING)
                    })
                })
                .count();
            (hits, t)
        })
        .filter(|(hits, _)| *hits > 0)
        .collect();
    scored.sort_by_key(|(hits, _)| std::cmp::Reverse(*hits));
    scored.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::vocabulary;

    #[test]
    fn finds_categories_by_shared_stems_and_near_spellings() {
        let v = vocabulary();
        let codes = |q: &str| -> Vec<String> {
            categories(q, &Dictionary::default(), &v.categories)
                .into_iter()
                .map(|t| t.code.clone())
                .collect()
        };
        assert!(codes("rehabilitacji").contains(&"rehabilitation".to_owned()));
        assert!(codes("rehabilitcja").contains(&"rehabilitation".to_owned()));
        assert!(codes("xyzzy").is_empty());
    }
}
