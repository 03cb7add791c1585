//! From what a resident typed to a tantivy query: every word is looked for as typed, as a
//! Polish stem, folded (no diacritics), with its diacritics restored, and within a small edit
//! distance; dictionary expansions add the official vocabulary at a lower weight.

use crate::ages;
use crate::all_words::AllWordsQuery;
use crate::analyzer::{exact_analyzer, fold, is_stop_word, stem_word};
use crate::field_query::{phrase_query, weight, word_query};
use crate::needs::{NeedMatch, NeedTable};
use crate::schema::Fields;
use crate::synonyms::{Dictionary, Expansion};
use crate::vocabulary::Vocabulary;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};

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
