//! How a typed word and a dictionary phrase are looked for across the offer's fields: the
//! name, the categories, the description and the organization, each with its weight.

use crate::analyzer::{exact_analyzer, is_stop_word};
use crate::query::{Known, QueryWord};
use crate::schema::Fields;
use crate::vocabulary::Vocabulary;
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

/// Field weights. Exact forms outrank stems, stems outrank folded and fuzzy matches; the
/// name outranks categories, which outrank the description and the organization.
pub mod weight {
    pub const NAME_EXACT: f32 = 3.0;
    pub const NAME_STEM: f32 = 4.0;
    pub const NAME_FOLD: f32 = 1.0;
    pub const NAME_FUZZY: f32 = 3.0;
    pub const TERMS_STEM: f32 = 3.0;
    pub const TERMS_FOLD: f32 = 0.5;
    pub const TERMS_FUZZY: f32 = 2.0;
    pub const BODY_EXACT: f32 = 0.6;
    pub const BODY_STEM: f32 = 1.5;
    pub const BODY_FOLD: f32 = 0.3;
    pub const BODY_FUZZY: f32 = 0.6;
    pub const ORGANIZATION: f32 = 0.7;
    /// Restored-diacritics stems count as much as typed stems.
    pub const RESTORED: f32 = 1.0;
    /// A dictionary phrase, relative to a typed word.
    pub const EXPANSION: f32 = 0.6;
    /// The bonus for matching every word of a short query, relative to the words' scores.
    pub const ALL_WORDS: f32 = 1.0;
    /// How much the second-best field of a word adds.
    pub const TIE_BREAKER: f32 = 0.3;
    /// A word naming a person in a story ("tata po udarze leży w łóżku"): it says who needs
    /// help, not what help, so it must not pull in "Mama, tata i ja".
    pub const PERSON_IN_STORY: f32 = 0.3;
}

/// Where a word is looked for: a term, or every term within `typos` edits of one.
enum Look {
    Term(Term),
    Fuzzy(Term, u8),
}

/// A word's looks with their weights, by field group: name, categories, description, and
/// the organization.
struct WordLooks {
    groups: [Vec<(Look, f32)>; 3],
    organization: (Term, f32),
}

/// Folded and fuzzy looks are added only when the stems do not find the word.
fn looks(w: &QueryWord, f: &Fields, with_typos: bool) -> WordLooks {
    use weight::*;
    let t = |field: Field, text: &str, boost: f32| {
        (Look::Term(Term::from_field_text(field, text)), boost)
    };
    let mut name = vec![
        t(f.name_exact, &w.exact, NAME_EXACT),
        t(f.name, &w.stem, NAME_STEM),
    ];
    let mut terms = vec![t(f.terms, &w.stem, TERMS_STEM)];
    let mut body = vec![t(f.body, &w.stem, BODY_STEM)];
    for stem in &w.restored {
        name.push(t(f.name, stem, NAME_STEM * RESTORED));
        terms.push(t(f.terms, stem, TERMS_STEM * RESTORED));
        body.push(t(f.body, stem, BODY_STEM * RESTORED));
    }
    if w.known != Known::Stem {
        name.push(t(f.name_fold, &w.fold, NAME_FOLD));
        terms.push(t(f.terms_fold, &w.fold, TERMS_FOLD));
        body.push(t(f.body_exact, &w.exact, BODY_EXACT));
        body.push(t(f.body_fold, &w.fold, BODY_FOLD));
    }
    if with_typos && w.typos > 0 {
        let fuzzy = |field: Field, boost: f32| {
            (
                Look::Fuzzy(Term::from_field_text(field, &w.fold), w.typos),
                boost,
            )
        };
        name.push(fuzzy(f.name_fold, NAME_FUZZY));
        terms.push(fuzzy(f.terms_fold, TERMS_FUZZY));
        body.push(fuzzy(f.body_fold, BODY_FUZZY));
    }
    WordLooks {
        groups: [name, terms, body],
        organization: (Term::from_field_text(f.organization, &w.stem), ORGANIZATION),
    }
}

fn term(term: Term, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
    Box::new(BoostQuery::new(Box::new(q), boost))
}

fn look_query(look: Look, boost: f32) -> Box<dyn Query> {
    match look {
        Look::Term(t) => term(t, boost),
        Look::Fuzzy(t, typos) => Box::new(BoostQuery::new(
            Box::new(FuzzyTermQuery::new(t, typos, true)),
            boost,
        )),
    }
}

/// One word across the fields: the best field counts fully, the others a little.
pub fn word_query(w: &QueryWord, f: &Fields, with_typos: bool) -> Box<dyn Query> {
    let WordLooks {
        groups,
        organization,
    } = looks(w, f, with_typos);
    let mut fields: Vec<Box<dyn Query>> = groups
        .into_iter()
        .map(|group| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                group
                    .into_iter()
                    .map(|(look, boost)| (Occur::Should, look_query(look, boost)))
                    .collect(),
            ))
        })
        .collect();
    fields.push(term(organization.0, organization.1));
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        fields,
        weight::TIE_BREAKER,
    ))
}

/// A word of a dictionary phrase: spelled right, so its stem in the name, categories and
/// description is enough (cheaper than a typed word's query).
fn phrase_word_query(stem: &str, f: &Fields) -> Box<dyn Query> {
    use weight::*;
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        vec![
            term(Term::from_field_text(f.name, stem), NAME_STEM),
            term(Term::from_field_text(f.terms, stem), TERMS_STEM),
            term(Term::from_field_text(f.body, stem), BODY_STEM),
        ],
        TIE_BREAKER,
    ))
}

/// The stems of a dictionary phrase's content words.
fn phrase_stems(phrase: &str, vocabulary: &Vocabulary) -> Vec<String> {
    crate::analyzer::analyze(&mut exact_analyzer(), phrase)
        .into_iter()
        .filter(|t| !is_stop_word(&t.0))
        .map(|t| QueryWord::new(&t.0, vocabulary).stem)
        .collect()
}

/// All words of a dictionary phrase must match.
pub fn phrase_query(phrase: &str, f: &Fields, vocabulary: &Vocabulary) -> Option<Box<dyn Query>> {
    let words: Vec<(Occur, Box<dyn Query>)> = phrase_stems(phrase, vocabulary)
        .iter()
        .map(|stem| (Occur::Must, phrase_word_query(stem, f)))
        .collect();
    if words.is_empty() {
        return None;
    }
    // A long phrase matches several fields' words at once: weigh it like about one typed word,
    // so that an offer named with the very word typed stays above one matching a rule.
    #[allow(clippy::cast_precision_loss)]
    let per_word = 1.0 / (words.len() as f32).sqrt();
    Some(Box::new(BoostQuery::new(
        Box::new(BooleanQuery::new(words)),
        per_word,
    )))
}
