//! Real word lists (Hunspell dictionaries of Polish and English, see
//! `seed-data/DICTIONARIES.md`): a word they know is a correct word form and is never
//! "corrected" into another word, however few offers use it.

use std::sync::OnceLock;

const PL_AFF: &str = include_str!("../../seed-data/dictionaries/pl.aff");
const PL_DIC: &str = include_str!("../../seed-data/dictionaries/pl.dic");
const EN_AFF: &str = include_str!("../../seed-data/dictionaries/en.aff");
const EN_DIC: &str = include_str!("../../seed-data/dictionaries/en.dic");

struct Lists {
    pl: Option<spellbook::Dictionary>,
    en: Option<spellbook::Dictionary>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let load = |name: &str, aff: &str, dic: &str| match spellbook::Dictionary::new(aff, dic) {
            Ok(list) => Some(list),
            Err(e) => {
                tracing::error!(list = name, error = %e, "word list unreadable; corrections are less careful");
                None
            }
        };
        Lists {
            pl: load("pl", PL_AFF, PL_DIC),
            en: load("en", EN_AFF, EN_DIC),
        }
    })
}

/// Loads the word lists now (they take a moment), instead of on the first query.
pub fn preload() {
    lists();
}

/// Whether `word` (lowercase) is a correct Polish or English word form, or a Cyrillic word:
/// Ukrainian and Russian words are looked up through the glossary, never corrected.
pub fn is_known_word(word: &str) -> bool {
    if word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        return true;
    }
    let lists = lists();
    [&lists.pl, &lists.en]
        .into_iter()
        .flatten()
        .any(|list| list.check(word))
}

#[cfg(test)]
mod tests {
    use super::is_known_word;

    #[test]
    fn correct_word_forms_are_known() {
        for word in [
            "bije",
            "pije",
            "mamę",
            "spać",
            "stać",
            "udarze",
            "stroke",
            "care",
            "інсульт",
        ] {
            assert!(is_known_word(word), "{word}");
        }
    }

    #[test]
    fn misspellings_and_words_without_their_letters_are_not() {
        for word in ["przmoc", "psycholok", "mame", "spac", "pieniedzy", "zlobek"] {
            assert!(!is_known_word(word), "{word}");
        }
    }
}
