//! From what a resident typed to a tantivy query: every word is looked for as typed, as a
//! Polish stem, folded (no diacritics), with its diacritics restored, and within a small edit
//! distance; dictionary expansions add the official vocabulary at a lower weight.

use crate::ages;
use crate::all_words::AllWordsQuery;
use crate::analyzer::{exact_analyzer, fold, is_stop_word, stem_word};
use crate::needs::{NeedMatch, NeedTable};
use crate::schema::Fields;
use crate::synonyms::{Dictionary, Expansion};
use crate::vocabulary::Vocabulary;
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

/// Words considered per query; the rest of a very long text is ignored.
pub const MAX_QUERY_WORDS: usize = 32;
/// Dictionary phrases searched per query (the first rules matched win): each costs a query.
pub const MAX_EXPANSION_PHRASES: usize = 8;
/// Queries of up to this many words reward offers that match all of them.
pub const MAX_COORDINATED_WORDS: usize = 4;
/// Words of this many letters tolerate one typo.
pub const ONE_TYPO_MIN_LETTERS: usize = 4;
/// Words of this many letters tolerate two typos.
pub const TWO_TYPOS_MIN_LETTERS: usize = 8;

/// Field weights. Exact forms outrank stems, stems outrank folded and fuzzy matches; the
/// name outranks categories, which outrank the description and the organization.
mod weight {
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

/// Queries of this many content words are stories (see [`weight::PERSON_IN_STORY`]).
pub const STORY_WORDS: usize = 4;

/// Words naming the person a story is about, with the forms the stemmer does not bring
/// together.
const PERSON_WORDS: [&str; 61] = [
    "mama",
    "mamy",
    "mamie",
    "mamą",
    "mamę",
    "mamusia",
    "matka",
    "matki",
    "matką",
    "matkę",
    "tata",
    "taty",
    "tacie",
    "tatą",
    "tatę",
    "tatuś",
    "ojciec",
    "ojca",
    "ojcem",
    "ojcu",
    "mąż",
    "męża",
    "mężem",
    "mężowi",
    "żona",
    "żony",
    "żoną",
    "żonę",
    "żonie",
    "syn",
    "syna",
    "synem",
    "synowi",
    "córka",
    "córki",
    "córką",
    "córkę",
    "córce",
    "babcia",
    "babci",
    "babcią",
    "babcię",
    "dziadek",
    "dziadka",
    "dziadkiem",
    "dziadku",
    "brat",
    "brata",
    "bratem",
    "siostra",
    "siostry",
    "siostrą",
    "siostrę",
    "wnuk",
    "wnuczka",
    "teściowa",
    "teść",
    "sąsiad",
    "sąsiada",
    "sąsiadka",
    "sąsiadki",
];

/// Whether a stem is one of [`PERSON_WORDS`].
fn is_person_word(stem: &str) -> bool {
    static STEMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    STEMS
        .get_or_init(|| PERSON_WORDS.iter().map(|w| stem_word(w)).collect())
        .iter()
        .any(|s| s == stem)
}

/// One word of the query in its forms.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWord {
    /// As typed, lowercased.
    pub exact: String,
    /// Polish stem, folded.
    pub stem: String,
    /// Folded, not stemmed.
    pub fold: String,
    /// Stems of the words with diacritics this word may stand for ("zlobka" → "żłobek").
    pub restored: Vec<String>,
    /// Allowed typos (0 when the index knows the word: no need to guess).
    pub typos: u8,
    /// How the index knows this word.
    pub known: Known,
    /// What was typed, when this word is its correction.
    pub corrected_from: Option<String>,
}

/// How the index knows a query word; decides which (costly) variants the query needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Known {
    /// By its stem (or a restored stem): stems suffice.
    Stem,
    /// Only in its folded form (e.g. a name the stemmer mangles).
    Folded,
    /// Not at all: look for close spellings.
    #[default]
    Unknown,
}

/// What a query text means for the index.
#[derive(Debug, Clone, Default)]
pub struct QueryPlan {
    /// The content words (stop words dropped).
    pub words: Vec<QueryWord>,
    /// Dictionary rules that matched.
    pub expansions: Vec<Expansion>,
    /// Needs the query speaks of, safety needs first.
    pub needs: Vec<NeedMatch>,
    /// Share of the query's words the needs' triggers cover.
    pub need_coverage: f32,
}

fn typos(letters: usize) -> u8 {
    if letters >= TWO_TYPOS_MIN_LETTERS {
        2
    } else if letters >= ONE_TYPO_MIN_LETTERS {
        1
    } else {
        0
    }
}

impl QueryWord {
    /// The forms of one lowercase word.
    pub fn new(exact: &str, vocabulary: &Vocabulary) -> Self {
        let folded = fold(exact);
        let stem = stem_word(exact);
        let restored = if folded == exact {
            vocabulary
                .with_diacritics(exact)
                .iter()
                .map(|w| stem_word(w))
                .filter(|s| *s != stem)
                .collect()
        } else {
            Vec::new()
        };
        Self {
            typos: typos(folded.chars().count()),
            exact: exact.to_owned(),
            stem,
            fold: folded,
            restored,
            known: Known::Unknown,
            corrected_from: None,
        }
    }

    /// For a word typed without diacritics that the index only knows with them ("seniorow"):
    /// searches the restored stems alone, since the stemmer mangles the bare form
    /// ("seniorow" → "sen").
    pub fn trusting_restored(mut self) -> Self {
        if !self.restored.is_empty() {
            self.stem = self.restored.remove(0);
        }
        self
    }

    /// Records how the index knows the word; known words get no typo expansion.
    pub fn with_known(mut self, known: Known) -> Self {
        self.known = known;
        if known != Known::Unknown {
            self.typos = 0;
        }
        self
    }
}

impl QueryPlan {
    /// Analyzes the text; `recognize` settles each word against the index (how it is known,
    /// which stems to trust).
    pub fn new(
        text: &str,
        dictionary: &Dictionary,
        needs: &NeedTable,
        vocabulary: &Vocabulary,
        recognize: impl Fn(QueryWord) -> QueryWord,
    ) -> Self {
        let mut analyzer = exact_analyzer();
        let mut tokens: Vec<String> = crate::analyzer::analyze(&mut analyzer, text)
            .into_iter()
            .map(|t| t.0)
            .collect();
        // "85 lat" says who needs help: search the age group's words instead of "lat".
        let mut expansions = Vec::new();
        if let Some(age) = ages::find(&tokens) {
            let matched = tokens
                .drain(age.at..age.at + 2)
                .collect::<Vec<_>>()
                .join(" ");
            expansions.extend(ages::expansion(age, matched));
        }
        let words: Vec<QueryWord> = tokens
            .into_iter()
            .filter(|w| !is_stop_word(w))
            .take(MAX_QUERY_WORDS)
            .map(|w| recognize(QueryWord::new(&w, vocabulary)))
            .collect();
        let said =
            crate::phrases::typed_words_restoring(text, |bare| vocabulary.with_diacritics(bare));
        expansions.extend(dictionary.expand(&said));
        let recognized = needs.classify(&said);
        Self {
            words,
            expansions,
            needs: recognized.needs,
            need_coverage: recognized.coverage,
        }
    }

    /// Whether nothing searchable was typed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.expansions.is_empty() && self.needs.is_empty()
    }

    /// The text's scoring query: any word or expansion may match; more matches score higher, and an
    /// offer matching every word of a short query gets a bonus on top. `phrase` answers a
    /// dictionary phrase's query (`remembered` scores, or the query itself).
    pub fn text_query(
        &self,
        f: &Fields,
        vocabulary: &Vocabulary,
        phrase: impl Fn(&str, Box<dyn Query>) -> tantivy::Result<Box<dyn Query>>,
    ) -> tantivy::Result<Box<dyn Query>> {
        let words: Vec<Box<dyn Query>> = self
            .words
            .iter()
            .map(|w| -> Box<dyn Query> {
                Box::new(BoostQuery::new(word_query(w, f, true), self.word_weight(w)))
            })
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            if (2..=MAX_COORDINATED_WORDS).contains(&words.len()) {
                vec![(
                    Occur::Should,
                    Box::new(AllWordsQuery::new(words, weight::ALL_WORDS)),
                )]
            } else {
                words.into_iter().map(|q| (Occur::Should, q)).collect()
            };
        for text in self.phrases() {
            if let Some(q) = phrase_query(text, f, vocabulary) {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(phrase(text, q)?, weight::EXPANSION)),
                ));
            }
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// How much a typed word counts: less for a person named in a story.
    fn word_weight(&self, w: &QueryWord) -> f32 {
        if self.words.len() >= STORY_WORDS && is_person_word(&w.stem) {
            weight::PERSON_IN_STORY
        } else {
            1.0
        }
    }

    fn phrases(&self) -> impl Iterator<Item = &String> {
        self.expansions
            .iter()
            .flat_map(|e| &e.phrases)
            .take(MAX_EXPANSION_PHRASES)
    }
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
fn word_query(w: &QueryWord, f: &Fields, with_typos: bool) -> Box<dyn Query> {
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
fn phrase_query(phrase: &str, f: &Fields, vocabulary: &Vocabulary) -> Option<Box<dyn Query>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_budget_grows_with_length() {
        assert_eq!(typos(ONE_TYPO_MIN_LETTERS - 1), 0);
        assert_eq!(typos(ONE_TYPO_MIN_LETTERS), 1);
        assert_eq!(typos(TWO_TYPOS_MIN_LETTERS - 1), 1);
        assert_eq!(typos(TWO_TYPOS_MIN_LETTERS), 2);
    }

    #[test]
    fn words_are_analyzed_and_stop_words_dropped() {
        let plan = QueryPlan::new(
            "Żłobek dla dzieci",
            &Dictionary::default(),
            &NeedTable::default(),
            &Vocabulary::default(),
            std::convert::identity,
        );
        let exact: Vec<&str> = plan.words.iter().map(|w| w.exact.as_str()).collect();
        assert_eq!(exact, ["żłobek", "dzieci"]);
        assert_eq!(plan.words[0].fold, "zlobek");
        assert!(
            QueryPlan::new(
                "i w dla",
                &Dictionary::default(),
                &NeedTable::default(),
                &Vocabulary::default(),
                std::convert::identity
            )
            .is_empty()
        );
    }

    #[test]
    fn a_word_typed_without_diacritics_can_trust_its_restored_stem() {
        let word = QueryWord {
            restored: vec!["senior".into()],
            ..QueryWord::new("seniorow", &Vocabulary::default())
        };
        assert_ne!(word.stem, "senior");
        let trusted = word.trusting_restored();
        assert_eq!(trusted.stem, "senior");
        assert!(trusted.restored.is_empty());
        let plain = QueryWord::new("dom", &Vocabulary::default());
        assert_eq!(plain.clone().trusting_restored(), plain);
    }

    #[test]
    fn people_in_stories_are_recognized_in_any_form() {
        for word in ["tata", "taty", "babci", "mamie", "mężem", "córki"] {
            assert!(is_person_word(&stem_word(word)), "{word}");
        }
        assert!(!is_person_word(&stem_word("udar")));
        assert!(!is_person_word(&stem_word("dziecko")));
    }

    #[test]
    fn very_long_queries_are_cut() {
        let text = "opieka ".repeat(MAX_QUERY_WORDS * 3);
        assert_eq!(
            QueryPlan::new(
                &text,
                &Dictionary::default(),
                &NeedTable::default(),
                &Vocabulary::default(),
                std::convert::identity
            )
            .words
            .len(),
            MAX_QUERY_WORDS
        );
    }
}
