//! Finding known phrases (dictionary rules, need triggers) in what a resident typed, however it
//! was typed: any case, with or without Polish letters, inflected, and with one typo in words of
//! five letters or more. A phrase matches its words consecutively, function words included, so
//! "nie mam za co żyć" and "nie chcę żyć" stay different phrases.

use crate::analyzer::{self, exact_analyzer, fold, stem_word};
use crate::explain::edit_distance;
use std::collections::HashMap;

/// Words of at least this many letters match with one typo.
pub const TYPO_MIN_LETTERS: usize = 5;
/// Letters of a Cyrillic word that identify it across inflected forms.
const CYRILLIC_KEY_CHARS: usize = 4;

/// One word in the forms it is compared by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordForms {
    /// Lowercased and folded (ł→l …).
    pub fold: String,
    /// Keys equal for inflected forms: the stem of the word and the stem of its folded form
    /// (text typed without Polish letters stems differently), or a Cyrillic word's first letters.
    keys: Vec<String>,
    /// A typed word the word lists know: a correct word is never taken for a typo of another
    /// ("food" is not "flood", "pije" is not "bije").
    correct: bool,
}

fn is_cyrillic(word: &str) -> bool {
    word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

impl WordForms {
    /// The forms of one lowercase token.
    pub fn new(word: &str) -> Self {
        let folded = fold(word);
        let keys = if is_cyrillic(word) {
            vec![word.chars().take(CYRILLIC_KEY_CHARS).collect()]
        } else {
            let mut keys = vec![stem_word(word), folded.clone()];
            let folded_stem = stem_word(&folded);
            if !keys.contains(&folded_stem) {
                keys.push(folded_stem);
            }
            keys
        };
        Self {
            fold: folded,
            keys,
            correct: false,
        }
    }

    /// The forms of a typed word, checked against the word lists.
    pub fn typed(word: &str) -> Self {
        Self {
            correct: crate::wordlist::is_known_word(word),
            ..Self::new(word)
        }
    }

    /// Also stands for these spellings with Polish letters of a word typed without them
    /// ("seniorow" → "seniorów"), whose stems the bare form does not share: rules and
    /// triggers then match however the word was typed.
    fn restoring(mut self, forms: &[String]) -> Self {
        for form in forms {
            let stem = stem_word(form);
            if !self.keys.contains(&stem) {
                self.keys.push(stem);
            }
        }
        self
    }

    /// Whether a typed word stands for this phrase word.
    pub fn matches(&self, typed: &WordForms) -> bool {
        self.keys.iter().any(|k| typed.keys.contains(k))
            || (!typed.correct && self.within_one_typo(&typed.fold))
    }

    fn within_one_typo(&self, typed: &str) -> bool {
        let letters = self.fold.chars().count();
        letters >= TYPO_MIN_LETTERS
            && typed.chars().count().abs_diff(letters) <= 1
            && edit_distance(&self.fold, typed) <= 1
    }
}

/// The words of a phrase from a list, lowercased, none dropped.
pub fn words(text: &str) -> Vec<WordForms> {
    analyzer::analyze(&mut exact_analyzer(), text)
        .into_iter()
        .map(|t| WordForms::new(&t.0))
        .collect()
}

/// The words of what someone typed, lowercased, none dropped, each checked against the word
/// lists.
pub fn typed_words(text: &str) -> Vec<WordForms> {
    typed_words_restoring(text, |_| &[])
}

/// [`typed_words`], where a word typed without Polish letters also stands for its spellings
/// with them that `restore` knows.
pub fn typed_words_restoring<'a>(
    text: &str,
    restore: impl Fn(&str) -> &'a [String],
) -> Vec<WordForms> {
    analyzer::analyze(&mut exact_analyzer(), text)
        .into_iter()
        .map(|t| {
            let word = WordForms::typed(&t.0);
            if word.fold == t.0 {
                let forms = restore(&t.0);
                word.restoring(forms)
            } else {
                word
            }
        })
        .collect()
}

/// A phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    /// What the phrase leads to.
    pub value: T,
    /// The phrase as written in its list.
    pub phrase: String,
    /// First matched word of the text.
    pub start: usize,
    /// Words matched.
    pub len: usize,
}

#[derive(Debug, Clone)]
struct Entry<T> {
    phrase: String,
    words: Vec<WordForms>,
    value: T,
}

/// A list of phrases, indexed by the keys of their first word and, for typos, by the
/// one-letter deletions of its folded form (so a lookup never scans the whole list).
#[derive(Debug, Clone)]
pub struct PhraseMatcher<T> {
    entries: Vec<Entry<T>>,
    by_key: HashMap<String, Vec<usize>>,
    slop: usize,
}

impl<T> Default for PhraseMatcher<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            by_key: HashMap::new(),
            slop: 0,
        }
    }
}

/// The folded word and its one-letter deletions.
fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = vec![word.to_owned()];
    for i in 0..chars.len() {
        let shorter: String = chars
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, c)| c)
            .collect();
        if !out.contains(&shorter) {
            out.push(shorter);
        }
    }
    out
}

impl<T: Clone> PhraseMatcher<T> {
    /// A matcher letting up to `slop` other words in between a phrase's words, in all
    /// ("nie chcę już żyć" for "nie chcę żyć").
    pub fn with_slop(slop: usize) -> Self {
        Self {
            slop,
            ..Self::default()
        }
    }

    /// Adds a phrase; returns false (adding nothing) when it has no words.
    pub fn add(&mut self, phrase: &str, value: T) -> bool {
        let words = words(phrase);
        let Some(first) = words.first() else {
            return false;
        };
        let index = self.entries.len();
        let mut lookups = first.keys.clone();
        if first.fold.chars().count() >= TYPO_MIN_LETTERS {
            lookups.extend(deletions(&first.fold).into_iter().map(|d| format!("~{d}")));
        }
        lookups.sort();
        lookups.dedup();
        for key in lookups {
            self.by_key.entry(key).or_default().push(index);
        }
        self.entries.push(Entry {
            phrase: phrase.trim().to_lowercase(),
            words,
            value,
        });
        true
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no phrases.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every phrase occurring in the words, by position, each phrase once.
    pub fn find(&self, text: &[WordForms]) -> Vec<Found<T>> {
        let mut found: Vec<Found<T>> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for start in 0..text.len() {
            let typed = &text[start];
            let mut candidates: Vec<usize> = typed
                .keys
                .iter()
                .chain(std::iter::once(&typed.fold))
                .filter_map(|k| self.by_key.get(k))
                .flatten()
                .copied()
                .collect();
            for d in deletions(&typed.fold) {
                if let Some(list) = self.by_key.get(&format!("~{d}")) {
                    candidates.extend(list);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for index in candidates {
                let entry = &self.entries[index];
                if seen.contains(&index) || !entry.words[0].matches(typed) {
                    continue;
                }
                if let Some(end) = self.rest_matches(&entry.words[1..], text, start + 1) {
                    seen.insert(index);
                    found.push(Found {
                        value: entry.value.clone(),
                        phrase: entry.phrase.clone(),
                        start,
                        len: end - start,
                    });
                }
            }
        }
        found
    }

    /// Where a phrase's remaining words end when they follow from `at` (with at most `slop`
    /// other words in between, in all).
    fn rest_matches(&self, rest: &[WordForms], text: &[WordForms], mut at: usize) -> Option<usize> {
        let mut skipped = 0;
        for want in rest {
            loop {
                let got = text.get(at)?;
                at += 1;
                if want.matches(got) {
                    break;
                }
                skipped += 1;
                if skipped > self.slop {
                    return None;
                }
            }
        }
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(phrases: &[&str]) -> PhraseMatcher<usize> {
        let mut m = PhraseMatcher::default();
        for (i, p) in phrases.iter().enumerate() {
            assert!(m.add(p, i));
        }
        m
    }

    fn hits(m: &PhraseMatcher<usize>, text: &str) -> Vec<usize> {
        m.find(&typed_words(text))
            .into_iter()
            .map(|f| f.value)
            .collect()
    }

    #[test]
    fn every_spelling_of_a_phrase_matches() {
        let m = matcher(&["brak pieniędzy", "pomoc dla ukraińców"]);
        for text in [
            "brak pieniędzy",
            "BRAK PIENIĘDZY na leki",
            "brak pieniedzy",
            "brak pienędzy",
        ] {
            assert_eq!(hits(&m, text), [0], "{text}");
        }
        assert_eq!(hits(&m, "pomoc dla ukraincow"), [1]);
        assert_eq!(hits(&m, "Pomoc dla Ukraińcom"), [1], "inflected");
    }

    #[test]
    fn words_typed_without_polish_letters_match_through_their_restored_spellings() {
        let m = matcher(&["zajęcia dla seniora"]);
        let typed = "zajecia dla seniorow";
        assert!(hits(&m, typed).is_empty(), "the bare form stems apart");
        let known = ["seniorów".to_owned()];
        let restore = |bare: &str| -> &[String] { if bare == "seniorow" { &known } else { &[] } };
        let found = m.find(&typed_words_restoring(typed, restore));
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn phrases_match_whole_and_in_order() {
        let m = matcher(&["nie mam za co żyć", "nie chcę żyć"]);
        assert_eq!(hits(&m, "już nie mam za co żyć"), [0]);
        assert_eq!(hits(&m, "nie chce zyc"), [1]);
        assert!(hits(&m, "żyć").is_empty(), "a phrase is not its last word");
        assert!(hits(&m, "żyć nie chcę").is_empty());
    }

    #[test]
    fn short_words_need_their_exact_letters() {
        let m = matcher(&["bije", "przemoc"]);
        assert!(hits(&m, "pije").is_empty(), "four letters: no typo");
        assert_eq!(hits(&m, "przmoc"), [1], "seven letters: one typo");
        assert!(hits(&m, "pzmoc").is_empty(), "two typos are too many");
    }

    #[test]
    fn correct_words_are_not_typos_of_others() {
        let m = matcher(&["flood", "przemoc"]);
        assert!(hits(&m, "food").is_empty(), "food is an English word");
        assert_eq!(hits(&m, "flod"), [0]);
    }

    #[test]
    fn a_slop_lets_words_in_between() {
        let mut m = PhraseMatcher::with_slop(2);
        m.add("nie chcę żyć", 0);
        let found = m.find(&typed_words("ja nie chcę już dalej żyć"));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].len), (1, 5));
        assert!(
            m.find(&typed_words("nie chcę iść tam i żyć")).is_empty(),
            "three between"
        );
    }

    #[test]
    fn cyrillic_words_match_across_endings() {
        let m = matcher(&["курси польської"]);
        assert_eq!(hits(&m, "курсів польської мови"), [0]);
        assert!(hits(&m, "польської курси").is_empty());
    }
}
