//! The needs layer: what a resident came with, read from their words before any ranking.
//! Each need lists trigger phrases (pl/uk/ru/en), the categories that answer it directly,
//! those that only adjoin it, and, for safety needs, the helplines always shown with it.
//! The table is data (`seed-data/needs.json`), edited by coordinators without reindexing.

use crate::phrases::{PhraseMatcher, WordForms};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Texts per language code (`pl`, `uk`, `ru`, `en`).
pub type Texts = BTreeMap<String, String>;

/// A national helpline shown above results for safety needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helpline {
    /// Stable id used by needs' `pinned`.
    pub id: String,
    /// Number to dial, digits only.
    pub number: String,
    /// Name per language.
    pub name: Texts,
    /// When and for whom, per language.
    pub when: Texts,
    /// Where the number was checked (the operator's official page).
    pub source: String,
}

/// One need, as the table writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    /// Stable code (`violence`, `care` …).
    pub code: String,
    /// Name per language.
    pub label: Texts,
    /// Violence, suicidal thoughts, acute crisis: what helps now comes first, helplines pinned.
    #[serde(default)]
    pub safety: bool,
    /// Trigger phrases per language.
    pub triggers: BTreeMap<String, Vec<String>>,
    /// Categories whose offers answer the need directly.
    pub direct: Vec<String>,
    /// Target groups marking an offer as meant for the person with this need.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Categories whose offers help next to the direct ones.
    #[serde(default)]
    pub adjoining: Vec<String>,
    /// Words in an offer's name marking it as not for this person (a perpetrators' programme
    /// for a victim).
    #[serde(default)]
    pub not_for: Vec<String>,
    /// Categories never ranked up for this need (volunteer training for a person in crisis).
    #[serde(default)]
    pub not_for_categories: Vec<String>,
    /// Helpline ids shown with this need.
    #[serde(default)]
    pub pinned: Vec<String>,
}

/// The table as stored and edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsFile {
    /// Format version (1).
    pub version: u32,
    /// Who reviewed the table, or what review it awaits.
    #[serde(default)]
    pub review: String,
    /// National helplines.
    pub helplines: Vec<Helpline>,
    /// The needs, in the order they are shown.
    pub needs: Vec<Need>,
}

/// A table that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct NeedsError {
    /// JSON pointer to the faulty part.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

/// A need recognized in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedMatch {
    /// Position in the table.
    pub index: usize,
    /// The trigger phrase that fired.
    pub trigger: String,
    /// First word of the query it covers.
    pub start: usize,
    /// Words of the query it covers.
    pub len: usize,
}

/// Share of a query's words that the recognized needs' triggers cover: a sentence that is
/// mostly a need ("nie mam za co żyć") is answered by that need's offers first. Queries of
/// fewer than [`SENTENCE_WORDS`] words cover nothing: their words say more than a category.
fn coverage(spans: &[(usize, usize)], words: usize) -> f32 {
    if words < SENTENCE_WORDS {
        return 0.0;
    }
    let covered = (0..words)
        .filter(|w| {
            spans
                .iter()
                .any(|(start, len)| (*start..start + len).contains(w))
        })
        .count();
    #[allow(clippy::cast_precision_loss)]
    let share = covered as f32 / words as f32;
    share
}

/// The needs a query speaks of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognized {
    /// Each need once, safety needs first, then by where they were said.
    pub needs: Vec<NeedMatch>,
    /// Share of the query's words all their triggers cover (see [`coverage`]).
    pub coverage: f32,
}

/// The table, ready to classify queries.
#[derive(Debug, Clone, Default)]
pub struct NeedTable {
    file: Option<NeedsFile>,
    triggers: PhraseMatcher<usize>,
}

/// Words from which a query is a sentence (see [`coverage`]).
pub const SENTENCE_WORDS: usize = 4;

/// Other words allowed in between a trigger's words ("nie chcę już żyć").
pub const TRIGGER_SLOP: usize = 2;

/// Languages a table may use.
pub const LANGUAGES: [&str; 4] = ["pl", "uk", "ru", "en"];

impl NeedTable {
    /// Parses and checks a table; `categories` and `groups` are the known codes.
    pub fn parse(json: &str, categories: &[&str], groups: &[&str]) -> Result<Self, NeedsError> {
        let file: NeedsFile = serde_json::from_str(json).map_err(|e| NeedsError {
            pointer: String::new(),
            message: e.to_string(),
        })?;
        Self::new(file, categories, groups)
    }

    /// Checks a table and indexes its triggers.
    pub fn new(file: NeedsFile, categories: &[&str], groups: &[&str]) -> Result<Self, NeedsError> {
        let error = |pointer: String, message: &str| NeedsError {
            pointer,
            message: message.to_owned(),
        };
        let mut triggers = PhraseMatcher::with_slop(TRIGGER_SLOP);
        for (h, line) in file.helplines.iter().enumerate() {
            if line.number.is_empty() || !line.number.chars().all(|c| c.is_ascii_digit()) {
                return Err(error(format!("/helplines/{h}/number"), "digits only"));
            }
            if !line.name.contains_key("pl") {
                return Err(error(
                    format!("/helplines/{h}/name"),
                    "a Polish name is required",
                ));
            }
        }
        let mut codes = std::collections::HashSet::new();
        for (n, need) in file.needs.iter().enumerate() {
            let at = |part: &str| format!("/needs/{n}/{part}");
            if need.code.is_empty() || !codes.insert(need.code.as_str()) {
                return Err(error(at("code"), "codes must be present and unique"));
            }
            if !need.label.contains_key("pl") {
                return Err(error(at("label"), "a Polish label is required"));
            }
            if need.direct.is_empty() {
                return Err(error(at("direct"), "at least one category answers a need"));
            }
            for (part, list, known) in [
                ("direct", &need.direct, categories),
                ("adjoining", &need.adjoining, categories),
                ("not_for_categories", &need.not_for_categories, categories),
                ("groups", &need.groups, groups),
            ] {
                if let Some(code) = list.iter().find(|c| !known.contains(&c.as_str())) {
                    return Err(error(at(part), &format!("unknown code `{code}`")));
                }
            }
            if let Some(id) = need
                .pinned
                .iter()
                .find(|id| !file.helplines.iter().any(|h| &h.id == *id))
            {
                return Err(error(at("pinned"), &format!("unknown helpline `{id}`")));
            }
            if let Some(language) = need
                .triggers
                .keys()
                .find(|l| !LANGUAGES.contains(&l.as_str()))
            {
                return Err(error(
                    at("triggers"),
                    &format!("unknown language `{language}`"),
                ));
            }
            let mut any = false;
            for phrase in need.triggers.values().flatten() {
                any |= triggers.add(phrase, n);
            }
            if !any {
                return Err(error(at("triggers"), "at least one trigger phrase"));
            }
        }
        Ok(Self {
            file: Some(file),
            triggers,
        })
    }

    /// The table as written.
    pub fn file(&self) -> Option<&NeedsFile> {
        self.file.as_ref()
    }

    /// A need by its position.
    pub fn need(&self, index: usize) -> Option<&Need> {
        self.file.as_ref().and_then(|f| f.needs.get(index))
    }

    /// A helpline by its id.
    pub fn helpline(&self, id: &str) -> Option<&Helpline> {
        self.file
            .as_ref()
            .and_then(|f| f.helplines.iter().find(|h| h.id == id))
    }

    /// The needs a query speaks of, safety needs first, then by where they were said. A
    /// trigger inside a longer trigger of another need gives way ("opieka nad dzieckiem" is
    /// about children, not about care for the ill).
    pub fn classify(&self, words: &[WordForms]) -> Recognized {
        let found = self.triggers.find(words);
        let covered = |f: &crate::phrases::Found<usize>| {
            found.iter().any(|g| {
                g.value != f.value
                    && g.len > f.len
                    && g.start <= f.start
                    && f.start + f.len <= g.start + g.len
            })
        };
        let kept: Vec<&crate::phrases::Found<usize>> =
            found.iter().filter(|f| !covered(f)).collect();
        let mut matches: Vec<(bool, usize, NeedMatch)> = Vec::new();
        for f in &kept {
            if matches.iter().any(|(_, _, m)| m.index == f.value) {
                continue;
            }
            let safety = self.need(f.value).is_some_and(|n| n.safety);
            matches.push((
                !safety,
                f.start,
                NeedMatch {
                    index: f.value,
                    trigger: f.phrase.clone(),
                    start: f.start,
                    len: f.len,
                },
            ));
        }
        matches.sort_by_key(|(not_safety, start, _)| (*not_safety, *start));
        let spans: Vec<(usize, usize)> = kept.iter().map(|f| (f.start, f.len)).collect();
        Recognized {
            needs: matches.into_iter().map(|(_, _, m)| m).collect(),
            coverage: coverage(&spans, words.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::typed_words as words;

    const CATEGORIES: [&str; 6] = [
        "domestic_violence",
        "crisis_intervention",
        "home_care",
        "childcare",
        "financial_aid",
        "volunteering",
    ];

    fn table() -> NeedTable {
        let json = r#"{"version": 1, "helplines": [
            {"id": "blue", "number": "800120002", "name": {"pl": "Niebieska Linia"}, "when": {}, "source": "https://www.niebieskalinia.info"}],
          "needs": [
            {"code": "care", "label": {"pl": "Opieka"}, "triggers": {"pl": ["opieka", "po udarze"], "en": ["stroke"]}, "direct": ["home_care"]},
            {"code": "children", "label": {"pl": "Dzieci"}, "triggers": {"pl": ["opieka nad dzieckiem"]}, "direct": ["childcare"]},
            {"code": "money", "label": {"pl": "Pieniądze"}, "triggers": {"pl": ["nie mam za co żyć"]}, "direct": ["financial_aid"]},
            {"code": "violence", "label": {"pl": "Przemoc"}, "safety": true, "triggers": {"pl": ["przemoc", "bije"], "uk": ["насильство"]},
             "direct": ["domestic_violence"], "not_for": ["sprawców"], "pinned": ["blue"]}]}"#;
        NeedTable::parse(json, &CATEGORIES, &["violence"]).expect("valid table")
    }

    fn codes(t: &NeedTable, text: &str) -> Vec<String> {
        t.classify(&words(text))
            .needs
            .into_iter()
            .filter_map(|m| t.need(m.index).map(|n| n.code.clone()))
            .collect()
    }

    #[test]
    fn queries_are_classified_into_needs() {
        let t = table();
        assert_eq!(codes(&t, "tata po udarze leży w łóżku"), ["care"]);
        assert_eq!(codes(&t, "stroke care at home"), ["care"]);
        assert_eq!(codes(&t, "nie mam za co zyc"), ["money"]);
        assert_eq!(codes(&t, "przmoc w domu"), ["violence"]);
        assert_eq!(codes(&t, "домашнє насильство"), ["violence"]);
        assert!(codes(&t, "kurs tańca").is_empty());
    }

    #[test]
    fn safety_comes_first_and_longer_triggers_win() {
        let t = table();
        assert_eq!(
            codes(&t, "opieka po tym jak mąż mnie bije"),
            ["violence", "care"]
        );
        assert_eq!(codes(&t, "opieka nad dzieckiem"), ["children"]);
    }

    #[test]
    fn coverage_counts_the_words_triggers_cover() {
        let t = table();
        let share = |text: &str| t.classify(&words(text)).coverage;
        assert!((share("już nie mam za co żyć") - 5.0 / 6.0).abs() < 1e-6);
        assert!(
            (share("opieka po udarze dla taty") - 3.0 / 5.0).abs() < 1e-6,
            "two triggers of one need"
        );
        assert!(share("przemoc").abs() < 1e-6, "one word is not a sentence");
        assert!(share("").abs() < 1e-6);
    }

    #[test]
    fn broken_tables_are_refused_with_a_pointer() {
        let bad = |json: &str| NeedTable::parse(json, &CATEGORIES, &[]).expect_err("invalid");
        let e = bad(
            r#"{"version":1,"helplines":[],"needs":[{"code":"x","label":{"pl":"X"},"triggers":{"pl":["a"]},"direct":["nope"]}]}"#,
        );
        assert_eq!(e.pointer, "/needs/0/direct");
        let e = bad(
            r#"{"version":1,"helplines":[],"needs":[{"code":"x","label":{"pl":"X"},"triggers":{"pl":["a"]},"direct":["home_care"],"pinned":["112"]}]}"#,
        );
        assert_eq!(e.pointer, "/needs/0/pinned");
        let e = bad(
            r#"{"version":1,"helplines":[],"needs":[{"code":"x","label":{"pl":"X"},"triggers":{"pl":[]},"direct":["home_care"]}]}"#,
        );
        assert_eq!(e.pointer, "/needs/0/triggers");
        assert!(bad("{").pointer.is_empty());
    }
}
