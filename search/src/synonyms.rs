//! Everyday language → official vocabulary: rules `left, left … => right, right …` (one per
//! line, `#` comments), applied at query time. Left phrases are found by [`PhraseMatcher`]:
//! inflected, with or without Polish letters, with one typo in longer words.

use crate::analyzer::{self, stem_analyzer};
use crate::phrases::{PhraseMatcher, WordForms};

/// A line that is not a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct DictionaryError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One match of a rule in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The left phrase as written in the dictionary.
    pub matched: String,
    /// Official phrases to look for as well.
    pub phrases: Vec<String>,
}

/// A set of rules.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    rights: Vec<Vec<String>>,
    lefts: PhraseMatcher<usize>,
}

impl Dictionary {
    /// Parses rules; every non-empty, non-comment line must be `left => right`.
    pub fn parse(text: &str) -> Result<Self, DictionaryError> {
        let mut dictionary = Dictionary::default();
        dictionary.add(text)?;
        Ok(dictionary)
    }

    /// Adds the rules of another text.
    pub fn add(&mut self, text: &str) -> Result<(), DictionaryError> {
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let error = |message: &str| DictionaryError {
                line: i + 1,
                message: message.to_owned(),
            };
            let Some((left, right)) = line.split_once("=>") else {
                return Err(error("expected `left => right`"));
            };
            let split = |side: &str| -> Vec<String> {
                side.split(',')
                    .map(|p| p.trim().to_lowercase())
                    .filter(|p| has_content(p))
                    .collect()
            };
            let (left, right) = (split(left), split(right));
            if left.is_empty() || right.is_empty() || right.iter().any(|p| p.contains("=>")) {
                return Err(error(
                    "both sides need at least one word that is not a stop word",
                ));
            }
            let rule = self.rights.len();
            for phrase in &left {
                self.lefts.add(phrase, rule);
            }
            self.rights.push(right);
        }
        Ok(())
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rights.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rights.is_empty()
    }

    /// Rules whose left phrase occurs in the query's words, each rule once.
    pub fn expand(&self, query: &[WordForms]) -> Vec<Expansion> {
        let mut used = Vec::new();
        self.lefts
            .find(query)
            .into_iter()
            .filter(|f| {
                let fresh = !used.contains(&f.value);
                used.push(f.value);
                fresh
            })
            .map(|f| Expansion {
                matched: f.phrase,
                phrases: self.rights[f.value].clone(),
            })
            .collect()
    }
}

/// Whether a phrase has a word that is not a stop word.
fn has_content(phrase: &str) -> bool {
    !analyzer::analyze(&mut stem_analyzer(), phrase).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::words;

    #[test]
    fn parses_rules_and_reports_bad_lines() {
        let d = Dictionary::parse(
            "# comment\n\nobiady, ciepły posiłek => posiłki, dowóz posiłków # tail\n",
        )
        .expect("valid");
        assert_eq!(d.len(), 1);
        let e = Dictionary::parse("kot => pies\nno arrow here\n").expect_err("invalid");
        assert_eq!(e.line, 2);
        assert!(Dictionary::parse("obiady =>\n").is_err());
        assert!(
            Dictionary::parse("i, w => pomoc\n").is_err(),
            "a side of stop words only is refused"
        );
    }

    #[test]
    fn matches_phrases_on_consecutive_words_only() {
        let d = Dictionary::parse("brak noclegu => noclegownia\nbabcia => senior").expect("valid");
        let hit = d.expand(&words("mam brak noclegu na dziś"));
        assert_eq!(hit.len(), 1);
        assert_eq!(hit[0].phrases, ["noclegownia"]);
        assert!(d.expand(&words("noclegu brak")).is_empty());
        assert_eq!(d.expand(&words("obiady dla babci")).len(), 1);
    }

    #[test]
    fn cyrillic_words_match_across_endings() {
        let d = Dictionary::parse("курси польської => kurs języka polskiego").expect("valid");
        assert_eq!(d.expand(&words("курсів польської мови")).len(), 1);
        assert!(d.expand(&words("польської курси")).is_empty());
    }
}
