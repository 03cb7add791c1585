//! Everyday language → official vocabulary: rules `left, left … => right, right …` (one per
//! line, `#` comments), applied at query time. Left phrases are matched on stemmed, folded
//! words, so inflected forms match too; Cyrillic words, which the Polish stemmer cannot
//! handle, match on their first letters.

use crate::analyzer::{self, stem_analyzer};
use std::collections::HashMap;

/// A line that is not a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct DictionaryError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Letters of a Cyrillic word that identify it across inflected forms.
const CYRILLIC_KEY_CHARS: usize = 4;

/// One match of a rule in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The left phrase as written in the dictionary.
    pub matched: String,
    /// Official phrases to look for as well.
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone)]
struct Rule {
    left: Vec<(String, Vec<String>)>,
    right: Vec<String>,
}

/// A set of rules.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    rules: Vec<Rule>,
    by_first_key: HashMap<String, Vec<(usize, usize)>>,
}

/// The key a word is matched by: its folded stem, or the first letters of a Cyrillic word.
pub fn match_key(stemmed: &str) -> String {
    if stemmed
        .chars()
        .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
    {
        stemmed.chars().take(CYRILLIC_KEY_CHARS).collect()
    } else {
        stemmed.to_owned()
    }
}

/// The match keys of a text (stop words dropped).
pub fn keys(text: &str) -> Vec<String> {
    analyzer::analyze(&mut stem_analyzer(), text)
        .into_iter()
        .map(|t| match_key(&t.0))
        .collect()
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
                    .filter(|p| !p.is_empty())
                    .collect()
            };
            let left: Vec<(String, Vec<String>)> = split(left)
                .into_iter()
                .map(|p| {
                    let k = keys(&p);
                    (p, k)
                })
                .filter(|(_, k)| !k.is_empty())
                .collect();
            let right = split(right);
            if left.is_empty() || right.is_empty() || right.iter().any(|p| p.contains("=>")) {
                return Err(error(
                    "both sides need at least one word that is not a stop word",
                ));
            }
            let index = self.rules.len();
            for (j, (_, k)) in left.iter().enumerate() {
                self.by_first_key
                    .entry(k[0].clone())
                    .or_default()
                    .push((index, j));
            }
            self.rules.push(Rule { left, right });
        }
        Ok(())
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Rules whose left phrase occurs (as consecutive words) in the query's keys.
    pub fn expand(&self, query_keys: &[String]) -> Vec<Expansion> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for start in 0..query_keys.len() {
            let Some(candidates) = self.by_first_key.get(&query_keys[start]) else {
                continue;
            };
            for &(rule, phrase) in candidates {
                let wanted = &self.rules[rule].left[phrase].1;
                if query_keys[start..].starts_with(wanted) && !found.iter().any(|(r, _)| *r == rule)
                {
                    found.push((rule, phrase));
                }
            }
        }
        found
            .into_iter()
            .map(|(rule, phrase)| Expansion {
                matched: self.rules[rule].left[phrase].0.clone(),
                phrases: self.rules[rule].right.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let hit = d.expand(&keys("mam brak noclegu na dziś"));
        assert_eq!(hit.len(), 1);
        assert_eq!(hit[0].phrases, ["noclegownia"]);
        assert!(d.expand(&keys("noclegu brak")).is_empty());
        assert_eq!(
            d.expand(&keys("obiady dla babci")).len(),
            usize::from(analyzer::stem_word("babci") == analyzer::stem_word("babcia"))
        );
    }

    #[test]
    fn cyrillic_words_match_across_endings() {
        let d = Dictionary::parse("курси польської => kurs języka polskiego").expect("valid");
        assert_eq!(d.expand(&keys("курсів польської мови")).len(), 1);
        assert!(d.expand(&keys("польської курси")).is_empty());
    }
}
